-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "leakPolicy" TEXT NOT NULL DEFAULT 'revoke';

-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "exposedAt" TIMESTAMP(3),
ADD COLUMN     "exposureSource" TEXT,
ADD COLUMN     "exposureUrl" TEXT;

