import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReminderPlanner } from '../../src/reminders/planner';
import { createTestDatabase } from '../helpers/db';
import { CHANNEL, GUILD, OTHER_CHANNEL, OTHER_GUILD, fixedAt, letter, plan, reminders, review, settings, type FixedClock } from './reminders-fixtures';

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;

let db: TestDb;
let clock: FixedClock;
let planner: ReminderPlanner;

beforeEach(async () => {
  db = await createTestDatabase();
  clock = fixedAt('2026-01-01T12:00:00Z');
  planner = new ReminderPlanner({ db: db.prisma, clock, defaultTimezone: 'Europe/Zurich' });
});
afterEach(async () => {
  await db.cleanup();
});

describe('review lead times', () => {
  it('keeps 09:00 Geneva time across the spring DST change (8w before 2 Apr 2026 is 5 Feb 09:00 CET)', async () => {
    const r = await review(db.prisma, { reviewAt: new Date('2026-04-02T07:00:00Z') }); // 09:00 CEST
    await planner.replanReview(GUILD, r.id);
    expect(await plan(db.prisma, { kind: 'review' })).toEqual([
      `review:${r.id} 8w 2026-02-05T08:00:00.000Z pending`,
      `review:${r.id} 2w 2026-03-19T08:00:00.000Z pending`,
      `review:${r.id} 1d 2026-04-01T07:00:00.000Z pending`,
    ]);
    const row = (await reminders(db.prisma, { kind: 'review' }))[0]!;
    expect(row).toMatchObject({ guildId: GUILD, reviewId: r.id, letterId: null, eventAt: r.reviewAt, channelId: null, attempts: 0 });
    expect(row.runAt).toEqual(row.dueAt);
  });

  it('keeps 09:00 across the autumn DST change', async () => {
    clock.set('2026-08-01T00:00:00Z');
    const r = await review(db.prisma, { reviewAt: new Date('2026-11-03T08:00:00Z') }); // 09:00 CET
    await planner.replanReview(GUILD, r.id);
    expect(await plan(db.prisma, { kind: 'review' })).toEqual([
      `review:${r.id} 8w 2026-09-08T07:00:00.000Z pending`, // 09:00 CEST
      `review:${r.id} 2w 2026-10-20T07:00:00.000Z pending`, // 09:00 CEST
      `review:${r.id} 1d 2026-11-02T08:00:00.000Z pending`, // 09:00 CET
    ]);
  });

  it('uses the server zone: Buenos Aires has no DST', async () => {
    await settings(db.prisma, GUILD, { timezone: 'America/Argentina/Buenos_Aires', reviewLeadTimes: '8w,2w,1d,3h' });
    const r = await review(db.prisma, { reviewAt: new Date('2026-04-02T12:00:00Z') }); // 09:00 -03
    await planner.replanReview(GUILD, r.id);
    expect(await plan(db.prisma, { kind: 'review' })).toEqual([
      `review:${r.id} 8w 2026-02-05T12:00:00.000Z pending`,
      `review:${r.id} 2w 2026-03-19T12:00:00.000Z pending`,
      `review:${r.id} 1d 2026-04-01T12:00:00.000Z pending`,
      `review:${r.id} 3h 2026-04-02T09:00:00.000Z pending`,
    ]);
  });

  it('plans milestones with their own lead times, on the review channel', async () => {
    const r = await review(db.prisma, {
      reviewAt: new Date('2026-11-03T08:00:00Z'),
      channelId: OTHER_CHANNEL,
      submissionDeadlineAt: new Date('2026-04-02T10:00:00Z'), // noon CEST
      hrcAdoptionAt: new Date('2027-03-18T08:00:00Z'),
    });
    await planner.replanReview(GUILD, r.id);
    expect(await plan(db.prisma, { kind: 'milestone' })).toEqual([
      `review:${r.id}:adoption 1w 2027-03-11T08:00:00.000Z pending`,
      `review:${r.id}:submission 2w 2026-03-19T11:00:00.000Z pending`, // noon CET
      `review:${r.id}:submission 2d 2026-03-31T10:00:00.000Z pending`, // noon CEST
    ]);
    expect((await reminders(db.prisma)).every((row) => row.channelId === OTHER_CHANNEL)).toBe(true);
  });

  it('is idempotent', async () => {
    const r = await review(db.prisma, { reviewAt: new Date('2026-04-02T07:00:00Z'), submissionDeadlineAt: new Date('2026-03-01T11:00:00Z') });
    await planner.replanReview(GUILD, r.id);
    const first = await reminders(db.prisma);
    await planner.replanReview(GUILD, r.id);
    await planner.replanGuild(GUILD);
    const second = await reminders(db.prisma);
    expect(second.map((x) => [x.id, x.dueAt.getTime(), x.status, x.updatedAt.getTime()])).toEqual(
      first.map((x) => [x.id, x.dueAt.getTime(), x.status, x.updatedAt.getTime()]),
    );
  });

  it('skips reviews without a date or no longer scheduled, and cancels what they had', async () => {
    const undated = await review(db.prisma, { reviewAt: null });
    await planner.replanReview(GUILD, undated.id);
    expect(await reminders(db.prisma)).toEqual([]);

    const r = await review(db.prisma, { reviewAt: new Date('2026-04-02T07:00:00Z') });
    await planner.replanReview(GUILD, r.id);
    await db.prisma.review.update({ where: { id: r.id }, data: { status: 'postponed' } });
    await planner.replanReview(GUILD, r.id);
    expect((await reminders(db.prisma)).map((x) => x.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);

    // Rescheduled: the same rows come back (no duplicates).
    await db.prisma.review.update({ where: { id: r.id }, data: { status: 'rescheduled', reviewAt: new Date('2026-05-07T07:00:00Z') } });
    await planner.replanReview(GUILD, r.id);
    expect(await plan(db.prisma)).toEqual([
      `review:${r.id} 8w 2026-03-12T08:00:00.000Z pending`,
      `review:${r.id} 2w 2026-04-23T07:00:00.000Z pending`,
      `review:${r.id} 1d 2026-05-06T07:00:00.000Z pending`,
    ]);
  });
});

describe('edits and removals', () => {
  it('moves pending reminders when the date changes, keeping their rows', async () => {
    const r = await review(db.prisma, { reviewAt: new Date('2026-04-02T07:00:00Z') });
    await planner.replanReview(GUILD, r.id);
    const before = await reminders(db.prisma);
    await db.prisma.review.update({ where: { id: r.id }, data: { reviewAt: new Date('2026-04-09T12:30:00Z'), channelId: CHANNEL } });
    await planner.replanReview(GUILD, r.id);
    const after = await reminders(db.prisma);
    expect(after.map((x) => x.id)).toEqual(before.map((x) => x.id));
    expect(await plan(db.prisma)).toEqual([
      `review:${r.id} 8w 2026-02-12T13:30:00.000Z pending`,
      `review:${r.id} 2w 2026-03-26T13:30:00.000Z pending`,
      `review:${r.id} 1d 2026-04-08T12:30:00.000Z pending`,
    ]);
    expect(after.every((x) => x.channelId === CHANNEL && x.eventAt.toISOString() === '2026-04-09T12:30:00.000Z')).toBe(true);
    expect(after.every((x) => x.runAt.getTime() === x.dueAt.getTime())).toBe(true);
  });

  it('never changes posted, failed or skipped rows; a rescheduled review gets those leads again', async () => {
    const r = await review(db.prisma, { reviewAt: new Date('2026-04-02T07:00:00Z') });
    await planner.replanReview(GUILD, r.id);
    const [eight, two] = await reminders(db.prisma);
    await db.prisma.reminder.update({ where: { id: eight!.id }, data: { status: 'posted', messageId: '999', postedAt: eight!.dueAt } });
    await db.prisma.reminder.update({ where: { id: two!.id }, data: { status: 'failed', lastError: 'Missing Permissions' } });
    const posted = await db.prisma.reminder.findUniqueOrThrow({ where: { id: eight!.id } });

    // Same date (a note edited): nothing changes.
    await planner.replanReview(GUILD, r.id);
    expect((await db.prisma.reminder.findUniqueOrThrow({ where: { id: eight!.id } })).updatedAt).toEqual(posted.updatedAt);

    // Moved by 8 weeks (the clock is now past the old 8w reminder): new rounds for done leads.
    clock.set('2026-02-10T00:00:00Z');
    await db.prisma.review.update({ where: { id: r.id }, data: { reviewAt: new Date('2026-05-28T07:00:00Z') } });
    await planner.replanReview(GUILD, r.id);
    expect(await plan(db.prisma)).toEqual([
      `review:${r.id} 8w 2026-02-05T08:00:00.000Z posted`,
      `review:${r.id} 2w 2026-03-19T08:00:00.000Z failed`,
      `review:${r.id} 8w#2 2026-04-02T07:00:00.000Z pending`,
      `review:${r.id} 2w#2 2026-05-14T07:00:00.000Z pending`,
      `review:${r.id} 1d 2026-05-27T07:00:00.000Z pending`,
    ]);
    expect(await db.prisma.reminder.findUniqueOrThrow({ where: { id: eight!.id } })).toEqual(posted);
  });

  it('removing an item cancels its pending reminders and keeps the posted ones', async () => {
    const r = await review(db.prisma, { reviewAt: new Date('2026-04-02T07:00:00Z'), submissionDeadlineAt: new Date('2026-03-01T11:00:00Z') });
    const l = await letter(db.prisma, { reviewId: r.id, deadlineAt: new Date('2026-02-20T08:00:00Z') });
    await planner.replanReview(GUILD, r.id);
    await planner.replanLetter(GUILD, l.id);
    const first = (await reminders(db.prisma, { kind: 'review' }))[0]!;
    await db.prisma.reminder.update({ where: { id: first.id }, data: { status: 'posted', messageId: '1' } });

    await db.prisma.review.delete({ where: { id: r.id } }); // letters go with it (cascade)
    await planner.cancelItem(GUILD, 'review', r.id);
    const rows = await reminders(db.prisma);
    expect(rows.filter((x) => x.status === 'posted').map((x) => x.id)).toEqual([first.id]);
    expect(rows.filter((x) => x.status !== 'posted').every((x) => x.status === 'cancelled')).toBe(true);
    expect(rows.filter((x) => x.kind === 'letter')).toHaveLength(3);
    // Re-planning a removed item only cancels.
    await planner.replanReview(GUILD, r.id);
    expect((await reminders(db.prisma, { status: 'pending' })).length).toBe(0);
  });

  it('a letter sent or cancelled loses its pending reminders', async () => {
    const r = await review(db.prisma, { reviewAt: new Date('2026-04-02T07:00:00Z') });
    const l = await letter(db.prisma, { reviewId: r.id, deadlineAt: new Date('2026-02-20T08:00:00Z') });
    await planner.replanLetter(GUILD, l.id);
    expect(await plan(db.prisma, { kind: 'letter' })).toEqual([
      `letter:${l.id} 1w 2026-02-13T08:00:00.000Z pending`,
      `letter:${l.id} 1d 2026-02-19T08:00:00.000Z pending`,
      `letter:${l.id} 0d 2026-02-20T08:00:00.000Z pending`,
    ]);
    await db.prisma.letter.update({ where: { id: l.id }, data: { status: 'sent', sentAt: clock.now() } });
    await planner.replanLetter(GUILD, l.id);
    expect((await reminders(db.prisma, { kind: 'letter' })).map((x) => x.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
  });

  it('a letter goes to its own channel, else its review channel', async () => {
    const r = await review(db.prisma, { reviewAt: new Date('2026-04-02T07:00:00Z'), channelId: OTHER_CHANNEL });
    const a = await letter(db.prisma, { reviewId: r.id, deadlineAt: new Date('2026-02-20T08:00:00Z') });
    const b = await letter(db.prisma, { reviewId: r.id, stateCode: 'CHL', deadlineAt: new Date('2026-02-20T08:00:00Z'), channelId: CHANNEL });
    await planner.replanLetter(GUILD, a.id);
    await planner.replanLetter(GUILD, b.id);
    expect(new Set((await reminders(db.prisma, { letterId: a.id })).map((x) => x.channelId))).toEqual(new Set([OTHER_CHANNEL]));
    expect(new Set((await reminders(db.prisma, { letterId: b.id })).map((x) => x.channelId))).toEqual(new Set([CHANNEL]));
  });

  it('changed lead times re-plan the server: removed leads cancelled, new ones added', async () => {
    const r = await review(db.prisma, { reviewAt: new Date('2026-04-02T07:00:00Z') });
    await planner.replanReview(GUILD, r.id);
    await settings(db.prisma, GUILD, { reviewLeadTimes: '4w,1d' });
    await planner.replanGuild(GUILD);
    expect(await plan(db.prisma)).toEqual([
      `review:${r.id} 8w 2026-02-05T08:00:00.000Z cancelled`,
      `review:${r.id} 4w 2026-03-05T08:00:00.000Z pending`,
      `review:${r.id} 2w 2026-03-19T08:00:00.000Z cancelled`,
      `review:${r.id} 1d 2026-04-01T07:00:00.000Z pending`,
    ]);
  });

  it('a changed time zone moves the day-based reminders', async () => {
    const r = await review(db.prisma, { reviewAt: new Date('2026-04-02T07:00:00Z') });
    await planner.replanReview(GUILD, r.id);
    await settings(db.prisma, GUILD, { timezone: 'UTC' });
    await planner.replanGuild(GUILD);
    expect(await plan(db.prisma)).toEqual([
      `review:${r.id} 8w 2026-02-05T07:00:00.000Z pending`,
      `review:${r.id} 2w 2026-03-19T07:00:00.000Z pending`,
      `review:${r.id} 1d 2026-04-01T07:00:00.000Z pending`,
    ]);
  });

  it('is scoped to the guild: another server cannot plan or cancel these rows', async () => {
    const r = await review(db.prisma, { reviewAt: new Date('2026-04-02T07:00:00Z') });
    await planner.replanReview(GUILD, r.id);
    await planner.replanReview(OTHER_GUILD, r.id);
    await planner.cancelItem(OTHER_GUILD, 'review', r.id);
    await planner.replanGuild(OTHER_GUILD);
    expect((await reminders(db.prisma)).map((x) => `${x.guildId} ${x.status}`)).toEqual(Array(3).fill(`${GUILD} pending`));
  });
});

describe('leads already past when planning', () => {
  it('a letter added 3 days before its deadline gets its 1d and 0d reminders, not the 1w one', async () => {
    clock.set('2026-02-17T10:00:00Z');
    const r = await review(db.prisma, { reviewAt: new Date('2026-04-02T07:00:00Z') });
    const l = await letter(db.prisma, { reviewId: r.id, deadlineAt: new Date('2026-02-20T08:00:00Z') });
    await planner.replanLetter(GUILD, l.id);
    expect(await plan(db.prisma)).toEqual([
      `letter:${l.id} 1d 2026-02-19T08:00:00.000Z pending`,
      `letter:${l.id} 0d 2026-02-20T08:00:00.000Z pending`,
    ]);
  });

  it('when every lead is past but the event is ahead, the nearest lead is due now', async () => {
    clock.set('2026-04-01T21:00:00Z');
    const r = await review(db.prisma, { reviewAt: new Date('2026-04-02T07:00:00Z') });
    await planner.replanReview(GUILD, r.id);
    expect(await plan(db.prisma)).toEqual([`review:${r.id} 1d 2026-04-01T21:00:00.000Z pending`]);
    // Planned again later: not pushed forward again.
    clock.set('2026-04-01T21:00:30Z');
    await planner.replanReview(GUILD, r.id);
    expect(await plan(db.prisma)).toEqual([`review:${r.id} 1d 2026-04-01T21:00:00.000Z pending`]);
  });

  it('an event already past plans nothing', async () => {
    clock.set('2026-05-01T00:00:00Z');
    const r = await review(db.prisma, { reviewAt: new Date('2026-04-02T07:00:00Z') });
    await planner.replanReview(GUILD, r.id);
    expect(await reminders(db.prisma)).toEqual([]);
  });

  it('keeps a pending reminder that came due while no scheduler ran (the scheduler posts it late)', async () => {
    const r = await review(db.prisma, { reviewAt: new Date('2026-04-02T07:00:00Z') });
    await planner.replanReview(GUILD, r.id);
    clock.set('2026-02-06T00:00:00Z'); // the 8w reminder came due yesterday, nobody posted it
    await db.prisma.review.update({ where: { id: r.id }, data: { notes: 'edited' } });
    await planner.replanReview(GUILD, r.id);
    expect((await reminders(db.prisma)).map((x) => `${x.leadKey} ${x.status}`)).toEqual(['8w pending', '2w pending', '1d pending']);
  });

  it('a review moved closer cancels leads that are now past', async () => {
    const r = await review(db.prisma, { reviewAt: new Date('2026-04-02T07:00:00Z') });
    await planner.replanReview(GUILD, r.id);
    await db.prisma.review.update({ where: { id: r.id }, data: { reviewAt: new Date('2026-01-20T08:00:00Z') } });
    await planner.replanReview(GUILD, r.id);
    expect(await plan(db.prisma)).toEqual([
      `review:${r.id} 2w 2026-01-06T08:00:00.000Z pending`,
      `review:${r.id} 1d 2026-01-19T08:00:00.000Z pending`,
      `review:${r.id} 8w 2026-02-05T08:00:00.000Z cancelled`,
    ]);
  });
});

describe('concurrent planning', () => {
  it('two planners on the same item at once create each row once', async () => {
    const r = await review(db.prisma, { reviewAt: new Date('2026-04-02T07:00:00Z'), submissionDeadlineAt: new Date('2026-03-01T11:00:00Z') });
    const other = new ReminderPlanner({ db: db.prisma, clock, defaultTimezone: 'Europe/Zurich' });
    await Promise.all([planner.replanReview(GUILD, r.id), other.replanReview(GUILD, r.id), planner.replanGuild(GUILD)]);
    expect(await reminders(db.prisma)).toHaveLength(5);
  });
});
