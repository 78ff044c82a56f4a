// The dates an advocate acts on around a review (DOMAIN.md), estimated from the review day when
// nobody entered them. They are stored on the review; the UI labels estimates as such.
import { DateTime } from 'luxon';
import type { Models } from '../db/client';
import { GENEVA } from '../dates/zones';

export { GENEVA };

export const MILESTONES = [
  { field: 'submissionDeadlineAt', label: 'Stakeholder submission deadline', typical: '~7 months before, noon Geneva' },
  { field: 'documentsPublishedAt', label: 'UN documents published', typical: '~6 weeks before' },
  { field: 'preSessionAt', label: 'UPR Info pre-session (Geneva)', typical: '~1 month before' },
  { field: 'hrcAdoptionAt', label: 'Adoption at the Human Rights Council', typical: '~4.5 months after' },
  { field: 'midTermReportAt', label: 'Voluntary mid-term report', typical: '~2.5 years after' },
] as const;

export type MilestoneField = (typeof MILESTONES)[number]['field'];
export type Milestones = Record<MilestoneField, Date>;

/** Estimates from the review day (taken in Geneva). */
export function estimateMilestones(reviewDay: Date): Milestones {
  const day = DateTime.fromJSDate(reviewDay, { zone: GENEVA }).startOf('day');
  const at = (d: DateTime, hour: number) => d.set({ hour, minute: 0 }).toJSDate();
  return {
    submissionDeadlineAt: at(day.minus({ months: 7 }), 12),
    documentsPublishedAt: at(day.minus({ weeks: 6 }), 9),
    preSessionAt: at(day.minus({ months: 1 }), 9),
    hrcAdoptionAt: at(day.plus({ months: 4, days: 15 }), 9),
    midTermReportAt: at(day.plus({ years: 2, months: 6 }), 9),
  };
}

/** Milestone values for a review, leaving the ones users entered (userEditedFields). */
export function milestoneUpdate(base: Date | null, edited: Set<string>): Partial<Record<MilestoneField, Date | null>> {
  const est = base ? estimateMilestones(base) : null;
  const out: Partial<Record<MilestoneField, Date | null>> = {};
  for (const { field } of MILESTONES) if (!edited.has(field)) out[field] = est ? est[field] : null;
  return out;
}

export const milestoneValue = (review: Models.Review, field: MilestoneField): Date | null => review[field];
