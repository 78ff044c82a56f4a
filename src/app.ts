// The composition root: configuration → (health and metrics endpoints) → migrations → database →
// services → Discord client → scheduler. `src/main.ts` runs it as a process; the local sandbox
// runs the very same function.
import { Status, type Client } from 'discord.js';
import { systemClock, type Clock } from './clock';
import type { Config } from './config/env';
import { openDatabase, type Database } from './db/client';
import { redactUrl } from './db/database-url';
import { applyMigrations } from './db/migrations';
import { createBot } from './discord/bot';
import { createLogger, type Logger } from './logging/logger';
import type { HttpServer } from './observability/http-server';
import type { Metrics } from './observability/metrics';
import { RemindersAdmin } from './reminders/admin';
import { ReminderPlanner } from './reminders/planner';
import { createScheduler, DiscordRestPoster, type Scheduler } from './scheduler';
import { createServices, type Services } from './services';

export interface AppOptions {
  config: Config;
  clock?: Clock;
  logger?: Logger;
  /** Run the reminder scheduler in this process (default: config.schedulerEnabled). */
  scheduler?: boolean;
}

export interface App {
  config: Config;
  clock: Clock;
  logger: Logger;
  database: Database;
  services: Services;
  client: Client;
  scheduler: Scheduler | undefined;
  /** The health, readiness and metrics endpoints, when config.httpPort is set. */
  http: HttpServer | undefined;
  metrics: Metrics | undefined;
  stop(): Promise<void>;
}

export async function startApp(options: AppOptions): Promise<App> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(config.logLevel);
  const where = config.database.provider === 'sqlite' ? config.database.file : redactUrl(config.database.url);
  let database: Database | undefined;
  let client: Client | undefined;
  let stopping = false;

  // Up first, so a supervisor sees the process alive (and not ready) during migrations and login.
  // Loaded only when asked for: a process without the port carries no metrics library.
  let metrics: Metrics | undefined;
  let http: HttpServer | undefined;
  if (config.httpPort !== undefined) {
    const [{ createMetrics }, { startHttpServer }] = await Promise.all([import('./observability/metrics'), import('./observability/http-server')]);
    metrics = createMetrics();
    metrics.gatewayLatency(() => new Map([...(client?.ws.shards.values() ?? [])].map((shard) => [shard.id, shard.ping])));
    http = await startHttpServer({
      port: config.httpPort,
      host: config.httpHost,
      metrics,
      logger,
      readiness: {
        shards: () => (client?.isReady() ? [...client.ws.shards.values()].map((shard) => shard.status === Status.Ready) : []),
        database: async () => {
          if (!database) throw new Error('not open yet');
          await database.prisma.$queryRawUnsafe('SELECT 1');
        },
        stopping: () => stopping,
      },
    });
  }

  const applied = await applyMigrations(config.database);
  logger.info({ database: where, provider: config.database.provider, applied }, applied.length ? 'migrations applied' : 'database up to date');
  database = openDatabase(config.database, { poolSize: config.dbPoolSize });
  const db = database.prisma;

  // Scheduled posts go through the bot client's REST instance, so they share its rate limits.
  const poster = new DiscordRestPoster({
    post: (route, opts) => {
      if (!client) throw new Error('the Discord client is not started yet');
      return client.rest.post(route, opts);
    },
  });
  const planner = new ReminderPlanner({ db, clock, defaultTimezone: config.defaultTimezone, logger });
  const remindersAdmin = new RemindersAdmin({ db, clock, poster, logger });
  const services = createServices({ db, clock, config, logger, reminders: planner, remindersAdmin });

  const bot = createBot({ config, services, clock, logger, observer: metrics?.commands });
  const botClient: Client = bot.client;
  client = botClient;
  try {
    await bot.start();
  } catch (err) {
    await database.close();
    await http?.close();
    throw err;
  }

  let scheduler: Scheduler | undefined;
  if (options.scheduler ?? config.schedulerEnabled) {
    scheduler = createScheduler({
      db,
      provider: config.database.provider,
      poster,
      clock,
      logger,
      cron: config.schedulerCron,
      leaseMs: config.schedulerLeaseMs,
      planner,
      defaultTimezone: config.defaultTimezone,
    });
    scheduler.start();
  }
  logger.info({ user: botClient.user?.tag, guilds: botClient.guilds.cache.size, scheduler: !!scheduler }, 'ready');
  const open = database;

  return {
    config,
    clock,
    logger,
    database: open,
    services,
    client: botClient,
    scheduler,
    http,
    metrics,
    async stop() {
      // Not ready from here on, so probes and load balancers send no more work; the endpoints
      // close last so they can say so while the rest closes.
      stopping = true;
      await scheduler?.stop();
      await bot.stop();
      await open.close();
      await http?.close();
    },
  };
}
