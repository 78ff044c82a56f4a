// `npm run sandbox`: starts the sandbox and the real bot, prints SANDBOX_URL on its own line,
// answers commands through the control API, and ends cleanly on SIGTERM. No terminal here, so
// no prompt.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SandboxControl } from '../../src/sandbox/control';
import { tsxCommand } from '../helpers/node-process';

describe('npm run sandbox', () => {
  it('prints SANDBOX_URL, runs commands, stops cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'upr-sandbox-cli-'));
    const [node, args] = tsxCommand('src/sandbox/cli.ts');
    const proc = spawn(node, args, {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: `file:${join(dir, 'sandbox.db')}`, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        proc.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /^SANDBOX_URL=(http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
          if (m) resolve(m[1]!);
        });
        proc.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
        setTimeout(() => reject(new Error(`no SANDBOX_URL within 30 s: ${out}`)), 30_000);
      });
      const control = new SandboxControl(url);
      const reply = await control.run('/upr import session:51');
      expect(reply.ok).toBe(true);
      expect(reply.content).toMatch(/\*\*\d+\*\* created/);
      const list = await control.run('/upr list session:51');
      expect(JSON.stringify(list.embeds)).toMatch(/Nepal/);
      expect(await control.violations()).toEqual([]);

      const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
      proc.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (proc.exitCode === null) proc.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
