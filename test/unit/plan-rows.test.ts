// The planner's decisions from values alone (no database): what to create, move, refresh,
// revive or cancel for an item's lead times.
import { describe, expect, it } from 'vitest';
import { parseLeadTimes } from '../../src/dates/lead-times';
import { planRows, type ExistingRow, type PlannedItem } from '../../src/reminders/plan-rows';

const zone = 'Europe/Zurich';
const now = new Date('2026-01-01T12:00:00Z');
const eventAt = new Date('2026-04-02T07:00:00Z'); // 09:00 CEST
const item = (o: Partial<PlannedItem> = {}): PlannedItem => ({
  kind: 'review', itemKey: 'review:1', reviewId: 1, letterId: null, eventAt, channelId: null, leads: parseLeadTimes('8w,1d'), ...o,
});
const row = (id: number, leadKey: string, status: string, dueAt: string, o: Partial<ExistingRow> = {}): ExistingRow => ({
  id, itemKey: 'review:1', leadKey, status, dueAt: new Date(dueAt), eventAt, channelId: null, ...o,
});
const describeSteps = (p: ReturnType<typeof planRows>) => [
  ...p.steps.map((s) => `${s.step} ${'leadKey' in s ? s.leadKey : s.id}${'dueAt' in s ? ` ${s.dueAt.toISOString()}` : ''}`),
  ...p.cancel.map((id) => `cancel ${id}`),
];

describe('planRows', () => {
  it('creates one row per lead, weeks on the calendar of the zone (09:00 CET eight weeks before 09:00 CEST)', () => {
    expect(describeSteps(planRows([], [item()], zone, now))).toEqual([
      'create 8w 2026-02-05T08:00:00.000Z',
      'create 1d 2026-04-01T07:00:00.000Z',
    ]);
  });

  it('leaves rows that match alone, moves a changed one, cancels a lead no longer wanted', () => {
    const existing = [row(1, '8w', 'pending', '2026-02-05T08:00:00Z'), row(2, '1d', 'pending', '2026-03-01T00:00:00Z'), row(3, '2w', 'pending', '2026-03-19T08:00:00Z')];
    expect(describeSteps(planRows(existing, [item()], zone, now))).toEqual(['move 2 2026-04-01T07:00:00.000Z', 'cancel 3']);
  });

  it('a new channel refreshes pending rows; a cancelled row is revived; a claimed one is left to the scheduler', () => {
    const existing = [row(1, '8w', 'cancelled', '2026-02-05T08:00:00Z'), row(2, '1d', 'pending', '2026-04-01T07:00:00Z')];
    expect(describeSteps(planRows(existing, [item({ channelId: '5' })], zone, now))).toEqual(['revive 1 2026-02-05T08:00:00.000Z', 'refresh 2']);
    expect(describeSteps(planRows([row(1, '8w', 'claimed', '2026-01-01T00:00:00Z')], [item({ leads: parseLeadTimes('8w') })], zone, now))).toEqual([]);
  });

  it('a lead already posted for an earlier date gets a second round after a reschedule; history for this date stays done', () => {
    const earlier = new Date('2026-03-26T08:00:00Z');
    const posted = row(1, '8w', 'posted', '2026-01-29T08:00:00Z', { eventAt: earlier });
    expect(describeSteps(planRows([posted], [item({ leads: parseLeadTimes('8w') })], zone, now))).toEqual(['create 8w#2 2026-02-05T08:00:00.000Z']);
    expect(describeSteps(planRows([{ ...posted, eventAt }], [item({ leads: parseLeadTimes('8w') })], zone, now))).toEqual([]);
  });

  it('past leads are dropped while a later one is ahead; when all are past the nearest is due now', () => {
    const soon = new Date(now.getTime() + 3 * 86_400_000);
    expect(describeSteps(planRows([], [item({ eventAt: soon, leads: parseLeadTimes('1w,1d,0d') })], zone, now))).toEqual([
      `create 1d ${new Date(soon.getTime() - 86_400_000).toISOString()}`,
      `create 0d ${soon.toISOString()}`,
    ]);
    const inTenHours = new Date(now.getTime() + 10 * 3_600_000);
    expect(describeSteps(planRows([], [item({ eventAt: inTenHours, leads: parseLeadTimes('1w,1d') })], zone, now))).toEqual([`create 1d ${now.toISOString()}`]);
  });

  it('an event that has happened plans nothing; rows of items no longer wanted are cancelled', () => {
    expect(describeSteps(planRows([row(1, '8w', 'pending', '2025-01-01T00:00:00Z')], [item({ eventAt: new Date('2025-06-01T00:00:00Z') })], zone, now))).toEqual([]);
    expect(describeSteps(planRows([row(1, '8w', 'pending', '2026-02-05T08:00:00Z')], [], zone, now))).toEqual(['cancel 1']);
  });
});
