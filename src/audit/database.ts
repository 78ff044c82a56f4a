// The database as services see it: outside a unit of work, the plain client; inside one, reads
// go to the unit's transaction once it is open, a write opens it, and a service's own
// $transaction(fn) runs inside it. Writes there are captured for the audit trail.
import type { Db } from '../db/client';
import { withCapture } from './capture';
import { currentUnit, openTransaction } from './unit';

const WRITE_METHODS = new Set(['create', 'createMany', 'createManyAndReturn', 'update', 'updateMany', 'updateManyAndReturn', 'upsert', 'delete', 'deleteMany']);

const wrapped = new WeakMap<Db, { audited: Db; capturing: Db }>();

/** The capturing client the units' transactions run on (the same one for every caller of `db`). */
export function capturingClient(db: Db): Db {
  return auditedPair(db).capturing;
}

export function auditedDatabase(db: Db): Db {
  return auditedPair(db).audited;
}

function auditedPair(db: Db): { audited: Db; capturing: Db } {
  const known = wrapped.get(db);
  if (known) return known;
  const capturing = withCapture(db);
  const delegates = new Map<PropertyKey, unknown>();
  const audited = new Proxy(db, {
    get(target, prop) {
      const unit = currentUnit();
      const plain = Reflect.get(target, prop, target) as unknown;
      if (!unit) return typeof plain === 'function' ? plain.bind(target) : plain;
      if (prop === '$transaction') {
        return (fn: unknown) => {
          if (typeof fn !== 'function') throw new Error('inside a change, use $transaction(async (tx) => ...), not a batch');
          return openTransaction(unit, capturing).then((tx) => (fn as (t: unknown) => unknown)(tx));
        };
      }
      if (typeof prop === 'string' && !prop.startsWith('$') && plain && typeof plain === 'object' && 'findMany' in plain) {
        // A model delegate: route each call when it is made (the unit may open in between).
        let d = delegates.get(prop);
        if (!d) {
          d = new Proxy(
            {},
            {
              get(_t, method) {
                return (...args: unknown[]) => {
                  const u = currentUnit();
                  const call = (client: unknown) => ((client as Record<string, Record<string, (...a: unknown[]) => unknown>>)[prop]![method as string]!)(...args);
                  if (!u) return call(target);
                  if (u.tx) return call(u.tx);
                  if (WRITE_METHODS.has(method as string)) return openTransaction(u, capturing).then((tx) => call(tx));
                  return call(target);
                };
              },
            },
          );
          delegates.set(prop, d);
        }
        return d;
      }
      if (unit.tx && typeof prop === 'string' && prop.startsWith('$')) {
        const inTx = Reflect.get(unit.tx as object, prop) as unknown;
        if (typeof inTx === 'function') return inTx.bind(unit.tx);
      }
      return typeof plain === 'function' ? plain.bind(target) : plain;
    },
  });
  const pair = { audited: audited as Db, capturing };
  wrapped.set(db, pair);
  return pair;
}
