// A server the bot was removed from keeps its data for the retention period with its reminders
// paused; coming back within it restores everything; past it, the data is purged. Purges are
// claimed with a lease, so several bot processes may run the job at once.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import type { Db } from '../db/client';
import { purgeGuild, type PurgeCounts } from '../guild-data/purge';
import type { Logger } from '../logging/logger';

const DAY_MS = 24 * 3_600_000;
/** How long one process may hold a purge before another may take it over. */
export const PURGE_LEASE_MS = 10 * 60_000;

export interface RetentionDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  retentionDays: number;
  /** Names this process in purge claims. */
  owner?: string;
}

export class RetentionService {
  private readonly owner: string;

  constructor(private readonly deps: RetentionDeps) {
    this.owner = deps.owner ?? `retention-${randomUUID().slice(0, 8)}`;
  }

  /** The bot was removed (not an outage): keep the data until the period ends, reminders paused. */
  async left(guildId: string): Promise<{ purgeAt: Date }> {
    const { db, clock } = this.deps;
    const now = clock.now();
    const purgeAt = new Date(now.getTime() + this.deps.retentionDays * DAY_MS);
    return db.$transaction(async (tx) => {
      const known = await tx.guildDeparture.findUnique({ where: { guildId } });
      // A repeated removal event does not extend the period.
      if (known) return { purgeAt: known.purgeAt };
      const settings = await tx.guildSettings.findUnique({ where: { guildId }, select: { paused: true, updatedAt: true } });
      const pausing = settings !== null && !settings.paused;
      // Bookkeeping, not a change of the server's settings: their updatedAt stays.
      if (pausing) await tx.guildSettings.update({ where: { guildId }, data: { paused: true, updatedAt: settings.updatedAt } });
      await tx.guildDeparture.create({ data: { guildId, leftAt: now, purgeAt, pausedByLeaving: pausing } });
      return { purgeAt };
    });
  }

  /** The bot is in the server (again): cancel a pending purge, resume what leaving paused. */
  async returned(guildId: string): Promise<boolean> {
    const { db, clock } = this.deps;
    return db.$transaction(async (tx) => {
      const known = await tx.guildDeparture.findUnique({ where: { guildId } });
      if (!known) return false;
      // A purge under way (a live claim) wins: the period was over.
      const gone = await tx.guildDeparture.deleteMany({ where: { guildId, OR: [{ claimUntil: null }, { claimUntil: { lt: clock.now() } }] } });
      if (!gone.count) return false;
      const settings = known.pausedByLeaving ? await tx.guildSettings.findUnique({ where: { guildId }, select: { updatedAt: true } }) : null;
      if (settings) await tx.guildSettings.update({ where: { guildId }, data: { paused: false, updatedAt: settings.updatedAt } });
      return true;
    });
  }

  /** At start: every server the bot is in may have come back while it was down. */
  async present(guildIds: readonly string[]): Promise<string[]> {
    if (!guildIds.length) return [];
    const departed = await this.deps.db.guildDeparture.findMany({ where: { guildId: { in: [...guildIds] } }, select: { guildId: true } });
    const back: string[] = [];
    for (const { guildId } of departed) if (await this.returned(guildId)) back.push(guildId);
    return back;
  }

  /** Purges every server whose period is over and that no other process is purging. */
  async purgeDue(): Promise<Array<{ guildId: string; counts: PurgeCounts }>> {
    const { db, clock, logger } = this.deps;
    const now = clock.now();
    const due = await db.guildDeparture.findMany({ where: { purgeAt: { lte: now } }, select: { guildId: true }, orderBy: { purgeAt: 'asc' }, take: 50 });
    const purged: Array<{ guildId: string; counts: PurgeCounts }> = [];
    for (const { guildId } of due) {
      const claim = await db.guildDeparture.updateMany({
        where: { guildId, purgeAt: { lte: now }, OR: [{ claimUntil: null }, { claimUntil: { lt: now } }] },
        data: { claimedBy: this.owner, claimUntil: new Date(now.getTime() + PURGE_LEASE_MS) },
      });
      if (claim.count !== 1) continue;
      const counts = await db.$transaction(
        async (tx) => {
          // Still ours (not returned, not taken over): only then delete.
          const mine = await tx.guildDeparture.deleteMany({ where: { guildId, claimedBy: this.owner } });
          if (!mine.count) return null;
          await tx.guildLocale.deleteMany({ where: { guildId } });
          return purgeGuild(tx, guildId);
        },
        { timeout: PURGE_LEASE_MS, maxWait: 60_000 },
      );
      if (counts) {
        logger.info({ guildId, ...counts }, 'purged the data of a server the bot left');
        purged.push({ guildId, counts });
      }
    }
    return purged;
  }

  /** Deletes everything of a server now (asked by the server). */
  async deleteNow(guildId: string): Promise<PurgeCounts> {
    return this.deps.db.$transaction(
      async (tx) => {
        await tx.guildDeparture.deleteMany({ where: { guildId } });
        return purgeGuild(tx, guildId);
      },
      { timeout: PURGE_LEASE_MS, maxWait: 60_000 },
    );
  }
}
