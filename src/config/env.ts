// Reads and validates every setting once, at start. A wrong value stops the bot with one line
// that names the variable, says what it expects and where to set it.
import dotenv from 'dotenv';
import { IANAZone } from 'luxon';
import cron from 'node-cron';
import { z } from 'zod';
import { DEFAULT_DATABASE_URL, parseDatabaseUrl, type DatabaseTarget } from '../db/database-url';
import { GENEVA } from '../dates/zones';

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
  /** The HTTP server's address as users reach it (calendar feed links); else its own address. */
  publicBaseUrl: string | undefined;
  /** Days a server's data is kept after the bot is removed from it, before it is purged. */
  dataRetentionDays: number;
  /**
   * Maps and charts: whether they are drawn at all (off: replies keep each picture's counts, and no
   * render process is started), and for their render processes how long a picture may take and
   * when one is replaced.
   */
  images: { enabled: boolean; timeoutMs: number; maxPictures: number; maxRssMb: number };
  /** After this long without interactions the bot runs a full garbage collection, if its heap grew; 0 = never. */
  idleCollectionMs: number;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, expected: string) {
    super(`${variable}: ${expected}. Set it in .env (see .env.example) or in the environment.`);
    this.name = 'ConfigError';
  }
}

const SNOWFLAKE = /^\d{17,20}$/;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const TRUE = ['true', '1', 'yes', 'on'];
const FALSE = ['false', '0', 'no', 'off'];

type Env = Record<string, string | undefined>;
/** The message of an issue, from the value that was given. */
type Says = (given: unknown) => string;
const says = (expected: Says) => ({ error: (issue: { input?: unknown }) => expected(issue.input) });

/** A variable as it comes from the environment: trimmed, and absent when blank. */
const variable = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined), schema);

const required = (expected: string) => z.string(says(() => `missing; expected ${expected}`));

const snowflake = (what: string) => z.string().regex(SNOWFLAKE, says((v) => `expected a 17-20 digit ${what}, got "${v}"`));

function wholeNumber(min: number, max: number) {
  const expected: Says = (v) => `expected a whole number from ${min} to ${max}, got "${v}"`;
  return z
    .string()
    .regex(/^[+-]?\d+$/, says(expected))
    .transform(Number)
    .pipe(z.number().min(min, says(expected)).max(max, says(expected)));
}

const databaseUrl = z.string().transform((url, ctx): DatabaseTarget => {
  try {
    return parseDatabaseUrl(url);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
    return z.NEVER;
  }
});

const timezone = z
  .string()
  .refine((zone) => IANAZone.isValidZone(zone), says((v) => `expected an IANA time zone such as "Europe/Zurich" or "America/Argentina/Buenos_Aires", got "${v}"`));

const logLevel = z
  .string()
  .toLowerCase()
  .pipe(z.enum(LOG_LEVELS, says((v) => `expected one of ${LOG_LEVELS.join(', ')}, got "${v}"`)));

const httpUrl = z
  .url({ protocol: /^https?$/, ...says((v) => `expected an http(s) URL such as "http://127.0.0.1:3000/api", got "${v}"`) })
  .transform((url) => url.replace(/\/+$/, ''));

const cronExpression = z
  .string()
  .refine((expr) => cron.validate(expr), says((v) => `expected a cron expression such as "* * * * * *" (every second), got "${v}"`));

const onOff = z.stringbool({ truthy: TRUE, falsy: FALSE, ...says((v) => `expected true or false, got "${v}"`) });

const host = z
  .string()
  .refine((h) => [z.ipv4(), z.ipv6(), z.hostname()].some((s) => s.safeParse(h).success), says((v) => `expected an IP address or host name such as 127.0.0.1 or 0.0.0.0, got "${v}"`));

/** One schema per variable, in the order they are checked (the first problem is the one reported). */
function schemaFor(needs: { discord: boolean }) {
  return z.object({
    DISCORD_TOKEN: variable(
      needs.discord ? required('the bot token from the Discord Developer Portal (your application → Bot → Reset Token)') : z.string().default(''),
    ),
    DISCORD_APPLICATION_ID: variable(
      needs.discord
        ? required('the application id, a 17-20 digit number (Developer Portal → General Information)').pipe(snowflake('number'))
        : snowflake('number').or(z.undefined()).transform((v) => v ?? ''),
    ),
    DATABASE_URL: variable(databaseUrl.default(parseDatabaseUrl(DEFAULT_DATABASE_URL))),
    DEFAULT_TIMEZONE: variable(timezone.default(GENEVA)),
    LOG_LEVEL: variable(logLevel.default('info')),
    DISCORD_API_URL: variable(httpUrl.optional()),
    GUILD_ID: variable(snowflake('server id').optional()),
    SCHEDULER_CRON: variable(cronExpression.default('* * * * * *')),
    DB_POOL_SIZE: variable(wholeNumber(1, 100).default(10)),
    SCHEDULER_LEASE_MS: variable(wholeNumber(1_000, 600_000).default(60_000)),
    DISCORD_GLOBAL_RPS: variable(wholeNumber(1, 10_000).default(50)),
    SCHEDULER_ENABLED: variable(onOff.default(true)),
    SHUTDOWN_TIMEOUT_MS: variable(wholeNumber(100, 600_000).default(10_000)),
    HTTP_PORT: variable(wholeNumber(0, 65_535).optional()),
    HTTP_HOST: variable(host.default('127.0.0.1')),
    PUBLIC_BASE_URL: variable(httpUrl.optional()),
    DATA_RETENTION_DAYS: variable(wholeNumber(0, 3_650).default(30)),
    IMAGES_ENABLED: variable(onOff.default(true)),
    IMAGE_RENDER_TIMEOUT_MS: variable(wholeNumber(500, 600_000).default(20_000)),
    IMAGE_RENDERER_MAX_PICTURES: variable(wholeNumber(1, 1_000_000).default(200)),
    IMAGE_RENDERER_MAX_RSS_MB: variable(wholeNumber(64, 65_536).default(400)),
    IDLE_COLLECTION_MS: variable(wholeNumber(0, 3_600_000).default(1_000)),
  });
}

/** Loads .env (quietly: dotenv otherwise prints a banner) without overriding the environment. */
export function loadDotenv(path?: string): void {
  dotenv.config({ quiet: true, ...(path ? { path } : {}) });
}

export function readConfig(env: Env = process.env, needs: { discord: boolean } = { discord: true }): Config {
  const schema = schemaFor(needs);
  const given = Object.fromEntries(Object.keys(schema.shape).map((name) => [name, env[name]]));
  const parsed = schema.safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0]), issue.message);
  }
  const v = parsed.data;
  return {
    discordToken: v.DISCORD_TOKEN,
    applicationId: v.DISCORD_APPLICATION_ID,
    database: v.DATABASE_URL,
    defaultTimezone: v.DEFAULT_TIMEZONE,
    logLevel: v.LOG_LEVEL,
    discordApiUrl: v.DISCORD_API_URL,
    guildId: v.GUILD_ID,
    schedulerCron: v.SCHEDULER_CRON,
    dbPoolSize: v.DB_POOL_SIZE,
    schedulerLeaseMs: v.SCHEDULER_LEASE_MS,
    discordGlobalRps: v.DISCORD_GLOBAL_RPS,
    schedulerEnabled: v.SCHEDULER_ENABLED,
    shutdownTimeoutMs: v.SHUTDOWN_TIMEOUT_MS,
    httpPort: v.HTTP_PORT,
    httpHost: v.HTTP_HOST,
    publicBaseUrl: v.PUBLIC_BASE_URL,
    dataRetentionDays: v.DATA_RETENTION_DAYS,
    images: { enabled: v.IMAGES_ENABLED, timeoutMs: v.IMAGE_RENDER_TIMEOUT_MS, maxPictures: v.IMAGE_RENDERER_MAX_PICTURES, maxRssMb: v.IMAGE_RENDERER_MAX_RSS_MB },
    idleCollectionMs: v.IDLE_COLLECTION_MS,
  };
}
