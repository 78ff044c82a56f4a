// Whether the dates of a review, a letter or a deadline make sense together: what is impossible
// is refused (a review decades from its session, a deadline for submissions after the review),
// what is merely unusual comes back as a warning to show beside the stored result.
import { DateTime } from 'luxon';
import { calendarSession } from '../calendar/cycle4';
import { DomainError, msg, type Message } from '../domain-error';

/** How far outside its session's days a review may be before it is refused (rescheduling moves days, not months). */
const SESSION_SLACK_DAYS = 60;
/** A session not in the calendar: how far (in years) from its expected time before it is refused. */
const UNKNOWN_SESSION_SLACK_YEARS = 1.5;
/** Letters about a review are written in the months before it; years before is a typing error. */
const LETTER_LEAD_MAX_DAYS = 2 * 365;
const LETTER_LEAD_UNUSUAL_DAYS = 183;

const day = (iso: string) => DateTime.fromISO(iso, { zone: 'UTC' });

function sessionWindow(session: number): { from: string; to: string; projected: boolean } | null {
  const s = calendarSession(session);
  if (s?.start && s.end) return { from: s.start, to: s.end, projected: false };
  if (s?.month) {
    const [year, months] = s.month.split('-') as [string, string];
    const ms = months.split('/').map(Number);
    const first = DateTime.utc(Number(year), ms[0]!, 1);
    const last = DateTime.utc(Number(year), ms[ms.length - 1]!, 1).endOf('month');
    return { from: first.toISODate()!, to: last.toISODate()!, projected: true };
  }
  return null;
}

/**
 * The year (with fraction) a WG session meets, from the cycle's rhythm: session 1 in April 2008,
 * session 41 in November 2022, three sessions a year since.
 */
export function expectedSessionYear(session: number): number {
  if (session >= 41) return 2022 + 10 / 12 + (session - 41) / 3;
  return 2008.25 + ((session - 1) * (2022 + 10 / 12 - 2008.25)) / 40;
}

/** Refuses a review day impossible for its session; returns a warning when it is only unusual. */
export function checkReviewDay(session: number, isoDay: string): Message | null {
  const w = sessionWindow(session);
  if (w) {
    if (isoDay >= w.from && isoDay <= w.to) return null;
    const off = isoDay < w.from ? day(w.from).diff(day(isoDay), 'days').days : day(isoDay).diff(day(w.to), 'days').days;
    const window = msg(w.projected ? 'upr:dates.windowProjected' : 'upr:dates.window', { from: w.from, to: w.to });
    if (off > SESSION_SLACK_DAYS) {
      throw new DomainError('invalid', msg('upr:dates.farOutsideSession', { session, window, day: isoDay, count: Math.round(off) }));
    }
    return msg('upr:dates.outsideSession', { session, window, day: isoDay });
  }
  const expected = expectedSessionYear(session);
  const at = day(isoDay);
  const year = at.year + (at.ordinal - 1) / 365;
  if (Math.abs(year - expected) > UNKNOWN_SESSION_SLACK_YEARS) {
    throw new DomainError('invalid', msg('upr:dates.sessionYear', { session, year: Math.floor(expected), day: isoDay }));
  }
  return msg('upr:dates.sessionUnknown', { session });
}

/** Refuses a submission deadline on or after the review day (submissions come months before). */
export function checkSubmissionDeadline(deadline: Date, reviewAt: Date | null, isoDay: string): void {
  if (reviewAt && deadline.getTime() >= reviewAt.getTime()) {
    throw new DomainError('invalid', msg('upr:dates.submissionAfterReview', { day: isoDay, review: reviewAt }));
  }
}

/**
 * A letter's deadline or sent day against the review it is about: years before is refused; after
 * the review, or more than six months before it, is stored with a warning.
 */
export function checkLetterDay(what: 'deadline' | 'sent', at: Date, reviewAt: Date | null): Message | null {
  if (!reviewAt) return null;
  const days = (reviewAt.getTime() - at.getTime()) / 86_400_000;
  const vars = { day: at, review: reviewAt };
  if (days > LETTER_LEAD_MAX_DAYS) {
    throw new DomainError('invalid', msg(`letter:dates.${what}.yearsBefore`, { ...vars, count: Math.floor(days / 365) }));
  }
  if (days < 0) return msg(`letter:dates.${what}.afterReview`, vars);
  if (days > LETTER_LEAD_UNUSUAL_DAYS) return msg(`letter:dates.${what}.monthsBefore`, vars);
  return null;
}
