// The two modes: quick (default, for CI: a few minutes on 2 cores, smaller sizes, fewer
// iterations) and full (`--full`: the full sizes and counts).
import type { DataSize } from './dataset';

export interface Mode {
  name: 'quick' | 'full';
  small: DataSize;
  large: DataSize;
  commands: { iterations: number; warmup: number };
  lateness: { count: number; windowMs: number };
  burst: { count: number; channels: number };
  tick: { iterations: number; warmup: number; due: number };
  memory: { guilds: number; commands: number; settleMs: number; idleMs: number };
  startup: { runs: number; guilds: number };
  /**
   * Render samples (map and chart each); other servers' command rounds for each kind of block
   * (quiet, text-only summaries back to back and at the pictures' rate, summaries with pictures),
   * split over `blocks` blocks of each kind.
   */
  images: { iterations: number; warmup: number; blocks: number; rounds: number };
}

const small: DataSize = { label: 'small', guilds: 1, reviews: 20, letters: 38, recommendations: 495, pendingReminders: 1_000 };

export const QUICK: Mode = {
  name: 'quick',
  small,
  large: { label: 'quick-large', guilds: 100, reviews: 5_000, letters: 10_000, recommendations: 50_000, pendingReminders: 100_000 },
  commands: { iterations: 100, warmup: 20 },
  // Same rate as the full mode (1,000 a minute), over 15 s.
  lateness: { count: 250, windowMs: 15_000 },
  burst: { count: 1_000, channels: 200 },
  tick: { iterations: 100, warmup: 20, due: 5 },
  memory: { guilds: 1_000, commands: 2_000, settleMs: 2_000, idleMs: 30_000 },
  startup: { runs: 3, guilds: 1_000 },
  images: { iterations: 200, warmup: 5, blocks: 5, rounds: 300 },
};

export const FULL: Mode = {
  name: 'full',
  small,
  large: { label: 'full-large', guilds: 1_000, reviews: 50_000, letters: 100_000, recommendations: 500_000, pendingReminders: 1_000_000 },
  commands: { iterations: 300, warmup: 30 },
  lateness: { count: 1_000, windowMs: 60_000 },
  burst: { count: 10_000, channels: 2_000 },
  tick: { iterations: 300, warmup: 30, due: 5 },
  memory: { guilds: 1_000, commands: 10_000, settleMs: 3_000, idleMs: 30_000 },
  startup: { runs: 5, guilds: 1_000 },
  images: { iterations: 500, warmup: 10, blocks: 10, rounds: 500 },
};
