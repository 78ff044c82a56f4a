// Reviews mirrored as Discord scheduled events, end to end: the real bot and discord.js client
// against the sandbox's scheduled-event routes (permission, limit of 100, external-event rules,
// OpenAPI validation). Adds, edits, cancels and removes reviews and reads the sandbox's events.
import { Routes } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordTimestamp } from '../../src/dates/format';
import { DiscordEventsSync, NO_EVENTS_PERMISSION } from '../../src/discord-events/sync';
import { silentLogger } from '../../src/logging/logger';
import { renderMessage, translator } from '../../src/i18n';
import { BOT_ROLE_DEFAULT, Permission } from '../../src/sandbox/permissions';
import { allStates } from '../../src/states';
import { startHarness, type Harness } from '../helpers/bot-harness';

const LOCATION = translator('en')('posts:event.location');

interface ApiEvent {
  id: string;
  name: string;
  description: string | null;
  scheduled_start_time: string;
  scheduled_end_time: string;
  entity_type: number;
  entity_metadata: { location: string };
  status: number;
}

let h: Harness;
let guildId = '';
beforeAll(async () => {
  // With the metrics endpoint (a free loopback port), to read the sync's counters as an operator would.
  h = await startHarness({ now: new Date('2025-09-01T08:00:00Z'), scheduler: false, config: { httpPort: 0 } });
  // Discord's "start in the future" is judged on the sandbox's clock: the same moment as the bot's.
  await h.control.clock({ now: '2025-09-01T08:00:00.000Z' });
  guildId = (await h.control.world()).guilds[0]!.id;
}, 60_000);
afterAll(async () => h?.stop());

const events = async (): Promise<ApiEvent[]> => ((await h.bot.app.client.rest.get(Routes.guildScheduledEvents(guildId))) as ApiEvent[]).sort((a, b) => a.scheduled_start_time.localeCompare(b.scheduled_start_time));

/** The events once the bot's sync has finished what the last command started (retries included). */
async function eventsWhen(check: (list: ApiEvent[]) => boolean, what: string): Promise<ApiEvent[]> {
  await h.bot.app.discordEvents.settled(guildId);
  const list = await events();
  if (!check(list)) throw new Error(`expected ${what}; events: ${JSON.stringify(list.map((e) => [e.name, e.scheduled_start_time]))}`);
  return list;
}

/** The background sync's runs with this outcome so far, from /metrics. */
async function reconciles(outcome: string): Promise<number> {
  const text = await (await fetch(`${h.bot.app.http!.url}/metrics`)).text();
  const series = `upr_discord_events_reconciles_total{outcome="${outcome}"}`;
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

const en = translator('en');

/** What /settings show says of the events, on its lines after the language. */
async function shownEvents(): Promise<string> {
  const r = await h.control.run('/settings show');
  if (!r.ok) throw new Error(`/settings show failed: ${r.error ?? 'no answer'}`);
  const lines = (r.embeds[0] as { description: string }).description.split('\n');
  return lines.slice(lines.findIndex((l) => l.startsWith('**Discord events:**'))).join('\n');
}

/** The warning /settings show gives for a recorded problem, at the time the database holds. */
async function warning(key: 'eventsForbidden' | 'eventsFailing'): Promise<string> {
  const row = await h.db.discordEventsSync.findUniqueOrThrow({ where: { guildId } });
  if (!row.problemSince) throw new Error(`no problem recorded (${JSON.stringify(row)})`);
  return en(`settings:show.${key}`, { since: discordTimestamp(row.problemSince, 'f') });
}

const grantEvents = (on: boolean) => h.control.addWorld({ bot: { permissions: (on ? BOT_ROLE_DEFAULT | Permission.CreateEvents : BOT_ROLE_DEFAULT).toString() } });

describe('Discord scheduled events', () => {
  it('says clearly when the bot may not create events, and stays off', async () => {
    await h.control.run('/upr add state:Belarus date:3 Nov 2025 time:10:00');
    const r = await h.control.run('/settings discord-events action:on');
    expect(r.ok).toBe(true);
    expect(r.ephemeral).toBe(true);
    expect(r.content).toBe(renderMessage(NO_EVENTS_PERMISSION, translator('en')));
    expect(await h.db.discordEventsSync.count()).toBe(0);
    expect(await events()).toEqual([]);
  });

  it('on: each upcoming review becomes an external event at Palais des Nations with its times and a pointer to /upr show', async () => {
    await grantEvents(true);
    const r = await h.control.run('/settings discord-events action:on');
    expect(r.content).toMatch(/^Discord events on: 1 created, 0 updated, 0 unchanged\./);
    const belarus = await h.db.review.findFirstOrThrow({ where: { stateCode: 'BLR' } });
    const [e] = await events();
    expect(e).toMatchObject({
      name: 'UPR review: Belarus (WG 50)',
      entity_type: 3,
      entity_metadata: { location: LOCATION },
      scheduled_start_time: '2025-11-03T09:00:00.000Z',
      scheduled_end_time: '2025-11-03T12:30:00.000Z',
      status: 1,
    });
    expect(e!.description).toContain(`/upr show review:#${belarus.id}`);
    expect(await h.control.violations()).toEqual([]);
  });

  it('follows add, edit, cancel and remove', async () => {
    await h.control.run('/upr add state:Libya date:4 Nov 2025 time:14:30');
    let list = await eventsWhen((l) => l.length === 2, 'the Libya event');
    expect(list[1]).toMatchObject({ name: 'UPR review: Libya (WG 50)', scheduled_start_time: '2025-11-04T13:30:00.000Z' });
    const libyaEvent = list[1]!.id;

    await h.control.run('/upr edit review:Libya time:16:00');
    list = await eventsWhen((l) => l.some((e) => e.scheduled_start_time === '2025-11-04T15:00:00.000Z'), 'the moved Libya event');
    expect(list.map((e) => e.id)).toContain(libyaEvent);

    await h.control.run('/upr edit review:Libya status:postponed');
    list = await eventsWhen((l) => l.length === 1, 'the postponed review to lose its event');
    expect(list[0]!.name).toBe('UPR review: Belarus (WG 50)');

    await h.control.run('/upr edit review:Libya status:rescheduled');
    list = await eventsWhen((l) => l.length === 2, 'the rescheduled review to get an event again');

    await h.control.run('/upr remove review:Belarus');
    list = await eventsWhen((l) => l.length === 1 && l[0]!.name === 'UPR review: Libya (WG 50)', 'the removed review to lose its event');
    expect(await h.control.violations()).toEqual([]);
  });

  it('an undo that brings a removed review back brings its event back', async () => {
    await h.control.run('/upr add state:Belarus date:3 Nov 2025 time:10:00');
    await eventsWhen((l) => l.length === 2, 'the Belarus event again');
    await h.control.run('/upr remove review:Belarus');
    await eventsWhen((l) => l.length === 1, 'the removed review to lose its event');
    const removal = await h.db.auditEntry.findFirstOrThrow({ where: { action: '/upr remove' }, orderBy: { id: 'desc' } });
    const undo = await h.control.run(`/audit undo entry:${removal.id}`);
    expect(undo.ok).toBe(true);
    const list = await eventsWhen((l) => l.length === 2, 'the restored review to have its event');
    expect(list.map((e) => e.name)).toEqual(['UPR review: Belarus (WG 50)', 'UPR review: Libya (WG 50)']);
    expect(await h.control.violations()).toEqual([]);
    // The tests after this one start from Libya alone.
    await h.control.run('/upr remove review:Belarus');
    await eventsWhen((l) => l.length === 1, 'Belarus removed again');
  });

  it('a change Discord failed to take is tried again, and lands', async () => {
    const libya = (await events())[0]!;
    const before = { ok: await reconciles('ok'), retrying: await reconciles('retrying') };
    // More 500s than the REST client's own three retries: the reconcile fails once, as a whole.
    await h.control.fault({ route: 'PATCH /guilds/*/scheduled-events/*', status: 500, times: 4 });
    await h.control.run('/upr edit review:Libya time:17:00');
    const list = await eventsWhen((l) => l[0]?.scheduled_start_time === '2025-11-04T16:00:00.000Z', 'the event moved after the retry');
    expect(list[0]!.id).toBe(libya.id);
    const patches = (await h.control.requests()).filter((r) => r.method === 'PATCH' && r.path.endsWith(`/scheduled-events/${libya.id}`));
    expect(patches.length).toBe(5);
    // The operator sees one failed run that will be tried again, then the retry's success.
    expect(await reconciles('retrying')).toBe(before.retrying + 1);
    expect(await reconciles('ok')).toBe(before.ok + 1);
    await h.control.clearFaults();
  });

  it('without the permission any more, a change is not retried; the next change after it is given back lands', async () => {
    const libya = (await events())[0]!;
    const before = { forbidden: await reconciles('forbidden'), retrying: await reconciles('retrying') };
    await h.control.run('/settings channel channel:#advocacy');
    await grantEvents(false);
    await h.control.clearRequests();
    await h.control.run('/upr edit review:Libya time:18:00');
    // Settled at once: no retry waits (one would wait a second, then minutes).
    await eventsWhen((l) => l[0]?.scheduled_start_time === '2025-11-04T16:00:00.000Z', 'the event left where it was');
    const patches = (await h.control.requests()).filter((r) => r.method === 'PATCH' && r.path.endsWith(`/scheduled-events/${libya.id}`));
    expect(patches.map((r) => r.code)).toEqual([50013]);
    expect(await reconciles('forbidden')).toBe(before.forbidden + 1);
    expect(await reconciles('retrying')).toBe(before.retrying);
    // The admins can see it, with what to do, and are told once where the reminders go.
    expect(await shownEvents()).toBe(`${en('settings:show.events', { value: en('settings:show.eventsOn') })}\n${await warning('eventsForbidden')}`);
    const notices = async () => (await h.control.messages('advocacy')).filter((m) => m.via === 'channel' && m.content === en('posts:event.permissionLost'));
    expect(await notices()).toHaveLength(1);
    await h.control.run('/upr edit review:Libya time:18:15');
    await h.bot.app.discordEvents.settled(guildId);
    expect(await reconciles('forbidden')).toBe(before.forbidden + 2);
    expect(await notices()).toHaveLength(1);
    await grantEvents(true);
    await h.control.run('/upr edit review:Libya time:17:30');
    await eventsWhen((l) => l[0]?.id === libya.id && l[0]?.scheduled_start_time === '2025-11-04T16:30:00.000Z', 'the event moved once allowed again');
    expect(await shownEvents()).toBe(en('settings:show.events', { value: en('settings:show.eventsOn') }));
    await h.control.clearViolations();
  });

  it('when Discord keeps failing past the last retry, /settings show says so until a change lands', async () => {
    const libya = (await events())[0]!;
    // A sync of its own with retries a few ms apart (the bot's wait minutes), on the bot's REST client.
    const sync = new DiscordEventsSync({ db: h.db, rest: () => h.bot.app.client.rest, clock: h.bot.app.clock, logger: silentLogger, retryDelaysMs: [5, 5] });
    // Changed behind the services' back, so only this sync brings the event up to date.
    const review = await h.db.review.findFirstOrThrow({ where: { stateCode: 'LBY' } });
    await h.db.review.update({ where: { id: review.id }, data: { reviewAt: new Date('2025-11-04T15:00:00Z') } });
    await h.control.fault({ route: 'PATCH /guilds/*/scheduled-events/*', status: 500, times: 1_000 });
    await h.control.clearRequests();
    sync.reviewsChanged(guildId);
    await sync.settled(guildId);
    const patches = (await h.control.requests()).filter((r) => r.method === 'PATCH' && r.path.endsWith(`/scheduled-events/${libya.id}`));
    // Three runs (the first and two retries), each tried four times by the REST client.
    expect(patches.length).toBe(12);
    expect((await h.db.discordEventsSync.findUniqueOrThrow({ where: { guildId } })).problem).toBe('failing');
    expect(await shownEvents()).toBe(`${en('settings:show.events', { value: en('settings:show.eventsOn') })}\n${await warning('eventsFailing')}`);
    await h.control.clearFaults();
    await h.control.run('/upr edit review:Libya time:17:00');
    await eventsWhen((l) => l[0]?.id === libya.id && l[0]?.scheduled_start_time === '2025-11-04T16:00:00.000Z', 'the event moved once Discord took it');
    expect(await shownEvents()).toBe(en('settings:show.events', { value: en('settings:show.eventsOn') }));
    expect(await h.db.discordEventsSync.findUniqueOrThrow({ where: { guildId } })).toMatchObject({ problem: null, problemSince: null });
  });

  it('are rewritten in the server\'s language when it changes, and back', async () => {
    const libya = (await events())[0]!.id;
    await h.control.run('/settings language language:es');
    let list = await eventsWhen((l) => l[0]?.name === 'Examen del EPU: Libia (GT 50)', 'the event in Spanish');
    expect(list[0]).toMatchObject({ id: libya, entity_metadata: { location: 'Palacio de las Naciones, Ginebra — UN Web TV' } });
    expect(list[0]!.description).toMatch(/^Diálogo interactivo del Examen Periódico Universal de Libia, sesión 50 del Grupo de Trabajo\./);
    // Back to the server's preferred locale (en-US here): English again.
    await h.control.run('/settings language language:auto');
    list = await eventsWhen((l) => l[0]?.name === 'UPR review: Libya (WG 50)', 'the event in English again');
    expect(list[0]).toMatchObject({ id: libya, entity_metadata: { location: LOCATION } });
    expect(await h.control.violations()).toEqual([]);
  });

  it('with 120 upcoming reviews exactly 100 events exist, the nearest', async () => {
    const members = allStates().filter((s) => s.member && s.code !== 'LBY' && s.code !== 'BLR').slice(0, 120);
    const first = Date.parse('2025-10-01T08:00:00Z');
    await h.db.review.createMany({
      data: members.map((s, i) => ({ guildId, stateCode: s.code, session: 51, cycle: 4, reviewAt: new Date(first + i * 3_600_000), reviewTimeKnown: true })),
    });
    const r = await h.control.run('/settings discord-events action:on');
    expect(r.ok).toBe(true);
    const list = await eventsWhen((l) => l.length === 100, '100 events');
    // The 100 nearest: the first 100 of the 120 (1-5 Oct); the other 20 and Libya (4 Nov) wait.
    expect(list.map((e) => e.name)).toEqual(members.slice(0, 100).map((s) => `UPR review: ${s.name} (WG 51)`));
    expect(await h.db.scheduledEventLink.count()).toBe(100);
    // Another change keeps the count at 100.
    await h.control.run('/upr add state:Chile date:2025-09-15 time:10:00 session:50');
    const after = await eventsWhen((l) => l.length === 100 && l[0]!.name === 'UPR review: Chile (WG 50)', 'Chile first, still 100');
    expect(after.map((e) => e.name)).toEqual(['UPR review: Chile (WG 50)', ...members.slice(0, 99).map((s) => `UPR review: ${s.name} (WG 51)`)]);
    expect(await h.control.violations()).toEqual([]);
  });

  it('off deletes the events it made', async () => {
    const r = await h.control.run('/settings discord-events action:off');
    expect(r.content).toBe('Discord events off: removed 100 events I had made.');
    expect(await events()).toEqual([]);
    expect(await h.db.scheduledEventLink.count()).toBe(0);
  });
});

describe('the sandbox enforces Discord\'s scheduled-event rules', () => {
  const body = (over: Record<string, unknown> = {}) => ({
    name: 'x',
    privacy_level: 2,
    entity_type: 3,
    scheduled_start_time: '2026-01-01T10:00:00.000Z',
    scheduled_end_time: '2026-01-01T11:00:00.000Z',
    entity_metadata: { location: 'Geneva' },
    ...over,
  });
  const post = (b: unknown) => h.bot.app.client.rest.post(Routes.guildScheduledEvents(guildId), { body: b });

  it('refuses missing location or end, a start in the past, an end before the start, a long name', async () => {
    await expect(post(body({ entity_metadata: {} }))).rejects.toMatchObject({ code: 50035 });
    await expect(post(body({ scheduled_end_time: undefined }))).rejects.toMatchObject({ code: 50035 });
    await expect(post(body({ scheduled_start_time: '2025-08-01T10:00:00.000Z' }))).rejects.toMatchObject({ code: 50035 });
    await expect(post(body({ scheduled_end_time: '2026-01-01T09:00:00.000Z' }))).rejects.toMatchObject({ code: 50035 });
    await expect(post(body({ name: 'n'.repeat(101) }))).rejects.toMatchObject({ code: 50035 });
    await h.control.clearViolations();
  });

  it('refuses the 101st uncompleted event (30038) and creating without the permission (50013)', async () => {
    const made: string[] = [];
    for (let i = 0; i < 100; i++) made.push(((await post(body({ name: `e${i}` }))) as { id: string }).id);
    await expect(post(body({ name: 'one too many' }))).rejects.toMatchObject({ code: 30038 });
    for (const id of made) await h.bot.app.client.rest.delete(Routes.guildScheduledEvent(guildId, id));
    await grantEvents(false);
    await expect(post(body())).rejects.toMatchObject({ code: 50013 });
  });
});
