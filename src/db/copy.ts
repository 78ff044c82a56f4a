// Copies every row of one database into another (SQLite → PostgreSQL when a deployment moves),
// then proves nothing was lost: row counts and a content digest per table must match.
import { createHash } from 'node:crypto';
import type { Db } from './client';

/** Tables in an order that satisfies foreign keys, with the key that orders them stably. */
const TABLES = [
  { model: 'guildSettings', table: 'GuildSettings', orderBy: [{ guildId: 'asc' }], serial: false },
  { model: 'review', table: 'Review', orderBy: [{ id: 'asc' }], serial: true },
  { model: 'letter', table: 'Letter', orderBy: [{ id: 'asc' }], serial: true },
  { model: 'intervention', table: 'Intervention', orderBy: [{ id: 'asc' }], serial: true },
  { model: 'recommendation', table: 'Recommendation', orderBy: [{ id: 'asc' }], serial: true },
  { model: 'recommendationState', table: 'RecommendationState', orderBy: [{ recommendationId: 'asc' }, { stateCode: 'asc' }], serial: false },
  { model: 'recommendationTheme', table: 'RecommendationTheme', orderBy: [{ recommendationId: 'asc' }, { theme: 'asc' }], serial: false },
  { model: 'reminder', table: 'Reminder', orderBy: [{ id: 'asc' }], serial: true },
] as const;

type Row = Record<string, unknown>;
interface Delegate {
  findMany(args: { orderBy: unknown; take: number; skip: number }): Promise<Row[]>;
  createMany(args: { data: Row[] }): Promise<{ count: number }>;
  count(): Promise<number>;
}
const delegate = (db: Db, model: string) => (db as unknown as Record<string, Delegate>)[model]!;

const BATCH = 2_000;

export interface TableReport {
  table: string;
  source: number;
  target: number;
  sourceDigest: string;
  targetDigest: string;
  ok: boolean;
}

async function* batches(db: Db, model: string, orderBy: unknown): AsyncGenerator<Row[]> {
  for (let skip = 0; ; skip += BATCH) {
    const rows = await delegate(db, model).findMany({ orderBy, take: BATCH, skip });
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < BATCH) return;
  }
}

/** A digest of a table's content that does not depend on the engine's representation. */
async function digest(db: Db, model: string, orderBy: unknown): Promise<{ count: number; digest: string }> {
  const hash = createHash('sha256');
  let count = 0;
  for await (const rows of batches(db, model, orderBy)) {
    for (const row of rows) {
      count++;
      hash.update(JSON.stringify(row, (_k, v) => (v instanceof Date ? v.toISOString() : v)));
    }
  }
  return { count, digest: hash.digest('hex') };
}

/**
 * Copies all rows from `source` into `target`, which must be migrated and empty. PostgreSQL
 * sequences are moved past the copied ids so new rows do not collide.
 */
export async function copyDatabase(source: Db, target: Db, targetProvider: 'sqlite' | 'postgresql'): Promise<TableReport[]> {
  for (const t of TABLES) {
    const existing = await delegate(target, t.model).count();
    if (existing > 0) throw new Error(`the target database is not empty (${t.table} has ${existing} rows); copy into a new, migrated database`);
  }
  for (const t of TABLES) {
    for await (const rows of batches(source, t.model, t.orderBy)) await delegate(target, t.model).createMany({ data: rows });
    if (t.serial && targetProvider === 'postgresql') {
      await target.$executeRawUnsafe(
        `SELECT setval(pg_get_serial_sequence('"${t.table}"', 'id'), COALESCE((SELECT MAX(id) FROM "${t.table}"), 0) + 1, false)`,
      );
    }
  }
  return verifyCopy(source, target);
}

export async function verifyCopy(source: Db, target: Db): Promise<TableReport[]> {
  const reports: TableReport[] = [];
  for (const t of TABLES) {
    const a = await digest(source, t.model, t.orderBy);
    const b = await digest(target, t.model, t.orderBy);
    reports.push({ table: t.table, source: a.count, target: b.count, sourceDigest: a.digest, targetDigest: b.digest, ok: a.count === b.count && a.digest === b.digest });
  }
  return reports;
}
