// Figure 4: one scheduler tick (claim what is due, prepare, post, record), called directly with a
// MemoryPoster, on a table with many pending reminders of which only a few are due.
//
// Before timing, `iterations` groups of `due` reminders are added, group k due at base + k s;
// iteration k sets the clock to base + k s + 0.5 s, so each tick finds exactly its own group due
// (the earlier groups are posted, the data set's own reminders lie months ahead). An idle tick
// (nothing due at all, what almost every tick of a live bot is) is timed too.
import { openDatabase, type DatabaseTarget } from '../../src/db/client';
import { silentLogger } from '../../src/logging/logger';
import { MemoryPoster } from '../../src/posting';
import { createScheduler } from '../../src/scheduler';
import { channelId, guildId } from '../dataset';
import { median, percentile } from '../util';

export interface TickOptions {
  target: DatabaseTarget;
  /** An upcoming review of the focus server (reminders about it render and post). */
  reviewId: number;
  anchor: number;
  iterations: number;
  warmup: number;
  due: number;
  /** Distinguishes the rows of this run (leadKey rounds). */
  runTag: number;
}

export interface TickResult {
  dueMedianMs: number;
  dueP90Ms: number;
  idleMedianMs: number;
  idleP90Ms: number;
  posted: number;
  expected: number;
  samples: number;
}

export async function measureTick(o: TickOptions): Promise<TickResult> {
  const database = openDatabase(o.target);
  const db = database.prisma;
  let now = new Date(0);
  const clock = { now: () => new Date(now.getTime()) };
  const poster = new MemoryPoster();
  const scheduler = createScheduler({ db, provider: o.target.provider, poster, clock, logger: silentLogger, processId: 'bench-tick' });
  try {
    const base = o.anchor - 200 * 86_400_000;
    const review = await db.review.findFirstOrThrow({ where: { id: o.reviewId } });
    const eventAt = review.reviewAt ?? new Date(o.anchor + 30 * 86_400_000);
    const total = o.warmup + o.iterations;
    const rows = [];
    for (let k = 0; k < total; k++) {
      for (let i = 0; i < o.due; i++) {
        const at = new Date(base + k * 1000);
        rows.push({
          guildId: guildId(0),
          kind: 'review',
          itemKey: `review:${o.reviewId}`,
          leadKey: `0d#${o.runTag * 1_000_000 + k * 100 + i + 2}`,
          reviewId: o.reviewId,
          eventAt,
          dueAt: at,
          runAt: at,
          channelId: channelId(0, 0),
        });
      }
    }
    for (let i = 0; i < rows.length; i += 500) await db.reminder.createMany({ data: rows.slice(i, i + 500) });

    // Idle ticks: nothing due.
    const idle: number[] = [];
    now = new Date(base - 86_400_000);
    for (let k = 0; k < total; k++) {
      const t0 = performance.now();
      await scheduler.tick();
      const dt = performance.now() - t0;
      if (k >= o.warmup) idle.push(dt);
    }

    const dueTimes: number[] = [];
    for (let k = 0; k < total; k++) {
      now = new Date(base + k * 1000 + 500);
      const t0 = performance.now();
      const r = await scheduler.tick();
      const dt = performance.now() - t0;
      if (r.posted !== o.due) throw new Error(`tick ${k}: posted ${r.posted} of ${o.due} due reminders (${JSON.stringify(r)})`);
      if (k >= o.warmup) dueTimes.push(dt);
    }
    return {
      dueMedianMs: median(dueTimes),
      dueP90Ms: percentile(dueTimes, 90),
      idleMedianMs: median(idle),
      idleP90Ms: percentile(idle, 90),
      posted: poster.messages.length,
      expected: total * o.due,
      samples: dueTimes.length,
    };
  } finally {
    await scheduler.stop();
    await database.close();
  }
}

/**
 * Runs measureTick in a fresh child process, so the figure does not depend on what the harness
 * process did before (its heap, its garbage collector, the sandbox it hosted).
 */
export async function measureTickIsolated(o: TickOptions): Promise<TickResult> {
  const { fork } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const { projectRoot, tsxLoader } = await import('../util');
  const child = fork(fileURLToPath(import.meta.url), ['--child'], {
    cwd: projectRoot,
    execArgv: ['--import', tsxLoader],
    env: { ...process.env, BENCH_TICK: JSON.stringify(o) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise<TickResult>((resolve, reject) => {
    child.once('message', (m: { ok: true; result: TickResult } | { ok: false; error: string }) => (m.ok ? resolve(m.result) : reject(new Error(m.error))));
    child.once('exit', (code) => reject(new Error(`the tick process exited with code ${code}`)));
  });
}

if (process.argv.includes('--child') && process.env.BENCH_TICK) {
  const o = JSON.parse(process.env.BENCH_TICK) as TickOptions;
  measureTick(o).then(
    (result) => process.send?.({ ok: true, result }, () => process.exit(0)),
    (err: unknown) => process.send?.({ ok: false, error: (err as Error).stack ?? String(err) }, () => process.exit(1)),
  );
}
