// Process entry: `npm start` (compiled to dist/main.js). Reads the configuration, then runs the app
// until SIGINT/SIGTERM. A configuration problem ends the start with one line and exit code 1, no
// stack trace. On a signal: stop taking work and close within SHUTDOWN_TIMEOUT_MS; the exit code
// says whether that finished in time (0) or not (1).
import { startApp, type App } from './app';
import { ConfigError, loadDotenv, readConfig, type Config } from './config/env';
import { createLogger } from './logging/logger';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

loadDotenv();
let config: Config;
try {
  config = readConfig();
} catch (err) {
  if (err instanceof ConfigError) fail(`Configuration error: ${err.message}`);
  throw err;
}

const logger = createLogger(config.logLevel);
let app: App | undefined;
let signalled: NodeJS.Signals | undefined;
const onSignal = (signal: NodeJS.Signals) => {
  if (signalled) return;
  signalled = signal;
  // The deadline runs from the signal, also when it comes while the app is still starting.
  setTimeout(() => {
    logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'stop did not finish within SHUTDOWN_TIMEOUT_MS; exiting anyway');
    process.exit(1);
  }, config.shutdownTimeoutMs);
  if (app) void shutdown(app, signal);
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

try {
  app = await startApp({ config, logger });
} catch (err) {
  fail(`Start failed: ${(err as Error).message}`);
}
if (signalled) void shutdown(app, signalled);

async function shutdown(running: App, signal: NodeJS.Signals): Promise<void> {
  logger.info({ signal, timeoutMs: config.shutdownTimeoutMs }, 'stopping');
  const started = performance.now();
  try {
    await running.stop();
    logger.info({ ms: Math.round(performance.now() - started) }, 'stopped');
    process.exit(0);
  } catch (err) {
    logger.error({ err }, 'stop failed');
    process.exit(1);
  }
}
