// The bot's side of the render worker: sends a job, gets a PNG back. One worker thread, started
// on first use and restarted if it dies; it does not keep the process alive while idle, and it
// is stopped after a while without work, since its base map and rasteriser hold ~100 MB that
// a bot drawing a few images a day should not keep.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RenderJob } from './render-job.js';
import type { WorkerReply, WorkerRequest } from './render-worker.js';

export interface ImageRenderer {
  render(job: RenderJob): Promise<Buffer>;
  /** Whether a worker thread is up (it starts on first use and stops when idle). */
  readonly running: boolean;
  close(): Promise<void>;
}

interface Pending {
  worker: Worker;
  resolve(png: Buffer): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

// A build runs the compiled .js next to this file. Under tsx or vitest the sources are
// TypeScript: the worker then loads them through tsx's API (a loader flag in a worker's
// execArgv is not honoured by Node 20).
const SOURCE = import.meta.url.endsWith('.ts');
// In a bundle the worker is an entry at the bundle's top level, and this code sits either there
// (inlined into an entry) or one level down (in a shared chunk).
const WORKER_URL = SOURCE
  ? new URL('./render-worker.ts', import.meta.url)
  : [new URL('./render-worker.js', import.meta.url), new URL('../render-worker.js', import.meta.url)].find((u) => existsSync(fileURLToPath(u))) ??
    new URL('./render-worker.js', import.meta.url);

function spawn(): Worker {
  if (!SOURCE) return new Worker(WORKER_URL);
  const api = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(api)}).then((m) => m.tsImport(${JSON.stringify(WORKER_URL.href)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(boot, { eval: true });
}

export function createImageRenderer(opts: { timeoutMs?: number; idleMs?: number } = {}): ImageRenderer {
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const idleMs = opts.idleMs ?? 120_000;
  let worker: Worker | undefined;
  let idle: NodeJS.Timeout | undefined;
  let next = 1;
  const pending = new Map<number, Pending>();

  /** Fails the jobs sent to `w` (all jobs when no worker is named). */
  const failAll = (err: Error, w?: Worker) => {
    for (const [id, p] of pending) {
      if (w && p.worker !== w) continue;
      pending.delete(id);
      clearTimeout(p.timer);
      p.reject(err);
    }
  };

  const start = (): Worker => {
    const w = spawn();
    w.on('message', (m: WorkerReply) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      clearTimeout(p.timer);
      if ('png' in m) p.resolve(Buffer.from(m.png.buffer, m.png.byteOffset, m.png.byteLength));
      else p.reject(new Error(`image rendering failed: ${m.error}`));
      if (![...pending.values()].some((x) => x.worker === w)) {
        w.unref();
        idle = setTimeout(() => {
          if (worker !== w || pending.size) return;
          worker = undefined;
          void w.terminate();
        }, idleMs).unref();
      }
    });
    w.on('error', (err) => {
      if (worker === w) worker = undefined;
      failAll(err, w);
    });
    w.on('exit', (code) => {
      if (worker === w) worker = undefined;
      failAll(new Error(`image worker stopped (exit code ${code})`), w);
    });
    return w;
  };

  return {
    get running() {
      return worker !== undefined;
    },
    render(job) {
      clearTimeout(idle);
      const w = (worker ??= start());
      w.ref();
      const id = next++;
      return new Promise<Buffer>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`image rendering took more than ${timeoutMs} ms`));
          // A worker stuck on one job would hold up every later one: start afresh.
          if (worker === w) worker = undefined;
          void w.terminate();
        }, timeoutMs);
        pending.set(id, { worker: w, resolve, reject, timer });
        w.postMessage({ id, job } satisfies WorkerRequest);
      });
    },
    async close() {
      clearTimeout(idle);
      const w = worker;
      worker = undefined;
      failAll(new Error('image renderer closed'));
      if (w) await w.terminate();
    },
  };
}

let shared: ImageRenderer | undefined;
/** The process's renderer, shared by every command (one worker thread per process). */
export function imageRenderer(): ImageRenderer {
  return (shared ??= createImageRenderer());
}
