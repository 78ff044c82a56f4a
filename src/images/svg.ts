// Small helpers shared by the map and the chart: escaping text for SVG, the font, legends.
import { INK } from './palette.js';

export const FONT = 'Noto Sans';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** User text (theme names, state names) inside SVG text or attributes. */
export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Cuts text that would run past `max` characters (the renderer does not wrap). */
export const clip = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

export function text(x: number, y: number, body: string, opts: { size?: number; bold?: boolean; anchor?: 'start' | 'middle' | 'end'; fill?: string } = {}): string {
  const { size = 15, bold = false, anchor = 'start', fill = INK } = opts;
  return `<text x="${x}" y="${y}" font-family="${FONT}" font-size="${size}"${bold ? ' font-weight="700"' : ''} text-anchor="${anchor}" fill="${fill}">${esc(body)}</text>`;
}

/** A diagonal white hatching over a colour: "letter not sent" must not rely on colour alone. */
export const hatchId = (colour: string): string => `hatch-${colour.replace('#', '')}`;
export const HATCH_STRIPE = '#ffffff';
const HATCH_TILE = 'patternUnits="userSpaceOnUse" width="7" height="7" patternTransform="rotate(45)"';
const STRIPE = `<rect width="3" height="7" fill="${HATCH_STRIPE}"/>`;
export function hatchPattern(colour: string): string {
  return `<pattern id="${hatchId(colour)}" ${HATCH_TILE}><rect width="7" height="7" fill="${colour}"/>${STRIPE}</pattern>`;
}
/** The hatching's stripes alone, on nothing, under the id `id`: where a hatched fill turns white. */
export const hatchStripesPattern = (id: string): string => `<pattern id="${id}" ${HATCH_TILE}>${STRIPE}</pattern>`;
export const paint = (colour: string, hatched?: boolean): string => (hatched ? `url(#${hatchId(colour)})` : colour);

export interface LegendEntry {
  label: string;
  colour: string;
  hatched?: boolean;
  /** Drawn as a swatch with a thick outline (the state under review). */
  outlined?: boolean;
}

/** Legend entries in rows of `perRow` columns, starting at (x, y). */
export function legend(entries: LegendEntry[], x: number, y: number, width: number, perRow: number): string {
  const col = width / perRow;
  return entries
    .map((e, i) => {
      const cx = x + (i % perRow) * col;
      const cy = y + Math.floor(i / perRow) * 30;
      const stroke = e.outlined ? ` stroke="${INK}" stroke-width="2.5"` : ` stroke="#8c8c8c" stroke-width="1"`;
      return `<rect x="${cx}" y="${cy}" width="22" height="18" rx="2" fill="${paint(e.colour, e.hatched)}"${stroke}/>${text(cx + 30, cy + 14, clip(e.label, Math.floor(col / 8.2)), { size: 15 })}`;
    })
    .join('');
}
