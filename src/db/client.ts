// Opens the database for the bot: one Prisma client type for both engines. The two generated
// clients come from the same models, so the PostgreSQL one is used through the SQLite one's type.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PrismaClient as SqliteClient } from '../generated/sqlite/client';
import { PrismaClient as PostgresClient } from '../generated/postgres/client';
import { postgresFactory, sqliteFactory } from './adapters';
import type { DatabaseTarget } from './database-url';

export type Db = InstanceType<typeof SqliteClient>;
export type { DatabaseTarget };
export * as Models from '../generated/sqlite/client';

export interface Database {
  prisma: Db;
  target: DatabaseTarget;
  provider: DatabaseTarget['provider'];
  close(): Promise<void>;
}

export function openDatabase(target: DatabaseTarget, options: { poolSize?: number } = {}): Database {
  let prisma: Db;
  if (target.provider === 'sqlite') {
    mkdirSync(dirname(target.file), { recursive: true });
    prisma = new SqliteClient({ adapter: sqliteFactory(target.file) });
  } else {
    prisma = new PostgresClient({ adapter: postgresFactory(target.url, options.poolSize) }) as unknown as Db;
  }
  return { prisma, target, provider: target.provider, close: () => prisma.$disconnect() };
}
