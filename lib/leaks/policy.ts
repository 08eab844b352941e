// The account's leak policy: what a key found in public does (lib/leaks/exposure.ts). Changing it
// is audited as account.leak_policy_changed, in the same transaction.
import { recordAuditEvent, type AuditActor } from "@/lib/audit/record";
import { db } from "@/lib/db";
import { asLeakPolicy, type LeakPolicy } from "./schemas";

export async function getLeakPolicy(accountId: string): Promise<LeakPolicy> {
  const account = await db().account.findUniqueOrThrow({ where: { id: accountId }, select: { leakPolicy: true } });
  return asLeakPolicy(account.leakPolicy);
}

/** Sets the policy; setting the one in force records nothing. */
export async function setLeakPolicy(actor: AuditActor, policy: LeakPolicy): Promise<LeakPolicy> {
  return db().$transaction(async (tx) => {
    const before = asLeakPolicy(
      (await tx.account.update({ where: { id: actor.accountId }, data: { updatedAt: new Date() }, select: { leakPolicy: true } })).leakPolicy,
    );
    if (before === policy) return policy;
    await tx.account.update({ where: { id: actor.accountId }, data: { leakPolicy: policy } });
    await recordAuditEvent(tx, actor, { action: "account.leak_policy_changed", metadata: { before: { policy: before }, after: { policy } } });
    return policy;
  });
}
