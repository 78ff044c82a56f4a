// What a world map says, and the SVG of all that is drawn over its land: small states as ringed
// dots, the state under review outlined, a title and a legend. The land itself, every state
// filled with the colour the caller chose, is coloured from pixels drawn once (map-picture.ts).
// Pure: the base map comes in as a value, and every word in the spec, in the reader's language.
import { DOT_RING, INK, MUTED_INK, OTHER_LAND } from './palette.js';
import { DOT_RADIUS, MAP_LAYOUT, type BaseMap } from './geography.js';
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

const FOCUS_DOT_RADIUS = 6.5;

/** How the map fills a state (a UN code) or other land (null). */
export const fillOf = (spec: MapSpec, code: string | null): Fill => (code === null ? { colour: OTHER_LAND } : (spec.fills[code] ?? spec.otherStates));

/** Everything drawn over the land, on a transparent canvas. */
export function mapOverlaySvg(spec: MapSpec, base: BaseMap): string {
  const { width, height, mapBottom } = MAP_LAYOUT;
  const hatches = new Set<string>();
  for (const f of [...Object.values(spec.fills), spec.otherStates, ...spec.legend]) if (f.hatched) hatches.add(f.colour);

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<defs>${[...hatches].map(hatchPattern).join('')}</defs>`,
    text(20, 36, clip(spec.title, 90), { size: 24, bold: true }),
  ];
  if (spec.subtitle) parts.push(text(20, 62, clip(spec.subtitle, 130), { size: 16, fill: MUTED_INK }));

  const focusShape = spec.focus ? base.shapes.filter((s) => s.code === spec.focus) : [];
  for (const s of focusShape) parts.push(`<path d="${s.d}" fill="none" stroke="${INK}" stroke-width="2" stroke-linejoin="round"/>`);

  // Dots last, so a microstate shows above its neighbours; the focus dot on top of all.
  const dots = [...base.dots].sort((a, b) => Number(a.code === spec.focus) - Number(b.code === spec.focus));
  // A dot moved off its state (to keep clear of its neighbours) points back to it.
  for (const d of dots) {
    if (d.at) parts.push(`<line x1="${d.at.x.toFixed(1)}" y1="${d.at.y.toFixed(1)}" x2="${d.x.toFixed(1)}" y2="${d.y.toFixed(1)}" stroke="${DOT_RING}" stroke-width="0.8"/>`);
  }
  for (const d of dots) {
    const f = fillOf(spec, d.code);
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
