// `npx tsx bench/memory-levers.ts --label=... [--tsx] [--node=--flag,...] [--env=K=V;...]`
// One row of the memory table in BENCHMARKS.md: the bot process (compiled unless --tsx) with
// 1,000 guilds in the sandbox and the quick-large SQLite data set, RSS at READY, after
// --commands commands (default 10,000) and once idle after them (as long as `npm run bench`
// waits), with the commands' p50/p99 round trip in the same run.
// Appends the row to bench/results/memory-levers.jsonl and prints it.
import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from '../src/sandbox/server';
import { startBotProcess } from './bot-process';
import { anchorFor, benchWorld } from './dataset';
import { measureMemory } from './figures/process';
import { sqliteDataset } from './load';
import { QUICK } from './modes';
import { benchRoot, percentile, round } from './util';

const args = process.argv.slice(2);
const arg = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const label = arg('label') ?? 'baseline';
const compiled = !args.includes('--tsx');
const nodeArgs = arg('node')?.split(',').filter(Boolean) ?? [];
const env = Object.fromEntries((arg('env')?.split(';').filter(Boolean) ?? []).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
const commands = Number(arg('commands') ?? 10_000);
const log = (m: string) => process.stderr.write(`${m}\n`);

const workDir = mkdtempSync(join(tmpdir(), 'upr-levers-'));
try {
  const data = await sqliteDataset(QUICK.large, anchorFor(), workDir, log);
  const sandbox = await startSandbox({ world: benchWorld(QUICK.memory.guilds), limits: { rateLimits: true } });
  const bot = await startBotProcess(sandbox, data.target, { scheduler: true, logFile: join(workDir, 'bot.log'), runtime: { compiled, nodeArgs, env } });
  try {
    const r = await measureMemory(bot, sandbox, data.generated, { count: commands, guildsWithData: QUICK.large.guilds, settleMs: 3_000, idleMs: QUICK.memory.idleMs });
    const row = {
      label,
      compiled,
      nodeArgs,
      env,
      guilds: bot.guilds,
      commands,
      failures: r.failures,
      readyRssMb: round(r.readyRssMb, 1),
      afterRssMb: round(r.afterRssMb, 1),
      growthPct: round(r.growth * 100, 1),
      idleRssMb: round(r.idleRssMb, 1),
      heapTotalMb: Object.fromEntries(Object.entries(r.heapTotalMb).map(([k, v]) => [k, round(v, 1)])),
      readyHeapMb: round(r.readyHeapMb, 1),
      afterGcHeapMb: round(r.afterGc.heapUsedMb, 1),
      rssByQuarterMb: r.rssByQuarterMb.map((v) => round(v, 0)),
      rssKinds: r.rssKinds,
      p50Ms: round(percentile(r.latencyMs, 50), 2),
      p99Ms: round(percentile(r.latencyMs, 99), 2),
      at: new Date().toISOString(),
    };
    mkdirSync(join(benchRoot, 'results'), { recursive: true });
    appendFileSync(join(benchRoot, 'results', 'memory-levers.jsonl'), `${JSON.stringify(row)}\n`);
    process.stdout.write(`${JSON.stringify(row)}\n`);
  } finally {
    await bot.stop();
    await sandbox.close();
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
process.exit(0);
