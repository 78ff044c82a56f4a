// `npm run start:sharded`: runs the bot as several shards under discord.js's ShardingManager,
// each shard a process running src/main.ts. Every shard may run the scheduler: claims on the
// shared reminder table are safe across processes (PostgreSQL recommended, SQLite works on one
// machine).
import { ShardingManager } from 'discord.js';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigError, loadDotenv, readConfig } from './config/env';
import { createLogger } from './logging/logger';

loadDotenv();
let config;
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
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsxLoader = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

// The manager asks Discord (or DISCORD_API_URL) for the recommended count when "auto".
if (config.discordApiUrl) process.env.DISCORD_API_URL = config.discordApiUrl;
const manager = new ShardingManager(join(root, 'src', 'main.ts'), {
  token: config.discordToken,
  totalShards,
  execArgv: ['--import', tsxLoader],
  respawn: true,
});
manager.on('shardCreate', (shard) => logger.info({ shard: shard.id }, 'shard started'));
await manager.spawn({ timeout: 60_000 });

const stop = () => {
  for (const shard of manager.shards.values()) shard.kill();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
