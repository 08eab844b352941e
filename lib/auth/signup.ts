import { db, Prisma } from "@/lib/db";
import { ApiError } from "@/lib/http/errors";
import { hashPassword } from "@/lib/passwords/hashing";
import { takeSignUpAttempt } from "@/lib/ratelimit/sign-up-throttle";
import type { SignupInput } from "./schemas";

/**
 * Creates an account on the free tier and its first user. One account per email, even under races.
 * Counted against the sign-up limits first: every attempt costs a bcrypt hash, taken or not.
 */
export async function signUp(input: SignupInput, address: string | null) {
  await takeSignUpAttempt(address);
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await db().user.create({
      data: {
        email: input.email,
        name: input.name ?? null,
        passwordHash,
        account: { create: {} },
      },
      include: { account: true },
    });
    return user;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new ApiError("conflict", "An account with this email already exists. Sign in instead.");
    }
    throw error;
  }
}
