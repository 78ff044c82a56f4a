// The review milestones that get reminders of their own (DOMAIN.md: "the dates an advocate acts
// on"), with fixed lead times. "before" milestones lead up to the review and are reminded only
// while the review is scheduled or rescheduled; "after" ones follow it and are reminded for a
// held review too.
import type { Models } from '../db/client';

export interface ReminderMilestone {
  /** The suffix of the item key: "review:12:submission". */
  key: string;
  field: 'submissionDeadlineAt' | 'documentsPublishedAt' | 'preSessionAt' | 'hrcAdoptionAt' | 'midTermReportAt';
  /** As in a sentence: "the stakeholder submission deadline". */
  label: string;
  leads: string;
  phase: 'before' | 'after';
  /** What to do, shown in the reminder. */
  action: string;
}

export const REMINDER_MILESTONES: readonly ReminderMilestone[] = [
  {
    key: 'submission',
    field: 'submissionDeadlineAt',
    label: 'stakeholder submission deadline',
    leads: '2w,2d',
    phase: 'before',
    action: 'Make sure your written submission is in (OHCHR stakeholder submissions); deadlines are often extended, so check the date.',
  },
  {
    key: 'presession',
    field: 'preSessionAt',
    label: 'UPR Info pre-session in Geneva',
    leads: '1w',
    phase: 'before',
    action: 'Prepare your briefing for the missions and apply or confirm your slot with UPR Info.',
  },
  {
    key: 'documents',
    field: 'documentsPublishedAt',
    label: 'publication of the UN documents (national report, UN compilation, stakeholder summary)',
    leads: '0d',
    phase: 'before',
    action: 'Read the national report and the stakeholder summary, and update your letters and talking points.',
  },
  {
    key: 'adoption',
    field: 'hrcAdoptionAt',
    label: 'adoption of the outcome at the Human Rights Council',
    leads: '1w',
    phase: 'after',
    action: 'Check which recommendations were supported or noted, and prepare a statement for the plenary.',
  },
  {
    key: 'midterm',
    field: 'midTermReportAt',
    label: 'voluntary mid-term report',
    leads: '4w',
    phase: 'after',
    action: 'Prepare your own mid-term assessment of how the recommendations were implemented.',
  },
];

export const milestoneByKey = (key: string): ReminderMilestone | undefined => REMINDER_MILESTONES.find((m) => m.key === key);

const ACTIVE: readonly string[] = ['scheduled', 'rescheduled'];

/** Whether a review in this status gets reminders for itself and its "before" milestones. */
export const reviewIsUpcoming = (status: Models.Review['status']): boolean => ACTIVE.includes(status);

/** Whether a review in this status gets reminders for a milestone of this phase. */
export const milestoneApplies = (m: ReminderMilestone, status: Models.Review['status']): boolean =>
  reviewIsUpcoming(status) || (m.phase === 'after' && status === 'held');
