// The audit trail of one server: run a change as an audited unit, list entries, undo one.
import type { Clock } from '../clock';
import type { Db, Models } from '../db/client';
import { DomainError, msg } from '../domain-error';
import type { Logger } from '../logging/logger';
import { capturingClient } from './database';
import { countChanges, decodeRow, delegateName, itemsOf, keyOf, rowKeyString, sameFields, sameRow, spaced, encodeRow, type Counts, type RowChange } from './rows';
import { blockingEntry } from './undo-rules';
import { currentUnit, openTransaction, runUnit, type Tx, type Unit, type UnitScope } from './unit';

export type AuditEntryRow = Models.AuditEntry;

export interface AuditEntryView {
  id: number;
  at: Date;
  actorId: string;
  actorName: string;
  action: string;
  changes: RowChange[];
  counts: Counts;
  undoOf: number | null;
  undoneById: number | null;
  restored: boolean;
}

export interface AuditFilters {
  /** "review:12", "letter:5", "settings"... */
  item?: string | null;
  userId?: string | null;
  from?: Date | null;
  to?: Date | null;
}

export const toView = (e: AuditEntryRow): AuditEntryView => ({
  id: e.id,
  at: e.at,
  actorId: e.actorId,
  actorName: e.actorName,
  action: e.action,
  changes: JSON.parse(e.changes) as RowChange[],
  counts: JSON.parse(e.counts) as Counts,
  undoOf: e.undoOf,
  undoneById: e.undoneById,
  restored: e.restored,
});

/** Two parameters a composite key: well within both engines' limits on bound parameters. */
const CHUNK = 200;
const chunked = <T>(list: readonly T[]): T[][] => Array.from({ length: Math.ceil(list.length / CHUNK) }, (_, i) => list.slice(i * CHUNK, (i + 1) * CHUNK));

function groupByModel(changes: readonly RowChange[]): Map<RowChange['model'], RowChange[]> {
  const out = new Map<RowChange['model'], RowChange[]>();
  for (const c of changes) {
    const list = out.get(c.model);
    if (list) list.push(c);
    else out.set(c.model, [c]);
  }
  return out;
}

/** Consecutive changes of one model that all created rows (deleted together), or single others. */
function runsOf(changes: readonly RowChange[]): RowChange[][] {
  const out: RowChange[][] = [];
  for (const c of changes) {
    const last = out.at(-1);
    if (last && !c.before && !last[0]!.before && last[0]!.model === c.model) last.push(c);
    else out.push([c]);
  }
  return out;
}

type AnyDelegate = Record<string, (args: unknown) => Promise<unknown>>;
const delegateOf = (client: Tx | Db, model: string): AnyDelegate => (client as unknown as Record<string, AnyDelegate>)[delegateName(model)]!;

export class AuditService {
  constructor(
    private readonly deps: {
      db: Db;
      clock: Clock;
      logger: Logger;
      reminders: { replanGuild(guildId: string): Promise<void> };
      /**
       * Told of an undo that restored reviews or settings, so their mirrors (Discord events)
       * follow; it waits for the undo's commit and never throws.
       */
      reviewsChanged?: (guildId: string) => void;
    },
  ) {}

  /** Runs a change as one unit: one transaction, one audit entry (when anything changed). */
  run<T>(scope: UnitScope, work: () => Promise<T>): Promise<T> {
    return runUnit(scope, work, (unit, tx) => this.record(unit, tx));
  }

  private async record(unit: Unit, tx: Tx): Promise<void> {
    if (!unit.changes.length) return;
    const items = unit.changes.flatMap(itemsOf);
    const entry = await tx.auditEntry.create({
      data: {
        guildId: unit.guildId,
        at: this.deps.clock.now(),
        actorId: unit.actor.id,
        actorName: unit.actor.name.slice(0, 100),
        action: unit.action,
        items: spaced(items),
        rowKeys: spaced(unit.changes.map((c) => rowKeyString(c.model, c.key))),
        changes: JSON.stringify(unit.changes),
        counts: JSON.stringify(countChanges(unit.changes)),
        undoOf: unit.undoOf ?? null,
      },
    });
    if (unit.undoOf !== undefined) await tx.auditEntry.update({ where: { id: unit.undoOf }, data: { undoneById: entry.id } });
  }

  async list(guildId: string, filters: AuditFilters = {}, page = 1, pageSize = 10): Promise<{ items: AuditEntryView[]; total: number; page: number; pageCount: number }> {
    const where = {
      guildId,
      ...(filters.item ? { items: { contains: ` ${filters.item} ` } } : {}),
      ...(filters.userId ? { actorId: filters.userId } : {}),
      ...(filters.from || filters.to ? { at: { ...(filters.from ? { gte: filters.from } : {}), ...(filters.to ? { lte: filters.to } : {}) } } : {}),
    };
    const total = await this.deps.db.auditEntry.count({ where });
    const pageCount = Math.max(1, Math.ceil(total / pageSize));
    const p = Math.min(Math.max(1, Math.floor(page) || 1), pageCount);
    const rows = await this.deps.db.auditEntry.findMany({ where, orderBy: { id: 'desc' }, skip: (p - 1) * pageSize, take: pageSize });
    return { items: rows.map(toView), total, page: p, pageCount };
  }

  async get(guildId: string, id: number): Promise<AuditEntryView> {
    const e = await this.deps.db.auditEntry.findFirst({ where: { guildId, id } });
    if (!e) throw new DomainError('not_found', msg('audit:error.noEntry', { id }));
    return toView(e);
  }

  /**
   * Reverts one entry inside the current unit (the undo is itself recorded). Refused when anything
   * changed the entry's rows since, naming that change.
   */
  async undo(guildId: string, id: number): Promise<{ entry: AuditEntryView; reverted: number }> {
    const unit = currentUnit();
    if (!unit) throw new Error('undo runs inside a unit of work');
    const { db } = this.deps;
    const raw = await db.auditEntry.findFirst({ where: { guildId, id } });
    if (!raw) throw new DomainError('not_found', msg('audit:error.noEntry', { id }));
    const entry = toView(raw);
    if (entry.restored) throw new DomainError('conflict', msg('audit:error.restored', { id }));
    if (entry.undoneById !== null) throw new DomainError('conflict', msg('audit:error.alreadyUndone', { id, by: entry.undoneById }));
    if (!entry.changes.length) throw new DomainError('conflict', msg('audit:error.nothingToUndo', { id }));

    const later = await db.auditEntry.findMany({
      where: { guildId, id: { gt: id } },
      select: { id: true, at: true, actorName: true, action: true, rowKeys: true, items: true, undoOf: true, undoneById: true },
      orderBy: { id: 'asc' },
    });
    const created = entry.changes.filter((c) => !c.before).flatMap((c) => itemsOf(c).slice(0, 1));
    const blocker = blockingEntry(raw, created, later);
    if (blocker) {
      throw new DomainError('conflict', msg('audit:error.blocked', { id, actor: blocker.actorName, action: blocker.action, by: blocker.id, at: Math.floor(blocker.at.getTime() / 1000) }));
    }

    const tx = await openTransaction(unit, capturingClient(db));
    // Rows read and deleted in batches: an import's entry holds thousands of created rows.
    for (const [model, group] of groupByModel(entry.changes)) {
      for (const part of chunked(group)) {
        const now = (await delegateOf(tx, model).findMany!({ where: { OR: part.map((c) => c.key) } })) as Record<string, unknown>[];
        const byKey = new Map(now.map((r) => [rowKeyString(model, keyOf(model, r)), encodeRow(r)]));
        for (const c of part) {
          const current = byKey.get(rowKeyString(model, c.key)) ?? null;
          // A created row may be recorded by its key and parents only: compare what was recorded.
          const unchanged = c.before ? sameRow(current, c.after) : current !== null && sameFields(current, c.after!);
          if (!unchanged) {
            throw new DomainError(
              'conflict',
              c.model === 'GuildSettings'
                ? msg('audit:error.settingsChangedOutside', { id })
                : msg('audit:error.rowChangedOutside', { id, row: msg(`audit:row.${c.model}`, { key: Object.values(c.key).join('/') }) }),
            );
          }
        }
      }
    }
    for (const run of runsOf([...entry.changes].reverse())) {
      const d = delegateOf(tx, run[0]!.model);
      if (!run[0]!.before) {
        for (const part of chunked(run)) await d.deleteMany!({ where: { OR: part.map((c) => c.key) } });
        continue;
      }
      for (const c of run) {
        const before = decodeRow(c.before);
        if (!c.after) await d.create!({ data: before });
        else await d.updateMany!({ where: c.key, data: before });
      }
    }
    unit.undoOf = id;
    // Reminders follow the restored items; a planner failure must not hide the committed undo.
    unit.afterCommit.push(() => this.deps.reminders.replanGuild(guildId).catch((err: unknown) => this.deps.logger.error({ err, guildId }, 'reminder planning failed after an undo')));
    if (entry.changes.some((c) => c.model === 'Review' || c.model === 'GuildSettings')) this.deps.reviewsChanged?.(guildId);
    return { entry, reverted: entry.changes.length };
  }
}
