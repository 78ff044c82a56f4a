// The maps and the chart drawn for the founding scenario (Belarus, WG 50: 30 states recommended
// the release of political prisoners; Argentina, written to, did not take the floor), decoded
// and checked pixel by pixel at places found through the maps' own projection.
import { writeFileSync, mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { baseMap, dotOf, DOT_RADIUS, mapProjection } from '../../src/images/geography';
import { OUTCOME_COLOURS, SUMMARY_COLOURS, CHART_COLOURS, DOT_RING } from '../../src/images/palette';
import { renderPng } from '../../src/images/render-job';
import { summaryPictures } from '../../src/images/summary-picture';
import { outcomePicture } from '../../src/images/outcome-picture';
import { CHART_LAYOUT } from '../../src/images/chart-svg';
import type { OutcomeRow } from '../../src/services/interventions';
import { allStates } from '../../src/states';
import { PNG } from 'pngjs';
import { BORDER_WIDTH } from '../../src/images/map-layers';
import { mapPixels } from '../../src/images/map-picture';
import { fillOf, mapOverlaySvg, type MapSpec } from '../../src/images/map-svg';
import { BACKGROUND, BORDER } from '../../src/images/palette';
import { renderSvg } from '../../src/images/rasterise';
import { FULL_FONTS } from '../../src/images/fonts';
import { paint } from '../../src/images/svg';
import { decodePng } from '../helpers/png';
import { foundingSummary, LABEL } from '../helpers/founding';

const outcomeRows: OutcomeRow[] = [
  { stateCode: 'ARG', letters: [], sent: true, intervened: false, recommendedAsk: false, matching: [] },
  { stateCode: 'DEU', letters: [], sent: true, intervened: true, recommendedAsk: true, matching: [] },
  { stateCode: 'CHE', letters: [], sent: true, intervened: true, recommendedAsk: false, matching: [] },
  { stateCode: 'BRA', letters: [], sent: false, intervened: false, recommendedAsk: null, matching: [] },
];

// Inside each country, away from its borders.
const GERMANY: [number, number] = [10.4, 51.0];
const ARGENTINA: [number, number] = [-65, -35];
const BELARUS: [number, number] = [28.0, 53.5];
const SWITZERLAND: [number, number] = [7.2, 46.7];

const keep = (name: string, png: Buffer) => {
  if (!process.env.KEEP_IMAGES) return;
  mkdirSync(process.env.KEEP_IMAGES, { recursive: true });
  writeFileSync(`${process.env.KEEP_IMAGES}/${name}`, png);
};

const luminance = (hex: string) => {
  const n = parseInt(hex.slice(1), 16);
  return 0.2126 * (n >> 16) + 0.7152 * ((n >> 8) & 255) + 0.0722 * (n & 255);
};

/** A dark ring pixel just outside the dot's fill, on the way from its centre to (x+dx, y). */
const ringAround = (pic: ReturnType<typeof decodePng>, x: number, y: number) =>
  [-1, 1].every((dir) => Array.from({ length: 4 }, (_, k) => pic.at(x + dir * (DOT_RADIUS - 1 + k * 0.5), y)).some((c) => luminance(c) < 110));

describe('summary map', () => {
  it('colours states by what they did on the theme, marks the state under review, draws small states as dots', () => {
    const p = summaryPictures(foundingSummary(true), LABEL);
    const png = renderPng({ kind: 'map', spec: p.map });
    keep('summary-map.png', png);
    const pic = decodePng(png);
    expect([pic.width, pic.height]).toEqual([1200, 780]);
    expect(pic.place(...GERMANY)).toBe(SUMMARY_COLOURS.recommended);
    expect(pic.place(...ARGENTINA)).toBe(SUMMARY_COLOURS.absent);
    expect(pic.place(...SWITZERLAND)).toBe(SUMMARY_COLOURS.intervened);
    expect(pic.place(...BELARUS)).toBe(SUMMARY_COLOURS.review);
    // Belarus is outlined: walking east from inside it, a dark border comes before Russia.
    const [bx, by] = mapProjection()(BELARUS)!;
    const east = Array.from({ length: 60 }, (_, i) => pic.at(bx + i, by));
    const firstOther = east.findIndex((c) => c !== SUMMARY_COLOURS.review);
    expect(firstOther).toBeGreaterThan(0);
    expect(east.slice(firstOther, firstOther + 3).some((c) => luminance(c) < 80)).toBe(true);

    for (const small of ['LIE', 'MLT']) {
      const dot = dotOf(small)!;
      expect(dot, small).toBeDefined();
      expect(pic.at(dot.x, dot.y), small).toBe(SUMMARY_COLOURS.recommended);
      // A dot of visible size (not a stray pixel), with its ring.
      expect(pic.countNear(dot.x, dot.y, 3, SUMMARY_COLOURS.recommended), small).toBeGreaterThanOrEqual(20);
      expect(ringAround(pic, dot.x, dot.y), small).toBe(true);
    }
    // A small state that did not take the floor is still drawn, in the "did not" colour.
    const monaco = dotOf('MCO')!;
    expect(pic.at(monaco.x, monaco.y)).toBe(SUMMARY_COLOURS.absent);
    expect(DOT_RING).toBeTruthy();
  });

  it('describes the map with the counts per category', () => {
    const p = summaryPictures(foundingSummary(true), LABEL);
    expect(p.mapText.split('\n')).toEqual([
      '• Recommended on "political prisoners": **30**',
      '• Took the floor, not on this theme: **1**',
      '• Did not take the floor: **163**',
    ]);
    expect(p.mapAlt).toContain('Recommended on "political prisoners": 30 (Albania, Australia, Belgium');
    expect(p.mapAlt).toContain('Took the floor, not on this theme: 1 (Switzerland).');
    expect(p.mapAlt).toContain('Under review: Belarus: 1.');
    expect(p.mapAlt.length).toBeLessThanOrEqual(1024);
  });

  it('without a theme, every state that recommended anything is "made a recommendation"', () => {
    const p = summaryPictures(foundingSummary(false), LABEL);
    const pic = decodePng(renderPng({ kind: 'map', spec: p.map }));
    expect(pic.place(...SWITZERLAND)).toBe(SUMMARY_COLOURS.recommended);
    expect(p.mapText.split('\n')[0]).toBe('• Made a recommendation: **31**');
  });
});

describe('the land', () => {
  it('colours the land as drawing every outline would, but on a few edge pixels', () => {
    const base = baseMap();
    // The same map drawn the slow way: every state's outline filled and stroked, then the overlay.
    const vector = (spec: MapSpec) => {
      const land = base.shapes.map((s) => `<path d="${s.d}" fill="${paint(fillOf(spec, s.code).colour, fillOf(spec, s.code).hatched)}"/>`).join('');
      return mapOverlaySvg(spec, base).replace('</defs>', `</defs><rect width="100%" height="100%" fill="${BACKGROUND}"/><g stroke="${BORDER}" stroke-width="${BORDER_WIDTH}" stroke-linejoin="round">${land}</g>`);
    };
    const maps = [summaryPictures(foundingSummary(true), LABEL).map, outcomePicture(outcomeRows, 'BLR', LABEL).map];
    for (const spec of maps) {
      const expected = renderSvg(vector(spec), FULL_FONTS).pixels;
      const drawn = mapPixels(spec, FULL_FONTS).pixels;
      let off = 0;
      for (let i = 0; i < drawn.length; i += 4) if ([0, 1, 2].some((k) => Math.abs(drawn[i + k]! - expected[i + k]!) > 40)) off++;
      // Measured: 0.04 % of the summary map, 0.02 % of the outcome map.
      expect(off / (drawn.length / 4)).toBeLessThan(0.002);
    }
  });

  it('shows every UN member and observer state: a shape of its own colour, or a dot', () => {
    // A colour of its own for each state, so that its pixels can be counted.
    const states = allStates().map((s) => s.code);
    const colourOf = new Map(states.map((code, i) => [code, `#${(0x100000 + i * 0x010203).toString(16).slice(-6)}`]));
    const png = renderPng({
      kind: 'map',
      spec: { title: 'Every state', fills: Object.fromEntries([...colourOf].map(([code, colour]) => [code, { colour }])), otherStates: { colour: '#cccccc' }, legend: [], footnote: '' },
    });
    const { data } = PNG.sync.read(png);
    const pixels = new Map<string, number>();
    for (let i = 0; i < data.length; i += 4) {
      const hex = `#${[0, 1, 2].map((k) => data[i + k]!.toString(16).padStart(2, '0')).join('')}`;
      pixels.set(hex, (pixels.get(hex) ?? 0) + 1);
    }
    const shapes = new Set(baseMap().shapes.map((s) => s.code));
    // A dot shows its fill whole (34-41 pixels inside its ring); a shape, however small, some
    // pixels of its own between the white borders (Belgium: 8).
    const seen = (code: string) => pixels.get(colourOf.get(code)!) ?? 0;
    const missing = states.filter((code) => (dotOf(code) ? seen(code) < 30 : !shapes.has(code) || seen(code) < 5));
    expect(missing).toEqual([]);
    expect(states.length).toBeGreaterThanOrEqual(195);
  });
});

describe('outcome map', () => {
  it('marks each state written to: letter sent or not, intervened, recommended the ask', () => {
    const o = outcomePicture(outcomeRows, 'BLR', LABEL);
    const png = renderPng({ kind: 'map', spec: o.map });
    keep('outcome-map.png', png);
    const pic = decodePng(png);
    expect(pic.place(...ARGENTINA)).toBe(OUTCOME_COLOURS.silent);
    expect(pic.place(...GERMANY)).toBe(OUTCOME_COLOURS.ask);
    expect(pic.place(...SWITZERLAND)).toBe(OUTCOME_COLOURS.intervened);
    expect(pic.place(...BELARUS)).toBe(OUTCOME_COLOURS.review);
    expect(pic.place(2.5, 46.5)).toBe(OUTCOME_COLOURS.unwritten); // France: not written to
    // Brazil, letter not sent: hatched, so both its colour and white show inside it.
    const [x, y] = mapProjection()([-50, -10])!;
    const around = Array.from({ length: 15 }, (_, i) => pic.at(x + i, y));
    expect(around).toContain(OUTCOME_COLOURS.silent);
    expect(around).toContain('#ffffff');
    expect(o.text.split('\n')).toEqual([
      '• Letter sent, intervened and recommended the ask: **1**',
      '• Letter sent, intervened, not the ask: **1**',
      '• Letter sent, did not intervene: **1**',
      '• Letter not sent, did not intervene: **1**',
    ]);
    expect(o.alt).toContain('Letter sent, did not intervene: 1 (Argentina).');
  });
});

describe('chart by UN regional group', () => {
  it('draws, per group, the states that took the floor and the recommendations by response', () => {
    const p = summaryPictures(foundingSummary(false), LABEL);
    expect(p.chart.rows.map((r) => [r.label, r.interventions, r.supported, r.noted, r.pending])).toEqual([
      ['African', 0, 0, 0, 0],
      ['Asia-Pacific', 1, 0, 0, 1], // Cyprus
      ['Eastern European', 10, 0, 0, 1],
      ['Latin American and Caribbean', 1, 0, 0, 1], // Mexico
      ['Western European and others', 19, 0, 1, 1],
    ]);
    const png = renderPng({ kind: 'chart', spec: p.chart });
    keep('chart.png', png);
    const pic = decodePng(png);
    const { top, rowHeight, barHeight, labelWidth } = CHART_LAYOUT;
    const weog = top + 4 * rowHeight;
    expect(pic.at(labelWidth + 3, weog + barHeight / 2)).toBe(CHART_COLOURS.interventions);
    // Western European and others: one noted (Switzerland and France) and one pending, stacked.
    const recsY = weog + barHeight + 4 + barHeight / 2;
    const bar = Array.from({ length: 200 }, (_, i) => pic.at(labelWidth + 1 + i, recsY));
    expect(bar).not.toContain(CHART_COLOURS.supported);
    expect(bar).toContain(CHART_COLOURS.noted);
    expect(bar).toContain(CHART_COLOURS.pending);
    // African: no bar at all.
    expect(pic.at(labelWidth + 3, top + barHeight / 2)).toBe('#ffffff');
    expect(p.chartText.split('\n')[4]).toBe('• Western European and others: 19 state(s) took the floor; 2 recommendation(s): 0 supported, 1 noted, 1 pending');
  });
});
