// Opens the database for the bot: one Prisma client type for both engines. The two generated
// clients come from the same models and differ only in engine-specific options (transaction
// isolation levels) that the bot never sets; `Db` is that shared API, written with the SQLite
// client's type, and a compile-time check below keeps the two clients' models the same.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PrismaClient as SqliteClient } from '../generated/sqlite/client';
import { PrismaClient as PostgresClient } from '../generated/postgres/client';
import { postgresFactory, postgresPool, sqliteFactory } from './adapters';
import { registerPool } from './raw-sql';
import type { DatabaseTarget } from './database-url';

type SqliteDb = InstanceType<typeof SqliteClient>;
type PostgresDb = InstanceType<typeof PostgresClient>;
/** The database API the bot uses, on either engine. */
export type Db = SqliteDb;

// Fails to compile if one engine's client gains or loses a model or a top-level method the other has.
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : never;
const sameModels: SameKeys<SqliteDb, PostgresDb> = true;
void sameModels;
export type { DatabaseTarget };
export * as Models from '../generated/sqlite/client';

export interface Database {
  prisma: Db;
  target: DatabaseTarget;
  provider: DatabaseTarget['provider'];
  close(): Promise<void>;
}

export function openDatabase(target: DatabaseTarget, options: { poolSize?: number } = {}): Database {
  if (target.provider === 'sqlite') {
    mkdirSync(dirname(target.file), { recursive: true });
    const prisma = new SqliteClient({ adapter: sqliteFactory(target.file) });
    return { prisma, target, provider: target.provider, close: () => prisma.$disconnect() };
  }
  const pool = postgresPool(target.url, options.poolSize);
  // Same models and methods (checked above); only option types differ, so the cast is sound here.
  const prisma = new PostgresClient({ adapter: postgresFactory(pool) }) as unknown as Db;
  registerPool(prisma, pool);
  let closing: Promise<void> | undefined;
  const close = async () => {
    await prisma.$disconnect();
    await (closing ??= pool.end());
  };
  return { prisma, target, provider: target.provider, close };
}
