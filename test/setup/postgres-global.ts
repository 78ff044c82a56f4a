// Starts a throwaway PostgreSQL cluster for the run, migrates a template database that each
// test database is cloned from, and stops the cluster afterwards.
import type { TestProject } from 'vitest/node';
import { applyMigrations } from '../../src/db/migrations';
import { startPgCluster } from '../../src/db/pg-cluster';

export default async function setup(project: TestProject) {
  const cluster = await startPgCluster();
  const templateUrl = await cluster.createDatabase('upr_template');
  await applyMigrations({ provider: 'postgresql', url: templateUrl });
  project.provide('postgresAdminUrl', cluster.url);
  // Test files may also start bot processes; they find the server here.
  process.env.TEST_PG_ADMIN_URL = cluster.url;
  return () => cluster.stop();
}
