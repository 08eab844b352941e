// npm run account:tier -- <email> <free|pro>: an operator sets the subscription tier of a
// user's account, against whatever database DATABASE_URL names. Running servers see it within a
// second through the database; with REDIS_URL set as the servers have it, at once.
import { setAccountTier } from "@/lib/accounts/set-tier";
import { tierSchema } from "@/lib/accounts/tiers";
import { prepareRuntimeEnv } from "@/lib/config/runtime.mjs";
import { db } from "@/lib/db";
import { redis } from "@/lib/redis/client";

const [email, tierArg] = process.argv.slice(2);
const tier = tierSchema.safeParse(tierArg);
if (!email || !tier.success) {
  console.error("Usage: npm run account:tier -- <email> <free|pro>");
  process.exit(2);
}
// No implicit migrations against an operator's database: `npm run db:migrate` does that.
prepareRuntimeEnv();
try {
  if (await setAccountTier(email, tier.data)) {
    console.log(`The account of ${email.trim().toLowerCase()} is now on the ${tier.data} tier.`);
  } else {
    console.error(`No user with the email ${email}.`);
    process.exitCode = 1;
  }
} finally {
  await db().$disconnect();
  // The connection the announcement went out on (when REDIS_URL is set) would keep the process alive.
  redis()?.disconnect();
}
