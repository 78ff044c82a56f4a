// IMAGES_ENABLED=false, for a small machine: the compiled bot, started as `npm start` starts it,
// answers /intervention summary and /intervention outcome with their text and each picture's
// embed and counts, without images, attachments or a "could not be drawn" note, and never starts
// a render process.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/server';
import type { ReplyResult } from '../../src/sandbox/control-types';
import { addBelarusReview, startCompiledBotOnSandbox, type BotOnSandbox, type CompiledBot } from '../helpers/compiled-bot';
import { childrenOf } from '../helpers/proc';

type Embed = { title?: string; description?: string; image?: unknown; footer?: { text: string } };

let started: BotOnSandbox | undefined;
let sandbox: Sandbox;
let bot: CompiledBot;

const embedsOf = (r: ReplyResult) => r.embeds as Embed[];

beforeAll(async () => {
  started = await startCompiledBotOnSandbox({ LOG_LEVEL: 'info', IMAGES_ENABLED: 'false' });
  ({ sandbox, bot } = started);
  await addBelarusReview(sandbox);
  const letter = await sandbox.control.run('/letter add to:Argentina review:Belarus 50 deadline:30 Sep 2025 sent:25 Sep 2025 ask:"Recommend the release of all political prisoners"');
  expect(letter.ok).toBe(true);
}, 120_000);

afterAll(async () => started?.close());

describe('pictures turned off (IMAGES_ENABLED=false)', () => {
  it('/intervention summary: text and each picture\'s counts, no image, no attachment, no note', async () => {
    const r = await sandbox.control.run('/intervention summary review:Belarus 50', { user: 'member', waitMs: 30_000 });
    expect(r.ok).toBe(true);
    expect(r.message!.attachments).toEqual([]);
    const embeds = embedsOf(r);
    expect(embeds.map((e) => e.title)).toEqual([expect.stringMatching(/^Summary — Belarus/), 'Map', 'By UN regional group']);
    expect(embeds.every((e) => e.image === undefined)).toBe(true);
    expect(embeds[0]!.footer).toBeUndefined();
    expect(embeds[1]!.description!.split('\n')).toEqual(['• Made a recommendation: **1**', '• Took the floor, no recommendation recorded: **0**', '• Did not take the floor: **193**']);
    expect(embeds[2]!.description).toContain('• Western European and others: 1 state(s) took the floor; 1 recommendation(s): 0 supported, 0 noted, 1 pending');
  }, 60_000);

  it('/intervention outcome: its text and the map\'s counts, no image, no attachment, no note', async () => {
    const r = await sandbox.control.run('/intervention outcome review:Belarus 50', { user: 'member', waitMs: 30_000 });
    expect(r.ok).toBe(true);
    expect(r.message!.attachments).toEqual([]);
    const embeds = embedsOf(r);
    expect(embeds[0]!.description).toBe('Wrote to 1 state: 0 intervened, 1 did not.');
    expect(embeds[0]!.footer?.text).not.toMatch(/could not be drawn/);
    expect(embeds[1]).toMatchObject({ title: 'Map', description: '• Letter sent, did not intervene: **1**' });
    expect(embeds[1]!.image).toBeUndefined();
  }, 60_000);

  it('no render process was ever started', () => {
    // One started by the commands above would still be up: they stop after two idle minutes.
    expect(childrenOf(bot.process.pid!).map((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8')).filter((cmd) => cmd.includes('render-child'))).toEqual([]);
  });
});
