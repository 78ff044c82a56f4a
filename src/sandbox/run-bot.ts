// Runs the real bot (the same startApp that `npm start` runs) against a sandbox: configuration
// pointing DISCORD_API_URL at it, commands registered, and the sandbox's clock control wired to
// the bot's clock and scheduler. Used by `npm run sandbox`, the end-to-end tests and benchmarks.
import { startApp, type App } from '../app';
import { AdjustableClock } from '../clock';
import type { Config } from '../config/env';
import type { DatabaseTarget } from '../db/database-url';
import { deployCommands } from '../discord/deploy-commands';
import type { Logger } from '../logging/logger';
import type { Sandbox } from './server';

export interface SandboxBot {
  app: App;
  clock: AdjustableClock;
  stop(): Promise<void>;
}

export function sandboxConfig(sandbox: Sandbox, database: DatabaseTarget, overrides: Partial<Config> = {}): Config {
  return {
    discordToken: sandbox.token,
    applicationId: sandbox.applicationId,
    database,
    defaultTimezone: 'Europe/Zurich',
    logLevel: 'silent',
    discordApiUrl: sandbox.apiUrl,
    guildId: undefined,
    schedulerCron: '* * * * * *',
    dbPoolSize: 10,
    schedulerLeaseMs: 60_000,
    discordGlobalRps: 50,
    schedulerEnabled: true,
    shutdownTimeoutMs: 10_000,
    httpPort: undefined,
    httpHost: '127.0.0.1',
    dataRetentionDays: 30,
    ...overrides,
  };
}

export async function startSandboxBot(
  sandbox: Sandbox,
  database: DatabaseTarget,
  opts: { config?: Partial<Config>; logger?: Logger; now?: Date; scheduler?: boolean } = {},
): Promise<SandboxBot> {
  const clock = new AdjustableClock();
  if (opts.now) clock.set(opts.now);
  const app = await startApp({ config: sandboxConfig(sandbox, database, opts.config), clock, logger: opts.logger, scheduler: opts.scheduler });
  await deployCommands({ rest: app.client.rest, applicationId: sandbox.applicationId, definitions: app.commands.map((c) => c.definition) });
  // Moving the sandbox clock moves the bot's, then lets the scheduler post what came due.
  const unhook = sandbox.onClock(async (nowIso) => {
    clock.set(new Date(nowIso));
    await app.scheduler?.tick();
  });
  return {
    app,
    clock,
    async stop() {
      unhook();
      await app.stop();
    },
  };
}
