
-- AlterTable
ALTER TABLE "Session" ADD COLUMN "accountId" TEXT;

-- CreateTable
CREATE TABLE "Membership" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Membership_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Invitation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "invitedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "acceptedAt" DATETIME,
    "acceptedById" TEXT,
    "revokedAt" DATETIME,
    CONSTRAINT "Invitation_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Account" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tier" TEXT NOT NULL DEFAULT 'free',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "auditSeq" INTEGER NOT NULL DEFAULT 0,
    "auditLegacySeq" INTEGER NOT NULL DEFAULT 0,
    "leakPolicy" TEXT NOT NULL DEFAULT 'revoke',
    "name" TEXT NOT NULL DEFAULT '',
    "requireTwoFactor" BOOLEAN NOT NULL DEFAULT false,
    "maxKeyLifetimeDays" INTEGER
);
INSERT INTO "new_Account" ("auditLegacySeq", "auditSeq", "createdAt", "id", "leakPolicy", "tier", "updatedAt") SELECT "auditLegacySeq", "auditSeq", "createdAt", "id", "leakPolicy", "tier", "updatedAt" FROM "Account";
DROP TABLE "Account";
ALTER TABLE "new_Account" RENAME TO "Account";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Membership_userId_idx" ON "Membership"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Membership_accountId_userId_key" ON "Membership"("accountId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_tokenHash_key" ON "Invitation"("tokenHash");

-- CreateIndex
CREATE INDEX "Invitation_accountId_createdAt_idx" ON "Invitation"("accountId", "createdAt");


-- Every existing user owns the account they signed up with (until now, an account had one user).
INSERT INTO "Membership" ("id", "accountId", "userId", "role", "createdAt")
SELECT 'm-' || "id", "accountId", "id", 'owner', "createdAt" FROM "User";

-- Personal accounts are named after their user, as sign-up now does.
UPDATE "Account" SET "name" = COALESCE((SELECT "email" FROM "User" WHERE "User"."accountId" = "Account"."id" ORDER BY "createdAt" LIMIT 1), '') WHERE "name" = '';
