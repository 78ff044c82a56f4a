// Claiming due reminders: one conditional statement per batch, safe when several processes
// claim from one table at once.
// - SQLite: a single UPDATE ... WHERE id IN (SELECT ... LIMIT n) RETURNING. SQLite runs one writer
//   at a time, so the select and the update see the same rows and two claimers never overlap.
// - PostgreSQL: the rows are selected FOR UPDATE SKIP LOCKED in the same statement: a row another
//   transaction is claiming is skipped, and a row it has just claimed is re-checked against the
//   WHERE on its new version and dropped. (Prisma's updateManyAndReturn({ limit }) is not safe
//   here: it double-claimed under concurrency.)
// Due: pending with runAt <= now, or claimed by a process whose lease ran out (it crashed or hung).
// Servers that paused their reminders are left out. Returns the claimed ids, earliest runAt first.
// The first claim stamps `sentAt`: from then on a post of the row may have reached Discord.
// On PostgreSQL the claim also reads, in the same statement, what deciding about the rows needs
// (their servers' settings and locales, their reviews and letters) and the next instant a row
// becomes due: one round trip instead of five, the bulk of a tick's cost there.
import type { Db, Models } from '../db/client';
import { instantFromRaw, jsonFromRaw, withInstants } from '../db/raw-rows';
import { queryRows, type Statement } from '../db/raw-sql';
import type { PostingContext } from '../reminders/prepare';

export type Provider = 'sqlite' | 'postgresql';

export interface ClaimOptions {
  owner: string;
  now: Date;
  leaseUntil: Date;
  limit: number;
}

export interface ClaimedBatch {
  /** Earliest runAt first. */
  rows: Models.Reminder[];
  /** Read with the claim (PostgreSQL); absent: the caller reads it. */
  context?: PostingContext;
  /** The next instant a pending row becomes due after `now`, null for none; absent: not read. */
  nextRunAt?: Date | null;
}

const byRunAt = (a: Models.Reminder, b: Models.Reminder) => a.runAt.getTime() - b.runAt.getTime() || a.id - b.id;

// $1 now, $2 limit, $3 owner, $4 lease end. Instants are passed as ISO text and cast to the
// columns' zone-less UTC timestamps; the next due instant comes back as ms since the epoch.
const PG_CLAIM: Statement = {
  name: 'upr_claim_due',
  text: `
  WITH due AS (
    SELECT r."id" FROM "Reminder" r
    WHERE ((r."status" = 'pending' AND r."runAt" <= $1::timestamp(3)) OR (r."status" = 'claimed' AND r."leaseUntil" < $1::timestamp(3)))
      AND NOT EXISTS (SELECT 1 FROM "GuildSettings" g WHERE g."guildId" = r."guildId" AND g."paused")
    ORDER BY r."runAt"
    LIMIT $2::int
    FOR UPDATE OF r SKIP LOCKED
  ), claimed AS (
    UPDATE "Reminder" t
    SET "status" = 'claimed', "leaseOwner" = $3::text, "leaseUntil" = $4::timestamp(3), "updatedAt" = $1::timestamp(3),
        "sentAt" = COALESCE(t."sentAt", $1::timestamp(3))
    FROM due WHERE t."id" = due."id"
    RETURNING t.*
  )
  SELECT
    (SELECT COALESCE(json_agg(c), '[]') FROM claimed c) AS "rows",
    (SELECT COALESCE(json_agg(g), '[]') FROM "GuildSettings" g WHERE g."guildId" IN (SELECT "guildId" FROM claimed)) AS "settings",
    (SELECT COALESCE(json_agg(l), '[]') FROM "GuildLocale" l WHERE l."guildId" IN (SELECT "guildId" FROM claimed)) AS "locales",
    (SELECT COALESCE(json_agg(v), '[]') FROM "Review" v WHERE v."id" IN (SELECT "reviewId" FROM claimed WHERE "kind" <> 'letter')) AS "reviews",
    (SELECT COALESCE(json_agg(to_jsonb(l) || jsonb_build_object('review', to_jsonb(v))), '[]')
       FROM "Letter" l JOIN "Review" v ON v."id" = l."reviewId" WHERE l."id" IN (SELECT "letterId" FROM claimed)) AS "letters",
    (SELECT round(extract(epoch FROM min(p."runAt")) * 1000)::bigint FROM "Reminder" p
       WHERE p."status" = 'pending' AND p."runAt" > $1::timestamp(3)) AS "nextRunAt"`,
};

/** Claims due rows; on PostgreSQL with their context and the next due instant in the same statement. */
export async function claimDueBatch(db: Db, provider: Provider, o: ClaimOptions): Promise<ClaimedBatch> {
  if (o.limit <= 0) return { rows: [] };
  if (provider === 'sqlite') {
    const rows = await db.$queryRaw<Record<string, unknown>[]>`
      UPDATE "Reminder"
      SET "status" = 'claimed', "leaseOwner" = ${o.owner}, "leaseUntil" = ${o.leaseUntil}, "updatedAt" = ${o.now},
          "sentAt" = COALESCE("sentAt", ${o.now})
      WHERE "id" IN (
        SELECT r."id" FROM "Reminder" r
        WHERE ((r."status" = 'pending' AND r."runAt" <= ${o.now}) OR (r."status" = 'claimed' AND r."leaseUntil" < ${o.now}))
          AND r."guildId" NOT IN (SELECT g."guildId" FROM "GuildSettings" g WHERE g."paused" = 1)
        ORDER BY r."runAt"
        LIMIT ${o.limit}
      )
      RETURNING *`;
    return { rows: rows.map(reminderFromRaw).sort(byRunAt) };
  }
  // A data-modifying CTE runs once, however often the rest of the statement reads it; the reads
  // see the rows as they were before the UPDATE, which for settings, reviews and letters is now.
  const [out] = await queryRows<Record<string, unknown>>(db, PG_CLAIM, [o.now.toISOString(), o.limit, o.owner, o.leaseUntil.toISOString()]);
  const rows = jsonFromRaw<Record<string, unknown>[]>(out!.rows).map(reminderFromRaw).sort(byRunAt);
  if (!rows.length) return { rows, nextRunAt: instantFromRaw(out!.nextRunAt) };
  const review = (raw: Record<string, unknown>) => withInstants<Models.Review>('Review', raw);
  const context: PostingContext = {
    settings: jsonFromRaw<Record<string, unknown>[]>(out!.settings).map((raw) => withInstants<Models.GuildSettings>('GuildSettings', raw)),
    locales: new Map(jsonFromRaw<{ guildId: string; locale: string }[]>(out!.locales).map((l) => [l.guildId, l.locale])),
    reviews: jsonFromRaw<Record<string, unknown>[]>(out!.reviews).map(review),
    letters: jsonFromRaw<Record<string, unknown>[]>(out!.letters).map((raw) => ({
      ...withInstants<Models.Letter>('Letter', raw),
      review: review(raw.review as Record<string, unknown>),
    })),
  };
  return { rows, context, nextRunAt: instantFromRaw(out!.nextRunAt) };
}

/**
 * A row read by raw SQL, as Prisma's model gives it: SQLite returns instants as ms since the epoch
 * (src/db/adapters.ts) and booleans as 0/1; PostgreSQL returns Dates (or, built as JSON, zone-less
 * UTC timestamps) and booleans.
 */
export function reminderFromRaw(raw: Record<string, unknown>): Models.Reminder {
  const row = withInstants<Record<string, unknown>>('Reminder', { ...raw, id: Number(raw.id), attempts: Number(raw.attempts), late: Boolean(Number(raw.late)) });
  for (const key of ['reviewId', 'letterId'] as const) row[key] = raw[key] === null || raw[key] === undefined ? null : Number(raw[key]);
  return row as Models.Reminder;
}

/** The next instant a pending reminder becomes due after `now`, if any (one indexed lookup). */
export async function nextRunAt(db: Db, now: Date): Promise<Date | undefined> {
  const next = await db.reminder.findFirst({
    where: { status: 'pending', runAt: { gt: now } },
    orderBy: { runAt: 'asc' },
    select: { runAt: true },
  });
  return next?.runAt;
}

/** Due rows waiting (pending and due, or claimed with a lease run out). */
export async function countDue(db: Db, now: Date): Promise<number> {
  return db.reminder.count({
    where: { OR: [{ status: 'pending', runAt: { lte: now } }, { status: 'claimed', leaseUntil: { lt: now } }] },
  });
}

/** Which engine a client talks to, for callers that were not told. */
export async function detectProvider(db: Db): Promise<Provider> {
  try {
    await db.$queryRawUnsafe('SELECT sqlite_version()');
    return 'sqlite';
  } catch {
    return 'postgresql';
  }
}
