// The model definition is prisma/schema.prisma (SQLite); the PostgreSQL datamodel is derived from
// it here, so there is one source of truth for both clients and both migration histories.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Provider = 'sqlite' | 'postgresql';

/** The folder holding package.json: found upwards, so it is the same from src/ and from the bundle in dist/. */
export const projectRoot = findProjectRoot(dirname(fileURLToPath(import.meta.url)));

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}
export const schemaPath = join(projectRoot, 'prisma', 'schema.prisma');
export const postgresSchemaPath = join(projectRoot, 'prisma', 'postgres', 'schema.prisma');

export function postgresDatamodel(sqliteText: string): string {
  const out = sqliteText
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/output(\s*)=(\s*)"\.\.\/src\/generated\/sqlite"/, 'output$1=$2"../../src/generated/postgres"');
  if (!out.includes('"postgresql"') || !out.includes('generated/postgres')) {
    throw new Error('prisma/schema.prisma: cannot derive the PostgreSQL datamodel (did the provider or output line change?)');
  }
  return out;
}

/** The datamodel text for one engine, as [path, text] the schema engine takes. */
export function datamodelFor(provider: Provider): [string, string] {
  const text = readFileSync(schemaPath, 'utf8');
  return provider === 'sqlite' ? [schemaPath, text] : [postgresSchemaPath, postgresDatamodel(text)];
}
