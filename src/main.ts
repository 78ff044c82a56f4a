// Process entry: `npm start`. Reads the configuration, then runs the app until SIGINT/SIGTERM.
// A configuration problem ends the start with one line and exit code 1, no stack trace.
import { startApp } from './app';
import { ConfigError, loadDotenv, readConfig } from './config/env';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

loadDotenv();
let config;
try {
  config = readConfig();
} catch (err) {
  if (err instanceof ConfigError) fail(`Configuration error: ${err.message}`);
  throw err;
}

try {
  const app = await startApp({ config });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal }, 'stopping');
    await app.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
} catch (err) {
  fail(`Start failed: ${(err as Error).message}`);
}
