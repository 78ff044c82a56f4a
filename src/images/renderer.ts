// The bot's side of picture rendering: sends a job to a render process, gets a PNG back.
//
// Pictures are drawn in a child process (src/images/render-child.ts), never in the bot's own: the
// rasteriser's native memory and the base map (projected, and drawn as layers) stay out of the
// bot's process, and the operating system takes them back whenever a render process is replaced.
// A process is replaced after `maxPictures` pictures or once its RSS passes `maxRssMb`; a spare
// is started ahead of that and takes over only once it is warm (base map projected, its layers
// drawn), so a replacement never makes a command wait. A process that dies or takes longer than
// `timeoutMs` over a picture fails that picture (the command replies without it) and is replaced.
// Nothing runs while there is no work: the first picture starts a process, and a while without
// pictures stops them.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setPriority } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ChildReply, ChildRequest } from './render-child.js';
import type { RenderJob } from './render-job.js';

export interface RendererOptions {
  /** A picture not back within this time fails, and its process is killed and replaced. */
  timeoutMs?: number;
  /** Render processes are stopped after this long without a picture to draw. */
  idleMs?: number;
  /** A render process is replaced after drawing this many pictures. */
  maxPictures?: number;
  /** ...or once its resident memory passes this many MiB. */
  maxRssMb?: number;
  /** Pictures waiting beyond this many are refused at once (the command replies without them). */
  maxQueue?: number;
}

export interface RendererStats {
  /** Render processes started. */
  started: number;
  /** Replaced for their picture count or memory, by a warm spare. */
  replaced: number;
  /** Died or hung with a picture in hand (killed after the timeout). */
  failed: number;
  /** Times a picture had to wait for a process to start because no warm one was there. */
  coldStarts: number;
}

export interface RenderProcessInfo {
  pid: number;
  role: 'current' | 'spare' | 'leaving';
  ready: boolean;
  pictures: number;
  rssMb: number;
}

export interface ImageRenderer {
  render(job: RenderJob): Promise<Buffer>;
  /** Whether a render process is up (one starts on first use and they stop when idle). */
  readonly running: boolean;
  /** The render processes alive now. */
  processes(): RenderProcessInfo[];
  stats(): RendererStats;
  close(): Promise<void>;
}

export const RENDERER_DEFAULTS: Required<RendererOptions> = {
  timeoutMs: 20_000,
  idleMs: 120_000,
  // Measured (BENCHMARKS.md): a render process holds ~140-160 MiB once warm and peaks near 300 MiB
  // while drawing; a replacement costs about a second of CPU at the lowest priority.
  maxPictures: 200,
  maxRssMb: 400,
  maxQueue: 100,
};

// A build runs the compiled .js next to this file; under tsx or vitest the sources are
// TypeScript, run through tsx's loader.
const SOURCE = import.meta.url.endsWith('.ts');
// In a bundle the render process is an entry at the bundle's top level, and this code sits either
// there (inlined into an entry) or one level down (in a shared chunk).
const CHILD_PATH = SOURCE
  ? fileURLToPath(new URL('./render-child.ts', import.meta.url))
  : ([new URL('./render-child.js', import.meta.url), new URL('../render-child.js', import.meta.url)].map((u) => fileURLToPath(u)).find((p) => existsSync(p)) ??
    fileURLToPath(new URL('./render-child.js', import.meta.url)));

function spawnChild(): ChildProcess {
  // The bot's own Node flags are not passed on (an --inspect port or a loader of a test would
  // clash or log twice); the environment is, so the allocator chosen by scripts/run.sh applies.
  const execArgv = SOURCE ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] : ['--enable-source-maps'];
  const child = fork(CHILD_PATH, [], { execArgv, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    // The child lowers all its threads itself; this covers its main thread from the start.
    if (child.pid) setPriority(child.pid, 19);
  } catch {
    // Not permitted here, or already gone.
  }
  return child;
}

interface Waiting {
  id: number;
  job: RenderJob;
  resolve(png: Buffer): void;
  reject(err: Error): void;
}

interface Proc {
  child: ChildProcess;
  role: 'current' | 'spare' | 'leaving';
  ready: boolean;
  gone: boolean;
  pictures: number;
  rss: number;
  /** A picture had to wait for this process to get ready. */
  waitedFor?: boolean;
  inHand?: Waiting & { timer: NodeJS.Timeout };
}

export function createImageRenderer(opts: RendererOptions = {}): ImageRenderer {
  const o = { ...RENDERER_DEFAULTS, ...opts };
  const maxRss = o.maxRssMb * 1_048_576;
  // The spare starts this many pictures ahead of the replacement, or within a fifth of the memory bound.
  const ahead = Math.max(1, Math.ceil(o.maxPictures / 10));
  const stats: RendererStats = { started: 0, replaced: 0, failed: 0, coldStarts: 0 };
  const procs = new Set<Proc>();
  const queue: Waiting[] = [];
  let current: Proc | undefined;
  let spare: Proc | undefined;
  let idle: NodeJS.Timeout | undefined;
  let next = 1;
  let closed = false;

  const worn = (p: Proc) => p.pictures >= o.maxPictures || p.rss >= maxRss;
  const wearing = (p: Proc) => p.pictures >= o.maxPictures - ahead || p.rss >= maxRss * 0.8;

  const hold = (p: Proc, on: boolean) => {
    // An idle render process must not keep the bot's process alive.
    if (on) {
      p.child.ref();
      p.child.channel?.ref();
    } else {
      p.child.unref();
      p.child.channel?.unref();
    }
  };

  const leave = (p: Proc) => {
    p.role = 'leaving';
    if (current === p) current = undefined;
    if (spare === p) spare = undefined;
    if (p.inHand || p.gone) return;
    // The process exits when its channel closes; one that does not is killed.
    if (p.child.connected) p.child.disconnect();
    setTimeout(() => p.gone || p.child.kill('SIGKILL'), 5_000).unref();
  };

  /** Fails the picture `p` has in hand; `broken` when `p` died or hung with it. */
  const fail = (p: Proc, err: Error, broken = true) => {
    const w = p.inHand;
    if (!w) return;
    p.inHand = undefined;
    clearTimeout(w.timer);
    if (broken) stats.failed++;
    w.reject(err);
  };

  const start = (role: 'current' | 'spare'): Proc => {
    const p: Proc = { child: spawnChild(), role, ready: false, gone: false, pictures: 0, rss: 0 };
    stats.started++;
    procs.add(p);
    p.child.on('message', (m: ChildReply) => {
      p.rss = m.rss;
      if (m.type === 'ready') {
        p.ready = true;
      } else if (p.inHand?.id === m.id) {
        const w = p.inHand;
        p.inHand = undefined;
        clearTimeout(w.timer);
        if (m.type === 'done') w.resolve(Buffer.from(m.png.buffer, m.png.byteOffset, m.png.byteLength));
        else w.reject(new Error(`image rendering failed: ${m.error}`));
        if (p.role === 'leaving') leave(p);
      }
      pump();
    });
    const gone = (why: string) => {
      if (p.gone) return;
      p.gone = true;
      procs.delete(p);
      const unexpected = p.role !== 'leaving';
      fail(p, new Error(`image renderer stopped (${why})`));
      if (current === p) current = undefined;
      if (spare === p) spare = undefined;
      if (unexpected && !p.ready) {
        // A process that could not even start would fail the same way again: give up on what waits.
        for (const w of queue.splice(0)) w.reject(new Error(`image renderer could not start (${why})`));
      } else if (unexpected) replace();
      pump();
    };
    p.child.on('exit', (code, signal) => gone(signal ?? `exit code ${code}`));
    p.child.on('error', (err) => {
      // Could not be started, or its channel broke: either way it is of no more use.
      const first = !p.gone;
      gone(err.message);
      if (first) p.child.kill('SIGKILL');
    });
    return p;
  };

  /** A process that died or hung is replaced at once, so the next picture finds one warm. */
  const replace = () => {
    if (!closed && !spare) spare = start('spare');
  };

  const dispatch = (p: Proc, w: Waiting) => {
    const timer = setTimeout(() => {
      fail(p, new Error(`image rendering took more than ${o.timeoutMs} ms`));
      // A process stuck on one picture would hold up every later one.
      p.role = 'leaving';
      if (current === p) current = undefined;
      p.child.kill('SIGKILL');
      replace();
      pump();
    }, o.timeoutMs);
    p.inHand = { ...w, timer };
    p.pictures++;
    p.child.send({ id: w.id, job: w.job } satisfies ChildRequest);
  };

  const settleIdle = () => {
    clearTimeout(idle);
    // Closing holds every process until it is gone: one exiting first must not let go of the rest.
    if (closed) return;
    const busy = queue.length > 0 || [...procs].some((p) => p.inHand);
    for (const p of procs) hold(p, busy);
    if (busy || procs.size === 0) return;
    idle = setTimeout(() => {
      for (const p of [...procs]) leave(p);
    }, o.idleMs).unref();
  };

  function pump(): void {
    if (queue.length) {
      if (current && worn(current) && spare?.ready) {
        leave(current);
        stats.replaced++;
      }
      if (!current && spare) {
        current = spare;
        current.role = 'current';
        spare = undefined;
      }
      current ??= start('current');
      if (current.ready && !current.inHand) dispatch(current, queue.shift()!);
      else if (!current.ready && !current.waitedFor) {
        current.waitedFor = true;
        stats.coldStarts++;
      }
      // Worn but its spare is still warming: it keeps drawing meanwhile (no command waits).
      if (!spare && wearing(current)) spare = start('spare');
    }
    settleIdle();
  }

  return {
    get running() {
      return procs.size > 0;
    },
    processes() {
      return [...procs].map((p) => ({ pid: p.child.pid ?? 0, role: p.role, ready: p.ready, pictures: p.pictures, rssMb: p.rss / 1_048_576 }));
    },
    stats() {
      return { ...stats };
    },
    render(job) {
      closed = false;
      return new Promise<Buffer>((resolve, reject) => {
        if (queue.length >= o.maxQueue) {
          reject(new Error(`image rendering refused: ${queue.length} pictures already waiting`));
          return;
        }
        queue.push({ id: next++, job, resolve, reject });
        pump();
      });
    },
    async close() {
      closed = true;
      clearTimeout(idle);
      for (const w of queue.splice(0)) w.reject(new Error('image renderer closed'));
      const all = [...procs];
      for (const p of all) {
        fail(p, new Error('image renderer closed'), false);
        p.role = 'leaving';
      }
      current = spare = undefined;
      await Promise.all(
        all.map(
          (p) =>
            new Promise<void>((resolve) => {
              if (p.gone) return resolve();
              p.child.once('exit', () => resolve());
              // Held until it is gone, so that a caller awaiting this is not left without a loop.
              p.child.ref();
              p.child.kill('SIGKILL');
            }),
        ),
      );
    },
  };
}

let shared: ImageRenderer | undefined;
let sharedOptions: RendererOptions = {};
let enabled = true;

/**
 * Sets the options of the process's renderer (the composition root does, at start). With
 * `enabled: false` no picture is drawn and no render process is ever started.
 */
export function configureImageRenderer({ enabled: on = true, ...opts }: RendererOptions & { enabled?: boolean }): void {
  enabled = on;
  if (!on) {
    // Pictures turned off: processes started before (another configuration) are let go.
    void shared?.close();
    shared = undefined;
    return;
  }
  if (JSON.stringify(opts) === JSON.stringify(sharedOptions)) return;
  sharedOptions = opts;
  // Later pictures go to a renderer with these options; the old one's processes are let go.
  void shared?.close();
  shared = undefined;
}

/** The process's renderer, shared by every command; null when pictures are turned off. */
export function imageRenderer(): ImageRenderer | null {
  if (!enabled) return null;
  return (shared ??= createImageRenderer(sharedOptions));
}

/** Stops the process's render processes, if any were started. */
export async function closeImageRenderer(): Promise<void> {
  await shared?.close();
}
