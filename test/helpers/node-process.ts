// Arguments that run a TypeScript file in a child Node process through tsx's loader, from any
// working directory (so a test can start the bot where no .env or node_modules lies).
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tsxLoader = pathToFileURL(join(projectRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

/** `[execPath, args]` that run `script` (path from the project root) with tsx. */
export function tsxCommand(script: string, ...args: string[]): [string, string[]] {
  return [process.execPath, ['--import', tsxLoader, join(projectRoot, script), ...args]];
}
