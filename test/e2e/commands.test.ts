// The slash commands end to end: the real bot (startApp) and the real discord.js client against
// the local sandbox, driven as a person in Discord would drive them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandDefinitions } from '../../commands';
import { deployCommands } from '../../src/discord/deploy-commands';
import { startHarness, type Harness } from '../helpers/bot-harness';

const FOUNDING_RECOMMENDERS = [
  'Albania', 'Australia', 'Belgium', 'Canada', 'Cyprus', 'Czech Republic', 'Denmark', 'Estonia', 'Finland', 'France',
  'Germany', 'Greece', 'Ireland', 'Italy', 'Latvia', 'Liechtenstein', 'Lithuania', 'Luxembourg', 'Malta', 'Mexico',
  'Moldova', 'Netherlands', 'New Zealand', 'Norway', 'Poland', 'Romania', 'Slovenia', 'Sweden', 'Ukraine', 'United Kingdom',
];
const REC = 'Immediately release Ales Bialiatski and all individuals imprisoned for political reasons';

let h: Harness;
const text = (r: { content: string | null; embeds: unknown[] }): string => `${r.content ?? ''}\n${JSON.stringify(r.embeds)}`;

beforeAll(async () => {
  h = await startHarness({ now: new Date('2025-09-01T08:00:00Z'), scheduler: false });
}, 60_000);
afterAll(async () => h?.stop());

describe('founding scenario, end to end', () => {
  it('review, letter, interventions, then check / summary / outcome', async () => {
    const c = h.control;
    const add = await c.run('/upr add state:Belarus date:3 Nov 2025');
    expect(add.ok).toBe(true);
    expect(add.content).toContain('Added **Belarus** — WG 50');

    const ac = await c.autocomplete('/letter add to:Argentina review:bela', { focused: 'review' });
    expect(ac.choices[0]).toEqual({ name: 'Belarus — WG 50 — 3 Nov 2025', value: expect.stringMatching(/^#\d+$/) });
    const reviewValue = String(ac.choices[0]!.value);

    const letter = await c.run(`/letter add to:Argentina review:${reviewValue} deadline:30 Sep 2025 recipient:"Permanent Mission of Argentina, Geneva" ask:"Recommend the release of Ales Bialiatski and all political prisoners"`);
    expect(letter.content).toMatch(/Planned letter `#\d+` to \*\*Argentina\*\*/);
    // The services called the reminder planner: the letter and the review have reminders.
    expect(await h.db.reminder.count({ where: { kind: 'letter', status: 'pending' } })).toBeGreaterThan(0);
    expect(await h.db.reminder.count({ where: { reviewId: { not: null }, status: 'pending' } })).toBeGreaterThan(0);

    h.bot.clock.set(new Date('2025-09-25T15:00:00Z'));
    const lac = await c.autocomplete('/letter sent letter:arg', { focused: 'letter' });
    expect(lac.choices[0]!.name).toBe('Argentina — about Belarus WG 50 — due 30 Sep 2025');
    const sent = await c.run(`/letter sent letter:${lac.choices[0]!.value} date:25 Sep 2025`);
    expect(sent.content).toContain('as sent');

    h.bot.clock.set(new Date('2025-11-04T10:00:00Z'));
    const csv = ['Recommending State,Recommendation,Response,Issue', ...FOUNDING_RECOMMENDERS.map((s) => `${s},"${REC}",Noted,Political prisoners`)].join('\n');
    const imp = await c.run('/intervention import review:Belarus 50', { attachments: { file: { filename: 'belarus.csv', contentType: 'text/csv', content: csv } } });
    expect(imp.ok).toBe(true);
    expect(imp.type).toBe('deferred');
    expect(imp.content).toContain('1** recommendation created');
    expect(imp.content).toContain('30 interventions added');

    const check = await c.run('/intervention check review:Belarus state:Argentina');
    expect(check.content).toContain('**Argentina** did not intervene in Belarus — WG 50');

    const summary = await c.run('/intervention summary review:Belarus theme:political prisoners');
    const s = text(summary);
    expect(s).toContain('30 states, 1 recommendation');
    expect(s).toContain('United Kingdom of Great Britain and Northern Ireland');
    expect(s).toContain('Czechia');

    const outcome = await c.run('/intervention outcome review:Belarus');
    const o = text(outcome);
    expect(o).toContain('Argentina');
    expect(o).toContain('letter sent');
    expect(o).toContain('did not intervene');
  });
});

describe('permissions, errors, isolation, paging', () => {
  it('refuses changes without Manage Server or the coordinator role, ephemerally', async () => {
    const c = h.control;
    const refused = await c.run('/upr add state:Chile date:2026-01-20', { user: 'member' });
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toContain('Manage Server');
    const setRole = await c.run('/settings coordinator-role role:coordinator', { user: 'admin' });
    expect(setRole.ok).toBe(true);
    const stillRefused = await c.run('/upr add state:Chile date:2026-01-20', { user: 'member' });
    expect(stillRefused.content).toMatch(/Manage Server\*\* permission or the <@&\d+> role/);
    await c.addWorld({ memberRoles: [{ user: 'member', role: 'coordinator' }] });
    const allowed = await c.run('/upr add state:Chile date:2026-01-20', { user: 'member' });
    expect(allowed.content).toContain('Added **Chile**');
    // Reading is open to everyone; the coordinator role cannot name itself.
    expect((await c.run('/upr list', { user: 'member' })).ok).toBe(true);
    // Only Manage Server names the coordinator role: checked at run time, as /settings is open to all.
    const refusedRole = await c.run('/settings coordinator-role', { user: 'member' });
    expect(refusedRole.ephemeral).toBe(true);
    expect(refusedRole.content).toBe('Only members with the **Manage Server** permission can do this.');
  });

  it('answers bad input with specific ephemeral messages and changes nothing', async () => {
    const c = h.control;
    const before = await h.db.review.count();
    const cases: Array<[string, RegExp]> = [
      ['/upr add state:Belarsu Republic date:2025-11-03', /Unknown state/],
      ['/upr add state:Chile date:2026-02-30', /February 2026 has 28 days/],
      ['/upr add state:Chile date:03/11/2026', /ambiguous/],
      ['/upr add state:Belarus date:3 Nov 2025', /already tracked in WG session 50/],
      ['/upr show review:Narnia', /Unknown state/],
      ['/letter add to:Chile review:Belarus deadline:2025-10-01', /in the past/],
      ['/upr show review:#999', /no review #999/],
    ];
    for (const [cmd, re] of cases) {
      const r = await c.run(cmd);
      expect(r.ephemeral, cmd).toBe(true);
      expect(r.content, cmd).toMatch(re);
    }
    expect(await h.db.review.count()).toBe(before);
  });

  it('keeps guilds apart', async () => {
    const c = h.control;
    await c.addWorld({ guilds: [{ name: 'Other NGO' }] });
    const belarus = await h.db.review.findFirstOrThrow({ where: { stateCode: 'BLR' } });
    const r = await c.run(`/upr show review:#${belarus.id}`, { guild: 'Other NGO', user: 'owner' });
    expect(r.content).toBe(`There is no review #${belarus.id} in this server.`);
    const ac = await c.autocomplete('/upr show review:bel', { guild: 'Other NGO', user: 'owner', focused: 'review' });
    expect(ac.choices).toEqual([]);
    const removed = await c.run(`/upr remove review:#${belarus.id}`, { guild: 'Other NGO', user: 'owner' });
    expect(removed.content).toContain('no review');
    expect(await h.db.review.count({ where: { id: belarus.id } })).toBe(1);
  });

  it('imports the calendar (deferred, idempotent) and pages the list with buttons', async () => {
    const c = h.control;
    const first = await c.run('/upr import');
    expect(first.type).toBe('deferred');
    expect(first.content).toMatch(/created/);
    const again = await c.run('/upr import');
    expect(again.content).toContain('**0** created, **0** updated');
    const list = await c.run('/upr list');
    const rows = list.components as Array<{ components: Array<{ custom_id: string; label?: string; disabled?: boolean }> }>;
    const next = rows[0]!.components.find((b) => b.label?.startsWith('Next'))!;
    expect(next.custom_id).toMatch(/^upr:list:2:/);
    const page2 = await c.click(list.messageId!, next.custom_id);
    expect(page2.ok).toBe(true);
    expect(JSON.stringify(page2.embeds)).toContain('Page 2/');
    // The same button works after a restart: its state is in the custom id.
    await h.restartBot({ now: new Date('2025-11-04T10:00:00Z') });
    const rows2 = page2.components as Array<{ components: Array<{ custom_id: string; label?: string; options?: Array<{ value: string }> }> }>;
    const prev = rows2[0]!.components.find((b) => b.label?.startsWith('◀'))!;
    expect(prev.custom_id).toMatch(/^upr:list:1:/);
    const page1 = await c.click(list.messageId!, prev.custom_id);
    expect(JSON.stringify(page1.embeds)).toContain('Page 1/');
    const menu = (page1.components as typeof rows2)[1]!.components[0]!;
    const shown = await c.click(list.messageId!, menu.custom_id, { values: [menu.options![0]!.value] });
    expect(shown.ephemeral).toBe(true);
    expect(JSON.stringify(shown.embeds)).toContain('Milestones');
  });

  it('settings, reminders and letters lists reply within the rules', async () => {
    const c = h.control;
    expect((await c.run('/settings timezone zone:America/Argentina/Buenos_Aires')).ok).toBe(true);
    const show = await c.run('/settings show');
    expect(JSON.stringify(show.embeds)).toContain('America/Argentina/Buenos_Aires');
    expect((await c.run('/settings lead-times for:letters times:2w,1d')).ok).toBe(true);
    expect((await c.run('/settings lead-times for:reviews times:8x')).content).toMatch(/not a lead time/);
    expect((await c.run('/letter list status:all')).ok).toBe(true);
    expect((await c.run('/reminders list')).ok).toBe(true);
  });

  it('registers commands only when they changed', async () => {
    const rest = h.bot.app.client.rest;
    const appId = h.sandbox.applicationId;
    expect(await deployCommands({ rest, applicationId: appId, definitions: commandDefinitions() })).toBe(false);
    const changed = commandDefinitions().map((d) => (d.name === 'upr' ? { ...d, description: 'Changed' } : d));
    expect(await deployCommands({ rest, applicationId: appId, definitions: changed })).toBe(true);
    expect(await deployCommands({ rest, applicationId: appId, definitions: commandDefinitions() })).toBe(true);
    expect(await deployCommands({ rest, applicationId: appId, definitions: commandDefinitions() })).toBe(false);
  });

  it('answers an unexpected failure with an ephemeral apology and keeps running', async () => {
    const reviews = h.bot.app.services.reviews;
    const original = reviews.list.bind(reviews);
    reviews.list = async () => {
      throw new Error('boom');
    };
    try {
      const r = await h.control.run('/upr list');
      expect(r.ephemeral).toBe(true);
      expect(r.content).toContain('Something went wrong; nothing was changed');
    } finally {
      reviews.list = original;
    }
    expect((await h.control.run('/upr list')).ok).toBe(true);
  });

  it('never lets a reply mention anyone and sent nothing Discord would refuse', async () => {
    const all = await h.control.allMessages();
    expect(all.length).toBeGreaterThan(10);
    for (const m of all) expect(m.allowedMentions, m.content).toEqual({ parse: [] });
    expect(await h.control.violations()).toEqual([]);
  });
});
