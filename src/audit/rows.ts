// The rows an audit entry records, as plain values: which models are audited, their keys, the
// items a row belongs to, and a JSON encoding that keeps dates. Pure: no database here.

/** Models a change through the bot can touch; reminders are derived from them and re-planned. */
export const AUDITED_MODELS = {
  GuildSettings: { pk: ['guildId'] },
  Review: { pk: ['id'] },
  Letter: { pk: ['id'] },
  Intervention: { pk: ['id'] },
  Recommendation: { pk: ['id'] },
  RecommendationState: { pk: ['recommendationId', 'stateCode'] },
  RecommendationTheme: { pk: ['recommendationId', 'theme'] },
} as const;

export type AuditedModel = keyof typeof AUDITED_MODELS;
export type Row = Record<string, unknown>;
export type RowKey = Record<string, string | number>;

/** Children the database deletes with their parent (onDelete: Cascade in prisma/schema.prisma). */
export const CASCADES: Partial<Record<AuditedModel, ReadonlyArray<readonly [AuditedModel, string]>>> = {
  Review: [
    ['Letter', 'reviewId'],
    ['Intervention', 'reviewId'],
    ['Recommendation', 'reviewId'],
  ],
  Recommendation: [
    ['RecommendationState', 'recommendationId'],
    ['RecommendationTheme', 'recommendationId'],
  ],
};

export interface RowChange {
  model: AuditedModel;
  key: RowKey;
  /** null: the row did not exist before (created). */
  before: Row | null;
  /** null: the row does not exist after (deleted). */
  after: Row | null;
}

export const isAudited = (model: string | undefined): model is AuditedModel => model !== undefined && model in AUDITED_MODELS;

/** The Prisma client's property for a model: "GuildSettings" -> "guildSettings". */
export const delegateName = (model: string): string => model.charAt(0).toLowerCase() + model.slice(1);

export function keyOf(model: AuditedModel, row: Row): RowKey {
  const key: RowKey = {};
  for (const field of AUDITED_MODELS[model].pk) key[field] = row[field] as string | number;
  return key;
}

/** "Letter:5", "RecommendationState:7/BLR". */
export function rowKeyString(model: string, key: RowKey): string {
  return `${model}:${Object.values(key).join('/')}`;
}

/** The items a change is about, as users name them: "review:12", "letter:5", "settings". */
export function itemsOf(change: RowChange): string[] {
  const row = change.after ?? change.before ?? {};
  switch (change.model) {
    case 'GuildSettings':
      return ['settings'];
    case 'Review':
      return [`review:${String(row.id)}`];
    case 'Letter':
    case 'Intervention':
    case 'Recommendation': {
      const own = `${change.model.toLowerCase()}:${String(row.id)}`;
      const parents = new Set([change.before?.reviewId, change.after?.reviewId].filter((v) => v !== undefined && v !== null));
      return [own, ...[...parents].map((id) => `review:${String(id)}`)];
    }
    case 'RecommendationState':
    case 'RecommendationTheme':
      return [`recommendation:${String(row.recommendationId)}`];
  }
}

/** Space-delimited with a space at both ends, so a LIKE '% review:12 %' filter is exact. */
export const spaced = (values: Iterable<string>): string => ` ${[...new Set(values)].join(' ')} `;
export const unspaced = (s: string): string[] => s.trim().split(/\s+/).filter(Boolean);

/** Dates survive JSON as { "$date": iso }. */
export function encodeRow(row: Row | null): Row | null {
  if (!row) return null;
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) out[k] = v instanceof Date ? { $date: v.toISOString() } : v;
  return out;
}

export function decodeRow(row: Row | null): Row | null {
  if (!row) return null;
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) {
    out[k] = v && typeof v === 'object' && '$date' in (v as object) ? new Date((v as { $date: string }).$date) : v;
  }
  return out;
}

/** Equal field by field, `updatedAt` aside (Prisma sets it on any write). Takes encoded rows. */
export function sameRow(a: Row | null, b: Row | null): boolean {
  if (!a || !b) return a === b;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  keys.delete('updatedAt');
  for (const k of keys) if (JSON.stringify(a[k] ?? null) !== JSON.stringify(b[k] ?? null)) return false;
  return true;
}

export type Counts = Partial<Record<AuditedModel, { created: number; updated: number; deleted: number }>>;

export function countChanges(changes: readonly RowChange[]): Counts {
  const counts: Counts = {};
  for (const c of changes) {
    const n = (counts[c.model] ??= { created: 0, updated: 0, deleted: 0 });
    if (!c.before) n.created++;
    else if (!c.after) n.deleted++;
    else n.updated++;
  }
  return counts;
}

/** Fields whose value differs between two encoded rows (`updatedAt` aside). */
export function changedFields(before: Row | null, after: Row | null): string[] {
  if (!before || !after) return [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  keys.delete('updatedAt');
  return [...keys].filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null));
}
