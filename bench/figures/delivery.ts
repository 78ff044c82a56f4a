// Figures 2 and 3: reminders posted by the running bot (its own scheduler, woken by node-cron and
// its precise wake-up), through the sandbox with Discord's rate limits enforced. Reminders are
// added to the database from outside, due in the near future; what counts is when the sandbox
// received each post (its message timestamp) against the reminder's dueAt, matched by nonce.
import type { DatabaseTarget } from '../../src/db/database-url';
import type { Sandbox } from '../../src/sandbox/server';
import type { Generated } from '../dataset';
import { insertDue, statusCounts, type DueSpec, type InsertedReminder } from '../due';
import { percentile, sleep } from '../util';

export interface DeliveryOutcome {
  expected: number;
  /** Reminders with at least one post. */
  delivered: number;
  lost: number;
  /** Posts beyond the first for one reminder (by nonce). */
  doubled: number;
  /** ms from dueAt to the sandbox receiving the post, per delivered reminder. */
  lateness: number[];
  firstPostAt: number;
  lastPostAt: number;
  statuses: Record<string, number>;
  /** Message POSTs the sandbox answered 429, and all message POSTs. */
  refused429: number;
  postRequests: number;
  timedOut: boolean;
}

async function deliver(sandbox: Sandbox, target: DatabaseTarget, generated: Generated, specs: DueSpec[], tag: number, timeoutMs: number): Promise<{ inserted: InsertedReminder[]; outcome: DeliveryOutcome }> {
  const control = sandbox.control;
  await control.reset();
  const inserted = await insertDue(target, generated, specs, tag);
  const from = Math.min(...inserted.map((r) => r.id));
  const to = Math.max(...inserted.map((r) => r.id));
  const deadline = Date.now() + timeoutMs;
  let statuses: Record<string, number> = {};
  let timedOut = false;
  for (;;) {
    await sleep(500);
    statuses = await statusCounts(target, from, to);
    const done = (statuses.posted ?? 0) + (statuses.failed ?? 0) + (statuses.skipped ?? 0);
    if (done >= inserted.length) break;
    if (Date.now() > deadline) {
      timedOut = true;
      break;
    }
  }
  await sleep(200);
  const byNonce = new Map(inserted.map((r) => [r.nonce, r]));
  const posts = new Map<string, number[]>();
  for (const m of await control.allMessages()) {
    const nonce = m.nonce === null ? '' : String(m.nonce);
    if (!byNonce.has(nonce)) continue;
    const list = posts.get(nonce) ?? [];
    list.push(Date.parse(m.timestamp));
    posts.set(nonce, list);
  }
  const lateness: number[] = [];
  let doubled = 0;
  let firstPostAt = Infinity;
  let lastPostAt = -Infinity;
  for (const [nonce, times] of posts) {
    const r = byNonce.get(nonce)!;
    doubled += times.length - 1;
    const first = Math.min(...times);
    lateness.push(first - r.dueAt);
    firstPostAt = Math.min(firstPostAt, first);
    lastPostAt = Math.max(lastPostAt, first);
  }
  const requests = await control.requests('POST /channels/*/messages');
  return {
    inserted,
    outcome: {
      expected: inserted.length,
      delivered: posts.size,
      lost: inserted.length - posts.size,
      doubled,
      lateness,
      firstPostAt,
      lastPostAt,
      statuses,
      refused429: requests.filter((r) => r.status === 429).length,
      postRequests: requests.length,
      timedOut,
    },
  };
}

/** Figure 2: `count` reminders due evenly across `windowMs`, in the channels of `guilds` servers. */
export async function measureLateness(
  sandbox: Sandbox,
  target: DatabaseTarget,
  generated: Generated,
  o: { count: number; windowMs: number; guilds: number; tag: number },
): Promise<DeliveryOutcome & { p50: number; p99: number; max: number }> {
  const t0 = Date.now() + 3_000;
  const specs: DueSpec[] = Array.from({ length: o.count }, (_, i) => ({
    g: i % o.guilds,
    c: (Math.floor(i / o.guilds) % 2) as 0 | 1,
    dueAt: t0 + Math.floor((i * o.windowMs) / o.count),
  }));
  const { outcome } = await deliver(sandbox, target, generated, specs, o.tag, o.windowMs + 3_000 + 60_000);
  return { ...outcome, p50: percentile(outcome.lateness, 50), p99: percentile(outcome.lateness, 99), max: Math.max(...outcome.lateness) };
}

/** The shortest time Discord's limits allow to post `perChannel` messages in each of `channels` channels. */
export function burstMinimumMs(count: number, channels: number, limits: { globalPerSecond: number; channelMessages: { limit: number; windowMs: number } }): {
  minimumMs: number;
  globalBoundMs: number;
  channelBoundMs: number;
} {
  // Global: at most `globalPerSecond` requests per second, so `count` posts take count / rate seconds.
  const globalBoundMs = (count / limits.globalPerSecond) * 1000;
  // Per channel: `limit` posts per window; the busiest channel's last post can come no earlier
  // than (ceil(k / limit) - 1) windows after its first.
  const busiest = Math.ceil(count / channels);
  const channelBoundMs = (Math.ceil(busiest / limits.channelMessages.limit) - 1) * limits.channelMessages.windowMs;
  return { minimumMs: Math.max(globalBoundMs, channelBoundMs), globalBoundMs, channelBoundMs };
}

/** Figure 3: `count` reminders due at the same instant, spread evenly over `channels` channels (2 per server). */
export async function measureBurst(
  sandbox: Sandbox,
  target: DatabaseTarget,
  generated: Generated,
  o: { count: number; channels: number; tag: number },
): Promise<DeliveryOutcome & { dueAt: number; totalMs: number; minimumMs: number; globalBoundMs: number; channelBoundMs: number; ratio: number }> {
  const due = Date.now() + 5_000;
  const specs: DueSpec[] = Array.from({ length: o.count }, (_, i) => {
    const k = i % o.channels;
    return { g: Math.floor(k / 2), c: (k % 2) as 0 | 1, dueAt: due };
  });
  const bounds = burstMinimumMs(o.count, o.channels, sandbox.limits);
  const { outcome } = await deliver(sandbox, target, generated, specs, o.tag, 5_000 + bounds.minimumMs * 3 + 60_000);
  const totalMs = outcome.lastPostAt - due;
  return { ...outcome, dueAt: due, totalMs, ...bounds, ratio: totalMs / bounds.minimumMs };
}
