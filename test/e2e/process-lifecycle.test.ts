// The bot as an operator runs it: `npm start`'s command (compiled JavaScript, no tsx), stopped by
// SIGTERM within SHUTDOWN_TIMEOUT_MS (exit code 0, or 1 when the deadline passed), and
// SCHEDULER_ENABLED=false keeping a process out of posting.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { commandDefinitions } from '../../commands';
import { deployCommands } from '../../src/discord/deploy-commands';
import { REST } from 'discord.js';
import { createTestTarget } from '../helpers/db';
import { botEnv, distCommand, freePort, projectRoot } from '../helpers/node-process';

const JEMALLOC = '/usr/lib/x86_64-linux-gnu/libjemalloc.so.2';

interface Bot {
  proc: ChildProcess;
  /** Every JSON log line so far. */
  lines: { msg?: string; [k: string]: unknown }[];
  exited: Promise<number | null>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
});

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await Promise.resolve(probe()).catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function world() {
  const sandbox = await startSandbox({ limits: { rateLimits: false } });
  const { target, drop } = await createTestTarget();
  cleanups.push(async () => {
    await sandbox.close();
    await drop();
  });
  const rest = new REST({ api: sandbox.apiUrl }).setToken(sandbox.token);
  await deployCommands({ rest, applicationId: sandbox.applicationId, definitions: commandDefinitions() });
  const url = target.provider === 'sqlite' ? `file:${target.file}` : target.url;
  return { sandbox, target, url };
}

function startBot(cmd: [string, string[]], sandbox: Sandbox, url: string, env: Record<string, string> = {}, cwd = projectRoot): Bot {
  const proc = spawn(cmd[0], cmd[1], {
    cwd,
    env: botEnv(sandbox, url, { LOG_LEVEL: 'info', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Bot['lines'] = [];
  let partial = '';
  proc.stdout!.on('data', (d: Buffer) => {
    const parts = (partial + d.toString()).split('\n');
    partial = parts.pop() ?? '';
    for (const p of parts) {
      try {
        lines.push(JSON.parse(p) as Bot['lines'][number]);
      } catch {
        lines.push({ msg: p });
      }
    }
  });
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  cleanups.push(async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    await exited;
  });
  void exited.then((code) => {
    if (code !== null && code !== 0 && stderr) console.error(`bot ${proc.pid} exited ${code}: ${stderr}`);
  });
  return { proc, lines, exited };
}

const logged = (bot: Bot, msg: string) => bot.lines.find((l) => l.msg === msg);
const ready = (bot: Bot) => waitFor(`pid ${bot.proc.pid} ready`, () => (bot.proc.exitCode === null ? logged(bot, 'ready') : Promise.reject(new Error('exited'))));

/** `npm start`'s command line, taken from package.json, so the test follows what operators run. */
function npmStartCommand(): [string, string[]] {
  const scripts = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const [program, ...args] = scripts.start!.split(/\s+/);
  return [program!, args];
}

describe('the bot process', () => {
  it('npm start runs compiled JavaScript with source maps, no tsx; SIGTERM stops it within the deadline with exit code 0', async () => {
    const { sandbox, url } = await world();
    const port = await freePort();
    const bot = startBot(npmStartCommand(), sandbox, url, { HTTP_PORT: String(port), SHUTDOWN_TIMEOUT_MS: '10000' });
    await waitFor('/readyz 200', async () => ((await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200 ? true : undefined));

    // The start script hands over to Node itself (one process, so signals reach it).
    const argv = readFileSync(`/proc/${bot.proc.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    expect(argv[0]).toMatch(/(^|\/)node$/);
    expect(argv.slice(1)).toEqual(['--enable-source-maps', '--max-semi-space-size=8', '--expose-gc', 'dist/main.js']);
    expect(argv.join(' ')).not.toMatch(/tsx/);
    const environ = readFileSync(`/proc/${bot.proc.pid}/environ`, 'utf8');
    expect(environ).not.toMatch(/NODE_OPTIONS=.*tsx/);
    // jemalloc in use where the system has it.
    const maps = readFileSync(`/proc/${bot.proc.pid}/maps`, 'utf8');
    if (existsSync(JEMALLOC)) expect(maps).toContain('libjemalloc.so.2');
    // And it works as the bot: a command is answered.
    expect((await sandbox.control.run('/upr list')).ok).toBe(true);

    bot.proc.kill('SIGTERM');
    const code = await waitFor('exit', () => Promise.race([bot.exited, new Promise<undefined>((r) => setTimeout(() => r(undefined), 500))]), 20_000);
    expect(code).toBe(0);
    expect(logged(bot, 'stopping')).toMatchObject({ signal: 'SIGTERM', timeoutMs: 10_000 });
    expect(logged(bot, 'stopped')).toBeDefined();
    // It left the gateway.
    expect((await sandbox.control.gateway()).filter((s) => s.connected)).toEqual([]);
  }, 120_000);

  it('SIGTERM while a command is still being answered and the deadline is shorter: exits with code 1 at the deadline', async () => {
    const { sandbox, url } = await world();
    const bot = startBot(distCommand('main'), sandbox, url, { SHUTDOWN_TIMEOUT_MS: '300' });
    await ready(bot);
    // /upr import defers, then edits its reply; the edit is held back far beyond the deadline.
    await sandbox.control.fault({ route: 'PATCH /webhooks/*', delayMs: 8_000 });
    void sandbox.control.run('/upr import session:50', { waitMs: 1_000 }).catch(() => {});
    await waitFor('the deferral', async () => ((await sandbox.control.requests('POST /interactions/*')).length > 0 ? true : undefined));
    bot.proc.kill('SIGTERM');
    const code = await waitFor('exit', () => Promise.race([bot.exited, new Promise<undefined>((r) => setTimeout(() => r(undefined), 500))]), 20_000);
    expect(code).toBe(1);
    expect(logged(bot, 'stop did not finish within SHUTDOWN_TIMEOUT_MS; exiting anyway')).toMatchObject({ timeoutMs: 300 });
    expect(logged(bot, 'stopped')).toBeUndefined();
  }, 120_000);

  it('with SCHEDULER_ENABLED=false a process posts no reminder; the one with the scheduler posts them all', async () => {
    const { sandbox, target, url } = await world();
    const database = openDatabase(target);
    cleanups.push(() => database.close());
    const db = database.prisma;
    const guild = (await sandbox.control.world()).guilds[0]!;
    const channel = guild.channels.find((c) => c.name === 'advocacy') ?? guild.channels[0]!;
    await db.guildSettings.create({ data: { guildId: guild.id, reminderChannelId: channel.id } });
    const review = await db.review.create({ data: { guildId: guild.id, stateCode: 'BLR', session: 50, reviewAt: new Date(Date.now() + 7 * 86_400_000) } });
    const due = new Date(Date.now() - 1000);
    await db.reminder.createMany({
      data: Array.from({ length: 40 }, (_, i) => ({ guildId: guild.id, kind: 'review', reviewId: review.id, itemKey: `review:${review.id}`, leadKey: `t${i}`, eventAt: review.reviewAt!, dueAt: due, runAt: due })),
    });

    const sender = startBot(distCommand('main'), sandbox, url);
    const commandsOnly = startBot(distCommand('main'), sandbox, url, { SCHEDULER_ENABLED: 'false' });
    expect(await ready(commandsOnly)).toMatchObject({ scheduler: false });
    expect(await ready(sender)).toMatchObject({ scheduler: true });
    await waitFor('all 40 posted', async () => ((await db.reminder.count({ where: { status: 'posted' } })) === 40 ? true : undefined));
    const owners = new Set((await db.reminder.findMany({ select: { leaseOwner: true } })).map((r) => r.leaseOwner?.split(':')[1]));
    expect([...owners]).toEqual([String(sender.proc.pid)]);
  }, 120_000);
});
