// Personal follows end to end: /follow through the sandbox, DMs opened with POST
// /users/@me/channels and posted by the notifier through the bot's REST client, once per event
// and lead time; closed DMs (50007) pause the follows and the member is told once, on their next command.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FollowNotifier } from '../../src/follows/notifier';
import { silentLogger } from '../../src/logging/logger';
import { translator } from '../../src/i18n';

const PAUSED_NOTICE = translator('en')('follow:pausedNotice');
import { startHarness, type Harness } from '../helpers/bot-harness';
import { userId } from '../helpers/command-checks';

let h: Harness;
let notifier: FollowNotifier;
let memberId = '';
beforeAll(async () => {
  h = await startHarness({ now: new Date('2025-09-01T08:00:00Z'), scheduler: false });
  notifier = new FollowNotifier({ db: h.db, rest: () => h.bot.app.client.rest, clock: h.bot.clock, logger: silentLogger, defaultTimezone: 'Europe/Zurich' });
  memberId = await userId(h, 'member');
}, 60_000);
afterAll(async () => h?.stop());

const dms = async () => (await h.control.allMessages()).filter((m) => m.guildId === null);
const setDms = async (open: boolean) => {
  const r = await fetch(`${h.control.baseUrl}/_sandbox/users/member/dms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ open }) });
  expect(r.status).toBe(200);
};

describe('/follow', () => {
  it('add, list, remove: private replies, one member at a time', async () => {
    const r = await h.control.run('/follow add state:Belarus', { user: 'member' });
    expect(r.ephemeral).toBe(true);
    expect(r.content).toBe('You follow **Belarus** when it is reviewed and when it takes the floor: I will send you a direct message.');
    await h.control.run('/follow add state:Argentina as:recommending', { user: 'member' });
    const list = await h.control.run('/follow list', { user: 'member' });
    expect(list.content).toBe('You follow 2 states here:\n• **Argentina** — when it takes the floor in reviews\n• **Belarus** — when it is reviewed and when it takes the floor');
    expect((await h.control.run('/follow list', { user: 'admin' })).content).toBe('You follow no state here. Start with `/follow add`.');
    expect((await h.control.run('/follow remove state:Chile', { user: 'member' })).content).toBe('You do not follow Chile in this server. See yours with `/follow list`.');
  });

  it('DMs once per review and lead time, only the nearest lead reached', async () => {
    await h.control.run('/settings lead-times for:review times:2w,1d');
    await h.control.run('/upr add state:Belarus date:3 Nov 2025 time:10:00');
    expect(await notifier.run()).toEqual({ sent: 0, paused: 0 });

    await h.control.clock({ now: '2025-10-21T10:00:00.000Z' });
    expect(await notifier.run()).toEqual({ sent: 1, paused: 0 });
    expect(await notifier.run()).toEqual({ sent: 0, paused: 0 });
    let list = await dms();
    expect(list).toHaveLength(1);
    expect(list[0]!.content).toMatch(/^\*\*Belarus\*\*'s UPR review \(WG 50\) is <t:\d+:R>/);

    await h.control.clock({ now: '2025-11-02T10:00:00.000Z' });
    expect(await notifier.run()).toEqual({ sent: 1, paused: 0 });
    expect(await notifier.run()).toEqual({ sent: 0, paused: 0 });
    list = await dms();
    expect(list).toHaveLength(2);
    expect(new Set(list.map((m) => m.channelId)).size).toBe(1);
    expect(await h.db.followNotice.count({ where: { userId: memberId } })).toBe(2);
  });

  it('DMs once when interventions are recorded where a followed state is reviewed or speaks', async () => {
    await h.control.clock({ now: '2025-11-03T12:00:00.000Z' });
    await h.control.run('/intervention add review:Belarus state:Argentina');
    await h.control.run('/intervention add review:Belarus state:Lithuania');
    expect(await notifier.run()).toEqual({ sent: 2, paused: 0 });
    expect(await notifier.run()).toEqual({ sent: 0, paused: 0 });
    const texts = (await dms()).slice(-2).map((m) => m.content);
    expect(texts.filter((t) => t.includes('**Argentina** took the floor'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes("Interventions were recorded in **Belarus**'s UPR review (WG 50): 2 state(s) so far."))).toHaveLength(1);
  });

  it('closed DMs pause the follows; the member is told once, privately, next time', async () => {
    await setDms(false);
    await h.control.run('/upr add state:Belarus date:2026-05-05 time:10:00 session:52');
    await h.control.clock({ now: '2026-05-04T11:00:00.000Z' });
    expect(await notifier.run()).toEqual({ sent: 0, paused: 1 });
    expect(await h.db.followPause.count({ where: { userId: memberId } })).toBe(1);
    expect(await notifier.run()).toEqual({ sent: 0, paused: 0 });
    const before = (await dms()).length;

    // Any command: the answer, then the notice as a private follow-up, once.
    const next = await h.control.run('/upr next', { user: 'member' });
    expect(next.ok).toBe(true);
    const notices = async () => (await h.control.allMessages({ ephemeral: true })).filter((m) => m.content === PAUSED_NOTICE);
    // The follow-up comes after the answer: wait for it (with a deadline).
    const deadline = Date.now() + 10_000;
    while ((await notices()).length === 0 && Date.now() < deadline) await new Promise<void>((resolve) => setImmediate(resolve));
    expect(await notices()).toHaveLength(1);
    expect((await notices())[0]).toMatchObject({ via: 'followup', ephemeral: true });
    const again = await h.control.run('/follow list', { user: 'member' });
    expect(again.content).not.toContain(PAUSED_NOTICE);
    expect(again.content).toContain('(paused: I cannot DM you)');
    // Told once: the next commands bring no second notice (the claim is in the database).
    await h.control.run('/upr next', { user: 'member' });
    expect(await h.db.followPause.findFirstOrThrow({ where: { userId: memberId } })).toMatchObject({ told: true });
    expect(await notices()).toHaveLength(1);

    // Opening DMs and following again resumes; the missed DM then goes out once.
    await setDms(true);
    const resumed = await h.control.run('/follow add state:Belarus', { user: 'member' });
    expect(resumed.content).toContain('Your paused follows in this server are active again.');
    expect(await notifier.run()).toEqual({ sent: 1, paused: 0 });
    expect((await dms()).length).toBe(before + 1);
  });
});
