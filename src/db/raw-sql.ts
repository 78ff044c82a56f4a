// Raw statements for the scheduler's hot path. On PostgreSQL they go straight to the connection
// pool that Prisma's adapter also uses: through Prisma, the claim statement took about 1.2 ms more
// than on the pool itself (2.7-3.0 ms against 1.5-1.8 ms for an idle claim), a quarter of a tick.
// On the pool they are named prepared statements: each connection parses and analyses a statement
// once and keeps it, where an unnamed one goes through all of it on every run. PostgreSQL still
// plans the claim for each run's instants (its generic plan never wins on cost), so the plan stays
// right for the data. Behind PgBouncer in transaction mode this needs PgBouncer 1.21 or later with
// max_prepared_statements set.
// Values are passed as strings and numbers and cast in the SQL, so both paths read them alike.
import type { Pool } from 'pg';
import type { Db } from './client';

/** A statement with `$n` parameters and a name unique in the application. */
export interface Statement {
  name: string;
  text: string;
}

const pools = new WeakMap<Db, Pool>();

/** Records the pool behind a client (src/db/client.ts does, for every PostgreSQL client it opens). */
export function registerPool(db: Db, pool: Pool): void {
  pools.set(db, pool);
}

/** Runs one statement and returns its rows: prepared on the pool when known, else through Prisma. */
export async function queryRows<T>(db: Db, statement: Statement, args: readonly (string | number | null)[]): Promise<T[]> {
  const pool = pools.get(db);
  if (pool) return (await pool.query({ name: statement.name, text: statement.text, values: [...args] })).rows as T[];
  return db.$queryRawUnsafe<T[]>(statement.text, ...args);
}
