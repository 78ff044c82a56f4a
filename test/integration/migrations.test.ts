// Migrations apply to an empty database and a second run changes nothing; the committed
// migrations agree with the models (drift test); concurrent starts apply them once; constraint
// violations come back as domain errors. Runs on SQLite and on PostgreSQL.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client';
import type { DatabaseTarget } from '../../src/db/database-url';
import { datamodelFor } from '../../src/db/datamodel';
import { ConstraintViolation, reportConstraints } from '../../src/db/errors';
import { applyMigrations, migrationDrift, readMigrationList } from '../../src/db/migrations';
import { createTestTarget, testProvider } from '../helpers/db';
import { tsxCommand } from '../helpers/node-process';

const run = promisify(execFile);
const drops: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const drop of drops) await drop();
});

/** An empty database: for SQLite a new file, for PostgreSQL a database with no tables. */
async function emptyTarget(): Promise<DatabaseTarget> {
  if (testProvider === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'upr-migrate-test-'));
    drops.push(async () => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'fresh.db');
    return { provider: 'sqlite', url: `file:${file}`, file };
  }
  const { target, drop } = await createTestTarget();
  drops.push(drop);
  // Start from nothing: drop what the template brought.
  const db = openDatabase(target);
  await db.prisma.$executeRawUnsafe('DROP SCHEMA public CASCADE');
  await db.prisma.$executeRawUnsafe('CREATE SCHEMA public');
  await db.close();
  return target;
}

async function appliedRows(target: DatabaseTarget) {
  const db = openDatabase(target);
  try {
    return await db.prisma.$queryRawUnsafe<{ migration_name: string; finished_at: unknown }[]>(
      'SELECT migration_name, finished_at FROM "_prisma_migrations" ORDER BY migration_name',
    );
  } finally {
    await db.close();
  }
}

describe(`migrations (${testProvider})`, () => {
  it('apply to an empty database, record them as Prisma does, and a second run changes nothing', async () => {
    const target = await emptyTarget();
    const committed = readMigrationList(target.provider).migrationDirectories.map((d) => d.path);
    expect(committed.length).toBeGreaterThan(0);

    expect(await applyMigrations(target)).toEqual(committed);
    const rows = await appliedRows(target);
    expect(rows.map((r) => r.migration_name)).toEqual(committed);
    expect(rows.every((r) => r.finished_at !== null)).toBe(true);

    expect(await applyMigrations(target)).toEqual([]);
    expect((await appliedRows(target)).length).toBe(committed.length);

    // The tables are really there and usable.
    const db = openDatabase(target);
    await db.prisma.guildSettings.create({ data: { guildId: '123456789012345678' } });
    expect(await db.prisma.guildSettings.count()).toBe(1);
    await db.close();
  });

  it('the committed migrations match the models (no drift)', async () => {
    const target = await emptyTarget();
    expect(await migrationDrift(target)).toBe('');
  });

  it('the drift check notices a model change that has no migration', async () => {
    const target = await emptyTarget();
    const [path, text] = datamodelFor(target.provider);
    const changed = text.replace('model Letter {', 'model Letter {\n  urgency Int @default(0)');
    const sql = await migrationDrift(target, [path, changed]);
    expect(sql).toMatch(/urgency/);
  });

  it('several processes starting at once apply the migrations exactly once', async () => {
    const target = await emptyTarget();
    const env = { ...process.env, DATABASE_URL: target.url };
    const results = await Promise.all(
      Array.from({ length: 4 }, () => run(...tsxCommand('src/db/migrate-cli.ts', 'apply'), { env })),
    );
    const outputs = results.map((r) => r.stdout);
    expect(outputs.filter((o) => /Applied \d+ migration/.test(o))).toHaveLength(1);
    expect(outputs.filter((o) => /up to date/.test(o))).toHaveLength(3);
    const rows = await appliedRows(target);
    expect(rows.length).toBe(readMigrationList(target.provider).migrationDirectories.length);
  });

  it('unique-constraint violations reach callers as constraint facts', async () => {
    const { target, drop } = await createTestTarget();
    drops.push(drop);
    const db = openDatabase(target);
    const data = { guildId: '123456789012345678', stateCode: 'BLR', session: 50 };
    await db.prisma.review.create({ data });
    const err = await reportConstraints(() => db.prisma.review.create({ data })).catch((e) => e);
    expect(err).toBeInstanceOf(ConstraintViolation);
    expect(err.kind).toBe('duplicate');

    // One intervention per state per review, one reminder per item and lead time.
    const review = await db.prisma.review.findFirstOrThrow();
    const intervention = { guildId: data.guildId, reviewId: review.id, stateCode: 'ARG' };
    await db.prisma.intervention.create({ data: intervention });
    const err2 = await reportConstraints(() => db.prisma.intervention.create({ data: intervention })).catch((e) => e);
    expect(err2).toBeInstanceOf(ConstraintViolation);
    expect(err2.kind).toBe('duplicate');
    const err3 = await reportConstraints(() => db.prisma.review.delete({ where: { id: 999_999 } })).catch((e) => e);
    expect(err3).toBeInstanceOf(ConstraintViolation);
    expect(err3.kind).toBe('missing');
    await db.close();
  });
});
