// A review's stored milestones as the calendar shows them: title, date, whether an estimate. The
// one place outside the milestone table's owner that reads the table, so moving it touches this file only.
import type { Models } from '../db/client';
import { editedSet } from './common';
import { MILESTONES } from './milestones';

export interface ReviewMilestone {
  field: string;
  title: string;
  at: Date;
  estimate: boolean;
}

export function reviewMilestones(review: Models.Review): ReviewMilestone[] {
  const edited = editedSet(review.userEditedFields);
  const out: ReviewMilestone[] = [];
  for (const m of MILESTONES) {
    const at = review[m.field];
    if (at) out.push({ field: m.field, title: m.label, at, estimate: !edited.has(m.field) });
  }
  return out;
}
