// Rows read by raw SQL, brought to the shape Prisma's models give them. Each engine hands raw
// instants over differently: SQLite as ms since the epoch (src/db/adapters.ts), PostgreSQL as Dates,
// and PostgreSQL rows built as JSON in the statement (json_agg) as timestamps without a zone, which
// are UTC (Prisma stores UTC in `timestamp(3)`).

/** The instant (DateTime) fields of the models read raw, as prisma/schema.prisma declares them. */
export const INSTANT_FIELDS = {
  Reminder: ['eventAt', 'dueAt', 'runAt', 'leaseUntil', 'postedAt', 'sentAt', 'createdAt', 'updatedAt'],
  Review: ['reviewAt', 'submissionDeadlineAt', 'preSessionAt', 'documentsPublishedAt', 'hrcAdoptionAt', 'midTermReportAt', 'createdAt', 'updatedAt'],
  Letter: ['deadlineAt', 'sentAt', 'createdAt', 'updatedAt'],
  GuildSettings: ['createdAt', 'updatedAt'],
  GuildLocale: ['updatedAt'],
} as const satisfies Record<string, readonly string[]>;

export type RawModel = keyof typeof INSTANT_FIELDS;

const HAS_ZONE = /(?:Z|[+-]\d\d:?\d\d)$/;

/** One raw instant as a Date: ms since the epoch (number or digits), a Date, or an ISO timestamp (UTC when it names no zone). */
export function instantFromRaw(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  if (typeof v === 'number' || typeof v === 'bigint') return new Date(Number(v));
  const s = String(v);
  if (/^\d+$/.test(s)) return new Date(Number(s));
  return new Date(HAS_ZONE.test(s) ? s : `${s}Z`);
}

/** A raw row of `model` with its instants as Dates; other values as given. */
export function withInstants<T>(model: RawModel, raw: Record<string, unknown>): T {
  const row: Record<string, unknown> = { ...raw };
  for (const key of INSTANT_FIELDS[model]) if (key in raw) row[key] = instantFromRaw(raw[key]);
  return row as T;
}

/** A JSON value a raw statement returned (drivers hand `json` columns over parsed or as text). */
export function jsonFromRaw<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}
