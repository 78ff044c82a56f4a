// After a deferral, the outcome replaces the "thinking…" message (Discord's documented flow):
// an error is as public or private as the deferral the command chose, and nothing is deleted or
// sent as an extra message. Probed with commands made for the test, through the real bot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app';
import { deployCommands } from '../../src/discord/deploy-commands';
import { command, sub } from '../../src/discord/framework';
import { translator } from '../../src/i18n';
import { DomainError } from '../../src/domain-error';
import { sandboxConfig } from '../../src/sandbox/run-bot';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { createTestTarget } from '../helpers/db';

const refuse = async (): Promise<never> => {
  throw new DomainError('invalid', 'Refused after the deferral: nothing was changed.');
};

const probe = command({
  name: 'probe',
  description: 'Deferred replies that fail',
  subcommands: {
    public: sub({ description: 'Public deferral, then a refusal', access: 'read', defer: 'public', options: {}, run: refuse }),
    private: sub({ description: 'Private deferral, then a refusal', access: 'read', defer: 'private', options: {}, run: refuse }),
    crash: sub({ description: 'Public deferral, then a crash', access: 'read', defer: 'public', options: {}, run: async () => Promise.reject(new Error('boom')) }),
  },
});

let sandbox: Sandbox;
let app: App;
let drop: () => Promise<void>;

beforeAll(async () => {
  sandbox = await startSandbox({ limits: { rateLimits: false } });
  const t = await createTestTarget();
  drop = t.drop;
  app = await startApp({ config: sandboxConfig(sandbox, t.target), commands: [probe], scheduler: false });
  await deployCommands({ rest: app.client.rest, applicationId: sandbox.applicationId, definitions: app.commands.map((c) => c.definition) });
}, 60_000);
afterAll(async () => {
  await app?.stop();
  await sandbox?.close();
  await drop?.();
});

describe('errors after a deferral', () => {
  it('edit a public deferral into the public outcome, with no deletion and no follow-up', async () => {
    const r = await sandbox.control.run('/probe public');
    expect(r.type).toBe('deferred');
    expect(r.content).toBe('Refused after the deferral: nothing was changed.');
    expect(r.ephemeral).toBe(false);
    expect(r.followUps).toEqual([]);
    const crash = await sandbox.control.run('/probe crash');
    expect(crash.content).toBe(translator('en')('common:unexpected'));
    expect(crash.followUps).toEqual([]);
  });

  it('edit a private deferral into the private outcome', async () => {
    const r = await sandbox.control.run('/probe private');
    expect(r.type).toBe('deferred');
    expect(r.content).toBe('Refused after the deferral: nothing was changed.');
    expect(r.ephemeral).toBe(true);
    expect(r.followUps).toEqual([]);
  });

  it('sent nothing Discord would refuse', async () => {
    expect(await sandbox.control.violations()).toEqual([]);
  });
});
