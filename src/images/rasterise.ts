// SVG -> PNG with resvg (Rust, prebuilt binary from the npm registry; no browser). The font
// ships in an npm package (Noto Sans), so the text looks the same on every machine and no
// system font is read. The PNG has a palette (indexed-png.ts) that keeps every colour the SVG
// names exactly.
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import { indexedPng } from './indexed-png.js';
import { FONT } from './svg.js';

const require = createRequire(import.meta.url);
const FONT_FILES = [
  require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'),
  require.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf'),
];

export function rasterise(svg: string): Buffer {
  const resvg = new Resvg(svg, { font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FONT }, shapeRendering: 2, textRendering: 1 });
  const image = resvg.render();
  const named = svg.match(/#[0-9a-f]{6}\b/gi) ?? [];
  return indexedPng(image.pixels, image.width, image.height, named) ?? image.asPng();
}
