-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" SERIAL NOT NULL,
    "guildId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "actorId" TEXT NOT NULL,
    "actorName" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "items" TEXT NOT NULL,
    "rowKeys" TEXT NOT NULL,
    "changes" TEXT NOT NULL,
    "counts" TEXT NOT NULL,
    "undoOf" INTEGER,
    "undoneById" INTEGER,
    "restored" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GuildDeparture" (
    "guildId" TEXT NOT NULL,
    "leftAt" TIMESTAMP(3) NOT NULL,
    "purgeAt" TIMESTAMP(3) NOT NULL,
    "pausedByLeaving" BOOLEAN NOT NULL DEFAULT false,
    "claimedBy" TEXT,
    "claimUntil" TIMESTAMP(3),

    CONSTRAINT "GuildDeparture_pkey" PRIMARY KEY ("guildId")
);

-- CreateIndex
CREATE INDEX "AuditEntry_guildId_id_idx" ON "AuditEntry"("guildId", "id");

-- CreateIndex
CREATE INDEX "AuditEntry_guildId_at_idx" ON "AuditEntry"("guildId", "at");

-- CreateIndex
CREATE INDEX "AuditEntry_guildId_actorId_idx" ON "AuditEntry"("guildId", "actorId");

-- CreateIndex
CREATE INDEX "GuildDeparture_purgeAt_idx" ON "GuildDeparture"("purgeAt");
