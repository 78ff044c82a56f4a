// Pictures for a Spanish reader: titles, legends, bar labels, the small print, the embed texts and
// the alt text in Spanish, with Spanish state names sorted the Spanish way; the words travel in
// the render job as data, so the drawing side needs no translator.
import { describe, expect, it } from 'vitest';
import { chartSvg } from '../../src/images/chart-svg';
import { outcomePicture } from '../../src/images/outcome-picture';
import { summaryReply } from '../../src/images/reply-images';
import type { ImageRenderer } from '../../src/images/renderer';
import { summaryPictures } from '../../src/images/summary-picture';
import { createLogger } from '../../src/logging/logger';
import type { OutcomeRow } from '../../src/services/interventions';
import { foundingSummary, LABEL } from '../helpers/founding';

const log = createLogger('silent');

describe('summary pictures in Spanish', () => {
  it('map: categories, legend, subtitle, small print and alt text', () => {
    const p = summaryPictures(foundingSummary(true), LABEL, 'es');
    expect(p.mapText.split('\n')).toEqual([
      '• Recomendó sobre "political prisoners": **30**',
      '• Tomó la palabra, no sobre este tema: **1**',
      '• No tomó la palabra: **163**',
    ]);
    expect(p.map.title).toBe(`Quién tomó la palabra — ${LABEL}`);
    expect(p.map.subtitle).toBe('Tema "political prisoners": Estados que recomendaron sobre él: 30; recomendaciones: 1');
    expect(p.map.legend.map((l) => l.label)).toEqual([
      'Recomendó sobre "political prisoners" (30)',
      'Tomó la palabra, no sobre este tema (1)',
      'No tomó la palabra (163)',
      'Estado examinado: Belarús',
    ]);
    expect(p.map.footnote).toBe('Fronteras: Natural Earth. Los Estados pequeños se dibujan como puntos.');
    // Spanish names in Spanish order: Alemania first, Suiza on its own.
    expect(p.mapAlt).toMatch(/^Mapa mundial de .*, tema "political prisoners", con los Estados coloreados según lo que hicieron\. Recomendó sobre "political prisoners": 30 \(Albania, Alemania, Australia, /);
    expect(p.mapAlt).toContain('Tomó la palabra, no sobre este tema: 1 (Suiza).');
    expect(p.mapAlt).toContain('Estado examinado: Belarús: 1.');
    expect(p.mapAlt).toMatch(/ y \d+ más\)/);
    expect(p.mapAlt.length).toBeLessThanOrEqual(1024);
  });

  it('chart: group names, bar labels with plural forms, legend, embed text and alt text', () => {
    const p = summaryPictures(foundingSummary(false), LABEL, 'es');
    expect(p.chart.rows.map((r) => r.label)).toEqual(['África', 'Asia-Pacífico', 'Europa Oriental', 'América Latina y el Caribe', 'Europa Occidental y otros']);
    expect(p.chart.words.bars[1]).toEqual({ states: '1 Estado', recommendations: '1 recomendación' });
    expect(p.chart.words.bars[4]).toEqual({ states: '19 Estados', recommendations: '2 recomendaciones' });
    expect(p.chartText.split('\n')[4]).toBe('• Europa Occidental y otros: Estados que tomaron la palabra: 19; recomendaciones: 2 (apoyadas: 0, anotadas: 1, pendientes: 1)');
    expect(p.chartAlt).toMatch(/^Gráfico de barras por grupo regional de la ONU\. África: /);
    const svg = chartSvg(p.chart);
    for (const word of ['Por grupo regional de la ONU', 'Tomaron la palabra', 'Apoyadas', 'Anotadas', 'Pendientes', '19 Estados', '1 recomendación']) expect(svg).toContain(word);
    expect(svg).not.toMatch(/Took the floor|Supported|Noted|Pending|\d+ states?\b|recommendations?\b/);
  });

  it('the reply: embed titles in Spanish, a failed drawing noted in Spanish', async () => {
    const drawing = (fail: boolean): Pick<ImageRenderer, 'render'> => ({ render: async (job) => (fail ? Promise.reject(new Error('gone')) : Buffer.from(job.kind)) });
    const r = await summaryReply(foundingSummary(true), LABEL, { title: 'Resumen' }, log, 'es', drawing(false));
    expect(r.embeds!.map((e) => e.title)).toEqual(['Resumen', 'Mapa', 'Por grupo regional de la ONU']);
    expect(r.files![0]!.description).toMatch(/^Mapa mundial de /);
    const failed = await summaryReply(foundingSummary(true), LABEL, { title: 'Resumen', footer: { text: 'Nota' } }, log, 'es', drawing(true));
    expect(failed.embeds![0]!.footer).toEqual({ text: 'Nota · Esta vez no se pudo dibujar el mapa.' });
  });
});

describe('outcome picture in Spanish', () => {
  it('categories, legend and alt text', () => {
    const row = (stateCode: string, sent: boolean, intervened: boolean, recommendedAsk: boolean | null) => ({ stateCode, sent, intervened, recommendedAsk, letters: [] }) as unknown as OutcomeRow;
    const o = outcomePicture([row('DEU', true, true, true), row('ARG', true, false, null), row('BRA', false, false, null)], 'BLR', LABEL, 'es');
    expect(o.text.split('\n')).toEqual([
      '• Carta enviada; intervino y recomendó lo que se pedía: **1**',
      '• Carta enviada; no intervino: **1**',
      '• Carta no enviada; no intervino: **1**',
    ]);
    expect(o.map.title).toBe(`Cartas y resultado — ${LABEL}`);
    expect(o.map.subtitle).toBe('Estados a los que se escribió: 3; cartas enviadas: 2; intervinieron: 1; recomendaron lo que se pedía: 1');
    expect(o.map.legend.map((l) => l.label)).toContain('Rayado: carta no enviada (1)');
    expect(o.alt).toContain('Belarús es el Estado examinado.');
    expect(o.alt).toContain('Carta enviada; no intervino: 1 (Argentina).');
    expect(o.alt).toContain('Carta no enviada; no intervino: 1 (Brasil).');
  });
});
