-- Audit cursors become account-local (issue 9): every event gets its number within its account,
-- and the account keeps the count. Generated with `prisma migrate diff` from the models before
-- and after, then the backfill added: accountSeq is added nullable, filled, then made NOT NULL.
-- Existing events are numbered per account in their global order (ROW_NUMBER rather than a
-- correlated COUNT(*), which would read O(n^2) rows for an account with many events), each
-- account's auditSeq is its number of events, and auditLegacySeq the global seq of its last one,
-- the bound for the old seq:N cursors pollers may still hold.
-- The driver adapter splits this script at every semicolon and runs the statements one by one,
-- not in one transaction (so: no semicolon in a comment here). Run it with the old instances
-- stopped: an event they wrote between the statements would have no number (and after this
-- migration they cannot write events at all, their INSERT lacks accountSeq).

-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "auditLegacySeq" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "auditSeq" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "accountSeq" INTEGER;

-- Backfill
UPDATE "AuditEvent"
   SET "accountSeq" = "numbered"."accountSeq"
  FROM (SELECT "seq", ROW_NUMBER() OVER (PARTITION BY "accountId" ORDER BY "seq") AS "accountSeq" FROM "AuditEvent") AS "numbered"
 WHERE "numbered"."seq" = "AuditEvent"."seq";

UPDATE "Account"
   SET "auditSeq" = "counted"."events", "auditLegacySeq" = "counted"."lastSeq"
  FROM (SELECT "accountId", COUNT(*) AS "events", MAX("seq") AS "lastSeq" FROM "AuditEvent" GROUP BY "accountId") AS "counted"
 WHERE "counted"."accountId" = "Account"."id";

ALTER TABLE "AuditEvent" ALTER COLUMN "accountSeq" SET NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_accountId_accountSeq_key" ON "AuditEvent"("accountId", "accountSeq");
