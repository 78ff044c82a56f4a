// The render worker thread: draws PNGs so that rasterising never blocks the bot's event loop.
// The base map is projected once, when the worker starts.
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { baseMap } from './geography.js';
import { renderPng, type RenderJob } from './render-job.js';

export interface WorkerRequest {
  id: number;
  job: RenderJob;
}
export type WorkerReply = { id: number; png: Uint8Array } | { id: number; error: string };

if (parentPort) {
  const port = parentPort;
  // Lowest CPU priority for this thread alone (Linux keeps nice values per thread): when cores
  // are scarce, the bot's event loop and other servers' commands go first, images wait.
  try {
    setPriority(19);
  } catch {
    // Not permitted here: render at normal priority.
  }
  baseMap();
  port.on('message', ({ id, job }: WorkerRequest) => {
    let reply: WorkerReply;
    try {
      const png = renderPng(job);
      // A copy that owns its memory, so it can be transferred rather than cloned.
      reply = { id, png: new Uint8Array(png) };
    } catch (err) {
      reply = { id, error: err instanceof Error ? err.message : String(err) };
    }
    port.postMessage(reply, 'png' in reply ? [reply.png.buffer as ArrayBuffer] : []);
  });
}
