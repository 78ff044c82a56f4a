import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logging/logger';
import { ReminderPlanner } from '../../src/reminders/planner';
import { MemoryPoster } from '../../src/posting/memory-poster';
import { createScheduler } from '../../src/scheduler/scheduler';
import { createTestDatabase } from '../helpers/db';
import { CHANNEL, GUILD, fixedAt, letter, plan, review, settings, type FixedClock } from './reminders-fixtures';

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;

let db: TestDb;
let clock: FixedClock;
let planner: ReminderPlanner;
let poster: MemoryPoster;

beforeEach(async () => {
  db = await createTestDatabase();
  clock = fixedAt('2026-01-01T12:00:00Z'); // a Thursday
  planner = new ReminderPlanner({ db: db.prisma, clock, defaultTimezone: 'Europe/Zurich' });
  poster = new MemoryPoster();
  await settings(db.prisma, GUILD, { reminderChannelId: CHANNEL, digestWeekday: 1, digestHour: 9 });
});
afterEach(async () => {
  await db.cleanup();
});

const digests = () => plan(db.prisma, { kind: 'digest' });

describe('weekly digest planning', () => {
  it('plans the next Monday 09:00 in the server zone, keyed by ISO week, once', async () => {
    await planner.planDigest(GUILD);
    await planner.planDigest(GUILD);
    await planner.replanGuild(GUILD);
    expect(await digests()).toEqual(['digest 2026-W02 2026-01-05T08:00:00.000Z pending']);
  });

  it('follows the settings: another hour moves it, off cancels it', async () => {
    await planner.planDigest(GUILD);
    await settings(db.prisma, GUILD, { digestHour: 17, timezone: 'America/Argentina/Buenos_Aires' });
    await planner.planDigest(GUILD);
    expect(await digests()).toEqual(['digest 2026-W02 2026-01-05T20:00:00.000Z pending']);
    await settings(db.prisma, GUILD, { digestWeekday: null });
    await planner.planDigest(GUILD);
    expect(await digests()).toEqual(['digest 2026-W02 2026-01-05T20:00:00.000Z cancelled']);
    await settings(db.prisma, GUILD, { digestWeekday: 1 });
    await planner.planDigest(GUILD);
    expect(await digests()).toEqual(['digest 2026-W02 2026-01-05T20:00:00.000Z pending']);
  });

  it('keeps 09:00 local across the spring change', async () => {
    clock.set('2026-03-25T12:00:00Z');
    await planner.planDigest(GUILD);
    expect(await digests()).toEqual(['digest 2026-W14 2026-03-30T07:00:00.000Z pending']);
  });
});

describe('weekly digest delivery', () => {
  it('posts reviews and deadlines of the next two weeks and overdue letters, then plans next week', async () => {
    const soon = await review(db.prisma, { reviewAt: new Date('2026-01-12T08:00:00Z'), reviewTimeKnown: true, submissionDeadlineAt: new Date('2026-01-08T11:00:00Z') });
    await review(db.prisma, { stateCode: 'CHL', reviewAt: new Date('2026-03-01T08:00:00Z') }); // beyond two weeks
    await letter(db.prisma, { reviewId: soon.id, deadlineAt: new Date('2026-01-09T08:00:00Z'), recipient: 'Permanent Mission' });
    await letter(db.prisma, { reviewId: soon.id, stateCode: 'LTU', deadlineAt: new Date('2026-01-02T08:00:00Z') }); // overdue by Monday
    await letter(db.prisma, { reviewId: soon.id, stateCode: 'URY', deadlineAt: new Date('2026-01-02T08:00:00Z'), status: 'sent' });
    await planner.planDigest(GUILD);
    const s = createScheduler({ db: db.prisma, provider: db.provider, poster, clock, logger: silentLogger, onDone: (r) => planner.afterDone(r) });
    clock.set('2026-01-05T08:00:00Z');
    expect(await s.tick()).toMatchObject({ claimed: 1, posted: 1 });
    const content = poster.messages[0]!.content;
    expect(content).toContain('UPR weekly digest');
    expect(content).toMatch(/Reviews in the next two weeks\*\*\n• <t:\d+:f> \(<t:\d+:R>\) — Review of Belarus \(WG \d+\)\n/);
    expect(content).not.toContain('Chile');
    expect(content).toContain('Stakeholder submission deadline: Belarus');
    expect(content).toContain('Letter to Argentina (Permanent Mission) about the review of Belarus');
    expect(content).toMatch(/Overdue letters.*\n• .*Letter to Lithuania/);
    expect(content).not.toContain('Uruguay');
    expect(content.length).toBeLessThanOrEqual(2000);
    expect(await digests()).toEqual([
      'digest 2026-W02 2026-01-05T08:00:00.000Z posted',
      'digest 2026-W03 2026-01-12T08:00:00.000Z pending',
    ]);
    // Planning again does not bring the posted week back.
    await planner.replanGuild(GUILD);
    expect((await digests()).length).toBe(2);
  });

  it('after down time: a few hours late is posted late; half a day late is skipped; next week follows', async () => {
    await planner.planDigest(GUILD);
    const s = createScheduler({ db: db.prisma, provider: db.provider, poster, clock, logger: silentLogger, onDone: (r) => planner.afterDone(r) });
    clock.set('2026-01-05T11:00:00Z');
    // Planning while the due digest waits (a restart) keeps it.
    await planner.planDigest(GUILD);
    expect(await s.tick()).toMatchObject({ posted: 1 });
    expect(poster.messages[0]!.content).toContain('Posted late');
    clock.set('2026-01-12T20:00:01Z');
    expect(await s.tick()).toMatchObject({ skipped: 1 });
    expect(await digests()).toEqual([
      'digest 2026-W02 2026-01-05T08:00:00.000Z posted',
      'digest 2026-W03 2026-01-12T08:00:00.000Z skipped',
      'digest 2026-W04 2026-01-19T08:00:00.000Z pending',
    ]);
  });

  it('many items are cut to fit one message', async () => {
    for (let i = 0; i < 80; i++) {
      await review(db.prisma, { stateCode: `X${String(i).padStart(2, '0')}`, reviewAt: new Date(Date.UTC(2026, 0, 6, 8, i)) });
    }
    await planner.planDigest(GUILD);
    clock.set('2026-01-05T08:00:00Z');
    await createScheduler({ db: db.prisma, provider: db.provider, poster, clock, logger: silentLogger, onDone: (r) => planner.afterDone(r) }).tick();
    const content = poster.messages[0]!.content;
    expect(content.length).toBeLessThanOrEqual(2000);
    expect(content).toMatch(/… and \d+ more/);
  });
});
