-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "allowedIps" TEXT;

-- AlterTable
ALTER TABLE "ApiKeyUsageDay" ADD COLUMN     "insufficientScope" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "ipNotAllowed" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "lastIp" TEXT,
ADD COLUMN     "lastUserAgent" TEXT,
ADD COLUMN     "otherSourceRequests" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "rateLimited" BIGINT NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "ApiKeySourceDay" (
    "keyId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "firstSeenMs" BIGINT NOT NULL,
    "lastSeenMs" BIGINT NOT NULL,
    "requests" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "ApiKeySourceDay_pkey" PRIMARY KEY ("keyId","day","address")
);

-- CreateTable
CREATE TABLE "ApiKeySource" (
    "keyId" TEXT NOT NULL,
    "network" TEXT NOT NULL,
    "firstSeenMs" BIGINT NOT NULL,
    "lastSeenMs" BIGINT NOT NULL,

    CONSTRAINT "ApiKeySource_pkey" PRIMARY KEY ("keyId","network")
);

-- CreateIndex
CREATE INDEX "AuditEvent_keyId_accountSeq_idx" ON "AuditEvent"("keyId", "accountSeq");

-- AddForeignKey
ALTER TABLE "ApiKeySourceDay" ADD CONSTRAINT "ApiKeySourceDay_keyId_fkey" FOREIGN KEY ("keyId") REFERENCES "ApiKey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKeySource" ADD CONSTRAINT "ApiKeySource_keyId_fkey" FOREIGN KEY ("keyId") REFERENCES "ApiKey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

