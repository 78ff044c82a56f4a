import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { askMatcher } from '../../src/services/recommendations/ask-matching';
import { parseResponse, parseStateList } from '../../src/services/recommendations/cells';
import { asFile } from '../helpers/import-file';
import { inEnglish, refusal } from '../helpers/in-english';
import { createTestServices, GUILD, OTHER_GUILD, USER } from '../helpers/services';

let t: Awaited<ReturnType<typeof createTestServices>>;
let ref: string;
beforeEach(async () => {
  t = await createTestServices('2025-11-04T10:00:00Z');
  ref = `#${(await t.services.reviews.add(GUILD, { state: 'Belarus', date: '2025-11-03' })).id}`;
});
afterEach(async () => t.cleanup());

const REC = 'Immediately release all political prisoners, including Ales Bialiatski';

describe('interventions', () => {
  it('adds interventions and shared recommendations; checks; removes', async () => {
    const i = t.services.interventions;
    const a = await i.add(GUILD, { review: ref, state: 'France', recommendation: REC, themes: 'Political prisoners; Human rights defenders', response: 'noted', paragraph: '119.10' });
    expect(a).toMatchObject({ stateCode: 'FRA', interventionCreated: true, recommendation: { created: true } });
    const b = await i.add(GUILD, { review: ref, state: 'Germany', recommendation: `  ${REC.toUpperCase()}.` });
    expect(b.recommendation).toMatchObject({ id: a.recommendation!.id, created: false });
    await i.add(GUILD, { review: ref, state: 'Argentina' });
    expect(await refusal(i.add(GUILD, { review: ref, state: 'Argentina' }))).toMatch(/already recorded as intervening/);
    expect(await refusal(i.add(GUILD, { review: ref, state: 'France', recommendation: REC }))).toMatch(/already has this recommendation/);
    expect(await refusal(i.add(GUILD, { review: ref, state: 'Belarus' }))).toMatch(/state under review/);
    expect(await refusal(i.add(GUILD, { review: ref, state: 'Chile', themes: 'x' }))).toMatch(/give the recommendation text/);
    expect(await refusal(i.add(GUILD, { review: ref, state: 'Chile', recommendation: 'r'.repeat(2001) }))).toMatch(/recommendation is too long: 2001 characters, at most 2000/);
    expect(await refusal(i.add(GUILD, { review: ref, state: 'Narnia' }))).toMatch(/Unknown state/);

    const france = await i.check(GUILD, ref, 'FRA');
    expect(france.intervened).toBe(true);
    expect(france.recommendations[0]!.themes.map((x) => x.theme)).toEqual(['human rights defenders', 'political prisoners']);
    expect(france.recommendations[0]!.states.map((x) => x.stateCode)).toEqual(['DEU', 'FRA']);
    expect((await i.check(GUILD, ref, 'Argentina')).intervened).toBe(true);
    expect((await i.check(GUILD, ref, 'Chile')).intervened).toBe(false);

    const s = await i.summary(GUILD, ref);
    expect(s).toMatchObject({ states: ['ARG', 'FRA', 'DEU'], recommendations: 1, byResponse: { supported: 0, noted: 1, pending: 0 } });
    expect((await i.summary(GUILD, ref, 'prisoners')).theme).toMatchObject({ themes: ['political prisoners'], states: ['FRA', 'DEU'], recommendations: 1 });
    expect(await refusal(i.summary(GUILD, ref, 'climate'))).toMatch(/Themes here: political prisoners, human rights defenders|Themes here/);
    expect(await i.themes(GUILD, 'pol')).toEqual(['political prisoners']);

    const removed = await i.remove(GUILD, ref, 'France');
    expect(removed.recommendationsRemoved).toBe(0);
    expect((await i.remove(GUILD, ref, 'Germany')).recommendationsRemoved).toBe(1);
    expect(await refusal(i.remove(GUILD, ref, 'Chile'))).toMatch(/not recorded as intervening/);
    expect(await t.db.recommendation.count()).toBe(0);
  });

  it('is scoped to the guild', async () => {
    const id = ref;
    await t.services.interventions.add(GUILD, { review: id, state: 'France' });
    expect(await refusal(t.services.interventions.add(OTHER_GUILD, { review: id, state: 'France' }))).toMatch(/no review/);
    expect(await refusal(t.services.interventions.check(OTHER_GUILD, id, 'France'))).toMatch(/no review/);
    expect(await refusal(t.services.interventions.summary(OTHER_GUILD, id))).toMatch(/no review/);
    expect(await refusal(t.services.interventions.importFile(OTHER_GUILD, id, asFile('Recommendation,Recommending State\nx,France\n')))).toMatch(/no review/);
    expect(await t.services.interventions.themes(OTHER_GUILD, '')).toEqual([]);
  });

  it('outcome: the states written to', async () => {
    t.clock.set('2025-09-01T10:00:00Z');
    await t.services.letters.add(GUILD, { to: 'Argentina', review: ref, deadline: '2025-09-30', ask: 'Recommend the release of political prisoners', createdBy: USER });
    await t.services.letters.add(GUILD, { to: 'Chile', review: ref, deadline: '2025-09-30', ask: 'Recommend the release of political prisoners', createdBy: USER });
    await t.services.letters.add(GUILD, { to: 'Mexico', review: ref, deadline: '2025-09-30', createdBy: USER });
    t.clock.set('2025-09-25T10:00:00Z');
    await t.services.letters.markSent(GUILD, 'Argentina', '2025-09-25');
    await t.services.letters.markSent(GUILD, 'Chile');
    await t.services.interventions.add(GUILD, { review: ref, state: 'Chile', recommendation: REC, themes: 'political prisoners' });
    await t.services.interventions.add(GUILD, { review: ref, state: 'Mexico', recommendation: 'Abolish the death penalty' });
    const o = await t.services.interventions.outcome(GUILD, ref);
    expect(o.rows.map((r) => [r.stateCode, r.sent, r.intervened, r.recommendedAsk])).toEqual([
      ['ARG', true, false, false],
      ['CHL', true, true, true],
      ['MEX', false, true, null],
    ]);
  });
});

describe('CSV import', () => {
  const uprInfo = [
    'State under Review,Recommending State,Recommendation,Response,Action Category,Issue,Session',
    `Belarus,"Argentina, Chile","${REC}",Noted,5,"Political prisoners, Human rights defenders",50`,
    'Belarus,Libya; Chile,Continue efforts on social protection,Supported,2,Social rights,50',
    'Belarus,Narnia,Something,Supported,,,50',
    'Belarus,France,Old recommendation,Supported,,,36',
    'Belarus,France,Third,Maybe,,,50',
    'Belarus,,Fourth,Supported,,,50',
    'Cuba,France,Fifth,Supported,,,50',
    '"Belarus","Korea, Republic of","Multi-line',
    'recommendation text",Supported,3,Torture,50',
  ].join('\n');

  it('imports UPR Info rows, rejects bad ones with line numbers, is idempotent', async () => {
    const r = await t.services.interventions.importFile(GUILD, ref, asFile(uprInfo));
    expect(r).toMatchObject({ format: 'CSV', rows: 8, reviews: [{ rows: 3, created: 3, updated: 0, unchanged: 0, interventionsAdded: 4 }] });
    expect(r.rejected.map((x) => ({ line: x.line, reason: inEnglish(x.reason) }))).toEqual([
      { line: 4, reason: expect.stringMatching(/recommending state: Unknown state "Narnia"/) },
      { line: 6, reason: expect.stringMatching(/unknown response "Maybe"/) },
      { line: 7, reason: 'no recommending state' },
    ]);
    // Rows of other reviews are skipped and counted, not rejected.
    expect(r.skipped).toEqual([
      { stateCode: 'BLR', session: 36, rows: 1, tracked: false },
      { stateCode: 'CUB', session: 50, rows: 1, tracked: false },
    ]);
    const chile = await t.services.interventions.check(GUILD, ref, 'Chile');
    expect(chile.recommendations.map((x) => x.text)).toEqual([REC, 'Continue efforts on social protection']);
    expect(chile.recommendations[0]).toMatchObject({ response: 'noted', actionCategory: 5 });
    expect((await t.services.interventions.check(GUILD, ref, 'Republic of Korea')).intervened).toBe(true);
    const again = await t.services.interventions.importFile(GUILD, ref, asFile(uprInfo));
    expect(again.reviews).toMatchObject([{ created: 0, updated: 0, unchanged: 3, interventionsAdded: 0 }]);
    expect(await t.db.recommendation.count()).toBe(3);
  });

  it('imports OHCHR UHRI columns (semicolon-delimited) and merges states into existing recommendations', async () => {
    await t.services.interventions.importFile(GUILD, ref, asFile(uprInfo));
    const uhri = ['Text;Countries Concerned;Document Symbol;Themes;UPR Recommending States;UPR Position;UPR Session', `${REC};Belarus;A/HRC/61/5;A41 Political prisoners;Estonia, Latvia;Noted;50th session`].join('\n');
    const r = await t.services.interventions.importFile(GUILD, ref, asFile(uhri));
    expect(r).toMatchObject({ format: 'OHCHR Universal Human Rights Index', reviews: [{ created: 0, updated: 1, interventionsAdded: 2 }], rejected: [] });
    const s = await t.services.interventions.summary(GUILD, ref, 'political prisoners');
    expect(s.theme!.states).toEqual(['ARG', 'CHL', 'EST', 'LVA']);
  });

  it('round-trips its own export', async () => {
    await t.services.interventions.importFile(GUILD, ref, asFile(uprInfo));
    await t.services.interventions.add(GUILD, { review: ref, state: 'Poland' });
    const ex = await t.services.interventions.exportCsv(GUILD, ref);
    expect(ex.filename).toBe('upr-blr-wg50-recommendations.csv');
    expect(ex.csv.split('\n')[0]).toBe('State under review,Session,Paragraph,Recommendation,Recommending states,Response,Themes,Action category,Source');
    const other = await createTestServices('2025-11-04T10:00:00Z');
    try {
      const ref2 = `#${(await other.services.reviews.add(GUILD, { state: 'Belarus', date: '2025-11-03' })).id}`;
      const r = await other.services.interventions.importFile(GUILD, ref2, asFile(ex.csv));
      expect(r).toMatchObject({ format: 'UPR bot export', reviews: [{ created: 3 }], rejected: [] });
      const again = await other.services.interventions.exportCsv(GUILD, ref2);
      expect(again.csv.replace(/(CSV|UPR bot export)$/gm, 'S')).toBe(ex.csv.replace(/(CSV|UPR bot export)$/gm, 'S'));
    } finally {
      await other.cleanup();
    }
  });

  it('refuses malformed files with a specific message and imports nothing', async () => {
    const i = t.services.interventions;
    expect(await refusal(i.importFile(GUILD, ref, asFile('')))).toMatch(/empty/);
    expect(await refusal(i.importFile(GUILD, ref, asFile('Foo,Bar\n1,2\n')))).toMatch(/no column for the recommendation text and the recommending states/);
    expect(await refusal(i.importFile(GUILD, ref, asFile('Recommendation,Recommending State\n"unclosed,France\n')))).toMatch(/not valid CSV \(line \d+\)/);
    expect(await t.db.recommendation.count()).toBe(0);
    expect(await t.db.intervention.count()).toBe(0);
  });

  it('parses helpers', () => {
    expect(parseStateList('Libya; Chile').codes).toEqual(['LBY', 'CHL']);
    expect(parseStateList('Argentina, Chile').codes).toEqual(['ARG', 'CHL']);
    expect(parseStateList('Iran, Islamic Republic of, Chile').codes).toEqual(['IRN', 'CHL']);
    expect(parseResponse('Supported')).toBe('supported');
    expect(parseResponse('Noted')).toBe('noted');
    expect(parseResponse('Not supported')).toBe('noted');
    expect(parseResponse('')).toBe('pending');
    expect(parseResponse('perhaps')).toBeUndefined();
    const matchesAsk = askMatcher('BLR');
    expect(matchesAsk('Recommend the release of political prisoners', { text: 'Free Ales Bialiatski', themes: [{ theme: 'political prisoners' }] })).toBe(true);
    expect(matchesAsk('Recommend the release of political prisoners', { text: 'Release all political prisoners', themes: [] })).toBe(true);
    expect(matchesAsk('Recommend the release of political prisoners', { text: 'Abolish the death penalty', themes: [] })).toBe(false);
  });
});
