// Migrates one template SQLite file per run; each test database starts as a copy of it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { applyMigrations } from '../../src/db/migrations';

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'upr-test-sqlite-'));
  const file = join(dir, 'template.db');
  await applyMigrations({ provider: 'sqlite', url: `file:${file}`, file });
  project.provide('sqliteTemplate', file);
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    sqliteTemplate: string;
    postgresAdminUrl: string;
  }
}
