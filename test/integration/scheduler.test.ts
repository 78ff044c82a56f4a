import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client';
import { silentLogger } from '../../src/logging/logger';
import { RemindersAdmin } from '../../src/reminders/admin';
import { reminderNonce } from '../../src/reminders/keys';
import { ReminderPlanner } from '../../src/reminders/planner';
import { claimDueBatch } from '../../src/scheduler/claim';
import { MemoryPoster } from '../../src/posting/memory-poster';
import { PostError } from '../../src/posting/poster';
import { createScheduler, type SchedulerOptions } from '../../src/scheduler/scheduler';
import { createTestDatabase } from '../helpers/db';
import { waitUntil } from '../helpers/wait';
import { CHANNEL, GUILD, OTHER_CHANNEL, OTHER_GUILD, ROLE, fixedAt, letter, reminders, review, settings, type FixedClock } from './reminders-fixtures';
import { inEnglish } from '../helpers/in-english';

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;

let db: TestDb;
let clock: FixedClock;
let planner: ReminderPlanner;
let poster: MemoryPoster;

const scheduler = (o: Partial<SchedulerOptions> = {}) =>
  createScheduler({ db: db.prisma, provider: db.provider, poster, clock, logger: silentLogger, onDone: (r) => planner.afterDone(r), ...o });

beforeEach(async () => {
  db = await createTestDatabase();
  clock = fixedAt('2026-01-01T12:00:00Z');
  planner = new ReminderPlanner({ db: db.prisma, clock, defaultTimezone: 'Europe/Zurich' });
  poster = new MemoryPoster();
  await settings(db.prisma, GUILD, { reminderChannelId: CHANNEL, pingRoleId: ROLE });
});
afterEach(async () => {
  await db.cleanup();
});

/** A review on 2 Apr 2026 09:00 Geneva with the default leads (8w due 5 Feb 08:00Z). */
async function plannedReview(data: Parameters<typeof review>[1] = { reviewAt: new Date('2026-04-02T07:00:00Z'), reviewTimeKnown: true }) {
  const r = await review(db.prisma, data);
  await planner.replanReview(r.guildId, r.id);
  return r;
}

describe('delivery', () => {
  it('posts what is due, with the nonce and only the ping role, and records it', async () => {
    const r = await plannedReview();
    const s = scheduler();
    expect(await s.tick()).toMatchObject({ claimed: 0, posted: 0 });
    clock.set('2026-02-05T08:00:00Z');
    expect(await s.tick()).toMatchObject({ claimed: 1, posted: 1, failed: 0, skipped: 0 });
    const [msg] = poster.messages;
    const row = (await reminders(db.prisma, { leadKey: '8w' }))[0]!;
    expect(msg).toMatchObject({ channelId: CHANNEL, nonce: reminderNonce(row), allowedMentions: { parse: [], roles: [ROLE] } });
    expect(msg!.nonce.length).toBeLessThanOrEqual(25);
    expect(msg!.content).toContain('Review of Belarus');
    expect(msg!.content).toContain(`<t:${r.reviewAt!.getTime() / 1000}:F>`);
    expect(msg!.content).toContain(`<t:${r.reviewAt!.getTime() / 1000}:R>`);
    expect(msg!.content).toContain('/letter add');
    expect(msg!.content).not.toContain('late');
    expect(row).toMatchObject({ status: 'posted', messageId: msg!.messageId, late: false, leaseUntil: null });
    expect(row.postedAt).toEqual(new Date('2026-02-05T08:00:00Z'));
    // Nothing else is due; a second tick does nothing.
    expect(await s.tick()).toMatchObject({ claimed: 0 });
    expect(poster.calls).toBe(1);
  });

  it('a letter reminder names the letter and says to mark it sent; no ping role means no mentions', async () => {
    await settings(db.prisma, GUILD, { pingRoleId: null });
    const r = await review(db.prisma, { reviewAt: new Date('2026-04-02T07:00:00Z') });
    const l = await letter(db.prisma, { reviewId: r.id, deadlineAt: new Date('2026-02-20T08:00:00Z'), recipient: 'Permanent Mission in Geneva', ask: 'Recommend the release of @everyone' });
    await planner.replanLetter(GUILD, l.id);
    // The 1w reminder came due while no scheduler ran: posted late, beside the 1d one on time.
    clock.set('2026-02-19T08:00:00Z');
    const s = scheduler();
    expect(await s.tick()).toMatchObject({ claimed: 2, posted: 2 });
    clock.set('2026-02-20T08:00:00Z');
    expect(await s.tick()).toMatchObject({ claimed: 1, posted: 1 });
    const onTheDay = poster.messages[2]!;
    expect(onTheDay.content).toContain('Letter to Argentina (Permanent Mission in Geneva)');
    expect(onTheDay.content).toContain('Belarus');
    expect(onTheDay.content).toContain('/letter sent');
    expect(onTheDay.allowedMentions).toEqual({ parse: [], roles: [] });
    expect(poster.messages.filter((m) => m.content.includes('Posted late'))).toHaveLength(1);
    expect(onTheDay.content).not.toContain('Posted late');
  });

  it('marks late what came due during down time, and skips what is no longer useful', async () => {
    const soon = await plannedReview({ reviewAt: new Date('2026-01-10T08:00:00Z') }); // 2w already past at planning; 1d due 9 Jan
    const later = await plannedReview({ reviewAt: new Date('2026-04-02T07:00:00Z') });
    // Down from 1 Jan to 5 Feb 09:00Z: soon's review passed (skip), later's 8w is one hour late.
    clock.set('2026-02-05T09:00:00Z');
    const result = await scheduler().tick();
    expect(result).toMatchObject({ claimed: 2, posted: 1, skipped: 1 });
    const rows = await reminders(db.prisma, { status: { in: ['posted', 'skipped'] } });
    expect(rows.find((x) => x.reviewId === soon.id)).toMatchObject({ status: 'skipped', lastError: 'the event had already passed when the bot could post it' });
    expect(rows.find((x) => x.reviewId === later.id)).toMatchObject({ status: 'posted', late: true });
    expect(poster.messages[0]!.content).toContain('Posted late');
  });

  it('an on-the-day reminder a few minutes late is still posted', async () => {
    const r = await review(db.prisma, { reviewAt: new Date('2026-04-02T07:00:00Z') });
    const l = await letter(db.prisma, { reviewId: r.id, deadlineAt: new Date('2026-02-20T08:00:00Z') });
    await planner.replanLetter(GUILD, l.id);
    await db.prisma.reminder.updateMany({ where: { leadKey: { not: '0d' } }, data: { status: 'posted' } });
    clock.set('2026-02-20T08:00:05Z');
    expect(await scheduler().tick()).toMatchObject({ posted: 1, skipped: 0 });
  });

  it('skips reminders whose item changed after the claim was planned (letter sent, review postponed)', async () => {
    const r = await plannedReview();
    const l = await letter(db.prisma, { reviewId: r.id, deadlineAt: new Date('2026-02-20T08:00:00Z') });
    await planner.replanLetter(GUILD, l.id);
    // The planner was not told (a failed hook): the scheduler checks anyway.
    await db.prisma.letter.update({ where: { id: l.id }, data: { status: 'sent' } });
    await db.prisma.review.update({ where: { id: r.id }, data: { status: 'postponed' } });
    clock.set('2026-02-13T08:00:00Z');
    const result = await scheduler().tick();
    expect(result).toMatchObject({ claimed: 2, posted: 0, skipped: 2 });
    expect((await reminders(db.prisma, { status: 'skipped' })).map((x) => x.lastError).sort()).toEqual(['the letter is sent', 'the review is postponed']);
  });

  it('without a channel: failed with the reason, shown by /reminders list', async () => {
    await settings(db.prisma, GUILD, { reminderChannelId: null });
    await plannedReview();
    clock.set('2026-02-05T08:00:00Z');
    expect(await scheduler().tick()).toMatchObject({ failed: 1 });
    const list = await new RemindersAdmin({ db: db.prisma, clock, poster }).list(GUILD);
    expect(list[0]).toMatchObject({ status: 'failed', channelId: null });
    expect(inEnglish(list[0]!.lastError!)).toBe('no reminder channel set: use /settings channel');
  });

  it('a review channel overrides the server channel', async () => {
    await plannedReview({ reviewAt: new Date('2026-04-02T07:00:00Z'), channelId: OTHER_CHANNEL });
    clock.set('2026-02-05T08:00:00Z');
    await scheduler().tick();
    expect(poster.messages.map((m) => m.channelId)).toEqual([OTHER_CHANNEL]);
  });

  it('paused servers are left pending and posted (late) after resume', async () => {
    const admin = new RemindersAdmin({ db: db.prisma, clock, poster });
    await plannedReview();
    await admin.pause(GUILD);
    clock.set('2026-02-05T08:00:00Z');
    const s = scheduler();
    expect(await s.tick()).toMatchObject({ claimed: 0 });
    expect((await reminders(db.prisma, { leadKey: '8w' }))[0]!.status).toBe('pending');
    clock.set('2026-02-05T09:00:00Z');
    await admin.resume(GUILD);
    expect(await s.tick()).toMatchObject({ posted: 1 });
    expect((await reminders(db.prisma, { leadKey: '8w' }))[0]!.late).toBe(true);
  });

  it('other guilds are not affected by a pause', async () => {
    await settings(db.prisma, OTHER_GUILD, { reminderChannelId: OTHER_CHANNEL, paused: true });
    await plannedReview();
    await plannedReview({ guildId: OTHER_GUILD, reviewAt: new Date('2026-04-02T07:00:00Z') });
    clock.set('2026-02-05T08:00:00Z');
    expect(await scheduler().tick()).toMatchObject({ claimed: 1, posted: 1 });
    expect(poster.messages.map((m) => m.channelId)).toEqual([CHANNEL]);
  });
});

describe('faults', () => {
  it('transient failures are retried with backoff, then posted once', async () => {
    await plannedReview();
    poster.failNext(2, new PostError('Discord answered 503', { permanent: false, status: 503 }));
    const s = scheduler();
    clock.set('2026-02-05T08:00:00Z');
    expect(await s.tick()).toMatchObject({ claimed: 1, retried: 1 });
    let row = (await reminders(db.prisma, { leadKey: '8w' }))[0]!;
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastError: 'Discord answered 503', leaseOwner: null });
    expect(row.runAt).toEqual(new Date('2026-02-05T08:00:05Z'));
    expect(await s.tick()).toMatchObject({ claimed: 0 }); // not before the backoff
    clock.set('2026-02-05T08:00:05Z');
    expect(await s.tick()).toMatchObject({ retried: 1 });
    row = (await reminders(db.prisma, { leadKey: '8w' }))[0]!;
    expect(row.runAt).toEqual(new Date('2026-02-05T08:00:35Z'));
    clock.set('2026-02-05T08:00:35Z');
    expect(await s.tick()).toMatchObject({ posted: 1 });
    row = (await reminders(db.prisma, { leadKey: '8w' }))[0]!;
    expect(row).toMatchObject({ status: 'posted', attempts: 2, lastError: null, late: false });
    expect(poster.messages).toHaveLength(1);
  });

  it('gives up after maxAttempts', async () => {
    await plannedReview();
    poster.failWhen(() => new PostError('could not reach Discord: ECONNREFUSED', { permanent: false }));
    const s = scheduler({ maxAttempts: 3, backoffMs: [1000] });
    clock.set('2026-02-05T08:00:00Z');
    for (let i = 0; i < 3; i++) {
      await s.tick();
      clock.advance(1000);
    }
    const row = (await reminders(db.prisma, { leadKey: '8w' }))[0]!;
    expect(row).toMatchObject({ status: 'failed', attempts: 3, lastError: 'gave up after 3 attempts: could not reach Discord: ECONNREFUSED' });
    expect(await s.tick()).toMatchObject({ claimed: 0 });
    expect(poster.calls).toBe(3);
  });

  it('permanent failures are recorded once, not retried, and reported', async () => {
    await plannedReview();
    await plannedReview({ reviewAt: new Date('2026-04-02T07:00:00Z'), stateCode: 'CHL' });
    poster.failWhen(() => new PostError('the bot cannot post in the channel (Missing Permissions, 50013): give it Send Messages there', { permanent: true, code: 50013, status: 403 }));
    clock.set('2026-02-05T08:00:00Z');
    const s = scheduler();
    expect(await s.tick()).toMatchObject({ claimed: 2, failed: 2 });
    // The second reminder for the same channel failed without asking Discord again.
    expect(poster.calls).toBe(1);
    clock.set('2026-02-05T09:00:00Z');
    expect(await s.tick()).toMatchObject({ claimed: 0 });
    const list = await new RemindersAdmin({ db: db.prisma, clock, poster }).list(GUILD);
    expect(list.slice(0, 2).map((x) => [x.status, x.channelId, inEnglish(x.lastError!)])).toEqual([
      ['failed', CHANNEL, expect.stringContaining('Missing Permissions')],
      ['failed', CHANNEL, expect.stringContaining('Missing Permissions')],
    ]);
    expect(list.slice(2).every((x) => x.status === 'pending')).toBe(true);
  });

  it('an error thrown by the poster that is not a PostError counts as transient', async () => {
    await plannedReview();
    let thrown = false;
    poster.failWhen(() => {
      if (thrown) return undefined;
      thrown = true;
      throw new Error('socket hang up');
    });
    clock.set('2026-02-05T08:00:00Z');
    expect(await scheduler().tick()).toMatchObject({ retried: 1 });
    expect((await reminders(db.prisma, { leadKey: '8w' }))[0]!.lastError).toContain('socket hang up');
  });
});

describe('leases', () => {
  it('claims taken by a process that died come back after the lease, and are posted once', async () => {
    await plannedReview();
    clock.set('2026-02-05T08:00:00Z');
    // A process claimed it, posted it (Discord has it), and died before recording.
    const ids = (await claimDueBatch(db.prisma, db.provider, { owner: 'dead', now: clock.now(), leaseUntil: new Date(clock.now().getTime() + 60_000), limit: 10 })).rows.map((r) => r.id);
    expect(ids).toHaveLength(1);
    const row = (await reminders(db.prisma, { id: ids[0] }))[0]!;
    await poster.post(CHANNEL, { content: 'x', allowedMentions: { parse: [], roles: [] }, nonce: reminderNonce(row) });
    const s = scheduler();
    expect(await s.tick()).toMatchObject({ claimed: 0 });
    clock.advance(60_001);
    expect(await s.tick()).toMatchObject({ claimed: 1, posted: 1 });
    expect(poster.messages).toHaveLength(1); // the nonce made Discord return the first message
    expect((await reminders(db.prisma, { id: ids[0] }))[0]).toMatchObject({ status: 'posted', messageId: poster.messages[0]!.messageId, leaseOwner: s.processId });
  });

  it('a process whose lease was taken over does not record over the new owner', async () => {
    await plannedReview();
    clock.set('2026-02-05T08:00:00Z');
    let release!: () => void;
    const slowPoster = new MemoryPoster();
    const gate = new Promise<void>((r) => (release = r));
    const a = createScheduler({ db: db.prisma, provider: db.provider, poster: { post: async (c, m) => (await gate, slowPoster.post(c, m)) }, clock, logger: silentLogger, onDone: (r) => planner.afterDone(r), leaseMs: 1000 });
    const pending = a.tick();
    await waitUntil(async () => (await reminders(db.prisma, { leadKey: '8w', leaseOwner: a.processId })).length === 1, 'A to claim the row');
    // A hangs past its lease; B takes the row over and posts it.
    clock.advance(1001);
    const b = createScheduler({ db: db.prisma, provider: db.provider, poster: slowPoster, clock, logger: silentLogger, onDone: (r) => planner.afterDone(r) });
    expect(await b.tick()).toMatchObject({ claimed: 1, posted: 1 });
    release();
    expect(await pending).toMatchObject({ posted: 0, lost: 1 });
    expect(slowPoster.messages).toHaveLength(1);
    expect((await reminders(db.prisma, { leadKey: '8w' }))[0]!.leaseOwner).toBe(b.processId);
  });
});

describe('several schedulers on one database', () => {
  it('two schedulers with their own connections post 2,000 due reminders exactly once', async () => {
    const channels = Array.from({ length: 20 }, (_, i) => String(500000000000000000n + BigInt(i)));
    const due = new Date('2026-02-05T08:00:00Z');
    const r = await review(db.prisma, { reviewAt: new Date('2026-04-02T07:00:00Z') });
    await db.prisma.reminder.createMany({
      data: Array.from({ length: 2000 }, (_, i) => ({
        guildId: GUILD,
        kind: 'review',
        itemKey: `review:${r.id}`,
        reviewId: r.id,
        leadKey: `x${i}`,
        eventAt: new Date(due.getTime() + 86_400_000),
        dueAt: due,
        runAt: due,
        channelId: channels[i % channels.length],
      })),
    });
    clock.set('2026-02-05T08:00:00Z');
    const second = openDatabase(db.target);
    try {
      const mk = (prisma: typeof db.prisma) =>
        createScheduler({ db: prisma, provider: db.provider, poster, clock, logger: silentLogger, onDone: (r) => planner.afterDone(r), batchSize: 100, maxInFlight: 400 });
      const a = mk(db.prisma);
      const b = mk(second.prisma);
      const totals = { a: 0, b: 0 };
      const run = async (s: typeof a, key: 'a' | 'b') => {
        for (;;) {
          const r = await s.tick();
          totals[key] += r.posted;
          if (r.claimed === 0) return;
        }
      };
      await Promise.all([run(a, 'a'), run(b, 'b')]);
      expect(totals.a + totals.b).toBe(2000);
      expect(totals.a).toBeGreaterThan(0);
      expect(totals.b).toBeGreaterThan(0);
      expect(poster.calls).toBe(2000); // not one post was even attempted twice
      expect(new Set(poster.messages.map((m) => m.nonce)).size).toBe(2000);
      expect(await db.prisma.reminder.count({ where: { status: 'posted' } })).toBe(2000);
    } finally {
      await second.close();
    }
  });
});

describe('timing', () => {
  it('while running, reminders are posted within 2 s of their due instants (cron every second + exact wake)', async () => {
    const { AdjustableClock } = await import('../../src/clock');
    const live = new AdjustableClock();
    const p = new ReminderPlanner({ db: db.prisma, clock: live, defaultTimezone: 'Europe/Zurich' });
    const s = createScheduler({ db: db.prisma, provider: db.provider, poster, clock: live, logger: silentLogger, onDone: (r) => p.afterDone(r) });
    const r = await review(db.prisma, { reviewAt: new Date(Date.now() + 86_400_000) });
    s.start();
    try {
      const base = Date.now() + 500;
      const dues = Array.from({ length: 30 }, () => new Date(base + Math.floor(Math.random() * 3000)));
      await db.prisma.reminder.createMany({
        data: dues.map((dueAt, i) => ({
          guildId: GUILD, kind: 'review', itemKey: `review:${r.id}`, reviewId: r.id, leadKey: `t${i}`, eventAt: r.reviewAt!, dueAt, runAt: dueAt,
        })),
      });
      await waitUntil(() => poster.messages.length >= 30, 'the 30 reminders to be posted', 15_000);
      // A post is recorded on its row just after Discord answers: wait for the records, not only the posts.
      await waitUntil(async () => (await reminders(db.prisma, { reviewId: r.id, status: 'posted' })).length === 30, 'the 30 posts to be recorded');
      expect(poster.messages).toHaveLength(30);
      const rows = await reminders(db.prisma, { reviewId: r.id });
      const lateness = rows.map((row) => poster.messages.find((m) => m.messageId === row.messageId)!.at - row.dueAt.getTime()).sort((a, b) => a - b);
      expect(lateness[0]).toBeGreaterThanOrEqual(0);
      expect(lateness[lateness.length - 1]).toBeLessThan(2000);
      console.info(`[reminders] lateness while running (${db.provider}): median ${lateness[15]} ms, max ${lateness[29]} ms`);
    } finally {
      await s.stop();
    }
  });
});
