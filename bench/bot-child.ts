// The bot under benchmark, in its own process (so its memory and its event loop are its own and
// the sandbox's work does not land on them): the same startApp that `npm start` runs, pointed at
// the sandbox, then the commands registered as `npm run deploy-commands` would.
//
// Settings come in BENCH_BOT (JSON). Over IPC it answers { type: 'memory' } with
// process.memoryUsage(), and { type: 'stop' } by stopping the app and exiting.
import { startApp } from '../src/app';
import { readConfig, type Config } from '../src/config/env';
import type { DatabaseTarget } from '../src/db/database-url';
import { commandDefinitions } from '../commands';
import { deployCommands } from '../src/discord/deploy-commands';
import { createLogger } from '../src/logging/logger';

export interface ChildSettings {
  apiUrl: string;
  token: string;
  applicationId: string;
  database: DatabaseTarget;
  scheduler: boolean;
  logLevel: Config['logLevel'];
  /** IMAGES_ENABLED (default true): false for a text-only bot to compare against. */
  images?: boolean;
}

export type ChildMessage =
  | { type: 'ready'; readyMs: number; memory: NodeJS.MemoryUsage; guilds: number }
  | { type: 'memory'; memory: NodeJS.MemoryUsage }
  | { type: 'error'; message: string };

const send = (m: ChildMessage) => process.send?.(m);

const settings = JSON.parse(process.env.BENCH_BOT ?? '{}') as ChildSettings;
// Read through the same validation as `npm start` (defaults for everything not given here).
const config: Config = readConfig({
  DISCORD_TOKEN: settings.token,
  DISCORD_APPLICATION_ID: settings.applicationId,
  DATABASE_URL: settings.database.provider === 'sqlite' ? `file:${settings.database.file}` : settings.database.url,
  DISCORD_API_URL: settings.apiUrl,
  LOG_LEVEL: settings.logLevel,
  DEFAULT_TIMEZONE: 'Europe/Zurich',
  IMAGES_ENABLED: String(settings.images ?? true),
  // A memory lever measured through bench/memory-levers.ts --env.
  IDLE_COLLECTION_MS: process.env.IDLE_COLLECTION_MS,
});

try {
  const started = performance.now();
  const app = await startApp({ config, logger: createLogger(settings.logLevel), scheduler: settings.scheduler });
  const readyMs = performance.now() - started;
  await deployCommands({ rest: app.client.rest, applicationId: settings.applicationId, definitions: commandDefinitions() });
  process.on('message', (m: { type: string }) => {
    if (m.type === 'memory') send({ type: 'memory', memory: process.memoryUsage() });
    if (m.type === 'gc') {
      (globalThis as { gc?: () => void }).gc?.();
      send({ type: 'memory', memory: process.memoryUsage() });
    }
    if (m.type === 'stop') {
      void app.stop().finally(() => process.exit(0));
    }
  });
  send({ type: 'ready', readyMs, memory: process.memoryUsage(), guilds: app.client.guilds.cache.size });
} catch (err) {
  send({ type: 'error', message: (err as Error).stack ?? String(err) });
  process.exit(1);
}
