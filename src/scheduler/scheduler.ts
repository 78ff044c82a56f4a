// The scheduler: node-cron only wakes it; the database decides what is due.
//
// Each tick claims due rows with a lease (one conditional statement, claim.ts), decides for each
// what to do (src/reminders/prepare.ts), posts with a nonce derived from the row, and records the
// outcome only while the lease is still its own (compare-and-set on leaseOwner). Posts run in
// parallel across channels (bounded) and one after the other within a channel (Discord allows 5
// messages per 5 s per channel). Right before each post the lease is renewed, so no other
// process can take the row while it is being posted; a process that dies leaves claims whose
// lease runs out, and the next claim takes them back; their post carries the same nonce, so if
// the first post did reach Discord, Discord returns that message instead of a second one (the
// lease is kept well inside Discord's few-minute nonce window for that reason).
//
// Failures: permanent (no access, unknown channel, refused request) -> failed with the reason;
// transient (429, 5xx, network, timeouts) -> tried again after a growing delay, then failed.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from '../clock';
import type { Db, Models } from '../db/client';
import type { Logger } from '../logging/logger';
import { reminderNonce } from '../reminders/keys';
import { ReminderPlanner } from '../reminders/planner';
import { DEFAULT_LATE_AFTER_MS, prepareReminders, type Prepared } from '../reminders/prepare';
import { claimDue, detectProvider, nextRunAt, type Provider } from './claim';
import { type MessagePoster, PERMANENT_CODES, PostError, toPostError } from './poster';

type Reminder = Models.Reminder;

/** Delay before attempt n+1 after n transient failures (the last value repeats). */
export const DEFAULT_BACKOFF_MS = [5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000];

export interface SchedulerOptions {
  db: Db;
  /** The engine behind `db`; detected with one query when omitted. */
  provider?: Provider;
  poster: MessagePoster;
  clock: Clock;
  logger: Logger;
  /** node-cron expression that wakes the scheduler; default every second. */
  cron?: string;
  /** Unique per process; default host:pid:random. */
  processId?: string;
  /** How long a claim holds before other processes may take it back; default 60 s. */
  leaseMs?: number;
  /** Tries (transient failures) before a reminder is marked failed; default 8. */
  maxAttempts?: number;
  /** Channels posted to in parallel; default 16. */
  concurrency?: number;
  /** Rows claimed per statement; default 50. */
  batchSize?: number;
  /** Claimed rows held by this process at most (queued behind slow channels included); default 200. */
  maxInFlight?: number;
  /** Posts this long after their planned run are marked late; default 2 min. */
  lateAfterMs?: number;
  backoffMs?: readonly number[];
  /** Plans the next digest after one is done; default one built from `defaultTimezone`. */
  planner?: ReminderPlanner;
  defaultTimezone?: string;
  /** Also wake exactly when the next reminder is due, between cron ticks; default true. */
  precise?: boolean;
}

export interface TickResult {
  claimed: number;
  posted: number;
  failed: number;
  skipped: number;
  retried: number;
  /** Given back unposted (the server paused, or the scheduler is stopping). */
  released: number;
  /** Taken over by another process before this one could record them. */
  lost: number;
}

export interface Scheduler {
  readonly processId: string;
  start(): void;
  stop(): Promise<void>;
  /** Claims what is due now and waits until those rows are done. */
  tick(): Promise<TickResult>;
  /** Rows this process holds right now. */
  inFlight(): number;
}

const emptyResult = (): TickResult => ({ claimed: 0, posted: 0, failed: 0, skipped: 0, retried: 0, released: 0, lost: 0 });

/** Runs tasks one after the other per key. */
class Lanes {
  private readonly tails = new Map<string, Promise<void>>();
  run(key: string, task: () => Promise<void>): Promise<void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    this.tails.set(key, next);
    void next.finally(() => {
      if (this.tails.get(key) === next) this.tails.delete(key);
    });
    return next;
  }
}

/** At most `limit` tasks at a time. */
class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

export function createScheduler(opts: SchedulerOptions): Scheduler {
  const { db, poster, clock } = opts;
  const log = opts.logger;
  const processId = opts.processId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const leaseMs = opts.leaseMs ?? 60_000;
  const maxAttempts = opts.maxAttempts ?? 8;
  const batchSize = opts.batchSize ?? 50;
  const maxInFlight = opts.maxInFlight ?? 200;
  const lateAfterMs = opts.lateAfterMs ?? DEFAULT_LATE_AFTER_MS;
  const backoff = opts.backoffMs && opts.backoffMs.length > 0 ? opts.backoffMs : DEFAULT_BACKOFF_MS;
  const precise = opts.precise ?? true;
  const planner =
    opts.planner ?? new ReminderPlanner({ db, clock, defaultTimezone: opts.defaultTimezone ?? 'Europe/Zurich', logger: log });
  const lanes = new Lanes();
  const slots = new Semaphore(opts.concurrency ?? 16);

  let provider: Provider | undefined = opts.provider;
  /** Rows this process holds, with the lease end it last wrote for each (clock ms). */
  const inFlight = new Map<number, number>();
  const batches = new Set<Promise<unknown>>();
  /** Channels that just refused a post permanently: the rest of their queue fails without asking again. */
  const deadChannels = new Map<string, { error: PostError; until: number }>();
  let task: ScheduledTask | undefined;
  let wakeTimer: NodeJS.Timeout | undefined;
  let renewTimer: NodeJS.Timeout | undefined;
  let digestTimer: NodeJS.Timeout | undefined;
  let claiming: Promise<unknown> = Promise.resolve();
  let claimBusy = false;
  let stopping = false;
  /** The last claim took all it had room for: more may be due right now. */
  let moreDue = false;
  let wokenWhileBusy = false;

  /** While running, claims again at once instead of waiting for the next cron tick. */
  const kick = () => {
    if (task && !stopping) setImmediate(() => void safeTick());
  };

  const leaseEnd = () => new Date(clock.now().getTime() + leaseMs);
  const ours = (id: number) => ({ id, leaseOwner: processId, status: 'claimed' as const });

  /** Records an outcome if the row is still ours. */
  async function finish(row: Reminder, data: Models.Prisma.ReminderUpdateManyMutationInput, result: TickResult): Promise<boolean> {
    const { count } = await db.reminder.updateMany({ where: ours(row.id), data: { leaseUntil: null, ...data } });
    if (count === 0) {
      result.lost++;
      log.warn({ reminderId: row.id, processId }, 'reminder: lease lost before recording; another process owns it now');
      return false;
    }
    if (row.kind === 'digest' && data.status !== 'pending') {
      await planner.planDigest(row.guildId).catch((err: unknown) => log.error({ err, guildId: row.guildId }, 'reminder: planning the next digest failed'));
    }
    return true;
  }

  async function release(row: Reminder, result: TickResult): Promise<void> {
    const { count } = await db.reminder.updateMany({ where: ours(row.id), data: { status: 'pending', leaseOwner: null, leaseUntil: null } });
    if (count > 0) result.released++;
  }

  async function failed(row: Reminder, error: PostError, result: TickResult): Promise<void> {
    const now = clock.now();
    const attempts = row.attempts + 1;
    if (error.permanent || attempts >= maxAttempts) {
      const reason = error.permanent ? error.message : `gave up after ${attempts} attempts: ${error.message}`;
      if (await finish(row, { status: 'failed', attempts, lastError: reason }, result)) result.failed++;
      log.warn({ reminderId: row.id, guildId: row.guildId, code: error.code, status: error.status, reason }, 'reminder: failed');
      return;
    }
    const delay = backoff[Math.min(attempts - 1, backoff.length - 1)]!;
    const runAt = new Date(now.getTime() + delay);
    if (await finish(row, { status: 'pending', attempts, lastError: error.message, runAt, leaseOwner: null }, result)) result.retried++;
    log.info({ reminderId: row.id, attempts, retryInMs: delay, reason: error.message }, 'reminder: will retry');
  }

  async function postOne(row: Reminder, p: Extract<Prepared, { action: 'post' }>, result: TickResult): Promise<void> {
    if (stopping) return release(row, result);
    const dead = deadChannels.get(p.channelId);
    if (dead && dead.until > Date.now()) return failed(row, dead.error, result);
    // Enough lease left for the post, or renewed first: no one else can take the row meanwhile.
    const now = clock.now().getTime();
    if ((inFlight.get(row.id) ?? 0) - now < leaseMs / 2) {
      const until = leaseEnd();
      const touched = await db.reminder.updateMany({ where: ours(row.id), data: { leaseUntil: until } });
      if (touched.count === 0) {
        result.lost++;
        return;
      }
      inFlight.set(row.id, until.getTime());
    }
    let messageId: string;
    try {
      ({ messageId } = await poster.post(p.channelId, { ...p.message, nonce: reminderNonce(row) }));
    } catch (err) {
      const error = toPostError(err);
      // No access / unknown channel holds for the whole channel (a refused body only for this one).
      if (error.permanent && error.code !== undefined && PERMANENT_CODES.has(error.code)) {
        deadChannels.set(p.channelId, { error, until: Date.now() + 60_000 });
      }
      return failed(row, error, result);
    }
    if (await finish(row, { status: 'posted', messageId, postedAt: clock.now(), late: p.late, lastError: null }, result)) {
      result.posted++;
      log.info({ reminderId: row.id, guildId: row.guildId, channelId: p.channelId, messageId, late: p.late }, 'reminder: posted');
    }
  }

  async function runBatch(rows: Reminder[], result: TickResult): Promise<void> {
    let prepared: Map<number, Prepared>;
    try {
      prepared = await prepareReminders(db, rows, clock.now(), { lateAfterMs });
    } catch (err) {
      // The claims stay; their lease runs out and they are tried again.
      for (const row of rows) inFlight.delete(row.id);
      throw err;
    }
    await Promise.all(
      rows.map(async (row) => {
        try {
          const p = prepared.get(row.id)!;
          switch (p.action) {
            case 'release':
              return await release(row, result);
            case 'skip':
              if (await finish(row, { status: 'skipped', lastError: p.reason }, result)) result.skipped++;
              return;
            case 'fail':
              if (await finish(row, { status: 'failed', lastError: p.reason }, result)) result.failed++;
              return;
            case 'post':
              return await lanes.run(p.channelId, () => slots.run(() => postOne(row, p, result)));
          }
        } catch (err) {
          // A database error here: the claim stays, its lease runs out, and it is tried again.
          log.error({ err, reminderId: row.id }, 'reminder: processing failed');
        } finally {
          inFlight.delete(row.id);
        }
      }),
    );
  }

  async function claim(): Promise<{ rows: Reminder[]; result: TickResult }> {
    const result = emptyResult();
    provider ??= await detectProvider(db);
    const room = Math.min(batchSize, maxInFlight - inFlight.size);
    if (stopping || room <= 0) return { rows: [], result };
    const now = clock.now();
    const ids = await claimDue(db, provider, { owner: processId, now, leaseUntil: new Date(now.getTime() + leaseMs), limit: room });
    moreDue = ids.length >= room;
    // A row of ours still being worked on can come back when the clock jumps past its lease.
    const fresh = ids.filter((id) => !inFlight.has(id));
    for (const id of fresh) inFlight.set(id, now.getTime() + leaseMs);
    result.claimed = fresh.length;
    if (fresh.length === 0) return { rows: [], result };
    let rows: Reminder[];
    try {
      rows = await db.reminder.findMany({ where: { id: { in: fresh }, leaseOwner: processId, status: 'claimed' } });
    } catch (err) {
      for (const id of fresh) inFlight.delete(id);
      throw err;
    }
    const order = new Map(fresh.map((id, i) => [id, i]));
    rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
    const found = new Set(rows.map((r) => r.id));
    for (const id of fresh) if (!found.has(id)) inFlight.delete(id);
    return { rows, result };
  }

  async function tick(fromTimer = false): Promise<TickResult> {
    if (fromTimer && claimBusy) {
      // Woken while a claim runs: claim again right after it, rather than at the next cron tick.
      wokenWhileBusy = true;
      return emptyResult();
    }
    // One claim at a time per process; the posting of earlier claims goes on meanwhile.
    const mine = claiming.then(async () => {
      claimBusy = true;
      try {
        return await claim();
      } finally {
        claimBusy = false;
      }
    });
    claiming = mine.catch(() => undefined);
    const { rows, result } = await mine;
    if (precise && !stopping) void scheduleWake();
    if ((moreDue || wokenWhileBusy) && inFlight.size < maxInFlight) {
      wokenWhileBusy = false;
      kick();
    }
    if (rows.length === 0) return result;
    const batch = runBatch(rows, result);
    batches.add(batch);
    try {
      await batch;
    } finally {
      batches.delete(batch);
      if (moreDue) kick();
    }
    return result;
  }

  /** Wakes exactly at the next due instant when it comes before the next cron tick. */
  async function scheduleWake(): Promise<void> {
    try {
      const now = clock.now();
      const next = await nextRunAt(db, now);
      if (!next || stopping) return;
      const delay = next.getTime() - now.getTime();
      if (delay > 1_000) return;
      if (wakeTimer) clearTimeout(wakeTimer);
      wakeTimer = setTimeout(() => {
        wakeTimer = undefined;
        void safeTick();
      }, Math.max(delay, 0));
    } catch (err) {
      log.debug({ err }, 'scheduler: next-run lookup failed');
    }
  }

  async function safeTick(): Promise<void> {
    if (stopping) return;
    try {
      await tick(true);
    } catch (err) {
      log.error({ err }, 'scheduler: tick failed');
    }
  }

  async function renewLeases(): Promise<void> {
    if (inFlight.size === 0) return;
    try {
      await db.reminder.updateMany({
        where: { id: { in: [...inFlight.keys()] }, leaseOwner: processId, status: 'claimed' },
        data: { leaseUntil: leaseEnd() },
      });
    } catch (err) {
      log.warn({ err }, 'scheduler: lease renewal failed');
    }
  }

  return {
    processId,
    start() {
      if (task) return;
      stopping = false;
      task = cron.schedule(opts.cron ?? '* * * * * *', () => safeTick(), { name: `reminders:${processId}`, noOverlap: false });
      renewTimer = setInterval(() => void renewLeases(), Math.max(leaseMs / 3, 100));
      const planDigests = () =>
        planner.planAllDigests().catch((err: unknown) => log.error({ err }, 'scheduler: planning digests failed'));
      void planDigests();
      digestTimer = setInterval(() => void planDigests(), 3_600_000);
      digestTimer.unref();
      log.info({ processId, leaseMs, maxAttempts }, 'scheduler started');
      void safeTick();
    },
    async stop() {
      stopping = true;
      if (task) {
        await task.destroy();
        task = undefined;
      }
      if (wakeTimer) clearTimeout(wakeTimer);
      if (digestTimer) clearInterval(digestTimer);
      await claiming;
      await Promise.allSettled([...batches]);
      if (renewTimer) clearInterval(renewTimer);
      wakeTimer = renewTimer = digestTimer = undefined;
      log.info({ processId }, 'scheduler stopped');
    },
    tick: () => tick(false),
    inFlight: () => inFlight.size,
  };
}
