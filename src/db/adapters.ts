// Driver adapter factories for both engines: the Prisma client and the schema engine use the same ones.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type { PrismaPg as PrismaPgType } from '@prisma/adapter-pg';
import type { Pool } from 'pg';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { DatabaseTarget } from './database-url';

// PostgreSQL's adapter and driver (~15 MiB of RSS) are loaded only by a process that uses them.
const require = createRequire(import.meta.url);
const adapterPg = () => require('@prisma/adapter-pg') as typeof import('@prisma/adapter-pg');

/** How long a SQLite connection waits for another process's write lock before failing. */
export const SQLITE_BUSY_TIMEOUT_MS = 15_000;

// With WAL, NORMAL syncs at checkpoints instead of every commit: a killed process loses nothing,
// only a power cut may lose the last commits. The page cache stays at SQLite's default 2 MB: the
// operating system caches the file anyway (outside the process's memory); with it the tick takes
// as long with 1,000,000 pending reminders as with 1,000, while a 32 MB cache filled with commands
// and grew the process by up to 30 MiB (BENCHMARKS.md).
const SQLITE_PRAGMAS = 'PRAGMA synchronous = NORMAL; PRAGMA cache_size = -2000;';

export function sqliteFactory(file: string): PrismaBetterSqlite3 {
  // Integers (ms since epoch) make instants compare correctly in raw SQL, and are compact.
  const factory = new PrismaBetterSqlite3({ url: file, timeout: SQLITE_BUSY_TIMEOUT_MS }, { timestampFormat: 'unixepoch-ms' });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    await adapter.executeScript(SQLITE_PRAGMAS);
    return adapter;
  };
  return factory;
}

/** The bot's pool of PostgreSQL connections; Prisma's adapter and the tick's own statements share it. */
export function postgresPool(url: string, max?: number): Pool {
  const { Pool } = require('pg') as typeof import('pg');
  const pool = new Pool({ connectionString: url, max });
  // A connection lost while idle is reported here; the next query reports it to its caller.
  pool.on('error', () => {});
  return pool;
}

/** Prisma's adapter over the bot's pool; ending the pool stays with whoever made it. */
export function postgresFactory(pool: Pool): PrismaPgType {
  const { PrismaPg } = adapterPg();
  return new PrismaPg(pool);
}

/**
 * PostgreSQL factory for the schema engine. Its shadow database (used to replay migrations when
 * creating or drift-checking them) is created beside the main one and dropped only after its own
 * pool has closed: the stock adapter drops it while its pool still holds a connection, which fails.
 */
export function postgresMigrationFactory(url: string): SqlMigrationAwareDriverAdapterFactory {
  const { PrismaPg } = adapterPg();
  const main = new PrismaPg({ connectionString: url, max: 2 });
  return {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: async () => readCatalogCharAsText(await main.connect()),
    async connectToShadowDb(): Promise<SqlDriverAdapter> {
      const admin = await main.connect();
      const name = `prisma_shadow_${randomUUID().replace(/-/g, '')}`;
      await admin.executeScript(`CREATE DATABASE "${name}"`);
      const shadowUrl = new URL(url);
      shadowUrl.pathname = `/${name}`;
      const shadow = readCatalogCharAsText(await new PrismaPg({ connectionString: shadowUrl.toString(), max: 1 }).connect());
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose();
        await admin.executeScript(`DROP DATABASE IF EXISTS "${name}"`);
        await admin.dispose();
      };
      return shadow;
    },
  };
}

const PG_CHAR_OID = 18; // the one-byte "char" of catalog columns such as pg_class.relkind
const PG_TEXT_OID = 25;

/**
 * The schema engine reads catalog columns of PostgreSQL's internal "char" type, which the pg
 * adapter refuses as an unsupported type; the values already arrive as text, so say they are.
 */
function readCatalogCharAsText<T extends SqlDriverAdapter>(adapter: T): T {
  const io = adapter as unknown as { performIO: (q: unknown) => Promise<{ fields: Array<{ dataTypeID: number }> }> };
  const performIO = io.performIO.bind(adapter);
  io.performIO = async (query) => {
    const result = await performIO(query);
    for (const field of result?.fields ?? []) if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    return result;
  };
  return adapter;
}

/**
 * SQLite's shadow database is a throwaway in-memory one. The engine replays each migration file
 * on it as one `executeRaw`, which better-sqlite3 refuses for several statements; argument-less
 * SQL is run as a script instead.
 */
export function sqliteMigrationFactory(file: string): SqlMigrationAwareDriverAdapterFactory {
  const main = sqliteFactory(file);
  return {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: () => main.connect(),
    async connectToShadowDb(): Promise<SqlDriverAdapter> {
      const shadow = await main.connectToShadowDb();
      const executeRaw = shadow.executeRaw.bind(shadow);
      shadow.executeRaw = async (query) => {
        if (query.args.length > 0) return executeRaw(query);
        await shadow.executeScript(query.sql);
        return 0;
      };
      return shadow;
    },
  };
}

export function migrationFactoryFor(target: DatabaseTarget): SqlMigrationAwareDriverAdapterFactory {
  return target.provider === 'sqlite' ? sqliteMigrationFactory(target.file) : postgresMigrationFactory(target.url);
}
