// The weekly digest: one Reminder row (kind "digest", itemKey "digest") per server and ISO week,
// leadKey = the week ("2026-W14"), so the unique key makes it once per week. It is planned for
// the server's digestWeekday/digestHour in its zone; when one is done (posted, failed or
// skipped) the scheduler plans the next. Its content is gathered when it is posted.
import { DateTime } from 'luxon';
import type { Db, Models } from '../db/client';
import { DIGEST_KEY } from './keys';
import { MILESTONES as REMINDER_MILESTONES } from '../calendar/milestones';

/** A digest more than this late (bot down) is skipped: next week's will come. */
export const DIGEST_USEFUL_MS = 12 * 3_600_000;
/** How far ahead the digest looks. */
export const DIGEST_HORIZON_MS = 14 * 24 * 3_600_000;

export const isoWeekKey = (dt: DateTime): string => dt.toFormat("kkkk-'W'WW");

/** The digest instant of the ISO week that contains `dt`. */
function slotOfWeek(dt: DateTime, weekday: number, hour: number): DateTime {
  return dt.set({ weekday: weekday as 1, hour, minute: 0, second: 0, millisecond: 0 });
}

/** Makes the digest rows match the settings (see the file comment). */
export async function planDigest(db: Db, guildId: string, settings: Models.GuildSettings | null, zone: string, now: Date): Promise<void> {
  const weekday = settings?.digestWeekday;
  const hour = settings?.digestHour;
  const on = weekday != null && hour != null && weekday >= 1 && weekday <= 7 && hour >= 0 && hour <= 23;
  const rows = await db.reminder.findMany({ where: { guildId, kind: 'digest', itemKey: DIGEST_KEY } });
  const keep = new Set<number>();

  if (on) {
    const local = DateTime.fromJSDate(now, { zone });
    let slot = slotOfWeek(local, weekday, hour);
    if (slot.toMillis() <= now.getTime()) slot = slotOfWeek(local.plus({ weeks: 1 }), weekday, hour);
    // The first future week whose digest is not already done.
    for (let i = 0; i < 3; i++, slot = slotOfWeek(slot.plus({ weeks: 1 }), weekday, hour)) {
      const week = isoWeekKey(slot);
      const row = rows.find((r) => r.leadKey === week);
      const dueAt = slot.toJSDate();
      const eventAt = new Date(dueAt.getTime() + DIGEST_USEFUL_MS);
      if (!row) {
        await db.reminder.create({
          data: { guildId, kind: 'digest', itemKey: DIGEST_KEY, leadKey: week, eventAt, dueAt, runAt: dueAt, channelId: null },
        });
        break;
      }
      if (row.status === 'pending') {
        keep.add(row.id);
        if (row.dueAt.getTime() !== dueAt.getTime()) {
          await db.reminder.updateMany({ where: { id: row.id, status: 'pending' }, data: { dueAt, runAt: dueAt, eventAt, attempts: 0, lastError: null, sentAt: null } });
        }
        break;
      }
      if (row.status === 'cancelled') {
        await db.reminder.updateMany({
          where: { id: row.id, status: 'cancelled' },
          data: { status: 'pending', dueAt, runAt: dueAt, eventAt, attempts: 0, lastError: null, late: false, leaseOwner: null, leaseUntil: null, sentAt: null },
        });
        keep.add(row.id);
        break;
      }
      // posted, failed, skipped or being posted: that week is done, look at the next.
    }
    // A digest that came due while no scheduler ran, still at its slot: the scheduler posts it late.
    for (const row of rows) {
      if (row.status !== 'pending' || keep.has(row.id) || row.dueAt > now) continue;
      const expected = slotOfWeek(DateTime.fromJSDate(row.dueAt, { zone }), weekday, hour);
      if (isoWeekKey(expected) === row.leadKey && expected.toMillis() === row.dueAt.getTime()) keep.add(row.id);
    }
  }
  const cancel = rows.filter((r) => r.status === 'pending' && !keep.has(r.id)).map((r) => r.id);
  if (cancel.length > 0) {
    await db.reminder.updateMany({ where: { id: { in: cancel }, status: 'pending' }, data: { status: 'cancelled' } });
  }
}

/** What one line of the digest is about; the text is written in the server's language when rendered. */
export type DigestItem =
  | { kind: 'review'; stateCode: string; session: number }
  | { kind: 'milestone'; milestone: string; stateCode: string; session: number }
  | { kind: 'letter'; to: string; recipient: string | null; stateCode: string; session: number };

export interface DigestEntry {
  at: Date;
  timeKnown: boolean;
  item: DigestItem;
}

export interface DigestContent {
  from: Date;
  to: Date;
  reviews: DigestEntry[];
  deadlines: DigestEntry[];
  overdueLetters: DigestEntry[];
}

/** What the digest lists, read when it is posted. */
export async function gatherDigest(db: Db, guildId: string, now: Date): Promise<DigestContent> {
  const to = new Date(now.getTime() + DIGEST_HORIZON_MS);
  const upcoming = { in: ['scheduled', 'rescheduled'] as Models.Review['status'][] };
  const reviews = await db.review.findMany({
    where: { guildId, status: upcoming, reviewAt: { gte: now, lte: to } },
    orderBy: { reviewAt: 'asc' },
    take: 50,
  });
  const milestoneReviews = await db.review.findMany({
    where: {
      guildId,
      OR: REMINDER_MILESTONES.map((m) => ({ [m.field]: { gte: now, lte: to } })),
    },
    take: 50,
  });
  const letters = await db.letter.findMany({
    where: { guildId, status: 'planned', deadlineAt: { lte: to } },
    include: { review: { select: { stateCode: true, session: true } } },
    orderBy: { deadlineAt: 'asc' },
    take: 100,
  });
  const deadlines: DigestEntry[] = [];
  for (const r of milestoneReviews) {
    for (const m of REMINDER_MILESTONES) {
      const at = r[m.field];
      if (at && at >= now && at <= to) deadlines.push({ at, timeKnown: true, item: { kind: 'milestone', milestone: m.key, stateCode: r.stateCode, session: r.session } });
    }
  }
  const letterItem = (l: (typeof letters)[number]): DigestItem => ({ kind: 'letter', to: l.stateCode, recipient: l.recipient, stateCode: l.review.stateCode, session: l.review.session });
  for (const l of letters) if (l.deadlineAt >= now) deadlines.push({ at: l.deadlineAt, timeKnown: l.deadlineTimeKnown, item: letterItem(l) });
  deadlines.sort((a, b) => a.at.getTime() - b.at.getTime());
  return {
    from: now,
    to,
    reviews: reviews.map((r) => ({ at: r.reviewAt!, timeKnown: r.reviewTimeKnown, item: { kind: 'review', stateCode: r.stateCode, session: r.session } })),
    deadlines,
    overdueLetters: letters.filter((l) => l.deadlineAt < now).map((l) => ({ at: l.deadlineAt, timeKnown: l.deadlineTimeKnown, item: letterItem(l) })),
  };
}
