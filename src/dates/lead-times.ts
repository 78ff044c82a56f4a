// Lead times: how long before an event a reminder is posted ("8w,2w,1d"; "0d" = on the day).
// Weeks and days are calendar steps in the server's time zone, so a reminder keeps the event's
// wall-clock time across daylight-saving changes (8 weeks before 09:00 CEST is 09:00 CET); hours
// are exact durations.
import { DateTime } from 'luxon';
import { DomainError } from '../domain-error';

export type LeadUnit = 'w' | 'd' | 'h';

export interface LeadTime {
  /** Canonical form, e.g. "8w", "1d", "12h"; "0d" means on the day (at the event's instant). */
  key: string;
  amount: number;
  unit: LeadUnit;
}

export const DEFAULT_REVIEW_LEADS = '8w,2w,1d';
export const DEFAULT_LETTER_LEADS = '1w,1d,0d';
/** Same values under the names the services first used. */
export const DEFAULT_REVIEW_LEAD_TIMES = DEFAULT_REVIEW_LEADS;
export const DEFAULT_LETTER_LEAD_TIMES = DEFAULT_LETTER_LEADS;
export const MAX_LEAD_TIMES = 10;
export const MAX_LEAD_WEEKS = 52;

const HOURS_PER: Record<LeadUnit, number> = { w: 7 * 24, d: 24, h: 1 };
const MAX_HOURS = MAX_LEAD_WEEKS * HOURS_PER.w;

export const LEAD_TIMES_HELP =
  `Lead times look like 8w,2w,1d (weeks w, days d, hours h; 0d = on the day), at most ${MAX_LEAD_TIMES}, each up to ${MAX_LEAD_WEEKS}w.`;

const UNIT_WORDS: Record<string, LeadUnit> = {
  w: 'w', wk: 'w', wks: 'w', week: 'w', weeks: 'w',
  d: 'd', day: 'd', days: 'd',
  h: 'h', hr: 'h', hrs: 'h', hour: 'h', hours: 'h',
};

/** Length of a lead in hours (for ordering and de-duplication; not for computing instants). */
export const leadHours = (lead: LeadTime): number => lead.amount * HOURS_PER[lead.unit];

/** A canonical lead; every zero length is "0d". */
export function leadTime(amount: number, unit: LeadUnit): LeadTime {
  return amount === 0 ? { key: '0d', amount: 0, unit: 'd' } : { key: `${amount}${unit}`, amount, unit };
}

/**
 * Parses "8w,2w,1d", "8w 2w 1d", "2 weeks, 1 day", "on the day" (= 0d). Sorted farthest first,
 * duplicates removed (also equal lengths such as 1w and 7d: the first one written is kept).
 * Anything else is refused with a DomainError('invalid') that says what is accepted.
 */
export function parseLeadTimes(text: string): LeadTime[] {
  const source = text.trim().toLowerCase().replace(/\bon the day\b/g, '0d').replace(/\band\b/g, ',');
  if (!source) throw new DomainError('invalid', `No lead times given. ${LEAD_TIMES_HELP}`);
  const token = /(\d{1,5})\s*([a-z]+)/y;
  const separators = /[\s,;]*/y;
  const leads: LeadTime[] = [];
  let at = 0;
  while (at < source.length) {
    separators.lastIndex = at;
    separators.exec(source);
    at = separators.lastIndex;
    if (at >= source.length) break;
    token.lastIndex = at;
    const m = token.exec(source);
    const unit = m ? UNIT_WORDS[m[2]!] : undefined;
    if (!m || !unit) {
      const bad = source.slice(at).split(/[\s,;]/)[0];
      throw new DomainError('invalid', `"${bad}" is not a lead time. ${LEAD_TIMES_HELP}`);
    }
    const lead = leadTime(Number(m[1]), unit);
    if (leadHours(lead) > MAX_HOURS) throw new DomainError('invalid', `${lead.key} is too far ahead. ${LEAD_TIMES_HELP}`);
    leads.push(lead);
    at = token.lastIndex;
  }
  if (leads.length === 0) throw new DomainError('invalid', `No lead times given. ${LEAD_TIMES_HELP}`);
  const unique = new Map<number, LeadTime>();
  for (const lead of leads) if (!unique.has(leadHours(lead))) unique.set(leadHours(lead), lead);
  if (unique.size > MAX_LEAD_TIMES) throw new DomainError('invalid', `${unique.size} lead times are too many. ${LEAD_TIMES_HELP}`);
  return [...unique.values()].sort((a, b) => leadHours(b) - leadHours(a));
}

/** Stored lead times, or `fallback` when the stored text is empty or no longer valid. */
export function leadTimesOrDefault(stored: string | null | undefined, fallback: string): LeadTime[] {
  if (stored && stored.trim()) {
    try {
      return parseLeadTimes(stored);
    } catch {
      // A value stored under older rules must not stop reminders: use the defaults.
    }
  }
  return parseLeadTimes(fallback);
}

/** "8w,2w,1d" */
export const formatLeadTimes = (leads: readonly LeadTime[]): string => leads.map((l) => l.key).join(',');

/** "8 weeks", "1 day", "12 hours", "on the day" */
export function describeLead(lead: LeadTime): string {
  if (lead.amount === 0) return 'on the day';
  const word = { w: 'week', d: 'day', h: 'hour' }[lead.unit];
  return `${lead.amount} ${word}${lead.amount === 1 ? '' : 's'}`;
}

/**
 * The lead a reminder row stands for, from its leadKey ("8w", or "8w#2" for a later round after
 * the item was rescheduled); undefined for keys that are not lead times (digest weeks).
 */
export function leadFromKey(key: string): LeadTime | undefined {
  const m = /^(\d+)([wdh])(?:#\d+)?$/.exec(key);
  return m ? leadTime(Number(m[1]), m[2] as LeadUnit) : undefined;
}

/**
 * When a reminder `lead` before `eventAt` is due. Weeks and days are subtracted on the calendar of
 * `zone` (wall-clock time kept across DST changes; a wall-clock time that does not exist on that
 * day moves forward by the gap, as luxon does); hours are subtracted as exact time.
 */
export function dueInstant(eventAt: Date, lead: LeadTime, zone: string): Date {
  if (lead.amount === 0) return new Date(eventAt.getTime());
  if (lead.unit === 'h') return new Date(eventAt.getTime() - lead.amount * 3_600_000);
  const local = DateTime.fromJSDate(eventAt, { zone });
  if (!local.isValid) throw new Error(`invalid time zone "${zone}"`);
  return (lead.unit === 'w' ? local.minus({ weeks: lead.amount }) : local.minus({ days: lead.amount })).toJSDate();
}
