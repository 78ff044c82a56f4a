// SVG -> pixels and PNG with resvg (Rust, prebuilt binary from the npm registry; no browser), with
// the fonts of fonts.ts. The PNG has a palette (indexed-png.ts) that keeps every colour the SVG
// names exactly.
import { Resvg } from '@resvg/resvg-js';
import { indexedPng } from './indexed-png.js';
import { FONT } from './svg.js';

export interface Pixels {
  /** RGBA, 4 bytes a pixel, premultiplied by alpha (as resvg renders). */
  pixels: Buffer;
  width: number;
  height: number;
  /** The same as an RGBA PNG. */
  asPng(): Buffer;
}

/** `fonts`: the font files to lay out the text with; `crisp`: no anti-aliasing of shapes. */
export function renderSvg(svg: string, fonts: readonly string[] = [], crisp = false): Pixels {
  const image = new Resvg(svg, { font: { fontFiles: [...fonts], loadSystemFonts: false, defaultFontFamily: FONT }, shapeRendering: crisp ? 0 : 2, textRendering: 1 }).render();
  // resvg's `pixels` copies the image out at each read: read once.
  return { pixels: image.pixels, width: image.width, height: image.height, asPng: () => image.asPng() };
}

/** The colours ("#rrggbb") an SVG names, which its PNG keeps exactly. */
export const namedColours = (svg: string): string[] => svg.match(/#[0-9a-f]{6}\b/gi) ?? [];

export function rasterise(svg: string, fonts: readonly string[]): Buffer {
  const image = renderSvg(svg, fonts);
  return indexedPng(image.pixels, image.width, image.height, namedColours(svg)) ?? image.asPng();
}
