// The exports users really bring, as fixtures written byte for byte like them: each imports as
// it is, with rows, states, responses, themes and action categories right, and rows of other
// reviews skipped and counted.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectEncoding } from '../../src/services/recommendations/decode-text';
import { asFile, fixture, FIXTURES } from '../helpers/import-file';
import { createTestServices, GUILD } from '../helpers/services';

let t: Awaited<ReturnType<typeof createTestServices>>;
let belarus: string;
let cuba: string;
beforeEach(async () => {
  t = await createTestServices('2026-01-20T10:00:00Z');
  belarus = `#${(await t.services.reviews.add(GUILD, { state: 'Belarus', date: '2025-11-03' })).id}`;
  cuba = `#${(await t.services.reviews.add(GUILD, { state: 'Cuba', date: '2023-11-14', session: 44 })).id}`;
});
afterEach(async () => t.cleanup());

const RELEASE = 'Immediately release all political prisoners, including human rights defenders';
const bytes = (name: string) => readFileSync(join(FIXTURES, name));

async function recs(ref: string) {
  const s = await t.services.interventions.summary(GUILD, ref);
  const check = await Promise.all(s.states.map((c) => t.services.interventions.check(GUILD, ref, c)));
  const byText = new Map<string, { states: string[]; response: string; themes: string[]; action: number | null }>();
  for (const c of check) for (const r of c.recommendations) byText.set(r.text, { states: r.states.map((x) => x.stateCode), response: r.response, themes: r.themes.map((x) => x.theme), action: r.actionCategory });
  return { states: s.states, byText };
}

describe('UPR Info legacy export (CR line ends, several reviews)', () => {
  it('imports into the chosen review; other reviews are skipped and counted', async () => {
    expect(bytes('upr-info-legacy-cr.csv').includes(0x0a)).toBe(false);
    const r = await t.services.interventions.importFile(GUILD, belarus, fixture('upr-info-legacy-cr.csv'));
    expect(r.format).toBe('UPR Info database (legacy export)');
    expect(r.rows).toBe(12);
    expect(r.rejected).toEqual([]);
    expect(r.reviews).toMatchObject([{ rows: 9, created: 5, updated: 0, unchanged: 0, interventionsAdded: 9 }]);
    expect(r.skipped).toEqual([
      { stateCode: 'BLR', session: 36, rows: 1, tracked: false },
      { stateCode: 'CUB', session: 44, rows: 2, tracked: true },
    ]);
    const { byText } = await recs(belarus);
    // One row per recommending state, same text: one recommendation with all of them.
    expect(byText.get(RELEASE)).toEqual({ states: ['CZE', 'MKD', 'PRK'], response: 'noted', themes: ['detention', 'human rights defenders'], action: 5 });
    expect(byText.get('Continue efforts to combat trafficking in persons, in particular women and children')).toEqual({
      states: ['COD', 'COG'],
      response: 'supported',
      themes: ['rights of the child', 'trafficking', "women's rights"],
      action: 3,
    });
    expect(byText.get('Share its experience in social protection with other countries')!.states).toEqual(['IRN', 'LAO']);
    expect(byText.get('Strengthen the national mechanism for reporting and follow-up')!.states).toEqual(['CIV']);
  });

  it('without a review, routes each row to its review and counts the untracked ones', async () => {
    const r = await t.services.interventions.importFile(GUILD, null, fixture('upr-info-legacy-cr.csv'));
    expect(r.reviews.map((x) => [x.review.stateCode, x.review.session, x.rows, x.created])).toEqual([
      ['BLR', 50, 9, 5],
      ['CUB', 44, 2, 1],
    ]);
    expect(r.skipped).toEqual([{ stateCode: 'BLR', session: 36, rows: 1, tracked: false }]);
    const { byText } = await recs(cuba);
    expect(byText.get('Ratify the International Covenant on Civil and Political Rights')).toMatchObject({ states: ['PSE', 'VAT'], response: 'noted', action: 5 });
    // Importing again changes nothing.
    const again = await t.services.interventions.importFile(GUILD, null, fixture('upr-info-legacy-cr.csv'));
    expect(again.reviews.map((x) => [x.created, x.updated, x.unchanged, x.interventionsAdded])).toEqual([
      [0, 0, 5, 0],
      [0, 0, 1, 0],
    ]);
  });
});

describe('UPR Info on Uwazi (CSV)', () => {
  it('reads "|"-joined values and nested themes', async () => {
    const r = await t.services.interventions.importFile(GUILD, null, fixture('upr-info-uwazi.csv'));
    expect(r.format).toBe('UPR Info database (Uwazi CSV)');
    expect(r.rejected).toEqual([]);
    expect(r.reviews.map((x) => [x.review.stateCode, x.created])).toEqual([
      ['BLR', 2],
      ['CUB', 1],
    ]);
    const { byText } = await recs(belarus);
    expect(byText.get(RELEASE)).toEqual({ states: ['CZE', 'EST', 'KOR'], response: 'noted', themes: ['detention', 'human rights defenders'], action: 5 });
    expect(byText.get('Ensure the independence of the judiciary')).toEqual({ states: ['TUR', 'VNM'], response: 'supported', themes: ['justice'], action: 4 });
  });
});

describe('OHCHR Universal Human Rights Index', () => {
  for (const name of ['uhri-export.xlsx', 'uhri-export-utf8-bom.csv']) {
    it(`reads ${name}: misspelt headers, "- " values on several lines, serial dates`, async () => {
      const r = await t.services.interventions.importFile(GUILD, belarus, fixture(name));
      expect(r.format).toBe('OHCHR Universal Human Rights Index');
      expect(r.rejected).toEqual([]);
      expect(r.reviews).toMatchObject([{ rows: 3, created: 3, interventionsAdded: 8 }]);
      expect(r.skipped).toEqual([{ stateCode: 'CUB', session: 44, rows: 1, tracked: true }]);
      const { byText } = await recs(belarus);
      expect(byText.get(RELEASE)).toEqual({ states: ['EST', 'LTU', 'LVA'], response: 'noted', themes: ['freedom of opinion and expression', 'human rights defenders'], action: null });
      expect(byText.get('Abolish the death penalty')).toMatchObject({ states: ['CIV', 'ISL', 'MDA'], response: 'noted' });
      expect(byText.get('Strengthen social protection of persons with disabilities')).toMatchObject({ states: ['IRN', 'LAO'], response: 'supported', themes: ['persons with disabilities', 'social security'] });
    });
  }

  it('finds the session from the publication date (an Excel serial number) when the session cell is empty', async () => {
    const csv = bytes('uhri-export-utf8-bom.csv').toString('utf8').replace(/,- 50,/g, ',,');
    const r = await t.services.interventions.importFile(GUILD, null, asFile(csv, 'uhri.csv'));
    expect(r.reviews.map((x) => [x.review.stateCode, x.review.session, x.rows])).toEqual([
      ['BLR', 50, 3],
      ['CUB', 44, 1],
    ]);
  });
});

describe('spreadsheets saved on Windows', () => {
  it('Windows-1252 with ";" separators (Excel in Spanish) and Spanish state names', async () => {
    expect(detectEncoding(bytes('spanish-excel-1252-semicolon.csv')).encoding).toBe('windows-1252');
    const r = await t.services.interventions.importFile(GUILD, belarus, fixture('spanish-excel-1252-semicolon.csv'));
    expect(r.rejected).toEqual([]);
    const { byText } = await recs(belarus);
    expect(byText.get('Garantizar la libertad de expresión y de reunión pacífica')).toEqual({
      states: ['CZE', 'GBR', 'KOR', 'NLD'],
      response: 'supported',
      themes: ['libertad de expresión', 'reunión pacífica'],
      action: null,
    });
    expect(byText.get('Liberar a todos los presos políticos')!.states).toEqual(['CIV', 'COD']);
  });

  it('UTF-16 "Unicode text" with tabs, with and without its BOM', async () => {
    const withBom = bytes('unicode-text-utf16le-tab.txt');
    expect(detectEncoding(withBom)).toEqual({ encoding: 'utf-16le', bom: 2 });
    expect(detectEncoding(withBom.subarray(2)).encoding).toBe('utf-16le');
    const r = await t.services.interventions.importFile(GUILD, belarus, fixture('unicode-text-utf16le-tab.txt'));
    expect(r).toMatchObject({ format: 'UPR Info database (legacy export)', rejected: [], reviews: [{ created: 1, interventionsAdded: 2 }] });
    const { byText } = await recs(belarus);
    expect(byText.get('Cooperate fully with the special procedures, including the Special Rapporteur')).toMatchObject({ states: ['KNA', 'TUR'], response: 'supported', action: 3 });
    const again = await t.services.interventions.importFile(GUILD, belarus, asFile(withBom.subarray(2), 'no-bom.txt'));
    expect(again.reviews).toMatchObject([{ created: 0, unchanged: 1 }]);
  });
});

describe('export', () => {
  it('neutralises formula cells and re-imports them as they were', async () => {
    const evil = '=HYPERLINK("http://evil.example","click")';
    await t.services.interventions.add(GUILD, { review: belarus, state: 'France', recommendation: evil, themes: '@risk', paragraph: '+119.1' });
    await t.services.interventions.add(GUILD, { review: belarus, state: 'Chile', recommendation: '-1 day for detention' });
    const ex = await t.services.interventions.exportCsv(GUILD, belarus);
    const lines = ex.csv.split('\n');
    expect(lines.some((l) => /(^|,)"?[=+\-@]/.test(l))).toBe(false);
    expect(ex.csv).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    const other = await createTestServices('2026-01-20T10:00:00Z');
    try {
      const ref = `#${(await other.services.reviews.add(GUILD, { state: 'Belarus', date: '2025-11-03' })).id}`;
      const r = await other.services.interventions.importFile(GUILD, ref, asFile(ex.csv, ex.filename));
      expect(r).toMatchObject({ format: 'UPR bot export', rejected: [], reviews: [{ created: 2 }] });
      const france = await other.services.interventions.check(GUILD, ref, 'France');
      expect(france.recommendations[0]).toMatchObject({ text: evil, paragraph: '+119.1' });
      expect(france.recommendations[0]!.themes.map((x) => x.theme)).toEqual(['@risk']);
      expect((await other.services.interventions.check(GUILD, ref, 'Chile')).recommendations[0]!.text).toBe('-1 day for detention');
    } finally {
      await other.cleanup();
    }
  });
});
