// Other processes as Linux's /proc shows them: their children, CPU time and memory. Used by the
// tests and the benchmarks that run the bot as its own process. Elsewhere than Linux, the readers
// answer empty (no children, zero CPU, no memory figures).
import { readdirSync, readFileSync } from 'node:fs';

/** Fields of /proc/<pid>/stat after the command name (0 = state, 1 = ppid, 11 = utime, 16 = nice); undefined once it is gone. */
export function procStat(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  } catch {
    return undefined;
  }
}

/** The live (not zombie) processes whose parent is `pid`, with their /proc/<pid>/stat fields. */
function childStats(pid: number): [number, string[]][] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return [];
  }
  const out: [number, string[]][] = [];
  for (const p of entries.map(Number)) {
    const s = procStat(p);
    if (s && Number(s[1]) === pid && s[0] !== 'Z') out.push([p, s]);
  }
  return out;
}

/** The live (not zombie) processes whose parent is `pid`. */
export function childrenOf(pid: number): number[] {
  return childStats(pid).map(([p]) => p);
}

/** A field of /proc/<pid>/status in kB, NaN when absent. */
const statusKb = (status: string, name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);

/** RssAnon and RssFile of a process, in MiB (empty once it is gone). */
export function rssKindsOf(pid: number): { anonMb?: number; fileMb?: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return { anonMb: statusKb(status, 'RssAnon') / 1024, fileMb: statusKb(status, 'RssFile') / 1024 };
  } catch {
    return {};
  }
}

/** The RSS of every live child process of `pid`, in bytes. */
export function childrenRssOf(pid: number): number[] {
  const out: number[] = [];
  for (const child of childrenOf(pid)) {
    try {
      const rss = statusKb(readFileSync(`/proc/${child}/status`, 'utf8'), 'VmRSS');
      if (!Number.isNaN(rss)) out.push(rss * 1024);
    } catch {
      // Gone meanwhile.
    }
  }
  return out;
}

// Linux reports CPU time in clock ticks, 100 a second on every platform it runs this on.
const TICK_MS = 10;

export interface CpuSnapshot {
  /** The process's own CPU time (user + system), ms. */
  own: number;
  /** Its children that ended and were waited for, ms (a replaced render process lands here). */
  ended: number;
  /** Each live child's CPU time, ms, by pid. */
  children: Map<number, number>;
}

/** CPU time of `pid` and of its children. */
export function cpuOf(pid: number): CpuSnapshot {
  const ms = (st: string[], from: number) => (Number(st[from]) + Number(st[from + 1])) * TICK_MS;
  const st = procStat(pid);
  const children = new Map<number, number>();
  for (const [child, c] of childStats(pid)) children.set(child, ms(c, 11));
  return { own: st ? ms(st, 11) : 0, ended: st ? ms(st, 13) : 0, children };
}

/** CPU ms between two snapshots of one process: its own, and its children's (ended or not). */
export function cpuBetween(a: CpuSnapshot, b: CpuSnapshot): { own: number; children: number } {
  let children = b.ended - a.ended;
  for (const [pid, ms] of b.children) children += ms - (a.children.get(pid) ?? 0);
  // A child that ended in between is counted whole in `ended`: take off what it had before.
  for (const [pid, ms] of a.children) if (!b.children.has(pid)) children -= ms;
  return { own: b.own - a.own, children };
}
