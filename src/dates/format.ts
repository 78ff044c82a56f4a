// Showing instants: Discord timestamps render in each reader's own time zone and language, so
// every instant the bot shows goes through them. Plain text (autocomplete labels, CSV, logs)
// uses a short day in the server's zone instead, since Discord does not render markup there.
import { DateTime } from 'luxon';

/** Discord timestamp styles: t 16:20, T 16:20:30, d 20/04/2021, D 20 April 2021, f 20 April 2021 16:20, F Tuesday, 20 April 2021 16:20, R 2 months ago. */
export type TimestampStyle = 't' | 'T' | 'd' | 'D' | 'f' | 'F' | 'R';

export function discordTimestamp(date: Date, style: TimestampStyle = 'f'): string {
  return `<t:${Math.floor(date.getTime() / 1000)}:${style}>`;
}

/** "<t:…:F> (<t:…:R>)" for a known time; the day only ("<t:…:D>") when the time is not known. */
export function discordWhen(date: Date, timeKnown = true): string {
  return timeKnown ? `${discordTimestamp(date, 'F')} (${discordTimestamp(date, 'R')})` : `${discordTimestamp(date, 'D')} (${discordTimestamp(date, 'R')})`;
}

/** "3 Nov 2025" in a zone, for plain text. */
export function shortDay(date: Date, zone: string): string {
  return DateTime.fromJSDate(date, { zone }).setLocale('en-US').toFormat('d LLL yyyy');
}

/** "3 Nov 2025 14:30" in a zone, for plain text. */
export function shortDayTime(date: Date, zone: string): string {
  return DateTime.fromJSDate(date, { zone }).setLocale('en-US').toFormat('d LLL yyyy HH:mm');
}

/** "2026-04/05" -> "Apr/May 2026" ("abr/may 2026" in Spanish). */
export function sessionMonths(month: string, lang: 'en' | 'es' = 'en'): string {
  const [year, months] = month.split('-');
  if (!year || !months) return month;
  const names = months.split('/').map((m) => DateTime.utc(Number(year), Number(m), 1).setLocale(lang === 'es' ? 'es' : 'en-US').toFormat('LLL').replace('.', ''));
  return `${names.join('/')} ${year}`;
}
