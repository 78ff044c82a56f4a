// The compiled bot in its own process, started by `npm start`'s own script (scripts/run.sh), for
// tests that need it as production runs it: its own event loop, its child processes, its exit.
import { spawn, type ChildProcess } from 'node:child_process';
import { REST } from 'discord.js';
import { commandDefinitions } from '../../commands';
import { deployCommands } from '../../src/discord/deploy-commands';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { createTestTarget } from './db';
import { botEnv, projectRoot } from './node-process';
import { waitUntil } from './wait';

export interface CompiledBot {
  process: ChildProcess;
  exited: Promise<unknown>;
  /** Everything it wrote to standard output so far (JSON log lines). */
  output(): string;
  /** Kills it, if it still runs, and waits for its exit. */
  kill(): Promise<void>;
}

/** Starts `sh scripts/run.sh [...args] dist/main.js` with `env` and waits for its "ready" log line. */
export async function startCompiledBot(env: Record<string, string>, args: readonly string[] = []): Promise<CompiledBot> {
  const child = spawn('sh', ['scripts/run.sh', ...args, 'dist/main.js'], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((r) => child.once('exit', r));
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    if (process.env.DEBUG_BOT_LOG) process.stderr.write(d);
  });
  const bot: CompiledBot = {
    process: child,
    exited,
    output: () => out,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
  await waitUntil(() => {
    if (child.exitCode !== null) throw new Error(`the bot exited (${child.exitCode}) before READY:\n${out}`);
    return out.includes('"msg":"ready"');
  }, 'the bot to log "ready"', 60_000);
  return bot;
}

export interface BotOnSandbox {
  sandbox: Sandbox;
  bot: CompiledBot;
  /** Stops the bot and the sandbox and drops the database. */
  close(): Promise<void>;
}

/**
 * A sandbox without rate limits, the commands deployed to it, a fresh test database, and the
 * compiled bot started on them with `env` added to its environment (and `args` to Node's).
 */
export async function startCompiledBotOnSandbox(env: Record<string, string>, args: readonly string[] = []): Promise<BotOnSandbox> {
  const sandbox = await startSandbox({ limits: { rateLimits: false } });
  const t = await createTestTarget();
  await deployCommands({ rest: new REST({ api: sandbox.apiUrl }).setToken(sandbox.token), applicationId: sandbox.applicationId, definitions: commandDefinitions() });
  const url = t.target.provider === 'sqlite' ? `file:${t.target.file}` : t.target.url;
  const bot = await startCompiledBot(botEnv(sandbox, url, env), args);
  return {
    sandbox,
    bot,
    close: async () => {
      await bot.kill();
      await sandbox.close();
      await t.drop();
    },
  };
}

/** Through the bot's commands: Belarus's review of 3 Nov 2025, where Germany recommended releasing political prisoners. */
export async function addBelarusReview(sandbox: Sandbox): Promise<void> {
  for (const command of [
    '/upr add state:Belarus date:3 Nov 2025',
    '/intervention add review:Belarus 50 state:Germany recommendation:"Release all political prisoners" themes:"political prisoners"',
  ]) {
    const r = await sandbox.control.run(command);
    if (!r.ok) throw new Error(`${command}: ${JSON.stringify(r)}`);
  }
}
