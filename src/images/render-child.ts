// The render process: draws PNGs for the bot. A process of its own, not a thread, so that resvg's
// native memory, the projected base map and its layers never live in the bot's process, and the
// operating system takes all of it back when the bot replaces this process (src/images/renderer.ts).
import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';
import { prepareSubsetFonts } from './fonts.js';
import { mapLayers } from './map-layers.js';
import { renderPng, type RenderJob } from './render-job.js';

export interface ChildRequest {
  id: number;
  job: RenderJob;
}
/** Every message carries the process's RSS, which the bot uses to decide when to replace it. */
export type ChildReply =
  | { type: 'ready'; rss: number }
  | { type: 'done'; id: number; png: Uint8Array; rss: number }
  | { type: 'failed'; id: number; error: string; rss: number };

/**
 * Lowest CPU priority for every thread of this process: when the cores are busy, the bot's
 * commands go first and pictures wait. Linux keeps a nice value per thread, and V8's and libuv's
 * threads already run when this code starts, so each is lowered; threads started later inherit
 * the main thread's.
 */
function lowerPriority(): void {
  let tids: number[] = [];
  try {
    tids = readdirSync('/proc/self/task').map(Number);
  } catch {
    // No /proc (not Linux): the process's priority is one value there.
  }
  for (const tid of tids.length ? tids : [0]) {
    try {
      setPriority(tid, 19);
    } catch {
      // Not permitted, or the thread is gone: that thread keeps its priority.
    }
  }
}

const send = (m: ChildReply) => process.send?.(m);

if (process.send) {
  lowerPriority();
  // The bot is gone (or let this process go): nothing else will ask for pictures.
  process.on('disconnect', () => process.exit(0));
  // The land's layers (and the projected base map under them): drawn once, before the first job.
  mapLayers();
  // Without the subset (say the temporary folder is read-only), pictures use the full fonts.
  await prepareSubsetFonts().catch(() => undefined);
  process.on('message', ({ id, job }: ChildRequest) => {
    try {
      const png = renderPng(job);
      send({ type: 'done', id, png, rss: process.memoryUsage.rss() });
    } catch (err) {
      send({ type: 'failed', id, error: err instanceof Error ? err.message : String(err), rss: process.memoryUsage.rss() });
    }
  });
  send({ type: 'ready', rss: process.memoryUsage.rss() });
}
