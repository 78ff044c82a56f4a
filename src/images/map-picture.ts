// A map as PNG: the land coloured state by state from the layers drawn once (map-layers.ts), the
// overlay (title, outline of the state under review, dots, legend) rasterised by resvg and laid
// over it, then encoded with a palette.
import { baseMap } from './geography.js';
import { indexedPng, pixelOf } from './indexed-png.js';
import { mapLayers, NO_SHAPE } from './map-layers.js';
import { fillOf, mapOverlaySvg, type MapSpec } from './map-svg.js';
import { BACKGROUND, BORDER, OTHER_LAND } from './palette.js';
import { namedColours, renderSvg } from './rasterise.js';
import { HATCH_STRIPE } from './svg.js';

/** "#rrggbb" as an opaque pixel read as a little-endian 32-bit word (A << 24 | B << 16 | G << 8 | R). */
const opaque = (hex: string): number => (0xff000000 | pixelOf(hex)) >>> 0;

/** `a` and `b` (opaque pixels) mixed, `t` (0-255) of the way towards `b`. */
function mix(a: number, b: number, t: number): number {
  const s = 255 - t;
  const r = ((a & 0xff) * s + (b & 0xff) * t + 127) / 255;
  const g = (((a >>> 8) & 0xff) * s + ((b >>> 8) & 0xff) * t + 127) / 255;
  const bl = (((a >>> 16) & 0xff) * s + ((b >>> 16) & 0xff) * t + 127) / 255;
  return (0xff000000 | (bl << 16) | (g << 8) | r) >>> 0;
}

/** The map's pixels (RGBA, opaque) and the colours it names, which its PNG keeps exactly. */
export function mapPixels(spec: MapSpec, fonts: readonly string[]): { pixels: Uint8Array; width: number; height: number; exact: string[] } {
  const base = baseMap();
  const { width, height, shape, land, border, hatch } = mapLayers();
  const fills = base.shapes.map((s) => fillOf(spec, s.code));
  const colour = Uint32Array.from(fills, (f) => opaque(f.colour));
  const hatched = Uint8Array.from(fills, (f) => (f.hatched ? 1 : 0));
  const background = opaque(BACKGROUND);
  const borderColour = opaque(BORDER);
  const stripe = opaque(HATCH_STRIPE);

  const out = new Uint32Array(width * height).fill(background);
  for (let i = 0; i < out.length; i++) {
    const s = shape[i]!;
    if (s === NO_SHAPE) continue;
    let c = colour[s]!;
    if (hatched[s] && hatch[i]) c = mix(c, stripe, hatch[i]!);
    if (land[i] !== 255) c = mix(background, c, land[i]!);
    if (border[i]) c = mix(c, borderColour, border[i]!);
    out[i] = c;
  }

  // The overlay is premultiplied: each channel is its colour already weighed by its alpha.
  const overlaySvg = mapOverlaySvg(spec, base);
  const overlay = renderSvg(overlaySvg, fonts).pixels;
  const bytes = new Uint8Array(out.buffer);
  for (let i = 0; i < out.length; i++) {
    const p = i * 4;
    const a = overlay[p + 3]!;
    if (a === 0) continue;
    if (a === 255) {
      bytes[p] = overlay[p]!;
      bytes[p + 1] = overlay[p + 1]!;
      bytes[p + 2] = overlay[p + 2]!;
      continue;
    }
    const keep = 255 - a;
    for (let k = 0; k < 3; k++) bytes[p + k] = overlay[p + k]! + Math.round((bytes[p + k]! * keep) / 255);
  }
  const exact = [...namedColours(overlaySvg), ...fills.map((f) => f.colour), BACKGROUND, BORDER, OTHER_LAND];
  return { pixels: bytes, width, height, exact };
}

export function drawMap(spec: MapSpec, fonts: readonly string[]): Buffer {
  const { pixels, width, height, exact } = mapPixels(spec, fonts);
  // Every pixel is opaque (the background is), so the palette PNG always applies.
  return indexedPng(pixels, width, height, exact)!;
}
