// Export a server's data to a backup file, and restore one into a server (empty, or replacing
// what is there). A restore is one transaction: a file that fails anywhere changes nothing.
import type { Clock } from '../clock';
import type { Db } from '../db/client';
import { DomainError, msg } from '../domain-error';
import type { Actor } from '../audit/unit';
import { guildCounts, isEmpty, describeGuildCounts, purgeGuild, type PurgeCounts } from '../guild-data/purge';
import type { Logger } from '../logging/logger';
import { BackupFormatError, readBackup, writeBackup, type DataRecord, type RecordOf } from './format';

export interface ExportResult {
  files: Array<{ name: string; data: Buffer }>;
  counts: PurgeCounts;
}

export interface RestoreResult {
  counts: PurgeCounts;
  /** The file came from another server: its channels and roles are that server's. */
  fromOtherServer: boolean;
  formatVersion: number;
  replaced: PurgeCounts | null;
}

const omit = <T extends Record<string, unknown>, K extends string>(o: T, ...keys: K[]): Omit<T, K> => {
  const out = { ...o };
  for (const k of keys) delete out[k];
  return out;
};

/**
 * "review:12:submission" with review 12 now 40 -> "review:40:submission". The history of an item
 * removed before the export keeps "letter:gone-3": its old id may be another item's here.
 */
export function remapItemKey(itemKey: string, reviews: Map<number, number>, letters: Map<number, number>): string {
  return itemKey.replace(/^(review|letter):(\d+)/, (_whole, kind: string, id: string) => {
    const to = (kind === 'review' ? reviews : letters).get(Number(id));
    return to === undefined ? `${kind}:gone-${id}` : `${kind}:${to}`;
  });
}

export class BackupService {
  constructor(private readonly deps: { db: Db; clock: Clock; logger: Logger; reminders: { replanGuild(guildId: string): Promise<void> } }) {}

  async records(guildId: string): Promise<DataRecord[]> {
    const { db } = this.deps;
    const [settings, reviews, letters, interventions, recommendations, reminders, audit] = await Promise.all([
      db.guildSettings.findUnique({ where: { guildId } }),
      db.review.findMany({ where: { guildId }, orderBy: { id: 'asc' } }),
      db.letter.findMany({ where: { guildId }, orderBy: { id: 'asc' } }),
      db.intervention.findMany({ where: { guildId }, orderBy: { id: 'asc' } }),
      db.recommendation.findMany({ where: { guildId }, orderBy: { id: 'asc' }, include: { states: { orderBy: { stateCode: 'asc' } }, themes: { orderBy: { theme: 'asc' } } } }),
      db.reminder.findMany({ where: { guildId }, orderBy: { id: 'asc' } }),
      db.auditEntry.findMany({ where: { guildId }, orderBy: { id: 'asc' } }),
    ]);
    return [
      ...(settings ? [{ type: 'settings' as const, ...omit(settings, 'guildId') }] : []),
      ...reviews.map((r) => ({ type: 'review' as const, ...omit(r, 'guildId') })),
      ...letters.map((l) => ({ type: 'letter' as const, ...omit(l, 'guildId') })),
      ...interventions.map((i) => ({ type: 'intervention' as const, ...omit(i, 'guildId') })),
      ...recommendations.map((r) => ({ type: 'recommendation' as const, ...omit(r, 'guildId', 'states', 'themes'), states: r.states.map((s) => s.stateCode), themes: r.themes.map((t) => t.theme) })),
      // A lease is one process's business: the file carries the reminder's state, not who holds it.
      ...reminders.map((r) => ({ type: 'reminder' as const, ...omit(r, 'guildId', 'leaseOwner', 'leaseUntil') })),
      ...audit.map((a) => ({ type: 'audit' as const, ...omit(a, 'guildId', 'restored') })),
    ] as DataRecord[];
  }

  async export(guildId: string, maxPartBytes?: number): Promise<ExportResult> {
    const now = this.deps.clock.now();
    const records = await this.records(guildId);
    const parts = writeBackup(guildId, now, records, maxPartBytes);
    const day = now.toISOString().slice(0, 10).replace(/-/g, '');
    const name = (i: number) => `upr-backup-${guildId}-${day}${parts.length > 1 ? `-part${i + 1}of${parts.length}` : ''}.jsonl.gz`;
    return { files: parts.map((data, i) => ({ name: name(i), data })), counts: await guildCounts(this.deps.db, guildId) };
  }

  /** What the server holds now (a restore without `replace` needs it empty). */
  counts(guildId: string): Promise<PurgeCounts> {
    return guildCounts(this.deps.db, guildId);
  }

  /** Checks the file(s) without touching the database; throws a DomainError saying what is wrong. */
  parse(files: readonly Buffer[]) {
    try {
      return readBackup(files);
    } catch (err) {
      if (err instanceof BackupFormatError) throw new DomainError('invalid', msg('backup:error.cannotRestore', { reason: err.reason }));
      throw err;
    }
  }

  async restore(guildId: string, files: readonly Buffer[], opts: { replace: boolean; actor: Actor }): Promise<RestoreResult> {
    const backup = this.parse(files);
    const { db, clock } = this.deps;
    const byType = <T extends DataRecord['type']>(type: T) => backup.records.filter((r): r is RecordOf<T> => r.type === type);
    // Channels and roles of another server are not this one's: reminders must not go there.
    const foreign = backup.guildId !== guildId;
    const channel = (id: string | null) => (foreign ? null : id);
    let replaced: PurgeCounts | null = null;
    await db.$transaction(
      async (tx) => {
        const existing = await guildCounts(tx, guildId);
        if (!isEmpty(existing)) {
          if (!opts.replace) throw new DomainError('conflict', msg('backup:error.hasData', { counts: describeGuildCounts(existing) }));
          replaced = await purgeGuild(tx, guildId);
        }
        const settings = byType('settings')[0];
        if (settings) {
          await tx.guildSettings.create({
            data: { ...omit(settings, 'type'), guildId, reminderChannelId: channel(settings.reminderChannelId), coordinatorRoleId: channel(settings.coordinatorRoleId), pingRoleId: channel(settings.pingRoleId) },
          });
        }
        const reviews = new Map<number, number>();
        for (const r of byType('review')) reviews.set(r.id, (await tx.review.create({ data: { ...omit(r, 'type', 'id'), guildId, channelId: channel(r.channelId) }, select: { id: true } })).id);
        const letters = new Map<number, number>();
        for (const l of byType('letter')) letters.set(l.id, (await tx.letter.create({ data: { ...omit(l, 'type', 'id'), guildId, reviewId: reviews.get(l.reviewId)!, channelId: channel(l.channelId) }, select: { id: true } })).id);
        for (const i of byType('intervention')) await tx.intervention.create({ data: { ...omit(i, 'type', 'id'), guildId, reviewId: reviews.get(i.reviewId)! } });
        for (const r of byType('recommendation')) {
          await tx.recommendation.create({
            data: {
              ...omit(r, 'type', 'id', 'states', 'themes'),
              guildId,
              reviewId: reviews.get(r.reviewId)!,
              states: { create: r.states.map((stateCode) => ({ stateCode })) },
              themes: { create: r.themes.map((theme) => ({ theme })) },
            },
          });
        }
        for (const m of byType('reminder')) {
          await tx.reminder.create({
            data: {
              ...omit(m, 'type', 'id'),
              guildId,
              channelId: channel(m.channelId),
              itemKey: remapItemKey(m.itemKey, reviews, letters),
              reviewId: m.reviewId === null ? null : (reviews.get(m.reviewId) ?? null),
              letterId: m.letterId === null ? null : (letters.get(m.letterId) ?? null),
              // A reminder being posted when the file was made is posted again only if it was not:
              // the planner and the scheduler decide from here.
              status: m.status === 'claimed' ? 'pending' : m.status,
            },
          });
        }
        // The trail comes back as history: its rows name the old ids, so it is not undoable.
        const audit = new Map<number, number>();
        for (const a of byType('audit')) {
          audit.set(a.id, (await tx.auditEntry.create({ data: { ...omit(a, 'type', 'id', 'undoOf', 'undoneById'), guildId, restored: true }, select: { id: true } })).id);
        }
        for (const a of byType('audit')) {
          if (a.undoOf === null && a.undoneById === null) continue;
          await tx.auditEntry.update({
            where: { id: audit.get(a.id)! },
            data: { undoOf: a.undoOf === null ? null : (audit.get(a.undoOf) ?? null), undoneById: a.undoneById === null ? null : (audit.get(a.undoneById) ?? null) },
          });
        }
        const counts = await guildCounts(tx, guildId);
        await tx.auditEntry.create({
          data: {
            guildId,
            at: clock.now(),
            actorId: opts.actor.id,
            actorName: opts.actor.name.slice(0, 100),
            action: '/backup import',
            items: ' ',
            rowKeys: ' ',
            changes: '[]',
            counts: JSON.stringify({ restored: counts, replaced, file: { guildId: backup.guildId, exportedAt: backup.exportedAt, version: backup.version } }),
          },
        });
      },
      { timeout: 10 * 60_000, maxWait: 60_000 },
    );
    try {
      await this.deps.reminders.replanGuild(guildId);
    } catch (err) {
      this.deps.logger.error({ err, guildId }, 'reminder planning failed after a restore');
    }
    const counts = await guildCounts(db, guildId);
    return { counts: { ...counts, auditEntries: counts.auditEntries - 1 }, fromOtherServer: backup.guildId !== guildId, formatVersion: backup.version, replaced };
  }
}
