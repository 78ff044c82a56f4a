// Recording outcomes: the outcomes of one batch are written with one statement, and only for rows
// this process still holds (compare-and-set on leaseOwner); a row another process has taken back
// in the meantime is left to it. Outcomes that arrive while a write is under way are gathered for
// the next one, so a burst of posts costs one round trip to the database, not one per post.
import type { Db } from '../db/client';
import { queryRows, type Statement } from '../db/raw-sql';
import type { Provider } from './claim';
import type { OutcomeColumns } from './outcome';

// $1 the outcomes as JSON, $2 now (ISO text), $3 owner.
const PG_RECORD: Statement = {
  name: 'upr_record_outcomes',
  text: `
  UPDATE "Reminder" AS t
  SET "status" = u."status"::"ReminderStatus",
      "attempts" = u."attempts",
      "lastError" = u."lastError",
      "runAt" = u."runAt",
      "messageId" = u."messageId",
      "postedAt" = u."postedAt",
      "late" = u."late",
      "leaseUntil" = NULL,
      "leaseOwner" = CASE WHEN u."status" = 'pending' THEN NULL ELSE t."leaseOwner" END,
      "updatedAt" = $2::timestamp(3)
  FROM jsonb_to_recordset($1::jsonb)
    AS u("id" int, "status" text, "attempts" int, "lastError" text, "runAt" timestamp(3), "messageId" text, "postedAt" timestamp(3), "late" boolean)
  WHERE t."id" = u."id" AND t."leaseOwner" = $3::text AND t."status" = 'claimed'
  RETURNING t."id"`,
};

/** Writes the outcomes of rows still claimed by `owner`; returns the ids it wrote. */
export async function recordOutcomes(db: Db, provider: Provider, owner: string, now: Date, rows: readonly OutcomeColumns[]): Promise<Set<number>> {
  if (rows.length === 0) return new Set();
  let written: { id: number | bigint }[];
  if (provider === 'sqlite') {
    // Instants are stored as ms since the epoch (see src/db/adapters.ts), booleans as 0/1.
    const json = JSON.stringify(
      rows.map((r) => ({ ...r, runAt: r.runAt.getTime(), postedAt: r.postedAt?.getTime() ?? null, late: r.late ? 1 : 0 })),
    );
    written = await db.$queryRaw<{ id: number }[]>`
      UPDATE "Reminder" AS t
      SET "status" = json_extract(j.value, '$.status'),
          "attempts" = json_extract(j.value, '$.attempts'),
          "lastError" = json_extract(j.value, '$.lastError'),
          "runAt" = json_extract(j.value, '$.runAt'),
          "messageId" = json_extract(j.value, '$.messageId'),
          "postedAt" = json_extract(j.value, '$.postedAt'),
          "late" = json_extract(j.value, '$.late'),
          "leaseUntil" = NULL,
          "leaseOwner" = CASE WHEN json_extract(j.value, '$.status') = 'pending' THEN NULL ELSE t."leaseOwner" END,
          "updatedAt" = ${now}
      FROM json_each(${json}) AS j
      WHERE t."id" = json_extract(j.value, '$.id') AND t."leaseOwner" = ${owner} AND t."status" = 'claimed'
      RETURNING "id"`;
  } else {
    const json = JSON.stringify(rows.map((r) => ({ ...r, runAt: r.runAt.toISOString(), postedAt: r.postedAt?.toISOString() ?? null })));
    written = await queryRows<{ id: number }>(db, PG_RECORD, [json, now.toISOString(), owner]);
  }
  return new Set(written.map((r) => Number(r.id)));
}

/** Gathers outcomes into one statement per round trip (see the file comment). */
export class OutcomeRecorder {
  private queue: { row: OutcomeColumns; settle: (ok: boolean) => void; fail: (err: unknown) => void }[] = [];
  private busy = false;

  constructor(
    private readonly write: (rows: OutcomeColumns[]) => Promise<Set<number>>,
    private readonly maxRows = 500,
  ) {}

  /** Resolves true once written, false when the row was no longer this process's to record. */
  record(row: OutcomeColumns): Promise<boolean> {
    return new Promise((settle, fail) => {
      this.queue.push({ row, settle, fail });
      if (!this.busy) {
        this.busy = true;
        // Outcomes settled in the same turn of the event loop join this write.
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const items = this.queue.splice(0, this.maxRows);
      try {
        const written = await this.write(items.map((i) => i.row));
        for (const i of items) i.settle(written.has(i.row.id));
      } catch (err) {
        for (const i of items) i.fail(err);
      }
    }
    this.busy = false;
  }
}
