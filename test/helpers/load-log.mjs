// A Node `--import` for tests: every module this process loads through the ES module loader is
// appended, one URL a line, to the file named by LOAD_LOG, so a test can tell which libraries a
// process (a compiled bot, say) has loaded. Processes it starts do not inherit it unless they
// are given the flag.
import { register } from 'node:module';

register('./load-log-hooks.mjs', import.meta.url, { data: { file: process.env.LOAD_LOG } });
