// The composition root: configuration → (health and metrics endpoints) → migrations → database →
// services → Discord client → scheduler. `src/main.ts` runs it as a process; the local sandbox
// runs the very same function.
import { Status, type Client } from 'discord.js';
import { auditedDatabase } from './audit/database';
import { systemClock, type Clock } from './clock';
import type { Config } from './config/env';
import { openDatabase, type Database } from './db/client';
import { redactUrl } from './db/database-url';
import { applyMigrations } from './db/migrations';
import { collectStartupGarbage, startIdleCollection } from './memory/collections';
import { commandModules } from '../commands';
import { createBot } from './discord/bot';
import type { CommandModule } from './discord/framework';
import { guardRolePings, roleMentionNotifies } from './discord/ping-guard';
import { DiscordEventsSync } from './discord-events/sync';
import { FollowNotifier } from './follows/notifier';
import { closeImageRenderer, configureImageRenderer } from './images/renderer';
import { calendarFeedHandler } from './feeds/calendar-feed';
import { createLogger, type Logger } from './logging/logger';
import type { SchedulerObserver } from './observability/events';
import type { HttpServer } from './observability/http-server';
import type { Metrics } from './observability/metrics';
import { DiscordRestPoster } from './posting';
import { RemindersAdmin } from './reminders/admin';
import { ReminderPlanner } from './reminders/planner';
import { createScheduler, type Scheduler } from './scheduler';
import { startRetentionJob } from './retention/job';
import { createServices, type Services } from './services';

export interface AppOptions {
  config: Config;
  clock?: Clock;
  logger?: Logger;
  /** Run the reminder scheduler in this process (default: config.schedulerEnabled). */
  scheduler?: boolean;
  /** Told of every reminder posted, failed or retried, and of every tick. */
  schedulerObserver?: SchedulerObserver;
  /** The slash commands to serve (default: every command module). */
  commands?: readonly CommandModule[];
}

/** Digests are planned when settings change and after each one; this re-plans them all now and then. */
const DIGEST_PLANNING_EVERY_MS = 3_600_000;
/** How often follow DMs are looked for. */
const FOLLOW_DM_EVERY_MS = 60_000;

export interface App {
  config: Config;
  clock: Clock;
  logger: Logger;
  database: Database;
  services: Services;
  client: Client;
  /** The slash commands this bot serves (what deploy-commands registers). */
  commands: readonly CommandModule[];
  scheduler: Scheduler | undefined;
  /** Keeps the servers' Discord scheduled events in step with their reviews, in the background. */
  discordEvents: DiscordEventsSync;
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
  const rest = () => {
    if (!client) throw new Error('the Discord client is not started yet');
    return client.rest;
  };
  const restPoster = new DiscordRestPoster(
    { post: (route, opts) => rest().post(route, opts), get: (route, opts) => rest().get(route, opts) },
    { selfId: () => client?.user?.id },
  );
  const poster = guardRolePings(restPoster, (channelId, roleId) => (client ? roleMentionNotifies(client, channelId, roleId) : false));
  const planner = new ReminderPlanner({ db, clock, defaultTimezone: config.defaultTimezone, logger });
  // Pause and resume are changes people make: they go through the audited database too.
  const remindersAdmin = new RemindersAdmin({ db: auditedDatabase(db), clock, poster, logger });
  const discordEvents = new DiscordEventsSync({ db, rest, clock, logger, observer: metrics?.discordEvents });
  const services = createServices({
    db,
    clock,
    config,
    logger,
    reminders: planner,
    remindersAdmin,
    calendarFeedBaseUrl: http ? (config.publicBaseUrl ?? http.url) : undefined,
    reviewsChanged: (guildId) => discordEvents.reviewsChanged(guildId),
    discordEvents,
  });
  http?.mount(calendarFeedHandler({ feeds: services.calendarFeed, calendarExport: services.calendarExport }));

  // Pictures are drawn in child processes started on first use (never, when they are turned off);
  // the commands share one renderer.
  configureImageRenderer(config.images);
  const commands = options.commands ?? commandModules;
  const bot = createBot({ config, commands, services, clock, logger, observer: metrics?.commands });
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
  let followTimer: NodeJS.Timeout | undefined;
  if (options.scheduler ?? config.schedulerEnabled) {
    scheduler = createScheduler({
      db,
      provider: config.database.provider,
      poster,
      clock,
      logger,
      cron: config.schedulerCron,
      leaseMs: config.schedulerLeaseMs,
      onDone: (reminder) => planner.afterDone(reminder),
      periodic: [{ name: 'plan-digests', everyMs: DIGEST_PLANNING_EVERY_MS, run: () => planner.planAllDigests() }],
      observer: options.schedulerObserver ?? metrics?.scheduler,
    });
    scheduler.start();
    // Follow DMs ride along with the process that sends reminders.
    const notifier = new FollowNotifier({ db, rest, clock, logger, defaultTimezone: config.defaultTimezone });
    followTimer = setInterval(() => void notifier.run().catch((err: unknown) => logger.error({ err }, 'follow DMs failed')), FOLLOW_DM_EVERY_MS);
    followTimer.unref();
  }
  // Purges of servers the bot left, on their own timer (claims make several processes safe).
  const retentionJob = startRetentionJob({ retention: services.retention, logger });
  collectStartupGarbage();
  // The heap room a burst of commands leaves is given back once they pause (src/memory/).
  const idleCollection = startIdleCollection({
    quietMs: config.idleCollectionMs,
    onCollected: (c) => logger.debug({ pauseMs: Math.round(c.pauseMs), heapBeforeMb: Math.round(c.heapBeforeBytes / 2 ** 20), heapAfterMb: Math.round(c.heapAfterBytes / 2 ** 20) }, 'idle garbage collection'),
  });
  botClient.on('interactionCreate', () => idleCollection.activity());
  logger.info({ user: botClient.user?.tag, guilds: botClient.guilds.cache.size, scheduler: !!scheduler }, 'ready');
  const open = database;

  return {
    config,
    clock,
    logger,
    database: open,
    services,
    client: botClient,
    commands,
    scheduler,
    discordEvents,
    http,
    metrics,
    async stop() {
      // Not ready from here on, so probes and load balancers send no more work; the endpoints
      // close last so they can say so while the rest closes.
      stopping = true;
      idleCollection.stop();
      await retentionJob.stop();
      if (followTimer) clearInterval(followTimer);
      await discordEvents.stop();
      // Half the shutdown budget for posts under way; the rest for the gateway and the database.
      await scheduler?.stop({ deadlineMs: Math.floor(config.shutdownTimeoutMs / 2) });
      await bot.stop();
      await closeImageRenderer();
      await open.close();
      await http?.close();
    },
  };
}
