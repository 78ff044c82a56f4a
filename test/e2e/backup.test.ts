// Backup, restore, leaving and deleting end to end: the real bot and discord.js client against
// the sandbox, with its scheduler posting reminders as the sandbox clock moves.
import { afterEach, describe, expect, it } from 'vitest';
import type { Client } from 'discord.js';
import { guildCreateObject } from '../../src/sandbox/discord-objects';
import { startHarness, type Harness } from '../helpers/bot-harness';
import { guildDump } from '../helpers/guild-dump';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const SECOND = 'Second Server';

async function ok(command: string, opts: Parameters<Harness['control']['run']>[1] = {}) {
  const r = await h!.control.run(command, opts);
  expect(r.ok, `${command}: ${r.error ?? ''}`).toBe(true);
  // Backups hold a whole server's data: what /backup says is for the admin who asked only.
  expect(r.ephemeral, `${command}: ${r.content ?? ''}`).toBe(command.startsWith('/backup'));
  return r;
}

/** Waits (with a deadline) until no reminder of the server is due and still waiting to be posted. */
async function settled(guildId: string) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const now = h!.bot.app.clock.now();
    const waiting = await h!.db.reminder.count({ where: { guildId, status: { in: ['pending', 'claimed'] }, runAt: { lte: now } } });
    if (!waiting) return;
    if (Date.now() > deadline) throw new Error(`${waiting} due reminders of ${guildId} still waiting`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function until(what: string, check: () => Promise<boolean>) {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const botMessages = async (guild: string) => (await h!.control.messages('advocacy', { guild })).filter((m) => m.via === 'channel');

describe('backup and restore with the real bot', () => {
  it('moves a server: export, restore elsewhere, delete here; equal data, and every reminder posted once across the two', async () => {
    h = await startHarness({ now: new Date('2025-09-01T08:00:00Z') });
    await h.control.addWorld({ guilds: [{ name: SECOND }] });
    const world = await h.control.world();
    const FIRST = 'UPR Advocacy';
    const [first, second] = [world.guilds.find((g) => g.name === FIRST)!.id, world.guilds.find((g) => g.name === SECOND)!.id];
    const inSecond = { guild: SECOND, user: 'owner' };

    await ok('/settings channel channel:advocacy');
    await ok('/settings timezone zone:America/Argentina/Buenos_Aires');
    await ok('/upr add state:Belarus date:3 Nov 2025');
    await ok('/letter add to:Argentina review:Belarus 50 deadline:10 Sep 2025 recipient:"Permanent Mission of Argentina, Geneva" ask:"Recommend the release of Ales Bialiatski and all political prisoners"');
    await ok('/letter add to:Chile review:Belarus 50 deadline:1 Oct 2025');
    for (const state of ['Lithuania', 'Poland', 'Czech Republic']) {
      await ok(`/intervention add review:Belarus 50 state:"${state}" recommendation:"Release Ales Bialiatski and all political prisoners" themes:"political prisoners"`);
    }

    // Some reminders come due and are posted in the first server.
    await h.control.clock({ now: '2025-09-09T12:00:00Z' });
    await settled(first);
    const postedFirst = (await guildDump(h.db, first)).reminders.filter((r) => r.status === 'posted');
    expect(postedFirst.length).toBeGreaterThan(1);
    expect(await botMessages(FIRST)).toHaveLength(postedFirst.length);

    const exported = await h.control.run('/backup export');
    expect(exported.ephemeral).toBe(true);
    const file = exported.message?.attachments[0] ?? exported.followUps[0]?.attachments[0];
    expect(file?.filename).toMatch(/^upr-backup-\d+-20250909\.jsonl\.gz$/);
    const bytes = Buffer.from(await (await fetch(file!.url)).arrayBuffer());

    const restored = await ok('/backup import', { ...inSecond, attachments: { file: { filename: file!.filename, contentType: 'application/gzip', base64: bytes.toString('base64') } } });
    expect(restored.content).toContain('Restored **');
    expect(restored.content).toContain('channels and roles were left out');
    const source = await guildDump(h.db, first, { withoutDiscordIds: true });
    expect(await guildDump(h.db, second, { skipActions: ['/backup import'] })).toEqual(source);

    // The organisation has moved: the first server's data goes (after the confirmation button).
    const ask = await h.control.run('/settings delete-data');
    expect(ask.ephemeral).toBe(true);
    const button = (ask.components[0] as { components: Array<{ custom_id: string }> }).components[0]!;
    const done = await h.control.click(ask.messageId!, button.custom_id);
    expect(done.content ?? done.message?.content).toMatch(/^Deleted: 1 review, 2 letters, 3 interventions, 1 recommendation, \d+ reminders, \d+ audit entries and the settings\./);
    expect(await guildDump(h.db, first)).toEqual({ settings: null, reviews: [], letters: [], interventions: [], recommendations: [], reminders: [], audit: [] });

    // The second server names its channel; the rest of the reminders come due there.
    await ok('/settings channel channel:advocacy', inSecond);
    // The clock walks through each due instant until after the review, as days pass.
    const due = await h.db.reminder.findMany({ where: { guildId: second, status: 'pending', dueAt: { lte: new Date('2025-11-04T12:00:00Z') } }, orderBy: { dueAt: 'asc' } });
    expect(due.length).toBeGreaterThan(3);
    for (const r of due) {
      await h.control.clock({ now: new Date(r.dueAt.getTime() + 60_000).toISOString() });
      await settled(second);
    }
    const after = (await guildDump(h.db, second)).reminders;
    const newlyPosted = after.filter((r) => r.status === 'posted' && !postedFirst.some((p) => p.messageId === r.messageId));
    expect(newlyPosted.length).toBeGreaterThan(1);
    // Nothing posted in the first server was posted again in the second, and each post is one message.
    const key = (r: Record<string, unknown>) => `${String(r.itemKey)} ${String(r.leadKey)}`;
    expect(newlyPosted.map(key).filter((k) => postedFirst.map(key).includes(k))).toEqual([]);
    expect(new Set(after.filter((r) => r.status === 'posted').map(key)).size).toBe(after.filter((r) => r.status === 'posted').length);
    expect(await botMessages(SECOND)).toHaveLength(newlyPosted.length);
    expect(await botMessages(FIRST)).toHaveLength(postedFirst.length);
  });

  it('refuses a bad file privately and changes nothing; a server with data asks before replacing', async () => {
    h = await startHarness({ now: new Date('2025-09-01T08:00:00Z'), scheduler: false });
    await ok('/upr add state:Belarus date:3 Nov 2025');
    const before = await guildDump(h.db, (await h.control.world()).guilds[0]!.id);
    const bad = await h.control.run('/backup import', { attachments: { file: { filename: 'recommendations.csv', contentType: 'text/csv', content: 'To,Text,From\nBelarus,Release,Lithuania\n' } } });
    expect(bad.ephemeral).toBe(true);
    expect(bad.content).toMatch(/^This file cannot be restored: .*Nothing was changed\.$/);

    const exported = await h.control.run('/backup export');
    const file = exported.message?.attachments[0] ?? exported.followUps[0]?.attachments[0];
    const bytes = Buffer.from(await (await fetch(file!.url)).arrayBuffer());
    const attachments = { file: { filename: file!.filename, base64: bytes.toString('base64') } };
    const refused = await h.control.run('/backup import', { attachments });
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toMatch(/already has data \(1 review, \d+ reminders and 1 audit entry\)\. Run the import again with replace:True/);
    const guildId = (await h.control.world()).guilds[0]!.id;
    expect(await guildDump(h.db, guildId)).toEqual(before);

    const ask = await ok('/backup import replace:True', { attachments });
    const [replace, cancel] = (ask.components[0] as { components: Array<{ custom_id: string }> }).components;
    expect(cancel!.custom_id).toMatch(/^backup:cancel:/);
    const replaced = await h.control.click(ask.messageId!, replace!.custom_id);
    expect(replaced.content ?? replaced.message?.content).toContain('It replaced what was here: 1 review');
    // Same server: its channels and roles stay; the data is as exported.
    expect(await guildDump(h.db, guildId, { skipActions: ['/backup import'] })).toEqual(before);
  });
});

describe('leaving a server', () => {
  it('an outage keeps everything running; a removal pauses and keeps the data; coming back resumes', async () => {
    h = await startHarness({ now: new Date('2025-09-01T08:00:00Z'), scheduler: false });
    await ok('/settings channel channel:advocacy');
    await ok('/upr add state:Belarus date:3 Nov 2025');
    const world = await h.control.world();
    const guildId = world.guilds[0]!.id;
    const before = await guildDump(h.db, guildId);
    // What the gateway sends, handed to the real client's packet handler.
    const client: Client = h.bot.app.client;
    const ws = client.ws as unknown as { handlePacket(p: unknown, shard: unknown): void };
    const packet = (t: string, d: unknown) => ws.handlePacket({ t, d }, { id: 0 });

    packet('GUILD_DELETE', { id: guildId, unavailable: true });
    packet('GUILD_CREATE', guildCreateObject(h.sandbox.world, h.sandbox.world.guild(), { presences: false, largeThreshold: 50 })); // back from the outage
    await until('the guild to be available', async () => client.guilds.cache.get(guildId)?.available === true);
    expect(await h.db.guildDeparture.count()).toBe(0);

    packet('GUILD_DELETE', { id: guildId });
    await until('the departure to be recorded', async () => (await h!.db.guildDeparture.count()) === 1);
    const departure = await h.db.guildDeparture.findUniqueOrThrow({ where: { guildId } });
    // The sandbox clock runs on from where it was set.
    expect(departure.pausedByLeaving).toBe(true);
    expect(Math.abs(departure.leftAt.getTime() - Date.parse('2025-09-01T08:00:00Z'))).toBeLessThan(60_000);
    expect(departure.purgeAt.getTime() - departure.leftAt.getTime()).toBe(30 * 24 * 3_600_000);
    expect((await h.db.guildSettings.findUniqueOrThrow({ where: { guildId } })).paused).toBe(true);

    await h.control.clock({ now: '2025-09-20T08:00:00Z' });
    packet('GUILD_CREATE', guildCreateObject(h.sandbox.world, h.sandbox.world.guild(), { presences: false, largeThreshold: 50 }));
    await until('the departure to be cleared', async () => (await h!.db.guildDeparture.count()) === 0);
    expect(await guildDump(h.db, guildId)).toEqual(before);
  });
});
