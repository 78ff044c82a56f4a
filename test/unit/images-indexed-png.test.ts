// The palette PNG of the pictures: lossless up to 256 colours; beyond, every colour the picture
// names is kept exactly and the others take the nearest palette colour; anything not opaque is
// left to the caller's RGBA PNG.
import { describe, expect, it } from 'vitest';
import { indexedPng } from '../../src/images/indexed-png';
import { decodePng } from '../helpers/png';

const W = 40;
const H = 30;
/** RGBA pixels from a colour function of (x, y), "#rrggbb". */
function image(colour: (x: number, y: number) => string, alpha = 255): Uint8Array {
  const px = new Uint8Array(W * H * 4);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const c = colour(x, y);
      px.set([parseInt(c.slice(1, 3), 16), parseInt(c.slice(3, 5), 16), parseInt(c.slice(5, 7), 16), alpha], (y * W + x) * 4);
    }
  return px;
}
const rgb = (r: number, g: number, b: number) => `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;

describe('indexed PNG', () => {
  it('is lossless with at most 256 colours', () => {
    const colour = (x: number, y: number) => {
      const v = (x * 7 + y * 13) % 256;
      return rgb(v, 255 - v, (v * 3) % 256);
    };
    const png = indexedPng(image(colour), W, H)!;
    expect(png[25]).toBe(3); // IHDR colour type: palette
    const pic = decodePng(png);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) expect(pic.at(x, y)).toBe(colour(x, y));
  });

  it('beyond 256 colours keeps the named ones exactly, even when rare, and gives the rest the nearest colour', () => {
    // 200 common colours, and ~400 rare ones a step or two off them (as anti-aliasing makes):
    // over 256 in all. One pixel has the named colour, which the most common colours alone would
    // leave out of the palette.
    const named = '#0072b2';
    const colour = (x: number, y: number) => {
      if (x === 5 && y === 5) return named;
      const k = (x + y * W) % 200;
      return rgb(k, 255 - k, (x + y) % 3 === 0 ? 100 + ((x * y) % 4) + 1 : 100);
    };
    const pic = decodePng(indexedPng(image(colour), W, H, [named, '#123456'])!);
    expect(pic.at(5, 5)).toBe(named);
    let far = 0;
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const [a, b] = [pic.at(x, y), colour(x, y)].map((c) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)));
        far = Math.max(far, ...a!.map((v, i) => Math.abs(v - b![i]!)));
      }
    // The nearest colour, not an arbitrary one: a rare colour lands on its common neighbour.
    expect(far).toBeLessThanOrEqual(4);
  });

  it('leaves a picture that is not opaque to the RGBA PNG', () => {
    expect(indexedPng(image(() => '#ffffff', 128), W, H)).toBeUndefined();
  });
});
