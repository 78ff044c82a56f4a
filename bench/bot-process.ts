// Starts bench/bot-child.ts (the real bot) in a child process against a sandbox and talks to it.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseTarget } from '../src/db/database-url';
import type { Sandbox } from '../src/sandbox/server';
import type { ChildMessage, ChildSettings } from './bot-child';
import { bundle } from '../scripts/bundle';
import { childrenRssOf, rssKindsOf } from '../test/helpers/proc';
import { benchRoot, projectRoot, tsxLoader } from './util';

/**
 * How the bot process runs: compiled, through scripts/run.sh as `npm start` runs it (jemalloc
 * where installed; UPR_ALLOCATOR=system in `env` for the C library's malloc), or through tsx;
 * with extra Node flags and environment.
 */
export interface Runtime {
  compiled: boolean;
  nodeArgs?: string[];
  env?: Record<string, string>;
}

export const COMPILED: Runtime = { compiled: true };

let compiledChild: Promise<string> | undefined;
/** bench/bot-child.ts compiled the way `npm run build` compiles the bot (once per run). */
function compiledChildPath(): Promise<string> {
  compiledChild ??= (async () => {
    const outdir = join(benchRoot, '.cache', 'dist');
    await bundle({ 'bot-child': 'bench/bot-child.ts' }, outdir);
    return join(outdir, 'bot-child.js');
  })();
  return compiledChild;
}

export interface BotProcess {
  pid: number;
  readyMs: number;
  readyMemory: NodeJS.MemoryUsage;
  guilds: number;
  memory(opts?: { gc?: boolean }): Promise<NodeJS.MemoryUsage>;
  /** RSS of each process the bot started (its picture render processes), in bytes. */
  childrenRss(): number[];
  /** The bot's RSS by kind (kB, from /proc; empty elsewhere): anonymous memory, and pages of files (the node binary, ICU data, libraries). */
  rssKinds(): { anonMb?: number; fileMb?: number };
  stop(): Promise<void>;
}

export async function startBotProcess(
  sandbox: Sandbox,
  database: DatabaseTarget,
  opts: { scheduler: boolean; logFile: string; timeoutMs?: number; runtime?: Runtime; images?: boolean },
): Promise<BotProcess> {
  const settings: ChildSettings = {
    apiUrl: sandbox.apiUrl,
    token: sandbox.token,
    applicationId: sandbox.applicationId,
    database,
    scheduler: opts.scheduler,
    logLevel: 'warn',
    images: opts.images ?? true,
  };
  const log = createWriteStream(opts.logFile, { flags: 'a' });
  const runtime = opts.runtime ?? COMPILED;
  const script = runtime.compiled ? await compiledChildPath() : join(benchRoot, 'bot-child.ts');
  const env = { ...process.env, ...runtime.env, BENCH_BOT: JSON.stringify(settings) };
  const nodeArgs = ['--expose-gc', ...(runtime.nodeArgs ?? [])];
  // The IPC channel survives run.sh's exec into Node.
  // BENCH_BOT_CPUS=0 (taskset's list) keeps the bot and its render processes on those CPUs, apart
  // from the bench process (the Discord stand-in and the driver) started with `taskset -c 1`.
  const cpus = process.env.BENCH_BOT_CPUS;
  const runSh = ['sh', join(projectRoot, 'scripts', 'run.sh'), ...nodeArgs, script];
  const [command, ...args] = cpus ? ['taskset', '-c', cpus, ...runSh] : runSh;
  const child: ChildProcess = runtime.compiled
    ? spawn(command!, args, { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] })
    : fork(script, [], { cwd: projectRoot, execArgv: ['--import', tsxLoader, ...nodeArgs], env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const first = await new Promise<ChildMessage>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the bot did not get ready within ${opts.timeoutMs ?? 120_000} ms (log: ${opts.logFile})`)), opts.timeoutMs ?? 120_000);
    child.once('message', (m: ChildMessage) => {
      clearTimeout(timer);
      resolve(m);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the bot exited with code ${code} before it was ready (log: ${opts.logFile})`));
    });
  });
  if (first.type !== 'ready') {
    child.kill('SIGKILL');
    throw new Error(`the bot failed to start: ${first.type === 'error' ? first.message : first.type}`);
  }

  const ask = (type: 'memory' | 'gc') =>
    new Promise<NodeJS.MemoryUsage>((resolve, reject) => {
      const onMessage = (m: ChildMessage) => {
        if (m.type !== 'memory') return;
        child.off('message', onMessage);
        resolve(m.memory);
      };
      child.on('message', onMessage);
      if (!child.send({ type })) reject(new Error('the bot process is gone'));
    });

  return {
    pid: child.pid!,
    readyMs: first.readyMs,
    readyMemory: first.memory,
    guilds: first.guilds,
    memory: (o = {}) => ask(o.gc ? 'gc' : 'memory'),
    childrenRss: () => childrenRssOf(child.pid!),
    rssKinds: () => rssKindsOf(child.pid!),
    async stop() {
      if (child.exitCode !== null) return;
      child.send({ type: 'stop' });
      const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 20_000))]);
      if (code === 'timeout') {
        child.kill('SIGKILL');
        await exited;
      }
      log.end();
    },
  };
}
