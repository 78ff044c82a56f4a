// `npm run build` (also run by `npm ci` and before `npm start`): the entry points compiled to dist/.
import { join } from 'node:path';
import { projectRoot } from '../src/db/datamodel';
import { bundle } from './bundle';

/** What `npm start`, `start:sharded` and the command-line tools run, by output name. */
const ENTRIES: Record<string, string> = {
  main: 'src/main.ts',
  sharding: 'src/sharding.ts',
  'cli/deploy-commands': 'src/cli/deploy-commands.ts',
  'cli/migrate': 'src/cli/migrate.ts',
  'cli/copy-to-postgres': 'src/cli/copy-to-postgres.ts',
};

await bundle(ENTRIES, join(projectRoot, 'dist'));
