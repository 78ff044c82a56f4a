// The world base map, projected once: one SVG path per country of Natural Earth's 1:50m
// boundaries (world-atlas), keyed by ISO alpha-3, and a dot position for each UN state too small
// to see at this scale (microstates, island states). Building it takes ~200 ms, so it is made
// once per process (in the render worker) and reused by every map.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { geoCentroid, geoNaturalEarth1, geoPath, geoTransform, type GeoProjection, type GeoStream } from 'd3-geo';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import countries from 'world-countries';
import { allStates } from '../states/index.js';

/** The map's frame in the image, in pixels. */
export const MAP_LAYOUT = { width: 1200, height: 780, mapTop: 76, mapBottom: 652, margin: 12 } as const;

/** A state whose drawn shape covers fewer pixels than this is drawn as a dot. */
const MIN_SHAPE_PIXELS = 40;
const ANTARCTICA = '010';

export interface Shape {
  /** ISO alpha-3 of a UN member or observer state; null for other land. */
  code: string | null;
  d: string;
}

export interface Dot {
  code: string;
  /** Where the dot is drawn. */
  x: number;
  y: number;
  /** Where the state is, when the dot had to be moved off it to stay clear of its neighbours' dots. */
  at?: { x: number; y: number };
}

/** A small state's dot, in pixels. */
export const DOT_RADIUS = 4.5;
/** Dots' centres are at least this far apart, so that none hides another: a dot and its ring, and a pixel of sea. */
const DOT_SPACING = 2 * DOT_RADIUS + 2.5;
/** A dot moved further than this from its state gets a line to it. */
const DOT_LEADER_FROM = 3;

/**
 * Pushes apart dots closer than DOT_SPACING, a little at a time until none is: the Lesser
 * Antilles, Israel and Palestine, Qatar and Bahrain would otherwise hide each other.
 */
function spreadDots(dots: Dot[]): void {
  const start = dots.map((d) => ({ x: d.x, y: d.y }));
  for (let round = 0; round < 200; round++) {
    let moved = false;
    for (let i = 0; i < dots.length; i++) {
      for (let j = i + 1; j < dots.length; j++) {
        const a = dots[i]!;
        const b = dots[j]!;
        const distance = Math.hypot(b.x - a.x, b.y - a.y);
        if (distance >= DOT_SPACING - 0.05) continue;
        // Two dots on one point part along a direction of their own.
        const [ux, uy] = distance < 0.01 ? [Math.cos(i + j), Math.sin(i + j)] : [(b.x - a.x) / distance, (b.y - a.y) / distance];
        const half = (DOT_SPACING - distance) / 2;
        a.x -= ux * half;
        a.y -= uy * half;
        b.x += ux * half;
        b.y += uy * half;
        moved = true;
      }
    }
    if (!moved) break;
  }
  dots.forEach((d, i) => {
    const from = start[i]!;
    if (Math.hypot(d.x - from.x, d.y - from.y) > DOT_LEADER_FROM) d.at = from;
  });
}

export interface BaseMap {
  shapes: Shape[];
  dots: Dot[];
}

const require = createRequire(import.meta.url);

function loadLand(): Feature<Geometry, { name: string }>[] {
  const topo = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8')) as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const fc = feature(topo, topo.objects.countries) as FeatureCollection<Geometry, { name: string }>;
  return fc.features.filter((f) => f.id !== ANTARCTICA);
}

let land: Feature<Geometry, { name: string }>[] | undefined;
const landFeatures = () => (land ??= loadLand());

let projection: GeoProjection | undefined;
/** The projection every map uses; tests use it too, to find the pixel of a place. */
export function mapProjection(): GeoProjection {
  const { width, mapTop, mapBottom, margin } = MAP_LAYOUT;
  return (projection ??= geoNaturalEarth1().fitExtent(
    [
      [margin, mapTop],
      [width - margin, mapBottom],
    ],
    { type: 'FeatureCollection', features: landFeatures() },
  ));
}

/** ISO numeric (as Natural Earth ids it, zero-padded) -> alpha-3, for UN member and observer states. */
function numericToAlpha3(): Map<string, string> {
  const states = new Set(allStates().map((s) => s.code));
  const map = new Map<string, string>();
  for (const c of countries) if (states.has(c.cca3) && c.ccn3) map.set(c.ccn3, c.cca3);
  return map;
}

/**
 * Drops projected points closer than `min` pixels to the last one kept: the 1:50m outlines
 * carry far more detail than 1200 pixels show, and every point costs parsing and drawing.
 */
function thinned(min: number) {
  let last: [number, number] | null = null;
  return geoTransform({
    point(this: { stream: GeoStream }, x: number, y: number) {
      if (last && Math.abs(x - last[0]) < min && Math.abs(y - last[1]) < min) return;
      last = [x, y];
      this.stream.point(x, y);
    },
    lineStart(this: { stream: GeoStream }) {
      last = null;
      this.stream.lineStart();
    },
  });
}

function build(): BaseMap {
  const projection = mapProjection();
  const thin = thinned(0.7);
  const path = geoPath({ stream: (s: GeoStream) => projection.stream(thin.stream(s)) }).digits(1);
  const toAlpha3 = numericToAlpha3();
  const shapes: Shape[] = [];
  const dots: Dot[] = [];
  // A state can have several features (Australia and its Ashmore and Cartier Islands): it is
  // small when all of them together are.
  const parts = new Map<string, Feature<Geometry, { name: string }>[]>();
  for (const f of landFeatures()) {
    const code = f.id === undefined ? null : (toAlpha3.get(String(f.id)) ?? null);
    const d = path(f);
    if (d) shapes.push({ code, d });
    if (code) parts.set(code, [...(parts.get(code) ?? []), f]);
  }
  for (const [code, fs] of parts) {
    const areas = fs.map((f) => path.area(f));
    if (areas.reduce((a, b) => a + b, 0) >= MIN_SHAPE_PIXELS) continue;
    // A spherical centroid of the largest part: a planar one of islands on both sides of the
    // antimeridian (Kiribati, Fiji) would fall in the middle of the map.
    const at = projection(geoCentroid(fs[areas.indexOf(Math.max(...areas))]!));
    if (at) dots.push({ code, x: at[0], y: at[1] });
  }
  // States that Natural Earth has no shape for at this scale (Tuvalu): a dot at their
  // position in world-countries.
  for (const c of countries) {
    if (!toAlpha3.has(c.ccn3) || parts.has(c.cca3)) continue;
    const at = projection([c.latlng[1]!, c.latlng[0]!]);
    if (at) dots.push({ code: c.cca3, x: at[0], y: at[1] });
  }
  spreadDots(dots);
  // The GeoJSON (tens of MB of arrays) is not needed once projected.
  land = undefined;
  return { shapes, dots };
}

let cached: BaseMap | undefined;
/** The projected base map, built on first use. */
export function baseMap(): BaseMap {
  return (cached ??= build());
}

/** Where a state's dot is drawn, or undefined when it is drawn as a shape. */
export function dotOf(code: string): Dot | undefined {
  return baseMap().dots.find((d) => d.code === code);
}
