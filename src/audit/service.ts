// The audit trail of one server: run a change as an audited unit, list entries, undo one.
import type { Clock } from '../clock';
import type { Db, Models } from '../db/client';
import { DomainError } from '../domain-error';
import type { Logger } from '../logging/logger';
import { capturingClient } from './database';
import { countChanges, decodeRow, delegateName, itemsOf, rowKeyString, sameRow, spaced, encodeRow, type Counts, type RowChange } from './rows';
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

type AnyDelegate = Record<string, (args: unknown) => Promise<unknown>>;
const delegateOf = (client: Tx | Db, model: string): AnyDelegate => (client as unknown as Record<string, AnyDelegate>)[delegateName(model)]!;

export class AuditService {
  constructor(private readonly deps: { db: Db; clock: Clock; logger: Logger; reminders: { replanGuild(guildId: string): Promise<void> } }) {}

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
    if (!e) throw new DomainError('not_found', `There is no audit entry #${id} in this server.`);
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
    if (!raw) throw new DomainError('not_found', `There is no audit entry #${id} in this server.`);
    const entry = toView(raw);
    if (entry.restored) throw new DomainError('conflict', `Entry #${id} came from a backup file: it is history only and cannot be undone.`);
    if (entry.undoneById !== null) throw new DomainError('conflict', `Entry #${id} was already undone (entry #${entry.undoneById}).`);
    if (!entry.changes.length) throw new DomainError('conflict', `Entry #${id} changed nothing that can be undone.`);

    const later = await db.auditEntry.findMany({
      where: { guildId, id: { gt: id } },
      select: { id: true, at: true, actorName: true, action: true, rowKeys: true, items: true, undoOf: true, undoneById: true },
      orderBy: { id: 'asc' },
    });
    const created = entry.changes.filter((c) => !c.before).flatMap((c) => itemsOf(c).slice(0, 1));
    const blocker = blockingEntry(raw, created, later);
    if (blocker) {
      throw new DomainError(
        'conflict',
        `Entry #${id} cannot be undone: the same items were changed since by ${blocker.actorName} (${blocker.action}, entry #${blocker.id}) <t:${Math.floor(blocker.at.getTime() / 1000)}:f>. Undo that entry first, or change the item by hand.`,
      );
    }

    const tx = await openTransaction(unit, capturingClient(db));
    for (const c of entry.changes) {
      const now = (await delegateOf(tx, c.model).findMany!({ where: c.key })) as Record<string, unknown>[];
      if (!sameRow(encodeRow(now[0] ?? null), c.after)) {
        throw new DomainError('conflict', `Entry #${id} cannot be undone: ${c.model === 'GuildSettings' ? 'the settings have' : `${c.model.toLowerCase()} ${Object.values(c.key).join('/')} has`} changed since, outside the recorded changes.`);
      }
    }
    for (const c of [...entry.changes].reverse()) {
      const d = delegateOf(tx, c.model);
      const before = decodeRow(c.before);
      if (!before) await d.deleteMany!({ where: c.key });
      else if (!c.after) await d.create!({ data: before });
      else await d.updateMany!({ where: c.key, data: before });
    }
    unit.undoOf = id;
    // Reminders follow the restored items; a planner failure must not hide the committed undo.
    unit.afterCommit.push(() => this.deps.reminders.replanGuild(guildId).catch((err: unknown) => this.deps.logger.error({ err, guildId }, 'reminder planning failed after an undo')));
    return { entry, reverted: entry.changes.length };
  }
}
