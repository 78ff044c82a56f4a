// Runs the real bot (the same startApp that `npm start` runs) against a sandbox: configuration
// pointing DISCORD_API_URL at it, commands registered, and the sandbox's clock control wired to
// the bot's clock and scheduler. Used by `npm run sandbox`, the end-to-end tests and benchmarks.
import { startApp, type App } from '../app';
import { AdjustableClock } from '../clock';
import { readConfig, type Config } from '../config/env';
import type { DatabaseTarget } from '../db/database-url';
import { deployCommands } from '../discord/deploy-commands';
import type { Logger } from '../logging/logger';
import type { Sandbox } from './server';

export interface SandboxBot {
  app: App;
  clock: AdjustableClock;
  stop(): Promise<void>;
}

/**
 * The bot's configuration against `sandbox`: only what points it at the sandbox is set here; every
 * other setting keeps the default the bot's own configuration reader gives it.
 */
export function sandboxConfig(sandbox: Sandbox, database: DatabaseTarget, overrides: Partial<Config> = {}): Config {
  const defaults = readConfig({
    DISCORD_TOKEN: sandbox.token,
    DISCORD_APPLICATION_ID: sandbox.applicationId,
    DISCORD_API_URL: sandbox.apiUrl,
    LOG_LEVEL: 'silent',
  });
  return { ...defaults, database, ...overrides };
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
