// Every variable is validated at start; a bad one is named in one line with what is expected.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../src/config/env';
import { distCommand } from '../helpers/node-process';

const run = promisify(execFile);
const valid = { DISCORD_TOKEN: 'x'.repeat(70), DISCORD_APPLICATION_ID: '123456789012345678' };

function errorOf(env: Record<string, string>): ConfigError {
  try {
    readConfig(env);
  } catch (err) {
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('has working defaults for everything but the Discord credentials', () => {
    const config = readConfig(valid);
    expect(config.database.provider).toBe('sqlite');
    expect(config.database.provider === 'sqlite' && config.database.file).toMatch(/data\/upr-bot\.db$/);
    expect(config.defaultTimezone).toBe('Europe/Zurich');
    expect(config.logLevel).toBe('info');
    expect(config.discordApiUrl).toBeUndefined();
    expect(config.idleCollectionMs).toBe(1_000);
  });

  it.each([
    [{}, 'DISCORD_TOKEN', /missing; expected the bot token/],
    [{ DISCORD_TOKEN: 't' }, 'DISCORD_APPLICATION_ID', /missing/],
    [{ ...valid, DISCORD_APPLICATION_ID: 'abc' }, 'DISCORD_APPLICATION_ID', /17-20 digit/],
    [{ ...valid, DATABASE_URL: 'mysql://x@y/z' }, 'DATABASE_URL', /SQLite URL .* or a PostgreSQL URL/],
    [{ ...valid, DEFAULT_TIMEZONE: 'Mars/Olympus' }, 'DEFAULT_TIMEZONE', /IANA time zone/],
    [{ ...valid, LOG_LEVEL: 'loud' }, 'LOG_LEVEL', /one of fatal, error/],
    [{ ...valid, DISCORD_API_URL: 'not a url' }, 'DISCORD_API_URL', /http\(s\) URL/],
    [{ ...valid, GUILD_ID: '42' }, 'GUILD_ID', /17-20 digit/],
    [{ ...valid, DB_POOL_SIZE: '0' }, 'DB_POOL_SIZE', /1 to 100/],
    [{ ...valid, SCHEDULER_LEASE_MS: '10s' }, 'SCHEDULER_LEASE_MS', /1000 to 600000/],
    [{ ...valid, DISCORD_GLOBAL_RPS: '-5' }, 'DISCORD_GLOBAL_RPS', /1 to 10000/],
    [{ ...valid, SCHEDULER_CRON: 'every minute' }, 'SCHEDULER_CRON', /cron expression .* got "every minute"/],
    [{ ...valid, SCHEDULER_CRON: '99 * * * *' }, 'SCHEDULER_CRON', /cron expression/],
    [{ ...valid, SCHEDULER_ENABLED: 'maybe' }, 'SCHEDULER_ENABLED', /true or false, got "maybe"/],
    [{ ...valid, SHUTDOWN_TIMEOUT_MS: '5s' }, 'SHUTDOWN_TIMEOUT_MS', /whole number from 100 to 600000, got "5s"/],
    [{ ...valid, HTTP_PORT: '70000' }, 'HTTP_PORT', /0 to 65535, got "70000"/],
    [{ ...valid, HTTP_HOST: 'local host' }, 'HTTP_HOST', /IP address or host name/],
    [{ ...valid, DATA_RETENTION_DAYS: '1.5' }, 'DATA_RETENTION_DAYS', /whole number from 0 to 3650/],
    [{ ...valid, IMAGES_ENABLED: 'pictures' }, 'IMAGES_ENABLED', /expected true or false, got "pictures"/],
    [{ ...valid, IDLE_COLLECTION_MS: '1s' }, 'IDLE_COLLECTION_MS', /whole number from 0 to 3600000, got "1s"/],
    // The first problem in the order of .env.example is the one reported.
    [{ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: 'x', LOG_LEVEL: 'loud' }, 'DISCORD_APPLICATION_ID', /17-20 digit/],
  ])('refuses %o naming %s', (env, variable, expected) => {
    const err = errorOf(env as Record<string, string>);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.variable).toBe(variable);
    expect(err.message).toMatch(expected);
    expect(err.message).toMatch(/Set it in \.env/);
  });

  it('reads each setting: trimmed, blank as unset, switches and numbers typed', () => {
    const config = readConfig({
      ...valid,
      DISCORD_API_URL: ' http://127.0.0.1:3000/api/ ',
      GUILD_ID: '',
      LOG_LEVEL: 'DEBUG',
      SCHEDULER_ENABLED: 'off',
      SHUTDOWN_TIMEOUT_MS: '2500',
      HTTP_PORT: '9464',
      HTTP_HOST: '0.0.0.0',
      DB_POOL_SIZE: '4',
    });
    expect(config).toMatchObject({
      discordApiUrl: 'http://127.0.0.1:3000/api',
      guildId: undefined,
      logLevel: 'debug',
      schedulerEnabled: false,
      shutdownTimeoutMs: 2500,
      httpPort: 9464,
      httpHost: '0.0.0.0',
      dbPoolSize: 4,
    });
    expect(readConfig(valid)).toMatchObject({ schedulerEnabled: true, shutdownTimeoutMs: 10_000, httpPort: undefined, httpHost: '127.0.0.1', dataRetentionDays: 30 });
    expect(readConfig({ ...valid, SCHEDULER_ENABLED: 'YES' }).schedulerEnabled).toBe(true);
  });

  it('IMAGES_ENABLED: pictures on unless turned off, with the render settings kept either way', () => {
    expect(readConfig(valid).images).toEqual({ enabled: true, timeoutMs: 20_000, maxPictures: 200, maxRssMb: 400 });
    for (const off of ['false', '0', 'no', 'off', ' OFF ']) expect(readConfig({ ...valid, IMAGES_ENABLED: off }).images.enabled, off).toBe(false);
    for (const on of ['true', '1', 'yes', 'on', '']) expect(readConfig({ ...valid, IMAGES_ENABLED: on }).images.enabled, on).toBe(true);
    expect(readConfig({ ...valid, IMAGES_ENABLED: 'false', IMAGE_RENDER_TIMEOUT_MS: '5000' }).images).toEqual({ enabled: false, timeoutMs: 5000, maxPictures: 200, maxRssMb: 400 });
  });

  it('the database tools need no Discord credentials, but still check what is given', () => {
    expect(readConfig({}, { discord: false })).toMatchObject({ discordToken: '', applicationId: '' });
    expect(() => readConfig({ DISCORD_APPLICATION_ID: 'abc' }, { discord: false })).toThrow(/DISCORD_APPLICATION_ID: expected a 17-20 digit number/);
  });

  it('accepts PostgreSQL URLs and hides their password when printed', () => {
    const config = readConfig({ ...valid, DATABASE_URL: 'postgresql://bot:s3cret@db.example:5432/upr' });
    expect(config.database.provider).toBe('postgresql');
    const err = errorOf({ ...valid, DATABASE_URL: 'mysql://bot:s3cret@db/upr' });
    expect(err.message).not.toContain('s3cret');
  });

  it('starting the bot without DISCORD_TOKEN exits non-zero with one clear line and no stack trace', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'upr-config-')); // no .env here
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: cwd };
    const [node, args] = distCommand('main');
    const err = await run(node, args, { cwd, env }).catch((e) => e);
    expect(err.code).toBe(1);
    const lines = String(err.stderr).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Configuration error: DISCORD_TOKEN: missing; expected the bot token/);
    expect(err.stderr).not.toMatch(/\n\s+at /);
  });
});
