// Generates the Prisma clients for SQLite and PostgreSQL from the one model definition, offline:
// `prisma generate` never runs the schema engine, but the CLI insists on finding one, so it is
// pointed at an executable that is never called.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { datamodelFor, postgresSchemaPath, projectRoot, schemaPath } from '../src/db/datamodel';

function generate(schema: string): void {
  execFileSync(process.execPath, [join(projectRoot, 'node_modules', 'prisma', 'build', 'index.js'), 'generate', '--schema', schema], {
    cwd: projectRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: existsSync('/bin/false') ? '/bin/false' : process.execPath,
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      CHECKPOINT_DISABLE: '1',
    },
  });
}

mkdirSync(dirname(postgresSchemaPath), { recursive: true });
writeFileSync(postgresSchemaPath, '// GENERATED from prisma/schema.prisma by scripts/generate-client.ts: do not edit.\n' + datamodelFor('postgresql')[1]);
generate(schemaPath);
generate(postgresSchemaPath);
