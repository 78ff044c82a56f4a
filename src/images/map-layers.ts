// The land of the base map as pixels, drawn once per render process: which shape each pixel
// belongs to, how much of it is land (anti-aliased coasts), how much of it is border line, and
// where a hatched fill's white stripes fall. A map is then coloured pixel by pixel from these
// (map-picture.ts) instead of rasterising ~240 detailed outlines again for every picture, which
// was most of a map's CPU.
import { baseMap, MAP_LAYOUT, type BaseMap } from './geography.js';
import { renderSvg, type Pixels } from './rasterise.js';
import { hatchStripesPattern } from './svg.js';

/** A pixel no shape covers (the sea, the title, the legend). */
export const NO_SHAPE = 0xffff;
export const BORDER_WIDTH = 0.6;

export interface MapLayers {
  width: number;
  height: number;
  /** Per pixel: the index in `BaseMap.shapes` of the shape it belongs to, or NO_SHAPE. */
  shape: Uint16Array;
  /** Per pixel, 0-255: how much of it is land. */
  land: Uint8Array;
  /** Per pixel, 0-255: how much of it the border lines cover. */
  border: Uint8Array;
  /** Per pixel, 0-255: how much of it a hatched fill's stripe covers. */
  hatch: Uint8Array;
}

function svg(body: string, defs = ''): string {
  const { width, height } = MAP_LAYOUT;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><defs>${defs}</defs>${body}</svg>`;
}

function alphaOf({ pixels, width, height }: Pixels): Uint8Array {
  const alpha = new Uint8Array(width * height);
  for (let i = 0; i < alpha.length; i++) alpha[i] = pixels[i * 4 + 3]!;
  return alpha;
}

/** A coast pixel that anti-aliasing partly covers but the crisp drawing left to the sea: the shape of a neighbour. */
function neighbourShape(shape: Uint16Array, width: number, height: number, i: number): number {
  const x = i % width;
  const y = (i - x) / width;
  for (let r = 1; r <= 2; r++) {
    for (let dy = -r; dy <= r; dy++) {
      for (let dx = -r; dx <= r; dx++) {
        const nx = x + dx;
        const ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
        const s = shape[ny * width + nx]!;
        if (s !== NO_SHAPE) return s;
      }
    }
  }
  return NO_SHAPE;
}

export function buildMapLayers(base: BaseMap): MapLayers {
  if (base.shapes.length >= NO_SHAPE) throw new Error(`${base.shapes.length} shapes do not fit the layer's index`);
  const paths = base.shapes.map((s) => `<path d="${s.d}"/>`).join('');

  // Each shape in a colour of its own (its index + 1), without anti-aliasing, so that a pixel's
  // colour names its shape.
  const ids = renderSvg(svg(base.shapes.map((s, i) => `<path d="${s.d}" fill="#${(i + 1).toString(16).padStart(6, '0')}"/>`).join('')), [], true);
  const { width, height } = ids;
  const shape = new Uint16Array(width * height).fill(NO_SHAPE);
  for (let i = 0; i < shape.length; i++) {
    const p = i * 4;
    if (ids.pixels[p + 3] === 255) shape[i] = ((ids.pixels[p]! << 16) | (ids.pixels[p + 1]! << 8) | ids.pixels[p + 2]!) - 1;
  }

  const land = alphaOf(renderSvg(svg(`<g fill="#000000">${paths}</g>`)));
  const coast: number[] = [];
  for (let i = 0; i < shape.length; i++) if (shape[i] === NO_SHAPE && land[i]! > 0) coast.push(i);
  for (const i of coast) shape[i] = neighbourShape(shape, width, height, i);

  const border = alphaOf(renderSvg(svg(`<g fill="none" stroke="#000000" stroke-width="${BORDER_WIDTH}" stroke-linejoin="round">${paths}</g>`)));
  const hatch = alphaOf(renderSvg(svg(`<rect width="${width}" height="${height}" fill="url(#stripes)"/>`, hatchStripesPattern('stripes'))));
  return { width, height, shape, land, border, hatch };
}

let cached: MapLayers | undefined;
/** The layers of the base map, drawn on first use (~100 ms) and kept by the render process. */
export const mapLayers = (): MapLayers => (cached ??= buildMapLayers(baseMap()));
