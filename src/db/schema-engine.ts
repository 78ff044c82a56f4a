// Prisma's own schema engine, compiled to WebAssembly, driven through a driver adapter: this is
// what lets migrations be created, applied and drift-checked with no native engine download.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

type EngineModule = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');

// Node has WebAssembly built in; the ES library types without DOM do not declare it.
declare const WebAssembly: {
  instantiate(bytes: Uint8Array, imports: Record<string, unknown>): Promise<{ instance: { exports: Record<string, unknown> } }>;
};

// Kept on globalThis: the wasm bindings module is shared by the whole process, and a second
// instantiation (e.g. from another copy of this module in a test runner) would break the first.
const LOADED = Symbol.for('upr-bot.schema-engine-wasm');
const registry = globalThis as { [LOADED]?: Promise<EngineModule> };

/** Instantiates the wasm module once per process (importing the package entry would need a Node flag). */
function loadEngineModule(): Promise<EngineModule> {
  registry[LOADED] ??= (async () => {
    const bindings = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as EngineModule;
    const require = createRequire(import.meta.url);
    const wasmPath = join(dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')), 'schema_engine_bg.wasm');
    const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), { './schema_engine_bg.js': bindings as never });
    bindings.__wbg_set_wasm(instance.exports as never);
    (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
    return bindings;
  })();
  return registry[LOADED];
}

/** Runs `use` with a schema engine bound to the adapter factory, and frees the engine afterwards. */
export async function withSchemaEngine<T>(
  factory: SqlMigrationAwareDriverAdapterFactory,
  datamodels: Array<[path: string, text: string]>,
  use: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const bindings = await loadEngineModule();
  const log = () => {}; // the engine's tracing output is noise for users; errors come back as rejections
  // The engine does not close the connections it opens; track them so none outlives this call.
  const opened: SqlDriverAdapter[] = [];
  const track = async (p: Promise<SqlDriverAdapter>) => {
    const adapter = await p;
    opened.push(adapter);
    return adapter;
  };
  const tracked: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => track(factory.connect()),
    connectToShadowDb: () => track(factory.connectToShadowDb()),
  };
  const engine = await bindings.SchemaEngine.new({ datamodels }, log, bindMigrationAwareSqlAdapterFactory(tracked));
  try {
    return await use(engine);
  } finally {
    engine.free();
    for (const adapter of opened) await adapter.dispose().catch(() => {});
  }
}

/** Engine errors arrive as objects with a message; turn them into Errors once, here. */
export function engineError(err: unknown): Error {
  if (err instanceof Error) return err;
  const e = err as { message?: string; error_code?: string; meta?: unknown };
  return new Error(e?.message ?? JSON.stringify(err));
}
