-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "guildId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "actorId" TEXT NOT NULL,
    "actorName" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "items" TEXT NOT NULL,
    "rowKeys" TEXT NOT NULL,
    "changes" TEXT NOT NULL,
    "counts" TEXT NOT NULL,
    "undoOf" INTEGER,
    "undoneById" INTEGER,
    "restored" BOOLEAN NOT NULL DEFAULT false
);

-- CreateTable
CREATE TABLE "GuildDeparture" (
    "guildId" TEXT NOT NULL PRIMARY KEY,
    "leftAt" DATETIME NOT NULL,
    "purgeAt" DATETIME NOT NULL,
    "pausedByLeaving" BOOLEAN NOT NULL DEFAULT false,
    "claimedBy" TEXT,
    "claimUntil" DATETIME
);

-- CreateIndex
CREATE INDEX "AuditEntry_guildId_id_idx" ON "AuditEntry"("guildId", "id");

-- CreateIndex
CREATE INDEX "AuditEntry_guildId_at_idx" ON "AuditEntry"("guildId", "at");

-- CreateIndex
CREATE INDEX "AuditEntry_guildId_actorId_idx" ON "AuditEntry"("guildId", "actorId");

-- CreateIndex
CREATE INDEX "GuildDeparture_purgeAt_idx" ON "GuildDeparture"("purgeAt");
