// Every variable is validated at start; a bad one is named in one line with what is expected.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../src/config/env';
import { tsxCommand } from '../helpers/node-process';

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
  ])('refuses %o naming %s', (env, variable, expected) => {
    const err = errorOf(env as Record<string, string>);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.variable).toBe(variable);
    expect(err.message).toMatch(expected);
    expect(err.message).toMatch(/Set it in \.env/);
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
    const [node, args] = tsxCommand('src/main.ts');
    const err = await run(node, args, { cwd, env }).catch((e) => e);
    expect(err.code).toBe(1);
    const lines = String(err.stderr).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Configuration error: DISCORD_TOKEN: missing; expected the bot token/);
    expect(err.stderr).not.toMatch(/\n\s+at /);
  });
});
