import { db, Prisma } from "@/lib/db";
import { ApiError } from "@/lib/http/errors";
import { hashPassword } from "./password";
import type { SignupInput } from "./schemas";

/** Creates an account on the free tier and its first user. One account per email, even under races. */
export async function signUp(input: SignupInput) {
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
