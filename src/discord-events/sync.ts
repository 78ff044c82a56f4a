// Keeps a server's Discord scheduled events in step with its reviews when the server turned
// them on: after each change the services report, and in full when turned on. Runs one
// reconcile at a time per server (a change during one runs another after it), tries a failed one
// again a few times, and records why the events are out of date when they stay so (for
// /settings show). Discord's side is reached through the bot's REST client only; the services
// never see it.
import { DiscordAPIError, Routes, type REST } from 'discord.js';
import type { Clock } from '../clock';
import type { Db } from '../db/client';
import { DomainError, msg, type Message } from '../domain-error';
import { postLanguageOf } from '../guild-data/language';
import { translator } from '../i18n';
import type { DiscordEventsProblem } from '../services/discord-events-problem';
import type { Logger } from '../logging/logger';
import { noDiscordEventsObserver, type DiscordEventsObserver } from '../observability/events';
import { DISCORD_EVENT_LIMIT, desiredEvents } from './plan';

const UNKNOWN_EVENT = 10070;
const MISSING_PERMISSIONS = 50013;
const MISSING_ACCESS = 50001;

export const NO_EVENTS_PERMISSION: Message = msg('settings:events.noPermission');

export interface SyncResult {
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
}

type Rest = Pick<REST, 'get' | 'post' | 'patch' | 'delete'>;

const isCode = (err: unknown, code: number): boolean => err instanceof DiscordAPIError && err.code === code;
/** Discord refused because the bot may not manage events in the server. */
const isForbidden = (err: unknown): boolean => isCode(err, MISSING_PERMISSIONS) || isCode(err, MISSING_ACCESS);

/**
 * After a reconcile that failed (Discord or the database unreachable, a 5xx past the client's own
 * retries), the next tries; after the last, the events wait for the server's next change.
 */
const RETRY_DELAYS_MS: readonly number[] = [1_000, 5_000, 30_000, 120_000, 600_000];

interface PendingRetry {
  timer: NodeJS.Timeout;
  /** Resolves when the retry has started (or was cancelled). */
  started: Promise<void>;
  start: () => void;
}

export class DiscordEventsSync {
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private readonly retries = new Map<string, PendingRetry>();

  private readonly observer: DiscordEventsObserver;
  private readonly retryDelaysMs: readonly number[];

  constructor(
    private readonly deps: {
      db: Db;
      rest: () => Rest;
      clock: Clock;
      logger: Logger;
      observer?: DiscordEventsObserver;
      /** The waits before each retry (tests shorten them). */
      retryDelaysMs?: readonly number[];
    },
  ) {
    this.observer = deps.observer ?? noDiscordEventsObserver;
    this.retryDelaysMs = deps.retryDelaysMs ?? RETRY_DELAYS_MS;
  }

  /** Turns it on and creates the events now; a clear DomainError when the bot lacks the permission. */
  async enable(guildId: string): Promise<SyncResult> {
    await this.deps.db.discordEventsSync.upsert({ where: { guildId }, create: { guildId }, update: {} });
    try {
      return await this.reconcile(guildId);
    } catch (err) {
      if (isForbidden(err)) {
        await this.deps.db.discordEventsSync.deleteMany({ where: { guildId } });
        throw new DomainError('forbidden', NO_EVENTS_PERMISSION);
      }
      throw err;
    }
  }

  /** Turns it off and deletes the events it made. */
  async disable(guildId: string): Promise<{ deleted: number; wasOn: boolean }> {
    const wasOn = (await this.deps.db.discordEventsSync.deleteMany({ where: { guildId } })).count > 0;
    this.cancelRetry(guildId);
    await this.running.get(guildId);
    const links = await this.deps.db.scheduledEventLink.findMany({ where: { guildId } });
    let deleted = 0;
    for (const link of links) {
      if (await this.deleteEvent(guildId, link.eventId)) deleted++;
      await this.deps.db.scheduledEventLink.delete({ where: { reviewId: link.reviewId } });
    }
    return { deleted, wasOn };
  }

  /** Called after the services committed a change to a server's reviews. */
  reviewsChanged(guildId: string): void {
    // The run this starts covers what a pending retry would have done.
    this.cancelRetry(guildId);
    this.run(guildId, 0);
  }

  /** Cancels the retries still waiting, then waits for the work under way (shutdown). */
  async stop(): Promise<void> {
    for (const guildId of [...this.retries.keys()]) this.cancelRetry(guildId);
    while (this.running.size) await Promise.all([...this.running.values()]);
  }

  /** Waits until nothing is under way or waiting to be retried for a server (tests). */
  async settled(guildId: string): Promise<void> {
    for (;;) {
      const run = this.running.get(guildId);
      const retry = this.retries.get(guildId);
      if (run) await run;
      else if (retry) await retry.started;
      else return;
    }
  }

  /** One reconcile at a time per server; a change during one runs another after it. */
  private run(guildId: string, failuresBefore: number): void {
    if (this.running.has(guildId)) {
      this.again.add(guildId);
      return;
    }
    const work = (async () => {
      let failures = failuresBefore;
      do {
        this.again.delete(guildId);
        try {
          if (await this.isOn(guildId)) {
            await this.reconcile(guildId);
            this.observer.reconciled({ outcome: 'ok' });
          }
          failures = 0;
        } catch (err) {
          if (isForbidden(err)) {
            // Trying again cannot help until someone gives the permission back; the next change tries.
            failures = 0;
            this.observer.reconciled({ outcome: 'forbidden' });
            this.deps.logger.warn({ err, guildId }, 'Discord events not brought up to date: the bot may no longer manage events here');
            await this.recordProblem(guildId, 'forbidden');
          } else {
            failures++;
            this.deps.logger.warn({ err, guildId, failures }, 'Discord events not brought up to date');
          }
        }
        // Out of retries: say so before the last look at `again` (a change reported meanwhile runs
        // here, and its success clears it).
        if (failures > this.retryDelaysMs.length && !this.again.has(guildId)) await this.recordProblem(guildId, 'failing');
      } while (this.again.has(guildId));
      // In the same synchronous step as the last look at `again`: a change reported from here on
      // starts a run of its own instead of waiting for this one.
      this.running.delete(guildId);
      if (failures) this.observer.reconciled({ outcome: this.retryLater(guildId, failures) ? 'retrying' : 'given-up' });
    })();
    this.running.set(guildId, work);
  }

  /** Whether a retry was set (false: the retries are used up). */
  private retryLater(guildId: string, failures: number): boolean {
    const delay = this.retryDelaysMs[failures - 1];
    if (delay === undefined) {
      this.deps.logger.error({ guildId, failures }, 'Discord events left out of date until the next change to the reviews');
      return false;
    }
    let start = () => {};
    const started = new Promise<void>((resolve) => {
      start = resolve;
    });
    const timer = setTimeout(() => {
      this.retries.delete(guildId);
      start();
      this.run(guildId, failures);
    }, delay);
    timer.unref();
    this.retries.set(guildId, { timer, started, start });
    return true;
  }

  private cancelRetry(guildId: string): void {
    const retry = this.retries.get(guildId);
    if (!retry) return;
    clearTimeout(retry.timer);
    this.retries.delete(guildId);
    retry.start();
  }

  /**
   * Records why the events are out of step, for /settings show; the time it was first recorded
   * stays until a reconcile succeeds. Never throws: the database may be what failed.
   */
  private async recordProblem(guildId: string, problem: DiscordEventsProblem): Promise<void> {
    let fresh = false;
    try {
      const { db, clock } = this.deps;
      fresh = (await db.discordEventsSync.updateMany({ where: { guildId, problemSince: null }, data: { problemSince: clock.now() } })).count > 0;
      await db.discordEventsSync.updateMany({ where: { guildId }, data: { problem } });
    } catch (err) {
      this.deps.logger.warn({ err, guildId, problem }, 'Discord events: could not record why they are out of date');
    }
    // Only the admins can give the permission back: told once, where the reminders go.
    if (fresh && problem === 'forbidden') await this.tellPermissionLost(guildId);
  }

  private async tellPermissionLost(guildId: string): Promise<void> {
    try {
      const { db } = this.deps;
      const channelId = (await db.guildSettings.findUnique({ where: { guildId }, select: { reminderChannelId: true } }))?.reminderChannelId;
      if (!channelId) return;
      const content = translator(await postLanguageOf(db, guildId))('posts:event.permissionLost');
      await this.deps.rest().post(Routes.channelMessages(channelId), { body: { content, allowed_mentions: { parse: [] } } });
    } catch (err) {
      this.deps.logger.warn({ err, guildId }, 'Discord events: could not tell the server that the bot lost the events permission');
    }
  }

  async isOn(guildId: string): Promise<boolean> {
    return (await this.deps.db.discordEventsSync.count({ where: { guildId } })) > 0;
  }

  async reconcile(guildId: string): Promise<SyncResult> {
    const { db } = this.deps;
    const rest = this.deps.rest();
    const result: SyncResult = { created: 0, updated: 0, deleted: 0, unchanged: 0 };
    const links = await db.scheduledEventLink.findMany({ where: { guildId } });
    const ours = new Set(links.map((l) => l.eventId));
    const existing = (await rest.get(Routes.guildScheduledEvents(guildId))) as { id: string; status: number }[];
    const existingIds = new Set(existing.map((e) => e.id));
    // Events people made count against the same limit of 100.
    const others = existing.filter((e) => !ours.has(e.id) && (e.status === 1 || e.status === 2)).length;
    const reviews = await db.review.findMany({
      where: { guildId, status: { in: ['scheduled', 'rescheduled'] }, reviewAt: { gt: this.deps.clock.now() } },
      select: { id: true, stateCode: true, session: true, reviewAt: true, reviewTimeKnown: true, status: true, notes: true },
    });
    const desired = desiredEvents(reviews, this.deps.clock.now(), DISCORD_EVENT_LIMIT - others, await postLanguageOf(db, guildId));
    const want = new Map(desired.map((d) => [d.reviewId, d]));

    // Deletions first, so the slots they free can be used.
    for (const link of links) {
      if (want.has(link.reviewId)) continue;
      if (await this.deleteEvent(guildId, link.eventId)) result.deleted++;
      await db.scheduledEventLink.delete({ where: { reviewId: link.reviewId } });
    }
    const linked = new Map(links.map((l) => [l.reviewId, l]));
    for (const d of desired) {
      const link = linked.get(d.reviewId);
      if (link && existingIds.has(link.eventId)) {
        if (link.fingerprint === d.fingerprint) {
          result.unchanged++;
          continue;
        }
        try {
          await rest.patch(Routes.guildScheduledEvent(guildId, link.eventId), { body: d.payload });
          await db.scheduledEventLink.update({ where: { reviewId: d.reviewId }, data: { fingerprint: d.fingerprint } });
          result.updated++;
          continue;
        } catch (err) {
          if (!isCode(err, UNKNOWN_EVENT)) throw err;
        }
      }
      // New, or someone deleted ours in Discord: make it (again).
      const made = (await rest.post(Routes.guildScheduledEvents(guildId), { body: d.payload })) as { id: string };
      await db.scheduledEventLink.upsert({
        where: { reviewId: d.reviewId },
        create: { reviewId: d.reviewId, guildId, eventId: made.id, fingerprint: d.fingerprint },
        update: { eventId: made.id, fingerprint: d.fingerprint },
      });
      result.created++;
    }
    // In step again: whatever /settings show said was wrong is over.
    await db.discordEventsSync.updateMany({ where: { guildId, problem: { not: null } }, data: { problem: null, problemSince: null } });
    return result;
  }

  private async deleteEvent(guildId: string, eventId: string): Promise<boolean> {
    try {
      await this.deps.rest().delete(Routes.guildScheduledEvent(guildId, eventId));
      return true;
    } catch (err) {
      if (isCode(err, UNKNOWN_EVENT)) return false;
      throw err;
    }
  }
}
