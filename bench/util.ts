// Small shared pieces of the benchmarks: paths, statistics, the figure record.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const benchRoot = dirname(fileURLToPath(import.meta.url));
export const projectRoot = resolve(benchRoot, '..');
export const tsxLoader = pathToFileURL(join(projectRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Nearest-rank percentile (p in 0..100) of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1]!;
}

export const median = (samples: readonly number[]) => percentile(samples, 50);

export type Engine = 'sqlite' | 'postgresql';

export interface Figure {
  /** e.g. "cmd.upr-list.p99.large" */
  name: string;
  engine: Engine | '-';
  value: number;
  unit: string;
  /** Human-readable target, e.g. "<= 50 ms"; "" when the figure is information only. */
  target: string;
  /** undefined: information only, no target. */
  pass?: boolean;
  /** Extra facts worth keeping with the figure (sample count, notes). */
  detail?: Record<string, unknown>;
}

export function atMost(value: number, limit: number): boolean {
  return Number.isFinite(value) && value <= limit;
}

export const round = (v: number, digits = 2) => (Number.isFinite(v) ? Math.round(v * 10 ** digits) / 10 ** digits : v);
