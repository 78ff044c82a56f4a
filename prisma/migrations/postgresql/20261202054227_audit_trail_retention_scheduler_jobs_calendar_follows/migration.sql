-- AlterTable
ALTER TABLE "Reminder" ADD COLUMN     "sentAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "CalendarFeed" (
    "guildId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CalendarFeed_pkey" PRIMARY KEY ("guildId")
);

-- CreateTable
CREATE TABLE "DiscordEventsSync" (
    "guildId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DiscordEventsSync_pkey" PRIMARY KEY ("guildId")
);

-- CreateTable
CREATE TABLE "ScheduledEventLink" (
    "reviewId" INTEGER NOT NULL,
    "guildId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ScheduledEventLink_pkey" PRIMARY KEY ("reviewId")
);

-- CreateTable
CREATE TABLE "Follow" (
    "id" SERIAL NOT NULL,
    "guildId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "stateCode" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Follow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FollowPause" (
    "guildId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "pausedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "told" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "FollowPause_pkey" PRIMARY KEY ("guildId","userId")
);

-- CreateTable
CREATE TABLE "FollowNotice" (
    "id" SERIAL NOT NULL,
    "guildId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FollowNotice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SchedulerJob" (
    "name" TEXT NOT NULL,
    "ranAt" TIMESTAMP(3) NOT NULL,
    "owner" TEXT NOT NULL,

    CONSTRAINT "SchedulerJob_pkey" PRIMARY KEY ("name")
);

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
