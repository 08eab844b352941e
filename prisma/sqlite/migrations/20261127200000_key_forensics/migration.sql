-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN "allowedIps" TEXT;

-- CreateTable
CREATE TABLE "ApiKeySourceDay" (
    "keyId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "firstSeenMs" BIGINT NOT NULL,
    "lastSeenMs" BIGINT NOT NULL,
    "requests" BIGINT NOT NULL DEFAULT 0,

    PRIMARY KEY ("keyId", "day", "address"),
    CONSTRAINT "ApiKeySourceDay_keyId_fkey" FOREIGN KEY ("keyId") REFERENCES "ApiKey" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ApiKeySource" (
    "keyId" TEXT NOT NULL,
    "network" TEXT NOT NULL,
    "firstSeenMs" BIGINT NOT NULL,
    "lastSeenMs" BIGINT NOT NULL,

    PRIMARY KEY ("keyId", "network"),
    CONSTRAINT "ApiKeySource_keyId_fkey" FOREIGN KEY ("keyId") REFERENCES "ApiKey" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ApiKeyUsageDay" (
    "keyId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "requests" BIGINT NOT NULL DEFAULT 0,
    "lastUsedMs" BIGINT NOT NULL DEFAULT 0,
    "rateLimited" BIGINT NOT NULL DEFAULT 0,
    "ipNotAllowed" BIGINT NOT NULL DEFAULT 0,
    "insufficientScope" BIGINT NOT NULL DEFAULT 0,
    "lastIp" TEXT,
    "lastUserAgent" TEXT,
    "otherSourceRequests" BIGINT NOT NULL DEFAULT 0,

    PRIMARY KEY ("keyId", "day"),
    CONSTRAINT "ApiKeyUsageDay_keyId_fkey" FOREIGN KEY ("keyId") REFERENCES "ApiKey" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ApiKeyUsageDay" ("day", "keyId", "lastUsedMs", "requests") SELECT "day", "keyId", "lastUsedMs", "requests" FROM "ApiKeyUsageDay";
DROP TABLE "ApiKeyUsageDay";
ALTER TABLE "new_ApiKeyUsageDay" RENAME TO "ApiKeyUsageDay";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "AuditEvent_keyId_accountSeq_idx" ON "AuditEvent"("keyId", "accountSeq");

