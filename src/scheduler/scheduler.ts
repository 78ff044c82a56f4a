// The scheduler: node-cron only wakes it; the database decides what is due. This file strings the
// parts together, each of which is its own small function:
//   claim (claim.ts)        due rows taken with a lease by one conditional statement
//   decide (src/reminders/prepare.ts)  post, skip, fail or give back, from the items as they are now
//   lanes (lanes.ts)        in order within a channel, a bounded number of channels at once
//   lease (lease.ts)        renewed before a post when half is gone; released at once when stopping
//   outcome (outcome.ts)    what to write after a post or an error; backoff (backoff.ts)
//   record (record.ts)      a batch's outcomes in one statement, only for rows still held
//   periodic (periodic.ts)  work done once per period for the whole deployment
//
// Never doubled: each post carries a nonce derived from the row (Discord de-duplicates it for a
// few minutes) and a marker with the same nonce in its text. A post whose earlier attempt may
// have reached Discord and whose nonce window has passed is first looked for in the channel
// (findPosted), and the found message is recorded instead of posting again. Never lost: a
// process that dies leaves claims whose lease runs out, and the next claim takes them back.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from '../clock';
import type { Db, Models } from '../db/client';
import type { Logger } from '../logging/logger';
import { noSchedulerObserver, type SchedulerObserver } from '../observability/events';
import { withMarker } from '../posting/marker';
import { type MessagePoster, toPostError } from '../posting/poster';
import { reminderNonce } from '../reminders/keys';
import { DEFAULT_LATE_AFTER_MS, prepareReminders, type PostingContext, type Prepared } from '../reminders/prepare';
import { DEFAULT_BACKOFF_MS } from './backoff';
import { claimDueBatch, countDue, detectProvider, nextRunAt, type Provider } from './claim';
import { DeadChannels } from './dead-channels';
import { createLanes } from './lanes';
import { needsRenewal, releaseClaims, renewLeases } from './lease';
import { outcomeColumns, outcomeOfError, type Outcome, type RetryPolicy } from './outcome';
import { takePeriod } from './periodic';
import { OutcomeRecorder, recordOutcomes } from './record';

type Reminder = Models.Reminder;

/**
 * How long Discord surely still de-duplicates a nonce. Discord documents only "the past few
 * minutes", so this stays well inside it: past it, an earlier attempt is looked for first.
 */
export const NONCE_WINDOW_MS = 2 * 60_000;

export interface PeriodicJob {
  /** Unique in the deployment. */
  name: string;
  everyMs: number;
  run: () => Promise<void>;
}

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
  /** Past this, an earlier attempt is looked for before posting again; default NONCE_WINDOW_MS. */
  nonceWindowMs?: number;
  /** Also wake exactly when the next reminder is due, between cron ticks; default true. */
  precise?: boolean;
  /**
   * Called once a reminder is done (posted, failed or skipped) and recorded: what follows it is
   * planned by whoever composed the scheduler (the next weekly digest).
   */
  onDone?: (reminder: Reminder) => Promise<void>;
  /** Work done once per period for the whole deployment, whatever the number of processes. */
  periodic?: readonly PeriodicJob[];
  observer?: SchedulerObserver;
}

export interface TickResult {
  claimed: number;
  posted: number;
  /** Of the posted: an earlier attempt's message found in the channel and recorded. */
  found: number;
  failed: number;
  skipped: number;
  retried: number;
  /** Given back unposted (the server paused, or the scheduler is stopping). */
  released: number;
  /** Taken over by another process before this one could record them. */
  lost: number;
}

export interface StopOptions {
  /**
   * Posts still under way after this long are abandoned and their claims released at once (not
   * when their lease runs out), so another process takes them; default: wait for them.
   */
  deadlineMs?: number;
}

export interface Scheduler {
  readonly processId: string;
  start(): void;
  /** Stops claiming, finishes what is under way (or releases it at the deadline). */
  stop(opts?: StopOptions): Promise<void>;
  /** One claim-and-post round (tests and benchmarks call it directly). */
  tick(): Promise<TickResult>;
  /** Rows this process holds right now. */
  inFlight(): number;
}

const emptyResult = (): TickResult => ({ claimed: 0, posted: 0, found: 0, failed: 0, skipped: 0, retried: 0, released: 0, lost: 0 });

export function createScheduler(opts: SchedulerOptions): Scheduler {
  const { db, poster, clock } = opts;
  const log = opts.logger;
  const observer = opts.observer ?? noSchedulerObserver;
  const processId = opts.processId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const leaseMs = opts.leaseMs ?? 60_000;
  const batchSize = opts.batchSize ?? 50;
  const maxInFlight = opts.maxInFlight ?? 200;
  const lateAfterMs = opts.lateAfterMs ?? DEFAULT_LATE_AFTER_MS;
  const nonceWindowMs = opts.nonceWindowMs ?? NONCE_WINDOW_MS;
  const policy: RetryPolicy = { maxAttempts: opts.maxAttempts ?? 8, backoffMs: opts.backoffMs?.length ? opts.backoffMs : DEFAULT_BACKOFF_MS };
  const precise = opts.precise ?? true;
  const lanes = createLanes(opts.concurrency ?? 16);
  const dead = new DeadChannels(clock);

  let provider: Provider | undefined = opts.provider;
  const engine = async () => (provider ??= await detectProvider(db));
  const recorder = new OutcomeRecorder(async (rows) => recordOutcomes(db, await engine(), processId, clock.now(), rows));
  /** Rows this process holds, with the lease end it last wrote for each (clock ms). */
  const inFlight = new Map<number, number>();
  const batches = new Set<Promise<unknown>>();
  let task: ScheduledTask | undefined;
  let wakeTimer: NodeJS.Timeout | undefined;
  let renewTimer: NodeJS.Timeout | undefined;
  let periodicTimer: NodeJS.Timeout | undefined;
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

  /** Records an outcome if the row is still ours, then counts, reports and hands it on. */
  async function settle(row: Reminder, outcome: Outcome, result: TickResult): Promise<void> {
    const recorded = await recorder.record(outcomeColumns(row, outcome, clock.now()));
    if (!recorded) {
      result.lost++;
      log.warn({ reminderId: row.id, processId }, 'reminder: lease lost before recording; another process owns it now');
      return;
    }
    switch (outcome.status) {
      case 'posted':
        result.posted++;
        if (outcome.found) result.found++;
        observer.posted({ late: outcome.late, kind: row.kind });
        log.info({ reminderId: row.id, guildId: row.guildId, messageId: outcome.messageId, late: outcome.late, found: outcome.found }, 'reminder: posted');
        break;
      case 'skipped':
        result.skipped++;
        break;
      case 'failed':
        result.failed++;
        observer.failed({ kind: row.kind, reason: outcome.reason });
        log.warn({ reminderId: row.id, guildId: row.guildId, reason: outcome.reason }, 'reminder: failed');
        break;
      case 'pending':
        result.retried++;
        observer.retried({ kind: row.kind });
        log.info({ reminderId: row.id, attempts: outcome.attempts, retryAt: outcome.runAt, reason: outcome.reason }, 'reminder: will retry');
        return;
    }
    if (opts.onDone) {
      await opts.onDone(row).catch((err: unknown) => log.error({ err, reminderId: row.id, guildId: row.guildId }, 'reminder: what follows it could not be planned'));
    }
  }

  async function release(ids: number[], result: TickResult): Promise<void> {
    const released = await releaseClaims(db, processId, ids);
    result.released += released; // after the await: concurrent releases must not overwrite each other
  }

  /**
   * Posts one row (or finds its earlier post). Returns its recording apart, so the channel's next
   * post need not wait for the database: the recordings of a burst share one statement.
   */
  async function postOne(row: Reminder, p: Extract<Prepared, { action: 'post' }>, result: TickResult): Promise<{ recorded: Promise<void> }> {
    const then = (recorded: Promise<void>) => {
      recorded.catch(() => undefined); // awaited by the batch; this only keeps it from counting as unhandled meanwhile
      return { recorded };
    };
    if (stopping) return then(release([row.id], result));
    const now = clock.now();
    const refusal = dead.refusal(p.channelId);
    if (refusal) return then(settle(row, outcomeOfError(row, refusal, now, policy), result));
    if (needsRenewal(inFlight.get(row.id) ?? 0, now.getTime(), leaseMs)) {
      const until = new Date(now.getTime() + leaseMs);
      if ((await renewLeases(db, processId, [row.id], until)) === 0) {
        result.lost++;
        return then(Promise.resolve());
      }
      inFlight.set(row.id, until.getTime());
    }
    const nonce = reminderNonce(row);
    try {
      // An earlier attempt may have landed and Discord may have forgotten its nonce: look first.
      if (poster.findPosted && row.sentAt && now.getTime() - row.sentAt.getTime() > nonceWindowMs) {
        const earlier = await poster.findPosted(p.channelId, nonce, row.sentAt);
        if (earlier) return then(settle(row, { status: 'posted', messageId: earlier.messageId, late: p.late, found: true }, result));
      }
      const { messageId } = await poster.post(p.channelId, { ...p.message, content: withMarker(p.message.content, nonce), nonce });
      return then(settle(row, { status: 'posted', messageId, late: p.late }, result));
    } catch (err) {
      const error = toPostError(err);
      dead.note(p.channelId, error);
      return then(settle(row, outcomeOfError(row, error, clock.now(), policy), result));
    }
  }

  async function runBatch(rows: Reminder[], result: TickResult, context: PostingContext | undefined): Promise<void> {
    let prepared: Map<number, Prepared>;
    try {
      prepared = await prepareReminders(db, rows, clock.now(), { lateAfterMs, context });
    } catch (err) {
      // The claims stay; their lease runs out and they are tried again.
      for (const row of rows) inFlight.delete(row.id);
      throw err;
    }
    const guard = (row: Reminder) => (work: Promise<void>) =>
      work
        // A database error here: the claim stays, its lease runs out, and it is tried again.
        .catch((err: unknown) => log.error({ err, reminderId: row.id }, 'reminder: processing failed'))
        .finally(() => inFlight.delete(row.id));
    const released: number[] = [];
    const work: Promise<void>[] = [];
    for (const row of rows) {
      const p = prepared.get(row.id)!;
      switch (p.action) {
        case 'release':
          released.push(row.id);
          break;
        case 'skip':
          work.push(guard(row)(settle(row, { status: 'skipped', reason: p.reason }, result)));
          break;
        case 'fail':
          work.push(guard(row)(settle(row, { status: 'failed', reason: p.reason }, result)));
          break;
        case 'post': {
          let recording: Promise<void> = Promise.resolve();
          const posted = lanes.run(p.channelId, async () => {
            recording = (await postOne(row, p, result)).recorded;
          });
          work.push(guard(row)(posted.then(() => recording)));
          break;
        }
      }
    }
    if (released.length > 0) {
      work.push(
        release(released, result)
          .catch((err: unknown) => log.error({ err }, 'reminder: giving back claims failed'))
          .finally(() => released.forEach((id) => inFlight.delete(id))),
      );
    }
    await Promise.all(work);
  }

  interface Claimed {
    rows: Reminder[];
    result: TickResult;
    now: Date;
    context?: PostingContext;
    nextRunAt?: Date | null;
  }

  async function claim(): Promise<Claimed> {
    const result = emptyResult();
    const now = clock.now();
    const room = Math.min(batchSize, maxInFlight - inFlight.size);
    if (stopping || room <= 0) return { rows: [], result, now };
    const batch = await claimDueBatch(db, await engine(), { owner: processId, now, leaseUntil: new Date(now.getTime() + leaseMs), limit: room });
    moreDue = batch.rows.length >= room;
    // A row of ours still being worked on can come back when the clock jumps past its lease.
    const rows = batch.rows.filter((r) => !inFlight.has(r.id));
    for (const r of rows) inFlight.set(r.id, now.getTime() + leaseMs);
    result.claimed = rows.length;
    return { rows, result, now, context: batch.context, nextRunAt: batch.nextRunAt };
  }

  async function tick(fromTimer = false): Promise<TickResult> {
    if (fromTimer && claimBusy) {
      // Woken while a claim runs: claim again right after it, rather than at the next cron tick.
      wokenWhileBusy = true;
      return emptyResult();
    }
    const started = performance.now();
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
    const { rows, result, now, context, nextRunAt: next } = await mine;
    if (precise && !stopping) void scheduleWake(now, next);
    const full = moreDue;
    if ((moreDue || wokenWhileBusy) && inFlight.size < maxInFlight) {
      wokenWhileBusy = false;
      kick();
    }
    if (rows.length > 0) {
      const batch = runBatch(rows, result, context);
      batches.add(batch);
      try {
        await batch;
      } finally {
        batches.delete(batch);
        if (moreDue) kick();
      }
    }
    // What is still due after a claim that took all it had room for (otherwise nothing was left).
    const backlog = full ? await countDue(db, now).catch(() => 0) : 0;
    observer.tick({ durationMs: performance.now() - started, backlog });
    return result;
  }

  /**
   * Wakes exactly at the next due instant when it comes before the next cron tick. `known`: that
   * instant as the claim read it (null: none); otherwise it is looked up after `claimedAt`.
   */
  async function scheduleWake(claimedAt: Date, known?: Date | null): Promise<void> {
    try {
      const next = known === undefined ? await nextRunAt(db, claimedAt) : known;
      if (!next || stopping) return;
      const delay = next.getTime() - clock.now().getTime();
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

  async function renewAll(): Promise<void> {
    if (inFlight.size === 0) return;
    try {
      await renewLeases(db, processId, [...inFlight.keys()], new Date(clock.now().getTime() + leaseMs));
    } catch (err) {
      log.warn({ err }, 'scheduler: lease renewal failed');
    }
  }

  async function runPeriodic(): Promise<void> {
    for (const job of opts.periodic ?? []) {
      if (stopping) return;
      try {
        if (await takePeriod(db, job.name, processId, clock.now(), job.everyMs)) await job.run();
      } catch (err) {
        log.error({ err, job: job.name }, 'scheduler: periodic job failed');
      }
    }
  }

  return {
    processId,
    start() {
      if (task) return;
      stopping = false;
      task = cron.schedule(opts.cron ?? '* * * * * *', () => safeTick(), { name: `reminders:${processId}`, noOverlap: false });
      renewTimer = setInterval(() => void renewAll(), Math.max(leaseMs / 3, 100));
      if (opts.periodic?.length) {
        // Asked often, done once per period for the whole deployment.
        void runPeriodic();
        periodicTimer = setInterval(() => void runPeriodic(), Math.min(60_000, ...opts.periodic.map((j) => j.everyMs)));
        periodicTimer.unref();
      }
      log.info({ processId, leaseMs, maxAttempts: policy.maxAttempts }, 'scheduler started');
      void safeTick();
    },
    async stop(stopOpts: StopOptions = {}) {
      stopping = true;
      if (task) {
        await task.destroy();
        task = undefined;
      }
      if (wakeTimer) clearTimeout(wakeTimer);
      if (periodicTimer) clearInterval(periodicTimer);
      await claiming;
      const settled = Promise.allSettled([...batches]).then(() => true);
      let deadline: NodeJS.Timeout | undefined;
      const finished =
        stopOpts.deadlineMs === undefined
          ? await settled
          : await Promise.race([settled, new Promise<false>((resolve) => (deadline = setTimeout(() => resolve(false), stopOpts.deadlineMs)))]);
      if (deadline) clearTimeout(deadline);
      if (!finished) {
        // Posts still under way: give their rows back now. If one of them does land, another
        // process's post of the same row carries the same nonce and Discord returns this one.
        const ids = [...inFlight.keys()];
        const released = await releaseClaims(db, processId, ids).catch((err: unknown) => {
          log.error({ err }, 'scheduler: releasing claims at stop failed; their leases will run out');
          return 0;
        });
        log.warn({ processId, released, abandoned: ids.length }, 'scheduler: stop deadline reached; claims released');
      }
      if (renewTimer) clearInterval(renewTimer);
      wakeTimer = renewTimer = periodicTimer = undefined;
      log.info({ processId }, 'scheduler stopped');
    },
    tick: () => tick(false),
    inFlight: () => inFlight.size,
  };
}
