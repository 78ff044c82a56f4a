// The bot as its own process against the Discord stand-in as another (`npm run sandbox --
// --discord-only`), as in production: a 5,000-row import leaves other servers' commands
// answering while it runs, and a SIGKILL in the middle of one leaves no row of it.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { REST } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client';
import { commandDefinitions } from '../../commands';
import { deployCommands } from '../../src/discord/deploy-commands';
import { SandboxControl } from '../../src/sandbox/control';
import { bigCsv } from '../helpers/big-import';
import { createTestTarget } from '../helpers/db';
import { tsxCommand } from '../helpers/node-process';

interface Proc {
  proc: ChildProcess;
  exited: Promise<void>;
}
const procs: Proc[] = [];
const cleanups: Array<() => Promise<void>> = [];

function start(script: string, args: string[], env: Record<string, string>, readyLine: RegExp, timeoutMs: number): Promise<{ p: Proc; lines: string[] }> {
  const [cmd, argv] = tsxCommand(script, ...args);
  const proc = spawn(cmd, argv, { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const p = { proc, exited };
  procs.push(p);
  const lines: string[] = [];
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  if (process.env.DEBUG_PROC) proc.stdout!.on('data', (d: Buffer) => appendFileSync(`/tmp/proc-${script.replace(/\W/g, '_')}.log`, d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script}: no ${readyLine} within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      lines.push(line);
      if (readyLine.test(line)) {
        clearTimeout(timer);
        resolve({ p, lines });
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${script} exited before ${readyLine}; stderr: ${stderr}`));
    });
  });
}

async function kill(p: Proc, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (p.proc.exitCode === null && p.proc.signalCode === null) p.proc.kill(signal);
  await p.exited;
}

let control: SandboxControl;
let db: Database;
let bot: Proc;
let other: string;
let env: Record<string, string>;

beforeAll(async () => {
  const sandbox = await start('src/sandbox/cli.ts', ['--discord-only'], { SANDBOX_PORT: '0', LOG_LEVEL: 'warn' }, /^DISCORD_APPLICATION_ID=/, 120_000);
  const vars = Object.fromEntries(sandbox.lines.map((l) => l.split('=', 2) as [string, string]));
  expect(Object.keys(vars).sort()).toEqual(['DISCORD_API_URL', 'DISCORD_APPLICATION_ID', 'DISCORD_TOKEN', 'SANDBOX_URL']);
  control = new SandboxControl(vars.SANDBOX_URL!);
  const world = await control.addWorld({ guilds: [{ name: 'Other coalition' }] });
  other = world.guilds.find((g) => g.name === 'Other coalition')!.id;
  const rest = new REST({ api: vars.DISCORD_API_URL! }).setToken(vars.DISCORD_TOKEN!);
  await deployCommands({ rest, applicationId: vars.DISCORD_APPLICATION_ID!, definitions: commandDefinitions() });

  const { target, drop } = await createTestTarget();
  db = openDatabase(target);
  cleanups.push(async () => {
    await db.close();
    await drop();
  });
  env = {
    DATABASE_URL: target.provider === 'sqlite' ? `file:${target.file}` : target.url,
    DISCORD_API_URL: vars.DISCORD_API_URL!,
    DISCORD_TOKEN: vars.DISCORD_TOKEN!,
    DISCORD_APPLICATION_ID: vars.DISCORD_APPLICATION_ID!,
    SCHEDULER_ENABLED: 'false',
    LOG_LEVEL: 'info',
  };
  bot = (await start('src/main.ts', [], env, /"msg":"ready"/, 120_000)).p;
  for (const guild of [undefined, other]) {
    const r = await control.run('/upr add state:Belarus date:2025-11-03', guild ? { guild, user: 'owner' } : {});
    expect(r.content, r.error ?? '').toMatch(/^Added \*\*Belarus\*\*/);
  }
}, 300_000);

afterAll(async () => {
  for (const p of procs.reverse()) await kill(p, 'SIGTERM');
  for (const c of cleanups.reverse()) await c();
});

const csv = bigCsv();
const attachment = { file: { filename: 'upr-info-5000.csv', contentType: 'text/csv', base64: Buffer.from(csv).toString('base64') } };

describe('a 5,000-row import in the bot process', () => {
  let importMs = 0;

  it("keeps other servers' commands answering while it runs", async () => {
    const started = Date.now();
    let done = false;
    const importing = control.run('/intervention import review:Belarus 50', { attachments: attachment, waitMs: 60_000 }).finally(() => (done = true));
    const lists: Array<{ ok: boolean; finishedDuring: boolean }> = [];
    while (!done) {
      const r = await control.run('/upr list', { guild: other, user: 'owner', waitMs: 30_000 });
      lists.push({ ok: r.ok && r.embeds.length === 1, finishedDuring: !done });
    }
    const r = await importing;
    importMs = Date.now() - started;
    expect(r.ok, r.error ?? '').toBe(true);
    expect(r.content).toContain('5000 rows; **5000** recommendations created');
    expect(lists.every((l) => l.ok)).toBe(true);
    // The other server was answered while the import was still running.
    expect(lists.filter((l) => l.finishedDuring).length).toBeGreaterThan(0);
    expect(await db.prisma.recommendation.count()).toBe(5000);
  }, 240_000);

  it('leaves no row of an import killed half-way', async () => {
    const review = await db.prisma.review.findFirstOrThrow({ where: { guildId: other } });
    let answered = false;
    const importing = control.run('/intervention import review:Belarus 50', { guild: other, user: 'owner', attachments: attachment, waitMs: 20_000 }).then((r) => (answered = r.ok && /created/.test(r.content ?? '')));
    // Half of what a whole import took above: inside it, after the file was read.
    const killAfter = Math.max(200, Math.round(importMs / 2));
    await new Promise((r) => setTimeout(r, killAfter));
    const finishedBeforeKill = answered;
    await kill(bot);
    await importing.catch(() => {});
    expect(finishedBeforeKill, `the import finished within ${killAfter} ms, before the kill`).toBe(false);
    expect(await db.prisma.recommendation.count({ where: { reviewId: review.id } })).toBe(0);
    expect(await db.prisma.intervention.count({ where: { reviewId: review.id } })).toBe(0);
    expect(await db.prisma.recommendation.count()).toBe(5000);
  }, 120_000);
});
