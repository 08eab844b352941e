-- CreateTable
CREATE TABLE "AccountChange" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "accountId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "AccountChange_createdAt_idx" ON "AccountChange"("createdAt");

