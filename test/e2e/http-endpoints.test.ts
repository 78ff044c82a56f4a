// The operator's endpoints on the real bot (startApp with HTTP_PORT) against the sandbox:
// /healthz while starting, /readyz 503 until the gateway is READY (and when the database goes
// away), /metrics counting real commands typed through the sandbox.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startSandboxBot, type SandboxBot } from '../../src/sandbox/run-bot';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { createTestTarget, testProvider } from '../helpers/db';
import { freePort } from '../helpers/node-process';

let sandbox: Sandbox;
let bot: SandboxBot | undefined;
let base: string;
let target: Awaited<ReturnType<typeof createTestTarget>>;

async function get(path: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`${base}${path}`);
  return { status: res.status, body: await res.text() };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The value of one sample line of the Prometheus text, 0 when the series is not there yet. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

beforeAll(async () => {
  sandbox = await startSandbox({ limits: { rateLimits: false } });
  target = await createTestTarget();
  // The gateway URL is held back, so the bot stays short of READY for a while.
  await sandbox.control.fault({ route: 'GET /gateway/bot', delayMs: 3_000 });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const starting = startSandboxBot(sandbox, target.target, { config: { httpPort: port } });
  starting.catch(() => {});
  await waitFor('/healthz', async () => ((await get('/healthz')).status === 200 ? true : undefined));
  // Still starting: alive, not ready.
  const early = await get('/readyz');
  expect(early.status).toBe(503);
  expect(JSON.parse(early.body)).toMatchObject({ ready: false, gateway: 'not ready' });
  bot = await starting;
}, 120_000);

afterAll(async () => {
  await bot?.stop();
  await sandbox?.close();
  await target?.drop();
});

describe('HTTP endpoints', () => {
  it('listen on loopback only unless HTTP_HOST says otherwise', () => {
    expect(bot!.app.http!.url).toBe(base);
  });

  it('/readyz is 200 once every shard is READY and the database answers', async () => {
    const r = await get('/readyz');
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ ready: true, gateway: 'ready', database: 'ok', stopping: false });
  });

  it('/metrics counts real commands by name and outcome, with their latency and the process RSS', async () => {
    const before = (await get('/metrics')).body;
    expect((await sandbox.control.run('/upr list')).ok).toBe(true);
    expect((await sandbox.control.run('/upr list')).ok).toBe(true);
    const refused = await sandbox.control.run('/upr add state:Chile date:2026-01-20', { user: 'member' });
    expect(refused.ephemeral).toBe(true);
    expect((await sandbox.control.autocomplete('/upr list state:Bel')).ok).toBe(true);
    const r = await get('/metrics');
    expect(r.status).toBe(200);
    const after = r.body;
    const moved = (series: string) => sample(after, series) - sample(before, series);
    expect(moved('upr_commands_total{command="upr list",kind="command",outcome="ok"}')).toBe(2);
    expect(moved('upr_commands_total{command="upr add",kind="command",outcome="refused"}')).toBe(1);
    expect(moved('upr_commands_total{command="upr list",kind="autocomplete",outcome="ok"}')).toBe(1);
    expect(moved('upr_command_duration_seconds_count{kind="command"}')).toBe(3);
    expect(sample(after, 'upr_command_duration_seconds_sum{kind="command"}')).toBeGreaterThan(0);
    expect(sample(after, 'process_resident_memory_bytes')).toBeGreaterThan(10 * 2 ** 20);
    for (const name of ['upr_reminders_posted_total', 'upr_reminders_late_total', 'upr_reminders_failed_total', 'upr_reminders_retried_total', 'upr_reminders_due_backlog', 'upr_scheduler_tick_duration_seconds', 'upr_discord_gateway_latency_seconds']) {
      expect(after).toContain(`# TYPE ${name} `);
    }
  });

  it('/metrics counts reminders posted, late, failed and retried, the backlog and the ticks, from the real scheduler', async () => {
    const db = bot!.app.database.prisma;
    const guild = (await sandbox.control.world()).guilds[0]!;
    const advocacy = guild.channels.find((c) => c.name === 'advocacy') ?? guild.channels[0]!;
    const other = guild.channels.find((c) => c.id !== advocacy.id)!;
    await db.guildSettings.upsert({ where: { guildId: guild.id }, create: { guildId: guild.id, reminderChannelId: advocacy.id }, update: { reminderChannelId: advocacy.id } });
    const review = await db.review.create({ data: { guildId: guild.id, stateCode: 'BLR', session: 50, reviewAt: new Date(Date.now() + 7 * 86_400_000) } });
    // Discord keeps failing posts to the other channel (transient), and one channel does not exist (permanent).
    await sandbox.control.fault({ route: `POST /channels/${other.id}/messages`, status: 503, times: -1 });
    const before = (await get('/metrics')).body;
    const now = Date.now();
    const row = (leadKey: string, runAt: number, channelId?: string) => ({
      guildId: guild.id, kind: 'review', reviewId: review.id, itemKey: `review:${review.id}`, leadKey, eventAt: review.reviewAt!, dueAt: new Date(runAt), runAt: new Date(runAt), ...(channelId ? { channelId } : {}),
    });
    await db.reminder.createMany({
      data: [row('on-time', now - 1_000), row('late', now - 30 * 60_000), row('gone', now - 1_000, '999999999999999999'), row('flaky', now - 1_000, other.id)],
    });
    const metric = (text: string, series: string) => sample(text, series);
    const after = await waitFor('reminder counters', async () => {
      const text = (await get('/metrics')).body;
      const moved = (series: string) => metric(text, series) - metric(before, series);
      return moved('upr_reminders_posted_total{kind="review"}') === 2 && moved('upr_reminders_failed_total{kind="review"}') === 1 && moved('upr_reminders_retried_total{kind="review"}') >= 1 ? text : undefined;
    });
    await sandbox.control.clearFaults();
    expect(metric(after, 'upr_reminders_late_total{kind="review"}') - metric(before, 'upr_reminders_late_total{kind="review"}')).toBe(1);
    expect(metric(after, 'upr_scheduler_tick_duration_seconds_count')).toBeGreaterThan(metric(before, 'upr_scheduler_tick_duration_seconds_count'));
    expect(after).toMatch(/^upr_reminders_due_backlog \d+$/m);
    // The flaky one waits for its retry.
    const statuses = Object.fromEntries((await db.reminder.findMany({ where: { reviewId: review.id } })).map((r) => [r.leadKey, r.status]));
    expect(statuses).toEqual({ 'on-time': 'posted', late: 'posted', gone: 'failed', flaky: 'pending' });
  });

  it('answers 404 elsewhere and 405 to anything but GET and HEAD', async () => {
    expect((await get('/')).status).toBe(404);
    expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  // An SQLite file cannot go away under an open connection; a PostgreSQL server can.
  it.runIf(testProvider === 'postgresql')('/readyz is 503 while the database refuses connections, and 200 again after', async () => {
    const name = new URL((target.target as { url: string }).url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: inject('postgresAdminUrl') });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
      const down = await waitFor('503 from /readyz', async () => {
        const r = await get('/readyz');
        return r.status === 503 ? r : undefined;
      });
      expect(JSON.parse(down.body)).toMatchObject({ ready: false, gateway: 'ready', database: expect.stringMatching(/^(error|no answer)/) });
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
      await waitFor('200 from /readyz', async () => ((await get('/readyz')).status === 200 ? true : undefined));
    } finally {
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`).catch(() => {});
      await admin.end();
    }
  });
});
