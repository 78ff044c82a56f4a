// Loading the benchmark data set fast: SQLite through better-sqlite3 directly (one transaction per
// table, prepared statements), PostgreSQL through multi-row `INSERT ... SELECT FROM unnest(...)`.
// Both start from a database migrated by the project's own migrations (applyMigrations).
//
// SQLite data sets are cached under bench/.cache/, keyed by the sizes, the migrations, the
// generator's source and the date anchor, so a second run only copies a file.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { applyMigrations, migrationsDir } from '../src/db/migrations';
import type { DatabaseTarget } from '../src/db/database-url';
import { TABLES, TABLE_ORDER, generate, type Cell, type DataSize, type Generated, type TableSpec } from './dataset';
import { benchRoot } from './util';

const cacheDir = join(benchRoot, '.cache');

function migrationsHash(provider: 'sqlite' | 'postgresql'): string {
  const h = createHash('sha256');
  const dir = migrationsDir(provider);
  for (const name of readdirSync(dir).sort()) {
    const file = join(dir, name, 'migration.sql');
    if (existsSync(file)) h.update(name).update(readFileSync(file));
  }
  return h.digest('hex');
}

export function datasetKey(size: DataSize, anchor: number, provider: 'sqlite' | 'postgresql'): string {
  return createHash('sha256')
    .update(JSON.stringify(size))
    .update(String(anchor))
    .update(migrationsHash(provider))
    .update(readFileSync(join(benchRoot, 'dataset.ts')))
    .update(readFileSync(join(benchRoot, 'load.ts')))
    .digest('hex')
    .slice(0, 16);
}

const sqliteValue = (type: string, v: Cell): number | string | null => {
  if (v === null) return null;
  if (type === 'bool') return v ? 1 : 0;
  return v as number | string;
};

function insertSqlite(db: Database.Database, spec: TableSpec, chunks: Generator<Cell[][]>): number {
  const cols = spec.columns.map(([c]) => `"${c}"`).join(', ');
  const stmt = db.prepare(`INSERT INTO "${spec.name}" (${cols}) VALUES (${spec.columns.map(() => '?').join(', ')})`);
  const types = spec.columns.map(([, t]) => t);
  let n = 0;
  db.transaction(() => {
    for (const rows of chunks) {
      for (const row of rows) {
        stmt.run(row.map((v, i) => sqliteValue(types[i]!, v)));
        n++;
      }
    }
  })();
  return n;
}

export interface LoadedDataset {
  target: DatabaseTarget;
  generated: Generated;
  /** Seconds spent generating (0 when it came from the cache). */
  loadSeconds: number;
  cached: boolean;
}

/** A working copy (in `workDir`) of the SQLite data set of `size`, generated or taken from the cache. */
export async function sqliteDataset(size: DataSize, anchor: number, workDir: string, log: (m: string) => void): Promise<LoadedDataset> {
  mkdirSync(cacheDir, { recursive: true });
  const key = datasetKey(size, anchor, 'sqlite');
  const cached = join(cacheDir, `sqlite-${size.label}-${key}.db`);
  const generated = generate(size, anchor);
  let loadSeconds = 0;
  const hit = existsSync(cached);
  if (!hit) {
    // Older caches of this size are stale: remove them.
    for (const f of readdirSync(cacheDir)) if (f.startsWith(`sqlite-${size.label}-`)) rmSync(join(cacheDir, f), { force: true });
    const started = Date.now();
    const tmp = join(cacheDir, `building-${process.pid}-${size.label}.db`);
    for (const suffix of ['', '-wal', '-shm', '.migrate-lock']) rmSync(tmp + suffix, { force: true });
    await applyMigrations({ provider: 'sqlite', url: `file:${tmp}`, file: tmp });
    const db = new Database(tmp);
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');
    for (const t of TABLE_ORDER) {
      const n = insertSqlite(db, TABLES[t]!, generated.tables[t]());
      log(`  sqlite ${size.label}: ${t} ${n.toLocaleString('en')} rows`);
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    for (const suffix of ['-wal', '-shm', '.migrate-lock']) rmSync(tmp + suffix, { force: true });
    renameSync(tmp, cached);
    loadSeconds = (Date.now() - started) / 1000;
    log(`  sqlite ${size.label}: generated in ${loadSeconds.toFixed(1)} s -> ${cached}`);
  }
  mkdirSync(workDir, { recursive: true });
  const file = join(workDir, `${size.label}.db`);
  for (const suffix of ['', '-wal', '-shm', '.migrate-lock']) rmSync(file + suffix, { force: true });
  copyFileSync(cached, file);
  return { target: { provider: 'sqlite', url: `file:${file}`, file }, generated, loadSeconds, cached: hit };
}

const pgArrayType: Record<string, string> = { int: 'int8[]', text: 'text[]', ts: 'float8[]', bool: 'bool[]' };

function pgInsertSql(spec: TableSpec): string {
  const cols = spec.columns.map(([c]) => `"${c}"`).join(', ');
  const args = spec.columns.map(([, t], i) => `$${i + 1}::${t.startsWith('enum:') ? 'text[]' : pgArrayType[t]}`).join(', ');
  const aliases = spec.columns.map((_, i) => `c${i}`);
  const exprs = spec.columns.map(([, t], i) => {
    if (t === 'ts') return `(to_timestamp(c${i} / 1000.0) AT TIME ZONE 'UTC')::timestamp(3)`;
    if (t.startsWith('enum:')) return `c${i}::"${t.slice(5)}"`;
    if (t === 'int') return `c${i}::int`;
    return `c${i}`;
  });
  return `INSERT INTO "${spec.name}" (${cols}) SELECT ${exprs.join(', ')} FROM unnest(${args}) AS u(${aliases.join(', ')})`;
}

/** A new PostgreSQL database `name` in the cluster at `adminUrl`, migrated and loaded with the data set. */
export async function postgresDataset(
  size: DataSize,
  anchor: number,
  createDatabase: (name: string) => Promise<string>,
  log: (m: string) => void,
): Promise<LoadedDataset> {
  const generated = generate(size, anchor);
  const started = Date.now();
  const url = await createDatabase(`bench_${size.label}`);
  await applyMigrations({ provider: 'postgresql', url });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const t of TABLE_ORDER) {
      const spec = TABLES[t]!;
      const sql = pgInsertSql(spec);
      let n = 0;
      await client.query('BEGIN');
      for (const rows of generated.tables[t]()) {
        const columns = spec.columns.map((_, i) => rows.map((r) => r[i] ?? null));
        await client.query(sql, columns);
        n += rows.length;
      }
      await client.query('COMMIT');
      if (spec.serial) {
        await client.query(`SELECT setval(pg_get_serial_sequence('"${spec.name}"', 'id'), GREATEST((SELECT MAX("id") FROM "${spec.name}"), 1))`);
      }
      log(`  postgresql ${size.label}: ${t} ${n.toLocaleString('en')} rows`);
    }
    // What autovacuum would do on a live server shortly after such a load.
    await client.query('VACUUM ANALYZE');
  } finally {
    await client.end();
  }
  const loadSeconds = (Date.now() - started) / 1000;
  log(`  postgresql ${size.label}: loaded in ${loadSeconds.toFixed(1)} s`);
  return { target: { provider: 'postgresql', url }, generated, loadSeconds, cached: false };
}
