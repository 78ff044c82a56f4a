import { defineConfig } from 'vitest/config';

// Two projects: the whole suite on SQLite, and every test that touches a database again on a
// real PostgreSQL server that test/setup/postgres-global.ts starts for the run and stops after.
export default defineConfig({
  test: {
    reporters: ['default', './test/setup/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['test/**/*.test.ts'],
          env: { TEST_DB: 'sqlite' },
          globalSetup: ['test/setup/build-global.ts', 'test/setup/sqlite-global.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          exclude: ['test/e2e/sandbox*.test.ts'],
          env: { TEST_DB: 'postgresql' },
          globalSetup: ['test/setup/build-global.ts', 'test/setup/postgres-global.ts'],
        },
      },
    ],
  },
});
