// One bot-like process for the multi-process and crash tests: the real scheduler, on the database
// in DATABASE_URL, posting through discord.js's REST client to the sandbox at DISCORD_API_URL.
// It prints READY when its scheduler runs, and runs until it is killed (SIGTERM stops it cleanly;
// the tests mostly use SIGKILL).
//   DATABASE_URL, DISCORD_API_URL, DISCORD_TOKEN   where to read and post
//   WORKER_NAME      a label for its process id (leaseOwner)
//   LEASE_MS         the claim lease (short, so a killed worker's claims come back quickly)
//   POST_DELAY_MS    added before each post (slows a worker down so kills land mid-work)
//   REST_GLOBAL_RPS  discord.js's global request limit (default Discord's 50/s)
//   CONCURRENCY, BATCH_SIZE
import { REST } from 'discord.js';
import { systemClock } from '../../src/clock';
import { openDatabase } from '../../src/db/client';
import { parseDatabaseUrl } from '../../src/db/database-url';
import { createLogger } from '../../src/logging/logger';
import { DiscordRestPoster, type MessagePoster } from '../../src/scheduler/poster';
import { createScheduler } from '../../src/scheduler/scheduler';

const env = (name: string, fallback?: string): string => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
};

const target = parseDatabaseUrl(env('DATABASE_URL'));
const database = openDatabase(target, { poolSize: 4 });
// discord.js holds a process to Discord's 50 requests/s; the tests' sandbox has no limits, so
// they raise it to finish quickly.
const rest = new REST({ api: env('DISCORD_API_URL'), globalRequestsPerSecond: Number(env('REST_GLOBAL_RPS', '50')) }).setToken(
  env('DISCORD_TOKEN'),
);
const direct = new DiscordRestPoster(rest, { timeoutMs: 10_000 });
const delayMs = Number(env('POST_DELAY_MS', '0'));
const poster: MessagePoster = delayMs
  ? { post: async (channelId, message) => (await new Promise((r) => setTimeout(r, delayMs)), direct.post(channelId, message)) }
  : direct;

const scheduler = createScheduler({
  db: database.prisma,
  provider: target.provider,
  poster,
  clock: systemClock,
  logger: createLogger(process.env.LOG_LEVEL ?? 'warn', { worker: env('WORKER_NAME', 'worker') }),
  processId: `${env('WORKER_NAME', 'worker')}:${process.pid}`,
  leaseMs: Number(env('LEASE_MS', '60000')),
  concurrency: Number(env('CONCURRENCY', '16')),
  batchSize: Number(env('BATCH_SIZE', '50')),
  defaultTimezone: 'Europe/Zurich',
});
scheduler.start();
process.stdout.write('READY\n');

process.on('SIGTERM', () => {
  void scheduler
    .stop()
    .then(() => database.close())
    .finally(() => process.exit(0));
});
