// /upr end to end, subcommand by subcommand: the real bot and discord.js client against the
// sandbox, on a real database of the engine under test. Success replies, every error path of
// ReviewsService / CalendarImportService / the date parser, permission refusal, guild isolation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarSession } from '../../src/calendar/cycle4';
import { getState } from '../../src/states';
import { startHarness, type Harness } from '../helpers/bot-harness';
import {
  NO_ROLE_REFUSAL,
  channelId,
  expectDiscordRefuses,
  expectRefused,
  expectSameAsMissing,
  roleRefusal,
  setCoordinator,
  snapshot,
  text,
  unix,
  unixOf,
  userId,
} from '../helpers/command-checks';

const ZURICH = 'Europe/Zurich';
const OTHER = 'Other';
let h: Harness;
const ids = { B: 0, L: 0, B51: 0 };

const reviewId = async (stateCode: string, session: number, guildId?: string): Promise<number> =>
  (await h.db.review.findFirstOrThrow({ where: { stateCode, session, ...(guildId ? { guildId } : {}) } })).id;

beforeAll(async () => {
  h = await startHarness({ now: new Date('2025-09-01T08:00:00Z'), scheduler: false });
}, 60_000);
afterAll(async () => h?.stop());

describe('/upr add', () => {
  it('adds a review on a day: Discord timestamps at 09:00 server time, the estimated submission deadline, reminders planned', async () => {
    const r = await h.control.run('/upr add state:Belarus date:3 Nov 2025');
    expect(r.ok, JSON.stringify(r)).toBe(true);
    expect(r.ephemeral).toBe(false);
    ids.B = await reviewId('BLR', 50);
    const at = unix('2025-11-03T09:00', ZURICH);
    // One deadline for WG session 50 (from 3 Nov 2025): 7 months and a week before, noon Geneva.
    const deadline = unix('2025-03-27T12:00', ZURICH);
    expect(r.content).toBe(
      [
        `Added **Belarus** — WG 50: <t:${at}:D> (<t:${at}:R>) (time not known: reminders count from 09:00 server time).`,
        `Estimated stakeholder submission deadline: <t:${deadline}:D> (estimate, on the early side; set the real one with \`/upr edit submission-deadline\`).`,
        `Review \`#${ids.B}\` — see it with \`/upr show\`.`,
      ].join('\n'),
    );
    const row = await h.db.review.findUniqueOrThrow({ where: { id: ids.B } });
    expect(row).toMatchObject({ stateCode: 'BLR', session: 50, cycle: 4, reviewTimeKnown: false, status: 'scheduled', source: 'user', createdBy: await userId(h, 'admin') });
    expect(unixOf(row.reviewAt!)).toBe(at);
    expect(await h.db.reminder.count({ where: { reviewId: ids.B, status: 'pending' } })).toBeGreaterThan(0);
  });

  it('adds a review with a time, notes and its own reminder channel; the session comes from the date', async () => {
    const general = await channelId(h, 'general');
    const r = await h.control.run('/upr add state:LBY date:4 Nov 2025 time:14:30 notes:"Libya: focus on migrants" channel:#general');
    expect(r.ok).toBe(true);
    ids.L = await reviewId('LBY', 50);
    const at = unix('2025-11-04T14:30', ZURICH);
    expect(r.content).toContain(`Added **Libya** — WG 50: <t:${at}:F> (<t:${at}:R>).\n`);
    expect(r.content).toContain(`Reminders go to <#${general}>.`);
    expect(r.content).toContain(`Review \`#${ids.L}\``);
    expect(await h.db.review.findUniqueOrThrow({ where: { id: ids.L } })).toMatchObject({ reviewTimeKnown: true, notes: 'Libya: focus on migrants', channelId: general });
  });

  it('takes an explicit session for a day outside the known calendar', async () => {
    const r = await h.control.run('/upr add state:Chile date:2028-06-01 session:60 status:postponed');
    expect(r.content).toContain('Added **Chile** — WG 60:');
    expect(await h.db.review.findFirstOrThrow({ where: { stateCode: 'CHL' } })).toMatchObject({ session: 60, cycle: 5, status: 'postponed' });
  });

  it('refuses bad input with a specific ephemeral message and changes nothing', async () => {
    const cases: Array<[string, RegExp | string]> = [
      ['/upr add state:Atlantis date:2025-11-05', 'Unknown state "Atlantis". Type a UN member or observer state name, or its ISO code'],
      ['/upr add state:Nigera date:2025-11-05', 'Unknown state "Nigera". Did you mean: Niger, Nigeria?'],
      ['/upr add state:Korea date:2025-11-05', 'Ambiguous state "Korea". Did you mean: Democratic People\'s Republic of Korea, Republic of Korea?'],
      ['/upr add state:Holy See date:2025-11-05', 'Holy See is an observer state: it may speak in reviews but is not reviewed itself.'],
      ['/upr add state:Liberia date:2026-02-30', '"2026-02-30" is not a real date: February 2026 has 28 days.'],
      ['/upr add state:Liberia date:31 Nov 2025', '"31 Nov 2025" is not a real date: November 2025 has 30 days.'],
      ['/upr add state:Liberia date:2025-13-01', '"2025-13-01": there is no month 13.'],
      ['/upr add state:Liberia date:03/11/2025', '"03/11/2025" is ambiguous (day/month or month/day?). Use 2025-11-03 or 3 Nov 2025.'],
      ['/upr add state:Liberia date:3.11.2025', 'is ambiguous (day/month or month/day?)'],
      ['/upr add state:Liberia date:3 Nov', '"3 Nov": please include the year, e.g. 3 Nov 2025.'],
      ['/upr add state:Liberia date:3 Novembre 2025', '"3 Novembre 2025": "novembre" is not a month name.'],
      ['/upr add state:Liberia date:next week', '"next week" is not a date I can read.'],
      ['/upr add state:Liberia date:1985-11-03', 'the year 1985 is out of range (1990-2100)'],
      ['/upr add state:Liberia date:2025-11-03 time:25:00', '"25:00": the hour must be 0-23.'],
      ['/upr add state:Liberia date:2025-11-03 time:9:75', '"9:75": the minutes must be 0-59.'],
      ['/upr add state:Liberia date:2025-11-03 time:noon', '"noon" is not a time.'],
      ['/upr add state:Liberia date:2025-11-03 time:13pm', '"13pm": with am/pm the hour must be 1-12.'],
      ['/upr add state:Liberia date:"2025-11-03 10:00" time:11:00', 'The time is given twice ("2025-11-03 10:00" and "11:00"): give it once.'],
      ['/upr add state:Liberia date:2025-07-01', '2025-07-01 is not within a known 4th-cycle WG session (41-54): give the session number too.'],
      ['/upr add state:Belarus date:5 Nov 2025', 'Belarus is already tracked in WG session 50. Change it with /upr edit.'],
      ['/upr add state:BLR date:2025-12-01 session:50', 'Belarus is already tracked in WG session 50.'],
    ];
    for (const [cmd, match] of cases) await expectRefused(h, cmd, match);
  });

  it('lets Discord refuse what the option definitions forbid (over-long notes, session out of range)', async () => {
    await expectDiscordRefuses(h, `/upr add state:Liberia date:2025-11-03 notes:"${'x'.repeat(1001)}"`, 400);
    await expectDiscordRefuses(h, '/upr add state:Liberia date:2025-11-03 session:0', 400);
    await expectDiscordRefuses(h, '/upr add state:Liberia date:2025-11-03 session:100', 400);
    await expectDiscordRefuses(h, '/upr add state:Liberia date:2025-11-03 status:cancelled', 400);
    await expectDiscordRefuses(h, '/upr add state:Liberia', 400);
  });
});

describe('/upr list', () => {
  it('lists reviews upcoming first with Discord timestamps, ids and a menu to show one', async () => {
    const r = await h.control.run('/upr list', { user: 'member' });
    expect(r.ok).toBe(true);
    const [embed] = r.embeds as Array<{ title: string; description: string; footer: { text: string } }>;
    expect(embed!.title).toBe('Reviews (3)');
    const b = unix('2025-11-03T09:00', ZURICH);
    const l = unix('2025-11-04T14:30', ZURICH);
    expect(embed!.description.split('\n')).toEqual([
      `\`#${ids.B}\` **Belarus** — WG 50 — <t:${b}:D> (<t:${b}:R>)`,
      `\`#${ids.L}\` **Libya** — WG 50 — <t:${l}:F> (<t:${l}:R>)`,
      expect.stringMatching(/^`#\d+` \*\*Chile\*\* — WG 60 — <t:\d+:D> \(<t:\d+:R>\) · \*postponed\*$/),
    ]);
    expect(embed!.footer.text).toBe('Page 1/1 · upcoming first');
    const menu = (r.components as Array<{ components: Array<{ custom_id: string; options: Array<{ label: string; value: string }> }> }>)[0]!.components[0]!;
    expect(menu.options.map((o) => o.label)).toEqual(['Belarus — WG 50 — 3 Nov 2025', 'Libya — WG 50 — 4 Nov 2025', 'Chile — WG 60 — 1 Jun 2028']);
    const shown = await h.control.click(r.messageId!, menu.custom_id, { values: [`#${ids.L}`], user: 'member' });
    expect(shown.ephemeral).toBe(true);
    expect((shown.embeds[0] as { title: string }).title).toBe('Libya — WG 50 — 4 Nov 2025');
  });

  it('filters by session, state, status and days', async () => {
    const title = async (cmd: string) => ((await h.control.run(cmd)).embeds[0] as { title: string; description: string });
    expect((await title('/upr list session:50')).title).toBe('Reviews (2) — WG 50');
    expect((await title('/upr list state:BLR')).title).toBe('Reviews (1) — Belarus');
    const held = await title('/upr list status:held');
    expect(held.title).toBe('Reviews (0) — held');
    expect(held.description).toContain('No reviews match.');
    const window = await title('/upr list from:4 Nov 2025 to:2025-11-30');
    expect(window.title).toBe('Reviews (1) — from 2025-11-04, to 2025-11-30');
    expect(window.description).toContain('**Libya**');
    expect(window.description).not.toContain('**Belarus**');
  });

  it('refuses bad filters ephemerally', async () => {
    await expectRefused(h, '/upr list state:Atlantis', 'Unknown state "Atlantis"');
    await expectRefused(h, '/upr list from:2025-02-30', '"2025-02-30" is not a real date: February 2025 has 28 days.');
    await expectRefused(h, '/upr list to:11/30/2025', 'is ambiguous (day/month or month/day?)');
    await expectRefused(h, '/upr list from:2025-12-01 to:2025-11-01', '"from" is after "to".');
  });
});

describe('/upr next', () => {
  it('shows the next review, the ones after it and the coming deadlines (estimates marked)', async () => {
    const r = await h.control.run('/upr next', { user: 'member' });
    const embed = r.embeds[0] as { title: string; description: string };
    expect(embed.title).toBe('Coming up');
    const b = unix('2025-11-03T09:00', ZURICH);
    const l = unix('2025-11-04T14:30', ZURICH);
    const docsB = unix('2025-09-22T09:00', ZURICH);
    const docsL = unix('2025-09-23T09:00', ZURICH);
    const lines = embed.description.split('\n');
    expect(lines[0]).toBe(`**Next review:** Belarus — WG 50 — <t:${b}:D> (<t:${b}:R>) \`#${ids.B}\``);
    expect(lines).toContain(`• Libya — WG 50 — <t:${l}:D>`);
    const deadlines = lines.slice(lines.indexOf('**Coming deadlines:**') + 1);
    expect(deadlines[0]).toBe(`• UN documents published — Belarus WG 50: <t:${docsB}:D> (<t:${docsB}:R>) *estimate*`);
    expect(deadlines[1]).toBe(`• UN documents published — Libya WG 50: <t:${docsL}:D> (<t:${docsL}:R>) *estimate*`);
    expect(deadlines).toHaveLength(5);
    // A postponed review is not "next".
    expect(embed.description).not.toContain('Chile');
  });
});

describe('/upr show', () => {
  it('shows one review with its milestones, from an id or from typed text', async () => {
    const b = unix('2025-11-03T09:00', ZURICH);
    const submission = unix('2025-03-27T12:00', ZURICH);
    const r = await h.control.run(`/upr show review:#${ids.B}`, { user: 'member' });
    const embed = r.embeds[0] as { title: string; description: string; fields: Array<{ name: string; value: string }>; footer: { text: string } };
    expect(embed.title).toBe('Belarus — WG 50 — 3 Nov 2025');
    expect(embed.description).toContain(`**When:** <t:${b}:D> (<t:${b}:R>) (time not known)`);
    expect(embed.description).toContain('**Status:** scheduled');
    expect(embed.fields[0]!.name).toBe('Milestones');
    expect(embed.fields[0]!.value).toContain(`• Stakeholder submission deadline: <t:${submission}:D> — *estimate (one per WG session, ~7 months and a week before it starts, noon Geneva)*`);
    expect(embed.footer.text).toContain(`Review #${ids.B}`);
    for (const typed of ['Belarus', 'BLR', 'Belarus 50', '50 Belarus', 'WG 50 Belarus', 'Belarus — WG 50 — 3 Nov 2025']) {
      const t = await h.control.run(`/upr show review:"${typed}"`);
      expect((t.embeds[0] as { footer: { text: string } }).footer.text, typed).toContain(`Review #${ids.B} `);
    }
    const libya = await h.control.run(`/upr show review:#${ids.L}`);
    expect(text(libya)).toContain('**Notes:** Libya: focus on migrants');
    expect(text(libya)).toContain(`**Reminders in:** <#${await channelId(h, 'general')}>`);
  });

  it('autocompletes reviews as "State — WG n — day" with the id as value', async () => {
    const ac = await h.control.autocomplete('/upr show review:bel', { focused: 'review', user: 'member' });
    expect(ac.choices).toEqual([{ name: 'Belarus — WG 50 — 3 Nov 2025', value: `#${ids.B}` }]);
    const all = await h.control.autocomplete('/upr show review:', { focused: 'review' });
    expect(all.choices.map((c) => c.value)).toEqual([`#${ids.B}`, `#${ids.L}`, expect.stringMatching(/^#\d+$/)]);
  });

  it('answers an unknown, missing or ambiguous review with the candidates', async () => {
    await h.control.run('/upr add state:Belarus date:20 Jan 2026');
    ids.B51 = await reviewId('BLR', 51);
    await expectRefused(h, '/upr show review:#999999', 'There is no review #999999 in this server.');
    await expectRefused(h, '/upr show review:Atlantis', 'Unknown state "Atlantis"');
    await expectRefused(h, '/upr show review:Nigera', 'Did you mean: Niger, Nigeria?');
    await expectRefused(h, '/upr show review:Uruguay', 'No review of Uruguay in this server. Add it with /upr add or /upr import.');
    await expectRefused(h, '/upr show review:Belarus 49', 'No review of Belarus in WG session 49 here. Known: Belarus — WG 51 — 20 Jan 2026; Belarus — WG 50 — 3 Nov 2025.');
    await expectRefused(h, '/upr show review:42', 'No review in WG session 42 in this server.');
    await expectRefused(h, '/upr show review:WG', '"WG" does not name a review. Pick one from the list, or type the state (and session), e.g. "Belarus 50".');
    await expectRefused(
      h,
      '/upr show review:Belarus',
      '"Belarus" matches 2 reviews: Belarus — WG 51 — 20 Jan 2026; Belarus — WG 50 — 3 Nov 2025. Pick one from the list or add the session number.',
    );
    await expectRefused(h, '/upr show review:50', /^"50" matches 2 reviews: (Belarus — WG 50 — 3 Nov 2025; Libya — WG 50 — 4 Nov 2025)\./);
    // The session number settles it.
    const r = await h.control.run('/upr show review:Belarus 51');
    expect((r.embeds[0] as { title: string }).title).toBe('Belarus — WG 51 — 20 Jan 2026');
  });
});

describe('/upr edit', () => {
  it('changes the time, keeping the day, and shows the new instant', async () => {
    const r = await h.control.run('/upr edit review:Libya 50 time:10:00');
    const at = unix('2025-11-04T10:00', ZURICH);
    expect(r.content).toBe(`Updated **Libya — WG 50 — 4 Nov 2025** (\`#${ids.L}\`): <t:${at}:F> (<t:${at}:R>), scheduled. Reminders re-planned.`);
    expect(unixOf((await h.db.review.findUniqueOrThrow({ where: { id: ids.L } })).reviewAt!)).toBe(at);
  });

  it('changes the day, status, notes and the real submission deadline (no longer an estimate)', async () => {
    const r = await h.control.run(`/upr edit review:#${ids.L} date:5 Nov 2025 status:rescheduled notes:"moved" submission-deadline:2025-04-10 default-channel:true`);
    const at = unix('2025-11-05T09:00', ZURICH);
    expect(r.content).toBe(`Updated **Libya — WG 50 — 5 Nov 2025** (\`#${ids.L}\`): <t:${at}:D> (<t:${at}:R>), rescheduled. Reminders re-planned.`);
    const row = await h.db.review.findUniqueOrThrow({ where: { id: ids.L } });
    expect(row).toMatchObject({ status: 'rescheduled', notes: 'moved', channelId: null, reviewTimeKnown: false });
    expect(unixOf(row.submissionDeadlineAt!)).toBe(unix('2025-04-10T12:00', ZURICH));
    const shown = text(await h.control.run(`/upr show review:#${ids.L}`));
    expect(shown).toContain(`Stakeholder submission deadline: <t:${unix('2025-04-10T12:00', ZURICH)}:D>\\n`);
    // The other milestones moved with the day and are still estimates.
    expect(shown).toContain(`UN documents published: <t:${unix('2025-09-24T09:00', ZURICH)}:D> — *estimate`);
  });

  it('refuses bad edits with a specific ephemeral message and changes nothing', async () => {
    await expectRefused(h, `/upr edit review:#${ids.L}`, 'Nothing to change: give at least one option');
    await expectRefused(h, `/upr edit review:#${ids.L} session:50`, 'Nothing to change');
    await expectRefused(h, `/upr edit review:#${ids.L} date:2025-11-31`, '"2025-11-31" is not a real date: November 2025 has 30 days.');
    await expectRefused(h, `/upr edit review:#${ids.L} date:2026-02-29`, 'February 2026 has 28 days');
    await expectRefused(h, `/upr edit review:#${ids.L} date:11/05/2025`, 'is ambiguous');
    await expectRefused(h, `/upr edit review:#${ids.L} time:24:30`, '"24:30": the hour must be 0-23.');
    await expectRefused(h, `/upr edit review:#${ids.L} submission-deadline:2025-04-31`, 'April 2025 has 30 days');
    await expectRefused(h, `/upr edit review:#${ids.B51} session:50 date:2025-11-05`, 'Belarus is already tracked in WG session 50.');
    await expectRefused(h, '/upr edit review:Belarus status:held', '"Belarus" matches 2 reviews');
    await expectRefused(h, '/upr edit review:#999999 status:held', 'There is no review #999999 in this server.');
    await expectDiscordRefuses(h, `/upr edit review:#${ids.L} notes:"${'n'.repeat(1001)}"`, 400);
  });

  it('refuses a time alone for a review whose day is not known yet (a projected calendar entry)', async () => {
    const imp = await h.control.run('/upr import session:52');
    expect(imp.content).toContain('(WG session 52)');
    const namibia = await h.db.review.findFirstOrThrow({ where: { stateCode: 'NAM', session: 52 } });
    expect(namibia.reviewAt).toBeNull();
    await expectRefused(h, `/upr edit review:#${namibia.id} time:10:00`, 'This review has no date yet: give the date with the time.');
  });
});

describe('/upr import', () => {
  const expected51 = calendarSession(51)!.reviews.filter((r) => getState(r.iso3)).length;

  it('imports a session (deferred), then again without duplicates, keeping what users edited', async () => {
    const before = await h.db.review.count();
    const first = await h.control.run('/upr import session:51');
    expect(first.type).toBe('deferred');
    expect(first.content).toContain(`Imported the 4th-cycle calendar (WG session 51): **${expected51}** created, **0** updated, **0** unchanged.`);
    expect(await h.db.review.count()).toBe(before + expected51);

    const lebanon = await h.db.review.findFirstOrThrow({ where: { stateCode: 'LBN', session: 51 } });
    expect(lebanon.source).toBe('calendar');
    expect(unixOf(lebanon.reviewAt!)).toBe(unix('2026-01-19T09:00', ZURICH));
    await h.control.run(`/upr edit review:#${lebanon.id} date:2026-01-21 notes:"our date"`);

    const again = await h.control.run('/upr import session:51');
    expect(again.content).toContain(`**0** created, **0** updated, **${expected51}** unchanged.`);
    expect(again.content).toContain('1 review kept what users edited.');
    expect(await h.db.review.count()).toBe(before + expected51);
    const kept = await h.db.review.findUniqueOrThrow({ where: { id: lebanon.id } });
    expect(unixOf(kept.reviewAt!)).toBe(unix('2026-01-21T09:00', ZURICH));
    expect(kept.notes).toBe('our date');
  });

  it('pages a long list with buttons', async () => {
    const list = await h.control.run('/upr list');
    const total = await h.db.review.count();
    const embed = list.embeds[0] as { title: string; footer: { text: string } };
    expect(embed.title).toBe(`Reviews (${total})`);
    expect(embed.footer.text).toBe(`Page 1/${Math.ceil(total / 10)} · upcoming first`);
    const next = (list.components as Array<{ components: Array<{ custom_id: string; label: string }> }>)[0]!.components.find((b) => b.label === 'Next ▶')!;
    const page2 = await h.control.click(list.messageId!, next.custom_id, { user: 'member' });
    expect(page2.type).toBe('update');
    expect((page2.embeds[0] as { footer: { text: string } }).footer.text).toBe(`Page 2/${Math.ceil(total / 10)} · upcoming first`);
  });

  it('lets Discord refuse a session outside the calendar (41-54)', async () => {
    await expectDiscordRefuses(h, '/upr import session:40', 400);
    await expectDiscordRefuses(h, '/upr import session:55', 400);
  });
});

describe('/upr remove', () => {
  it('removes a review with its letters, interventions and recommendations, and cancels its reminders', async () => {
    const letter = await h.control.run(`/letter add to:Argentina review:#${ids.B51} deadline:2025-12-01`);
    expect(letter.content).toContain('Planned letter');
    const letterId = (await h.db.letter.findFirstOrThrow({ where: { reviewId: ids.B51 } })).id;
    await h.control.run(`/intervention add review:#${ids.B51} state:Chile recommendation:"Release political prisoners"`);
    await h.control.run(`/intervention add review:#${ids.B51} state:France`);
    expect(await h.db.reminder.count({ where: { OR: [{ reviewId: ids.B51 }, { letterId }], status: 'pending' } })).toBeGreaterThan(0);

    const r = await h.control.run('/upr remove review:Belarus 51');
    expect(r.content).toBe('Removed **Belarus — WG 51 — 20 Jan 2026** with 1 letter, 2 interventions and 1 recommendation. Its pending reminders are cancelled.');
    expect(await h.db.review.count({ where: { id: ids.B51 } })).toBe(0);
    expect(await h.db.letter.count({ where: { id: letterId } })).toBe(0);
    expect(await h.db.intervention.count({ where: { reviewId: ids.B51 } })).toBe(0);
    expect(await h.db.recommendation.count({ where: { reviewId: ids.B51 } })).toBe(0);
    expect(await h.db.reminder.count({ where: { OR: [{ reviewId: ids.B51 }, { letterId }], status: 'pending' } })).toBe(0);
  });

  it('refuses an unknown or ambiguous review and changes nothing', async () => {
    await expectRefused(h, '/upr remove review:#999999', 'There is no review #999999 in this server.');
    await expectRefused(h, '/upr remove review:Atlantis', 'Unknown state "Atlantis"');
    await expectRefused(h, '/upr remove review:Uruguay', 'No review of Uruguay in this server.');
    await expectRefused(h, '/upr remove review:Belarus 49', 'No review of Belarus in WG session 49 here. Known: Belarus — WG 50 — 3 Nov 2025.');
    await expectRefused(h, '/upr remove review:51', /^"51" matches \d+ reviews: /);
  });
});

describe('permissions', () => {
  it('refuses every change to a member without Manage Server, ephemerally, naming what is needed; reading stays open', async () => {
    const changes = [
      '/upr add state:Uruguay date:2026-01-20',
      `/upr edit review:#${ids.B} status:held`,
      `/upr remove review:#${ids.B}`,
      '/upr import session:50',
    ];
    for (const cmd of changes) await expectRefused(h, cmd, NO_ROLE_REFUSAL, { user: 'member' });
    for (const cmd of ['/upr list', '/upr next', `/upr show review:#${ids.B}`]) {
      const r = await h.control.run(cmd, { user: 'member' });
      expect(r.ok && !r.ephemeral, cmd).toBe(true);
    }
  });

  it('names the coordinator role once set, and lets its holders change things', async () => {
    const role = await setCoordinator(h, 'member', false);
    await expectRefused(h, '/upr add state:Uruguay date:2026-01-20', roleRefusal(role), { user: 'member' });
    await expectRefused(h, `/upr edit review:#${ids.B} status:held`, roleRefusal(role), { user: 'member' });
    await setCoordinator(h, 'member', true);
    const added = await h.control.run('/upr add state:Uruguay date:2026-01-20', { user: 'member' });
    expect(added.content).toContain('Added **Uruguay** — WG 51');
    const uruguay = await reviewId('URY', 51);
    expect((await h.control.run(`/upr edit review:#${uruguay} status:held`, { user: 'member' })).content).toContain('held. Reminders re-planned.');
    expect((await h.control.run(`/upr remove review:#${uruguay}`, { user: 'member' })).content).toContain('Removed **Uruguay');
    const imp = await h.control.run('/upr import session:53', { user: 'member' });
    expect(imp.content).toContain('Imported the 4th-cycle calendar (WG session 53)');
    // Taking the role away refuses again.
    await h.control.addWorld({ memberRoles: [{ user: 'member', role: 'coordinator', remove: true }] });
    await expectRefused(h, '/upr add state:Uruguay date:2026-01-20', roleRefusal(role), { user: 'member' });
  });
});

describe('guild isolation', () => {
  beforeAll(async () => {
    await h.control.addWorld({ guilds: [{ name: OTHER }] });
  });
  const asOther = { guild: OTHER, user: 'owner' };

  it('another server sees none of these reviews', async () => {
    const list = await h.control.run('/upr list', asOther);
    expect((list.embeds[0] as { title: string }).title).toBe('Reviews (0)');
    expect((await h.control.run('/upr next', asOther)).content).toBe('No upcoming review. Add one with `/upr add` or import the calendar with `/upr import`.');
    expect((await h.control.autocomplete('/upr show review:bel', { ...asOther, focused: 'review' })).choices).toEqual([]);
    expect((await h.control.autocomplete('/upr show review:', { ...asOther, focused: 'review' })).choices).toEqual([]);
  });

  it('an id or a name from another server behaves exactly as one that does not exist', async () => {
    for (const cmd of ['/upr show review:#ID', '/upr edit review:#ID status:held', '/upr edit review:#ID date:2025-12-01', '/upr remove review:#ID']) {
      await expectSameAsMissing(h, { command: cmd.replace('ID', String(ids.B)), ref: `#${ids.B}` }, { command: cmd.replace('ID', '999999'), ref: '#999999' }, asOther);
    }
    for (const cmd of ['/upr show review:NAME', '/upr remove review:NAME 50', '/upr edit review:NAME notes:x']) {
      await expectSameAsMissing(h, { command: cmd.replace('NAME', 'Belarus'), ref: 'Belarus' }, { command: cmd.replace('NAME', 'Paraguay'), ref: 'Paraguay' }, asOther);
    }
    expect(await h.db.review.findUniqueOrThrow({ where: { id: ids.B } })).toMatchObject({ status: 'scheduled', guildId: expect.not.stringMatching(/^$/) });
  });

  it('another server tracks the same review on its own, in its own time zone, without touching this one', async () => {
    const before = await snapshot(h.db);
    const tz = await h.control.run('/settings timezone zone:America/Argentina/Buenos_Aires', asOther);
    expect(tz.ok).toBe(true);
    const r = await h.control.run('/upr add state:Belarus date:3 Nov 2025', asOther);
    const at = unix('2025-11-03T09:00', 'America/Argentina/Buenos_Aires');
    expect(at).toBe(unix('2025-11-03T12:00', 'UTC'));
    expect(r.content).toContain(`Added **Belarus** — WG 50: <t:${at}:D> (<t:${at}:R>)`);
    const otherId = Number(/`#(\d+)`/.exec(r.content!)![1]);
    expect(otherId).not.toBe(ids.B);
    // This server's rows are as they were.
    const after = await snapshot(h.db);
    expect(after.review.filter((x) => (x as { id: number }).id !== otherId)).toEqual(before.review);
    // Each server resolves "Belarus 50" to its own review.
    const mine = await h.control.run('/upr show review:Belarus 50');
    expect((mine.embeds[0] as { footer: { text: string } }).footer.text).toContain(`Review #${ids.B} `);
    const theirs = await h.control.run('/upr show review:Belarus 50', asOther);
    expect((theirs.embeds[0] as { footer: { text: string } }).footer.text).toContain(`Review #${otherId} `);
    // And the first server's id is still unknown there.
    expect((await h.control.run(`/upr show review:#${ids.B}`, asOther)).content).toBe(`There is no review #${ids.B} in this server.`);
    const ac = await h.control.autocomplete('/upr show review:bel', { ...asOther, focused: 'review' });
    expect(ac.choices).toEqual([{ name: 'Belarus — WG 50 — 3 Nov 2025', value: `#${otherId}` }]);
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
