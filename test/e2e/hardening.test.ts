// What a careless or hostile user can type, end to end through the real discord.js client and
// the sandbox: user markup shown as typed (in replies, lists, embeds and reminder posts), line
// breaks refused in one-line fields, impossible dates refused and unusual ones stored with a
// warning, time zones canonicalised, and a ping role that would notify nobody left out of posts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/bot-harness';
import { expectRefused, letBotMentionEveryone, roleId, text } from '../helpers/command-checks';

const NOW = new Date('2025-12-01T08:00:00Z');
let h: Harness;
let guildId = '';

/** Markup Discord would render: an unescaped masked link, a clickable URL, a heading or quote at a line start. */
/** Markup rendered from user text; the bot's own marker line (subtext "-# ref <nonce>") is layout. */
function rendersMarkup(text: string): string[] {
  const s = text.replace(/^-# ref [\w-]+$/m, '');
  const found: string[] = [];
  if (/(?<!\\)\[[^\]\n]*(?<!\\)\]\(/.test(s)) found.push('masked link');
  if (/[a-z]+:\/\//i.test(s)) found.push('url');
  if (/^\s*(#{1,3} |> |-# )/m.test(s)) found.push('heading/quote');
  if (/[\u202A-\u202E\u2066-\u2069]|\u200B(?!everyone|here)/.test(s)) found.push('invisible');
  return found;
}

beforeAll(async () => {
  h = await startHarness({ now: NOW });
  guildId = (await h.control.world()).guilds[0]!.id;
  const set = await h.control.run('/settings channel channel:#advocacy');
  expect(set.ok, set.error).toBe(true);
}, 60_000);
afterAll(async () => h?.stop());

describe('user text inside the bot layout', () => {
  const hostile = '[click](http://evil.example) **loud**\n# Heading\n> quote\n- item \u202Egpj.exe\u200B';

  it('shows notes as typed in /upr show: no link, heading, quote or direction override; stores them without invisible characters', async () => {
    const add = await h.control.run(`/upr add state:Togo date:2026-01-22 notes:"${hostile}"`);
    expect(add.content, add.content ?? '').toContain('Added **Togo**');
    const stored = (await h.db.review.findFirstOrThrow({ where: { guildId, stateCode: 'TGO' } })).notes!;
    expect(stored).not.toMatch(/[\u202E\u200B]/);
    const show = await h.control.run('/upr show review:Togo');
    const t = text(show);
    expect(rendersMarkup(t)).toEqual([]);
    const description = (show.embeds[0] as { description: string }).description;
    expect(description).toContain('**Notes:** \\[click\\](http:\\/\\/evil.example) \\*\\*loud\\*\\*\n\\# Heading\n\\> quote\n\\- item gpj.exe');
  });

  it('refuses a line break in a one-line field (a letter recipient), changing nothing', async () => {
    await expectRefused(h, '/letter add to:Argentina review:Togo deadline:2026-01-10 recipient:"Permanent Mission\nof Argentina"', 'The recipient must be on one line: it contains a line break.');
  });

  it('shows a recipient as typed in /letter list and in the reminder post', async () => {
    const r = await h.control.run('/letter add to:Argentina review:Togo deadline:2025-12-10 recipient:"[Mission](https://evil.example/x) <@&123> @everyone"');
    expect(r.content).toContain('Planned letter');
    const list = await h.control.run('/letter list');
    expect(rendersMarkup(text(list))).toEqual([]);
    expect(JSON.stringify(list.embeds)).toContain('(\\\\[Mission\\\\](https:\\\\/\\\\/evil.example/x) \\\\<@&123> @\u200beveryone)');
    // The letter's 1-week reminder (2025-12-03 09:00 Zurich) posts the recipient escaped too.
    await h.control.clock({ now: '2025-12-03T08:00:01Z' });
    const post = await h.control.waitForMessage('advocacy', (m) => m.content.includes('Letter to Argentina'), { timeoutMs: 10_000 });
    expect(rendersMarkup(post.content)).toEqual([]);
    expect(post.content).toContain('(\\[Mission\\](https:\\/\\/evil.example/x) \\<@&123> @\u200beveryone)');
    expect(post.allowedMentions).toEqual({ parse: [], roles: [] });
  });
});

describe('dates that cannot be right, and dates that are only unusual', () => {
  it('refuses a review day far outside its WG session, or a session that meets in another year', async () => {
    await expectRefused(h, '/upr add state:Togo date:1990-01-01 session:54', /^WG session 54 meets 1 Jan 2027 – 28 Feb 2027, projected; 1 Jan 1990 is \d+ days outside it\./);
    await expectRefused(h, '/upr add state:Chile date:2027-01-20 session:99', 'WG session 99 meets around 2042, not on 20 Jan 2027. Check the session number, or leave it out to find it from the date.');
  });

  it('stores a review a few days outside its session with a warning', async () => {
    const r = await h.control.run('/upr add state:Chile date:2026-02-06 session:51');
    expect(r.ephemeral).toBe(false);
    expect(r.content).toContain('Added **Chile** — WG 51');
    expect(r.content).toContain("⚠️ 6 Feb 2026 is outside WG session 51's dates (19 Jan 2026 – 30 Jan 2026); stored as given");
  });

  it('refuses a time with seconds instead of dropping them', async () => {
    await expectRefused(h, '/upr add state:Ghana date:2026-01-21 time:10:00:99', '"10:00:99" has seconds: give hours and minutes only, such as 10:00.');
    await expectRefused(h, '/upr edit review:Togo time:10:00:30', '"10:00:30" has seconds');
  });

  it('warns about a letter deadline after the review, refuses a letter sent decades before it', async () => {
    const after = await h.control.run('/letter add to:Brazil review:Togo deadline:2026-02-15');
    expect(after.content).toContain('Planned letter');
    expect(after.content).toContain("⚠️ The letter's deadline (15 Feb 2026) is after the review (22 Jan 2026): stored as given");
    expect(await h.db.letter.count({ where: { guildId, stateCode: 'BRA' } })).toBe(1);
    await expectRefused(h, '/letter add to:Chile review:Togo deadline:1995-03-01 sent:1995-03-01', "The letter's deadline 1 Mar 1995 is 30 years before the review it is about (22 Jan 2026).");
  });

  it('refuses a stakeholder submission deadline after the review', async () => {
    await expectRefused(h, '/upr edit review:Togo submission-deadline:2026-03-01', 'The stakeholder submission deadline 1 Mar 2026 is not before the review (22 Jan 2026)');
  });

  it('stores a time zone under its canonical name', async () => {
    const r = await h.control.run('/settings timezone zone:etc/gmt-14');
    expect(r.ok && !r.ephemeral, r.content ?? '').toBe(true);
    expect((await h.db.guildSettings.findUniqueOrThrow({ where: { guildId } })).timezone).toBe('Etc/GMT-14');
    await h.control.run('/settings timezone zone:Europe/Zurich');
  });
});

describe('a ping role that can no longer notify', () => {
  it('is left out of reminder posts', async () => {
    // Accepted while the bot could mention everyone; then that permission is taken away.
    await letBotMentionEveryone(h);
    expect((await h.control.run('/settings ping-role role:coordinator')).ok).toBe(true);
    const world = await h.control.world();
    const botRole = world.guilds[0]!.roles.find((r) => r.managed)!;
    await h.control.addWorld({ roles: [{ guild: guildId, name: botRole.name, permissions: (BigInt(botRole.permissions) & ~(1n << 17n)).toString() }] });
    const coordinator = await roleId(h, 'coordinator');
    // The letter's 1-day reminder (2025-12-09 09:00 Zurich): a new post, without the mention.
    const earlier = (await h.control.messages('advocacy')).pop()?.id;
    await h.control.clock({ now: '2025-12-09T08:00:01Z' });
    const last = await h.control.waitForMessage('advocacy', (m) => m.content.includes('Letter to Argentina'), { after: earlier, timeoutMs: 10_000 });
    expect(last.content).not.toContain(`<@&${coordinator}>`);
    expect(last.content.startsWith('✉️'), last.content).toBe(true);
    expect(last.allowedMentions).toEqual({ parse: [], roles: [] });
  });
});

describe('Discord rules', () => {
  it('sent nothing Discord would refuse and mentioned no one', async () => {
    expect(await h.control.violations()).toEqual([]);
    for (const m of await h.control.allMessages({ ephemeral: true })) expect((m.allowedMentions as { parse: unknown[] }).parse).toEqual([]);
  });
});
