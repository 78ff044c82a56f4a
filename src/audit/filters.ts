// What people type to narrow /audit list: an item ("letter 5", "review #12", "settings", or a
// review as elsewhere: "Belarus 50"), a user (a mention or an id), and days in the server's zone.
import { DateTime } from 'luxon';
import { DomainError, msg } from '../domain-error';
import { parseUserDate } from '../dates/parse';

const ITEM = /^(review|letter|intervention|recommendation)\s*[:#]?\s*#?(\d{1,9})$/i;

/** "letter #5" -> "letter:5"; "settings" -> "settings"; null when it is not of that form. */
export function parseItem(text: string): string | null {
  const t = text.trim();
  if (/^settings?$/i.test(t)) return 'settings';
  const m = ITEM.exec(t);
  return m ? `${m[1]!.toLowerCase()}:${Number(m[2])}` : null;
}

/** "<@123>", "<@!123>" or "123" (a user id) -> "123". */
export function parseUser(text: string): string {
  const m = /^(?:<@!?(\d{15,21})>|(\d{15,21}))$/.exec(text.trim());
  if (!m) throw new DomainError('invalid', msg('audit:error.notUser', { text: text.trim().slice(0, 40) }));
  return (m[1] ?? m[2])!;
}

/** A typed day as [start, end] instants of that day in `zone`. */
export function dayRange(text: string, zone: string, now: Date): [Date, Date] {
  const d = parseUserDate(text, zone, now);
  const day = DateTime.fromISO(d.isoDay, { zone });
  return [day.startOf('day').toJSDate(), day.endOf('day').toJSDate()];
}
