-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN "exposedAt" DATETIME;
ALTER TABLE "ApiKey" ADD COLUMN "exposureSource" TEXT;
ALTER TABLE "ApiKey" ADD COLUMN "exposureUrl" TEXT;

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
    "leakPolicy" TEXT NOT NULL DEFAULT 'revoke'
);
INSERT INTO "new_Account" ("auditLegacySeq", "auditSeq", "createdAt", "id", "tier", "updatedAt") SELECT "auditLegacySeq", "auditSeq", "createdAt", "id", "tier", "updatedAt" FROM "Account";
DROP TABLE "Account";
ALTER TABLE "new_Account" RENAME TO "Account";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

