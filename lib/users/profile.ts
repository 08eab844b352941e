// The signed-in person: their profile and password. Every query is by the caller's own user id.
import { asTier } from "@/lib/accounts/tiers";
import { db } from "@/lib/db";
import { ApiError } from "@/lib/http/errors";
import { profileSchema, type ProfileView, type UpdateProfileInput } from "./schemas";

async function findUser(userId: string) {
  const user = await db().user.findUnique({ where: { id: userId }, include: { account: true } });
  if (!user) throw new ApiError("unauthorized", "Sign in to continue.");
  return user;
}

function toProfileView(user: Awaited<ReturnType<typeof findUser>>): ProfileView {
  return profileSchema.parse({
    id: user.id,
    email: user.email,
    name: user.name,
    created_at: user.createdAt.toISOString(),
    account: { id: user.accountId, tier: asTier(user.account.tier) },
  });
}

export async function getProfile(userId: string): Promise<ProfileView> {
  return toProfileView(await findUser(userId));
}

export async function updateProfile(userId: string, input: UpdateProfileInput): Promise<ProfileView> {
  await db().user.update({ where: { id: userId }, data: { name: input.name } });
  return toProfileView(await findUser(userId));
}
