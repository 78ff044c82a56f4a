// Draws a world map as SVG: every state filled with the colour the caller chose, small states
// as ringed dots, the state under review outlined, a title and a legend. Pure: the base map
// comes in as a value, and every word in the spec, in the reader's language.
import { BACKGROUND, BORDER, DOT_RING, INK, MUTED_INK, OTHER_LAND } from './palette.js';
import { MAP_LAYOUT, type BaseMap } from './geography.js';
import { clip, hatchPattern, legend, paint, text, type LegendEntry } from './svg.js';

export interface Fill {
  colour: string;
  hatched?: boolean;
}

export interface MapSpec {
  title: string;
  subtitle?: string;
  /** By ISO alpha-3; states not named get `otherStates`. */
  fills: Record<string, Fill>;
  otherStates: Fill;
  /** The state under review: outlined in ink, its dot (if small) larger. */
  focus?: string | null;
  legend: LegendEntry[];
  /** The small print under the map (sources, how small states are drawn). */
  footnote: string;
}

export const DOT_RADIUS = 4.5;
const FOCUS_DOT_RADIUS = 6.5;

export function mapSvg(spec: MapSpec, base: BaseMap): string {
  const { width, height, mapBottom } = MAP_LAYOUT;
  const fillOf = (code: string | null): Fill => (code === null ? { colour: OTHER_LAND } : (spec.fills[code] ?? spec.otherStates));
  const hatches = new Set<string>();
  for (const f of [...Object.values(spec.fills), spec.otherStates, ...spec.legend]) if (f.hatched) hatches.add(f.colour);

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<defs>${[...hatches].map(hatchPattern).join('')}</defs>`,
    `<rect width="${width}" height="${height}" fill="${BACKGROUND}"/>`,
    text(20, 36, clip(spec.title, 90), { size: 24, bold: true }),
  ];
  if (spec.subtitle) parts.push(text(20, 62, clip(spec.subtitle, 130), { size: 16, fill: MUTED_INK }));

  parts.push(`<g stroke="${BORDER}" stroke-width="0.6" stroke-linejoin="round">`);
  for (const s of base.shapes) {
    const f = fillOf(s.code);
    parts.push(`<path d="${s.d}" fill="${paint(f.colour, f.hatched)}"/>`);
  }
  parts.push('</g>');

  const focusShape = spec.focus ? base.shapes.filter((s) => s.code === spec.focus) : [];
  for (const s of focusShape) parts.push(`<path d="${s.d}" fill="none" stroke="${INK}" stroke-width="2" stroke-linejoin="round"/>`);

  // Dots last, so a microstate shows above its neighbours; the focus dot on top of all.
  const dots = [...base.dots].sort((a, b) => Number(a.code === spec.focus) - Number(b.code === spec.focus));
  for (const d of dots) {
    const f = fillOf(d.code);
    const focus = d.code === spec.focus;
    parts.push(
      `<circle cx="${d.x.toFixed(1)}" cy="${d.y.toFixed(1)}" r="${focus ? FOCUS_DOT_RADIUS : DOT_RADIUS}" fill="${paint(f.colour, f.hatched)}" stroke="${focus ? INK : DOT_RING}" stroke-width="${focus ? 2.5 : 1.2}"/>`,
    );
  }

  parts.push(legend(spec.legend, 20, mapBottom + 22, width - 40, 3));
  parts.push(text(width - 12, height - 8, spec.footnote, { size: 12, anchor: 'end', fill: MUTED_INK }));
  parts.push('</svg>');
  return parts.join('');
}
