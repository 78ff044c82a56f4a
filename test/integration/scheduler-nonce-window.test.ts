// A post whose answer was lost may have landed. Inside Discord's nonce window the retry carries
// the same nonce and Discord returns the first message; past it, the scheduler looks for its
// marker in the channel and records the message it finds instead of posting again.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logging/logger';
import { MemoryPoster } from '../../src/posting/memory-poster';
import type { MessagePoster } from '../../src/posting/poster';
import { markerLine } from '../../src/posting/marker';
import { reminderNonce } from '../../src/reminders/keys';
import { ReminderPlanner } from '../../src/reminders/planner';
import { createScheduler, NONCE_WINDOW_MS } from '../../src/scheduler/scheduler';
import { createTestDatabase } from '../helpers/db';
import { CHANNEL, GUILD, fixedAt, reminders, review, settings, type FixedClock } from './reminders-fixtures';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let clock: FixedClock;
let poster: MemoryPoster;

beforeEach(async () => {
  db = await createTestDatabase();
  clock = fixedAt('2026-01-01T12:00:00Z');
  poster = new MemoryPoster();
  await settings(db.prisma, GUILD, { reminderChannelId: CHANNEL });
  const r = await review(db.prisma, { reviewAt: new Date('2026-04-02T07:00:00Z'), reviewTimeKnown: true });
  await new ReminderPlanner({ db: db.prisma, clock, defaultTimezone: 'Europe/Zurich' }).replanReview(GUILD, r.id);
  clock.set('2026-02-05T08:00:00Z'); // the 8-week reminder is due
});
afterEach(async () => db.cleanup());

const make = (p: MessagePoster) =>
  createScheduler({ db: db.prisma, provider: db.provider, poster: p, clock, logger: silentLogger, backoffMs: [5_000, 600_000] });

describe('a post whose answer was lost', () => {
  it('carries a marker with its nonce as its last line', async () => {
    await make(poster).tick();
    const row = (await reminders(db.prisma, { leadKey: '8w' }))[0]!;
    expect(poster.messages[0]!.content.split('\n').at(-1)).toBe(markerLine(reminderNonce(row)));
  });

  it('retried inside the nonce window: Discord returns the first message, no search', async () => {
    const s = make(poster);
    poster.loseResponses(1);
    expect(await s.tick()).toMatchObject({ claimed: 1, posted: 0, retried: 1 });
    expect(poster.messages).toHaveLength(1);
    clock.advance(5_000);
    expect(await s.tick()).toMatchObject({ claimed: 1, posted: 1, found: 0 });
    expect(poster.searches).toBe(0);
    expect(poster.messages).toHaveLength(1);
    expect((await reminders(db.prisma, { leadKey: '8w' }))[0]).toMatchObject({ status: 'posted', messageId: poster.messages[0]!.messageId, attempts: 1 });
  });

  it('retried past the nonce window: the earlier post is found and recorded, not posted again', async () => {
    const s = make(poster);
    poster.loseResponses(2);
    expect(await s.tick()).toMatchObject({ retried: 1 });
    clock.advance(5_000);
    // The retry inside the window is de-duplicated by the nonce, and its answer is lost too.
    expect(await s.tick()).toMatchObject({ retried: 1 });
    expect(poster.messages).toHaveLength(1);
    poster.forgetNonces(); // Discord's window has passed
    clock.advance(600_000);
    expect(600_000 + 5_000).toBeGreaterThan(NONCE_WINDOW_MS);
    expect(await s.tick()).toMatchObject({ claimed: 1, posted: 1, found: 1 });
    expect(poster.searches).toBe(1);
    expect(poster.messages).toHaveLength(1);
    expect(poster.calls).toBe(2);
    const rows = await reminders(db.prisma, { leadKey: '8w' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'posted', messageId: poster.messages[0]!.messageId, attempts: 2, lastError: null });
  });

  it('past the window with nothing found (the post never landed): posted once', async () => {
    const s = make(poster);
    poster.failNext(1, new (await import('../../src/posting/poster')).PostError('Discord answered 503', { permanent: false, status: 503 }));
    expect(await s.tick()).toMatchObject({ retried: 1 });
    expect(poster.messages).toHaveLength(0);
    clock.advance(NONCE_WINDOW_MS + 60_000);
    expect(await s.tick()).toMatchObject({ posted: 1, found: 0 });
    expect(poster.searches).toBe(1);
    expect(poster.messages).toHaveLength(1);
  });

  it('without a search (a poster that cannot read the channel), the same case posts twice', async () => {
    // What the search prevents, shown with a poster that has no findPosted.
    const blind: MessagePoster = { post: (c, m) => poster.post(c, m) };
    const s = make(blind);
    poster.loseResponses(1);
    await s.tick();
    poster.forgetNonces();
    clock.advance(NONCE_WINDOW_MS + 60_000);
    await s.tick();
    expect(poster.messages).toHaveLength(2);
  });
});
