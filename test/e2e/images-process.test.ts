// Pictures are drawn outside the bot's process. The compiled bot, started as `npm start` starts it,
// answers /intervention summary with its map and chart while its own process never loads the
// rasteriser or the map libraries (its module loads are logged, its memory map read); the
// pictures come from a render child at the lowest priority. A hung render child costs the
// command its pictures, not its reply (the counts stay), and is replaced; a killed one is
// replaced at once; and the render child goes when the bot goes.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/server';
import type { ReplyResult } from '../../src/sandbox/control-types';
import { addBelarusReview, startCompiledBotOnSandbox, type BotOnSandbox, type CompiledBot } from '../helpers/compiled-bot';
import { projectRoot } from '../helpers/node-process';
import { decodePng } from '../helpers/png';
import { childrenOf, procStat } from '../helpers/proc';

const TIMEOUT_MS = 3_000;
let started: BotOnSandbox | undefined;
let sandbox: Sandbox;
let bot: CompiledBot;
const dir = mkdtempSync(join(tmpdir(), 'upr-images-process-'));
const loadLog = join(dir, 'modules.log');

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Whether a process runs (a zombie, exited but not yet reaped, does not). */
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};
/** Whether a child of the bot has been reaped by it (so the bot has seen it exit). */
const reaped = (pid: number) => {
  try {
    readFileSync(`/proc/${pid}/stat`);
    return false;
  } catch {
    return true;
  }
};
const renderChild = () => childrenOf(bot.process.pid!).find((p) => readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('render-child.js'));

const summary = () => sandbox.control.run('/intervention summary review:Belarus 50', { user: 'member', waitMs: 60_000 });
const drawn = (r: ReplyResult) => r.message!.attachments.map((a) => a.filename);

beforeAll(async () => {
  // `npm start`'s own script, with one more Node flag: the log of the modules the bot loads.
  const hook = pathToFileURL(join(projectRoot, 'test', 'helpers', 'load-log.mjs')).href;
  started = await startCompiledBotOnSandbox({ LOG_LEVEL: 'info', LOAD_LOG: loadLog, IMAGE_RENDER_TIMEOUT_MS: String(TIMEOUT_MS) }, ['--import', hook]);
  ({ sandbox, bot } = started);
  await addBelarusReview(sandbox);
}, 120_000);

afterAll(async () => {
  await started?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('pictures drawn in a render child process', () => {
  it('the compiled bot attaches map and chart, and its own process never loads the rasteriser or the map data', async () => {
    const r = await summary();
    expect(drawn(r)).toEqual(['map.png', 'groups.png']);
    const png = decodePng(Buffer.from(await (await fetch(r.message!.attachments[1]!.url)).arrayBuffer()));
    expect(png.width).toBe(1000);

    const loaded = readFileSync(loadLog, 'utf8').split('\n').filter(Boolean);
    // The log works: it has the bot's own entry and libraries.
    expect(loaded.some((u) => u.endsWith('/dist/main.js'))).toBe(true);
    expect(loaded.some((u) => u.includes('/node_modules/discord.js/'))).toBe(true);
    const heavy = loaded.filter((u) => /@resvg|d3-geo|topojson|world-atlas|subset-font|harfbuzz|render-child/.test(u));
    expect(heavy).toEqual([]);
    // Nor is resvg's native library mapped into the bot's memory.
    expect(readFileSync(`/proc/${bot.process.pid}/maps`, 'utf8')).not.toMatch(/resvg/);

    // The render child has it, and runs at the lowest priority.
    const child = renderChild();
    expect(child).toBeDefined();
    expect(readFileSync(`/proc/${child}/maps`, 'utf8')).toMatch(/resvg/);
    expect(procStat(child!)?.[16]).toBe('19');
  }, 120_000);

  it('a hung render child: the reply comes without pictures but with their counts, and the child is replaced', async () => {
    const hung = renderChild()!;
    process.kill(hung, 'SIGSTOP');
    const started = performance.now();
    const r = await summary();
    expect(performance.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS - 100);
    expect(r.ok).toBe(true);
    // The map was in the hung child's hands; the chart, still waiting, went to its replacement.
    expect(drawn(r)).not.toContain('map.png');
    const embeds = r.embeds as { title?: string; description?: string; image?: unknown; footer?: { text: string } }[];
    expect(embeds[0]!.footer?.text).toMatch(/could not be drawn/);
    expect(embeds[1]).toMatchObject({ title: 'Map' });
    expect(embeds[1]!.image).toBeUndefined();
    // Its counts are still there.
    expect(embeds[1]!.description).toMatch(/\*\*1\*\*/);
    await until('the hung child reaped', () => (reaped(hung) ? true : undefined), 10_000);

    const again = await summary();
    expect(drawn(again)).toEqual(['map.png', 'groups.png']);
    expect(renderChild()).not.toBe(hung);
  }, 120_000);

  it('a killed render child is replaced: the next command has its pictures', async () => {
    const killed = renderChild()!;
    process.kill(killed, 'SIGKILL');
    await until('the killed child reaped', () => (reaped(killed) ? true : undefined), 10_000);
    // Replaced at once, without waiting for a command to ask.
    const replacement = await until('a new render child', () => renderChild(), 10_000);
    expect(replacement).not.toBe(killed);
    expect(drawn(await summary())).toEqual(['map.png', 'groups.png']);
  }, 120_000);

  it('the render child goes when the bot goes', async () => {
    const child = renderChild()!;
    bot.process.kill('SIGTERM');
    await bot.exited;
    await until('the render child gone', () => (alive(child) ? undefined : true), 10_000);
  }, 60_000);
});
