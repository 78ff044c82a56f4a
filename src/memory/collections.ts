// Full garbage collections the bot asks V8 for, at moments when nobody waits for a reply.
// `gc` exists when Node runs with --expose-gc, as scripts/run.sh starts it; without the flag
// these do nothing.
//
// Why: V8 lets its old generation grow by a step past what survived the last full collection,
// and gives the room back only when its memory reducer runs, 8 s or more after a load has
// stopped. After a burst of commands the bot so held 12-14 MiB of heap room above READY for
// that long (BENCHMARKS.md, memory lever table). One compacting collection once the commands
// have paused gives it back at once; it is a pause of ~30-45 ms while no command is under way.
import { getHeapStatistics, setFlagsFromString } from 'node:v8';

const gcFunction = () => (globalThis as { gc?: () => void }).gc;

/**
 * One full collection that also compacts every page of the old generation. A full collection
 * frees objects but moves only the most fragmented pages, so after a burst of commands the heap
 * kept most of its pages, each partly used; compacting packs what lives into fewer pages and gives
 * the rest back. Only this collection compacts: V8 reads the flag when a collection starts, and
 * compacting every collection made the heap grow more (BENCHMARKS.md, lever table).
 */
function collectCompacting(gc: () => void): void {
  setFlagsFromString('--compact-on-every-full-gc');
  try {
    gc();
  } finally {
    setFlagsFromString('--no-compact-on-every-full-gc');
  }
}

/**
 * Start-up leaves tens of MiB of garbage (migrations, the gateway's first servers, the first
 * client objects). Until V8's first full collection the old generation may grow to its initial
 * limit, and a process put under load before one settles far higher, by chance: 176-257 MiB
 * with 1,000 servers after the commands of the memory benchmark instead of 164-166
 * (BENCHMARKS.md). One collection at READY sets the limit from what is alive.
 */
export function collectStartupGarbage(): void {
  gcFunction()?.();
}

export interface IdleCollectionOptions {
  /** Collect once no activity has been reported for this long. */
  quietMs: number;
  /** ...and only if V8's heap has grown by at least this much since the last collection. */
  minGrowthBytes?: number;
  /** ...and at most once in this long, however the activity comes and goes. */
  minGapMs?: number;
  /** V8's committed heap now (tests give their own). */
  heapBytes?: () => number;
  /** Runs a full collection (tests give their own); default V8's `gc`, when exposed. */
  collect?: () => void;
  /** Told of each collection: how long it paused the process, and the heap before and after. */
  onCollected?: (c: { pauseMs: number; heapBeforeBytes: number; heapAfterBytes: number }) => void;
}

export interface IdleCollection {
  /** Something a person waits for has just happened (an interaction arrived). */
  activity(): void;
  stop(): void;
}

export const IDLE_COLLECTION_DEFAULTS = { minGrowthBytes: 4 * 1024 * 1024, minGapMs: 30_000 };

/** Collects once the activity pauses for `quietMs`, when the heap has grown enough to be worth it. */
export function startIdleCollection(o: IdleCollectionOptions): IdleCollection {
  const gc = gcFunction();
  const collect = o.collect ?? (gc ? () => collectCompacting(gc) : undefined);
  const heapBytes = o.heapBytes ?? (() => getHeapStatistics().total_heap_size);
  const minGrowth = o.minGrowthBytes ?? IDLE_COLLECTION_DEFAULTS.minGrowthBytes;
  const minGap = o.minGapMs ?? IDLE_COLLECTION_DEFAULTS.minGapMs;
  if (!collect || o.quietMs <= 0) return { activity() {}, stop() {} };
  let baseline = heapBytes();
  let lastCollectedAt = -Infinity;
  let lastActivityAt = 0;
  let timer: NodeJS.Timeout | undefined;
  const check = () => {
    const now = performance.now();
    // Not quiet long enough yet, or too soon after the last collection: look again then.
    const wait = Math.max(lastActivityAt + o.quietMs - now, lastCollectedAt + minGap - now);
    if (wait > 0) {
      timer = setTimeout(check, wait).unref();
      return;
    }
    timer = undefined;
    const before = heapBytes();
    if (before - baseline < minGrowth) return;
    collect();
    lastCollectedAt = performance.now();
    baseline = heapBytes();
    o.onCollected?.({ pauseMs: lastCollectedAt - now, heapBeforeBytes: before, heapAfterBytes: baseline });
  };
  return {
    activity() {
      lastActivityAt = performance.now();
      timer ??= setTimeout(check, o.quietMs).unref();
    },
    stop() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
