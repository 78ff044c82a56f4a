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
import type { Db, Models } from '../db/client';

export type Provider = 'sqlite' | 'postgresql';

export interface ClaimOptions {
  owner: string;
  now: Date;
  leaseUntil: Date;
  limit: number;
}

/** Claims due rows; returns their ids, earliest runAt first. */
export async function claimDue(db: Db, provider: Provider, o: ClaimOptions): Promise<number[]> {
  return (await claimDueRows(db, provider, o)).map((r) => r.id);
}

/** Claims due rows and returns them as claimed (one round trip: no second read). */
export async function claimDueRows(db: Db, provider: Provider, o: ClaimOptions): Promise<Models.Reminder[]> {
  if (o.limit <= 0) return [];
  const rows =
    provider === 'sqlite'
      ? await db.$queryRaw<{ id: number }[]>`
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
          RETURNING *`
      : await db.$queryRaw<{ id: number }[]>`
          WITH due AS (
            SELECT r."id" FROM "Reminder" r
            WHERE ((r."status" = 'pending' AND r."runAt" <= ${o.now}) OR (r."status" = 'claimed' AND r."leaseUntil" < ${o.now}))
              AND NOT EXISTS (SELECT 1 FROM "GuildSettings" g WHERE g."guildId" = r."guildId" AND g."paused")
            ORDER BY r."runAt"
            LIMIT ${o.limit}
            FOR UPDATE OF r SKIP LOCKED
          )
          UPDATE "Reminder" t
          SET "status" = 'claimed', "leaseOwner" = ${o.owner}, "leaseUntil" = ${o.leaseUntil}, "updatedAt" = ${o.now},
              "sentAt" = COALESCE(t."sentAt", ${o.now})
          FROM due WHERE t."id" = due."id"
          RETURNING t.*`;
  return (rows as Record<string, unknown>[]).map(reminderFromRaw).sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || a.id - b.id);
}

const INSTANTS = ['eventAt', 'dueAt', 'runAt', 'leaseUntil', 'postedAt', 'sentAt', 'createdAt', 'updatedAt'] as const;

/**
 * A row read by raw SQL, as Prisma's model gives it: SQLite returns instants as ms since the epoch
 * (src/db/adapters.ts) and booleans as 0/1; PostgreSQL returns Dates and booleans.
 */
export function reminderFromRaw(raw: Record<string, unknown>): Models.Reminder {
  const row: Record<string, unknown> = { ...raw, id: Number(raw.id), attempts: Number(raw.attempts), late: Boolean(Number(raw.late)) };
  for (const key of ['reviewId', 'letterId'] as const) row[key] = raw[key] === null || raw[key] === undefined ? null : Number(raw[key]);
  for (const key of INSTANTS) {
    const v = raw[key];
    row[key] = v === null || v === undefined ? null : v instanceof Date ? v : new Date(typeof v === 'string' && !/^\d+$/.test(v) ? v : Number(v));
  }
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
