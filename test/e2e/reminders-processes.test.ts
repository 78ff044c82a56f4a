// Several BOT PROCESSES (`src/main.ts`, exactly what `npm start` runs: gateway, commands and
// scheduler) on one database (SQLite file or PostgreSQL), posting through the real discord.js
// client to the sandbox, which de-duplicates nonces as Discord does:
// - two processes post 2,000 due reminders, each exactly once;
// - four processes post 5,000, one of them SIGKILLed half-way: each exactly once;
// - the crash test: one process SIGKILLed at 20 seeded-random moments and restarted while 1,000
//   reminders are due: afterwards every reminder was posted exactly once (the seed is printed, and
//   TEST_SEED=<seed> replays the same moments);
// - SIGTERM during a burst: the process stops within its shutdown deadline, gives back its claims
//   at once, and another process posts the rest, each once.
// "Exactly once" is checked at the sandbox: one message per reminder nonce, every nonce present,
// and each row's recorded message id is that message.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client';
import { reminderNonce } from '../../src/reminders/keys';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { createTestTarget } from '../helpers/db';
import { tsxCommand } from '../helpers/node-process';
import { waitUntil } from '../helpers/wait';

/** A small seeded generator (mulberry32), so that a failing run's random moments can be replayed. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Setup {
  sandbox: Sandbox;
  database: Database;
  url: string;
  guildId: string;
  channelIds: string[];
  drop(): Promise<void>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
});

async function setup(count: number, channels: number): Promise<Setup> {
  const sandbox = await startSandbox({
    limits: { rateLimits: false },
    world: { channels: Array.from({ length: channels }, (_, i) => ({ name: `campaign-${i}` })) },
  });
  const { target, drop } = await createTestTarget();
  const database = openDatabase(target);
  cleanups.push(async () => {
    await database.close();
    await sandbox.close();
    await drop();
  });
  const world = await sandbox.control.world();
  const guild = world.guilds[0]!;
  const channelIds = guild.channels.filter((c) => c.name.startsWith('campaign-')).map((c) => c.id);
  const db = database.prisma;
  await db.guildSettings.create({ data: { guildId: guild.id, reminderChannelId: channelIds[0]! } });
  const review = await db.review.create({
    data: { guildId: guild.id, stateCode: 'BLR', session: 50, reviewAt: new Date(Date.now() + 7 * 86_400_000), reviewTimeKnown: true },
  });
  const due = new Date(Date.now() - 1000);
  for (let start = 0; start < count; start += 1000) {
    await db.reminder.createMany({
      data: Array.from({ length: Math.min(1000, count - start) }, (_, k) => {
        const i = start + k;
        return {
          guildId: guild.id,
          kind: 'review',
          itemKey: `review:${review.id}`,
          reviewId: review.id,
          leadKey: `t${i}`,
          eventAt: review.reviewAt!,
          dueAt: due,
          runAt: due,
          channelId: channelIds[i % channelIds.length]!,
        };
      }),
    });
  }
  const url = target.provider === 'sqlite' ? `file:${target.file}` : target.url;
  return { sandbox, database, url, guildId: guild.id, channelIds, drop };
}

interface Worker {
  proc: ChildProcess;
  ready: Promise<void>;
  exited: Promise<number | null>;
}

function startWorker(s: Setup, name: string, extra: Record<string, string> = {}): Worker {
  const [cmd, args] = tsxCommand('src/main.ts');
  const proc = spawn(cmd, args, {
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: s.url,
      DISCORD_API_URL: s.sandbox.apiUrl,
      DISCORD_TOKEN: s.sandbox.token,
      DISCORD_APPLICATION_ID: s.sandbox.applicationId,
      LOG_LEVEL: 'info',
      // Short, so a killed process's claims come back quickly.
      SCHEDULER_LEASE_MS: '3000',
      // The sandbox runs without rate limits here; let each process go faster than Discord's 50/s.
      DISCORD_GLOBAL_RPS: '1000',
      ...extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-4000));
  proc.stderr!.on('data', keep);
  const ready = new Promise<void>((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => {
      keep(d);
      if (/"msg":"ready"/.test(d.toString())) resolve();
    });
    proc.once('exit', (code, signal) => reject(new Error(`bot ${name} exited (${code ?? signal}) before READY: ${output}`)));
  });
  ready.catch(() => {});
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  cleanups.push(async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    await exited;
  });
  return { proc, ready, exited };
}

async function kill(w: Worker): Promise<void> {
  if (w.proc.exitCode === null && w.proc.signalCode === null) w.proc.kill('SIGKILL');
  await w.exited;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function posted(s: Setup): Promise<number> {
  return s.database.prisma.reminder.count({ where: { status: 'posted' } });
}

async function waitForAll(s: Setup, count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await posted(s)) === count) return;
    await sleep(100);
  }
  const byStatus = await s.database.prisma.reminder.groupBy({ by: ['status'], _count: true });
  throw new Error(`not all posted within ${timeoutMs} ms: ${JSON.stringify(byStatus)}`);
}

/** Every row posted, one sandbox message per nonce, and the rows point at those messages. */
async function expectExactlyOnce(s: Setup, count: number): Promise<{ posts: number; messages: number; owners: number }> {
  const rows = await s.database.prisma.reminder.findMany();
  expect(rows).toHaveLength(count);
  expect(rows.filter((r) => r.status !== 'posted')).toEqual([]);
  const messages = await s.sandbox.control.allMessages();
  const byNonce = new Map<string, string[]>();
  for (const m of messages) byNonce.set(String(m.nonce), [...(byNonce.get(String(m.nonce)) ?? []), m.id]);
  const doubled = [...byNonce.entries()].filter(([, ids]) => ids.length > 1);
  expect(doubled).toEqual([]);
  expect(messages).toHaveLength(count);
  for (const r of rows) expect(byNonce.get(reminderNonce(r))).toEqual([r.messageId]);
  // Posts that reached the channel (created a message, or were answered with it again by nonce).
  // Requests refused with 429 are not counted: several processes share Discord's global limit,
  // so one may be told to wait and send again, which posts nothing twice.
  const posts = (await s.sandbox.control.requests('POST /channels/*/messages')).filter((r) => r.status < 300).length;
  return { posts, messages: messages.length, owners: new Set(rows.map((r) => r.leaseOwner)).size };
}

describe('several scheduler processes on one database', () => {
  it('two processes post 2,000 due reminders, each exactly once', async () => {
    const s = await setup(2000, 20);
    const started = Date.now();
    // Nothing is killed here: a lease longer than any stall of a loaded machine, so that a post is
    // never taken over (and sent again) by the other process while its owner is still at it.
    const workers = [startWorker(s, 'a', { SCHEDULER_LEASE_MS: '20000' }), startWorker(s, 'b', { SCHEDULER_LEASE_MS: '20000' })];
    await Promise.all(workers.map((w) => w.ready));
    await waitForAll(s, 2000, 60_000);
    const seconds = (Date.now() - started) / 1000;
    const result = await expectExactlyOnce(s, 2000);
    expect(result.owners).toBe(2); // both processes posted
    expect(result.posts).toBe(2000); // no post was even sent twice
    console.info(`[reminders] 2 processes, 2000 reminders: ${seconds.toFixed(1)} s, ${result.posts} POSTs, ${result.messages} messages`);
    await Promise.all(workers.map(kill));
  }, 120_000);

  it('four processes post 5,000, one SIGKILLed half-way: each exactly once', async () => {
    const s = await setup(5000, 50);
    const started = Date.now();
    const workers = ['a', 'b', 'c', 'd'].map((n) => startWorker(s, n, { DISCORD_GLOBAL_RPS: '100' }));
    await Promise.all(workers.map((w) => w.ready));
    await waitUntil(async () => (await posted(s)) >= 2500, 'half of the 5,000 posted', 110_000);
    await kill(workers[0]!);
    const atKill = await posted(s);
    await waitForAll(s, 5000, 110_000);
    const seconds = (Date.now() - started) / 1000;
    const result = await expectExactlyOnce(s, 5000);
    console.info(
      `[reminders] 4 processes, 5000 reminders, one killed at ${atKill} posted: ${seconds.toFixed(1)} s, ` +
        `${result.posts} POSTs (${result.posts - 5000} re-sent and de-duplicated by nonce), ${result.messages} messages`,
    );
    await Promise.all(workers.map(kill));
  }, 240_000);

  it('crash test: SIGKILL at 20 seeded-random moments while 1,000 are due; each posted exactly once', async () => {
    const seed = Number(process.env.TEST_SEED ?? Date.now() % 2 ** 31);
    const random = seededRandom(seed);
    const replay = `(seed ${seed}; replay with TEST_SEED=${seed})`;
    const s = await setup(1000, 20);
    const started = Date.now();
    const kills: number[] = [];
    /** Rows the killed process held (claimed, not recorded) at each kill. */
    const stranded: number[] = [];
    // Held to 25 posts/s so that kills land while it is posting.
    const slow = { DISCORD_GLOBAL_RPS: '25' };
    for (let round = 0; round < 20; round++) {
      const w = startWorker(s, `crash${round}`, slow);
      const before = await posted(s);
      if (round % 2 === 0) {
        // A moment anywhere from start-up through claiming and posting.
        await sleep(200 + random() * 1500);
      } else {
        // A moment while it posts: after it made progress, a random instant later.
        await w.ready;
        await waitUntil(async () => (await posted(s)) > before, `process ${round} to post something ${replay}`, 20_000);
        await sleep(random() * 300);
      }
      // Still running when killed: the kill, not a crash of its own, ended it.
      expect(w.proc.exitCode, `process ${round} exited on its own ${replay}`).toBeNull();
      await kill(w);
      expect(w.proc.signalCode).toBe('SIGKILL');
      kills.push(await posted(s));
      stranded.push(await s.database.prisma.reminder.count({ where: { status: 'claimed', leaseOwner: { contains: `:${w.proc.pid}:` } } }));
    }
    const atLastKill = kills[kills.length - 1]!;
    const last = startWorker(s, 'final', { DISCORD_GLOBAL_RPS: '1000' });
    await waitForAll(s, 1000, 60_000);
    const seconds = (Date.now() - started) / 1000;
    const result = await expectExactlyOnce(s, 1000);
    console.info(
      `[reminders] crash test ${replay}: ${kills.length} SIGKILLs (posted after each: ${kills.join(',')}; ` +
        `claims left by the killed process: ${stranded.join(',')}), ` +
        `${atLastKill} posted before the last restart; all 1000 after ${seconds.toFixed(1)} s; ` +
        `${result.posts} POSTs (${result.posts - 1000} re-sent and de-duplicated by nonce), ${result.messages} messages`,
    );
    expect(atLastKill, `the kills happened while reminders were still due ${replay}`).toBeLessThan(1000);
    expect(kills.some((k, i) => k > (kills[i - 1] ?? 0)), `posting progressed between kills ${replay}`).toBe(true);
    expect(stranded.filter((c) => c > 0).length, `some kills hit a process mid-batch ${replay}`).toBeGreaterThan(0);
    await kill(last);
  }, 240_000);

  it('SIGTERM during a burst: exits within its shutdown deadline, releases its claims, another process posts the rest once', async () => {
    const s = await setup(1000, 20);
    // A lease far longer than the test: the rest can only be posted soon if the claims were released.
    const a = startWorker(s, 'a', { DISCORD_GLOBAL_RPS: '25', SCHEDULER_LEASE_MS: '600000', SHUTDOWN_TIMEOUT_MS: '3000' });
    await a.ready;
    await waitUntil(async () => (await posted(s)) >= 50, 'the first 50 posted', 30_000);
    const claimedByA = await s.database.prisma.reminder.count({ where: { status: 'claimed', leaseOwner: { contains: `:${a.proc.pid}:` } } });
    expect(claimedByA).toBeGreaterThan(0); // it was mid-burst
    a.proc.kill('SIGTERM');
    const code = await Promise.race([a.exited, sleep(20_000).then(() => 'still running' as const)]);
    expect(code).toBe(0);
    const atStop = await posted(s);
    expect(atStop).toBeLessThan(1000);
    expect(await s.database.prisma.reminder.count({ where: { status: 'claimed' } })).toBe(0);

    const b = startWorker(s, 'b', { DISCORD_GLOBAL_RPS: '1000', SCHEDULER_LEASE_MS: '600000' });
    await waitForAll(s, 1000, 60_000);
    const result = await expectExactlyOnce(s, 1000);
    expect(result.owners).toBe(2);
    console.info(`[reminders] SIGTERM at ${atStop} posted (${claimedByA} claimed): the rest by another process; ${result.posts} POSTs, ${result.messages} messages`);
    await kill(b);
  }, 120_000);
});
