-- Audit cursors become account-local (issue 9): every event gets its number within its account,
-- and the account keeps the count. Generated with `prisma migrate diff` from the models before
-- and after, then the backfill added to the two INSERT ... SELECT statements of the redefinition:
-- existing events are numbered per account in their global order (ROW_NUMBER rather than a
-- correlated COUNT(*), which would read O(n^2) rows for an account with many events), each
-- account's auditSeq is its number of events, and auditLegacySeq the global seq of its last one,
-- the bound for the old seq:N cursors pollers may still hold.

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Account" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tier" TEXT NOT NULL DEFAULT 'free',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "auditSeq" INTEGER NOT NULL DEFAULT 0,
    "auditLegacySeq" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "new_Account" ("createdAt", "id", "tier", "updatedAt", "auditSeq", "auditLegacySeq")
SELECT "createdAt", "id", "tier", "updatedAt",
       (SELECT COUNT(*) FROM "AuditEvent" WHERE "AuditEvent"."accountId" = "Account"."id"),
       COALESCE((SELECT MAX("seq") FROM "AuditEvent" WHERE "AuditEvent"."accountId" = "Account"."id"), 0)
FROM "Account";
DROP TABLE "Account";
ALTER TABLE "new_Account" RENAME TO "Account";
CREATE TABLE "new_AuditEvent" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "accountSeq" INTEGER NOT NULL,
    "actorUserId" TEXT,
    "actorEmail" TEXT,
    "action" TEXT NOT NULL,
    "keyId" TEXT,
    "keyName" TEXT,
    "ip" TEXT,
    "userAgent" TEXT,
    "metadata" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AuditEvent_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_AuditEvent" ("accountId", "accountSeq", "action", "actorEmail", "actorUserId", "createdAt", "id", "ip", "keyId", "keyName", "metadata", "seq", "userAgent")
SELECT "accountId", ROW_NUMBER() OVER (PARTITION BY "accountId" ORDER BY "seq"), "action", "actorEmail", "actorUserId", "createdAt", "id", "ip", "keyId", "keyName", "metadata", "seq", "userAgent"
FROM "AuditEvent";
DROP TABLE "AuditEvent";
ALTER TABLE "new_AuditEvent" RENAME TO "AuditEvent";
CREATE UNIQUE INDEX "AuditEvent_id_key" ON "AuditEvent"("id");
CREATE INDEX "AuditEvent_accountId_seq_idx" ON "AuditEvent"("accountId", "seq");
CREATE UNIQUE INDEX "AuditEvent_accountId_accountSeq_key" ON "AuditEvent"("accountId", "accountSeq");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
