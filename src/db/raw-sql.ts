// Raw statements for the scheduler's hot path. On PostgreSQL they go straight to the connection
// pool that Prisma's adapter also uses: through Prisma, the claim statement took about 1.2 ms more
// than on the pool itself (2.7-3.0 ms against 1.5-1.8 ms for an idle claim), a quarter of a tick.
// Values are passed as strings and numbers and cast in the SQL, so both paths read them alike.
import type { Pool } from 'pg';
import type { Db } from './client';

const pools = new WeakMap<Db, Pool>();

/** Records the pool behind a client (src/db/client.ts does, for every PostgreSQL client it opens). */
export function registerPool(db: Db, pool: Pool): void {
  pools.set(db, pool);
}

/** Runs one statement with `$n` parameters and returns its rows: on the pool when known, else through Prisma. */
export async function queryRows<T>(db: Db, sql: string, args: readonly (string | number | null)[]): Promise<T[]> {
  const pool = pools.get(db);
  if (pool) return (await pool.query(sql, [...args])).rows as T[];
  return db.$queryRawUnsafe<T[]>(sql, ...args);
}
