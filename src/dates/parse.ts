// Reading the dates users type, in a server's time zone. Accepted: ISO (`2025-11-03`,
// `2025-11-03 09:00`, `2025-11-03T09:00`), day-month-year (`3 Nov 2025`, `3 November 2025`,
// `3 de noviembre de 2025`), month-day-year (`Nov 3, 2025`), each with an optional time
// (`14:30`, `2:30 pm`, `9am`), and `today` / `tomorrow`. Slashed or dotted numeric dates are
// refused: 03/11/2025 is 3 November for some readers and March 11 for others.
import { DateTime } from 'luxon';
import { DomainError } from '../domain-error';

export interface ParsedDate {
  /** The instant (UTC). A date without a time is 09:00 in the zone. */
  instant: Date;
  timeKnown: boolean;
  /** The calendar day in the zone, YYYY-MM-DD. */
  isoDay: string;
}

/** Hour used when only the day is given: 09:00 in the server's time zone, when a working day starts. */
export const DEFAULT_HOUR = 9;

const MONTHS: Record<string, number> = {};
const addMonths = (names: string[][]) => names.forEach((forms, i) => forms.forEach((f) => (MONTHS[f] = i + 1)));
addMonths([
  ['jan', 'january', 'ene', 'enero'],
  ['feb', 'february', 'febrero'],
  ['mar', 'march', 'marzo'],
  ['apr', 'april', 'abr', 'abril'],
  ['may', 'mayo'],
  ['jun', 'june', 'junio'],
  ['jul', 'july', 'julio'],
  ['aug', 'august', 'ago', 'agosto'],
  ['sep', 'sept', 'september', 'septiembre', 'setiembre'],
  ['oct', 'october', 'octubre'],
  ['nov', 'november', 'noviembre'],
  ['dec', 'december', 'dic', 'diciembre'],
]);

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const EXAMPLES = 'Use a form such as 2025-11-03, 3 Nov 2025 or 2025-11-03 14:30.';

function invalid(message: string): never {
  throw new DomainError('invalid', message);
}

interface TimeOfDay {
  hour: number;
  minute: number;
}

/** Parses "14:30", "9:05", "9am", "2:30 pm", "14h30", "14h" (not dots: too close to dates). */
export function parseTimeOfDay(text: string): TimeOfDay {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  const m = /^(\d{1,2})(?:[:h](\d{2})|h)?(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$/.exec(t);
  if (!m || (!m[2] && !m[4] && !t.includes('h'))) invalid(`"${text.trim()}" is not a time. Use 24-hour HH:MM such as 09:00 or 14:30 (or 2:30 pm).`);
  let hour = Number(m[1]);
  const minute = m[2] ? Number(m[2]) : 0;
  const suffix = m[4]?.replace(/\./g, '');
  if (suffix) {
    if (hour < 1 || hour > 12) invalid(`"${text.trim()}": with am/pm the hour must be 1-12.`);
    if (suffix === 'pm' && hour !== 12) hour += 12;
    if (suffix === 'am' && hour === 12) hour = 0;
  }
  if (hour > 23) invalid(`"${text.trim()}": the hour must be 0-23.`);
  if (minute > 59) invalid(`"${text.trim()}": the minutes must be 0-59.`);
  // Reminders count in minutes: seconds are refused rather than dropped, except a plain ":00".
  if (m[3] !== undefined && Number(m[3]) !== 0) {
    invalid(`"${text.trim()}" has seconds: give hours and minutes only, such as ${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}.`);
  }
  return { hour, minute };
}

function checkDay(year: number, month: number, day: number, original: string): void {
  if (month < 1 || month > 12) invalid(`"${original}": there is no month ${month}. ${EXAMPLES}`);
  const days = DateTime.utc(year, month, 1).daysInMonth ?? 31;
  if (day < 1 || day > days) {
    invalid(`"${original}" is not a real date: ${MONTH_NAMES[month - 1]} ${year} has ${days} days.`);
  }
  if (year < 1990 || year > 2100) invalid(`"${original}": the year ${year} is out of range (1990-2100).`);
}

function monthNumber(word: string, original: string): number {
  const key = word.toLowerCase().replace(/\.$/, '');
  const month = MONTHS[key];
  if (!month) invalid(`"${original}": "${word}" is not a month name. ${EXAMPLES}`);
  return month;
}

/**
 * Parses a typed date (and optional time) in `zone`. Throws DomainError with the reason when the
 * text is not a date, is ambiguous, or names a day that does not exist. `now` enables
 * "today"/"tomorrow".
 */
export function parseUserDate(text: string, zone: string, now?: Date): ParsedDate {
  const original = text.trim();
  if (!original) invalid(`Please give a date. ${EXAMPLES}`);
  if (original.length > 60) invalid(`That date is too long. ${EXAMPLES}`);
  let s = original.toLowerCase().replace(/\s+/g, ' ').replace(/,/g, ' ').replace(/\s+/g, ' ').trim();

  let year: number;
  let month: number;
  let day: number;
  let rest = '';

  let m: RegExpExecArray | null;
  if ((m = /^(today|tomorrow|hoy|mañana|manana)(?: (?:at )?(.+))?$/.exec(s))) {
    if (!now) invalid(`Please give a calendar date. ${EXAMPLES}`);
    const base = DateTime.fromJSDate(now, { zone }).plus({ days: m[1] === 'today' || m[1] === 'hoy' ? 0 : 1 });
    ({ year, month, day } = base);
    rest = m[2] ?? '';
  } else if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ](.+))?$/.exec(s))) {
    year = Number(m[1]);
    month = Number(m[2]);
    day = Number(m[3]);
    rest = m[4] ?? '';
  } else if (/^\d{1,4}[/.]\d{1,2}[/.]\d{1,4}/.test(s) || /^\d{1,2}-\d{1,2}-\d{2,4}/.test(s)) {
    invalid(`"${original}" is ambiguous (day/month or month/day?). Use 2025-11-03 or 3 Nov 2025.`);
  } else if ((m = /^(\d{1,2})(?:st|nd|rd|th)? (?:de )?([a-zñ]+\.?) (?:de )?(\d{4})(?: (?:at |a las )?(.+))?$/.exec(s))) {
    day = Number(m[1]);
    month = monthNumber(m[2]!, original);
    year = Number(m[3]);
    rest = m[4] ?? '';
  } else if ((m = /^([a-zñ]+\.?) (\d{1,2})(?:st|nd|rd|th)? (\d{4})(?: (?:at )?(.+))?$/.exec(s))) {
    month = monthNumber(m[1]!, original);
    day = Number(m[2]);
    year = Number(m[3]);
    rest = m[4] ?? '';
  } else if (/^(\d{1,2} [a-z]+|[a-z]+ \d{1,2})$/.test(s)) {
    invalid(`"${original}": please include the year, e.g. 3 Nov 2025.`);
  } else {
    invalid(`"${original}" is not a date I can read. ${EXAMPLES}`);
  }

  checkDay(year, month, day, original);
  s = rest.trim();
  const time = s ? parseTimeOfDay(s) : undefined;
  const local = DateTime.fromObject(
    { year, month, day, hour: time?.hour ?? DEFAULT_HOUR, minute: time?.minute ?? 0 },
    { zone },
  );
  if (!local.isValid) invalid(`"${original}" could not be placed in the time zone ${zone}: ${local.invalidExplanation ?? 'invalid'}.`);
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
export function parseUserDateTime(date: string, time: string | undefined | null, zone: string, now?: Date): ParsedDate {
  const d = parseUserDate(date, zone, now);
  if (!time?.trim()) return d;
  if (d.timeKnown) invalid(`The time is given twice ("${date.trim()}" and "${time.trim()}"): give it once.`);
  const t = parseTimeOfDay(time);
  const [year, month, day] = d.isoDay.split('-').map(Number) as [number, number, number];
  const local = DateTime.fromObject({ year, month, day, hour: t.hour, minute: t.minute }, { zone });
  return { instant: local.toJSDate(), timeKnown: true, isoDay: d.isoDay };
}

/** Start of the day of `now` in a zone. */
export function startOfDayIn(now: Date, zone: string): Date {
  return DateTime.fromJSDate(now, { zone }).startOf('day').toJSDate();
}
