// `npm run start:sharded`: the bot under discord.js's ShardingManager, two shard processes on one
// database. Each shard receives only its own guilds' interactions, and the shared reminder table
// is claimed safely: every due reminder is posted exactly once.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REST } from 'discord.js';
import { openDatabase } from '../../src/db/client';
import { commandDefinitions } from '../../commands';
import { deployCommands } from '../../src/discord/deploy-commands';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { createTestTarget } from '../helpers/db';
import { tsxCommand } from '../helpers/node-process';

// Guild ids chosen so that (id >> 22) % 2 puts one on each shard.
const GUILD_A = String(300000000000n << 22n);
const GUILD_B = String(300000000001n << 22n);

let sandbox: Sandbox;
let manager: ChildProcess | undefined;
let drop: () => Promise<void>;
let url: string;

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  sandbox = await startSandbox({
    limits: { rateLimits: false },
    recommendedShards: 2,
    world: { guilds: [{ id: GUILD_A, name: 'Coalition A' }, { id: GUILD_B, name: 'Coalition B' }] },
  });
  const t = await createTestTarget();
  drop = t.drop;
  url = t.target.url;
  const rest = new REST({ api: sandbox.apiUrl }).setToken(sandbox.token);
  await deployCommands({ rest, applicationId: sandbox.applicationId, definitions: commandDefinitions() });
  const [node, args] = tsxCommand('src/sharding.ts');
  manager = spawn(node, args, {
    env: {
      PATH: process.env.PATH ?? '',
      DISCORD_TOKEN: sandbox.token,
      DISCORD_APPLICATION_ID: sandbox.applicationId,
      DISCORD_API_URL: sandbox.apiUrl,
      DATABASE_URL: url,
      LOG_LEVEL: 'warn',
      // SHARD_COUNT unset: "auto" asks the endpoint's GET /gateway/bot, which recommends 2.
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const sessions = await waitFor('two shard sessions', async () => {
    const list = (await sandbox.control.gateway()).filter((s) => s.connected);
    return list.length >= 2 ? list : undefined;
  });
  // Each shard was given exactly its own guilds.
  const byShard = new Map(sessions.map((s) => [s.shard[0], s.guilds]));
  expect(byShard.get(0)).toContain(GUILD_A);
  expect(byShard.get(0)).not.toContain(GUILD_B);
  expect(byShard.get(1)).toContain(GUILD_B);
}, 120_000);

afterAll(async () => {
  if (manager && manager.exitCode === null) {
    const exited = new Promise((r) => manager!.once('exit', r));
    manager.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  }
  await sandbox?.close();
  await drop?.();
});

describe('start:sharded', () => {
  it('each shard answers the commands of its own guilds', async () => {
    const a = await waitFor('a reply in guild A', async () => {
      const r = await sandbox.control.run('/upr add state:Belarus date:2027-11-03 session:57', { guild: GUILD_A });
      return r.ok ? r : undefined;
    });
    expect(a.content).toMatch(/Belarus/);
    const b = await sandbox.control.run('/upr add state:Argentina date:2027-11-05 session:57', { guild: GUILD_B });
    expect(b.ok).toBe(true);
    expect(b.content).toMatch(/Argentina/);
    // Each server sees only its own review.
    const listA = await sandbox.control.run('/upr list', { guild: GUILD_A });
    expect(JSON.stringify(listA.embeds)).toMatch(/Belarus/);
    expect(JSON.stringify(listA.embeds)).not.toMatch(/Argentina/);
  });

  it('due reminders of both guilds are posted exactly once', async () => {
    const db = openDatabase(createTarget(url));
    const world = await sandbox.control.world();
    const channelOf = (guild: string) => world.guilds.find((g) => g.id === guild)!.channels.find((c) => c.name === 'advocacy')!.id;
    const now = Date.now();
    for (const guildId of [GUILD_A, GUILD_B]) {
      await db.prisma.guildSettings.upsert({ where: { guildId }, create: { guildId, reminderChannelId: channelOf(guildId) }, update: { reminderChannelId: channelOf(guildId) } });
      const review = await db.prisma.review.create({ data: { guildId, stateCode: 'LTU', session: 58, reviewAt: new Date(now + 2 * 86_400_000) } });
      // 50 rows due now for one review (one per made-up lead time), as after a long down time.
      await db.prisma.reminder.createMany({
        data: Array.from({ length: 50 }, (_, i) => {
          return { guildId, kind: 'review', reviewId: review.id, itemKey: `review:${review.id}`, leadKey: `${i + 100}h`, eventAt: review.reviewAt!, dueAt: new Date(now), runAt: new Date(now) };
        }),
      });
    }
    await waitFor('all reminders posted', async () => ((await db.prisma.reminder.count({ where: { leadKey: { endsWith: 'h' }, status: 'posted' } })) === 100 ? true : undefined));
    const posted = [...(await sandbox.control.messages(channelOf(GUILD_A))), ...(await sandbox.control.messages(channelOf(GUILD_B)))];
    const nonces = posted.map((m) => m.nonce).filter(Boolean);
    expect(nonces.length).toBe(100);
    expect(new Set(nonces).size).toBe(100);
    await db.close();
  });
});

function createTarget(u: string) {
  return u.startsWith('postgres') ? ({ provider: 'postgresql', url: u } as const) : ({ provider: 'sqlite', url: u, file: u.replace(/^file:/, '') } as const);
}
