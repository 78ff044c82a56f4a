-- AlterTable
ALTER TABLE "Reminder" ADD COLUMN "sentAt" DATETIME;

-- CreateTable
CREATE TABLE "SchedulerJob" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "ranAt" DATETIME NOT NULL,
    "owner" TEXT NOT NULL
);
