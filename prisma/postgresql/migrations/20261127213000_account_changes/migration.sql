-- CreateTable
CREATE TABLE "AccountChange" (
    "seq" SERIAL NOT NULL,
    "accountId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AccountChange_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE INDEX "AccountChange_createdAt_idx" ON "AccountChange"("createdAt");

