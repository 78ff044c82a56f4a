// /letter end to end, subcommand by subcommand: the real bot and discord.js client against the
// sandbox, on a real database of the engine under test. Success replies, every error path of
// LettersService (and the review / state / date resolution it relies on), permission refusal,
// guild isolation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/bot-harness';
import {
  NO_ROLE_REFUSAL,
  channelId,
  expectDiscordRefuses,
  expectRefused,
  expectSameAsMissing,
  roleRefusal,
  setCoordinator,
  snapshot,
  text,
  unix,
  unixOf,
  userId,
} from '../helpers/command-checks';

const ZURICH = 'Europe/Zurich';
const NOW = new Date('2025-09-01T08:00:00Z');
const OTHER = 'Other';
let h: Harness;
const rev = { B: 0, L: 0, B51: 0 };
const let_ = { ARG: 0, CHL: 0, DEU: 0, DEU2: 0, FRA: 0 };

const letterOf = async (stateCode: string, reviewId: number): Promise<number> =>
  (await h.db.letter.findFirstOrThrow({ where: { stateCode, reviewId }, orderBy: { id: 'desc' } })).id;
type Embed = { title: string; description: string; footer?: { text: string } };
const embed = (r: { embeds: unknown[] }): Embed => r.embeds[0] as Embed;

beforeAll(async () => {
  h = await startHarness({ now: NOW, scheduler: false });
  for (const cmd of ['/upr add state:Belarus date:3 Nov 2025', '/upr add state:Libya date:4 Nov 2025', '/upr add state:Belarus date:20 Jan 2026']) {
    expect((await h.control.run(cmd)).content).toContain('Added');
  }
  rev.B = (await h.db.review.findFirstOrThrow({ where: { stateCode: 'BLR', session: 50 } })).id;
  rev.L = (await h.db.review.findFirstOrThrow({ where: { stateCode: 'LBY', session: 50 } })).id;
  rev.B51 = (await h.db.review.findFirstOrThrow({ where: { stateCode: 'BLR', session: 51 } })).id;
}, 60_000);
afterAll(async () => h?.stop());

describe('/letter add', () => {
  it('plans a letter with a day-only deadline (09:00 server time) and plans its reminders', async () => {
    const r = await h.control.run(
      '/letter add to:Argentina review:Belarus 50 deadline:30 Sep 2025 recipient:"Permanent Mission of Argentina, Geneva" ask:"Recommend the release of all political prisoners"',
    );
    let_.ARG = await letterOf('ARG', rev.B);
    const due = unix('2025-09-30T09:00', ZURICH);
    expect(r.ephemeral).toBe(false);
    expect(r.content).toBe(`Planned letter \`#${let_.ARG}\` to **Argentina** about Belarus WG 50, due <t:${due}:D> (<t:${due}:R>). Mark it with \`/letter sent\` once sent.`);
    const row = await h.db.letter.findUniqueOrThrow({ where: { id: let_.ARG } });
    expect(row).toMatchObject({ status: 'planned', recipient: 'Permanent Mission of Argentina, Geneva', ask: 'Recommend the release of all political prisoners', deadlineTimeKnown: false, channelId: null, createdBy: await userId(h, 'admin') });
    expect(unixOf(row.deadlineAt)).toBe(due);
    expect(await h.db.reminder.count({ where: { letterId: let_.ARG, status: 'pending' } })).toBeGreaterThan(0);
  });

  it('takes a deadline with a time and a reminder channel of its own', async () => {
    const general = await channelId(h, 'general');
    const r = await h.control.run(`/letter add to:Chile review:#${rev.B} deadline:"2025-09-15 17:00" channel:#general`);
    let_.CHL = await letterOf('CHL', rev.B);
    const due = unix('2025-09-15T17:00', ZURICH);
    expect(r.content).toBe(`Planned letter \`#${let_.CHL}\` to **Chile** about Belarus WG 50, due <t:${due}:f> (<t:${due}:R>). Mark it with \`/letter sent\` once sent.`);
    expect(await h.db.letter.findUniqueOrThrow({ where: { id: let_.CHL } })).toMatchObject({ deadlineTimeKnown: true, channelId: general });
  });

  it('accepts today as a deadline (the whole day counts) and records a letter already sent with a past deadline', async () => {
    const today = await h.control.run(`/letter add to:Germany review:#${rev.B} deadline:today`);
    let_.DEU = await letterOf('DEU', rev.B);
    expect(today.content).toContain(`Planned letter \`#${let_.DEU}\` to **Germany**`);
    expect(today.content).toContain(`due <t:${unix('2025-09-01T09:00', ZURICH)}:D>`);

    const sent = await h.control.run(`/letter add to:France review:#${rev.B} deadline:2025-08-01 sent:30 Jul 2025`);
    let_.FRA = await letterOf('FRA', rev.B);
    expect(sent.content).toBe(
      `Recorded letter \`#${let_.FRA}\` to **France** about Belarus WG 50, sent <t:${unix('2025-07-30T09:00', ZURICH)}:D> (deadline <t:${unix('2025-08-01T09:00', ZURICH)}:D>).`,
    );
    expect(await h.db.letter.findUniqueOrThrow({ where: { id: let_.FRA } })).toMatchObject({ status: 'sent' });
    expect(await h.db.reminder.count({ where: { letterId: let_.FRA, status: 'pending' } })).toBe(0);
  });

  it('refuses bad input with a specific ephemeral message and changes nothing', async () => {
    const cases: Array<[string, RegExp | string]> = [
      ['/letter add to:Atlantis review:Belarus 50 deadline:2025-10-01', 'to: Unknown state "Atlantis". Type a UN member or observer state name'],
      ['/letter add to:Nigera review:Belarus 50 deadline:2025-10-01', 'to: Unknown state "Nigera". Did you mean: Niger, Nigeria?'],
      ['/letter add to:Korea review:Belarus 50 deadline:2025-10-01', 'to: Ambiguous state "Korea". Did you mean: Democratic People\'s Republic of Korea, Republic of Korea?'],
      ['/letter add to:Spain review:Uruguay deadline:2025-10-01', 'No review of Uruguay in this server. Add it with /upr add or /upr import.'],
      ['/letter add to:Spain review:#999999 deadline:2025-10-01', 'There is no review #999999 in this server.'],
      ['/letter add to:Spain review:Atlantis deadline:2025-10-01', 'Unknown state "Atlantis"'],
      ['/letter add to:Spain review:Belarus deadline:2025-10-01', '"Belarus" matches 2 reviews: Belarus — WG 51 — 20 Jan 2026; Belarus — WG 50 — 3 Nov 2025. Pick one from the list or add the session number.'],
      ['/letter add to:Spain review:Belarus 49 deadline:2025-10-01', 'No review of Belarus in WG session 49 here. Known: Belarus — WG 51 — 20 Jan 2026; Belarus — WG 50 — 3 Nov 2025.'],
      ['/letter add to:Spain review:Belarus 50 deadline:2025-08-31', 'The deadline 2025-08-31 is in the past. Give a future date, or record a letter already sent with /letter add … sent:<date>.'],
      ['/letter add to:Spain review:Belarus 50 deadline:"2025-09-01 09:00"', 'The deadline 2025-09-01 is in the past.'],
      ['/letter add to:Spain review:Belarus 50 deadline:2025-09-31', '"2025-09-31" is not a real date: September 2025 has 30 days.'],
      ['/letter add to:Spain review:Belarus 50 deadline:2026-02-30', 'February 2026 has 28 days.'],
      ['/letter add to:Spain review:Belarus 50 deadline:30/09/2025', '"30/09/2025" is ambiguous (day/month or month/day?). Use 2025-11-03 or 3 Nov 2025.'],
      ['/letter add to:Spain review:Belarus 50 deadline:30 Sep', 'please include the year'],
      ['/letter add to:Spain review:Belarus 50 deadline:soon', '"soon" is not a date I can read.'],
      ['/letter add to:Argentina review:Belarus 50 deadline:2025-10-20', `There is already a planned letter to Argentina about this review (#${let_.ARG}). Change it with /letter edit.`],
      ['/letter add to:Spain review:Belarus 50 deadline:2025-08-01 sent:2025-09-02', 'The sent date 2025-09-02 is in the future.'],
      ['/letter add to:Spain review:Belarus 50 deadline:2025-08-01 sent:"2025-09-01 11:00"', 'The sent date 2025-09-01 is in the future.'],
      ['/letter add to:Spain review:Belarus 50 deadline:2025-08-01 sent:2025-06-31', 'June 2025 has 30 days'],
      ['/letter add to:Spain review:Belarus 50 deadline:2025-08-01 sent:07/30/2025', 'is ambiguous'],
    ];
    for (const [cmd, match] of cases) await expectRefused(h, cmd, match);
  });

  it('lets Discord refuse over-long text and missing options', async () => {
    await expectDiscordRefuses(h, `/letter add to:Spain review:Belarus 50 deadline:2025-10-01 recipient:"${'r'.repeat(201)}"`, 400);
    await expectDiscordRefuses(h, `/letter add to:Spain review:Belarus 50 deadline:2025-10-01 ask:"${'a'.repeat(1001)}"`, 400);
    await expectDiscordRefuses(h, '/letter add to:Spain review:Belarus 50', 400);
  });
});

describe('/letter list', () => {
  it('lists due letters by deadline with Discord timestamps; sent and all', async () => {
    const due = await h.control.run('/letter list', { user: 'member' });
    expect(embed(due).title).toBe('Letters — due (3)');
    const dDEU = unix('2025-09-01T09:00', ZURICH);
    const dCHL = unix('2025-09-15T17:00', ZURICH);
    const dARG = unix('2025-09-30T09:00', ZURICH);
    expect(embed(due).description.split('\n')).toEqual([
      `\`#${let_.DEU}\` **Germany** — about Belarus WG 50 — due <t:${dDEU}:D> (<t:${dDEU}:R>)`,
      `\`#${let_.CHL}\` **Chile** — about Belarus WG 50 — due <t:${dCHL}:f> (<t:${dCHL}:R>)`,
      `\`#${let_.ARG}\` **Argentina** (Permanent Mission of Argentina, Geneva) — about Belarus WG 50 — due <t:${dARG}:D> (<t:${dARG}:R>)`,
    ]);
    const sent = await h.control.run('/letter list status:sent');
    expect(embed(sent).title).toBe('Letters — sent (1)');
    expect(embed(sent).description).toBe(`\`#${let_.FRA}\` **France** — about Belarus WG 50 — sent <t:${unix('2025-07-30T09:00', ZURICH)}:D>`);
    expect(embed(await h.control.run('/letter list status:all')).title).toBe('Letters — all (4)');
    const overdue = await h.control.run('/letter list status:overdue');
    expect(embed(overdue).title).toBe('Letters — overdue (0)');
    expect(embed(overdue).description).toBe('No overdue letters.');
  });

  it('moves letters to overdue as time passes (a day-only deadline stays due all day)', async () => {
    h.bot.clock.set(new Date('2025-09-15T16:00:00Z')); // 18:00 in Zurich: Chile's 17:00 has passed
    try {
      const overdue = await h.control.run('/letter list status:overdue');
      expect(embed(overdue).title).toBe('Letters — overdue (2)');
      expect(embed(overdue).description).toContain(`\`#${let_.DEU}\` **Germany**`);
      expect(embed(overdue).description).toContain(`\`#${let_.CHL}\` **Chile**`);
      expect(embed(await h.control.run('/letter list')).title).toBe('Letters — due (1)');
    } finally {
      h.bot.clock.set(NOW);
    }
  });

  it('pages long lists with buttons', async () => {
    const states = ['Spain', 'Italy', 'Portugal', 'Norway', 'Sweden', 'Finland', 'Denmark', 'Iceland', 'Estonia'];
    for (const s of states) expect((await h.control.run(`/letter add to:${s} review:#${rev.L} deadline:2025-10-10`)).content).toContain('Planned letter');
    const list = await h.control.run('/letter list status:all');
    expect(embed(list).title).toBe('Letters — all (13)');
    expect(embed(list).footer!.text).toBe('Page 1/2');
    const next = (list.components as Array<{ components: Array<{ custom_id: string; label: string }> }>)[0]!.components.find((b) => b.label === 'Next ▶')!;
    expect(next.custom_id).toBe('letter:list:2:all');
    const page2 = await h.control.click(list.messageId!, next.custom_id, { user: 'member' });
    expect(embed(page2).footer!.text).toBe('Page 2/2');
    expect(embed(page2).description.split('\n')).toHaveLength(3);
    // Clean up: these letters are not needed below.
    for (const s of states) {
      const id = (await h.db.letter.findFirstOrThrow({ where: { reviewId: rev.L, stateCode: { not: 'ARG' } }, orderBy: { id: 'desc' } })).id;
      expect((await h.control.run(`/letter remove letter:#${id}`)).content, s).toContain('Removed letter');
    }
  });
});

describe('/letter sent', () => {
  it('autocompletes letters as "State — about Review — due day"', async () => {
    const ac = await h.control.autocomplete('/letter sent letter:arg', { focused: 'letter', user: 'member' });
    expect(ac.choices).toEqual([{ name: 'Argentina — about Belarus WG 50 — due 30 Sep 2025', value: `#${let_.ARG}` }]);
    const byId = await h.control.autocomplete(`/letter sent letter:#${let_.FRA}`, { focused: 'letter' });
    expect(byId.choices[0]).toEqual({ name: 'France — about Belarus WG 50 — sent 30 Jul 2025', value: `#${let_.FRA}` });
  });

  it('marks a letter sent on a day, and stops its reminders', async () => {
    const r = await h.control.run(`/letter sent letter:#${let_.ARG} date:31 Aug 2025`);
    expect(r.content).toBe(`Marked letter \`#${let_.ARG}\` to **Argentina** as sent on <t:${unix('2025-08-31T09:00', ZURICH)}:D>. Its reminders stop.`);
    expect(await h.db.letter.findUniqueOrThrow({ where: { id: let_.ARG } })).toMatchObject({ status: 'sent' });
    expect(await h.db.reminder.count({ where: { letterId: let_.ARG, status: 'pending' } })).toBe(0);
  });

  it('marks a letter picked by its state sent now when no date is given', async () => {
    const r = await h.control.run('/letter sent letter:Chile');
    // The bot clock runs on from NOW.
    const sentAt = unixOf((await h.db.letter.findUniqueOrThrow({ where: { id: let_.CHL } })).sentAt!);
    expect(sentAt).toBeGreaterThanOrEqual(unixOf(NOW));
    expect(sentAt).toBeLessThan(unixOf(NOW) + 120);
    expect(r.content).toBe(`Marked letter \`#${let_.CHL}\` to **Chile** as sent on <t:${sentAt}:D>. Its reminders stop.`);
  });

  it('refuses an unknown, ambiguous or cancelled letter and impossible or future dates, changing nothing', async () => {
    // A second planned letter to Germany (about another review) makes "Germany" ambiguous.
    await h.control.run(`/letter add to:Germany review:#${rev.L} deadline:2025-10-02`);
    let_.DEU2 = await letterOf('DEU', rev.L);
    await expectRefused(h, '/letter sent letter:#999999', 'There is no letter #999999 in this server.');
    await expectRefused(h, '/letter sent letter:999999', 'There is no letter #999999 in this server.');
    await expectRefused(h, '/letter sent letter:Uruguay', 'No letter to Uruguay in this server.');
    await expectRefused(h, '/letter sent letter:Atlantis', 'Unknown state "Atlantis"');
    await expectRefused(
      h,
      '/letter sent letter:Germany',
      `Several letters to Germany: #${let_.DEU} Germany — about Belarus WG 50 — due 1 Sep 2025; #${let_.DEU2} Germany — about Libya WG 50 — due 2 Oct 2025. Pick one from the list.`,
    );
    await expectRefused(h, `/letter sent letter:#${let_.DEU} date:2025-09-02`, 'The sent date 2025-09-02 is in the future.');
    await expectRefused(h, `/letter sent letter:#${let_.DEU} date:2025-08-32`, 'August 2025 has 31 days');
    await expectRefused(h, `/letter sent letter:#${let_.DEU} date:1/9/2025`, 'is ambiguous');
    expect((await h.control.run(`/letter edit letter:#${let_.DEU2} status:cancelled`)).content).toContain('cancelled');
    await expectRefused(h, `/letter sent letter:#${let_.DEU2}`, 'That letter was cancelled. Reopen it with /letter edit status:planned first.');
  });
});

describe('/letter edit', () => {
  it('changes the deadline, recipient and ask, and re-plans reminders', async () => {
    const r = await h.control.run(`/letter edit letter:#${let_.DEU} deadline:15 Oct 2025 recipient:"Federal Foreign Office" ask:"Raise political prisoners"`);
    const due = unix('2025-10-15T09:00', ZURICH);
    expect(r.content).toBe(`Updated letter \`#${let_.DEU}\`: \`#${let_.DEU}\` **Germany** (Federal Foreign Office) — about Belarus WG 50 — due <t:${due}:D> (<t:${due}:R>). Reminders re-planned.`);
    const row = await h.db.letter.findUniqueOrThrow({ where: { id: let_.DEU } });
    expect(row).toMatchObject({ recipient: 'Federal Foreign Office', ask: 'Raise political prisoners' });
    expect(unixOf(row.deadlineAt)).toBe(due);
    const reminders = await h.db.reminder.findMany({ where: { letterId: let_.DEU, status: 'pending' } });
    expect(reminders.length).toBeGreaterThan(0);
    for (const rem of reminders) expect(unixOf(rem.eventAt)).toBe(due);
  });

  it('moves a letter to another state and review, cancels and reopens it, and sends reminders back to the server channel', async () => {
    await h.control.run(`/letter edit letter:#${let_.CHL} channel:#general`);
    const moved = await h.control.run(`/letter edit letter:#${let_.CHL} to:Peru review:Libya default-channel:true status:planned`);
    expect(moved.content).toMatch(new RegExp(`^Updated letter \`#${let_.CHL}\`: \`#${let_.CHL}\` \\*\\*Peru\\*\\* — about Libya WG 50 — due <t:\\d+:f>`));
    expect(await h.db.letter.findUniqueOrThrow({ where: { id: let_.CHL } })).toMatchObject({ stateCode: 'PER', reviewId: rev.L, channelId: null, status: 'planned', sentAt: null });
    const cancelled = await h.control.run(`/letter edit letter:#${let_.CHL} status:cancelled`);
    expect(cancelled.content).toBe(`Updated letter \`#${let_.CHL}\`: \`#${let_.CHL}\` **Peru** — about Libya WG 50 — cancelled. Reminders re-planned.`);
    expect(await h.db.reminder.count({ where: { letterId: let_.CHL, status: 'pending' } })).toBe(0);
  });

  it('refuses bad edits with a specific ephemeral message and changes nothing', async () => {
    const cases: Array<[string, RegExp | string]> = [
      [`/letter edit letter:#${let_.DEU}`, 'Nothing to change: give at least one option (to, review, deadline, recipient, ask, channel, status).'],
      [`/letter edit letter:#${let_.DEU} deadline:2025-08-01`, 'The deadline 2025-08-01 is in the past.'],
      [`/letter edit letter:#${let_.DEU} deadline:2025-11-31`, 'November 2025 has 30 days'],
      [`/letter edit letter:#${let_.DEU} deadline:31.10.2025`, 'is ambiguous'],
      [`/letter edit letter:#${let_.DEU} to:Atlantis`, 'to: Unknown state "Atlantis"'],
      [`/letter edit letter:#${let_.DEU} review:Belarus`, '"Belarus" matches 2 reviews'],
      [`/letter edit letter:#${let_.DEU} review:#999999`, 'There is no review #999999 in this server.'],
      [`/letter edit letter:#${let_.DEU} review:Uruguay`, 'No review of Uruguay in this server.'],
      ['/letter edit letter:#999999 ask:x', 'There is no letter #999999 in this server.'],
      ['/letter edit letter:Uruguay ask:x', 'No letter to Uruguay in this server.'],
    ];
    for (const [cmd, match] of cases) await expectRefused(h, cmd, match);
    await expectDiscordRefuses(h, `/letter edit letter:#${let_.DEU} status:sent`, 400);
  });

  it('refuses an edit that would make a second planned letter to the same state about the same review, as add does', async () => {
    // Germany has a planned letter about Belarus 50 (#DEU); Spain gets one too.
    await h.control.run(`/letter add to:Spain review:#${rev.B} deadline:2025-10-05`);
    const spain = await letterOf('ESP', rev.B);
    try {
      await expectRefused(h, `/letter edit letter:#${spain} to:Germany`, `There is already a planned letter to Germany about this review (#${let_.DEU}).`);
    } finally {
      await h.control.run(`/letter remove letter:#${spain}`);
    }
    // Reopening the cancelled letter to Germany about Libya is fine (no other open one there)...
    expect((await h.control.run(`/letter edit letter:#${let_.DEU2} status:planned`)).content).toContain('due');
    // ...but moving it to Belarus 50, where Germany already has an open letter, is not.
    try {
      await expectRefused(h, `/letter edit letter:#${let_.DEU2} review:Belarus 50`, `There is already a planned letter to Germany about this review (#${let_.DEU}).`);
    } finally {
      await h.control.run(`/letter edit letter:#${let_.DEU2} review:#${rev.L}`);
    }
    // Reopening a letter while another one to the same state about the same review is open is refused too.
    await h.control.run(`/letter add to:Spain review:#${rev.L} deadline:2025-10-05`);
    const spainL = await letterOf('ESP', rev.L);
    await h.control.run(`/letter edit letter:#${spainL} status:cancelled`);
    await h.control.run(`/letter add to:Spain review:#${rev.L} deadline:2025-10-06`);
    const spainL2 = await letterOf('ESP', rev.L);
    try {
      await expectRefused(h, `/letter edit letter:#${spainL} status:planned`, `There is already a planned letter to Spain about this review (#${spainL2}).`);
    } finally {
      await h.control.run(`/letter remove letter:#${spainL}`);
      await h.control.run(`/letter remove letter:#${spainL2}`);
    }
  });
});

describe('/letter remove', () => {
  it('removes a letter and cancels its reminders', async () => {
    // (Open again, about Libya, whatever the test above left it as.)
    await h.control.run(`/letter edit letter:#${let_.DEU2} review:#${rev.L} status:planned`);
    expect(await h.db.reminder.count({ where: { letterId: let_.DEU2, status: 'pending' } })).toBeGreaterThan(0);
    const r = await h.control.run(`/letter remove letter:#${let_.DEU2}`);
    expect(r.content).toBe(`Removed letter \`#${let_.DEU2}\` to **Germany**; its pending reminders are cancelled.`);
    expect(await h.db.letter.count({ where: { id: let_.DEU2 } })).toBe(0);
    expect(await h.db.reminder.count({ where: { letterId: let_.DEU2, status: 'pending' } })).toBe(0);
  });

  it('refuses an unknown or ambiguous letter and changes nothing', async () => {
    await h.control.run(`/letter add to:Argentina review:#${rev.L} deadline:2025-10-03`);
    await h.control.run(`/letter add to:Argentina review:#${rev.B51} deadline:2025-10-04`);
    await expectRefused(h, '/letter remove letter:#999999', 'There is no letter #999999 in this server.');
    await expectRefused(h, '/letter remove letter:Uruguay', 'No letter to Uruguay in this server.');
    await expectRefused(h, '/letter remove letter:Nigera', 'Did you mean: Niger, Nigeria?');
    await expectRefused(h, '/letter remove letter:Argentina', /^Several letters to Argentina: #\d+ Argentina — about Libya WG 50 — due 3 Oct 2025; #\d+ Argentina — about Belarus WG 51 — due 4 Oct 2025\. Pick one from the list\.$/);
  });
});

describe('permissions', () => {
  const changes = () => [
    `/letter add to:Uruguay review:#${rev.B} deadline:2025-10-01`,
    `/letter sent letter:#${let_.DEU}`,
    `/letter edit letter:#${let_.DEU} ask:changed`,
    `/letter remove letter:#${let_.DEU}`,
  ];

  it('refuses every change to a member without Manage Server, ephemerally; reading stays open', async () => {
    for (const cmd of changes()) await expectRefused(h, cmd, NO_ROLE_REFUSAL, { user: 'member' });
    const list = await h.control.run('/letter list status:all', { user: 'member' });
    expect(list.ok && !list.ephemeral).toBe(true);
  });

  it('names the coordinator role once set, and lets its holders change letters', async () => {
    const role = await setCoordinator(h, 'member', false);
    for (const cmd of changes()) await expectRefused(h, cmd, roleRefusal(role), { user: 'member' });
    await setCoordinator(h, 'member', true);
    const added = await h.control.run(`/letter add to:Uruguay review:#${rev.B} deadline:2025-10-01`, { user: 'member' });
    expect(added.content).toContain('Planned letter');
    const ury = await letterOf('URY', rev.B);
    expect((await h.db.letter.findUniqueOrThrow({ where: { id: ury } })).createdBy).toBe(await userId(h, 'member'));
    expect((await h.control.run(`/letter edit letter:#${ury} ask:changed`, { user: 'member' })).content).toContain('Updated letter');
    expect((await h.control.run(`/letter sent letter:#${ury}`, { user: 'member' })).content).toContain('as sent');
    expect((await h.control.run(`/letter remove letter:#${ury}`, { user: 'member' })).content).toContain('Removed letter');
    await h.control.addWorld({ memberRoles: [{ user: 'member', role: 'coordinator', remove: true }] });
  });
});

describe('guild isolation', () => {
  const asOther = { guild: OTHER, user: 'owner' };
  let otherReview = 0;

  beforeAll(async () => {
    await h.control.addWorld({ guilds: [{ name: OTHER }] });
    await h.control.run('/settings timezone zone:America/Argentina/Buenos_Aires', asOther);
    await h.control.run('/upr add state:Belarus date:3 Nov 2025', asOther);
    otherReview = (await h.db.review.findFirstOrThrow({ where: { stateCode: 'BLR', session: 50, id: { notIn: [rev.B] } } })).id;
  });

  it('another server sees none of these letters', async () => {
    const all = await h.control.run('/letter list status:all', asOther);
    expect(embed(all).title).toBe('Letters — all (0)');
    expect(embed(all).description).toBe('No letters yet. Add one with `/letter add`.');
    expect(embed(await h.control.run('/letter list', asOther)).description).toBe('No letters due. Add one with `/letter add`.');
    expect((await h.control.autocomplete('/letter sent letter:arg', { ...asOther, focused: 'letter' })).choices).toEqual([]);
    expect((await h.control.autocomplete('/letter sent letter:', { ...asOther, focused: 'letter' })).choices).toEqual([]);
    expect((await h.control.autocomplete(`/letter sent letter:#${let_.DEU}`, { ...asOther, focused: 'letter' })).choices).toEqual([]);
  });

  it('a letter id or state from another server behaves exactly as one that does not exist', async () => {
    for (const cmd of ['/letter sent letter:#ID', '/letter edit letter:#ID ask:x', '/letter edit letter:#ID status:cancelled', '/letter remove letter:#ID']) {
      await expectSameAsMissing(h, { command: cmd.replace('ID', String(let_.DEU)), ref: `#${let_.DEU}` }, { command: cmd.replace('ID', '999999'), ref: '#999999' }, asOther);
    }
    for (const cmd of ['/letter sent letter:NAME', '/letter remove letter:NAME']) {
      await expectSameAsMissing(h, { command: cmd.replace('NAME', 'Germany'), ref: 'Germany' }, { command: cmd.replace('NAME', 'Paraguay'), ref: 'Paraguay' }, asOther);
    }
  });

  it('a review id from another server cannot be written to', async () => {
    await expectSameAsMissing(
      h,
      { command: `/letter add to:Chile review:#${rev.B} deadline:2025-10-01`, ref: `#${rev.B}` },
      { command: '/letter add to:Chile review:#999999 deadline:2025-10-01', ref: '#999999' },
      asOther,
    );
  });

  it('letters of the other server live in its own time zone and do not clash with these', async () => {
    const before = await snapshot(h.db);
    const r = await h.control.run(`/letter add to:Germany review:#${otherReview} deadline:30 Sep 2025`, asOther);
    const due = unix('2025-09-30T09:00', 'America/Argentina/Buenos_Aires');
    expect(r.content).toContain(`to **Germany** about Belarus WG 50, due <t:${due}:D>`);
    const id = Number(/`#(\d+)`/.exec(r.content!)![1]);
    const after = await snapshot(h.db);
    expect(after.letter.filter((l) => (l as { id: number }).id !== id)).toEqual(before.letter);
    // "Germany" now names exactly one letter in each server.
    expect((await h.control.run('/letter edit letter:Germany ask:theirs', asOther)).content).toContain(`Updated letter \`#${id}\``);
    expect((await h.db.letter.findUniqueOrThrow({ where: { id: let_.DEU } })).ask).toBe('Raise political prisoners');
    expect(text(await h.control.run('/letter list status:all'))).not.toContain(`#${id}\``);
  });
});

describe('Discord rules', () => {
  it('never lets a reply mention anyone and sent nothing Discord would refuse', async () => {
    const all = await h.control.allMessages({ ephemeral: true });
    expect(all.length).toBeGreaterThan(20);
    for (const m of all) expect(m.allowedMentions, m.content).toEqual({ parse: [] });
    expect(await h.control.violations()).toEqual([]);
  });
});
