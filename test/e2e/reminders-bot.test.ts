// Reminders end to end: the real bot (startApp, its scheduler, discord.js) against the sandbox,
// driven with slash commands and the sandbox's clock, as a server's coordinators would see it.
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/bot-harness';
import { letBotMentionEveryone } from '../helpers/command-checks';

let h: Harness | undefined;
afterEach(async () => {
  if (h) expect(await h.control.violations()).toEqual([]);
  await h?.stop();
  h = undefined;
});

const ok = async (harness: Harness, command: string) => {
  const reply = await harness.control.run(command);
  expect(reply.ok, `${command}: ${reply.error ?? reply.content}`).toBe(true);
  expect(reply.content ?? '', command).not.toMatch(/^❌|could not|not a /);
  return reply;
};

const plan = async (harness: Harness, reviewId: number) =>
  (await harness.db.reminder.findMany({ where: { reviewId, kind: 'review' }, orderBy: { dueAt: 'asc' } })).map(
    (r) => `${r.leadKey} ${r.dueAt.toISOString()} ${r.status}`,
  );

const reviewId = async (harness: Harness, stateCode: string) =>
  (await harness.db.review.findFirstOrThrow({ where: { stateCode }, orderBy: { id: 'desc' } })).id;

describe('reminders with the real bot', () => {
  it('plans across both Zurich DST changes, follows edits and removals, posts when due with the ping role', async () => {
    h = await startHarness({ now: new Date('2026-01-15T10:00:00Z') });
    const world = await h.control.world();
    const guild = world.guilds[0]!;
    const coordinator = guild.roles.find((r) => r.name === 'coordinator')!.id;
    await ok(h, '/settings channel channel:advocacy');
    await letBotMentionEveryone(h); // the coordinator role is not mentionable
    await ok(h, '/settings ping-role role:coordinator');

    await ok(h, '/upr add state:Belarus date:2 Apr 2026'); // 09:00 CEST
    const belarus = await reviewId(h, 'BLR');
    expect(await plan(h, belarus)).toEqual([
      '8w 2026-02-05T08:00:00.000Z pending', // 09:00 CET
      '2w 2026-03-19T08:00:00.000Z pending',
      '1d 2026-04-01T07:00:00.000Z pending', // 09:00 CEST
    ]);
    await ok(h, '/upr add state:Chile date:3 Nov 2026'); // 09:00 CET
    const chile = await reviewId(h, 'CHL');
    expect(await plan(h, chile)).toEqual([
      '8w 2026-09-08T07:00:00.000Z pending', // 09:00 CEST
      '2w 2026-10-20T07:00:00.000Z pending',
      '1d 2026-11-02T08:00:00.000Z pending', // 09:00 CET
    ]);

    // Edit moves the pending rows (same rows), remove cancels.
    const before = await h.db.reminder.findMany({ where: { reviewId: belarus, kind: 'review' }, orderBy: { id: 'asc' } });
    await ok(h, '/upr edit review:Belarus date:9 Apr 2026 time:10:00');
    expect(await plan(h, belarus)).toEqual([
      '8w 2026-02-12T09:00:00.000Z pending',
      '2w 2026-03-26T09:00:00.000Z pending',
      '1d 2026-04-08T08:00:00.000Z pending',
    ]);
    expect((await h.db.reminder.findMany({ where: { reviewId: belarus, kind: 'review' }, orderBy: { id: 'asc' } })).map((r) => r.id)).toEqual(
      before.map((r) => r.id),
    );
    await ok(h, '/upr remove review:Chile');
    expect((await plan(h, chile)).map((l) => l.split(' ')[2])).toEqual(['cancelled', 'cancelled', 'cancelled']);

    // The clock reaches the 8w reminder: posted in #advocacy, pinging only the coordinator role.
    await h.control.clock({ now: '2026-02-12T09:00:00Z' });
    const msg = await h.control.waitForMessage('advocacy', (m) => m.content.includes('Review of Belarus'), { timeoutMs: 5000 });
    expect(msg.content).toContain(`<@&${coordinator}>`);
    expect(msg.allowedMentions).toEqual({ parse: [], roles: [coordinator] });
    expect(msg.enforceNonce).toBe(true);
    expect(msg.content).not.toContain('Posted late');
    const row = await h.db.reminder.findFirstOrThrow({ where: { reviewId: belarus, leadKey: '8w' } });
    expect(row).toMatchObject({ status: 'posted', messageId: msg.id, late: false });

    const list = await h.control.run('/reminders list');
    expect(JSON.stringify(list.embeds)).toContain('Review of Belarus');
  }, 60_000);

  it('a server in Buenos Aires (no DST) plans in its own zone', async () => {
    h = await startHarness({ now: new Date('2026-01-15T10:00:00Z') });
    await ok(h, '/settings channel channel:advocacy');
    await ok(h, '/settings timezone zone:America/Argentina/Buenos_Aires');
    await ok(h, '/upr add state:Belarus date:2 Apr 2026'); // 09:00 -03
    expect(await plan(h, await reviewId(h, 'BLR'))).toEqual([
      '8w 2026-02-05T12:00:00.000Z pending',
      '2w 2026-03-19T12:00:00.000Z pending',
      '1d 2026-04-01T12:00:00.000Z pending',
    ]);
    await ok(h, '/settings lead-times for:review times:3w,2d');
    expect(await plan(h, await reviewId(h, 'BLR'))).toEqual([
      '8w 2026-02-05T12:00:00.000Z cancelled',
      '3w 2026-03-12T12:00:00.000Z pending',
      '2w 2026-03-19T12:00:00.000Z cancelled',
      '2d 2026-03-31T12:00:00.000Z pending',
      '1d 2026-04-01T12:00:00.000Z cancelled',
    ]);
  }, 60_000);

  it('after down time: due reminders are posted late, those whose event passed are skipped', async () => {
    h = await startHarness({ now: new Date('2026-01-15T10:00:00Z') });
    await ok(h, '/settings channel channel:advocacy');
    await ok(h, '/upr add state:Belarus date:2 Apr 2026');
    await ok(h, '/letter add to:Argentina review:Belarus deadline:20 Jan 2026 recipient:"Permanent Mission of Argentina, Geneva"');
    await h.stopBot();
    // Down from 15 Jan to 5 Feb 10:00Z: the letter's deadline passed; the review's 8w came due at 08:00Z.
    await h.restartBot({ now: new Date('2026-02-05T10:00:00Z') });
    const msg = await h.control.waitForMessage('advocacy', (m) => m.content.includes('Review of Belarus'), { timeoutMs: 5000 });
    expect(msg.content).toContain('Posted late');
    const rows = await h.db.reminder.findMany({ orderBy: { dueAt: 'asc' } });
    const letters = rows.filter((r) => r.kind === 'letter');
    expect(letters.map((r) => `${r.leadKey} ${r.status}`)).toEqual(['1d skipped', '0d skipped']); // 1w was already past when the letter was added
    expect(letters[0]!.lastError).toBe('the event had already passed when the bot could post it');
    expect(rows.find((r) => r.kind === 'review' && r.leadKey === '8w')).toMatchObject({ status: 'posted', late: true });
    expect((await h.control.messages('advocacy')).filter((m) => m.content.includes('Letter'))).toEqual([]);
  }, 60_000);

  it('5xx retried without a doubled post; 403 recorded as failed and shown by /reminders list and test', async () => {
    h = await startHarness({
      now: new Date('2026-01-15T10:00:00Z'),
      sandbox: { limits: { rateLimits: false }, world: { channels: [{ name: 'locked', botCanPost: false }] } },
    });
    await ok(h, '/settings channel channel:advocacy');
    await ok(h, '/upr add state:Belarus date:2 Apr 2026');
    await ok(h, '/upr add state:Chile date:2 Apr 2026 channel:locked');

    // More 503s than discord.js retries on its own: the scheduler retries after 5 s.
    const advocacy = (await h.control.world()).guilds[0]!.channels.find((c) => c.name === 'advocacy')!.id;
    await h.control.fault({ route: `POST /channels/${advocacy}/messages`, status: 503, times: 4 });
    await h.control.clock({ now: '2026-02-05T08:00:00Z' });
    const belarus = await reviewId(h, 'BLR');
    const chile = await reviewId(h, 'CHL');
    const row = async (id: number) => h!.db.reminder.findFirstOrThrow({ where: { reviewId: id, leadKey: '8w' } });
    expect(await row(belarus)).toMatchObject({ status: 'pending', attempts: 1 });
    await h.control.clock({ advance: 'PT6S' });
    const msg = await h.control.waitForMessage('advocacy', (m) => m.content.includes('Review of Belarus'), { timeoutMs: 5000 });
    expect((await h.control.messages('advocacy')).filter((m) => m.nonce === msg.nonce)).toHaveLength(1);
    expect(await row(belarus)).toMatchObject({ status: 'posted', messageId: msg.id });

    const failed = await row(chile);
    expect(failed.status).toBe('failed');
    expect(failed.lastError).toContain('Missing Permissions');
    const lockedPosts = (await h.control.requests('POST /channels/*/messages')).filter((r) => r.code === 50013);
    expect(lockedPosts).toHaveLength(1); // not retried

    const list = await h.control.run('/reminders list');
    expect(JSON.stringify(list.embeds)).toContain('Missing Permissions');
    await ok(h, '/settings channel channel:locked');
    const test = await h.control.run('/reminders test');
    expect(test.content).toContain('could not be posted');
    expect(test.content).toContain('Missing Permissions');
  }, 60_000);
});
