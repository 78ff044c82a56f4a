// Reminders through the real discord.js REST client against the local Discord sandbox: the
// scheduler's DiscordRestPoster posts to /channels/{id}/messages, with faults injected by the
// sandbox. Checks what the sandbox received (messages with nonces), the rows, and that no request
// broke Discord's API description.
import { REST } from 'discord.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logging/logger';
import { RemindersAdmin } from '../../src/reminders/admin';
import { ReminderPlanner } from '../../src/reminders/planner';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { DiscordRestPoster } from '../../src/posting/poster';
import { createScheduler, type Scheduler } from '../../src/scheduler/scheduler';
import { createTestDatabase } from '../helpers/db';
import { fixedAt, reminders, review, settings, type FixedClock } from '../integration/reminders-fixtures';
import { inEnglish } from '../helpers/in-english';

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;

let sandbox: Sandbox;
let guildId: string;
let channels: Record<string, string>;
let roleId: string;
let db: TestDb;
let clock: FixedClock;
let planner: ReminderPlanner;
let rest: REST;
let poster: DiscordRestPoster;
let scheduler: Scheduler;

beforeAll(async () => {
  sandbox = await startSandbox({
    limits: { rateLimits: false },
    world: {
      channels: [
        { name: 'locked', botCanPost: false },
        { name: 'hidden', botCanView: false },
      ],
    },
  });
  const world = await sandbox.control.world();
  const guild = world.guilds[0]!;
  guildId = guild.id;
  channels = Object.fromEntries(guild.channels.map((c) => [c.name, c.id]));
  roleId = guild.roles.find((r) => r.name === 'coordinator')!.id;
});
afterAll(async () => {
  await sandbox?.close();
});

beforeEach(async () => {
  db = await createTestDatabase();
  clock = fixedAt('2026-01-01T12:00:00Z');
  planner = new ReminderPlanner({ db: db.prisma, clock, defaultTimezone: 'Europe/Zurich' });
  // Short REST timeout so that timeouts can be tested quickly; discord.js's own retries stay on.
  rest = new REST({ api: sandbox.apiUrl, timeout: 400, retries: 2 }).setToken(sandbox.token);
  poster = new DiscordRestPoster(rest, { timeoutMs: 5_000 });
  scheduler = createScheduler({ db: db.prisma, provider: db.provider, poster, clock, logger: silentLogger, onDone: (r) => planner.afterDone(r), leaseMs: 20_000 });
  await settings(db.prisma, guildId, { reminderChannelId: channels.advocacy!, pingRoleId: roleId });
  await sandbox.control.clearFaults();
});
afterEach(async () => {
  await scheduler.stop();
  await db.cleanup();
  expect(await sandbox.control.violations()).toEqual([]);
});

/** A review whose 8w reminder is due at 2026-02-05T08:00Z, planned; the clock set there. */
async function dueReminder(channelId?: string) {
  const r = await review(db.prisma, { guildId, reviewAt: new Date('2026-04-02T07:00:00Z'), reviewTimeKnown: true, ...(channelId ? { channelId } : {}) });
  await planner.replanReview(guildId, r.id);
  clock.set('2026-02-05T08:00:00Z');
  return (await reminders(db.prisma, { reviewId: r.id, leadKey: '8w' }))[0]!;
}

async function messagesWithNonce(nonce: string, channel = 'advocacy') {
  return (await sandbox.control.messages(channel)).filter((m) => m.nonce === nonce);
}

const nonceOf = async (id: number) => (await db.prisma.reminder.findUniqueOrThrow({ where: { id } })) as { id: number; leadKey: string; createdAt: Date };

describe('reminders through the sandbox', () => {
  it('posts with nonce + enforce_nonce and only the ping role allowed', async () => {
    const row = await dueReminder();
    expect(await scheduler.tick()).toMatchObject({ posted: 1 });
    const { reminderNonce } = await import('../../src/reminders/keys');
    const [msg] = await messagesWithNonce(reminderNonce(await nonceOf(row.id)));
    expect(msg).toBeDefined();
    expect(msg!.enforceNonce).toBe(true);
    expect(msg!.allowedMentions).toEqual({ parse: [], roles: [roleId] });
    expect(msg!.content).toContain(`<@&${roleId}>`);
    expect((await db.prisma.reminder.findUniqueOrThrow({ where: { id: row.id } })).messageId).toBe(msg!.id);
  });

  it('429 on the route and globally: waited out by discord.js, posted once', async () => {
    const row = await dueReminder();
    await sandbox.control.fault({ route: 'POST /channels/*/messages', status: 429, retryAfter: 0.05, times: 2 });
    await sandbox.control.fault({ route: 'POST /channels/*/messages', status: 429, retryAfter: 0.05, global: true, times: 1 });
    expect(await scheduler.tick()).toMatchObject({ posted: 1, retried: 0 });
    const { reminderNonce } = await import('../../src/reminders/keys');
    expect(await messagesWithNonce(reminderNonce(await nonceOf(row.id)))).toHaveLength(1);
    expect((await sandbox.control.requests('POST /channels/*/messages')).filter((r) => r.status === 429)).toHaveLength(3);
  });

  it('5xx: retried by discord.js, then by the scheduler with backoff; posted once', async () => {
    const row = await dueReminder();
    // More 503s than discord.js retries: the scheduler gets a transient error and plans a retry.
    await sandbox.control.fault({ route: 'POST /channels/*/messages', status: 503, times: 4 });
    expect(await scheduler.tick()).toMatchObject({ retried: 1, posted: 0 });
    const after = await db.prisma.reminder.findUniqueOrThrow({ where: { id: row.id } });
    expect(after).toMatchObject({ status: 'pending', attempts: 1 });
    expect(after.lastError).toMatch(/503/);
    clock.advance(5_000);
    expect(await scheduler.tick()).toMatchObject({ posted: 1 });
    const { reminderNonce } = await import('../../src/reminders/keys');
    expect(await messagesWithNonce(reminderNonce(after))).toHaveLength(1);
  });

  it('a timeout after Discord created the message: re-sent with the same nonce, one message', async () => {
    const row = await dueReminder();
    // The sandbox posts, then answers after the client's 400 ms timeout, twice: discord.js re-sends.
    await sandbox.control.fault({ route: 'POST /channels/*/messages', phase: 'after', delayMs: 700, status: 200, times: 2 });
    const result = await scheduler.tick();
    const { reminderNonce } = await import('../../src/reminders/keys');
    const nonce = reminderNonce(await nonceOf(row.id));
    if (result.posted === 0) {
      // discord.js gave up (all its attempts timed out): the scheduler retries later, same nonce.
      expect(result.retried).toBe(1);
      clock.advance(5_000);
      expect(await scheduler.tick()).toMatchObject({ posted: 1 });
    }
    const posts = await sandbox.control.requests('POST /channels/*/messages');
    expect(posts.length).toBeGreaterThanOrEqual(2);
    expect(await messagesWithNonce(nonce)).toHaveLength(1);
    const final = await db.prisma.reminder.findUniqueOrThrow({ where: { id: row.id } });
    expect(final.status).toBe('posted');
    expect(final.messageId).toBe((await messagesWithNonce(nonce))[0]!.id);
  });

  it('every attempt timing out: retried by the scheduler until Discord answers, one message', async () => {
    const row = await dueReminder();
    await sandbox.control.fault({ route: 'POST /channels/*/messages', phase: 'after', delayMs: 600, status: 200, times: 3 });
    expect(await scheduler.tick()).toMatchObject({ retried: 1 });
    clock.advance(5_000);
    expect(await scheduler.tick()).toMatchObject({ posted: 1 });
    const { reminderNonce } = await import('../../src/reminders/keys');
    expect(await messagesWithNonce(reminderNonce(await nonceOf(row.id)))).toHaveLength(1);
  });

  it('an answer lost after Discord posted, retried past the nonce window: the post is found, one message, recorded once', async () => {
    const row = await dueReminder();
    const { reminderNonce } = await import('../../src/reminders/keys');
    const nonce = reminderNonce(await nonceOf(row.id));
    // Discord creates the message but every answer is lost (more than discord.js's own retries).
    await sandbox.control.fault({ route: 'POST /channels/*/messages', status: 503, phase: 'after', times: 3 });
    expect(await scheduler.tick()).toMatchObject({ posted: 0, retried: 1 });
    const [landed] = await messagesWithNonce(nonce);
    expect(landed).toBeDefined();
    // Both clocks pass Discord's nonce window: the sandbox would now take the nonce as new.
    await sandbox.control.clock({ advance: 'PT10M' });
    clock.advance(10 * 60_000);
    expect(await scheduler.tick()).toMatchObject({ claimed: 1, posted: 1, found: 1 });
    expect(await messagesWithNonce(nonce)).toHaveLength(1);
    const final = await db.prisma.reminder.findUniqueOrThrow({ where: { id: row.id } });
    expect(final).toMatchObject({ status: 'posted', messageId: landed!.id, attempts: 1, lastError: null });
    const reads = await sandbox.control.requests('GET /channels/*/messages');
    expect(reads.filter((r) => r.path.includes(channels.advocacy!)).map((r) => r.status)).toEqual([200]);
  });

  it('the sandbox forgets a nonce after its window, and keys it by author, not by channel', async () => {
    const body = (text: string) => ({ body: { content: text, nonce: 'same-nonce-x', enforce_nonce: true } });
    const first = (await rest.post(`/channels/${channels.advocacy}/messages`, body('one'))) as { id: string };
    // Same author, another channel, inside the window: Discord returns the first message.
    const elsewhere = (await rest.post(`/channels/${channels.general}/messages`, body('two'))) as { id: string };
    expect(elsewhere.id).toBe(first.id);
    await sandbox.control.clock({ advance: 'PT6M' });
    const later = (await rest.post(`/channels/${channels.advocacy}/messages`, body('three'))) as { id: string };
    expect(later.id).not.toBe(first.id);
    const newestFirst = (await rest.get(`/channels/${channels.advocacy}/messages`, { query: new URLSearchParams({ limit: '2' }) })) as { id: string }[];
    expect(newestFirst.map((m) => m.id)).toEqual([later.id, first.id]);
  });

  it('403 Missing Permissions: failed with the reason, not retried, reported by list and test', async () => {
    const row = await dueReminder(channels.locked);
    expect(await scheduler.tick()).toMatchObject({ failed: 1 });
    clock.advance(3_600_000);
    expect(await scheduler.tick()).toMatchObject({ claimed: 0 });
    const posts = (await sandbox.control.requests('POST /channels/*/messages')).filter((r) => r.path.includes(channels.locked!));
    expect(posts.map((p) => [p.status, p.code])).toEqual([[403, 50013]]);
    const admin = new RemindersAdmin({ db: db.prisma, clock, poster });
    const [item] = await admin.list(guildId);
    expect(item).toMatchObject({ id: row.id, status: 'failed', channelId: channels.locked });
    expect(inEnglish(item!.lastError!)).toContain('Missing Permissions');

    await settings(db.prisma, guildId, { reminderChannelId: channels.locked! });
    const test = await admin.sendTest(guildId);
    expect(test).toMatchObject({ ok: false, channelId: channels.locked });
    expect(inEnglish(test.problem!)).toContain('cannot post in the channel (Missing Permissions, 50013)');
  });

  it('404 Unknown Channel and 403 Missing Access are permanent too', async () => {
    const hidden = await review(db.prisma, { guildId, stateCode: 'CHL', reviewAt: new Date('2026-04-02T07:00:00Z'), channelId: channels.hidden! });
    await planner.replanReview(guildId, hidden.id);
    const gone = await dueReminder('1234567890123456789');
    expect(await scheduler.tick()).toMatchObject({ failed: 2, retried: 0 });
    const rows = await reminders(db.prisma, { status: 'failed' });
    expect(rows.find((r) => r.id === gone.id)!.lastError).toContain('Unknown Channel, 10003');
    expect(rows.find((r) => r.reviewId === hidden.id)!.lastError).toContain('Missing Access, 50001');
  });

  it('/reminders test posts to the configured channel', async () => {
    const admin = new RemindersAdmin({ db: db.prisma, clock, poster });
    const result = await admin.sendTest(guildId);
    expect(result).toMatchObject({ ok: true, channelId: channels.advocacy });
    const msg = (await sandbox.control.messages('advocacy')).find((m) => m.id === result.messageId)!;
    expect(msg.content).toContain('Test message');
    expect(msg.allowedMentions).toEqual({ parse: [], roles: [] });
  });
});
