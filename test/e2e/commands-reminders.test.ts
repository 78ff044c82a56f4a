// /reminders end to end, subcommand by subcommand: the real bot and discord.js client against the
// sandbox, on a real database of the engine under test. What will be posted (when, where, what
// is wrong), a test post in the reminder channel (and when it cannot be posted), pause / resume,
// permission refusal (hidden from members without Manage Server), guild isolation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_CHANNEL } from '../../src/reminders/prepare';
import { startHarness, type Harness } from '../helpers/bot-harness';
import { channelId, expectRefused, NO_ROLE_REFUSAL, snapshot, text, unix } from '../helpers/command-checks';

const ZURICH = 'Europe/Zurich';
const NOW = new Date('2025-09-01T08:00:00Z');
const OTHER = 'Other';
let h: Harness;
let guildId = '';
const rev = { B: 0, L: 0, B51: 0 };
type Embed = { title: string; description: string };
const embed = (r: { embeds: unknown[] }): Embed => r.embeds[0] as Embed;
/** Allowed mentions that can ping no one (test posts list roles: [] explicitly, as reminders do). */
function expectNoMentions(allowed: unknown, what?: string): void {
  const a = allowed as { parse?: string[]; roles?: string[]; users?: string[]; replied_user?: boolean };
  expect(a, what).toBeTruthy();
  expect(a.parse, what).toEqual([]);
  expect(a.roles ?? [], what).toEqual([]);
  expect(a.users ?? [], what).toEqual([]);
  expect(a.replied_user ?? false, what).toBe(false);
}
const settingsRow = () => h.db.guildSettings.findUnique({ where: { guildId } });

beforeAll(async () => {
  h = await startHarness({ now: NOW, scheduler: false, sandbox: { world: { channels: [{ name: 'locked', botCanPost: false }, { name: 'hidden', botCanView: false }] } } });
  guildId = (await h.control.world()).guilds[0]!.id;
}, 60_000);
afterAll(async () => h?.stop());

describe('/reminders list', () => {
  it('says when nothing is planned', async () => {
    const r = await h.control.run('/reminders list');
    expect(r.ephemeral).toBe(true);
    expect(r.content).toBe('No reminders planned. Add reviews (`/upr add`, `/upr import`) or letters (`/letter add`).');
  });

  it('lists what will be posted, soonest first, with Discord timestamps, and says no channel is set', async () => {
    await h.control.run('/upr add state:Belarus date:3 Nov 2025');
    rev.B = (await h.db.review.findFirstOrThrow({ where: { stateCode: 'BLR' } })).id;
    await h.control.run(`/letter add to:Argentina review:#${rev.B} deadline:30 Sep 2025 recipient:"Mission of Argentina"`);
    const r = await h.control.run('/reminders list');
    expect(r.ephemeral).toBe(true);
    expect(embed(r).title).toBe('Reminders');
    const lines = embed(r).description.split('\n');
    const pending = await h.db.reminder.count({ where: { guildId, status: 'pending' } });
    expect(lines).toHaveLength(Math.min(pending, 25));
    const review8w = unix('2025-09-08T09:00', ZURICH);
    expect(lines).toContain(`• <t:${review8w}:f> (<t:${review8w}:R>) Review of Belarus (WG 50), 8 weeks before → no channel set · pending — ⚠️ ${NO_CHANNEL}`);
    const letter1w = unix('2025-09-23T09:00', ZURICH);
    expect(lines).toContain(`• <t:${letter1w}:f> (<t:${letter1w}:R>) Letter to Argentina (Mission of Argentina) about Belarus (WG 50), 1 week before → no channel set · pending — ⚠️ ${NO_CHANNEL}`);
    const dues = lines.map((l) => Number(/<t:(\d+):f>/.exec(l)![1]));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
  });

  it("shows the server's channel, or the item's own, once set", async () => {
    await h.control.run('/settings channel channel:#advocacy');
    await h.control.run(`/letter edit letter:Argentina channel:#general`);
    const lines = embed(await h.control.run('/reminders list')).description.split('\n');
    const advocacy = await channelId(h, 'advocacy');
    const general = await channelId(h, 'general');
    expect(lines.find((l) => l.includes('Review of Belarus (WG 50), 8 weeks before'))).toMatch(new RegExp(`→ <#${advocacy}> · pending$`));
    expect(lines.find((l) => l.includes('Letter to Argentina'))).toMatch(new RegExp(`→ <#${general}> · pending$`));
    expect(lines.join('\n')).not.toContain(NO_CHANNEL);
  });

  it('follows the lead times set for the server', async () => {
    await h.control.run('/settings lead-times for:reviews times:3w');
    const lines = embed(await h.control.run('/reminders list')).description.split('\n');
    const at = unix('2025-10-13T09:00', ZURICH);
    expect(lines).toContain(`• <t:${at}:f> (<t:${at}:R>) Review of Belarus (WG 50), 3 weeks before → <#${await channelId(h, 'advocacy')}> · pending`);
    expect(lines.some((l) => l.includes('Review of Belarus (WG 50), 8 weeks before'))).toBe(false);
  });
});

describe('/reminders test', () => {
  it('posts a test message in the reminder channel and says so', async () => {
    const advocacy = await channelId(h, 'advocacy');
    const before = await snapshot(h.db);
    const posted = (await h.control.messages('advocacy')).length;
    const r = await h.control.run('/reminders test');
    expect(r.ephemeral).toBe(true);
    expect(r.content).toBe(`✅ Test reminder posted in <#${advocacy}>.`);
    const messages = await h.control.messages('advocacy');
    expect(messages).toHaveLength(posted + 1);
    const test = messages[messages.length - 1]!;
    expect(test.via).toBe('channel');
    expect(test.content).toMatch(/^✅ Test message from the UPR reminders bot \(<t:\d+:f>\): reminders for this server are posted in this channel\.$/);
    expectNoMentions(test.allowedMentions);
    expect(await snapshot(h.db)).toEqual(before);
  });

  it('says why a test cannot be posted: no channel, no permission to post, no access', async () => {
    const locked = await channelId(h, 'locked');
    const hidden = await channelId(h, 'hidden');
    // Without a channel: nothing posted.
    await h.db.guildSettings.update({ where: { guildId }, data: { reminderChannelId: null } });
    await expectRefused(h, '/reminders test', `❌ The test reminder could not be posted: ${NO_CHANNEL}`);
    await h.control.run('/settings channel channel:#locked');
    const noPost = await expectRefused(h, '/reminders test', `❌ The test reminder could not be posted in <#${locked}>: `);
    expect(noPost.content).toMatch(/permission/i);
    await h.control.addWorld({ channels: [{ name: 'hidden', botCanView: true }] });
    await h.control.run('/settings channel channel:#hidden');
    await h.control.addWorld({ channels: [{ name: 'hidden', botCanView: false }] });
    const noAccess = await expectRefused(h, '/reminders test', `❌ The test reminder could not be posted in <#${hidden}>: `);
    expect(noAccess.content).toMatch(/access|see|view/i);
    expect((await h.control.messages('locked')).length + (await h.control.messages('hidden')).length).toBe(0);
    await h.control.run('/settings channel channel:#advocacy');
  });
});

describe('/reminders pause and resume', () => {
  it('pauses and resumes the server, keeping every reminder', async () => {
    const before = (await snapshot(h.db)).reminder;
    const paused = await h.control.run('/reminders pause');
    expect(paused.ephemeral).toBe(false);
    expect(paused.content).toBe('Reminders paused. `/reminders resume` starts them again.');
    expect((await settingsRow())!.paused).toBe(true);
    expect(embed(await h.control.run('/reminders list')).title).toBe('Reminders (paused)');
    expect(text(await h.control.run('/settings show'))).toContain('**Reminders:** paused (`/reminders resume`)');
    const resumed = await h.control.run('/reminders resume');
    expect(resumed.content).toBe('Reminders resumed.');
    expect((await settingsRow())!.paused).toBe(false);
    expect(embed(await h.control.run('/reminders list')).title).toBe('Reminders');
    expect((await snapshot(h.db)).reminder).toEqual(before);
  });

  it('a test post works while paused', async () => {
    await h.control.run('/reminders pause');
    expect((await h.control.run('/reminders test')).content).toContain('✅ Test reminder posted');
    await h.control.run('/reminders resume');
  });
});

describe('permissions', () => {
  it('shows /reminders to everyone: members may list, only Manage Server or coordinators change anything', async () => {
    const definition = (await h.control.commands()).global.find((c) => (c as { name: string }).name === 'reminders') as { default_member_permissions: string | null };
    expect(definition.default_member_permissions).toBeNull();
    expect((await h.control.run('/reminders list', { user: 'member' })).ok).toBe(true);
    for (const cmd of ['/reminders test', '/reminders pause', '/reminders resume']) await expectRefused(h, cmd, NO_ROLE_REFUSAL, { user: 'member' });
    await h.control.run('/settings coordinator-role role:coordinator');
    await h.control.addWorld({ memberRoles: [{ user: 'member', role: 'coordinator' }] });
    expect((await h.control.run('/reminders pause', { user: 'member' })).content).toContain('Reminders paused');
    expect((await settingsRow())!.paused).toBe(true);
    expect((await h.control.run('/reminders resume', { user: 'member' })).content).toContain('Reminders resumed');
    await h.control.addWorld({ memberRoles: [{ user: 'member', role: 'coordinator', remove: true }] });
    await h.control.run('/settings coordinator-role');
    // The guild's owner may, without any role.
    expect((await h.control.run('/reminders list', { user: 'owner' })).ok).toBe(true);
  });
});

describe('guild isolation', () => {
  const asOther = { guild: OTHER, user: 'owner' };

  beforeAll(async () => {
    await h.control.addWorld({ guilds: [{ name: OTHER }] });
  });

  it("another server lists none of these reminders and cannot post a test in this server's channel", async () => {
    const list = await h.control.run('/reminders list', asOther);
    expect(list.content).toBe('No reminders planned. Add reviews (`/upr add`, `/upr import`) or letters (`/letter add`).');
    const posted = (await h.control.messages('advocacy')).length;
    const test = await h.control.run('/reminders test', asOther);
    expect(test.content).toBe(`❌ The test reminder could not be posted: ${NO_CHANNEL}`);
    expect(await h.control.messages('advocacy')).toHaveLength(posted);
  });

  it("pausing the other server leaves this one running, and the other server's reminders stay its own", async () => {
    await h.control.run('/reminders pause', asOther);
    expect((await settingsRow())!.paused).toBe(false);
    expect(embed(await h.control.run('/reminders list')).title).toBe('Reminders');
    await h.control.run('/upr add state:Libya date:4 Nov 2025', asOther);
    const theirs = await h.control.run('/reminders list', asOther);
    expect(embed(theirs).title).toBe('Reminders (paused)');
    expect(embed(theirs).description).toContain('Review of Libya (WG 50)');
    expect(embed(theirs).description).not.toContain('Belarus');
    expect(embed(await h.control.run('/reminders list')).description).not.toContain('Libya');
    await h.control.run('/reminders resume', asOther);
    // The other server's test goes to its own channel.
    await h.control.run('/settings channel channel:#advocacy', asOther);
    const ok = await h.control.run('/reminders test', asOther);
    expect(ok.content).toBe(`✅ Test reminder posted in <#${await channelId(h, 'advocacy', OTHER)}>.`);
    const posts = (await h.control.messages('advocacy', { guild: OTHER })).filter((m) => m.via === 'channel');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.content).toContain('Test message from the UPR reminders bot');
    expect((await h.control.messages('advocacy')).filter((m) => m.via === 'channel' && m.id === posts[0]!.id)).toEqual([]);
  });
});

describe('Discord rules', () => {
  it('never lets a reply or post mention anyone and sent nothing Discord would refuse', async () => {
    const all = await h.control.allMessages({ ephemeral: true });
    expect(all.length).toBeGreaterThan(15);
    for (const m of all) expectNoMentions(m.allowedMentions, m.content);
    expect(await h.control.violations()).toEqual([]);
  });
});
