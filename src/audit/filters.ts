// What people type to narrow /audit list: an item ("letter 5", "review #12", "settings", or a
// review as elsewhere: "Belarus 50"; in Spanish "carta 5", "examen #12", "ajustes"), a user (a
// mention or an id), and days in the server's zone.
import { DateTime } from 'luxon';
import { DomainError, msg } from '../domain-error';
import { parseUserDate, type InputLang } from '../dates/parse';

// The kinds of item, by the words of both languages (without accents).
const KINDS: Record<string, string> = {
  review: 'review', examen: 'review', revision: 'review',
  letter: 'letter', carta: 'letter',
  intervention: 'intervention', intervencion: 'intervention',
  recommendation: 'recommendation', recomendacion: 'recommendation',
};
const ITEM = /^(\p{L}+)\s*[:#]?\s*#?(\d{1,9})$/u;

/** "letter #5" / "carta 5" -> "letter:5"; "settings" / "ajustes" -> "settings"; null when it is not of that form. */
export function parseItem(text: string): string | null {
  const t = text.trim().toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
  if (/^(settings?|ajustes|configuracion)$/.test(t)) return 'settings';
  const m = ITEM.exec(t);
  const kind = m ? KINDS[m[1]!] : undefined;
  return kind ? `${kind}:${Number(m![2])}` : null;
}

/** "<@123>", "<@!123>" or "123" (a user id) -> "123". */
export function parseUser(text: string): string {
  const m = /^(?:<@!?(\d{15,21})>|(\d{15,21}))$/.exec(text.trim());
  if (!m) throw new DomainError('invalid', msg('audit:error.notUser', { text: text.trim().slice(0, 40) }));
  return (m[1] ?? m[2])!;
}

/** A typed day as [start, end] instants of that day in `zone`, read for a reader of `lang`. */
export function dayRange(text: string, zone: string, now: Date, lang: InputLang = 'en'): [Date, Date] {
  const d = parseUserDate(text, zone, now, lang);
  const day = DateTime.fromISO(d.isoDay, { zone });
  return [day.startOf('day').toJSDate(), day.endOf('day').toJSDate()];
}
