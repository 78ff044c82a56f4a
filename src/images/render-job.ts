// One image to draw, as plain data that can cross to the render process, and the drawing of it.
import { baseMap } from './geography.js';
import { chartSvg, type ChartSpec } from './chart-svg.js';
import { fontFilesFor } from './fonts.js';
import { drawMap } from './map-picture.js';
import { mapOverlaySvg, type MapSpec } from './map-svg.js';
import { rasterise } from './rasterise.js';

export type RenderJob = { kind: 'map'; spec: MapSpec } | { kind: 'chart'; spec: ChartSpec };

/** The SVG that resvg draws for the job: for a map, what lies over its land. */
export function jobSvg(job: RenderJob): string {
  return job.kind === 'map' ? mapOverlaySvg(job.spec, baseMap()) : chartSvg(job.spec);
}

/** Draws the job to PNG; synchronous and CPU-bound (tens of milliseconds): run it in the render process. */
export function renderPng(job: RenderJob): Buffer {
  // Every word a picture shows is in its spec; the rest of the spec is codes, colours and numbers.
  const fonts = fontFilesFor(JSON.stringify(job.spec));
  return job.kind === 'map' ? drawMap(job.spec, fonts) : rasterise(chartSvg(job.spec), fonts);
}
