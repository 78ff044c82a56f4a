// /settings end to end, subcommand by subcommand: the real bot and discord.js client against the
// sandbox, on a real database of the engine under test. Success replies, every error path of
// SettingsService (time zones, lead times), permission refusal (the command is hidden from
// members without Manage Server), guild isolation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/bot-harness';
import { channelId, expectDiscordRefuses, expectRefused, letBotMentionEveryone, NO_ROLE_REFUSAL, roleId, snapshot, text, unix, unixOf } from '../helpers/command-checks';

const ZURICH = 'Europe/Zurich';
const BA = 'America/Argentina/Buenos_Aires';
const NOW = new Date('2025-09-01T08:00:00Z');
const OTHER = 'Other';
let h: Harness;
let guildId = '';
const rev = { B: 0, L: 0, B51: 0 };
let letterId = 0;
type Embed = { title: string; description: string };
const embed = (r: { embeds: unknown[] }): Embed => r.embeds[0] as Embed;
const lines = (r: { embeds: unknown[] }): string[] => embed(r).description.split('\n');
/** The settings line for a zone; "now" is the bot clock, which runs on from NOW. */
function zoneLine(zone: string): RegExp {
  const escaped = zone.replace(/[()/]/g, '\\$&');
  return new RegExp(`^\\*\\*Time zone:\\*\\* ${escaped} — now <t:\\d+:t> your time; typed dates are read in this zone$`);
}
function expectNowShown(line: string): void {
  const t = Number(/<t:(\d+):t>/.exec(line)![1]);
  expect(t).toBeGreaterThanOrEqual(unixOf(NOW));
  expect(t).toBeLessThan(unixOf(NOW) + 120);
}
const settingsRow = () => h.db.guildSettings.findUnique({ where: { guildId } });

beforeAll(async () => {
  h = await startHarness({ now: NOW, scheduler: false, sandbox: { world: { channels: [{ name: 'voice', type: 2 }] } } });
  guildId = (await h.control.world()).guilds[0]!.id;
  for (const cmd of ['/upr add state:Belarus date:3 Nov 2025', '/upr add state:Libya date:4 Nov 2025 time:14:30']) {
    expect((await h.control.run(cmd)).content).toContain('Added');
  }
  rev.B = (await h.db.review.findFirstOrThrow({ where: { stateCode: 'BLR' } })).id;
  rev.L = (await h.db.review.findFirstOrThrow({ where: { stateCode: 'LBY' } })).id;
  expect((await h.control.run(`/letter add to:Argentina review:#${rev.B} deadline:30 Sep 2025`)).content).toContain('Planned letter');
  letterId = (await h.db.letter.findFirstOrThrow()).id;
}, 60_000);
afterAll(async () => h?.stop());

describe('/settings show', () => {
  it("shows the server's settings ephemerally, defaults marked", async () => {
    const r = await h.control.run('/settings show');
    expect(r.ephemeral).toBe(true);
    expect(embed(r).title).toBe('Settings');
    expect(lines(r)).toEqual(expect.arrayContaining([
      '**Reminder channel:** not set (`/settings channel`)',
      expect.stringMatching(zoneLine('Europe/Zurich (default)')),
      '**Coordinator role:** none (only Manage Server can change things)',
      '**Role pinged by reminders:** none',
      '**Lead times:** reviews 8w,2w,1d (default); letters 1w,1d,0d (default)',
      '**Reminders:** active',
    ]));
    expectNowShown(lines(r)[1]!);
    expect(await settingsRow()).toBeNull();
  });
});

describe('/settings channel', () => {
  it('sets the reminder channel', async () => {
    const general = await channelId(h, 'general');
    const r = await h.control.run('/settings channel channel:#general');
    expect(r.ephemeral).toBe(false);
    expect(embed(r).title).toBe('Reminder channel set');
    expect(lines(r)[0]).toBe(`**Reminder channel:** <#${general}>`);
    expect((await settingsRow())!.reminderChannelId).toBe(general);
    const advocacy = await channelId(h, 'advocacy');
    expect(lines(await h.control.run('/settings channel channel:advocacy'))[0]).toBe(`**Reminder channel:** <#${advocacy}>`);
  });

  it('lets Discord refuse a channel that is not a text channel, or none', async () => {
    await expectDiscordRefuses(h, '/settings channel channel:#voice', 400);
    await expectDiscordRefuses(h, '/settings channel channel:#nowhere', 404);
    await expectDiscordRefuses(h, '/settings channel', 400);
  });
});

describe('/settings timezone', () => {
  it('autocompletes zones from what is typed', async () => {
    const ac = await h.control.autocomplete('/settings timezone zone:buenos', { focused: 'zone' });
    expect(ac.choices[0]).toEqual({ name: BA, value: BA });
    const empty = await h.control.autocomplete('/settings timezone zone:', { focused: 'zone' });
    expect(empty.choices.map((c) => c.value)).toContain('Europe/Zurich');
  });

  it('sets the zone; reviews and letters without a time move to 09:00 of the same day there, timed ones stay', async () => {
    const libyaBefore = (await h.db.review.findUniqueOrThrow({ where: { id: rev.L } })).reviewAt!;
    expect(unixOf((await h.db.review.findUniqueOrThrow({ where: { id: rev.B } })).reviewAt!)).toBe(unix('2025-11-03T09:00', ZURICH));
    const r = await h.control.run(`/settings timezone zone:${BA}`);
    expect(embed(r).title).toBe('Time zone set');
    expect(lines(r)[1]).toMatch(zoneLine(BA));
    expectNowShown(lines(r)[1]!);
    expect((await settingsRow())!.timezone).toBe(BA);
    const belarus = unix('2025-11-03T09:00', BA);
    expect(unixOf((await h.db.review.findUniqueOrThrow({ where: { id: rev.B } })).reviewAt!)).toBe(belarus);
    expect((await h.db.review.findUniqueOrThrow({ where: { id: rev.L } })).reviewAt).toEqual(libyaBefore);
    expect(unixOf((await h.db.letter.findUniqueOrThrow({ where: { id: letterId } })).deadlineAt)).toBe(unix('2025-09-30T09:00', BA));
    // Replies show the new instants; reminders follow them.
    expect(text(await h.control.run(`/upr show review:#${rev.B}`))).toContain(`**When:** <t:${belarus}:D>`);
    const reminder = await h.db.reminder.findFirstOrThrow({ where: { reviewId: rev.B, kind: 'review', status: 'pending' } });
    expect(unixOf(reminder.eventAt)).toBe(belarus);
    // Typed dates are now read in Buenos Aires.
    const added = await h.control.run('/upr add state:Liberia date:3 Nov 2025');
    expect(added.content).toContain(`<t:${unix('2025-11-03T09:00', BA)}:D>`);
    await h.control.run('/upr remove review:Liberia');
  });

  it('accepts a city or a lower-case name for a zone, and moving back restores the instants', async () => {
    const r = await h.control.run('/settings timezone zone:zurich');
    expect(lines(r)[1]).toContain('**Time zone:** Europe/Zurich —');
    expect(unixOf((await h.db.review.findUniqueOrThrow({ where: { id: rev.B } })).reviewAt!)).toBe(unix('2025-11-03T09:00', ZURICH));
    expect(lines(await h.control.run('/settings timezone zone:europe/vilnius'))[1]).toContain('**Time zone:** Europe/Vilnius —');
    expect(lines(await h.control.run('/settings timezone zone:Europe/Zurich'))[1]).toContain('**Time zone:** Europe/Zurich —');
    expect(unixOf((await h.db.letter.findUniqueOrThrow({ where: { id: letterId } })).deadlineAt)).toBe(unix('2025-09-30T09:00', ZURICH));
  });

  it('refuses a wrong zone with suggestions, ephemerally, moving nothing', async () => {
    await expectRefused(h, '/settings timezone zone:Mars/Olympus', '"Mars/Olympus" is not a time zone. Use an IANA name such as Europe/Zurich or America/Argentina/Buenos_Aires.');
    await expectRefused(h, '/settings timezone zone:Buenos', '"Buenos" is not a time zone. Did you mean: America/Argentina/Buenos_Aires, America/Buenos_Aires?');
    await expectRefused(h, '/settings timezone zone:Europe/Zurch', '"Europe/Zurch" is not a time zone.');
    await expectRefused(h, '/settings timezone zone:GMT+25', '"GMT+25" is not a time zone.');
    await expectDiscordRefuses(h, `/settings timezone zone:${'x'.repeat(65)}`, 400);
  });
});

describe('/settings coordinator-role and ping-role', () => {
  it('sets and removes the coordinator role', async () => {
    const coordinator = await roleId(h, 'coordinator');
    const r = await h.control.run('/settings coordinator-role role:coordinator');
    expect(embed(r).title).toBe('Coordinator role set');
    expect(lines(r)[2]).toBe(`**Coordinator role:** <@&${coordinator}>`);
    expect((await settingsRow())!.coordinatorRoleId).toBe(coordinator);
    // The refusal a member gets now names the role.
    const refused = await h.control.run('/upr add state:Chile date:2026-01-20', { user: 'member' });
    expect(refused.content).toBe(`You need the **Manage Server** permission or the <@&${coordinator}> role to change things here.`);
    const removed = await h.control.run('/settings coordinator-role');
    expect(embed(removed).title).toBe('Coordinator role removed');
    expect(lines(removed)[2]).toBe('**Coordinator role:** none (only Manage Server can change things)');
    expect((await settingsRow())!.coordinatorRoleId).toBeNull();
  });

  it('refuses @everyone and managed roles as coordinator or ping role, privately, changing nothing', async () => {
    const world = await h.control.world();
    const botRole = world.guilds[0]!.roles.find((r) => r.managed)!;
    await expectRefused(h, `/settings coordinator-role role:${guildId}`, 'The @\u200beveryone role cannot be the coordinator role: every member has it, so anyone could change everything. Pick a role you give to your coordinators.');
    await expectRefused(h, `/settings ping-role role:${guildId}`, 'The @\u200beveryone role cannot be the ping role: every reminder would notify the whole server.');
    await expectRefused(h, `/settings coordinator-role role:${botRole.id}`, `**${botRole.name}** is managed by a bot or an integration: it cannot be given to people by hand.`);
    await expectRefused(h, `/settings ping-role role:${botRole.id}`, `**${botRole.name}** is managed by a bot or an integration`);
  });

  it('refuses a ping role whose mention would notify nobody, saying how to fix it', async () => {
    const advocacy = await channelId(h, 'advocacy');
    await h.control.run('/settings channel channel:#advocacy');
    const r = await expectRefused(h, '/settings ping-role role:@coordinator', `Reminders could not notify **coordinator**: the role is not mentionable and the bot does not have **Mention Everyone** in <#${advocacy}>.`);
    expect(r.content).toContain('turn on "Allow anyone to @mention this role"');
  });

  it('sets and removes the role reminders ping once its mention notifies', async () => {
    await letBotMentionEveryone(h);
    const coordinator = await roleId(h, 'coordinator');
    const r = await h.control.run('/settings ping-role role:@coordinator');
    expect(embed(r).title).toBe('Ping role set');
    expect(lines(r)[3]).toBe(`**Role pinged by reminders:** <@&${coordinator}>`);
    expect((await settingsRow())!.pingRoleId).toBe(coordinator);
    const removed = await h.control.run('/settings ping-role');
    expect(embed(removed).title).toBe('Ping role removed');
    expect((await settingsRow())!.pingRoleId).toBeNull();
  });

  it('lets Discord refuse a role that does not exist', async () => {
    await expectDiscordRefuses(h, '/settings coordinator-role role:@nobody', 404);
    await expectDiscordRefuses(h, '/settings ping-role role:nobody', 404);
  });
});

describe('/settings lead-times', () => {
  it('sets lead times for reviews and re-plans their reminders', async () => {
    const r = await h.control.run('/settings lead-times for:reviews times:"1d, 6w, 4w"');
    expect(embed(r).title).toBe('Lead times set; reminders re-planned');
    expect(lines(r)[4]).toBe('**Lead times:** reviews 6w,4w,1d; letters 1w,1d,0d (default)');
    expect((await settingsRow())!.reviewLeadTimes).toBe('6w,4w,1d');
    const pending = await h.db.reminder.findMany({ where: { reviewId: rev.B, kind: 'review', status: 'pending' } });
    expect(pending.map((p) => p.leadKey).sort()).toEqual(['1d', '4w', '6w']);
    expect(unixOf(pending.find((p) => p.leadKey === '6w')!.dueAt)).toBe(unix('2025-09-22T09:00', ZURICH));
  });

  it('reads words, "on the day", removes duplicates of the same length, and "default" resets', async () => {
    const letters = await h.control.run('/settings lead-times for:letters times:"2 weeks and 1 day, on the day, 14d"');
    expect(lines(letters)[4]).toBe('**Lead times:** reviews 6w,4w,1d; letters 2w,1d,0d');
    const pending = await h.db.reminder.findMany({ where: { letterId, status: 'pending' } });
    expect(pending.map((p) => p.leadKey).sort()).toEqual(['0d', '1d', '2w']);
    const reset = await h.control.run('/settings lead-times for:reviews times:default');
    expect(lines(reset)[4]).toBe('**Lead times:** reviews 8w,2w,1d (default); letters 2w,1d,0d');
    expect((await settingsRow())!.reviewLeadTimes).toBeNull();
  });

  it('refuses bad lead times, ephemerally, re-planning nothing', async () => {
    const help = 'Lead times look like 8w,2w,1d (weeks w, days d, hours h; 0d = on the day), at most 10, each up to 52w.';
    await expectRefused(h, '/settings lead-times for:reviews times:8x', `"8x" is not a lead time. ${help}`);
    await expectRefused(h, '/settings lead-times for:reviews times:"8w, soon"', `"soon" is not a lead time. ${help}`);
    await expectRefused(h, '/settings lead-times for:reviews times:-1d', '"-1d" is not a lead time.');
    await expectRefused(h, '/settings lead-times for:letters times:53w', `53 weeks is too far ahead. ${help}`);
    await expectRefused(h, '/settings lead-times for:letters times:400d', '400 days is too far ahead.');
    await expectRefused(h, '/settings lead-times for:letters times:1d,2d,3d,4d,5d,6d,8d,9d,10d,11d,12d', `11 lead times are too many. ${help}`);
    await expectRefused(h, '/settings lead-times for:letters times:",,"', `No lead times given. ${help}`);
    await expectDiscordRefuses(h, '/settings lead-times for:weeks times:1d', 400);
    await expectDiscordRefuses(h, '/settings lead-times for:reviews', 400);
  });
});

describe('permissions', () => {
  it('shows /settings to everyone (no default member permissions) and checks access at run time', async () => {
    const definition = (await h.control.commands()).global.find((c) => (c as { name: string }).name === 'settings') as { default_member_permissions: string | null };
    expect(definition.default_member_permissions).toBeNull();
    expect((await h.control.run('/settings show', { user: 'member' })).ok).toBe(true);
    for (const cmd of ['/settings channel channel:#general', `/settings timezone zone:${BA}`, '/settings ping-role', '/settings lead-times for:reviews times:1d', '/settings digest day:Monday']) {
      await expectRefused(h, cmd, NO_ROLE_REFUSAL, { user: 'member' });
    }
    await expectRefused(h, '/settings coordinator-role role:coordinator', 'Only members with the **Manage Server** permission can do this.', { user: 'member' });
  });

  it('lets coordinators change every setting but the coordinator role itself, and use /reminders', async () => {
    await h.control.run('/settings coordinator-role role:coordinator');
    await h.control.addWorld({ memberRoles: [{ user: 'member', role: 'coordinator' }] });
    const asCoordinator = { user: 'member' };
    for (const cmd of ['/settings channel channel:#general', `/settings timezone zone:${ZURICH}`, '/settings lead-times for:reviews times:default', '/settings digest', '/reminders pause', '/reminders resume']) {
      const r = await h.control.run(cmd, asCoordinator);
      expect(r.ok && !r.ephemeral, `${cmd}: ${r.content}`).toBe(true);
    }
    expect((await h.control.run('/reminders list', asCoordinator)).ok).toBe(true);
    await expectRefused(h, '/settings coordinator-role', 'Only members with the **Manage Server** permission can do this.', asCoordinator);
    await h.control.addWorld({ memberRoles: [{ user: 'member', role: 'coordinator', remove: true }] });
    await h.control.run('/settings coordinator-role');
    // The guild's owner may, without any role.
    expect((await h.control.run('/settings show', { user: 'owner' })).ok).toBe(true);
  });
});

describe('guild isolation', () => {
  const asOther = { guild: OTHER, user: 'owner' };

  beforeAll(async () => {
    await h.control.addWorld({ guilds: [{ name: OTHER }] });
    await letBotMentionEveryone(h, OTHER);
  });

  it("another server starts from the defaults, whatever this one set", async () => {
    await h.control.run('/settings channel channel:#general');
    await h.control.run('/settings lead-times for:reviews times:3w');
    const r = await h.control.run('/settings show', asOther);
    expect(lines(r)).toEqual(expect.arrayContaining([
      '**Reminder channel:** not set (`/settings channel`)',
      expect.stringMatching(zoneLine('Europe/Zurich (default)')),
      '**Coordinator role:** none (only Manage Server can change things)',
      '**Role pinged by reminders:** none',
      '**Lead times:** reviews 8w,2w,1d (default); letters 1w,1d,0d (default)',
      '**Reminders:** active',
    ]));
  });

  it("changing the other server's settings leaves this server's settings, reviews, letters and reminders alone", async () => {
    const before = await snapshot(h.db);
    const mine = before.guildSettings.find((g) => (g as { guildId: string }).guildId === guildId);
    for (const cmd of [`/settings timezone zone:${BA}`, '/settings channel channel:#advocacy', '/settings lead-times for:reviews times:1w', '/settings lead-times for:letters times:2d', '/settings coordinator-role role:coordinator', '/settings ping-role role:coordinator']) {
      const r = await h.control.run(cmd, asOther);
      expect(r.ok && !r.ephemeral, cmd).toBe(true);
    }
    const after = await snapshot(h.db);
    expect(after.guildSettings.find((g) => (g as { guildId: string }).guildId === guildId)).toEqual(mine);
    expect(after.review).toEqual(before.review);
    expect(after.letter).toEqual(before.letter);
    expect(after.reminder).toEqual(before.reminder);
    // The other server's channel and role are its own.
    const other = after.guildSettings.find((g) => (g as { guildId: string }).guildId !== guildId) as { reminderChannelId: string; coordinatorRoleId: string; timezone: string };
    expect(other.reminderChannelId).toBe(await channelId(h, 'advocacy', OTHER));
    expect(other.reminderChannelId).not.toBe(await channelId(h, 'advocacy'));
    expect(other.coordinatorRoleId).toBe(await roleId(h, 'coordinator', OTHER));
    expect(other.timezone).toBe(BA);
    expect(lines(await h.control.run('/settings show'))[1]).toContain('**Time zone:** Europe/Zurich —');
  });

  it("lets Discord refuse this server's channel or role in the other one", async () => {
    await expectDiscordRefuses(h, `/settings channel channel:${await channelId(h, 'general')}`, 400, asOther);
    await expectDiscordRefuses(h, `/settings ping-role role:${await roleId(h, 'coordinator')}`, 404, asOther);
  });
});

describe('Discord rules', () => {
  it('never lets a reply mention anyone and sent nothing Discord would refuse', async () => {
    const all = await h.control.allMessages({ ephemeral: true });
    expect(all.length).toBeGreaterThan(20);
    for (const m of all) expect(m.allowedMentions, m.content).toEqual({ parse: [] });
    expect(await h.control.violations()).toEqual([]);
  });
});
