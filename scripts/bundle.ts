// One esbuild bundle of our own code per entry point, shared chunks split out, packages left in
// node_modules, source maps beside, so that `node --enable-source-maps` prints stack traces
// against the TypeScript sources. Used by the build (dist/) and by the benchmarks.
import { build, type Plugin } from 'esbuild';
import { renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../src/db/datamodel';

// Packages are loaded from node_modules at run time, except their JSON data files: Node's ESM
// loader needs an import attribute for JSON, which the sources (run by tsx in tests) do not carry.
const packagesExternal: Plugin = {
  name: 'packages-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.endsWith('.json') ? undefined : { path: args.path, external: true }));
  },
};

// Code that starts a child process runs it from a file, so every bundle carries it as an entry of
// its own at the bundle's top level (src/images/renderer.ts looks for it there).
const CHILD_ENTRIES: Record<string, string> = { 'render-child': 'src/images/render-child.ts' };

/**
 * Bundles `entries` (output name → source path from the project root) into `outdir`. The bundle is
 * written beside it and swapped in whole, so a process starting meanwhile never sees half of one.
 */
export async function bundle(entries: Record<string, string>, outdir: string): Promise<void> {
  const fresh = `${outdir}.new-${process.pid}`;
  const old = `${outdir}.old-${process.pid}`;
  rmSync(fresh, { recursive: true, force: true });
  await build({
    absWorkingDir: projectRoot,
    entryPoints: Object.fromEntries(Object.entries({ ...entries, ...CHILD_ENTRIES }).map(([name, file]) => [name, join(projectRoot, file)])),
    outdir: fresh,
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
  rmSync(old, { recursive: true, force: true });
  try {
    renameSync(outdir, old);
  } catch {
    // First build: nothing to move aside.
  }
  renameSync(fresh, outdir);
  rmSync(old, { recursive: true, force: true });
}
