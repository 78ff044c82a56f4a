// SVG -> PNG with resvg (Rust, prebuilt binary from the npm registry; no browser), with the
// fonts of fonts.ts. The PNG has a palette (indexed-png.ts) that keeps every colour the SVG
// names exactly.
import { Resvg } from '@resvg/resvg-js';
import { indexedPng } from './indexed-png.js';
import { FONT } from './svg.js';

/** `fonts`: the font files to lay out the text with (fonts.ts). */
export function rasterise(svg: string, fonts: readonly string[]): Buffer {
  const resvg = new Resvg(svg, { font: { fontFiles: [...fonts], loadSystemFonts: false, defaultFontFamily: FONT }, shapeRendering: 2, textRendering: 1 });
  const image = resvg.render();
  const named = svg.match(/#[0-9a-f]{6}\b/gi) ?? [];
  return indexedPng(image.pixels, image.width, image.height, named) ?? image.asPng();
}
