import { db, Prisma } from "@/lib/db";
import { ApiError } from "@/lib/http/errors";
import { hashPassword } from "@/lib/passwords/hashing";
import { takeSignUpAttempt } from "@/lib/ratelimit/sign-up-throttle";
import type { SignupInput } from "./schemas";

/**
 * Creates an account on the free tier and its first user, its owner. One account per email, even under races.
 * Counted against the sign-up limits first: every attempt costs a bcrypt hash, taken or not.
 */
export async function signUp(input: SignupInput, address: string | null) {
  await takeSignUpAttempt(address);
  const passwordHash = await hashPassword(input.password);
  try {
    // One transaction: a user never exists without owning their account.
    const user = await db().$transaction(async (tx) => {
      const created = await tx.user.create({
        data: {
          email: input.email,
          name: input.name ?? null,
          passwordHash,
          // A personal account, named after its user.
          account: { create: { name: input.email } },
        },
        include: { account: true },
      });
      await tx.membership.create({ data: { accountId: created.accountId, userId: created.id, role: "owner" } });
      return created;
    });
    return user;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new ApiError("conflict", "An account with this email already exists. Sign in instead.");
    }
    throw error;
  }
}
