-- AlterTable
ALTER TABLE "GuildSettings" ADD COLUMN     "language" TEXT;

-- CreateTable
CREATE TABLE "GuildLocale" (
    "guildId" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GuildLocale_pkey" PRIMARY KEY ("guildId")
);
