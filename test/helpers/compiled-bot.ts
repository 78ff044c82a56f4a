// The compiled bot in its own process, started by `npm start`'s own script (scripts/run.sh), for
// tests that need it as production runs it: its own event loop, its child processes, its exit.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { projectRoot } from './node-process';
import { waitUntil } from './wait';

export interface CompiledBot {
  process: ChildProcess;
  exited: Promise<unknown>;
  /** Everything it wrote to standard output so far (JSON log lines). */
  output(): string;
  /** Kills it, if it still runs, and waits for its exit. */
  kill(): Promise<void>;
}

/** Starts `sh scripts/run.sh [...args] dist/main.js` with `env` and waits for its "ready" log line. */
export async function startCompiledBot(env: Record<string, string>, args: readonly string[] = []): Promise<CompiledBot> {
  const child = spawn('sh', ['scripts/run.sh', ...args, 'dist/main.js'], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((r) => child.once('exit', r));
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    if (process.env.DEBUG_BOT_LOG) process.stderr.write(d);
  });
  const bot: CompiledBot = {
    process: child,
    exited,
    output: () => out,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
  await waitUntil(() => {
    if (child.exitCode !== null) throw new Error(`the bot exited (${child.exitCode}) before READY:\n${out}`);
    return out.includes('"msg":"ready"');
  }, 'the bot to log "ready"', 60_000);
  return bot;
}

/** Fields of /proc/<pid>/stat after the command name (index 0 = state, 1 = ppid, 16 = nice). */
export const procStat = (pid: number) => readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');

/** The live (not zombie) processes whose parent is `pid` (Linux). */
export function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((p) => {
      try {
        const s = procStat(p);
        return Number(s[1]) === pid && s[0] !== 'Z';
      } catch {
        return false;
      }
    });
}
