// Arguments that run the bot in a child Node process, from any working directory (so a test can
// start it where no .env or node_modules lies): compiled, as `npm start` runs it (dist/ is built
// by the test setup), or a TypeScript file through tsx's loader.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tsxLoader = pathToFileURL(join(projectRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

/** `[execPath, args]` that run `script` (path from the project root) with tsx. */
export function tsxCommand(script: string, ...args: string[]): [string, string[]] {
  return [process.execPath, ['--import', tsxLoader, join(projectRoot, script), ...args]];
}

/** `[execPath, args]` that run a compiled entry point (`main`, `sharding`, `cli/migrate`...) as the npm scripts do. */
export function distCommand(entry: string, ...args: string[]): [string, string[]] {
  return [process.execPath, ['--enable-source-maps', join(projectRoot, 'dist', `${entry}.js`), ...args]];
}

/** The environment that points a bot process at a sandbox and a database, and nothing else. */
export function botEnv(sandbox: { token: string; applicationId: string; apiUrl: string }, databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    DISCORD_TOKEN: sandbox.token,
    DISCORD_APPLICATION_ID: sandbox.applicationId,
    DISCORD_API_URL: sandbox.apiUrl,
    DATABASE_URL: databaseUrl,
    ...extra,
  };
}

export { freePort } from '../../src/free-port';
