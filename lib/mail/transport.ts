// placeholder; the mail helper's version replaces it
export function mailConfigured(): boolean {
  return Boolean(process.env.SMTP_URL?.trim());
}
export async function sendMail(_message: { to: string; subject: string; text: string }): Promise<void> {}
