// The composition root: configuration → migrations → database → services → Discord client →
// scheduler. `src/main.ts` runs it as a process; the local sandbox runs the very same function.
import type { Client } from 'discord.js';
import { auditedDatabase } from './audit/database';
import { systemClock, type Clock } from './clock';
import type { Config } from './config/env';
import { openDatabase, type Database } from './db/client';
import { redactUrl } from './db/database-url';
import { applyMigrations } from './db/migrations';
import { commandModules } from '../commands';
import { createBot } from './discord/bot';
import type { CommandModule } from './discord/framework';
import { guardRolePings, roleMentionNotifies } from './discord/ping-guard';
import { createLogger, type Logger } from './logging/logger';
import { RemindersAdmin } from './reminders/admin';
import { ReminderPlanner } from './reminders/planner';
import { createScheduler, DiscordRestPoster, type Scheduler } from './scheduler';
import { startRetentionJob } from './retention/job';
import { createServices, type Services } from './services';

export interface AppOptions {
  config: Config;
  clock?: Clock;
  logger?: Logger;
  /** Run the reminder scheduler in this process (default true). */
  scheduler?: boolean;
  /** The slash commands to serve (default: every command module). */
  commands?: readonly CommandModule[];
}

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
  stop(): Promise<void>;
}

export async function startApp(options: AppOptions): Promise<App> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(config.logLevel);
  const where = config.database.provider === 'sqlite' ? config.database.file : redactUrl(config.database.url);

  const applied = await applyMigrations(config.database);
  logger.info({ database: where, provider: config.database.provider, applied }, applied.length ? 'migrations applied' : 'database up to date');
  const database = openDatabase(config.database, { poolSize: config.dbPoolSize });
  const db = database.prisma;

  // Scheduled posts go through the bot client's REST instance, so they share its rate limits.
  let client: Client | undefined;
  const restPoster = new DiscordRestPoster({
    post: (route, opts) => {
      if (!client) throw new Error('the Discord client is not started yet');
      return client.rest.post(route, opts);
    },
  });
  const poster = guardRolePings(restPoster, (channelId, roleId) => (client ? roleMentionNotifies(client, channelId, roleId) : false));
  const planner = new ReminderPlanner({ db, clock, defaultTimezone: config.defaultTimezone, logger });
  // Pause and resume are changes people make: they go through the audited database too.
  const remindersAdmin = new RemindersAdmin({ db: auditedDatabase(db), clock, poster, logger });
  const services = createServices({ db, clock, config, logger, reminders: planner, remindersAdmin });

  const commands = options.commands ?? commandModules;
  const bot = createBot({ config, commands, services, clock, logger });
  const botClient: Client = bot.client;
  client = botClient;
  try {
    await bot.start();
  } catch (err) {
    await database.close();
    throw err;
  }

  let scheduler: Scheduler | undefined;
  if (options.scheduler !== false) {
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
  // Purges of servers the bot left, on their own timer (claims make several processes safe).
  const retentionJob = startRetentionJob({ retention: services.retention, logger });
  logger.info({ user: botClient.user?.tag, guilds: botClient.guilds.cache.size }, 'ready');

  return {
    config,
    clock,
    logger,
    database,
    services,
    client: botClient,
    commands,
    scheduler,
    async stop() {
      await retentionJob.stop();
      await scheduler?.stop();
      await bot.stop();
      await database.close();
    },
  };
}
