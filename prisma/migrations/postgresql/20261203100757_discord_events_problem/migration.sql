-- AlterTable
ALTER TABLE "DiscordEventsSync" ADD COLUMN     "problem" TEXT,
ADD COLUMN     "problemSince" TIMESTAMP(3);
