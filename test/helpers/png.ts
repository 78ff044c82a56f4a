// Reading PNGs in tests: decode, and the colour of a pixel or of a place on the map.
import { PNG } from 'pngjs';
import { mapProjection } from '../../src/images/geography';

export interface Picture {
  width: number;
  height: number;
  /** "#rrggbb" at (x, y), rounded to the nearest pixel. */
  at(x: number, y: number): string;
  /** The pixel colour at a longitude/latitude, through the maps' own projection. */
  place(lon: number, lat: number): string;
  /** How many pixels within `r` of (x, y) have the colour. */
  countNear(x: number, y: number, r: number, colour: string): number;
}

const hex = (n: number) => n.toString(16).padStart(2, '0');

export function decodePng(data: Buffer): Picture {
  const png = PNG.sync.read(data);
  const projection = mapProjection();
  const at = (x: number, y: number): string => {
    const i = (Math.round(y) * png.width + Math.round(x)) * 4;
    return `#${hex(png.data[i]!)}${hex(png.data[i + 1]!)}${hex(png.data[i + 2]!)}`;
  };
  return {
    width: png.width,
    height: png.height,
    at,
    place(lon, lat) {
      const p = projection([lon, lat])!;
      return at(p[0], p[1]);
    },
    countNear(x, y, r, colour) {
      let n = 0;
      for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) if (dx * dx + dy * dy <= r * r && at(x + dx, y + dy) === colour) n++;
      return n;
    },
  };
}
