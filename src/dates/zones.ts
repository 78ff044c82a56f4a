// Which time zone a date is read in: Geneva for the UN's own dates, a server's zone for its users'.
import { IANAZone } from 'luxon';

/** The UN sits in Geneva: sessions, deadlines and reviews are set in its local time. */
export const GENEVA = 'Europe/Zurich';

/** A server's zone: the one it configured when still valid, else the bot's default. */
export function serverZone(configured: string | null | undefined, fallback: string): string {
  return configured && IANAZone.isValidZone(configured) ? configured : fallback;
}
