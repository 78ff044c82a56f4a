// The 4th-cycle UPR calendar (WG sessions 41-54), shipped with the bot so `/upr import` works
// offline. Confidence flags are kept: "projected" entries follow the fixed order of review and
// are not yet confirmed by OHCHR.
import data from './cycle4.json' with { type: 'json' };

export type Confidence = 'confirmed' | 'projected' | 'uncertain';

export interface CalendarReview {
  iso3: string;
  unName: string;
  /** Day of the interactive dialogue (YYYY-MM-DD, Geneva), where known. */
  reviewDate: string | null;
  listConfidence: Confidence;
  /** "not held": due in this session by the order of review, but it did not take place there. */
  status?: 'not held';
  note?: string;
}

export interface CalendarSession {
  session: number;
  cycle: number;
  /** First and last day of the WG session (YYYY-MM-DD), where known. */
  start: string | null;
  end: string | null;
  /** "2026-04/05" when only the months are projected. */
  month: string | null;
  datesConfidence: Confidence;
  /** The one OHCHR deadline for stakeholder submissions of the whole session, where published. */
  stakeholderDeadline?: { date: string; confidence: Confidence };
  reviews: CalendarReview[];
}

export const calendarSessions: readonly CalendarSession[] = (data as { sessions: CalendarSession[] }).sessions;

export function calendarSession(session: number): CalendarSession | undefined {
  return calendarSessions.find((s) => s.session === session);
}

/**
 * The WG session whose days contain a date (YYYY-MM-DD), or whose projected months do: how a
 * review added without a session number gets one.
 */
export function sessionForDate(isoDay: string): CalendarSession | undefined {
  const exact = calendarSessions.find((s) => s.start && s.end && s.start <= isoDay && isoDay <= s.end);
  if (exact) return exact;
  const month = isoDay.slice(0, 7);
  return calendarSessions.find((s) => {
    if (!s.month) return false;
    const [year, months] = s.month.split('-') as [string, string];
    return months.split('/').some((m) => `${year}-${m}` === month);
  });
}
