// /intervention end to end, subcommand by subcommand: the real bot and discord.js client against
// the sandbox, on a real database of the engine under test. Success replies, every error path of
// InterventionsService (CSV import included: malformed files, missing columns, rejected rows with
// their line numbers), permission refusal, guild isolation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/bot-harness';
import {
  NO_ROLE_REFUSAL,
  expectDiscordRefuses,
  expectRefused,
  expectSameAsMissing,
  roleRefusal,
  setCoordinator,
  snapshot,
  text,
  unix,
  type RunOpts,
} from '../helpers/command-checks';

const ZURICH = 'Europe/Zurich';
const OTHER = 'Other';
const B50 = 'Belarus — WG 50 — 3 Nov 2025';
const B51 = 'Belarus — WG 51 — 20 Jan 2026';
let h: Harness;
const rev = { B: 0, L: 0, B51: 0 };
type Embed = { title: string; description: string; fields?: Array<{ name: string; value: string }> };
const embed = (r: { embeds: unknown[] }): Embed => r.embeds[0] as Embed;
const csv = (content: string, filename = 'belarus.csv'): RunOpts => ({ attachments: { file: { filename, contentType: 'text/csv', content } } });

beforeAll(async () => {
  h = await startHarness({ now: new Date('2025-11-04T10:00:00Z'), scheduler: false });
  for (const cmd of ['/upr add state:Belarus date:3 Nov 2025', '/upr add state:Libya date:4 Nov 2025', '/upr add state:Belarus date:20 Jan 2026']) {
    expect((await h.control.run(cmd)).content).toContain('Added');
  }
  rev.B = (await h.db.review.findFirstOrThrow({ where: { stateCode: 'BLR', session: 50 } })).id;
  rev.L = (await h.db.review.findFirstOrThrow({ where: { stateCode: 'LBY', session: 50 } })).id;
  rev.B51 = (await h.db.review.findFirstOrThrow({ where: { stateCode: 'BLR', session: 51 } })).id;
}, 60_000);
afterAll(async () => h?.stop());

const recOf = (stateCode: string, reviewId: number) =>
  h.db.recommendation.findMany({ where: { reviewId, states: { some: { stateCode } } }, include: { states: { orderBy: { stateCode: 'asc' } }, themes: { orderBy: { theme: 'asc' } } } });

describe('/intervention add', () => {
  it('records a state taking the floor', async () => {
    const r = await h.control.run('/intervention add review:Belarus 50 state:Argentina');
    expect(r.ephemeral).toBe(false);
    expect(r.content).toBe(`Recorded **Argentina** in ${B50} as intervening.`);
    expect(await h.db.intervention.findFirstOrThrow({ where: { reviewId: rev.B, stateCode: 'ARG' } })).toMatchObject({ source: 'manual' });
  });

  it('records a recommendation with themes, response and paragraph; the same text from another state joins it', async () => {
    const r = await h.control.run(`/intervention add review:#${rev.B} state:Chile recommendation:"Release all political prisoners" themes:"Political prisoners, freedom of expression" response:noted paragraph:119.10`);
    expect(r.content).toBe(`Recorded **Chile** in ${B50} as intervening with a new recommendation.`);
    const [rec] = await recOf('CHL', rev.B);
    expect(rec).toMatchObject({ text: 'Release all political prisoners', response: 'noted', paragraph: '119.10' });
    expect(rec!.themes.map((t) => t.theme)).toEqual(['freedom of expression', 'political prisoners']);

    const same = await h.control.run(`/intervention add review:#${rev.B} state:France recommendation:"release ALL political prisoners."`);
    expect(same.content).toBe(`Recorded **France** in ${B50} as intervening on an existing recommendation with the same text.`);
    expect(await h.db.recommendation.count({ where: { reviewId: rev.B } })).toBe(1);
    expect((await recOf('FRA', rev.B))[0]!.states.map((s) => s.stateCode)).toEqual(['CHL', 'FRA']);
  });

  it('adds a recommendation to a state already recorded, and updates the response of an existing one', async () => {
    const r = await h.control.run(`/intervention add review:#${rev.B} state:Argentina recommendation:"Abolish the death penalty" themes:"death penalty"`);
    expect(r.content).toBe(`Added to **Argentina** in ${B50} with a new recommendation.`);
    const upd = await h.control.run(`/intervention add review:#${rev.B} state:Chile recommendation:"Release all political prisoners" response:supported`);
    expect(upd.content).toBe(`Added to **Chile** in ${B50} on an existing recommendation with the same text.`);
    expect((await recOf('CHL', rev.B))[0]!.response).toBe('supported');
  });

  it('refuses bad input with a specific ephemeral message and changes nothing', async () => {
    const cases: Array<[string, RegExp | string]> = [
      [`/intervention add review:#${rev.B} state:Germany themes:torture`, 'Themes, response and paragraph belong to a recommendation: give the recommendation text too.'],
      [`/intervention add review:#${rev.B} state:Germany response:noted`, 'Themes, response and paragraph belong to a recommendation'],
      [`/intervention add review:#${rev.B} state:Germany paragraph:119.3`, 'Themes, response and paragraph belong to a recommendation'],
      [`/intervention add review:#${rev.B} state:Belarus`, 'Belarus is the state under review; it does not intervene in its own review.'],
      [`/intervention add review:#${rev.B} state:BLR recommendation:"Do more"`, 'Belarus is the state under review'],
      [`/intervention add review:#${rev.B} state:Argentina`, 'Argentina is already recorded as intervening in this review. Add a recommendation to record what it recommended.'],
      [`/intervention add review:#${rev.B} state:France recommendation:"Release all political prisoners"`, 'France already has this recommendation in this review.'],
      [`/intervention add review:#${rev.B} state:Germany recommendation:"Free them" themes:"${'t'.repeat(81)}"`, `The theme "${'t'.repeat(40)}…" is too long (at most 80 characters).`],
      [`/intervention add review:#${rev.B} state:Germany recommendation:"Free them" themes:"a,b,c,d,e,f,g,h,i,j,k"`, 'At most 10 themes per recommendation (got 11).'],
      [`/intervention add review:#${rev.B} state:Atlantis`, 'Unknown state "Atlantis". Type a UN member or observer state name'],
      [`/intervention add review:#${rev.B} state:Nigera`, 'Unknown state "Nigera". Did you mean: Niger, Nigeria?'],
      [`/intervention add review:#${rev.B} state:Korea`, 'Ambiguous state "Korea". Did you mean: Democratic People\'s Republic of Korea, Republic of Korea?'],
      ['/intervention add review:#999999 state:Germany', 'There is no review #999999 in this server.'],
      ['/intervention add review:Uruguay state:Germany', 'No review of Uruguay in this server.'],
      ['/intervention add review:Belarus state:Germany', `"Belarus" matches 2 reviews: ${B51}; ${B50}. Pick one from the list or add the session number.`],
      ['/intervention add review:Belarus 49 state:Germany', `No review of Belarus in WG session 49 here. Known: ${B51}; ${B50}.`],
    ];
    for (const [cmd, match] of cases) await expectRefused(h, cmd, match);
  });

  it('lets Discord refuse over-long text and unknown responses', async () => {
    await expectDiscordRefuses(h, `/intervention add review:#${rev.B} state:Germany recommendation:"${'r'.repeat(2001)}"`, 400);
    await expectDiscordRefuses(h, `/intervention add review:#${rev.B} state:Germany recommendation:x paragraph:${'1'.repeat(21)}`, 400);
    await expectDiscordRefuses(h, `/intervention add review:#${rev.B} state:Germany recommendation:x response:maybe`, 400);
    await expectDiscordRefuses(h, `/intervention add review:#${rev.B} state:Germany recommendation:x themes:"${'t'.repeat(501)}"`, 400);
  });
});

describe('/intervention check', () => {
  it('says whether a state took the floor and what it recommended', async () => {
    const chile = await h.control.run('/intervention check review:Belarus 50 state:Chile', { user: 'member' });
    expect(embed(chile).title).toBe(`Chile in ${B50}`);
    expect(embed(chile).description).toBe('**Chile** took the floor.\nRecommendations (1):\n• 119.10 Release all political prisoners — *supported* [freedom of expression, political prisoners]');
    const spain = await h.control.run('/intervention check review:Belarus 50 state:Spain', { user: 'member' });
    expect(spain.content).toBe(`**Spain** did not intervene in ${B50} (no intervention recorded in this server).`);
    const libya = await h.control.run('/intervention check review:Libya state:Argentina');
    expect(libya.content).toBe('**Argentina** did not intervene in Libya — WG 50 — 4 Nov 2025 (no intervention recorded in this server).');
  });

  it('refuses an unknown state or review ephemerally', async () => {
    await expectRefused(h, '/intervention check review:Belarus 50 state:Atlantis', 'Unknown state "Atlantis"');
    await expectRefused(h, '/intervention check review:Belarus 50 state:Korea', 'Ambiguous state "Korea"');
    await expectRefused(h, '/intervention check review:#999999 state:Chile', 'There is no review #999999 in this server.');
    await expectRefused(h, '/intervention check review:Belarus state:Chile', '"Belarus" matches 2 reviews');
  });
});

describe('/intervention summary', () => {
  it('counts states and recommendations, by response and by theme', async () => {
    const r = await h.control.run('/intervention summary review:Belarus 50', { user: 'member' });
    expect(embed(r).title).toBe(`Summary — ${B50}`);
    expect(embed(r).description.split('\n')).toEqual([
      '**3** states intervened; **2** recommendations: 1 supported, 0 noted, 1 pending.',
      '',
      '**By theme:**',
      '• freedom of expression: 1 recommendation, 2 states',
      '• political prisoners: 1 recommendation, 2 states',
      '• death penalty: 1 recommendation, 1 state',
      '',
      '**States:** Argentina, Chile, France',
    ]);
  });

  it('with a theme, lists which states recommended on it (exact, then partial match)', async () => {
    const r = await h.control.run('/intervention summary review:Belarus 50 theme:Political Prisoners');
    expect(embed(r).description).toContain('**Theme "political prisoners"**: 2 states, 1 recommendation:\nChile, France');
    const partial = await h.control.run('/intervention summary review:Belarus 50 theme:penalty');
    expect(embed(partial).description).toContain('**Theme "death penalty"**: 1 state, 1 recommendation:\nArgentina');
  });

  it('autocompletes themes of the review being typed', async () => {
    const ac = await h.control.autocomplete(`/intervention summary review:#${rev.B} theme:pol`, { focused: 'theme' });
    expect(ac.choices).toEqual([{ name: 'political prisoners', value: 'political prisoners' }]);
    // Themes that start with the text come before those that merely contain it.
    const pr = await h.control.autocomplete(`/intervention summary review:#${rev.B} theme:pr`, { focused: 'theme' });
    expect(pr.choices.map((c) => c.value)).toEqual(['freedom of expression', 'political prisoners']);
    const none = await h.control.autocomplete(`/intervention summary review:#${rev.L} theme:`, { focused: 'theme' });
    expect(none.choices).toEqual([]);
  });

  it('refuses an unknown theme with the themes there are, and a review without themes', async () => {
    await expectRefused(h, '/intervention summary review:Belarus 50 theme:torture', 'No recommendation in this review has the theme "torture". Themes here: freedom of expression, political prisoners, death penalty.');
    await expectRefused(h, '/intervention summary review:Libya theme:torture', 'No recommendation in this review has a theme yet.');
    await expectRefused(h, '/intervention summary review:#999999', 'There is no review #999999 in this server.');
  });
});

describe('/intervention outcome', () => {
  it('shows, for each state written to: letter sent or not, intervened or not, recommended the ask or not', async () => {
    const ask = 'ask:"Recommend the release of political prisoners"';
    for (const cmd of [
      `/letter add to:Argentina review:#${rev.B} deadline:2025-09-30 sent:2025-09-25 ${ask}`,
      `/letter add to:Chile review:#${rev.B} deadline:2025-09-30 sent:2025-09-26 ${ask}`,
      `/letter add to:Spain review:#${rev.B} deadline:2025-12-01`,
      `/letter add to:Italy review:#${rev.B} deadline:2025-12-02`,
    ]) {
      expect((await h.control.run(cmd)).content, cmd).toMatch(/^(Recorded|Planned) letter/);
    }
    await h.control.run(`/letter edit letter:Italy status:cancelled`);
    const r = await h.control.run('/intervention outcome review:Belarus 50', { user: 'member' });
    const e = embed(r);
    expect(e.title).toBe(`Outcome — ${B50}`);
    expect(e.description).toBe('Wrote to 3 states: 2 intervened, 1 did not.');
    expect(e.fields).toEqual([
      { name: 'Argentina', value: `✅ letter sent <t:${unix('2025-09-25T09:00', ZURICH)}:D>\n✅ intervened\n❌ did not recommend what the letter asked`, inline: true },
      { name: 'Chile', value: `✅ letter sent <t:${unix('2025-09-26T09:00', ZURICH)}:D>\n✅ intervened\n✅ recommended what the letter asked`, inline: true },
      { name: 'Spain', value: `❌ letter not sent (due <t:${unix('2025-12-01T09:00', ZURICH)}:D>)\n❌ did not intervene\n— no ask recorded`, inline: true },
    ]);
  });

  it('says so when no letter was written about the review, and refuses an unknown review', async () => {
    expect((await h.control.run('/intervention outcome review:Libya')).content).toBe('No letters recorded about Libya — WG 50 — 4 Nov 2025. Add them with `/letter add`.');
    await expectRefused(h, '/intervention outcome review:#999999', 'There is no review #999999 in this server.');
    await expectRefused(h, '/intervention outcome review:Nigera', 'Did you mean: Niger, Nigeria?');
  });
});

describe('/intervention remove', () => {
  it("removes a state's intervention and the recommendations only it made", async () => {
    const r = await h.control.run('/intervention remove review:Belarus 50 state:Argentina');
    expect(r.content).toBe(`Removed **Argentina** from ${B50} (and 1 recommendation only it made).`);
    expect(await h.db.intervention.count({ where: { reviewId: rev.B, stateCode: 'ARG' } })).toBe(0);
    expect(await h.db.recommendation.count({ where: { reviewId: rev.B, text: 'Abolish the death penalty' } })).toBe(0);
    const france = await h.control.run('/intervention remove review:Belarus 50 state:France');
    expect(france.content).toBe(`Removed **France** from ${B50}.`);
    const [rec] = await recOf('CHL', rev.B);
    expect(rec!.states.map((s) => s.stateCode)).toEqual(['CHL']);
  });

  it('refuses a state not recorded, an unknown state or review, and changes nothing', async () => {
    await expectRefused(h, '/intervention remove review:Belarus 50 state:Spain', 'Spain is not recorded as intervening in this review.');
    await expectRefused(h, '/intervention remove review:Belarus 50 state:Argentina', 'Argentina is not recorded as intervening in this review.');
    await expectRefused(h, '/intervention remove review:Belarus 50 state:Atlantis', 'Unknown state "Atlantis"');
    await expectRefused(h, '/intervention remove review:#999999 state:Chile', 'There is no review #999999 in this server.');
    await expectRefused(h, '/intervention remove review:Belarus state:Chile', '"Belarus" matches 2 reviews');
  });
});

const GOOD_CSV = [
  'Recommendation,Recommending State,State under Review,Session,Response,Issue', // line 1
  '"Release all political prisoners",Germany,Belarus,51,Supported,Political prisoners', // 2
  '"Release all political prisoners","Poland; Lithuania",Belarus,51,Supported,Political prisoners', // 3
  '"Abolish the death penalty",Atlantis,Belarus,51,Noted,Death penalty', // 4
  '"Abolish the death penalty",France,Libya,51,Noted,Death penalty', // 5
  '"Abolish the death penalty",France,Belarus,49,Noted,Death penalty', // 6
  '"Abolish the death penalty",,Belarus,51,Noted,Death penalty', // 7
  '"Abolish the death penalty",Belarus,Belarus,51,Noted,Death penalty', // 8
  '"Abolish the death penalty",France,Belarus,51,Maybe,Death penalty', // 9
  '"Ensure fair trials', // 10
  'for all",Ireland,Belarus,51,Noted,Justice', // 11
  `"Protect journalists",Norway,Belarus,51,Pending,${'m'.repeat(81)}`, // 12
  '"Protect journalists",Norway,Belarus,51,Pending,Media', // 13
  ',Sweden,Belarus,51,,', // 14
  ',Denmark,Belarus,51,,Media', // 15
].join('\n');

describe('/intervention import', () => {
  it('imports a UPR Info CSV (deferred): counts, and every rejected row with its line and reason', async () => {
    const r = await h.control.run('/intervention import review:Belarus 51', csv(GOOD_CSV));
    expect(r.ok).toBe(true);
    expect(r.type).toBe('deferred');
    expect(r.content!.split('\n')).toEqual([
      'Read **belarus.csv** (CSV): 13 rows.',
      `• ${B51}: 5 rows; **3** recommendations created, 0 updated, 0 unchanged; 6 interventions added.`,
      'Skipped 2 rows of reviews this server does not track: Libya, WG 51 (1); Belarus, WG 49 (1). Add them with `/upr import session:N` or `/upr add`, then import the file again.',
      '**6** rows rejected.',
    ]);
    const rejected = embed(r);
    expect(rejected.title).toBe('Rejected rows (not imported)');
    expect(rejected.description.split('\n')).toEqual([
      '• line 4: recommending state: Unknown state "Atlantis". Type a UN member or observer state name, or its ISO code (e.g. BLR).',
      '• line 7: no recommending state',
      '• line 8: Belarus cannot recommend to itself',
      '• line 9: unknown response "Maybe" (expected supported/accepted, noted or pending)',
      `• line 12: The theme "${'m'.repeat(40)}…" is too long (at most 80 characters).`,
      '• line 15: themes or paragraph without recommendation text',
    ]);
    expect(await h.db.recommendation.count({ where: { reviewId: rev.B51 } })).toBe(3);
    expect((await h.db.intervention.findMany({ where: { reviewId: rev.B51 }, orderBy: { stateCode: 'asc' } })).map((i) => i.stateCode)).toEqual(['DEU', 'IRL', 'LTU', 'NOR', 'POL', 'SWE']);
    const [release] = await recOf('POL', rev.B51);
    expect(release!.states.map((s) => s.stateCode)).toEqual(['DEU', 'LTU', 'POL']);
    expect((await recOf('IRL', rev.B51))[0]!.text).toBe('Ensure fair trials\nfor all');
  });

  it('imports the same file again without duplicating anything', async () => {
    const before = await snapshot(h.db);
    const r = await h.control.run('/intervention import review:Belarus 51', csv(GOOD_CSV));
    expect(r.content).toContain('5 rows; **0** recommendations created, 0 updated, 3 unchanged; 0 interventions added.');
    expect(r.content).toContain('**6** rows rejected.');
    expect(await snapshot(h.db)).toEqual(before);
  });

  it('names the same lines in a Windows (CRLF) export, multi-line cells included', async () => {
    const before = await snapshot(h.db);
    const lf = await h.control.run('/intervention import review:Belarus 51', csv(GOOD_CSV));
    const crlf = await h.control.run('/intervention import review:Belarus 51', csv(GOOD_CSV.replace(/\n/g, '\r\n'), 'windows.csv'));
    expect(crlf.content).toBe(lf.content!.replace('belarus.csv', 'windows.csv'));
    expect(embed(crlf).description).toBe(embed(lf).description);
    expect(embed(crlf).description).toContain('• line 15: themes or paragraph without recommendation text');
    expect(await snapshot(h.db)).toEqual(before);
  });

  it('exports a review as CSV that imports back unchanged', async () => {
    const r = await h.control.run('/intervention export review:Belarus 51', { user: 'member' });
    expect(r.content).toBe(`4 rows for ${B51}.`);
    const file = r.message!.attachments[0]!;
    expect(file.filename).toBe('upr-blr-wg51-recommendations.csv');
    const exported = await (await fetch(file.url)).text();
    expect(exported.split('\n')[0]).toBe('State under review,Session,Paragraph,Recommendation,Recommending states,Response,Themes,Action category,Source');
    const before = await snapshot(h.db);
    const back = await h.control.run('/intervention import review:Belarus 51', csv(exported, file.filename));
    expect(back.content).toBe(`Read **${file.filename}** (UPR bot export): 4 rows.\n• ${B51}: 4 rows; **0** recommendations created, 0 updated, 3 unchanged; 0 interventions added.\n**0** rows rejected.`);
    expect(await snapshot(h.db)).toEqual(before);
  });

  it('names the line where a quoted field is left open, not the end of the file', async () => {
    const rows = ['Recommendation,Recommending State', '"Release all,Germany', ...Array.from({ length: 20 }, (_, i) => `Recommendation ${i},France`)];
    // (Whether the reply is ephemeral is checked in the next test.)
    for (const eol of ['\n', '\r\n']) {
      const before = await snapshot(h.db);
      const r = await h.control.run('/intervention import review:Belarus 51', csv(`${rows.join(eol)}${eol}`));
      expect(r.content).toBe('"belarus.csv" is not valid CSV (line 2): a quoted field opens here and is never closed. Nothing was imported.');
      expect(await snapshot(h.db)).toEqual(before);
    }
  });

  it('refuses a malformed CSV with its line, a file without the needed columns, an empty or foreign file — ephemerally, importing nothing', async () => {
    const cases: Array<[RunOpts, RegExp | string]> = [
      [csv('Recommendation,Recommending State\nFine,Germany\n"Bad" quote,France\n'), /^"belarus.csv" is not valid CSV \(line 3\): .*\. Nothing was imported\.$/i],
      [csv('Recommendation,Response\nRelease them,Supported\n'), '"belarus.csv" has no column for the recommending states. Columns found: Recommendation, Response. Accepted: '],
      [csv('Country,Notes\nGermany,x\n'), '"belarus.csv" has no column for the recommendation text. Columns found: Country, Notes. Accepted: '],
      [csv('Recommendation,Recommending State\n'), '"belarus.csv" has a header row but no recommendations under it. Nothing was imported.'],
      [csv('   \n\n'), 'The file is empty. Nothing was imported.'],
      [csv(''), 'The file is empty. Nothing was imported.'],
      [csv(`Recommendation,Recommending State\n${'Free them,Germany\n'.repeat(5001)}`), 'The file has 5001 rows; at most 5000 per import. Split it and import the parts. Nothing was imported.'],
      [{ attachments: { file: { filename: 'report.pdf', contentType: 'application/pdf', content: '%PDF-1.4' } } }, '"report.pdf" is a PDF document, not a CSV or .xlsx export.'],
      [csv('x'.repeat(5_000_001), 'huge.csv'), 'The file is too large (5000 kB; at most 5 MB). Split it and import the parts. Nothing was imported.'],
    ];
    for (const [opts, match] of cases) await expectRefused(h, '/intervention import review:Belarus 51', match, opts);
    // Binary or damaged files: refused whole, privately, without echoing their bytes.
    const noise = Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 7919 + 13) % 256));
    const nul = Buffer.from('Recommendation,Recommending State\nFree\u0000them,Germany\n', 'utf8');
    for (const [name, bytes] of [['noise.csv', noise], ['nul.csv', nul]] as const) {
      const r = await expectRefused(h, '/intervention import review:Belarus 51', new RegExp(`^"${name.replace('.', '\\.')}" is not a text CSV file: it holds \\d+ control characters? such as NUL \\(first on line \\d+\\)\\. .*Nothing was imported\\.$`), {
        attachments: { file: { filename: name, contentType: 'text/csv', base64: bytes.toString('base64') } },
      });
      // eslint-disable-next-line no-control-regex
      expect(r.content).not.toMatch(/[\u0000-\u0008\u000e-\u001f\u0080-\u00ff]/);
    }
    await expectRefused(h, '/intervention import review:#999999', 'There is no review #999999 in this server.', csv(GOOD_CSV));
    await expectRefused(h, '/intervention import review:Belarus', '"Belarus" matches 2 reviews', csv(GOOD_CSV));
  });
});

describe('permissions', () => {
  const changes = () => [
    [`/intervention add review:#${rev.B} state:Germany`, {}],
    [`/intervention remove review:#${rev.B} state:Chile`, {}],
    [`/intervention import review:#${rev.B51}`, csv(GOOD_CSV)],
  ] as Array<[string, RunOpts]>;

  it('refuses every change to a member without Manage Server, ephemerally; reading stays open', async () => {
    for (const [cmd, opts] of changes()) await expectRefused(h, cmd, NO_ROLE_REFUSAL, { ...opts, user: 'member' });
    for (const cmd of [`/intervention check review:#${rev.B} state:Chile`, `/intervention summary review:#${rev.B}`, `/intervention outcome review:#${rev.B}`, `/intervention export review:#${rev.B}`]) {
      const r = await h.control.run(cmd, { user: 'member' });
      expect(r.ok && !r.ephemeral, cmd).toBe(true);
    }
  });

  it('names the coordinator role once set, and lets its holders change interventions', async () => {
    const role = await setCoordinator(h, 'member', false);
    for (const [cmd, opts] of changes()) await expectRefused(h, cmd, roleRefusal(role), { ...opts, user: 'member' });
    await setCoordinator(h, 'member', true);
    expect((await h.control.run(`/intervention add review:#${rev.B} state:Germany`, { user: 'member' })).content).toContain('Recorded **Germany**');
    expect((await h.control.run(`/intervention remove review:#${rev.B} state:Germany`, { user: 'member' })).content).toContain('Removed **Germany**');
    expect((await h.control.run(`/intervention import review:#${rev.B51}`, { ...csv(GOOD_CSV), user: 'member' })).content).toContain('**0** recommendations created');
    await h.control.addWorld({ memberRoles: [{ user: 'member', role: 'coordinator', remove: true }] });
  });
});

describe('guild isolation', () => {
  const asOther = { guild: OTHER, user: 'owner' };

  beforeAll(async () => {
    await h.control.addWorld({ guilds: [{ name: OTHER }] });
  });

  it('a review id or name from another server behaves exactly as one that does not exist', async () => {
    const commands: Array<[string, RunOpts]> = [
      ['/intervention add review:REF state:Chile', {}],
      ['/intervention add review:REF state:Germany recommendation:"Release all political prisoners"', {}],
      ['/intervention remove review:REF state:Chile', {}],
      ['/intervention check review:REF state:Chile', {}],
      ['/intervention summary review:REF', {}],
      ['/intervention summary review:REF theme:political prisoners', {}],
      ['/intervention outcome review:REF', {}],
      ['/intervention export review:REF', {}],
      ['/intervention import review:REF', csv(GOOD_CSV)],
    ];
    for (const [cmd, opts] of commands) {
      await expectSameAsMissing(h, { command: cmd.replace('REF', `#${rev.B}`), ref: `#${rev.B}` }, { command: cmd.replace('REF', '#999999'), ref: '#999999' }, { ...asOther, ...opts });
      await expectSameAsMissing(h, { command: cmd.replace('REF', '"Belarus 50"'), ref: 'Belarus' }, { command: cmd.replace('REF', '"Paraguay 50"'), ref: 'Paraguay' }, { ...asOther, ...opts });
    }
  });

  it("another server's autocomplete offers none of these reviews or themes", async () => {
    expect((await h.control.autocomplete('/intervention check review:bel', { ...asOther, focused: 'review' })).choices).toEqual([]);
    expect((await h.control.autocomplete(`/intervention summary review:#${rev.B} theme:`, { ...asOther, focused: 'theme' })).choices).toEqual([]);
    expect((await h.control.autocomplete('/intervention add review:x themes:pol', { ...asOther, focused: 'themes' })).choices).toEqual([]);
  });

  it("another server's interventions on its own Belarus review are counted apart", async () => {
    await h.control.run('/upr add state:Belarus date:3 Nov 2025', asOther);
    const before = await snapshot(h.db);
    const r = await h.control.run('/intervention add review:Belarus 50 state:Chile recommendation:"Release all political prisoners" themes:"political prisoners"', asOther);
    expect(r.content).toBe(`Recorded **Chile** in ${B50} as intervening with a new recommendation.`);
    const after = await snapshot(h.db);
    expect(after.recommendation.length).toBe(before.recommendation.length + 1);
    expect(after.recommendation.slice(0, before.recommendation.length)).toEqual(before.recommendation);
    expect(after.recommendationState.filter((s) => before.recommendationState.some((b) => JSON.stringify(b) === JSON.stringify(s)))).toEqual(before.recommendationState);
    const theirs = await h.control.run('/intervention summary review:Belarus 50', asOther);
    expect(embed(theirs).description).toContain('**1** state intervened; **1** recommendation: 0 supported, 0 noted, 1 pending.');
    const mine = await h.control.run('/intervention summary review:Belarus 50');
    expect(embed(mine).description).toContain('**1** state intervened; **1** recommendation: 1 supported, 0 noted, 0 pending.');
    expect(text(await h.control.run('/intervention outcome review:Belarus 50', asOther))).toContain('No letters recorded about');
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
