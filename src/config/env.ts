// Reads and validates every setting once, at start. A wrong value stops the bot with one line
// that names the variable, says what it expects and where to set it.
import dotenv from 'dotenv';
import { IANAZone } from 'luxon';
import { DEFAULT_DATABASE_URL, parseDatabaseUrl, type DatabaseTarget } from '../db/database-url';

export interface Config {
  discordToken: string;
  applicationId: string;
  database: DatabaseTarget;
  defaultTimezone: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** REST base such as http://127.0.0.1:3000/api; undefined = Discord itself. */
  discordApiUrl: string | undefined;
  /** Guild that `deploy-commands` registers in; undefined = global. */
  guildId: string | undefined;
  /** node-cron expression that wakes the scheduler. */
  schedulerCron: string;
  /** Connections per process for PostgreSQL. */
  dbPoolSize: number;
  /** How long a claimed reminder stays with one process before others may take it back. */
  schedulerLeaseMs: number;
  /** Requests per second this process allows itself (Discord's global limit: 50 for most bots). */
  discordGlobalRps: number;
  /** Whether this process runs the reminder scheduler (a deployment may keep senders apart). */
  schedulerEnabled: boolean;
  /** How long SIGTERM may take: stop taking work, finish or release claims, close. */
  shutdownTimeoutMs: number;
  /** Port of the health, readiness and metrics endpoints; undefined = no HTTP server. */
  httpPort: number | undefined;
  /** Address the HTTP server listens on; loopback unless the operator opens it. */
  httpHost: string;
  /** Days a server's data is kept after the bot is removed from it, before it is purged. */
  dataRetentionDays: number;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, expected: string) {
    super(`${variable}: ${expected}. Set it in .env (see .env.example) or in the environment.`);
    this.name = 'ConfigError';
  }
}

const SNOWFLAKE = /^\d{17,20}$/;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

type Env = Record<string, string | undefined>;

function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function required(env: Env, name: string, expected: string): string {
  const value = optional(env, name);
  if (!value) throw new ConfigError(name, `missing; expected ${expected}`);
  return value;
}

/** Loads .env (quietly: dotenv otherwise prints a banner) without overriding the environment. */
export function loadDotenv(path?: string): void {
  dotenv.config({ quiet: true, ...(path ? { path } : {}) });
}

export function readConfig(env: Env = process.env, needs: { discord: boolean } = { discord: true }): Config {
  const discordToken = needs.discord
    ? required(env, 'DISCORD_TOKEN', 'the bot token from the Discord Developer Portal (your application → Bot → Reset Token)')
    : (optional(env, 'DISCORD_TOKEN') ?? '');
  const applicationId = needs.discord
    ? required(env, 'DISCORD_APPLICATION_ID', 'the application id, a 17-20 digit number (Developer Portal → General Information)')
    : (optional(env, 'DISCORD_APPLICATION_ID') ?? '');
  if (applicationId && !SNOWFLAKE.test(applicationId)) {
    throw new ConfigError('DISCORD_APPLICATION_ID', `expected a 17-20 digit number, got "${applicationId}"`);
  }

  let database: DatabaseTarget;
  try {
    database = parseDatabaseUrl(optional(env, 'DATABASE_URL') ?? DEFAULT_DATABASE_URL);
  } catch (err) {
    throw new ConfigError('DATABASE_URL', (err as Error).message);
  }

  const defaultTimezone = optional(env, 'DEFAULT_TIMEZONE') ?? 'Europe/Zurich';
  if (!IANAZone.isValidZone(defaultTimezone)) {
    throw new ConfigError('DEFAULT_TIMEZONE', `expected an IANA time zone such as "Europe/Zurich" or "America/Argentina/Buenos_Aires", got "${defaultTimezone}"`);
  }

  const logLevel = (optional(env, 'LOG_LEVEL') ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `expected one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }

  const discordApiUrl = optional(env, 'DISCORD_API_URL');
  if (discordApiUrl && !/^https?:\/\/[^\s]+$/.test(discordApiUrl)) {
    throw new ConfigError('DISCORD_API_URL', `expected an http(s) URL such as "http://127.0.0.1:3000/api", got "${discordApiUrl}"`);
  }

  const guildId = optional(env, 'GUILD_ID');
  if (guildId && !SNOWFLAKE.test(guildId)) throw new ConfigError('GUILD_ID', `expected a 17-20 digit server id, got "${guildId}"`);

  const schedulerCron = optional(env, 'SCHEDULER_CRON') ?? '* * * * * *';
  if (schedulerCron.split(/\s+/).length < 5) {
    throw new ConfigError('SCHEDULER_CRON', `expected a cron expression such as "* * * * * *" (every second), got "${schedulerCron}"`);
  }

  const dbPoolSize = wholeNumber(env, 'DB_POOL_SIZE', 10, 1, 100);

  const schedulerLeaseMs = wholeNumber(env, 'SCHEDULER_LEASE_MS', 60_000, 1_000, 600_000);
  const discordGlobalRps = wholeNumber(env, 'DISCORD_GLOBAL_RPS', 50, 1, 10_000);

  const schedulerEnabledRaw = (optional(env, 'SCHEDULER_ENABLED') ?? 'true').toLowerCase();
  if (!['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'].includes(schedulerEnabledRaw)) {
    throw new ConfigError('SCHEDULER_ENABLED', `expected true or false, got "${schedulerEnabledRaw}"`);
  }
  const schedulerEnabled = ['true', '1', 'yes', 'on'].includes(schedulerEnabledRaw);
  const shutdownTimeoutMs = wholeNumber(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000);
  const httpPort = optional(env, 'HTTP_PORT') === undefined ? undefined : wholeNumber(env, 'HTTP_PORT', 0, 0, 65_535);
  const httpHost = optional(env, 'HTTP_HOST') ?? '127.0.0.1';
  const dataRetentionDays = wholeNumber(env, 'DATA_RETENTION_DAYS', 30, 0, 3_650);

  return {
    discordToken,
    applicationId,
    database,
    defaultTimezone,
    logLevel: logLevel as Config['logLevel'],
    discordApiUrl: discordApiUrl?.replace(/\/+$/, ''),
    guildId,
    schedulerCron,
    dbPoolSize,
    schedulerLeaseMs,
    discordGlobalRps,
    schedulerEnabled,
    shutdownTimeoutMs,
    httpPort,
    httpHost,
    dataRetentionDays,
  };
}

function wholeNumber(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new ConfigError(name, `expected a whole number from ${min} to ${max}, got "${raw}"`);
  return value;
}
