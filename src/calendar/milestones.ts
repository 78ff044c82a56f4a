// The dates an advocate acts on around a review: one table (what each is, when it typically
// falls, how early to remind) and the rules that estimate them when nobody entered them. What to
// do about each is said in the posts catalog (`posts:milestones.<key>`), in both languages.
// Estimates of deadlines err early: a reminder after a deadline is worse than none.
import { DateTime } from 'luxon';
import type { Models } from '../db/client';
import { GENEVA } from '../dates/zones';
import { calendarSession } from './cycle4';

export interface Milestone {
  /** The suffix of the reminder item key: "review:12:submission". */
  key: string;
  field: 'submissionDeadlineAt' | 'documentsPublishedAt' | 'preSessionAt' | 'hrcAdoptionAt' | 'midTermReportAt';
  /** As a heading: "Stakeholder submission deadline". */
  title: string;
  /** As in a sentence: "the stakeholder submission deadline". */
  label: string;
  typical: string;
  /** Reminder lead times before it. */
  leads: string;
  /** "before" milestones lead up to the review; "after" ones follow it. */
  phase: 'before' | 'after';
}

export const MILESTONES: readonly Milestone[] = [
  {
    key: 'submission',
    field: 'submissionDeadlineAt',
    title: 'Stakeholder submission deadline',
    label: 'stakeholder submission deadline',
    typical: 'one per WG session, ~7 months and a week before it starts, noon Geneva',
    leads: '2w,2d',
    phase: 'before',
  },
  {
    key: 'presession',
    field: 'preSessionAt',
    title: 'UPR Info pre-session (Geneva)',
    label: 'UPR Info pre-session in Geneva',
    typical: '~1 month before',
    leads: '1w',
    phase: 'before',
  },
  {
    key: 'documents',
    field: 'documentsPublishedAt',
    title: 'UN documents published',
    label: 'publication of the UN documents (national report, UN compilation, stakeholder summary)',
    typical: '~6 weeks before',
    leads: '0d',
    phase: 'before',
  },
  {
    key: 'adoption',
    field: 'hrcAdoptionAt',
    title: 'Adoption at the Human Rights Council',
    label: 'adoption of the outcome at the Human Rights Council',
    typical: 'the next March, June or September HRC session at least 3 months after the WG session',
    leads: '1w',
    phase: 'after',
  },
  {
    key: 'midterm',
    field: 'midTermReportAt',
    title: 'Voluntary mid-term report',
    label: 'voluntary mid-term report',
    typical: '~2 years after',
    leads: '4w',
    phase: 'after',
  },
];

export type MilestoneField = Milestone['field'];
export type Milestones = Record<MilestoneField, Date | null>;

export const milestoneByKey = (key: string): Milestone | undefined => MILESTONES.find((m) => m.key === key);

const ACTIVE: readonly string[] = ['scheduled', 'rescheduled'];

/** Whether a review in this status gets reminders for itself and its "before" milestones. */
export const reviewIsUpcoming = (status: Models.Review['status']): boolean => ACTIVE.includes(status);

/** Whether a review in this status gets reminders for a milestone of this phase. */
export const milestoneApplies = (m: Milestone, status: Models.Review['status']): boolean => reviewIsUpcoming(status) || (m.phase === 'after' && status === 'held');

const day = (iso: string): DateTime => DateTime.fromISO(iso, { zone: GENEVA }).startOf('day');

/** First day of a WG session: its calendar start, else the first day of its projected months. */
export function sessionFirstDay(session: number): DateTime | null {
  const s = calendarSession(session);
  if (s?.start) return day(s.start);
  if (s?.month) {
    const [year, months] = s.month.split('-') as [string, string];
    return DateTime.fromObject({ year: Number(year), month: Number(months.split('/')[0]), day: 1 }, { zone: GENEVA });
  }
  return null;
}

/** The calendar's known stakeholder deadline of a session (noon Geneva), if OHCHR published it. */
export function knownSubmissionDeadline(session: number): Date | null {
  const known = calendarSession(session)?.stakeholderDeadline;
  return known?.confidence === 'confirmed' ? day(known.date).set({ hour: 12 }).toJSDate() : null;
}

// Regular HRC sessions whose plenary adopts UPR outcomes, with a typical adoption day.
const HRC_ADOPTIONS = [
  { month: 3, day: 15 },
  { month: 6, day: 25 },
  { month: 9, day: 25 },
];

/** The adoption at the first regular HRC session at least 3 months after the WG session starts. */
function hrcAdoption(start: DateTime): DateTime {
  const earliest = start.plus({ months: 3 });
  for (let year = start.year; ; year++) {
    for (const h of HRC_ADOPTIONS) {
      const at = DateTime.fromObject({ year, month: h.month, day: h.day }, { zone: GENEVA });
      if (at >= earliest.startOf('month')) return at;
    }
  }
}

/**
 * Estimates from the review day and its WG session. The submission deadline is the session's:
 * the calendar's where OHCHR published it, else 7 months and a week before the session starts.
 */
export function estimateMilestones(reviewAt: Date | null, session: number): Milestones {
  const start = sessionFirstDay(session);
  const review = reviewAt ? DateTime.fromJSDate(reviewAt, { zone: GENEVA }).startOf('day') : start;
  const anchor = start ?? review;
  const at = (d: DateTime | null, hour: number) => (d ? d.set({ hour, minute: 0 }).toJSDate() : null);
  return {
    submissionDeadlineAt: knownSubmissionDeadline(session) ?? at(anchor?.minus({ months: 7, weeks: 1 }) ?? null, 12),
    documentsPublishedAt: at(review?.minus({ weeks: 6 }) ?? null, 9),
    preSessionAt: at(review?.minus({ months: 1 }) ?? null, 9),
    hrcAdoptionAt: at(anchor ? hrcAdoption(anchor) : null, 9),
    midTermReportAt: at(review?.plus({ years: 2 }) ?? null, 9),
  };
}

/** Milestone values for a review, leaving the ones users entered (userEditedFields). */
export function milestoneUpdate(review: { reviewAt: Date | null; session: number }, edited: Set<string>): Partial<Milestones> {
  const est = estimateMilestones(review.reviewAt, review.session);
  const out: Partial<Milestones> = {};
  for (const { field } of MILESTONES) if (!edited.has(field)) out[field] = est[field];
  return out;
}

/** Whether a stored milestone is an estimate: not entered by a user, not published by OHCHR. */
export function isEstimate(review: Pick<Models.Review, 'session' | MilestoneField>, field: MilestoneField, edited: Set<string>): boolean {
  if (edited.has(field)) return false;
  if (field === 'submissionDeadlineAt') {
    const known = knownSubmissionDeadline(review.session);
    if (known && review.submissionDeadlineAt?.getTime() === known.getTime()) return false;
  }
  return true;
}
