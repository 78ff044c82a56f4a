// The idle collection: when it runs (quiet long enough, heap grown enough, not too often), on
// fake timers; and, in a Node process with --expose-gc as scripts/run.sh starts the bot, that
// the collection it runs really gives the heap room back.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startIdleCollection, type IdleCollection } from '../../src/memory/collections';
import { tsxCommand } from '../helpers/node-process';

const MiB = 2 ** 20;

describe('startIdleCollection', () => {
  let heap: number;
  let collections: number;
  let idle: IdleCollection | undefined;
  const start = (o: { quietMs?: number; minGapMs?: number } = {}) => {
    idle = startIdleCollection({
      quietMs: o.quietMs ?? 1_000,
      minGrowthBytes: 4 * MiB,
      minGapMs: o.minGapMs ?? 30_000,
      heapBytes: () => heap,
      collect: () => {
        collections++;
        heap = 60 * MiB;
      },
    });
    return idle;
  };

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    heap = 60 * MiB;
    collections = 0;
  });
  afterEach(() => {
    idle?.stop();
    vi.useRealTimers();
  });

  it('collects once the interactions have paused for the quiet time, not before', () => {
    const c = start();
    heap = 70 * MiB;
    c.activity();
    vi.advanceTimersByTime(600);
    c.activity();
    vi.advanceTimersByTime(600);
    expect(collections).toBe(0);
    vi.advanceTimersByTime(400);
    expect(collections).toBe(1);
    vi.advanceTimersByTime(60_000);
    expect(collections).toBe(1);
  });

  it('leaves a heap that grew less than the threshold alone', () => {
    const c = start();
    heap = 63 * MiB;
    c.activity();
    vi.advanceTimersByTime(5_000);
    expect(collections).toBe(0);
    heap = 65 * MiB;
    c.activity();
    vi.advanceTimersByTime(1_000);
    expect(collections).toBe(1);
  });

  it('collects at most once in the minimum gap, however often the commands pause', () => {
    const c = start({ minGapMs: 30_000 });
    for (let burst = 0; burst < 10; burst++) {
      heap += 10 * MiB;
      c.activity();
      vi.advanceTimersByTime(2_000);
    }
    // Bursts at 0, 2, ... 18 s: the first pause collects; the next waits for 30 s after it.
    expect(collections).toBe(1);
    vi.advanceTimersByTime(11_000);
    expect(collections).toBe(2);
  });

  it('does nothing with a quiet time of 0', () => {
    const c = start({ quietMs: 0 });
    heap = 100 * MiB;
    c.activity();
    vi.advanceTimersByTime(60_000);
    expect(collections).toBe(0);
  });

  it('does nothing once stopped', () => {
    const c = start();
    heap = 100 * MiB;
    c.activity();
    c.stop();
    vi.advanceTimersByTime(60_000);
    expect(collections).toBe(0);
  });
});

describe('the idle collection in a process with --expose-gc', () => {
  it('runs V8’s collection and the heap shrinks', async () => {
    const [node, args] = tsxCommand('test/fixtures/idle-collection-child.ts');
    const { stdout } = await promisify(execFile)(node, ['--expose-gc', ...args], { timeout: 60_000 });
    const r = JSON.parse(stdout) as { pauseMs: number; heapBeforeBytes: number; heapAfterBytes: number };
    expect(r.heapBeforeBytes - r.heapAfterBytes, JSON.stringify(r)).toBeGreaterThan(4 * MiB);
    expect(r.pauseMs).toBeGreaterThan(0);
  });
});
