// Draws the chart by UN regional group as SVG: per group, one bar for the states that took the
// floor and one stacked bar for the recommendations by response. Pure; every word comes in the
// spec, already in the reader's language, since the spec crosses to the render worker as data.
import { BACKGROUND, CHART_COLOURS, MUTED_INK } from './palette.js';
import { clip, legend, text } from './svg.js';

export interface GroupRow {
  label: string;
  interventions: number;
  supported: number;
  noted: number;
  pending: number;
}

export interface ChartWords {
  tookFloor: string;
  supported: string;
  noted: string;
  pending: string;
  /** Per row, the labels at the end of its two bars ("30 states", "1 recommendation"). */
  bars: Array<{ states: string; recommendations: string }>;
}

export interface ChartSpec {
  title: string;
  subtitle?: string;
  rows: GroupRow[];
  words: ChartWords;
}

export const CHART_LAYOUT = { width: 1000, top: 92, rowHeight: 66, barHeight: 20, labelWidth: 290, right: 120 } as const;

export function chartHeight(rows: number): number {
  return CHART_LAYOUT.top + rows * CHART_LAYOUT.rowHeight + 70;
}

export const RESPONSE_KEYS = ['supported', 'noted', 'pending'] as const;

export function chartSvg(spec: ChartSpec): string {
  const { width, top, rowHeight, barHeight, labelWidth, right } = CHART_LAYOUT;
  const height = chartHeight(spec.rows.length);
  const max = Math.max(1, ...spec.rows.flatMap((r) => [r.interventions, r.supported + r.noted + r.pending]));
  const span = width - labelWidth - right;
  const scale = (n: number) => (n / max) * span;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="${BACKGROUND}"/>`,
    text(20, 36, clip(spec.title, 75), { size: 24, bold: true }),
  ];
  if (spec.subtitle) parts.push(text(20, 62, clip(spec.subtitle, 110), { size: 16, fill: MUTED_INK }));
  spec.rows.forEach((r, i) => {
    const y = top + i * rowHeight;
    parts.push(text(20, y + barHeight + 6, clip(r.label, 30), { size: 15, bold: true }));
    // The states that took the floor.
    const w = scale(r.interventions);
    parts.push(`<rect x="${labelWidth}" y="${y}" width="${w.toFixed(1)}" height="${barHeight}" fill="${CHART_COLOURS.interventions}"/>`);
    parts.push(text(labelWidth + w + 6, y + 15, spec.words.bars[i]?.states ?? String(r.interventions), { size: 14 }));
    // The recommendations, stacked by response.
    let x = labelWidth;
    const y2 = y + barHeight + 4;
    for (const k of RESPONSE_KEYS) {
      const kw = scale(r[k]);
      if (kw > 0) parts.push(`<rect x="${x.toFixed(1)}" y="${y2}" width="${kw.toFixed(1)}" height="${barHeight}" fill="${CHART_COLOURS[k]}"/>`);
      x += kw;
    }
    parts.push(text(x + 6, y2 + 15, spec.words.bars[i]?.recommendations ?? String(r.supported + r.noted + r.pending), { size: 14 }));
  });
  parts.push(`<line x1="${labelWidth}" y1="${top - 8}" x2="${labelWidth}" y2="${top + spec.rows.length * rowHeight - 16}" stroke="#8c8c8c" stroke-width="1"/>`);
  parts.push(
    legend(
      [
        { label: spec.words.tookFloor, colour: CHART_COLOURS.interventions },
        { label: spec.words.supported, colour: CHART_COLOURS.supported },
        { label: spec.words.noted, colour: CHART_COLOURS.noted },
        { label: spec.words.pending, colour: CHART_COLOURS.pending },
      ],
      20,
      height - 52,
      width - 40,
      4,
    ),
  );
  parts.push('</svg>');
  return parts.join('');
}
