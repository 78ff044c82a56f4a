// The images of a reply: attached with alt text and shown in their own embeds; the text embed
// gives way so all embeds stay within Discord's 6,000 characters; a failed drawing still
// leaves a text reply, with a note; with pictures turned off the reply has the counts and no note.
import { describe, expect, it } from 'vitest';
import { summaryReply } from '../../src/images/reply-images';
import type { ImageRenderer } from '../../src/images/renderer';
import { summaryPictures, summaryTexts } from '../../src/images/summary-picture';
import { createLogger } from '../../src/logging/logger';
import { foundingSummary, LABEL } from '../helpers/founding';

const log = createLogger('silent');
const drawing = (fail: boolean | 'map'): Pick<ImageRenderer, 'render'> => ({
  render: async (job) => (fail === true || fail === job.kind ? Promise.reject(new Error('renderer gone')) : Buffer.from(`png of ${job.kind}`)),
});
const size = (e: { title?: string; description?: string; footer?: { text: string } }) => (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0);

describe('reply images', () => {
  it('attaches map and chart with alt text, each in an embed with its counts', async () => {
    const r = await summaryReply(foundingSummary(true), LABEL, { title: 'Summary', description: 'text' }, log, 'en', drawing(false));
    expect(r.files!.map((f) => [f.name, f.data.toString()])).toEqual([['map.png', 'png of map'], ['groups.png', 'png of chart']]);
    expect(r.files![0]!.description).toMatch(/^World map of Belarus/);
    expect(r.embeds!.map((e) => [e.title, e.image?.url])).toEqual([['Summary', undefined], ['Map', 'attachment://map.png'], ['By UN regional group', 'attachment://groups.png']]);
    expect(r.embeds![1]!.description).toContain('Recommended on "political prisoners": **30**');
  });

  it('shortens a long text embed so that every image keeps its description', async () => {
    const lead = { title: 'Summary', description: 'x'.repeat(4096), footer: { text: 'f'.repeat(1500) } };
    const r = await summaryReply(foundingSummary(true), LABEL, lead, log, 'en', drawing(false));
    expect(r.embeds!.reduce((n, e) => n + size(e), 0)).toBeLessThanOrEqual(6000);
    expect(r.embeds![0]!.description!.endsWith('…')).toBe(true);
    expect(r.embeds![2]!.description).toContain('Western European and others');
  });

  it("replies with the text, each picture's counts and a note when the images cannot be drawn", async () => {
    const r = await summaryReply(foundingSummary(true), LABEL, { title: 'Summary', description: 'text' }, log, 'en', drawing(true));
    expect(r.files).toBeUndefined();
    expect(r.embeds![0]).toEqual({ title: 'Summary', description: 'text', footer: { text: 'The map could not be drawn this time.' } });
    expect(r.embeds!.slice(1).map((e) => [e.title, e.image])).toEqual([['Map', undefined], ['By UN regional group', undefined]]);
    expect(r.embeds![1]!.description).toContain('Recommended on "political prisoners": **30**');
  });

  it('with pictures turned off (no renderer): the text and each picture\'s counts, no image and no note', async () => {
    const r = await summaryReply(foundingSummary(true), LABEL, { title: 'Summary', description: 'text' }, log, 'en', null);
    expect(r.files).toBeUndefined();
    expect(r.embeds![0]).toEqual({ title: 'Summary', description: 'text' });
    expect(r.embeds!.slice(1).map((e) => [e.title, e.image])).toEqual([['Map', undefined], ['By UN regional group', undefined]]);
    expect(r.embeds![1]!.description).toContain('Recommended on "political prisoners": **30**');
    expect(r.embeds![2]!.description).toContain('Western European and others');
  });

  it('with pictures turned off, says in words exactly what the pictures would have said (both languages, with and without a theme)', async () => {
    for (const lang of ['en', 'es'] as const) {
      for (const themed of [true, false]) {
        const off = await summaryReply(foundingSummary(themed), LABEL, { title: 'Summary' }, log, lang, null);
        const on = await summaryReply(foundingSummary(themed), LABEL, { title: 'Summary' }, log, lang, drawing(false));
        expect(off.embeds!.map((e) => e.description)).toEqual(on.embeds!.map((e) => e.description));
        const p = summaryPictures(foundingSummary(themed), LABEL, lang);
        expect(summaryTexts(foundingSummary(themed), LABEL, lang)).toEqual({ mapText: p.mapText, mapAlt: p.mapAlt, chartText: p.chartText, chartAlt: p.chartAlt });
      }
    }
  });

  it('attaches the picture that was drawn when the other one failed', async () => {
    const r = await summaryReply(foundingSummary(true), LABEL, { title: 'Summary', description: 'text' }, log, 'en', drawing('map'));
    expect(r.files!.map((f) => f.name)).toEqual(['groups.png']);
    expect(r.embeds!.map((e) => [e.title, e.image?.url])).toEqual([['Summary', undefined], ['Map', undefined], ['By UN regional group', 'attachment://groups.png']]);
    expect(r.embeds![0]!.footer?.text).toBe('The map could not be drawn this time.');
  });
});
