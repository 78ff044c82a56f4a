-- AlterTable
ALTER TABLE "GuildSettings" ADD COLUMN "language" TEXT;

-- CreateTable
CREATE TABLE "GuildLocale" (
    "guildId" TEXT NOT NULL PRIMARY KEY,
    "locale" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);
