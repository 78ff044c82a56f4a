// `npm run db:migrate`: apply pending migrations to DATABASE_URL.
// `npm run db:migration:create -- <name>`: after a model change, write the new migration for both
// engines (SQLite through a throwaway file, PostgreSQL through a throwaway local server).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadDotenv, readConfig } from '../config/env';
import { redactUrl } from '../db/database-url';
import { applyMigrations, createMigration } from '../db/migrations';
import { startPgCluster } from '../db/pg-cluster';

async function apply(): Promise<void> {
  loadDotenv();
  const config = readConfig(process.env, { discord: false });
  const applied = await applyMigrations(config.database);
  const where = config.database.provider === 'sqlite' ? config.database.file : redactUrl(config.database.url);
  console.log(applied.length ? `Applied ${applied.length} migration(s) to ${where}: ${applied.join(', ')}` : `${where} is up to date.`);
}

async function create(name: string | undefined): Promise<void> {
  if (!name || !/^[a-z0-9_]+$/i.test(name)) {
    throw new Error('usage: npm run db:migration:create -- <name>   (letters, digits and _ only, e.g. add_letter_channel)');
  }
  const dir = mkdtempSync(join(tmpdir(), 'upr-migrate-'));
  const file = join(dir, 'shadow.db');
  const cluster = await startPgCluster();
  try {
    for (const target of [
      { provider: 'sqlite' as const, url: `file:${file}`, file },
      { provider: 'postgresql' as const, url: await cluster.createDatabase('migration_scratch') },
    ]) {
      const folder = await createMigration(target, name);
      console.log(folder ? `${target.provider}: wrote ${folder}` : `${target.provider}: models and migrations already agree; nothing written.`);
    }
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const [command, arg] = process.argv.slice(2);
try {
  if (command === 'apply') await apply();
  else if (command === 'create') await create(arg);
  else throw new Error('usage: migrate.ts apply | create <name>');
  process.exit(0);
} catch (err) {
  console.error(err instanceof ConfigError ? `Configuration error: ${err.message}` : `Migration failed: ${(err as Error).message}`);
  process.exit(1);
}
