// Figure: images. (1) How long a render process takes to draw a summary's map and chart for a
// big review (120 states, 400 recommendations), from the bot's side (job sent to PNG back),
// replacements after the default number of pictures included. (2) Whether making images slows
// other servers down: the p99 of their commands (/upr list, state autocomplete) while one server
// asks for /intervention summary back to back on a bot that draws its map and chart, against the
// same on a bot with pictures turned off (the summary's own work without the images: back to
// back, and at the rate of the summaries with pictures), and with no summary at all. The blocks
// alternate, so all are measured under the same conditions of the machine.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createImageRenderer, type RendererStats } from '../../src/images/renderer';
import { summaryPictures } from '../../src/images/summary-picture';
import type { SummaryResult } from '../../src/services/interventions';
import { allStates } from '../../src/states';
import type { SandboxControl } from '../../src/sandbox/control';
import { cpuBetween, cpuOf } from '../../test/helpers/proc';
import { channelId, guildId } from '../dataset';

/** A summary the size of the benchmark's big review, deterministic. */
function bigSummary(): SummaryResult {
  const codes = allStates().map((s) => s.code).filter((c) => c !== 'BLR').slice(0, 120);
  const responses = ['supported', 'noted', 'pending'] as const;
  const byRecommendation = Array.from({ length: 400 }, (_, i) => ({
    response: responses[i % 3]!,
    states: [codes[i % codes.length]!, ...(i % 5 === 0 ? [codes[(i * 7) % codes.length]!] : [])],
    themes: [i % 4 === 0 ? 'political prisoners' : 'freedom of expression'],
  }));
  return {
    review: { id: 1, stateCode: 'BLR', session: 50, reviewAt: new Date('2025-11-03T08:00:00Z') } as SummaryResult['review'],
    zone: 'Europe/Zurich',
    states: codes,
    recommendations: 400,
    byResponse: { supported: 134, noted: 133, pending: 133 },
    byTheme: [],
    byRecommendation,
  };
}

export async function measureRender(iterations: number, warmup: number): Promise<{ map: number[]; chart: number[]; stats: RendererStats }> {
  const renderer = createImageRenderer();
  const p = summaryPictures(bigSummary(), 'Belarus — WG 50 — 3 Nov 2025');
  const out = { map: [] as number[], chart: [] as number[], stats: renderer.stats() };
  try {
    for (let i = 0; i < warmup + iterations; i++) {
      for (const kind of ['map', 'chart'] as const) {
        const started = performance.now();
        await renderer.render(kind === 'map' ? { kind, spec: p.map } : { kind, spec: p.chart });
        if (i >= warmup) out[kind].push(performance.now() - started);
      }
    }
    out.stats = renderer.stats();
  } finally {
    await renderer.close();
  }
  return out;
}

/**
 * What a block runs beside the other servers' commands: nothing (quiet); summaries on the
 * text-only bot back to back; summaries on the text-only bot at the rate the bot with pictures
 * manages (so both give the bot the same number of summaries a second); summaries with pictures
 * back to back.
 */
export type LoadKind = 'quiet' | 'textOnly' | 'textOnlyPaced' | 'pictures';
// In this order (rotated by one a block) the first paced block comes after a block with pictures,
// whose rate it takes.
const KINDS: LoadKind[] = ['quiet', 'textOnly', 'pictures', 'textOnlyPaced'];

export interface ImageLoadResult {
  /** Other servers' round trips, by block kind. */
  others: Record<LoadKind, number[]>;
  /** The quiet blocks' rounds on each bot (they alternate), to show the two bots alike when idle. */
  quietByBot: { textOnly: number[]; pictures: number[] };
  /** Round trips of /intervention summary itself, by block kind (none in quiet blocks). */
  summaries: Record<LoadKind, number[]>;
  /** Time spent in blocks of each kind, in s (summaries a second = count ÷ this). */
  seconds: Record<LoadKind, number>;
  /** Event-loop delay p99 of this process (where both sandboxes run), by block kind, in ms. */
  sandboxLoopDelayP99: Record<LoadKind, number>;
  /**
   * CPU time by block kind, ms: the bots' own processes (both), their render processes, and this
   * process (both sandboxes and the driver): where the work of a summary, and of its pictures, goes.
   */
  cpuMs: Record<LoadKind, { bots: number; render: number; bench: number }>;
  /** Bytes of the pictures attached to each summary with pictures (the files Discord receives). */
  pictureBytes: number[];
}

/**
 * Two bots on copies of the same data set, both running throughout so they meet the same machine:
 * one with pictures, one with IMAGES_ENABLED=false. Blocks of each kind alternate, their order
 * rotating, and the other servers' commands go to the bot the block's summaries go to (in quiet
 * blocks, to each in turn). Pictures ÷ text-only at the same rate is the effect of the pictures
 * alone: the summary's own reads and embeds are in both, as many a second.
 */
export async function measureImageLoad(
  bots: { textOnly: SandboxControl; pictures: SandboxControl },
  /** The two bots' process ids, for their CPU time. */
  pids: { textOnly: number; pictures: number },
  bigReviewId: number,
  opts: { rounds: number; warmup: number; blocks: number },
): Promise<ImageLoadResult> {
  const others = [
    (c: SandboxControl, g: number) => c.run('/upr list', { guild: guildId(g), channel: channelId(g, 0), user: 'admin' }),
    (c: SandboxControl, g: number) => c.autocomplete('/upr list state:Bel', { guild: guildId(g), channel: channelId(g, 0), user: 'admin' }),
  ];
  // The first summary with pictures starts a render process (seconds on a busy machine): wait for it.
  const focus = { guild: guildId(0), channel: channelId(0, 0), user: 'admin', waitMs: 30_000 };
  const each = <T>(f: () => T) => Object.fromEntries(KINDS.map((k) => [k, f()])) as Record<LoadKind, T>;
  const result: ImageLoadResult = {
    others: each(() => []),
    quietByBot: { textOnly: [], pictures: [] },
    summaries: each(() => []),
    seconds: each(() => 0),
    sandboxLoopDelayP99: each(() => 0),
    cpuMs: each(() => ({ bots: 0, render: 0, bench: 0 })),
    pictureBytes: [],
  };
  const cpuNow = () => ({ textOnly: cpuOf(pids.textOnly), pictures: cpuOf(pids.pictures), bench: process.cpuUsage() });
  const delay = each(() => monitorEventLoopDelay({ resolution: 5 }));
  const round = async (c: SandboxControl, into: number[][]) => {
    for (const [i, run] of others.entries()) {
      const r = await run(c, 1 + i);
      if (!r.ok) throw new Error(`other server's command failed: ${r.error ?? 'no answer'}`);
      for (const list of into) list.push(r.elapsedMs);
    }
  };
  const summary = async (bot: 'textOnly' | 'pictures') => {
    const r = await bots[bot].run(`/intervention summary review:#${bigReviewId}`, focus);
    const files = r.message?.attachments.length ?? 0;
    if (!r.ok) throw new Error(`/intervention summary failed: ${r.error ?? 'no answer'}`);
    // Each bot must do what it stands for, or the comparison means nothing.
    if (bot === 'pictures' && !files) throw new Error(`/intervention summary drew no image: ${JSON.stringify(r.embeds).slice(0, 200)}`);
    if (bot === 'textOnly' && files) throw new Error(`the text-only bot attached ${files} file(s)`);
    if (files) result.pictureBytes.push(r.message!.attachments.reduce((n, a) => n + a.size, 0));
    return r.elapsedMs;
  };
  // The pace of the paced blocks: one summary per this many ms, the rate the summaries with
  // pictures reached in the blocks so far (before the first, their mean round trip in the warm-up).
  const warmPictures: number[] = [];
  const pace = () =>
    result.summaries.pictures.length
      ? (result.seconds.pictures * 1000) / result.summaries.pictures.length
      : warmPictures.reduce((a, b) => a + b, 0) / warmPictures.length;
  for (let i = 0; i < opts.warmup; i++) {
    await round(bots.textOnly, []);
    await summary('textOnly');
    await round(bots.pictures, []);
    const ms = await summary('pictures');
    // The first starts the render process.
    if (i > 0) warmPictures.push(ms);
  }
  const perBlock = Math.ceil(opts.rounds / opts.blocks);
  for (let b = 0; b < opts.blocks; b++) {
    // Each kind takes each place in the order in turn, so none always follows another.
    for (const kind of [...KINDS.slice(b % KINDS.length), ...KINDS.slice(0, b % KINDS.length)]) {
      const started = performance.now();
      const cpuBefore = cpuNow();
      delay[kind].enable();
      if (kind === 'quiet') {
        for (let i = 0; i < perBlock; i++) {
          const bot = i % 2 ? 'pictures' : 'textOnly';
          await round(bots[bot], [result.others.quiet, result.quietByBot[bot]]);
        }
      } else {
        const bot = kind === 'pictures' ? 'pictures' : 'textOnly';
        const every = kind === 'textOnlyPaced' ? pace() : 0;
        let stop = false;
        let wake = () => {};
        const load = (async () => {
          // Paced, the first starts half an interval in: a block of length T then holds about
          // T ÷ interval of them (starting at once would add one to every block).
          let next = performance.now() + every / 2;
          while (!stop) {
            const rest = next - performance.now();
            if (rest > 0) await new Promise<void>((r) => ((wake = r), setTimeout(r, rest)));
            if (stop) break;
            const at = performance.now();
            result.summaries[kind].push(await summary(bot));
            next = at + every;
          }
        })();
        try {
          for (let i = 0; i < perBlock; i++) await round(bots[bot], [result.others[kind]]);
        } finally {
          stop = true;
          wake();
          await load;
        }
      }
      delay[kind].disable();
      result.seconds[kind] += (performance.now() - started) / 1000;
      const cpuAfter = cpuNow();
      const [t, p] = [cpuBetween(cpuBefore.textOnly, cpuAfter.textOnly), cpuBetween(cpuBefore.pictures, cpuAfter.pictures)];
      const bench = process.cpuUsage(cpuBefore.bench);
      result.cpuMs[kind].bots += t.own + p.own;
      result.cpuMs[kind].render += t.children + p.children;
      result.cpuMs[kind].bench += (bench.user + bench.system) / 1000;
    }
  }
  for (const k of KINDS) result.sandboxLoopDelayP99[k] = delay[k].percentile(99) / 1e6;
  return result;
}
