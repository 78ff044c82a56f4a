// The language of a server's posts: `/settings language` when set, else the preferred locale
// Discord reported (recorded in the database, so any process posting for the server reads it).
// The scheduler's reminders and digest, the follow DMs, the calendar feed and the /upr calendar
// file follow it; the setting is audited, backed up and restored; on a real database.
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { Events, type Client } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RowChange } from '../../src/audit/rows';
import { FollowNotifier } from '../../src/follows/notifier';
import { watchGuildLocales } from '../../src/discord/guild-locale';
import { postLanguages } from '../../src/guild-data/language';
import { silentLogger } from '../../src/logging/logger';
import { MemoryPoster } from '../../src/posting/memory-poster';
import type { RemindersAdmin } from '../../src/reminders/admin';
import { ReminderPlanner } from '../../src/reminders/planner';
import { createScheduler } from '../../src/scheduler/scheduler';
import { parseIcs } from '../helpers/ics';
import { waitUntil } from '../helpers/wait';
import { createTestServices } from '../helpers/services';

const ES_GUILD = '511111111111111111';
const EN_GUILD = '522222222222222222';
const SET_GUILD = '533333333333333333';
const RESTORED = '544444444444444444';
const OLD_FILE = '555555555555555555';
const RACED = '566666666666666666';
const CHANNELS: Record<string, string> = { [ES_GUILD]: '611111111111111111', [EN_GUILD]: '622222222222222222', [SET_GUILD]: '633333333333333333' };
const ANA = { id: '711111111111111111', name: 'Ana' };

let t: Awaited<ReturnType<typeof createTestServices>>;
beforeAll(async () => {
  t = await createTestServices('2025-09-01T08:00:00Z');
}, 60_000);
afterAll(async () => t?.cleanup());

describe('which language a server posts in', () => {
  it('its preferred locale until set: es-ES and es-419 read Spanish, anything else English', async () => {
    const s = t.services.settings;
    expect(await s.recordPreferredLocales(new Map([[ES_GUILD, 'es-419'], [EN_GUILD, 'en-US'], [SET_GUILD, 'es-ES']]))).toBe(3);
    // Reported again unchanged: nothing written.
    expect(await s.recordPreferredLocales(new Map([[ES_GUILD, 'es-419'], [EN_GUILD, 'en-US']]))).toBe(0);
    expect(await s.get(ES_GUILD)).toMatchObject({ language: null, preferredLocale: 'es-419', postLanguage: 'es' });
    expect(await s.get(EN_GUILD)).toMatchObject({ language: null, preferredLocale: 'en-US', postLanguage: 'en' });
    // A server the bot has not seen yet, without a setting: English.
    expect((await postLanguages(t.db, ['599999999999999999'])).get('599999999999999999')).toBe('en');
    // Recording a locale creates no settings row: the server still has no data.
    expect(await t.db.guildSettings.count({ where: { guildId: ES_GUILD } })).toBe(0);
  });

  it('a locale reported while an earlier one is still being written is the one kept', async () => {
    // The gateway's events, as discord.js emits them; the database is the real one. The first
    // write (the locale at start) is held back until the change that follows has been reported.
    const client = new EventEmitter();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const calls: string[] = [];
    let written = 0;
    const settings = {
      recordPreferredLocales: async (reported: ReadonlyMap<string, string>) => {
        calls.push(reported.get(RACED)!);
        if (calls.length === 1) await held;
        const n = await t.services.settings.recordPreferredLocales(reported);
        written++;
        return n;
      },
    };
    watchGuildLocales(client as unknown as Client, settings, silentLogger);
    client.emit(Events.ClientReady, { guilds: { cache: new Map([[RACED, { id: RACED, preferredLocale: 'en-US' }]]) } });
    client.emit(Events.GuildUpdate, undefined, { id: RACED, preferredLocale: 'es-419' });
    release();
    await waitUntil(() => written === 2, 'both writes done');
    // The older was written first, so the newer stays.
    expect(calls).toEqual(['en-US', 'es-419']);
    expect((await t.services.settings.get(RACED)).preferredLocale).toBe('es-419');
  });

  it('the setting wins over the locale, "auto" (null) goes back to it; the change is audited', async () => {
    const s = t.services.settings;
    const set = await t.services.audit.run({ guildId: SET_GUILD, actor: ANA, action: '/settings language' }, () => s.setLanguage(SET_GUILD, 'en'));
    expect(set).toMatchObject({ language: 'en', preferredLocale: 'es-ES', postLanguage: 'en' });
    const entry = await t.db.auditEntry.findFirstOrThrow({ where: { guildId: SET_GUILD }, orderBy: { id: 'desc' } });
    expect(entry).toMatchObject({ action: '/settings language', actorId: ANA.id });
    const [change] = JSON.parse(entry.changes) as RowChange[];
    expect(change).toMatchObject({ model: 'GuildSettings', before: null, after: expect.objectContaining({ language: 'en' }) });

    expect(await s.setLanguage(SET_GUILD, null)).toMatchObject({ language: null, postLanguage: 'es' });
    expect(await s.setLanguage(SET_GUILD, 'es')).toMatchObject({ language: 'es', postLanguage: 'es' });
    // The locale changes in Discord (Server Settings): the setting still decides.
    await s.recordPreferredLocales(new Map([[SET_GUILD, 'fr']]));
    expect(await s.get(SET_GUILD)).toMatchObject({ preferredLocale: 'fr', postLanguage: 'es' });
    expect(Object.fromEntries(await postLanguages(t.db, [ES_GUILD, EN_GUILD, SET_GUILD]))).toEqual({ [ES_GUILD]: 'es', [EN_GUILD]: 'en', [SET_GUILD]: 'es' });
  });
});

describe('posts in the server’s language', () => {
  it('reminders and the digest: Spanish with Spanish state names where the server is Spanish, English elsewhere', async () => {
    const db = t.db;
    const clock = t.clock;
    for (const guildId of [ES_GUILD, EN_GUILD]) {
      await db.guildSettings.upsert({ where: { guildId }, create: { guildId, reminderChannelId: CHANNELS[guildId], digestWeekday: 1, digestHour: 9 }, update: {} });
      const review = await db.review.create({ data: { guildId, stateCode: 'BLR', session: 50, reviewAt: new Date('2025-11-03T08:00:00Z'), reviewTimeKnown: true } });
      await db.review.create({ data: { guildId, stateCode: 'DEU', session: 50, reviewAt: new Date('2025-09-10T08:00:00Z'), reviewTimeKnown: true } });
      await db.letter.create({ data: { guildId, reviewId: review.id, stateCode: 'ARG', createdBy: ANA.id, deadlineAt: new Date('2025-09-09T08:00:00Z') } });
      const due = new Date('2025-09-08T07:00:00Z');
      await db.reminder.create({ data: { guildId, kind: 'review', itemKey: `review:${review.id}`, leadKey: '8w', reviewId: review.id, eventAt: review.reviewAt!, dueAt: due, runAt: due } });
    }
    const planner = new ReminderPlanner({ db, clock, defaultTimezone: 'Europe/Zurich' });
    for (const guildId of [ES_GUILD, EN_GUILD]) await planner.planDigest(guildId);
    const poster = new MemoryPoster();
    const scheduler = createScheduler({ db, provider: t.database.provider, poster, clock, logger: silentLogger, onDone: (r) => planner.afterDone(r) });
    clock.set('2025-09-08T07:00:05Z');
    expect(await scheduler.tick()).toMatchObject({ posted: 4 });

    const posts = (guildId: string) => poster.messages.filter((m) => m.channelId === CHANNELS[guildId]).map((m) => m.content);
    const [esReview, esDigest] = [posts(ES_GUILD).find((c) => c.includes('📅'))!, posts(ES_GUILD).find((c) => c.includes('🗞️'))!];
    expect(esReview).toContain('📅 **Examen de Belarús (sesión 50 del Grupo de Trabajo del EPU)**');
    expect(esReview).toContain('Qué hacer: es el momento de escribir a las misiones');
    expect(esDigest).toMatch(/^🗞️ \*\*Resumen semanal del EPU\*\* — del <t:\d+:D> al <t:\d+:D>/);
    expect(esDigest).toMatch(/\*\*Exámenes de las próximas dos semanas\*\*\n• <t:\d+:f> \(<t:\d+:R>\) — Examen de Alemania \(GT 50\)/);
    expect(esDigest).toContain('Carta a Argentina sobre el examen de Belarús (GT 50)');
    for (const post of [esReview, esDigest]) expect(post).not.toMatch(/Review|Letter to|What to do|weekly digest/);

    const [enReview, enDigest] = [posts(EN_GUILD).find((c) => c.includes('📅'))!, posts(EN_GUILD).find((c) => c.includes('🗞️'))!];
    expect(enReview).toContain('📅 **Review of Belarus (UPR Working Group session 50)**');
    expect(enDigest).toContain('🗞️ **UPR weekly digest**');
    expect(enDigest).toContain('— Review of Germany (WG 50)');
    expect(enDigest).toContain('Letter to Argentina about the review of Belarus (WG 50)');
  });

  it('/reminders test posts in the server’s language', async () => {
    const admin = t.services.remindersAdmin as RemindersAdmin;
    expect(await admin.sendTest(ES_GUILD)).toMatchObject({ ok: true });
    expect(await admin.sendTest(EN_GUILD)).toMatchObject({ ok: true });
    const posted = (admin.deps.poster as MemoryPoster).messages.map((m) => m.content);
    expect(posted[0]).toMatch(/^✅ Mensaje de prueba del bot de recordatorios del EPU \(<t:\d+:f>\): los recordatorios de este servidor se publican en este canal\.$/);
    expect(posted[1]).toMatch(/^✅ Test message from the UPR reminders bot/);
  });

  it('the calendar feed in the server’s language, a /upr calendar file in the reader’s', async () => {
    await t.db.review.updateMany({ where: { guildId: ES_GUILD, stateCode: 'BLR' }, data: { submissionDeadlineAt: new Date('2025-03-31T10:00:00Z') } });
    const feed = parseIcs((await t.services.calendarExport.export(ES_GUILD)).ics);
    expect(feed.name).toBe('Calendario del EPU');
    const review = feed.events.find((e) => e.summary === 'Examen del EPU de Belarús (GT 50)')!;
    expect(review.description).toMatch(/^Diálogo interactivo del Examen Periódico Universal de Belarús, sesión 50 del Grupo de Trabajo/);
    expect(review.description).toContain('Empieza a las 09:00, hora de Ginebra.');
    expect(feed.events.map((e) => e.summary)).toContain('Carta a Argentina sobre el examen de Belarús — plazo');
    const deadline = feed.events.find((e) => e.summary.startsWith('Plazo de las contribuciones'))!;
    expect(deadline.summary).toBe('Plazo de las contribuciones de las partes interesadas — Belarús (GT 50) (estimación)');
    expect(deadline.description).toContain('Fecha estimada: comprueba la oficial.');

    const file = parseIcs((await t.services.calendarExport.export(ES_GUILD, { state: 'Belarus' }, 'en')).ics);
    expect(file.name).toBe('UPR calendar — Belarus');
    expect(file.events.map((e) => e.summary)).toContain('UPR review of Belarus (WG 50)');
    const spanishFile = await t.services.calendarExport.export(EN_GUILD, { session: 50, state: 'Alemania' }, 'es');
    expect(parseIcs(spanishFile.ics).name).toBe('Calendario del EPU — GT 50, Alemania');
    expect(spanishFile.ics).toContain('PRODID:-//UPR advocacy bot//UPR calendar//ES');
  });
});

describe('follow DMs', () => {
  it('are written in the server’s language', async () => {
    const sent: string[] = [];
    const rest = { post: async (route: string, opts?: { body?: unknown }) => (route === '/users/@me/channels' ? { id: '811111111111111111' } : (sent.push((opts?.body as { content: string }).content), { id: '1' })) };
    for (const guildId of [ES_GUILD, EN_GUILD]) await t.db.follow.create({ data: { guildId, userId: ANA.id, stateCode: 'BLR', role: 'both', createdAt: new Date('2025-09-01T00:00:00Z') } });
    const notifier = new FollowNotifier({ db: t.db, rest: () => rest as never, clock: t.clock, logger: silentLogger, defaultTimezone: 'Europe/Zurich' });
    expect(await notifier.run()).toMatchObject({ sent: 2 });
    expect(sent[0]).toMatch(/^El examen del EPU de \*\*Belarús\*\* \(GT 50\) es <t:\d+:R>: <t:\d+:F>\. Detalles en el servidor con `\/epu ver examen:#\d+`\. \(Sigues a Belarús; `\/seguir eliminar` detiene estos mensajes\)\.$/);
    expect(sent[1]).toMatch(/^\*\*Belarus\*\*'s UPR review \(WG 50\) is <t:\d+:R>/);
  });
});

describe('backups', () => {
  it('carry the setting, and a restore brings it back; an older file without it restores "auto"', async () => {
    const { files } = await t.services.backup.export(SET_GUILD);
    await t.services.backup.restore(RESTORED, files.map((f) => f.data), { replace: false, actor: ANA });
    expect((await t.services.settings.get(RESTORED)).language).toBe('es');
    const old = readFileSync(new URL('../fixtures/backup/v1-founding.json', import.meta.url));
    await t.services.backup.restore(OLD_FILE, [old], { replace: false, actor: ANA });
    expect(await t.services.settings.get(OLD_FILE)).toMatchObject({ language: null, postLanguage: 'en' });
  });
});
