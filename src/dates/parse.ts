// Reading the dates users type, in a server's time zone, in English or Spanish. Accepted: ISO
// (`2025-11-03`, `2025-11-03 09:00`, `2025-11-03T09:00`), year-first with slashes or dots
// (`2025/11/03`), day-month-year (`3 Nov 2025`, `3 November 2025`, `3 de noviembre de 2025`,
// `3 noviembre 2025`, `03-Nov-2025`), month-day-year (`Nov 3, 2025`), optionally after a weekday
// (`Monday, November 3, 2025`, `lunes, 3 de noviembre de 2025`: how Discord shows a date, so a
// copied date reads back), each with an optional time (`14:30`, `2:30 pm`, `9am`, `14 h`, `14h30`,
// `a las 14:30`), and `today` / `tomorrow` / `hoy` / `mañana`.
//
// Numeric day and month (`03/11/2025`, `3.11.2025`, `3-11-2025`) depend on the reader's language.
// Spanish is written day first wherever it is spoken, so for a Spanish reader 03/11/2025 is
// 3 November. English readers write both orders (month first in the US, day first in most other
// places), so for them such dates stay refused, even those only one reading fits (30/09/2025):
// accepting only the dates that happen to be unambiguous would teach a form that fails on the
// next date (the 1st to the 12th of every month).
import { DateTime } from 'luxon';
import { DomainError, msg } from '../domain-error';

/** The reader's language ('en' | 'es', the i18n layer's Lang, which this layer cannot import). */
export type InputLang = 'en' | 'es';

export interface ParsedDate {
  /** The instant (UTC). A date without a time is 09:00 in the zone. */
  instant: Date;
  timeKnown: boolean;
  /** The calendar day in the zone, YYYY-MM-DD. */
  isoDay: string;
}

/** Hour used when only the day is given: 09:00 in the server's time zone, when a working day starts. */
export const DEFAULT_HOUR = 9;

const wordTable = (names: string[][]): Record<string, number> =>
  Object.fromEntries(names.flatMap((forms, i) => forms.map((f) => [f, i + 1])));

const MONTHS = wordTable([
  ['jan', 'january', 'ene', 'enero'],
  ['feb', 'february', 'febrero'],
  ['mar', 'march', 'marzo'],
  ['apr', 'april', 'abr', 'abril'],
  ['may', 'mayo'],
  ['jun', 'june', 'junio'],
  ['jul', 'july', 'julio'],
  ['aug', 'august', 'ago', 'agosto'],
  ['sep', 'sept', 'september', 'septiembre', 'set', 'setiembre'],
  ['oct', 'october', 'octubre'],
  ['nov', 'november', 'noviembre'],
  ['dec', 'december', 'dic', 'diciembre'],
]);

// ISO weekday numbers (1 = Monday). Spanish abbreviations are left out: "mar" is also March.
const WEEKDAYS = wordTable([
  ['mon', 'monday', 'lunes'],
  ['tue', 'tues', 'tuesday', 'martes'],
  ['wed', 'wednesday', 'miércoles', 'miercoles'],
  ['thu', 'thur', 'thurs', 'thursday', 'jueves'],
  ['fri', 'friday', 'viernes'],
  ['sat', 'saturday', 'sábado', 'sabado'],
  ['sun', 'sunday', 'domingo'],
]);

function invalid(key: string, vars?: Record<string, unknown>): never {
  throw new DomainError('invalid', msg(key, vars));
}

interface TimeOfDay {
  hour: number;
  minute: number;
}

// "14:30", "9:05", "14:30:00", "9am", "2:30 pm", "2:30 p. m.", "14 h", "14:30 hs".
const CLOCK = /^(\d{1,2})(?::(\d{2})(?::(\d{2}))?)? ?(am|pm|a\.? ?m\.?|p\.? ?m\.?|h|hs|hrs)?$/;
// "14h30", "14 h 30".
const HOUR_MARK = /^(\d{1,2}) ?h ?(\d{2})$/;

/**
 * Parses a time of day in either language: "14:30", "9:05", "9am", "2:30 pm", "2:30 p. m.",
 * "14h30", "14 h", "14:30 h", optionally after "at" / "a las". Not with dots ("14.30": too close
 * to dates), and not a bare hour ("9": morning or evening?).
 */
export function parseTimeOfDay(text: string): TimeOfDay {
  const typed = text.trim();
  const t = typed.toLowerCase().replace(/\s+/g, ' ').replace(/^(?:at|a las|a la) /, '');
  let hour: number;
  let minute: number;
  let seconds: string | undefined;
  let suffix: string | undefined;
  const marked = HOUR_MARK.exec(t);
  if (marked) {
    hour = Number(marked[1]);
    minute = Number(marked[2]);
  } else {
    const m = CLOCK.exec(t);
    if (!m || (m[2] === undefined && !m[4])) invalid('input:time.invalid', { text: typed });
    hour = Number(m[1]);
    minute = m[2] ? Number(m[2]) : 0;
    seconds = m[3];
    suffix = m[4]?.replace(/[.\s]/g, '');
  }
  if (suffix === 'am' || suffix === 'pm') {
    if (hour < 1 || hour > 12) invalid('input:time.ampmHour', { text: typed });
    if (suffix === 'pm' && hour !== 12) hour += 12;
    if (suffix === 'am' && hour === 12) hour = 0;
  }
  if (hour > 23) invalid('input:time.hour', { text: typed });
  if (minute > 59) invalid('input:time.minutes', { text: typed });
  // Reminders count in minutes: seconds are refused rather than dropped, except a plain ":00".
  if (seconds !== undefined && Number(seconds) !== 0) {
    invalid('input:time.seconds', { text: typed, hhmm: `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}` });
  }
  return { hour, minute };
}

function checkDay(year: number, month: number, day: number, text: string): void {
  if (month < 1 || month > 12) invalid('input:date.noMonth', { text, month });
  const days = DateTime.utc(year, month, 1).daysInMonth ?? 31;
  if (day < 1 || day > days) invalid('input:date.notRealDay', { text, when: new Date(Date.UTC(year, month - 1, 1)), days });
  if (year < 1990 || year > 2100) invalid('input:date.yearRange', { text, year });
}

function monthNumber(word: string, text: string): number {
  const month = MONTHS[word.toLowerCase().replace(/\.$/, '')];
  if (!month) invalid('input:date.notMonthName', { text, word });
  return month;
}

interface Day {
  year: number;
  month: number;
  day: number;
  /** What follows the day: a time, or nothing. */
  rest: string;
}

// A month's name (English or Spanish letters), with an optional abbreviation dot.
const MONTH_WORD = '([a-zñ]+\\.?)';
const ORDINAL = '(?:st|nd|rd|th|ro|ero|er|\\.?º|°)?';
const DAY_MONTH_YEAR = new RegExp(`^(\\d{1,2})${ORDINAL} (?:de )?${MONTH_WORD} (?:de |del )?(\\d{4})(?: (.+))?$`);
const MONTH_DAY_YEAR = new RegExp(`^${MONTH_WORD} (\\d{1,2})${ORDINAL} (?:de )?(\\d{4})(?: (.+))?$`);
const NO_YEAR = new RegExp(`^(?:\\d{1,2}${ORDINAL} (?:de )?${MONTH_WORD}|${MONTH_WORD} \\d{1,2}${ORDINAL})$`);
const NUMERIC_DAY_MONTH = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{1,4})(?: (.+))?$/;

/** The day named by numbers only, day first for a Spanish reader and refused for an English one. */
function numericDay(s: string, text: string, lang: InputLang): Day | undefined {
  const ambiguous = /^\d{1,4}[/.]\d{1,2}[/.]\d{1,4}/.test(s) || /^\d{1,2}-\d{1,2}-\d{2,4}/.test(s);
  if (lang === 'en') {
    if (ambiguous) invalid('input:date.ambiguous', { text });
    return undefined;
  }
  const m = NUMERIC_DAY_MONTH.exec(s);
  if (!m) {
    if (ambiguous) invalid('input:date.unreadable', { text });
    return undefined;
  }
  if (m[4]!.length !== 4) invalid('input:date.fullYear', { text });
  const month = Number(m[3]);
  if (month < 1 || month > 12) invalid('input:date.dayFirstNoMonth', { text, month });
  return { day: Number(m[1]), month, year: Number(m[4]), rest: m[5] ?? '' };
}

/** The day a typed text names, without checking that it exists. */
function readDay(s: string, text: string, zone: string, now: Date | undefined, lang: InputLang): Day {
  let m: RegExpExecArray | null;
  if ((m = /^(today|tomorrow|hoy|mañana|manana)(?: (.+))?$/.exec(s))) {
    if (!now) invalid('input:date.needsCalendarDay', { text });
    const base = DateTime.fromJSDate(now, { zone }).plus({ days: m[1] === 'today' || m[1] === 'hoy' ? 0 : 1 });
    return { year: base.year, month: base.month, day: base.day, rest: m[2] ?? '' };
  }
  // ISO, and year first with slashes or dots: nobody writes year-day-month, so one reading.
  if ((m = /^(\d{4})(?:-(\d{1,2})-(\d{1,2})(?:[t ](.+))?|([/.])(\d{1,2})\5(\d{1,2})(?: (.+))?)$/.exec(s))) {
    return { year: Number(m[1]), month: Number(m[2] ?? m[6]), day: Number(m[3] ?? m[7]), rest: m[4] ?? m[8] ?? '' };
  }
  const numeric = numericDay(s, text, lang);
  if (numeric) return numeric;
  if ((m = DAY_MONTH_YEAR.exec(s))) return { day: Number(m[1]), month: monthNumber(m[2]!, text), year: Number(m[3]), rest: m[4] ?? '' };
  if ((m = MONTH_DAY_YEAR.exec(s))) return { month: monthNumber(m[1]!, text), day: Number(m[2]), year: Number(m[3]), rest: m[4] ?? '' };
  if (NO_YEAR.test(s)) invalid('input:date.noYear', { text });
  invalid('input:date.unreadable', { text });
}

/**
 * Parses a typed date (and optional time) in `zone`, for a reader of `lang` (which decides only
 * how 03/11/2025 reads; words of both languages are understood for everyone). Throws DomainError
 * with the reason when the text is not a date, is ambiguous, or names a day that does not exist.
 * `now` enables "today"/"tomorrow".
 */
export function parseUserDate(input: string, zone: string, now?: Date, lang: InputLang = 'en'): ParsedDate {
  const text = input.trim();
  if (!text) invalid('input:date.empty');
  if (text.length > 60) invalid('input:date.tooLong');
  let s = text.toLowerCase().replace(/,/g, ' ').replace(/\s+/g, ' ').trim();
  // "03-Nov-2025", "3/nov/2025": a month's name between other separators.
  s = s.replace(/^(\d{1,2})[-/.]([a-zñ]+)\.?[-/.](\d{4})\b/, '$1 $2 $3');
  // "el 3 de noviembre", and a leading weekday ("lunes 3 de noviembre de 2025"), checked below.
  s = s.replace(/^el /, '');
  const lead = /^([a-zñáéíóú]+)\.? (?=\S)/.exec(s);
  const weekday = lead ? WEEKDAYS[lead[1]!] : undefined;
  if (weekday) s = s.slice(lead![0].length).replace(/^el /, '');

  const { year, month, day, rest } = readDay(s, text, zone, now, lang);
  checkDay(year, month, day, text);
  if (weekday && DateTime.utc(year, month, day).weekday !== weekday) {
    invalid('input:date.weekdayMismatch', { text, when: new Date(Date.UTC(year, month - 1, day, 12)) });
  }
  const time = rest.trim() ? parseTimeOfDay(rest) : undefined;
  const local = DateTime.fromObject(
    { year, month, day, hour: time?.hour ?? DEFAULT_HOUR, minute: time?.minute ?? 0 },
    { zone },
  );
  if (!local.isValid) invalid('input:date.notInZone', { text, zone, reason: local.invalidExplanation ?? 'invalid' });
  // In a daylight-saving gap (e.g. 02:30 on the spring-forward night) luxon moves the wall
  // time forward by the gap, which is what people mean.
  return {
    instant: local.toJSDate(),
    timeKnown: Boolean(time),
    isoDay: `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
  };
}

/** The calendar day of an instant in a zone, YYYY-MM-DD. */
export function isoDayIn(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISODate() ?? '';
}

/** 09:00 (or the given time) on an ISO day in a zone. */
export function atDayInZone(isoDay: string, zone: string, hour = DEFAULT_HOUR, minute = 0): Date {
  return DateTime.fromISO(isoDay, { zone }).set({ hour, minute, second: 0, millisecond: 0 }).toJSDate();
}

/**
 * A date with an optional separate time ("3 Nov 2025" + "14:30"). Giving the time in both is
 * refused, so nothing is silently dropped.
 */
export function parseUserDateTime(date: string, time: string | undefined | null, zone: string, now?: Date, lang: InputLang = 'en'): ParsedDate {
  const d = parseUserDate(date, zone, now, lang);
  if (!time?.trim()) return d;
  if (d.timeKnown) invalid('input:date.timeTwice', { date: date.trim(), time: time.trim() });
  const t = parseTimeOfDay(time);
  const [year, month, day] = d.isoDay.split('-').map(Number) as [number, number, number];
  const local = DateTime.fromObject({ year, month, day, hour: t.hour, minute: t.minute }, { zone });
  return { instant: local.toJSDate(), timeKnown: true, isoDay: d.isoDay };
}

/** Start of the day of `now` in a zone. */
export function startOfDayIn(now: Date, zone: string): Date {
  return DateTime.fromJSDate(now, { zone }).startOf('day').toJSDate();
}
