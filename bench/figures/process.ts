// Figures 5 and 6: what the bot process costs (resident memory after READY, and after many
// commands) and how long it takes to start (spawn to the "ready" log line), measured on the real
// process: `sh scripts/run.sh dist/main.js`, as `npm start` runs it (built by `prebench`).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { DatabaseTarget } from '../../src/db/database-url';
import type { Sandbox } from '../../src/sandbox/server';
import type { BotProcess } from '../bot-process';
import { channelId, guildId, type Generated } from '../dataset';
import { median, projectRoot, sleep } from '../util';

export interface MemoryOutcome {
  readyRssMb: number;
  afterRssMb: number;
  growth: number;
  readyHeapMb: number;
  afterHeapMb: number;
  /**
   * RSS once the process has stood idle `idleMs` after the commands, before any forced collection:
   * V8's memory reducer, which runs only once allocation has slowed, has by then given back the
   * heap that the burst left committed. What an idle bot holds between bursts.
   */
  idleRssMb: number;
  idleGrowth: number;
  /** V8's committed heap (heapTotal) at READY, after the commands and once idle. */
  heapTotalMb: { ready: number; after: number; idle: number };
  /**
   * After a forced full garbage collection, once the figures above are taken (what is really
   * retained). None is forced before the commands: one changes how far the heap grows under them.
   */
  afterGc: { rssMb: number; heapUsedMb: number };
  /** RSS after each quarter of the commands. */
  rssByQuarterMb: number[];
  /** The bot's RSS as anonymous memory and file pages, at READY and after the commands (MiB). */
  rssKinds: { ready: { anonMb?: number; fileMb?: number }; after: { anonMb?: number; fileMb?: number } };
  /** Total RSS of the bot's render processes (pictures) after each quarter, and after the commands. */
  renderRssByQuarterMb: number[];
  renderRssAfterMb: number;
  renderProcessesAfter: number;
  /** Round trip of each command through the sandbox (ms), for the p50/p99 of this run. */
  latencyMs: number[];
  commands: number;
  failures: number;
  seconds: number;
}

const mb = (bytes: number) => bytes / 1_048_576;

/** Runs `count` commands (4 at a time) spread over the servers with data, and samples the bot's memory before and after. */
export async function measureMemory(bot: BotProcess, sandbox: Sandbox, generated: Generated, o: { count: number; guildsWithData: number; settleMs: number; idleMs: number }): Promise<MemoryOutcome> {
  await sleep(o.settleMs);
  const ready = await bot.memory();
  const readyKinds = bot.rssKinds();
  const control = sandbox.control;
  const rssByQuarterMb: number[] = [];
  const renderRssByQuarterMb: number[] = [];
  let next = 0;
  let failures = 0;
  const latencyMs: number[] = [];
  const started = Date.now();
  /** Runs the next command (a third each: /upr list, /intervention summary, autocomplete). */
  const one = async () => {
    const i = next++;
    if (i >= o.count) return;
    const g = i % o.guildsWithData;
    const where = { guild: guildId(g), channel: channelId(g, 0), user: 'admin' };
    const review = generated.reviewOfGuild(g);
    let ok: boolean;
    const sent = performance.now();
    switch (i % 3) {
      case 0:
        ok = (await control.run('/upr list', where)).ok;
        break;
      case 1:
        ok = review ? (await control.run(`/intervention summary review:#${review.id}`, where)).ok : true;
        break;
      default:
        ok = (await control.autocomplete('/upr list state:Sw', where)).ok;
    }
    latencyMs.push(performance.now() - sent);
    if (!ok) failures++;
  };
  const total = o.count;
  for (let q = 1; q <= 4; q++) {
    const upTo = Math.round((total * q) / 4);
    const run = async () => {
      for (;;) {
        if (next >= upTo) return;
        await one();
      }
    };
    await Promise.all([run(), run(), run(), run()]);
    rssByQuarterMb.push(mb((await bot.memory()).rss));
    renderRssByQuarterMb.push(mb(bot.childrenRss().reduce((a, b) => a + b, 0)));
  }
  const seconds = (Date.now() - started) / 1000;
  await sleep(o.settleMs);
  const after = await bot.memory();
  const afterKinds = bot.rssKinds();
  const renderAfter = bot.childrenRss();
  await sleep(o.idleMs - o.settleMs);
  const idle = await bot.memory();
  const afterGc = await bot.memory({ gc: true });
  return {
    readyRssMb: mb(ready.rss),
    afterRssMb: mb(after.rss),
    growth: after.rss / ready.rss - 1,
    idleRssMb: mb(idle.rss),
    idleGrowth: idle.rss / ready.rss - 1,
    heapTotalMb: { ready: mb(ready.heapTotal), after: mb(after.heapTotal), idle: mb(idle.heapTotal) },
    readyHeapMb: mb(ready.heapUsed),
    afterHeapMb: mb(after.heapUsed),
    afterGc: { rssMb: mb(afterGc.rss), heapUsedMb: mb(afterGc.heapUsed) },
    rssByQuarterMb,
    rssKinds: { ready: readyKinds, after: afterKinds },
    renderRssByQuarterMb,
    renderRssAfterMb: mb(renderAfter.reduce((a, b) => a + b, 0)),
    renderProcessesAfter: renderAfter.length,
    latencyMs,
    commands: o.count,
    failures,
    seconds,
  };
}

export interface StartupOutcome {
  /** Spawn to the "ready" log line, per run (ms). */
  runs: number[];
  medianMs: number;
  /** Start to "database up to date" (migration check) within the same runs (ms). */
  migrationCheckMs: number[];
}

/** Spawns the real entry point `runs` times against an up-to-date database and times it to "ready". */
export async function measureStartup(sandbox: Sandbox, database: DatabaseTarget, runs: number): Promise<StartupOutcome> {
  const times: number[] = [];
  const migrationCheck: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const child = spawn('sh', ['scripts/run.sh', 'dist/main.js'], {
      cwd: projectRoot,
      env: {
        ...process.env,
        DISCORD_TOKEN: sandbox.token,
        DISCORD_APPLICATION_ID: sandbox.applicationId,
        DISCORD_API_URL: sandbox.apiUrl,
        DATABASE_URL: database.provider === 'sqlite' ? `file:${database.file}` : database.url,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const readyAt = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "ready" line within 60 s; stderr: ${stderr.slice(0, 500)}`)), 60_000);
      const lines = createInterface({ input: child.stdout });
      lines.on('line', (line) => {
        let entry: { msg?: string };
        try {
          entry = JSON.parse(line) as { msg?: string };
        } catch {
          return;
        }
        if (entry.msg === 'database up to date' || entry.msg === 'migrations applied') migrationCheck.push(performance.now() - started);
        if (entry.msg === 'ready') {
          clearTimeout(timer);
          resolve(performance.now());
        }
      });
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`the bot exited before "ready"; stderr: ${stderr.slice(0, 500)}`));
      });
    });
    times.push(readyAt - started);
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(15_000)]);
    if (child.exitCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  }
  return { runs: times, medianMs: median(times), migrationCheckMs: migrationCheck };
}
