// The fonts pictures are drawn with: a Latin subset made once and found again by later processes,
// drawing exactly the pixels the full fonts draw, and the full fonts for words outside it.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { afterAll, describe, expect, it } from 'vitest';
import { FULL_FONTS, fontFilesFor, prepareSubsetFonts, subsetCovers } from '../../src/images/fonts';
import { jobSvg } from '../../src/images/render-job';
import { summaryPictures } from '../../src/images/summary-picture';
import { FONT } from '../../src/images/svg';
import { foundingSummary, LABEL } from '../helpers/founding';

const dir = mkdtempSync(join(tmpdir(), 'upr-fonts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pixels = (svg: string, fonts: readonly string[]) =>
  new Resvg(svg, { font: { fontFiles: [...fonts], loadSystemFonts: false, defaultFontFamily: FONT }, shapeRendering: 2, textRendering: 1 }).render().pixels;

describe('picture fonts', () => {
  it('makes the subset once, a fraction of the full size, and a later process finds it', async () => {
    const files = await prepareSubsetFonts(dir);
    expect(files).toHaveLength(2);
    for (const [i, f] of files.entries()) expect(statSync(f).size).toBeLessThan(statSync(FULL_FONTS[i]!).size / 4);
    const made = files.map((f) => statSync(f).mtimeMs);
    expect(await prepareSubsetFonts(dir)).toEqual(files);
    expect(files.map((f) => statSync(f).mtimeMs)).toEqual(made);
  });

  it('draws the founding map and chart, in English and Spanish, with exactly the pixels of the full fonts', async () => {
    const subset = await prepareSubsetFonts(dir);
    for (const lang of ['en', 'es'] as const) {
      const p = summaryPictures(foundingSummary(true), LABEL, lang);
      for (const svg of [jobSvg({ kind: 'chart', spec: p.chart }), jobSvg({ kind: 'map', spec: p.map })]) {
        expect(Buffer.compare(pixels(svg, subset), pixels(svg, FULL_FONTS))).toBe(0);
      }
    }
  }, 30_000);

  it('draws a picture whose words fall outside the subset with the full fonts', async () => {
    const subset = await prepareSubsetFonts(dir);
    const latin = summaryPictures(foundingSummary(true), LABEL).chart;
    expect(fontFilesFor(JSON.stringify(latin))).toEqual(subset);
    const cyrillic = { ...latin, title: 'Беларусь — политзаключённые' };
    expect(fontFilesFor(JSON.stringify(cyrillic))).toEqual([...FULL_FONTS]);
    // The subset would have lost that title.
    const svg = jobSvg({ kind: 'chart', spec: cyrillic });
    expect(Buffer.compare(pixels(svg, subset), pixels(svg, FULL_FONTS))).not.toBe(0);
  }, 30_000);

  it('covers state names and punctuation in both languages, not other scripts', () => {
    expect(subsetCovers('Côte d’Ivoire — Türkiye, São Tomé and Príncipe… «Perú» • 5 %')).toBe(true);
    expect(subsetCovers('Tema: “derechos de las niñas”')).toBe(true);
    expect(subsetCovers('Тема: политзаключённые')).toBe(false);
    expect(subsetCovers('Việt Nam')).toBe(false);
  });
});
