-- CreateEnum
CREATE TYPE "ReviewStatus" AS ENUM ('scheduled', 'held', 'postponed', 'rescheduled', 'not_held');

-- CreateEnum
CREATE TYPE "LetterStatus" AS ENUM ('planned', 'sent', 'cancelled');

-- CreateEnum
CREATE TYPE "RecommendationResponse" AS ENUM ('supported', 'noted', 'pending');

-- CreateEnum
CREATE TYPE "ReminderStatus" AS ENUM ('pending', 'claimed', 'posted', 'failed', 'skipped', 'cancelled');

-- CreateTable
CREATE TABLE "GuildSettings" (
    "guildId" TEXT NOT NULL,
    "reminderChannelId" TEXT,
    "timezone" TEXT,
    "coordinatorRoleId" TEXT,
    "pingRoleId" TEXT,
    "reviewLeadTimes" TEXT,
    "letterLeadTimes" TEXT,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "digestWeekday" INTEGER,
    "digestHour" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GuildSettings_pkey" PRIMARY KEY ("guildId")
);

-- CreateTable
CREATE TABLE "Review" (
    "id" SERIAL NOT NULL,
    "guildId" TEXT NOT NULL,
    "stateCode" TEXT NOT NULL,
    "session" INTEGER NOT NULL,
    "cycle" INTEGER NOT NULL DEFAULT 4,
    "reviewAt" TIMESTAMP(3),
    "reviewTimeKnown" BOOLEAN NOT NULL DEFAULT false,
    "status" "ReviewStatus" NOT NULL DEFAULT 'scheduled',
    "notes" TEXT,
    "channelId" TEXT,
    "source" TEXT NOT NULL DEFAULT 'user',
    "dateConfidence" TEXT,
    "userEditedFields" TEXT,
    "submissionDeadlineAt" TIMESTAMP(3),
    "preSessionAt" TIMESTAMP(3),
    "documentsPublishedAt" TIMESTAMP(3),
    "hrcAdoptionAt" TIMESTAMP(3),
    "midTermReportAt" TIMESTAMP(3),
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Review_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Letter" (
    "id" SERIAL NOT NULL,
    "guildId" TEXT NOT NULL,
    "reviewId" INTEGER NOT NULL,
    "stateCode" TEXT NOT NULL,
    "recipient" TEXT,
    "ask" TEXT,
    "deadlineAt" TIMESTAMP(3) NOT NULL,
    "deadlineTimeKnown" BOOLEAN NOT NULL DEFAULT false,
    "sentAt" TIMESTAMP(3),
    "status" "LetterStatus" NOT NULL DEFAULT 'planned',
    "channelId" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Letter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Intervention" (
    "id" SERIAL NOT NULL,
    "guildId" TEXT NOT NULL,
    "reviewId" INTEGER NOT NULL,
    "stateCode" TEXT NOT NULL,
    "source" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Intervention_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Recommendation" (
    "id" SERIAL NOT NULL,
    "guildId" TEXT NOT NULL,
    "reviewId" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "paragraph" TEXT,
    "response" "RecommendationResponse" NOT NULL DEFAULT 'pending',
    "actionCategory" INTEGER,
    "source" TEXT,
    "dedupeKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Recommendation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecommendationState" (
    "recommendationId" INTEGER NOT NULL,
    "stateCode" TEXT NOT NULL,

    CONSTRAINT "RecommendationState_pkey" PRIMARY KEY ("recommendationId","stateCode")
);

-- CreateTable
CREATE TABLE "RecommendationTheme" (
    "recommendationId" INTEGER NOT NULL,
    "theme" TEXT NOT NULL,

    CONSTRAINT "RecommendationTheme_pkey" PRIMARY KEY ("recommendationId","theme")
);

-- CreateTable
CREATE TABLE "Reminder" (
    "id" SERIAL NOT NULL,
    "guildId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "itemKey" TEXT NOT NULL,
    "leadKey" TEXT NOT NULL,
    "reviewId" INTEGER,
    "letterId" INTEGER,
    "eventAt" TIMESTAMP(3) NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "runAt" TIMESTAMP(3) NOT NULL,
    "channelId" TEXT,
    "status" "ReminderStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "messageId" TEXT,
    "postedAt" TIMESTAMP(3),
    "late" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Reminder_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Review_guildId_reviewAt_idx" ON "Review"("guildId", "reviewAt");

-- CreateIndex
CREATE UNIQUE INDEX "Review_guildId_stateCode_session_key" ON "Review"("guildId", "stateCode", "session");

-- CreateIndex
CREATE INDEX "Letter_guildId_deadlineAt_idx" ON "Letter"("guildId", "deadlineAt");

-- CreateIndex
CREATE INDEX "Letter_guildId_reviewId_idx" ON "Letter"("guildId", "reviewId");

-- CreateIndex
CREATE INDEX "Intervention_guildId_stateCode_idx" ON "Intervention"("guildId", "stateCode");

-- CreateIndex
CREATE UNIQUE INDEX "Intervention_guildId_reviewId_stateCode_key" ON "Intervention"("guildId", "reviewId", "stateCode");

-- CreateIndex
CREATE INDEX "Recommendation_guildId_reviewId_idx" ON "Recommendation"("guildId", "reviewId");

-- CreateIndex
CREATE UNIQUE INDEX "Recommendation_guildId_reviewId_dedupeKey_key" ON "Recommendation"("guildId", "reviewId", "dedupeKey");

-- CreateIndex
CREATE INDEX "RecommendationState_stateCode_idx" ON "RecommendationState"("stateCode");

-- CreateIndex
CREATE INDEX "RecommendationTheme_theme_idx" ON "RecommendationTheme"("theme");

-- CreateIndex
CREATE INDEX "Reminder_status_runAt_idx" ON "Reminder"("status", "runAt");

-- CreateIndex
CREATE INDEX "Reminder_guildId_status_dueAt_idx" ON "Reminder"("guildId", "status", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "Reminder_guildId_itemKey_leadKey_key" ON "Reminder"("guildId", "itemKey", "leadKey");

-- AddForeignKey
ALTER TABLE "Letter" ADD CONSTRAINT "Letter_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "Review"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Intervention" ADD CONSTRAINT "Intervention_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "Review"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Recommendation" ADD CONSTRAINT "Recommendation_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "Review"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecommendationState" ADD CONSTRAINT "RecommendationState_recommendationId_fkey" FOREIGN KEY ("recommendationId") REFERENCES "Recommendation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecommendationTheme" ADD CONSTRAINT "RecommendationTheme_recommendationId_fkey" FOREIGN KEY ("recommendationId") REFERENCES "Recommendation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
