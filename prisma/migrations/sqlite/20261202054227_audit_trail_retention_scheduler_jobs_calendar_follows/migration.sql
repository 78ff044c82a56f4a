-- AlterTable
ALTER TABLE "Reminder" ADD COLUMN "sentAt" DATETIME;

-- CreateTable
CREATE TABLE "CalendarFeed" (
    "guildId" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "DiscordEventsSync" (
    "guildId" TEXT NOT NULL PRIMARY KEY,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ScheduledEventLink" (
    "reviewId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "guildId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Follow" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "guildId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "stateCode" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "FollowPause" (
    "guildId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "pausedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "told" BOOLEAN NOT NULL DEFAULT false,

    PRIMARY KEY ("guildId", "userId")
);

-- CreateTable
CREATE TABLE "FollowNotice" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "guildId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "sentAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "SchedulerJob" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "ranAt" DATETIME NOT NULL,
    "owner" TEXT NOT NULL
);

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
CREATE UNIQUE INDEX "CalendarFeed_tokenHash_key" ON "CalendarFeed"("tokenHash");

-- CreateIndex
CREATE INDEX "ScheduledEventLink_guildId_idx" ON "ScheduledEventLink"("guildId");

-- CreateIndex
CREATE INDEX "Follow_guildId_stateCode_idx" ON "Follow"("guildId", "stateCode");

-- CreateIndex
CREATE UNIQUE INDEX "Follow_guildId_userId_stateCode_key" ON "Follow"("guildId", "userId", "stateCode");

-- CreateIndex
CREATE UNIQUE INDEX "FollowNotice_guildId_userId_key_key" ON "FollowNotice"("guildId", "userId", "key");

-- CreateIndex
CREATE INDEX "AuditEntry_guildId_id_idx" ON "AuditEntry"("guildId", "id");

-- CreateIndex
CREATE INDEX "AuditEntry_guildId_at_idx" ON "AuditEntry"("guildId", "at");

-- CreateIndex
CREATE INDEX "AuditEntry_guildId_actorId_idx" ON "AuditEntry"("guildId", "actorId");

-- CreateIndex
CREATE INDEX "GuildDeparture_purgeAt_idx" ON "GuildDeparture"("purgeAt");
