// The scheduler's small parts, from values alone: backoff, outcomes, leases, lanes, refusing
// channels, and the marker that finds a post again after Discord's nonce window.
import { describe, expect, it } from 'vitest';
import { fitContent, MAX_CONTENT } from '../../src/posting/content';
import { carriesMarker, markerLine, MARKER_ROOM, withMarker } from '../../src/posting/marker';
import { PostError } from '../../src/posting/poster';
import { DEFAULT_BACKOFF_MS, retryDelay } from '../../src/scheduler/backoff';
import { DeadChannels } from '../../src/scheduler/dead-channels';
import { createLanes } from '../../src/scheduler/lanes';
import { needsRenewal } from '../../src/scheduler/lease';
import { outcomeColumns, outcomeOfError } from '../../src/scheduler/outcome';

const policy = { maxAttempts: 4, backoffMs: [1_000, 10_000] };
const now = new Date('2026-02-05T08:00:00Z');
const transient = new PostError('Discord answered 503', { permanent: false, status: 503 });
const permanent = new PostError('the bot cannot see the channel (Missing Access, 50001)', { permanent: true, code: 50001 });

describe('backoff', () => {
  it('follows the schedule and repeats its last step', () => {
    expect([1, 2, 3, 7, 99].map((n) => retryDelay(n, [5, 50, 500]))).toEqual([5, 50, 500, 500, 500]);
    expect(retryDelay(1)).toBe(DEFAULT_BACKOFF_MS[0]);
    expect(retryDelay(1, [])).toBe(DEFAULT_BACKOFF_MS[0]);
  });

  it('keeps the first three retries inside a few minutes, where Discord still de-duplicates the nonce', () => {
    expect(DEFAULT_BACKOFF_MS.slice(0, 3).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(3 * 60_000);
  });
});

describe('outcomeOfError', () => {
  it('a permanent error fails at once with its reason', () => {
    expect(outcomeOfError({ attempts: 0 }, permanent, now, policy)).toEqual({ status: 'failed', reason: permanent.message, attempts: 1 });
  });

  it('a transient error is tried again after the backoff, until the tries are used up', () => {
    expect(outcomeOfError({ attempts: 0 }, transient, now, policy)).toEqual({
      status: 'pending', reason: 'Discord answered 503', attempts: 1, runAt: new Date(now.getTime() + 1_000),
    });
    expect(outcomeOfError({ attempts: 2 }, transient, now, policy)).toMatchObject({ status: 'pending', attempts: 3, runAt: new Date(now.getTime() + 10_000) });
    expect(outcomeOfError({ attempts: 3 }, transient, now, policy)).toEqual({
      status: 'failed', reason: 'gave up after 4 attempts: Discord answered 503', attempts: 4,
    });
  });

  it('outcomeColumns keeps the row where the outcome says nothing', () => {
    const row = { id: 7, attempts: 2, runAt: now, messageId: null, postedAt: null, late: false };
    expect(outcomeColumns(row, { status: 'posted', messageId: '9', late: true }, now)).toEqual({
      id: 7, status: 'posted', attempts: 2, lastError: null, runAt: now, messageId: '9', postedAt: now, late: true,
    });
    expect(outcomeColumns(row, { status: 'skipped', reason: 'the review was removed' }, now)).toMatchObject({ status: 'skipped', attempts: 2, lastError: 'the review was removed', messageId: null });
    expect(outcomeColumns(row, { status: 'failed', reason: 'no channel' }, now)).toMatchObject({ status: 'failed', attempts: 2 });
  });
});

describe('needsRenewal', () => {
  it('renews when less than half the lease is left', () => {
    expect(needsRenewal(1_000 + 30_001, 1_000, 60_000)).toBe(false);
    expect(needsRenewal(1_000 + 29_999, 1_000, 60_000)).toBe(true);
    expect(needsRenewal(0, 1_000, 60_000)).toBe(true);
  });
});

describe('lanes', () => {
  it('runs one task at a time per channel, in order, and at most `concurrency` channels at once', async () => {
    const lanes = createLanes(2);
    const log: string[] = [];
    let active = 0;
    let most = 0;
    const gates = new Map<string, () => void>();
    const task = (ch: string, n: number) => () =>
      new Promise<void>((resolve) => {
        active++;
        most = Math.max(most, active);
        log.push(`${ch}${n}`);
        gates.set(`${ch}${n}`, () => {
          active--;
          resolve();
        });
      });
    const all = [lanes.run('a', task('a', 1)), lanes.run('a', task('a', 2)), lanes.run('b', task('b', 1)), lanes.run('c', task('c', 1))];
    const open = async (key: string) => {
      for (let i = 0; i < 100 && !gates.has(key); i++) await new Promise((r) => setImmediate(r));
      expect(gates.has(key), `${key} should have started`).toBe(true);
      gates.get(key)!();
    };
    await open('a1');
    await open('b1');
    await open('a2');
    await open('c1');
    await Promise.all(all);
    expect(log.indexOf('a1')).toBeLessThan(log.indexOf('a2'));
    expect(most).toBe(2);
  });

  it('a failed task does not stop the lane', async () => {
    const lanes = createLanes(1);
    const failed = lanes.run('a', async () => {
      throw new Error('boom');
    });
    let ran = false;
    const next = lanes.run('a', async () => {
      ran = true;
    });
    await expect(failed).rejects.toThrow('boom');
    await next;
    expect(ran).toBe(true);
  });
});

describe('DeadChannels', () => {
  it('remembers a channel that refused for good, for a while, and not a refused body', () => {
    let t = 0;
    const dead = new DeadChannels({ now: () => new Date(t) }, 60_000);
    dead.note('1', new PostError('Invalid Form Body', { permanent: true, code: 50035 }));
    expect(dead.refusal('1')).toBeUndefined();
    dead.note('1', permanent);
    expect(dead.refusal('1')).toBe(permanent);
    expect(dead.refusal('2')).toBeUndefined();
    t = 60_001;
    expect(dead.refusal('1')).toBeUndefined();
  });
});

describe('post marker', () => {
  it('is the last line, found again in the content, and not for another nonce', () => {
    const content = withMarker('📅 **Review of Belarus**', 'r1a-8w-m3x9k');
    expect(content).toBe('📅 **Review of Belarus**\n-# ref r1a-8w-m3x9k');
    expect(carriesMarker(content, 'r1a-8w-m3x9k')).toBe(true);
    expect(carriesMarker(content, 'r1a-8w-m3x9')).toBe(false);
    expect(carriesMarker('quoted: -# ref r1a-8w-m3x9k', 'r1a-8w-m3x9k')).toBe(false);
  });

  it('fits Discord limit with the longest nonce, cutting the text and keeping the marker', () => {
    const nonce = 'n'.repeat(25);
    const content = withMarker(`${'x'.repeat(1500)}\n${'y'.repeat(1000)}`, nonce);
    expect(content.length).toBeLessThanOrEqual(MAX_CONTENT);
    expect(content.endsWith(`\n${markerLine(nonce)}`)).toBe(true);
    expect(markerLine(nonce).length + 1).toBe(MARKER_ROOM);
    expect(fitContent('short')).toBe('short');
  });
});
