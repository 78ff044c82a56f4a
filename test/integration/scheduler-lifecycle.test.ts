// Stopping with a deadline (claims of posts still under way are given back at once, and another
// process posts them, each once), deployment-wide periodic work, and the observer's reports.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client';
import { silentLogger } from '../../src/logging/logger';
import type { SchedulerObserver } from '../../src/observability/events';
import { MemoryPoster } from '../../src/posting/memory-poster';
import { PostError, type MessagePoster } from '../../src/posting/poster';
import { loadPostingContext } from '../../src/reminders/prepare';
import { claimDueBatch, nextRunAt } from '../../src/scheduler/claim';
import { takePeriod } from '../../src/scheduler/periodic';
import { createScheduler, type SchedulerOptions } from '../../src/scheduler/scheduler';
import { createTestDatabase } from '../helpers/db';
import { waitUntil } from '../helpers/wait';
import { CHANNEL, GUILD, OTHER_CHANNEL, OTHER_GUILD, ROLE, fixedAt, letter, reminders, review, settings, type FixedClock } from './reminders-fixtures';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let clock: FixedClock;
const due = new Date('2026-02-05T08:00:00Z');

beforeEach(async () => {
  db = await createTestDatabase();
  clock = fixedAt('2026-02-05T08:00:00Z');
  await settings(db.prisma, GUILD, { reminderChannelId: CHANNEL });
});
afterEach(async () => db.cleanup());

async function dueReminders(n: number): Promise<void> {
  const r = await review(db.prisma, { reviewAt: new Date('2026-04-02T07:00:00Z') });
  await db.prisma.reminder.createMany({
    data: Array.from({ length: n }, (_, i) => ({
      guildId: GUILD, kind: 'review', itemKey: `review:${r.id}`, reviewId: r.id, leadKey: `s${i}`,
      eventAt: r.reviewAt!, dueAt: due, runAt: due, channelId: i % 2 ? CHANNEL : OTHER_CHANNEL,
    })),
  });
}

/** Posts that hang until `open()`; `started` counts the posts begun. */
function gated(discord: MemoryPoster): { started: number; open: () => void; poster: MessagePoster } {
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  const g: { started: number; open: () => void; poster: MessagePoster } = {
    started: 0,
    open: () => open(),
    poster: { post: async (c, m) => (g.started++, await gate, discord.post(c, m)) },
  };
  return g;
}

const make = (poster: MessagePoster, o: Partial<SchedulerOptions> = {}) =>
  createScheduler({ db: db.prisma, provider: db.provider, poster, clock, logger: silentLogger, ...o });

describe('claim', () => {
  it('returns the claimed rows exactly as Prisma reads them, stamping the first claim', async () => {
    await dueReminders(2);
    await db.prisma.reminder.updateMany({ data: { late: true, attempts: 3, lastError: 'Discord answered 503', postedAt: new Date('2026-02-01T00:00:00.123Z') } });
    const firstSent = new Date('2026-02-05T07:00:00.456Z');
    const earlier = (await reminders(db.prisma))[0]!;
    await db.prisma.reminder.update({ where: { id: earlier.id }, data: { sentAt: firstSent } });
    const claimed = (await claimDueBatch(db.prisma, db.provider, { owner: 'me', now: clock.now(), leaseUntil: new Date(clock.now().getTime() + 60_000), limit: 10 })).rows;
    const read = await reminders(db.prisma);
    expect(claimed.sort((a, b) => a.id - b.id)).toEqual(read.sort((a, b) => a.id - b.id));
    expect(read.map((r) => [r.status, r.leaseOwner])).toEqual([['claimed', 'me'], ['claimed', 'me']]);
    // The first claim stamps sentAt; a later claim keeps the first instant.
    expect(read.find((r) => r.id === earlier.id)!.sentAt).toEqual(firstSent);
    expect(read.find((r) => r.id !== earlier.id)!.sentAt).toEqual(clock.now());
  });
  it('on PostgreSQL reads in the same statement what deciding needs, exactly as Prisma reads it, and the next due instant', async () => {
    await settings(db.prisma, GUILD, { pingRoleId: ROLE, language: 'es', timezone: 'America/Lima', paused: false });
    await db.prisma.guildLocale.create({ data: { guildId: GUILD, locale: 'es-419' } });
    await db.prisma.guildLocale.create({ data: { guildId: OTHER_GUILD, locale: 'pt-BR' } });
    const r = await review(db.prisma, { reviewAt: new Date('2026-04-02T07:00:00.250Z'), reviewTimeKnown: true, notes: 'Side event 2026-04-01T12:00:00', submissionDeadlineAt: new Date('2026-03-01T23:59:00Z') });
    const other = await review(db.prisma, { guildId: OTHER_GUILD, reviewAt: null, status: 'postponed' });
    const l = await letter(db.prisma, { reviewId: r.id, deadlineAt: new Date('2026-03-20T12:00:00Z'), recipient: 'Mission of Chile', ask: 'Recommend ratifying OP-CAT' });
    const row = (guildId: string, kind: string, itemKey: string, ids: { reviewId?: number; letterId?: number }, leadKey: string) => ({
      guildId, kind, itemKey, leadKey, ...ids, eventAt: new Date('2026-04-02T07:00:00Z'), dueAt: due, runAt: due,
    });
    await db.prisma.reminder.createMany({
      data: [
        row(GUILD, 'review', `review:${r.id}`, { reviewId: r.id }, '2w'),
        row(GUILD, 'milestone', `milestone:submission:${r.id}`, { reviewId: r.id }, '1w'),
        row(GUILD, 'letter', `letter:${l.id}`, { reviewId: r.id, letterId: l.id }, '1d'),
        row(OTHER_GUILD, 'review', `review:${other.id}`, { reviewId: other.id }, '2w'),
        row(GUILD, 'digest', 'digest', {}, 'weekly'),
      ],
    });
    const later = new Date(due.getTime() + 90_000);
    await db.prisma.reminder.create({ data: { ...row(GUILD, 'review', `review:${r.id}`, { reviewId: r.id }, '1d'), runAt: later, dueAt: later } });

    const batch = await claimDueBatch(db.prisma, db.provider, { owner: 'me', now: clock.now(), leaseUntil: new Date(clock.now().getTime() + 60_000), limit: 10 });
    expect(batch.rows).toHaveLength(5);
    expect(batch.rows).toEqual(await reminders(db.prisma, { status: 'claimed' }).then((rows) => rows.sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || a.id - b.id)));
    if (db.provider === 'sqlite') {
      // SQLite reads them apart, at a fraction of the cost: nothing comes with the claim.
      expect(batch.context).toBeUndefined();
      expect(batch.nextRunAt).toBeUndefined();
      return;
    }
    const read = await loadPostingContext(db.prisma, batch.rows);
    const byKey = <T,>(key: (x: T) => string | number) => (a: T, b: T) => String(key(a)).localeCompare(String(key(b)));
    expect([...batch.context!.settings].sort(byKey((s) => s.guildId))).toEqual([...read.settings].sort(byKey((s) => s.guildId)));
    expect(batch.context!.locales).toEqual(read.locales);
    expect(batch.context!.locales.get(OTHER_GUILD)).toBe('pt-BR');
    expect([...batch.context!.reviews].sort(byKey((v) => v.id))).toEqual([...read.reviews].sort(byKey((v) => v.id)));
    expect(batch.context!.reviews.map((v) => v.id).sort()).toEqual([r.id, other.id].sort());
    expect(batch.context!.letters).toEqual(read.letters);
    expect(batch.context!.letters[0]!.review.submissionDeadlineAt).toEqual(new Date('2026-03-01T23:59:00Z'));
    expect(batch.nextRunAt).toEqual(later);
    expect(batch.nextRunAt).toEqual(await nextRunAt(db.prisma, clock.now()));

    // The statement runs on the connection pool behind the client; a client whose pool is not
    // known (here one derived with $extends) runs it through Prisma and reads the same.
    await db.prisma.reminder.updateMany({ where: { status: 'claimed' }, data: { status: 'pending', leaseOwner: null, leaseUntil: null } });
    const derived = db.prisma.$extends({}) as unknown as typeof db.prisma;
    const again = await claimDueBatch(derived, db.provider, { owner: 'me', now: clock.now(), leaseUntil: new Date(clock.now().getTime() + 60_000), limit: 10 });
    expect(again).toEqual(batch);
  });
});

describe('stop', () => {
  it('with a deadline: hung posts are abandoned, their claims released at once, another process posts each once', async () => {
    await dueReminders(6);
    const discord = new MemoryPoster();
    const hung = gated(discord);
    const a = make(hung.poster, { leaseMs: 600_000 });
    const running = a.tick();
    await waitUntil(() => hung.started === 2, 'the first post of each of the two channels to start');

    await a.stop({ deadlineMs: 50 });
    // Released now, not in ten minutes when the lease would have run out.
    const rows = await reminders(db.prisma);
    expect(rows.map((r) => [r.status, r.leaseOwner])).toEqual(Array.from({ length: 6 }, () => ['pending', null]));

    const b = make(discord);
    expect(await b.tick()).toMatchObject({ claimed: 6, posted: 6 });
    // The abandoned posts land late: the nonce makes Discord return B's messages.
    hung.open();
    expect(await running).toMatchObject({ posted: 0, lost: 2 });
    expect(discord.messages).toHaveLength(6);
    expect(new Set(discord.messages.map((m) => m.nonce)).size).toBe(6);
    const posted = await reminders(db.prisma, { status: 'posted' });
    expect(posted).toHaveLength(6);
    expect(posted.every((r) => r.leaseOwner === b.processId && discord.messages.some((m) => m.messageId === r.messageId))).toBe(true);
  });

  it('without a deadline: waits for posts under way and records them; claimed rows not yet posting are given back', async () => {
    await dueReminders(4);
    const discord = new MemoryPoster();
    const slow = gated(discord);
    const a = make(slow.poster);
    const running = a.tick();
    await waitUntil(() => slow.started === 2, 'the first post of each channel to start');
    const stopped = a.stop();
    slow.open();
    await stopped;
    expect(await running).toMatchObject({ claimed: 4, posted: 2, released: 2 });
    expect(discord.messages).toHaveLength(2);
    expect((await reminders(db.prisma)).map((r) => r.status).sort()).toEqual(['pending', 'pending', 'posted', 'posted']);
  });
});

describe('periodic work', () => {
  it('is taken by one process per period, whatever the number of processes', async () => {
    const other = openDatabase(db.target);
    try {
      const hour = 3_600_000;
      const t0 = new Date('2026-02-05T08:00:00Z');
      const round = (at: Date) =>
        Promise.all([
          takePeriod(db.prisma, 'plan-digests', 'a', at, hour),
          takePeriod(other.prisma, 'plan-digests', 'b', at, hour),
          takePeriod(db.prisma, 'plan-digests', 'c', at, hour),
        ]);
      expect((await round(t0)).filter(Boolean)).toHaveLength(1);
      expect((await round(new Date(t0.getTime() + hour / 2))).filter(Boolean)).toHaveLength(0);
      expect((await round(new Date(t0.getTime() + hour))).filter(Boolean)).toHaveLength(1);
      expect(await takePeriod(db.prisma, 'another-job', 'a', t0, hour)).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('a started scheduler runs its periodic job through the same guard', async () => {
    let runs = 0;
    const s = make(new MemoryPoster(), { periodic: [{ name: 'count', everyMs: 3_600_000, run: async () => void runs++ }] });
    s.start();
    try {
      await waitUntil(() => runs === 1, 'the periodic job to run at start');
      expect(await db.prisma.schedulerJob.findUnique({ where: { name: 'count' } })).toMatchObject({ owner: s.processId, ranAt: clock.now() });
    } finally {
      await s.stop();
    }
  });
});

describe('observer', () => {
  it('hears of posted, failed, retried and each tick, with the backlog left after a full claim', async () => {
    await dueReminders(5);
    const heard: string[] = [];
    const backlogs: number[] = [];
    const observer: SchedulerObserver = {
      posted: (i) => heard.push(`posted:${i.kind}:${i.late}`),
      failed: (i) => heard.push(`failed:${i.kind}`),
      retried: (i) => heard.push(`retried:${i.kind}`),
      tick: (i) => (backlogs.push(i.backlog), expect(i.durationMs).toBeGreaterThanOrEqual(0)),
    };
    const discord = new MemoryPoster()
      .failNext(1, new PostError('Discord answered 503', { permanent: false, status: 503 }), OTHER_CHANNEL)
      .failNext(1, new PostError('the bot cannot see the channel (Missing Access, 50001)', { permanent: true, code: 50001 }), CHANNEL);
    const s = make(discord, { batchSize: 4, maxInFlight: 4, observer });
    await s.tick();
    expect(backlogs).toEqual([1]); // 5 due, 4 claimed
    await s.tick();
    expect(backlogs).toEqual([1, 0]);
    expect(heard.filter((h) => h.startsWith('retried'))).toEqual(['retried:review']);
    // Missing Access holds for the channel: its other reminders fail without asking Discord again.
    expect(heard.filter((h) => h.startsWith('failed'))).toEqual(['failed:review', 'failed:review']);
    expect(heard.filter((h) => h.startsWith('posted'))).toEqual(['posted:review:false', 'posted:review:false']);
  });
});
