// `npm run sandbox`: a local Discord stand-in and the real bot connected to it. Prints
// SANDBOX_URL=… on a line of its own; with a terminal on standard input, offers a prompt where
// you type commands as in Discord. Loopback only. SIGINT/SIGTERM end it cleanly. With
// --discord-only, the stand-in alone (see discord-only.ts).
import { loadDotenv } from '../config/env';
import { DEFAULT_DATABASE_URL, parseDatabaseUrl } from '../db/database-url';
import { createLogger } from '../logging/logger';
import { runDiscordOnly } from './discord-only';
import { startRepl } from './repl';
import { startSandboxBot } from './run-bot';
import { startSandbox } from './server';

loadDotenv();
const port = Number(process.env.SANDBOX_PORT ?? 0);
if (process.argv.includes('--discord-only')) await runDiscordOnly(port);
// The sandbox keeps its own database unless DATABASE_URL is set, so trying it out never touches
// a real deployment's data.
const database = parseDatabaseUrl(process.env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL.replace('upr-bot.db', 'sandbox.db'));
const logLevel = process.env.LOG_LEVEL?.trim() || 'warn';
const logger = createLogger(logLevel);

try {
  const sandbox = await startSandbox({ port });
  const bot = await startSandboxBot(sandbox, database, {
    config: { logLevel: logLevel as never, defaultTimezone: process.env.DEFAULT_TIMEZONE?.trim() || 'Europe/Zurich' },
    logger,
  });
  process.stdout.write(`SANDBOX_URL=${sandbox.url}\n`);
  const repl = startRepl(sandbox.control);
  if (repl) {
    process.stdout.write('Type a command as in Discord, e.g. /upr import session:50, or "help". Ctrl-D quits.\n');
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    repl?.close();
    await bot.stop();
    await sandbox.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  void repl?.done.then(stop);
} catch (err) {
  process.stderr.write(`Sandbox failed to start: ${(err as Error).message}\n`);
  process.exit(1);
}
