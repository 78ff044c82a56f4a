// Compiles the bot's entry points to JavaScript in dist/ (one esbuild bundle of our own code,
// shared chunks split out; packages stay in node_modules), with source maps so that
// `node --enable-source-maps` prints stack traces against the TypeScript sources.
import { build, type Plugin } from 'esbuild';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../src/db/datamodel';

/** Entry points by output name: what `npm start`, `start:sharded` and the command-line tools run. */
export const ENTRIES: Record<string, string> = {
  main: 'src/main.ts',
  sharding: 'src/sharding.ts',
  'cli/deploy-commands': 'src/cli/deploy-commands.ts',
  'cli/migrate': 'src/cli/migrate.ts',
  'cli/copy-to-postgres': 'src/cli/copy-to-postgres.ts',
};

// Packages are loaded from node_modules at run time, except their JSON data files: Node's ESM
// loader needs an import attribute for JSON, which the sources (run by tsx in tests) do not carry.
const packagesExternal: Plugin = {
  name: 'packages-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.endsWith('.json') ? undefined : { path: args.path, external: true }));
  },
};

const outdir = join(projectRoot, 'dist');
rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: projectRoot,
  entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, file]) => [name, join(projectRoot, file)])),
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  plugins: [packagesExternal],
  sourcemap: true,
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});
