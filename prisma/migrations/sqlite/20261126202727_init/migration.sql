-- CreateTable
CREATE TABLE "GuildSettings" (
    "guildId" TEXT NOT NULL PRIMARY KEY,
    "reminderChannelId" TEXT,
    "timezone" TEXT,
    "coordinatorRoleId" TEXT,
    "pingRoleId" TEXT,
    "reviewLeadTimes" TEXT,
    "letterLeadTimes" TEXT,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "digestWeekday" INTEGER,
    "digestHour" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Review" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "guildId" TEXT NOT NULL,
    "stateCode" TEXT NOT NULL,
    "session" INTEGER NOT NULL,
    "cycle" INTEGER NOT NULL DEFAULT 4,
    "reviewAt" DATETIME,
    "reviewTimeKnown" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'scheduled',
    "notes" TEXT,
    "channelId" TEXT,
    "source" TEXT NOT NULL DEFAULT 'user',
    "dateConfidence" TEXT,
    "userEditedFields" TEXT,
    "submissionDeadlineAt" DATETIME,
    "preSessionAt" DATETIME,
    "documentsPublishedAt" DATETIME,
    "hrcAdoptionAt" DATETIME,
    "midTermReportAt" DATETIME,
    "createdBy" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Letter" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "guildId" TEXT NOT NULL,
    "reviewId" INTEGER NOT NULL,
    "stateCode" TEXT NOT NULL,
    "recipient" TEXT,
    "ask" TEXT,
    "deadlineAt" DATETIME NOT NULL,
    "deadlineTimeKnown" BOOLEAN NOT NULL DEFAULT false,
    "sentAt" DATETIME,
    "status" TEXT NOT NULL DEFAULT 'planned',
    "channelId" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Letter_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "Review" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Intervention" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "guildId" TEXT NOT NULL,
    "reviewId" INTEGER NOT NULL,
    "stateCode" TEXT NOT NULL,
    "source" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Intervention_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "Review" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Recommendation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "guildId" TEXT NOT NULL,
    "reviewId" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "paragraph" TEXT,
    "response" TEXT NOT NULL DEFAULT 'pending',
    "actionCategory" INTEGER,
    "source" TEXT,
    "dedupeKey" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Recommendation_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "Review" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RecommendationState" (
    "recommendationId" INTEGER NOT NULL,
    "stateCode" TEXT NOT NULL,

    PRIMARY KEY ("recommendationId", "stateCode"),
    CONSTRAINT "RecommendationState_recommendationId_fkey" FOREIGN KEY ("recommendationId") REFERENCES "Recommendation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RecommendationTheme" (
    "recommendationId" INTEGER NOT NULL,
    "theme" TEXT NOT NULL,

    PRIMARY KEY ("recommendationId", "theme"),
    CONSTRAINT "RecommendationTheme_recommendationId_fkey" FOREIGN KEY ("recommendationId") REFERENCES "Recommendation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Reminder" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "guildId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "itemKey" TEXT NOT NULL,
    "leadKey" TEXT NOT NULL,
    "reviewId" INTEGER,
    "letterId" INTEGER,
    "eventAt" DATETIME NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "runAt" DATETIME NOT NULL,
    "channelId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leaseOwner" TEXT,
    "leaseUntil" DATETIME,
    "lastError" TEXT,
    "messageId" TEXT,
    "postedAt" DATETIME,
    "late" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
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
