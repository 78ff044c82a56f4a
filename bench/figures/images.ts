// Figure: images. (1) How long a render process takes to draw a summary's map and chart for a
// big review (120 states, 400 recommendations), from the bot's side (job sent to PNG back),
// replacements after the default number of pictures included. (2) Whether drawing images slows other servers down: the p99 of their commands
// (/upr list, state autocomplete) with no image being drawn, and while one server asks for
// /intervention summary (map and chart) back to back. Quiet and loaded blocks alternate, so
// both are measured under the same conditions of the machine.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createImageRenderer, type RendererStats } from '../../src/images/renderer';
import { summaryPictures } from '../../src/images/summary-picture';
import type { SummaryResult } from '../../src/services/interventions';
import { allStates } from '../../src/states';
import type { SandboxControl } from '../../src/sandbox/control';
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

export interface ImageLoadResult {
  quiet: number[];
  loaded: number[];
  /** Round trips of /intervention summary (with its two images) during the loaded blocks. */
  summaries: number[];
  /** Event-loop delay p99 of this process (where the sandbox runs), quiet and loaded, in ms. */
  sandboxLoopDelayP99: { quiet: number; loaded: number };
}

export async function measureImageLoad(control: SandboxControl, bigReviewId: number, opts: { iterations: number; warmup: number; blocks: number }): Promise<ImageLoadResult> {
  const others = [
    (g: number) => control.run('/upr list', { guild: guildId(g), channel: channelId(g, 0), user: 'admin' }),
    (g: number) => control.autocomplete('/upr list state:Bel', { guild: guildId(g), channel: channelId(g, 0), user: 'admin' }),
  ];
  // The first summary starts a render process (seconds on a busy machine): wait for it.
  const focus = { guild: guildId(0), channel: channelId(0, 0), user: 'admin', waitMs: 30_000 };
  const result: ImageLoadResult = { quiet: [], loaded: [], summaries: [], sandboxLoopDelayP99: { quiet: 0, loaded: 0 } };
  const delay = { quiet: monitorEventLoopDelay({ resolution: 5 }), loaded: monitorEventLoopDelay({ resolution: 5 }) };
  const round = async (into: number[] | null) => {
    for (const [i, run] of others.entries()) {
      const r = await run(1 + i);
      if (!r.ok) throw new Error(`other server's command failed: ${r.error ?? 'no answer'}`);
      into?.push(r.elapsedMs);
    }
  };
  for (let i = 0; i < opts.warmup; i++) {
    await round(null);
    await control.run(`/intervention summary review:#${bigReviewId}`, focus);
  }
  const perBlock = Math.ceil(opts.iterations / opts.blocks);
  for (let b = 0; b < opts.blocks; b++) {
    delay.quiet.enable();
    for (let i = 0; i < perBlock; i++) await round(result.quiet);
    delay.quiet.disable();
    delay.loaded.enable();
    let stop = false;
    const load = (async () => {
      while (!stop) {
        const r = await control.run(`/intervention summary review:#${bigReviewId}`, focus);
        if (!r.ok || !r.message?.attachments.length) throw new Error(`/intervention summary drew no image: ${r.error ?? JSON.stringify(r.embeds).slice(0, 200)}`);
        result.summaries.push(r.elapsedMs);
      }
    })();
    try {
      for (let i = 0; i < perBlock; i++) await round(result.loaded);
    } finally {
      stop = true;
      await load;
      delay.loaded.disable();
    }
  }
  result.sandboxLoopDelayP99 = { quiet: delay.quiet.percentile(99) / 1e6, loaded: delay.loaded.percentile(99) / 1e6 };
  return result;
}
