// Rows for reminder tests, written straight to a real test database (the planner and the
// scheduler read rows; how services write them is tested elsewhere).
import { AdjustableClock } from '../../src/clock';
import type { Db, Models } from '../../src/db/client';

export const GUILD = '111111111111111111';
export const OTHER_GUILD = '111111111111111112';
export const CHANNEL = '222222222222222222';
export const OTHER_CHANNEL = '222222222222222223';
export const ROLE = '333333333333333333';

export function clockAt(iso: string): AdjustableClock {
  const clock = new AdjustableClock();
  clock.set(new Date(iso));
  return clock;
}

/** A clock that stays where it is put (tests that compare exact instants). */
export class FixedClock {
  constructor(private at: Date) {}
  now(): Date {
    return new Date(this.at.getTime());
  }
  set(at: Date | string): void {
    this.at = new Date(at);
  }
  advance(ms: number): void {
    this.at = new Date(this.at.getTime() + ms);
  }
}

export const fixedAt = (iso: string) => new FixedClock(new Date(iso));

export async function settings(db: Db, guildId: string, data: Partial<Omit<Models.GuildSettings, 'guildId' | 'createdAt' | 'updatedAt'>>) {
  return db.guildSettings.upsert({ where: { guildId }, create: { guildId, ...data }, update: data });
}

let session = 40;
export async function review(
  db: Db,
  data: Partial<Omit<Models.Review, 'id' | 'createdAt' | 'updatedAt'>> & { reviewAt: Date | null },
): Promise<Models.Review> {
  return db.review.create({
    data: { guildId: GUILD, stateCode: 'BLR', session: ++session, status: 'scheduled', ...data },
  });
}

export async function letter(
  db: Db,
  data: Partial<Omit<Models.Letter, 'id' | 'createdAt' | 'updatedAt'>> & { reviewId: number; deadlineAt: Date },
): Promise<Models.Letter> {
  return db.letter.create({ data: { guildId: GUILD, stateCode: 'ARG', createdBy: '444444444444444444', ...data } });
}

export async function reminders(db: Db, where: Models.Prisma.ReminderWhereInput = {}) {
  return db.reminder.findMany({ where, orderBy: [{ itemKey: 'asc' }, { dueAt: 'asc' }, { id: 'asc' }] });
}

/** "leadKey@dueISO status" lines, for compact comparisons. */
export async function plan(db: Db, where: Models.Prisma.ReminderWhereInput = {}): Promise<string[]> {
  const rows = await reminders(db, where);
  return rows.map((r) => `${r.itemKey} ${r.leadKey} ${r.dueAt.toISOString()} ${r.status}`);
}
