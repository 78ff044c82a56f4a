// Compiles the bot to dist/ once per test run (what `npm start` runs), for the tests that start it
// as a process the way an operator does.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../src/db/datamodel';

export default function setup() {
  execFileSync(process.execPath, [join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(projectRoot, 'scripts', 'build.ts')], { cwd: projectRoot, stdio: 'inherit' });
}
