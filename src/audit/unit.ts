// A unit of work: one change a person makes through the bot. It carries who is acting, opens
// the database transaction lazily at the first write (so downloads and Discord calls before it
// hold no lock), collects every row the change touches, and runs reminder re-planning only
// after the commit. The unit travels with the async call chain (AsyncLocalStorage), so services
// keep their (guildId, ...) signatures and every write path gets the actor the same way.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db } from '../db/client';
import type { RowChange } from './rows';

export interface Actor {
  id: string;
  /** Display name at the time of the change. */
  name: string;
}

export interface UnitScope {
  guildId: string;
  actor: Actor;
  /** What was run, e.g. "/letter edit". */
  action: string;
}

export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

export interface Unit extends UnitScope {
  tx?: Tx;
  opening?: Promise<Tx>;
  changes: RowChange[];
  afterCommit: Array<() => Promise<void>>;
  /** Set by an undo: the entry it reverts. */
  undoOf?: number;
  commit?: () => void;
  rollback?: (err: unknown) => void;
  settled?: Promise<unknown>;
}

const storage = new AsyncLocalStorage<Unit>();

export const currentUnit = (): Unit | undefined => storage.getStore();

/** Long enough for the largest import; SQLite writers queue behind it. */
export const UNIT_TIMEOUT_MS = 10 * 60_000;

/** The unit's transaction, opened on first use on the (capturing) client. */
export function openTransaction(unit: Unit, client: Db): Promise<Tx> {
  if (unit.tx) return Promise.resolve(unit.tx);
  unit.opening ??= new Promise<Tx>((resolve, reject) => {
    unit.settled = client
      .$transaction(
        (tx) => {
          unit.tx = tx;
          resolve(tx);
          return new Promise<void>((commit, rollback) => {
            unit.commit = commit;
            unit.rollback = rollback;
          });
        },
        { timeout: UNIT_TIMEOUT_MS, maxWait: 60_000 },
      )
      .catch((err: unknown) => {
        reject(err);
        throw err;
      });
  });
  return unit.opening;
}

/**
 * Runs `work` as one unit; `finish` writes the audit entry inside the transaction before it
 * commits. A unit inside a unit joins the outer one.
 */
export async function runUnit<T>(scope: UnitScope, work: () => Promise<T>, finish: (unit: Unit, tx: Tx) => Promise<void>): Promise<T> {
  if (currentUnit()) return work();
  const unit: Unit = { ...scope, changes: [], afterCommit: [] };
  let result: T;
  try {
    result = await storage.run(unit, work);
    if (unit.opening) {
      const tx = await unit.opening;
      await storage.run(unit, () => finish(unit, tx));
      unit.commit!();
      await unit.settled;
    }
  } catch (err) {
    if (unit.rollback) {
      unit.rollback(err);
      await unit.settled?.catch(() => {});
    }
    throw err;
  }
  for (const task of unit.afterCommit) await task();
  return result;
}
