// Records every row a unit's writes touch, with its fields before and after, as they happen in
// the unit's transaction: a Prisma query extension, so no service needs its own audit code.
// Rows the database deletes by cascade are recorded too (children first), so an undo can bring
// them back.
import { Models, type Db } from '../db/client';
import { AUDITED_MODELS, CASCADES, delegateName, encodeRow, isAudited, keyOf, type AuditedModel, type Row, type RowChange } from './rows';
import { currentUnit, type Tx } from './unit';

const WRITES = new Set(['create', 'createMany', 'createManyAndReturn', 'update', 'updateMany', 'updateManyAndReturn', 'upsert', 'delete', 'deleteMany']);

type Delegate = { findMany(args: unknown): Promise<Row[]>; createManyAndReturn(args: unknown): Promise<Row[]> };
const delegate = (tx: Tx, model: string): Delegate => (tx as unknown as Record<string, Delegate>)[delegateName(model)]!;

/** A unique where ({ a_b: { a, b } }) as a plain filter ({ a, b }). */
function flatWhere(where: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries((where ?? {}) as Record<string, unknown>)) {
    if (k.includes('_') && v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)) Object.assign(out, v);
    else out[k] = v;
  }
  return out;
}

const byKeys = (model: AuditedModel, rows: Row[]) => ({ OR: rows.map((r) => keyOf(model, r)) });

const scalarFields = (model: AuditedModel): string[] => Object.keys((Models.Prisma as unknown as Record<string, Record<string, string>>)[`${model}ScalarFieldEnum`]!);

const complete = (model: AuditedModel, rows: Row[]): boolean => {
  const fields = scalarFields(model);
  return rows.every((r) => fields.every((f) => f in r));
};
const scalarsOf = (model: AuditedModel, rows: Row[]): Row[] => {
  const fields = scalarFields(model);
  return rows.map((r) => Object.fromEntries(fields.map((f) => [f, r[f]])));
};

/** Rows read back by the keys of `keyed` (which must carry their key columns). */
async function readBack(tx: Tx, model: AuditedModel, keyed: Row[]): Promise<Row[]> {
  if (!keyed.length) return [];
  if (keyed.some((r) => AUDITED_MODELS[model].pk.some((f) => r[f] === undefined))) throw new Error(`an audited write on ${model} must return its key columns`);
  return delegate(tx, model).findMany({ where: byKeys(model, keyed) });
}

/** The rows as stored after a write: its own result when it carries every column, else read back. */
const afterRows = (tx: Tx, model: AuditedModel, result: Row[], keyed: Row[]): Promise<Row[]> =>
  complete(model, result) ? Promise.resolve(scalarsOf(model, result)) : readBack(tx, model, keyed);

/** The rows a delete of `rows` takes with it, deepest first. */
async function cascaded(tx: Tx, model: AuditedModel, rows: Row[]): Promise<RowChange[]> {
  const out: RowChange[] = [];
  for (const [child, field] of CASCADES[model] ?? []) {
    if (!rows.length) continue;
    const children = await delegate(tx, child).findMany({ where: { [field]: { in: rows.map((r) => r.id) } } });
    out.push(...(await cascaded(tx, child, children)));
    out.push(...children.map((c) => ({ model: child, key: keyOf(child, c), before: encodeRow(c), after: null })));
  }
  return out;
}

function changes(model: AuditedModel, before: Row[], after: Row[]): RowChange[] {
  const key = (r: Row) => JSON.stringify(keyOf(model, r));
  const was = new Map(before.map((r) => [key(r), r]));
  const out: RowChange[] = after.map((r) => ({ model, key: keyOf(model, r), before: encodeRow(was.get(key(r)) ?? null), after: encodeRow(r) }));
  const still = new Set(after.map(key));
  for (const r of before) if (!still.has(key(r))) out.push({ model, key: keyOf(model, r), before: encodeRow(r), after: null });
  return out;
}

export function withCapture(db: Db): Db {
  return db.$extends({
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          const unit = currentUnit();
          const tx = unit?.tx;
          if (!unit || !tx || !isAudited(model) || !WRITES.has(operation)) return query(args);
          const a = args as { where?: unknown; data?: unknown };
          const d = delegate(tx, model);
          switch (operation) {
            case 'create': {
              const result = (await query(args)) as Row;
              unit.changes.push(...changes(model, [], await afterRows(tx, model, [result], [result])));
              return result;
            }
            case 'createMany':
            case 'createManyAndReturn': {
              // createMany returns no rows; its ...AndReturn twin does, in the same statement.
              const created = await d.createManyAndReturn(args);
              unit.changes.push(...changes(model, [], await afterRows(tx, model, created, created)));
              return operation === 'createMany' ? { count: created.length } : created;
            }
            case 'update':
            case 'updateMany':
            case 'updateManyAndReturn':
            case 'upsert': {
              const before = await d.findMany({ where: flatWhere(a.where) });
              const result = await query(args);
              // update and upsert return the row, updateManyAndReturn the rows, updateMany a count.
              const returned = operation === 'update' || operation === 'upsert' ? [result as Row] : operation === 'updateManyAndReturn' ? (result as Row[]) : [];
              const keyed = before.length ? before : returned;
              unit.changes.push(...changes(model, before, operation === 'updateMany' ? await readBack(tx, model, before) : await afterRows(tx, model, returned, keyed)));
              return result;
            }
            case 'delete':
            case 'deleteMany': {
              const before = await d.findMany({ where: flatWhere(a.where) });
              const children = await cascaded(tx, model, before);
              const result = await query(args);
              unit.changes.push(...children, ...changes(model, before, []));
              return result;
            }
          }
          return query(args);
        },
      },
    },
  }) as unknown as Db;
}
