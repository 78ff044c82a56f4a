// Adding due reminders to a database the running bot uses (from outside the bot, as another
// process planning them would), and reading back what became of them.
import Database from 'better-sqlite3';
import pg from 'pg';
import type { DatabaseTarget } from '../src/db/database-url';
import { reminderNonce } from '../src/reminders/keys';
import { channelId, guildId, type Generated } from './dataset';

export interface DueSpec {
  /** Server index (guild g of the benchmark world) and its channel 0 or 1. */
  g: number;
  c: 0 | 1;
  dueAt: number;
}

export interface InsertedReminder {
  id: number;
  dueAt: number;
  channelId: string;
  nonce: string;
}

/**
 * Inserts pending reminders (kind "review", about an upcoming review of the same server) due at
 * the given instants. `tag` keeps their keys apart from other batches.
 */
export async function insertDue(target: DatabaseTarget, generated: Generated, specs: DueSpec[], tag: number): Promise<InsertedReminder[]> {
  const created = Date.now();
  const rows = specs.map((s, i) => {
    const review = generated.reviewOfGuild(s.g);
    if (!review) throw new Error(`server ${s.g} has no review in the data set`);
    return {
      guildId: guildId(s.g),
      itemKey: `review:${review.id}`,
      leadKey: `0d#${tag * 100_000 + i + 2}`,
      reviewId: review.id,
      eventAt: review.reviewAt,
      dueAt: s.dueAt,
      channelId: channelId(s.g, s.c),
    };
  });
  const ids: number[] = [];
  if (target.provider === 'sqlite') {
    const db = new Database(target.file, { timeout: 30_000 });
    try {
      const stmt = db.prepare(
        `INSERT INTO "Reminder" ("guildId","kind","itemKey","leadKey","reviewId","eventAt","dueAt","runAt","channelId","status","attempts","late","createdAt","updatedAt")
         VALUES (?, 'review', ?, ?, ?, ?, ?, ?, ?, 'pending', 0, 0, ?, ?) RETURNING "id"`,
      );
      db.transaction(() => {
        for (const r of rows) {
          const out = stmt.get(r.guildId, r.itemKey, r.leadKey, r.reviewId, r.eventAt, r.dueAt, r.dueAt, r.channelId, created, created) as { id: number };
          ids.push(out.id);
        }
      })();
    } finally {
      db.close();
    }
  } else {
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      const ts = (ms: string) => `(to_timestamp(${ms} / 1000.0) AT TIME ZONE 'UTC')::timestamp(3)`;
      const res = await client.query<{ id: number; leadKey: string }>(
        `INSERT INTO "Reminder" ("guildId","kind","itemKey","leadKey","reviewId","eventAt","dueAt","runAt","channelId","status","attempts","late","createdAt","updatedAt")
         SELECT g, 'review', ik, lk, rid::int, ${ts('ev')}, ${ts('du')}, ${ts('du')}, ch, 'pending', 0, false, ${ts('$9')}, ${ts('$9')}
         FROM unnest($1::text[], $2::text[], $3::text[], $4::int8[], $5::float8[], $6::float8[], $7::text[], $8::int[]) AS u(g, ik, lk, rid, ev, du, ch, ord)
         ORDER BY ord
         RETURNING "id", "leadKey"`,
        [
          rows.map((r) => r.guildId), rows.map((r) => r.itemKey), rows.map((r) => r.leadKey), rows.map((r) => r.reviewId),
          rows.map((r) => r.eventAt), rows.map((r) => r.dueAt), rows.map((r) => r.channelId), rows.map((_, i) => i), created,
        ],
      );
      const byKey = new Map(res.rows.map((r) => [r.leadKey, Number(r.id)]));
      for (const r of rows) {
        const id = byKey.get(r.leadKey);
        if (id !== undefined) ids.push(id);
      }
    } finally {
      await client.end();
    }
  }
  if (ids.length !== rows.length) throw new Error(`inserted ${ids.length} of ${rows.length} reminders`);
  return rows.map((r, i) => ({
    id: ids[i]!,
    dueAt: r.dueAt,
    channelId: r.channelId,
    nonce: reminderNonce({ id: ids[i]!, leadKey: r.leadKey, createdAt: new Date(created) }),
  }));
}

/** How many reminders with ids in [from, to] have each status. */
export async function statusCounts(target: DatabaseTarget, from: number, to: number): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  if (target.provider === 'sqlite') {
    const db = new Database(target.file, { readonly: true, timeout: 30_000 });
    try {
      const rows = db.prepare(`SELECT "status" AS s, COUNT(*) AS n FROM "Reminder" WHERE "id" BETWEEN ? AND ? GROUP BY "status"`).all(from, to) as { s: string; n: number }[];
      for (const r of rows) out[r.s] = r.n;
    } finally {
      db.close();
    }
  } else {
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      const res = await client.query<{ s: string; n: string }>(`SELECT "status"::text AS s, COUNT(*) AS n FROM "Reminder" WHERE "id" BETWEEN $1 AND $2 GROUP BY "status"`, [from, to]);
      for (const r of res.rows) out[r.s] = Number(r.n);
    } finally {
      await client.end();
    }
  }
  return out;
}
