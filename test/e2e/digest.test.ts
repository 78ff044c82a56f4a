// The weekly digest, set up by a person with /settings digest and posted by the scheduler when the
// clock reaches it: next two weeks' reviews and deadlines, once per week.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markerLine } from '../../src/posting/marker';
import { reminderNonce } from '../../src/reminders/keys';
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

    const review = await h.db.review.findFirstOrThrow({ where: { stateCode: 'BLR' } });
    const before = await h.control.messages(channelId);
    await h.control.clock({ now: '2025-10-23T07:00:05Z' });
    // Any digest at all; what it says is asserted below.
    const posted = await h.control.waitForMessage(channelId, (m) => /weekly digest/.test(m.content ?? ''), { timeoutMs: 15_000 });
    const lines = (posted.content ?? '').split('\n');
    const reviewsAt = lines.indexOf('**Reviews in the next two weeks**');
    expect(reviewsAt).toBeGreaterThan(0);
    // The review of 3 Nov (11 days ahead) is listed under the reviews, with its Discord timestamp.
    const at = review.reviewAt!.getTime() / 1000;
    expect(lines[reviewsAt + 1]).toBe(`• <t:${at}:D> (<t:${at}:R>) — Review of Belarus (WG ${review.session})`);
    expect(lines).toContain('**Deadlines in the next two weeks**');
    expect(posted.content).not.toMatch(/Posted late/);
    // The next week's digest is planned, this week's is done and recorded with the message posted.
    const rows = await h.db.reminder.findMany({ where: { kind: 'digest' }, orderBy: { dueAt: 'asc' } });
    expect(rows[0]).toMatchObject({ status: 'posted', messageId: posted.id, leadKey: '2025-W43' });
    expect(lines[lines.length - 1]).toBe(markerLine(reminderNonce(rows[0]!)));
    expect(rows[1]?.dueAt.toISOString()).toBe('2025-10-30T08:00:00.000Z'); // 09:00 CET after the change
    // Posted once: later ticks of the same week add nothing.
    await h.control.clock({ now: '2025-10-23T08:00:00Z' });
    await expect(h.control.waitForMessage(channelId, () => true, { after: posted.id, timeoutMs: 3_000 })).rejects.toThrow(/no matching message/);
    const after = await h.control.messages(channelId);
    expect(after.length - before.length).toBe(1);
  });

  it('turns off with no day', async () => {
    const off = await h.control.run('/settings digest');
    expect(JSON.stringify(off.embeds)).toMatch(/Weekly digest:\*\* off/);
    expect(await h.db.reminder.count({ where: { kind: 'digest', status: 'pending' } })).toBe(0);
    expect(await h.control.violations()).toEqual([]);
  });
});
