// Import figures: how fast a 5,000-row recommendations file goes in (rows per second, through
// the real bot process: download, parse, write), and how another server's `/upr list` answers
// while it runs (p99, the figure Discord's 3-second deadline cares about).
import type { Sandbox } from '../../src/sandbox/server';
import { stateName } from '../../src/states';
import { bigCsv } from '../../test/helpers/big-import';
import { channelId, guildId, type Generated } from '../dataset';
import { percentile } from '../util';

export interface ImportOutcome {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  listP99Ms: number;
  listMaxMs: number;
  lists: number;
  listFailures: number;
  reply: string;
}

export async function measureImport(sandbox: Sandbox, generated: Generated, rows: number): Promise<ImportOutcome> {
  const review = generated.reviewOfGuild(0);
  if (!review) throw new Error('the data set has no review in guild 0');
  const row = await findReview(sandbox, review.id);
  const csv = bigCsv(rows, row.session, stateName(row.stateCode));
  const control = sandbox.control;
  const started = performance.now();
  let done = false;
  const importing = control
    .run(`/intervention import review:#${review.id}`, {
      guild: guildId(0),
      channel: channelId(0, 0),
      user: 'admin',
      attachments: { file: { filename: 'recommendations.csv', contentType: 'text/csv', base64: Buffer.from(csv).toString('base64') } },
      waitMs: 300_000,
    })
    .finally(() => (done = true));
  const latencies: number[] = [];
  let failures = 0;
  while (!done) {
    const a = performance.now();
    const r = await control.run('/upr list', { guild: guildId(1), channel: channelId(1, 0), user: 'admin', waitMs: 30_000 });
    latencies.push(performance.now() - a);
    if (!r.ok || !r.embeds.length) failures++;
  }
  const reply = await importing;
  const seconds = (performance.now() - started) / 1000;
  if (!reply.ok || !/created/.test(reply.content ?? '')) throw new Error(`the import failed: ${reply.error ?? reply.content}`);
  return {
    rows,
    seconds,
    rowsPerSecond: rows / seconds,
    listP99Ms: percentile(latencies, 99),
    listMaxMs: Math.max(0, ...latencies),
    lists: latencies.length,
    listFailures: failures,
    reply: (reply.content ?? '').split('\n').slice(0, 2).join(' '),
  };
}

/** The review's state and session, read back through the bot (the data set only keeps ids). */
async function findReview(sandbox: Sandbox, id: number): Promise<{ stateCode: string; session: number }> {
  const r = await sandbox.control.run(`/upr show review:#${id}`, { guild: guildId(0), channel: channelId(0, 0), user: 'admin' });
  const title = (r.embeds[0] as { title?: string } | undefined)?.title ?? '';
  const m = /^(.+?) — WG (\d+)/.exec(title);
  if (!m) throw new Error(`could not read review #${id}: ${r.error ?? title}`);
  const { resolveState } = await import('../../src/states');
  const s = resolveState(m[1]!);
  if (!s.ok) throw new Error(`unknown state in "${title}"`);
  return { stateCode: s.state.code, session: Number(m[2]) };
}
