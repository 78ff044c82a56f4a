// A review's stored milestones as the calendar shows them: which, date, whether an estimate. The
// one place outside the milestone table's owner that reads the table, so moving it touches this file only.
import type { Models } from '../db/client';
import { editedSet } from './common';
import { isEstimate, MILESTONES } from '../calendar/milestones';

export interface ReviewMilestone {
  field: string;
  /** The milestone's key ("submission"): its texts in the catalogs. */
  key: string;
  at: Date;
  estimate: boolean;
}

export function reviewMilestones(review: Models.Review): ReviewMilestone[] {
  const edited = editedSet(review.userEditedFields);
  const out: ReviewMilestone[] = [];
  for (const m of MILESTONES) {
    const at = review[m.field];
    if (at) out.push({ field: m.field, key: m.key, at, estimate: isEstimate(review, m.field, edited) });
  }
  return out;
}
