// Password rules without bcrypt, so client components can import them.
export const PASSWORD_MIN_LENGTH = 12;
/** bcrypt reads only the first 72 bytes; longer passwords are refused rather than truncated. */
export const PASSWORD_MAX_BYTES = 72;
