// The weekly digest, set up by a person with /settings digest and posted by the scheduler when the
// clock reaches it: next two weeks' reviews and deadlines, once per week.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/bot-harness';

let h: Harness;
let channelId: string;

beforeAll(async () => {
  // Monday 2025-10-20, 10:00 in Zurich.
  h = await startHarness({ now: new Date('2025-10-20T08:00:00Z') });
  const world = await h.control.world();
  channelId = world.guilds[0]!.channels.find((c) => c.name === 'advocacy')!.id;
}, 60_000);
afterAll(async () => h?.stop());

describe('/settings digest', () => {
  it('is refused for members and for an hour without a day, changing nothing', async () => {
    // /settings is hidden from members by its default permissions, as Discord's client would.
    const member = await h.control.run('/settings digest day:4 hour:9', { user: 'member' });
    expect(member.ok).toBe(false);
    const noDay = await h.control.run('/settings digest hour:9');
    expect(noDay.ephemeral).toBe(true);
    expect(noDay.content).toMatch(/Give the day as well as the hour/);
    expect(await h.db.reminder.count({ where: { kind: 'digest' } })).toBe(0);
  });

  it('plans the next Thursday 09:00 in the server zone, shows it, and posts it once when due', async () => {
    await h.control.run(`/settings channel channel:${channelId}`);
    await h.control.run('/upr add state:Belarus date:2025-11-03');
    const set = await h.control.run('/settings digest day:4 hour:9');
    expect(JSON.stringify(set.embeds)).toMatch(/Weekly digest:\*\* Thursdays at 09:00 \(Europe\/Zurich\)/);
    const row = await h.db.reminder.findFirstOrThrow({ where: { kind: 'digest', status: 'pending' } });
    expect(row.dueAt.toISOString()).toBe('2025-10-23T07:00:00.000Z'); // 09:00 CEST

    await h.control.clock({ now: '2025-10-23T07:00:05Z' });
    const posted = await h.control.waitForMessage(channelId, (m) => /Belarus/.test(m.content ?? ''), { timeoutMs: 5_000 });
    expect(posted.content).toMatch(/Belarus/);
    // The next week's digest is planned, this week's is done.
    const rows = await h.db.reminder.findMany({ where: { kind: 'digest' }, orderBy: { dueAt: 'asc' } });
    expect(rows[0]!.status).toBe('posted');
    expect(rows[1]?.dueAt.toISOString()).toBe('2025-10-30T08:00:00.000Z'); // 09:00 CET after the change
  });

  it('turns off with no day', async () => {
    const off = await h.control.run('/settings digest');
    expect(JSON.stringify(off.embeds)).toMatch(/Weekly digest:\*\* off/);
    expect(await h.db.reminder.count({ where: { kind: 'digest', status: 'pending' } })).toBe(0);
    expect(await h.control.violations()).toEqual([]);
  });
});
