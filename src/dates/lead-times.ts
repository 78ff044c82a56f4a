// Lead times: how long before an event a reminder is posted ("8w,2w,1d"; "0d" = on the day),
// typed in English or Spanish ("2 weeks, 1 day", "8 semanas, 2 semanas y 1 día") by anyone.
// Weeks and days are calendar steps in the server's time zone, so a reminder keeps the event's
// wall-clock time across daylight-saving changes (8 weeks before 09:00 CEST is 09:00 CET); hours
// are exact durations.
import { DateTime } from 'luxon';
import { DomainError, msg, type Message } from '../domain-error';

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

/** What lead times look like, with the limits (a catalog message). */
export const LEAD_TIMES_HELP: Message = msg('input:leadTimes.help', { max: MAX_LEAD_TIMES, maxWeeks: MAX_LEAD_WEEKS });

function refuse(key: string, vars: Record<string, unknown> = {}): never {
  throw new DomainError('invalid', msg(key, { ...LEAD_TIMES_HELP.vars, ...vars }));
}

// Units in both languages, compared without accents ("día" = "dia").
const UNIT_WORDS: Record<string, LeadUnit> = {
  w: 'w', wk: 'w', wks: 'w', week: 'w', weeks: 'w', sem: 'w', semana: 'w', semanas: 'w',
  d: 'd', day: 'd', days: 'd', dia: 'd', dias: 'd',
  h: 'h', hr: 'h', hrs: 'h', hs: 'h', hour: 'h', hours: 'h', hora: 'h', horas: 'h',
};

const withoutAccents = (word: string): string => word.normalize('NFD').replace(/\p{M}/gu, '');

// "On the day" (= 0d): "on the day", "el día", "el mismo día", "ese día", "el día mismo".
const ON_THE_DAY = /\bon the day\b|(?<![\p{L}\d])(?:el|ese) (?:mismo )?d[ií]a(?: mismo)?(?![\p{L}\d])/gu;

/** Length of a lead in hours (for ordering and de-duplication; not for computing instants). */
export const leadHours = (lead: LeadTime): number => lead.amount * HOURS_PER[lead.unit];

/** A canonical lead; every zero length is "0d". */
export function leadTime(amount: number, unit: LeadUnit): LeadTime {
  return amount === 0 ? { key: '0d', amount: 0, unit: 'd' } : { key: `${amount}${unit}`, amount, unit };
}

/**
 * Parses "8w,2w,1d", "8w 2w 1d", "2 weeks, 1 day", "on the day" (= 0d), "8 semanas, 2 semanas y
 * 1 día", "12 horas", "el mismo día" (= 0d). Sorted farthest first,
 * duplicates removed (also equal lengths such as 1w and 7d: the first one written is kept).
 * Anything else is refused with a DomainError('invalid') that says what is accepted.
 */
export function parseLeadTimes(text: string): LeadTime[] {
  const source = text.trim().toLowerCase().replace(ON_THE_DAY, '0d').replace(/\b(?:and|y)\b/g, ',');
  if (!source) refuse('input:leadTimes.none');
  const token = /(\d{1,5})\s*(\p{L}+)/uy;
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
    const unit = m ? UNIT_WORDS[withoutAccents(m[2]!)] : undefined;
    if (!m || !unit) refuse('input:leadTimes.notALeadTime', { text: source.slice(at).split(/[\s,;]/)[0] });
    const lead = leadTime(Number(m[1]), unit);
    if (leadHours(lead) > MAX_HOURS) refuse('input:leadTimes.tooFar', { amount: lead.amount, unit: lead.unit });
    leads.push(lead);
    at = token.lastIndex;
  }
  if (leads.length === 0) refuse('input:leadTimes.none');
  const unique = new Map<number, LeadTime>();
  for (const lead of leads) if (!unique.has(leadHours(lead))) unique.set(leadHours(lead), lead);
  if (unique.size > MAX_LEAD_TIMES) refuse('input:leadTimes.tooMany', { count: unique.size });
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

/** A lead in words, as a catalog message: "8 weeks" / "8 semanas", "1 day", "on the day". */
export function describeLead(lead: LeadTime): Message {
  return lead.amount === 0 ? msg('input:lead.onTheDay') : msg(`input:lead.${lead.unit}`, { count: lead.amount });
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
