// Keeps the benchmark harness from rotting: generates the small data set with the bench loader,
// checks what it holds, and runs a few scheduler ticks of figure 4 on it. No timing is asserted
// (the figures are printed by `npm run bench`, never asserted as timed tests).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { anchorFor, FOCUS } from '../../bench/dataset';
import { measureTick } from '../../bench/figures/tick';
import { burstMinimumMs } from '../../bench/figures/delivery';
import { sqliteDataset } from '../../bench/load';
import { QUICK } from '../../bench/modes';
import { testProvider } from '../helpers/db';

describe.skipIf(testProvider !== 'sqlite')('bench harness (smoke)', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'upr-bench-smoke-'));
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('generates the small data set and runs scheduler ticks on it', async () => {
    const anchor = anchorFor();
    const set = await sqliteDataset(QUICK.small, anchor, workDir, () => {});
    if (set.target.provider !== 'sqlite') throw new Error('expected SQLite');
    const db = new Database(set.target.file, { readonly: true });
    const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n;
    expect(count('Review')).toBe(FOCUS.reviews);
    expect(count('Reminder')).toBe(QUICK.small.pendingReminders);
    expect(count('Intervention')).toBe(set.generated.counts.interventions);
    db.close();
    expect(set.generated.bigReview.id).toBe(1);

    const r = await measureTick({ target: set.target, reviewId: set.generated.reviewOfGuild(0)!.id, anchor, iterations: 5, warmup: 1, due: 2, runTag: 1 });
    expect(r.posted).toBe(r.expected);
    expect(r.samples).toBe(5);
  }, 60_000);

  it('computes the burst minimum from the limits', () => {
    const limits = { globalPerSecond: 50, channelMessages: { limit: 5, windowMs: 5000 } };
    expect(burstMinimumMs(10_000, 2_000, limits)).toEqual({ minimumMs: 200_000, globalBoundMs: 200_000, channelBoundMs: 0 });
    // One channel: 5 per 5 s binds (the 100th post comes 19 windows after the first).
    expect(burstMinimumMs(100, 1, limits).minimumMs).toBe(95_000);
  });
});
