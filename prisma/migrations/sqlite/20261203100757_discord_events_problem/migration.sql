-- AlterTable
ALTER TABLE "DiscordEventsSync" ADD COLUMN "problem" TEXT;
ALTER TABLE "DiscordEventsSync" ADD COLUMN "problemSince" DATETIME;
