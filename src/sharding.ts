// `npm run start:sharded`: runs the bot as several shards under discord.js's ShardingManager,
// each shard a process running main (dist/main.js beside this file once compiled). Every shard
// may run the scheduler: claims on the shared reminder table are safe across processes
// (PostgreSQL recommended, SQLite works on one machine). SIGTERM/SIGINT is passed on to every
// shard, and the manager waits for them (SHUTDOWN_TIMEOUT_MS and a little more) before it exits.
import { ShardingManager } from 'discord.js';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadDotenv, readConfig, type Config } from './config/env';
import { createLogger } from './logging/logger';

loadDotenv();
let config: Config;
try {
  config = readConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`Configuration error: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}

const shardCountRaw = process.env.SHARD_COUNT?.trim();
let totalShards: number | 'auto' = shardCountRaw ? Number(shardCountRaw) : 'auto';
if (totalShards !== 'auto' && (!Number.isInteger(totalShards) || totalShards < 1 || totalShards > 64)) {
  process.stderr.write(`Configuration error: SHARD_COUNT: expected a whole number from 1 to 64, got "${shardCountRaw}". Set it in .env (see .env.example) or in the environment.\n`);
  process.exit(1);
}
// discord.js asks Discord itself for "auto"; with another endpoint, ask that one.
if (totalShards === 'auto' && config.discordApiUrl) {
  const res = await fetch(`${config.discordApiUrl}/v10/gateway/bot`, { headers: { Authorization: `Bot ${config.discordToken}` } });
  if (!res.ok) {
    process.stderr.write(`Start failed: ${config.discordApiUrl} answered ${res.status} to GET /gateway/bot\n`);
    process.exit(1);
  }
  totalShards = Number(((await res.json()) as { shards?: number }).shards ?? 1);
}

const logger = createLogger(config.logLevel, { role: 'shard-manager' });
// Compiled, the shards run main.js; from the TypeScript sources (tests, tsx) they run main.ts.
// Either way with this process's Node flags (source maps or tsx's loader, and the young
// generation's size that scripts/run.sh sets).
const compiled = import.meta.url.endsWith('.js');
const mainFile = fileURLToPath(new URL(compiled ? './main.js' : './main.ts', import.meta.url));

// The manager asks Discord (or DISCORD_API_URL) for the recommended count when "auto".
if (config.discordApiUrl) process.env.DISCORD_API_URL = config.discordApiUrl;
const manager = new ShardingManager(mainFile, {
  token: config.discordToken,
  totalShards,
  execArgv: process.execArgv,
  respawn: true,
});
manager.on('shardCreate', (shard) => logger.info({ shard: shard.id }, 'shard started'));

let stopping = false;
async function stop(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  manager.respawn = false;
  const children = [...manager.shards.values()].map((shard) => shard.process).filter((p): p is ChildProcess => !!p && p.exitCode === null && p.signalCode === null);
  logger.info({ signal, shards: children.length }, 'stopping shards');
  const exits = children.map((child) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code))));
  for (const child of children) child.kill(signal);
  // Each shard has SHUTDOWN_TIMEOUT_MS of its own; give it a little more to exit.
  const graceMs = config.shutdownTimeoutMs + 2_000;
  const timedOut = Symbol('timeout');
  const outcome = await Promise.race([Promise.all(exits), new Promise<typeof timedOut>((r) => setTimeout(() => r(timedOut), graceMs))]);
  if (outcome === timedOut) {
    const left = children.filter((c) => c.exitCode === null && c.signalCode === null);
    logger.error({ graceMs, left: left.length }, 'shards did not stop in time; killing them');
    for (const child of left) child.kill('SIGKILL');
    process.exit(1);
  }
  const clean = outcome.every((code) => code === 0);
  logger.info({ codes: outcome }, clean ? 'all shards stopped' : 'shards stopped, not all cleanly');
  process.exit(clean ? 0 : 1);
}
process.on('SIGINT', (signal) => void stop(signal));
process.on('SIGTERM', (signal) => void stop(signal));

await manager.spawn({ timeout: 60_000 });
