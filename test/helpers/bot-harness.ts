// The real bot (startApp) connected through the real discord.js client to a local sandbox, on a
// fresh migrated database of the engine under test. End-to-end tests drive it only through the
// sandbox's control API, as a person in Discord would, and may read the database to check.
import type { Config } from '../../src/config/env';
import type { Db } from '../../src/db/client';
import { startSandboxBot, type SandboxBot } from '../../src/sandbox/run-bot';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/server';
import type { SandboxControl } from '../../src/sandbox/control';
import { createTestTarget } from './db';

export interface Harness {
  sandbox: Sandbox;
  control: SandboxControl;
  bot: SandboxBot;
  db: Db;
  /** Stops the bot only (the database and sandbox stay), e.g. to simulate down time. */
  stopBot(): Promise<void>;
  /** Starts the bot again on the same database and sandbox. */
  restartBot(opts?: { now?: Date }): Promise<SandboxBot>;
  stop(): Promise<void>;
}

export async function startHarness(
  opts: { sandbox?: SandboxOptions; config?: Partial<Config>; now?: Date; scheduler?: boolean } = {},
): Promise<Harness> {
  const sandbox = await startSandbox({ limits: { rateLimits: false }, ...opts.sandbox });
  const { target, drop } = await createTestTarget();
  let bot: SandboxBot | undefined = await startSandboxBot(sandbox, target, { config: opts.config, now: opts.now, scheduler: opts.scheduler });
  const harness: Harness = {
    sandbox,
    control: sandbox.control,
    bot,
    get db() {
      return harness.bot.app.database.prisma;
    },
    async stopBot() {
      await bot?.stop();
      bot = undefined;
    },
    async restartBot(restart = {}) {
      await bot?.stop();
      bot = await startSandboxBot(sandbox, target, { config: opts.config, now: restart.now, scheduler: opts.scheduler });
      harness.bot = bot;
      return bot;
    },
    async stop() {
      await bot?.stop().catch(() => {});
      bot = undefined;
      await sandbox.close();
      await drop();
    },
  };
  return harness;
}
