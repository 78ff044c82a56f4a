// /reminders list|test|pause|resume, as the service the command module calls.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RemindersAdmin } from '../../src/reminders/admin';
import { ReminderPlanner } from '../../src/reminders/planner';
import { MemoryPoster } from '../../src/posting/memory-poster';
import { PostError } from '../../src/posting/poster';
import { renderMessage, translator } from '../../src/i18n';
import { createTestDatabase } from '../helpers/db';
import { CHANNEL, GUILD, OTHER_GUILD, fixedAt, letter, review, settings, type FixedClock } from './reminders-fixtures';

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;
const en = translator('en');

let db: TestDb;
let clock: FixedClock;
let planner: ReminderPlanner;
let poster: MemoryPoster;
let admin: RemindersAdmin;

beforeEach(async () => {
  db = await createTestDatabase();
  clock = fixedAt('2026-01-01T12:00:00Z');
  planner = new ReminderPlanner({ db: db.prisma, clock, defaultTimezone: 'Europe/Zurich' });
  poster = new MemoryPoster();
  admin = new RemindersAdmin({ db: db.prisma, clock, poster });
});
afterEach(async () => {
  await db.cleanup();
});

describe('list', () => {
  it('recent failures first, then what is coming, with labels, channels and late marks', async () => {
    await settings(db.prisma, GUILD, { reminderChannelId: CHANNEL });
    const r = await review(db.prisma, { reviewAt: new Date('2026-04-02T07:00:00Z'), submissionDeadlineAt: new Date('2026-03-01T11:00:00Z') });
    const l = await letter(db.prisma, { reviewId: r.id, deadlineAt: new Date('2026-02-20T08:00:00Z'), recipient: 'Mission in Geneva' });
    await planner.replanReview(GUILD, r.id);
    await planner.replanLetter(GUILD, l.id);
    const other = await review(db.prisma, { guildId: OTHER_GUILD, reviewAt: new Date('2026-04-02T07:00:00Z') });
    await planner.replanReview(OTHER_GUILD, other.id);
    const first = await db.prisma.reminder.findFirstOrThrow({ where: { guildId: GUILD, leadKey: '8w' } });
    await db.prisma.reminder.update({ where: { id: first.id }, data: { status: 'failed', lastError: 'the bot cannot post in the channel (Missing Permissions, 50013): give it Send Messages there' } });
    clock.set('2026-02-14T08:00:00Z'); // the letter's 1w reminder is overdue (bot down)

    const list = await admin.list(GUILD);
    expect(list.map((x) => `${x.status} ${renderMessage(x.itemLabel, en)}${x.late ? ' (late)' : ''}`)).toEqual([
      'failed Review of Belarus (WG 41), 8 weeks before',
      'pending Letter to Argentina (Mission in Geneva) about Belarus (WG 41), 1 week before (late)',
      'pending Stakeholder submission deadline of the review of Belarus (WG 41), 2 weeks before',
      'pending Letter to Argentina (Mission in Geneva) about Belarus (WG 41), 1 day before',
      'pending Letter to Argentina (Mission in Geneva) about Belarus (WG 41), on the day',
      'pending Stakeholder submission deadline of the review of Belarus (WG 41), 2 days before',
      'pending Review of Belarus (WG 41), 2 weeks before',
      'pending Review of Belarus (WG 41), 1 day before',
    ]);
    expect(list[0]).toMatchObject({ id: first.id, kind: 'review', channelId: CHANNEL, lastError: { key: 'reminders:problem.discord50013' } });
    expect(renderMessage(list[0]!.lastError!, en)).toBe('the bot cannot post in the channel (Missing Permissions, 50013): give it Send Messages there');
    expect(list.every((x) => x.channelId === CHANNEL)).toBe(true);
    expect(await admin.list(GUILD, { limit: 3 })).toHaveLength(3);
  });

  it('says when there is no channel to post in', async () => {
    const r = await review(db.prisma, { reviewAt: new Date('2026-04-02T07:00:00Z') });
    await planner.replanReview(GUILD, r.id);
    const [item] = await admin.list(GUILD);
    expect(item).toMatchObject({ channelId: null, lastError: { key: 'reminders:problem.noChannel' } });
    expect(renderMessage(item!.lastError!, en)).toBe('no reminder channel set: use /settings channel');
  });
});

describe('test, pause, resume', () => {
  it('no channel: says what to do', async () => {
    expect(await admin.sendTest(GUILD)).toEqual({ ok: false, channelId: null, problem: { key: 'reminders:problem.noChannel' } });
    expect(poster.calls).toBe(0);
  });

  it('posts a test message (never de-duplicated, pings nobody) and reports failures', async () => {
    await settings(db.prisma, GUILD, { reminderChannelId: CHANNEL, pingRoleId: '333333333333333333' });
    const a = await admin.sendTest(GUILD);
    const b = await admin.sendTest(GUILD);
    expect(a).toMatchObject({ ok: true, channelId: CHANNEL, paused: false });
    expect(poster.messages).toHaveLength(2);
    expect(poster.messages[0]!.nonce).not.toBe(poster.messages[1]!.nonce);
    expect(poster.messages[0]!.allowedMentions).toEqual({ parse: [], roles: [] });
    expect(b.messageId).toBe(poster.messages[1]!.messageId);

    poster.failNext(1, new PostError('the bot cannot see the channel (Missing Access, 50001): give it View Channel there', { permanent: true, code: 50001, status: 403 }));
    expect(await admin.sendTest(GUILD)).toEqual({ ok: false, channelId: CHANNEL, problem: { key: 'reminders:problem.discord50001' } });
    poster.failNext(1, new PostError('Discord answered 503', { permanent: false, status: 503 }));
    expect(renderMessage((await admin.sendTest(GUILD)).problem!, en)).toBe('Discord answered 503; this may be temporary, try again in a minute');
  });

  it('pause and resume set the server switch (creating its settings if needed)', async () => {
    await admin.pause(GUILD);
    expect((await db.prisma.guildSettings.findUniqueOrThrow({ where: { guildId: GUILD } })).paused).toBe(true);
    await settings(db.prisma, GUILD, { reminderChannelId: CHANNEL });
    expect(await admin.sendTest(GUILD)).toMatchObject({ ok: true, paused: true });
    await admin.resume(GUILD);
    expect((await db.prisma.guildSettings.findUniqueOrThrow({ where: { guildId: GUILD } })).paused).toBe(false);
    await admin.resume(OTHER_GUILD);
    expect((await db.prisma.guildSettings.findUniqueOrThrow({ where: { guildId: OTHER_GUILD } })).paused).toBe(false);
  });
});
