// A fresh, migrated database for one test (file or suite), on the engine the vitest project
// selects: a copy of the migrated SQLite template, or a PostgreSQL database cloned from the
// migrated template database.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client';
import type { DatabaseTarget } from '../../src/db/database-url';

export const testProvider = (process.env.TEST_DB ?? 'sqlite') as DatabaseTarget['provider'];

let counter = 0;

/** A new empty, migrated database target (not opened). */
export async function createTestTarget(): Promise<{ target: DatabaseTarget; drop: () => Promise<void> }> {
  counter++;
  if (testProvider === 'postgresql') {
    const admin = inject('postgresAdminUrl');
    const name = `t_${process.pid}_${counter}_${Math.random().toString(36).slice(2, 8)}`;
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`CREATE DATABASE "${name}" TEMPLATE upr_template`);
    await client.end();
    const url = new URL(admin);
    url.pathname = `/${name}`;
    return {
      target: { provider: 'postgresql', url: url.toString() },
      drop: async () => {
        const c = new pg.Client({ connectionString: admin });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'upr-test-'));
  const file = join(dir, 'test.db');
  copyFileSync(inject('sqliteTemplate'), file);
  return { target: { provider: 'sqlite', url: `file:${file}`, file }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** A new migrated database, opened. Call `cleanup` in afterAll/afterEach. */
export async function createTestDatabase(): Promise<Database & { cleanup: () => Promise<void> }> {
  const { target, drop } = await createTestTarget();
  const db = openDatabase(target);
  return {
    ...db,
    cleanup: async () => {
      await db.close();
      await drop();
    },
  };
}
