// Which time zone a date is read in: Geneva for the UN's own dates, a server's zone for its users'.
import { IANAZone } from 'luxon';

/** The UN sits in Geneva: sessions, deadlines and reviews are set in its local time. */
export const GENEVA = 'Europe/Zurich';

// Luxon checks a zone by building an Intl.DateTimeFormat every time, which costs more than many
// a whole command; a zone once found valid stays valid for the process (the set is bounded by
// the IANA database).
const validZones = new Set<string>();

/** Whether `zone` is an IANA time zone this runtime knows. */
export function isValidZone(zone: string): boolean {
  if (validZones.has(zone)) return true;
  if (!IANAZone.isValidZone(zone)) return false;
  validZones.add(zone);
  return true;
}

/** A server's zone: the one it configured when still valid, else the bot's default. */
export function serverZone(configured: string | null | undefined, fallback: string): string {
  return configured && isValidZone(configured) ? configured : fallback;
}
