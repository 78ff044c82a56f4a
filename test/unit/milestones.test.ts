import { describe, expect, it } from 'vitest';
import { estimateMilestones, isEstimate, knownSubmissionDeadline, MILESTONES, milestoneUpdate } from '../../src/calendar/milestones';

const geneva = (d: Date | null) => d && d.toLocaleString('sv-SE', { timeZone: 'Europe/Zurich' }).slice(0, 16);

describe('milestone estimates', () => {
  it('anchors the submission deadline on the WG session start, 7 months and a week before, noon Geneva', () => {
    // Session 51 starts 19 Jan 2026; every review in it gets the same deadline.
    const early = estimateMilestones(new Date('2026-01-19T08:00:00Z'), 51);
    const late = estimateMilestones(new Date('2026-01-30T08:00:00Z'), 51);
    expect(geneva(early.submissionDeadlineAt)).toBe('2025-06-12 12:00');
    expect(late.submissionDeadlineAt).toEqual(early.submissionDeadlineAt);
    // Session 41 (7 Nov 2022): OHCHR's deadline was 31 Mar 2022; the estimate is not later.
    expect(geneva(estimateMilestones(null, 41).submissionDeadlineAt)).toBe('2022-03-31 12:00');
  });

  it("takes the calendar's published deadline, and does not call it an estimate", () => {
    const m = estimateMilestones(null, 54);
    expect(geneva(m.submissionDeadlineAt)).toBe('2026-07-17 12:00');
    expect(knownSubmissionDeadline(54)).toEqual(m.submissionDeadlineAt);
    expect(isEstimate({ session: 54, ...m } as never, 'submissionDeadlineAt', new Set())).toBe(false);
    expect(isEstimate({ session: 51, ...estimateMilestones(null, 51) } as never, 'submissionDeadlineAt', new Set())).toBe(true);
    expect(isEstimate({ session: 51, ...estimateMilestones(null, 51) } as never, 'submissionDeadlineAt', new Set(['submissionDeadlineAt']))).toBe(false);
  });

  it('HRC adoption: Oct/Nov -> March, Jan/Feb -> June, Apr/May -> September; mid-term report two years on', () => {
    expect(geneva(estimateMilestones(new Date('2025-11-03T08:00:00Z'), 50).hrcAdoptionAt)!.slice(0, 7)).toBe('2026-03');
    expect(geneva(estimateMilestones(new Date('2026-01-20T08:00:00Z'), 51).hrcAdoptionAt)!.slice(0, 7)).toBe('2026-06');
    expect(geneva(estimateMilestones(new Date('2025-04-29T08:00:00Z'), 49).hrcAdoptionAt)!.slice(0, 7)).toBe('2025-09');
    expect(geneva(estimateMilestones(new Date('2025-11-03T08:00:00Z'), 50).midTermReportAt)).toBe('2027-11-03 09:00');
  });

  it('leaves what users entered', () => {
    const u = milestoneUpdate({ reviewAt: new Date('2025-11-03T08:00:00Z'), session: 50 }, new Set(['submissionDeadlineAt']));
    expect(Object.keys(u).sort()).toEqual(MILESTONES.map((m) => m.field).filter((f) => f !== 'submissionDeadlineAt').sort());
  });
});
