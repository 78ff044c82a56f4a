import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain-error';
import { translator } from '../../src/i18n';
import { reviewLabel } from '../../src/services/reviews';
import { createTestServices, GUILD, OTHER_GUILD, USER } from '../helpers/services';

const en = translator('en');
let t: Awaited<ReturnType<typeof createTestServices>>;
beforeEach(async () => {
  t = await createTestServices('2025-09-01T10:00:00Z');
});
afterEach(async () => t.cleanup());

describe('settings', () => {
  it('has defaults and validates', async () => {
    const s = t.services.settings;
    expect(await s.get(GUILD)).toMatchObject({ timezone: 'Europe/Zurich', timezoneIsDefault: true, reviewLeadTimes: '8w,2w,1d', letterLeadTimes: '1w,1d,0d', reminderChannelId: null });
    expect((await s.setTimezone(GUILD, 'america/argentina/buenos_aires')).timezone).toBe('America/Argentina/Buenos_Aires');
    expect((await s.setTimezone(GUILD, 'Vilnius')).timezone).toBe('Europe/Vilnius');
    await expect(s.setTimezone(GUILD, 'Mars/Olympus')).rejects.toThrow(/common:timezone.unknown/);
    await expect(s.setTimezone(GUILD, 'Buenos')).rejects.toMatchObject({ text: { key: 'common:timezone.unknownSuggest', vars: { zones: expect.arrayContaining(['America/Argentina/Buenos_Aires']) } } });
    expect((await s.setLeadTimes(GUILD, 'review', '2w, 8w,1d,1d')).reviewLeadTimes).toBe('8w,2w,1d');
    await expect(s.setLeadTimes(GUILD, 'letter', '3 fortnights')).rejects.toBeInstanceOf(DomainError);
    expect((await s.setLeadTimes(GUILD, 'review', 'default')).reviewLeadTimesIsDefault).toBe(true);
    await s.setChannel(GUILD, '444444444444444444');
    await s.setCoordinatorRole(GUILD, '555555555555555555');
    await s.setPingRole(GUILD, '666666666666666666');
    expect(await s.get(GUILD)).toMatchObject({ reminderChannelId: '444444444444444444', coordinatorRoleId: '555555555555555555', pingRoleId: '666666666666666666' });
    expect(await s.get(OTHER_GUILD)).toMatchObject({ reminderChannelId: null, coordinatorRoleId: null, timezone: 'Europe/Zurich' });
    expect(t.planner.calls.filter((c) => c === `replanGuild:${GUILD}`).length).toBeGreaterThanOrEqual(4);
  });

  it('moves day-only items to 09:00 in the new zone', async () => {
    const r = await t.services.reviews.add(GUILD, { state: 'Belarus', date: '3 Nov 2025', createdBy: USER });
    expect(r.reviewAt!.toISOString()).toBe('2025-11-03T08:00:00.000Z');
    await t.services.settings.setTimezone(GUILD, 'America/Argentina/Buenos_Aires');
    const after = await t.services.reviews.get(GUILD, r.id);
    expect(after.reviewAt!.toISOString()).toBe('2025-11-03T12:00:00.000Z');
  });
});

describe('reviews', () => {
  it('adds with session from the date, stored milestone estimates, and replans', async () => {
    const r = await t.services.reviews.add(GUILD, { state: 'Bielorrusia', date: '2025-11-03', notes: 'founding case', createdBy: USER });
    expect(r).toMatchObject({ stateCode: 'BLR', session: 50, cycle: 4, reviewTimeKnown: false, status: 'scheduled', notes: 'founding case' });
    expect(r.submissionDeadlineAt!.toISOString()).toBe('2025-03-27T11:00:00.000Z'); // WG 50 starts 3 Nov: 7 months and a week before, noon Geneva (CET)
    expect(r.preSessionAt!.toISOString()).toBe('2025-10-03T07:00:00.000Z');
    expect(r.documentsPublishedAt!.toISOString()).toBe('2025-09-22T07:00:00.000Z');
    expect(r.hrcAdoptionAt!.toISOString()).toBe('2026-03-15T08:00:00.000Z'); // the March HRC session
    expect(r.midTermReportAt!.toISOString()).toBe('2027-11-03T08:00:00.000Z');
    expect(t.planner.calls).toContain(`replanReview:${GUILD}:${r.id}`);
    expect(reviewLabel(r, 'Europe/Zurich', en)).toBe('Belarus — WG 50 — 3 Nov 2025');
  });

  it('refuses bad input with specific messages', async () => {
    const add = (o: Partial<Parameters<typeof t.services.reviews.add>[1]>) => t.services.reviews.add(GUILD, { state: 'Belarus', date: '2025-11-03', ...o });
    await expect(add({ state: 'Belarsu Republic of Nowhere' })).rejects.toThrow(/^common:state.unknown/);
    await expect(add({ state: 'Holy See' })).rejects.toThrow('upr:error.observer {"code":"VAT"}');
    await expect(add({ date: '2025-02-30' })).rejects.toThrow(/^input:date.notRealDay/);
    await expect(add({ date: '03/11/2025' })).rejects.toThrow(/^input:date\./);
    await expect(add({ date: '2030-07-01' })).rejects.toThrow('upr:error.noSessionForDay {"day":"2030-07-01"}');
    await expect(add({ notes: 'x'.repeat(1001) })).rejects.toThrow('common:field.tooLong {"field":{"key":"common:field.name.notes"},"length":1001,"max":1000}');
    await add({});
    await expect(add({ state: 'BLR' })).rejects.toThrow('upr:error.duplicate {"code":"BLR","session":50}');
    expect(await t.db.review.count()).toBe(1);
  });

  it('resolves typed references and fails with candidates', async () => {
    const blr = await t.services.reviews.add(GUILD, { state: 'Belarus', date: '2025-11-03' });
    const old = await t.services.reviews.add(GUILD, { state: 'Belarus', date: '2020-11-03', session: 36 });
    await t.services.reviews.add(GUILD, { state: 'Liberia', date: '2025-11-03' });
    const r = t.services.reviews;
    expect((await r.resolve(GUILD, `#${blr.id}`)).id).toBe(blr.id);
    expect((await r.resolve(GUILD, 'Belarus 50')).id).toBe(blr.id);
    expect((await r.resolve(GUILD, '50 BLR')).id).toBe(blr.id);
    expect((await r.resolve(GUILD, 'WG 36 Belarus')).id).toBe(old.id);
    expect((await r.resolve(GUILD, 'Belarus — WG 50 — 3 Nov 2025')).id).toBe(blr.id);
    await expect(r.resolve(GUILD, 'Belarus')).rejects.toMatchObject({ kind: 'ambiguous', suggestions: ['Belarus — WG 50 — 3 Nov 2025', 'Belarus — WG 36 — 3 Nov 2020'] });
    await expect(r.resolve(GUILD, '50')).rejects.toMatchObject({ text: { key: 'upr:error.ambiguous', vars: { count: 2 } } });
    await expect(r.resolve(GUILD, 'Chile')).rejects.toThrow('upr:error.noneOfState {"code":"CHL"}');
    await expect(r.resolve(GUILD, 'Belarus 49')).rejects.toThrow(/^upr:error.noneInSession \{"code":"BLR","session":49,/);
    // Guild isolation: another server's id behaves as missing.
    await expect(r.resolve(OTHER_GUILD, `#${blr.id}`)).rejects.toThrow(`upr:error.notFound {"id":${blr.id}}`);
    await expect(r.resolve(OTHER_GUILD, 'Belarus')).rejects.toThrow('upr:error.noneOfState {"code":"BLR"}');
  });

  it('autocompletes with labels and id values', async () => {
    const blr = await t.services.reviews.add(GUILD, { state: 'Belarus', date: '2025-11-03' });
    await t.services.reviews.add(GUILD, { state: 'Belgium', date: '2026-01-20' });
    await t.services.reviews.add(GUILD, { state: 'Liberia', date: '2025-11-03' });
    const choices = await t.services.reviews.autocomplete(GUILD, 'bel', en);
    // "bel" is Belgium's ISO code, so Belgium ranks first.
    expect(choices.map((c) => c.name)).toEqual(['Belgium — WG 51 — 20 Jan 2026', 'Belarus — WG 50 — 3 Nov 2025']);
    expect(choices[1]!.value).toBe(`#${blr.id}`);
    expect((await t.services.reviews.autocomplete(GUILD, 'belar 50', en)).map((c) => c.value)).toEqual([`#${blr.id}`]);
    expect((await t.services.reviews.autocomplete(GUILD, '', en)).length).toBe(3);
    expect(await t.services.reviews.autocomplete(OTHER_GUILD, '', en)).toEqual([]);
  });

  it('lists upcoming first with filters and pages; next; show', async () => {
    await t.services.calendar.import(GUILD, 50);
    await t.services.calendar.import(GUILD, 49);
    const page1 = await t.services.reviews.list(GUILD, {}, 1, 10);
    expect(page1.total).toBe(28);
    expect(page1.pageCount).toBe(3);
    expect(page1.items[0]!.session).toBe(50); // upcoming first (3 Nov 2025)
    const past = await t.services.reviews.list(GUILD, { session: 49 });
    expect(past.total).toBe(14);
    expect((await t.services.reviews.list(GUILD, { state: 'Belarus' })).items.map((r) => r.stateCode)).toEqual(['BLR']);
    expect((await t.services.reviews.list(GUILD, { from: '2025-11-04', to: '2025-11-05' })).items.map((r) => r.stateCode).sort()).toEqual(['MDV', 'MNG', 'MWI', 'PAN']);
    await expect(t.services.reviews.list(GUILD, { from: '2025-12-01', to: '2025-11-01' })).rejects.toThrow('upr:error.fromAfterTo');
    expect((await t.services.reviews.list(OTHER_GUILD)).total).toBe(0);
    const next = await t.services.reviews.next(GUILD);
    expect(next.reviews.map((r) => r.stateCode).slice(0, 2).sort()).toEqual(['BLR', 'LBR']);
    expect(next.milestones.length).toBeGreaterThan(0);
    const shown = await t.services.reviews.show(GUILD, 'Belarus');
    expect(shown.estimated.has('submissionDeadlineAt')).toBe(true);
  });

  it('edits, marking fields users edited, and moves milestones with the date', async () => {
    const r = await t.services.reviews.add(GUILD, { state: 'Belarus', date: '2025-11-03' });
    const e1 = await t.services.reviews.edit(GUILD, `#${r.id}`, { time: '10:00', status: 'held', notes: 'went well' });
    expect(e1.reviewAt!.toISOString()).toBe('2025-11-03T09:00:00.000Z');
    expect(e1.reviewTimeKnown).toBe(true);
    expect(e1.status).toBe('held');
    const e2 = await t.services.reviews.edit(GUILD, 'Belarus', { submissionDeadline: '2025-04-14' });
    expect(e2.submissionDeadlineAt!.toISOString()).toBe('2025-04-14T10:00:00.000Z');
    const e3 = await t.services.reviews.edit(GUILD, 'Belarus', { date: '2025-11-10' });
    expect(e3.submissionDeadlineAt!.toISOString()).toBe('2025-04-14T10:00:00.000Z'); // user's value kept
    expect(e3.preSessionAt!.toISOString()).toBe('2025-10-10T07:00:00.000Z'); // estimate moved
    expect(e3.userEditedFields).toBe('notes,reviewAt,session,status,submissionDeadlineAt');
    await expect(t.services.reviews.edit(GUILD, 'Belarus', {})).rejects.toThrow('upr:error.nothingToChange');
    await expect(t.services.reviews.edit(OTHER_GUILD, `#${r.id}`, { notes: 'x' })).rejects.toThrow(/upr:error.notFound/);
    await t.services.reviews.add(GUILD, { state: 'Belarus', date: '2020-11-03', session: 36 });
    await expect(t.services.reviews.edit(GUILD, 'Belarus 50', { session: 36, date: '2020-11-05' })).rejects.toThrow('upr:error.duplicate {"code":"BLR","session":36}');
    expect(t.planner.calls.filter((c) => c.startsWith('replanReview')).length).toBeGreaterThanOrEqual(4);
  });

  it('removes with its letters and cancels their reminders', async () => {
    const r = await t.services.reviews.add(GUILD, { state: 'Belarus', date: '2025-11-03' });
    const l = await t.services.letters.add(GUILD, { to: 'Argentina', review: `#${r.id}`, deadline: '2025-09-30', createdBy: USER });
    await expect(t.services.reviews.remove(OTHER_GUILD, `#${r.id}`)).rejects.toThrow(/upr:error.notFound/);
    const removed = await t.services.reviews.remove(GUILD, `#${r.id}`);
    expect(removed.letters).toBe(1);
    expect(await t.db.letter.count()).toBe(0);
    expect(t.planner.calls).toContain(`cancelItem:${GUILD}:review:${r.id}`);
    expect(t.planner.calls).toContain(`cancelItem:${GUILD}:letter:${l.id}`);
  });
});

describe('calendar import', () => {
  it('is idempotent, keeps user edits, and reports', async () => {
    const first = await t.services.calendar.import(GUILD, 50);
    expect(first).toMatchObject({ created: 14, updated: 0, unchanged: 0 });
    const blr = await t.services.reviews.resolve(GUILD, 'Belarus');
    expect(blr.reviewAt!.toISOString()).toBe('2025-11-03T08:00:00.000Z');
    expect(blr.source).toBe('calendar');
    const lby = await t.services.reviews.resolve(GUILD, 'Libya');
    expect(lby.reviewAt!.toISOString()).toBe('2025-11-11T08:00:00.000Z');
    expect(reviewLabel({ ...lby, reviewAt: null }, 'Europe/Zurich', en)).toBe('Libya — WG 50 — session 3 Nov 2025 – 14 Nov 2025');
    const usa = await t.services.reviews.resolve(GUILD, 'USA 50');
    expect(usa.status).toBe('rescheduled');
    await t.services.reviews.edit(GUILD, 'Belarus', { time: '09:30', notes: 'ours' });
    const again = await t.services.calendar.import(GUILD, 50);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 14, keptUserEdits: 1 });
    const kept = await t.services.reviews.resolve(GUILD, 'Belarus');
    expect(kept.notes).toBe('ours');
    expect(kept.reviewTimeKnown).toBe(true);
    // A calendar change the user did not edit is applied.
    await t.db.review.update({ where: { id: lby.id }, data: { status: 'postponed' } });
    expect(await t.services.calendar.import(GUILD, 50)).toMatchObject({ updated: 1, unchanged: 13, changes: [{ stateCode: 'LBY', session: 50, fields: ['status'] }] });
    // A server that imported the calendar before Libya's day was known gets it, with its milestones.
    await t.db.review.update({ where: { id: lby.id }, data: { reviewAt: null, documentsPublishedAt: null } });
    const fixed = await t.services.calendar.import(GUILD, 50);
    expect(fixed.changes).toEqual([{ stateCode: 'LBY', session: 50, fields: ['reviewAt', 'documentsPublishedAt'] }]);
    expect((await t.services.reviews.resolve(GUILD, 'Libya')).reviewAt!.toISOString()).toBe('2025-11-11T08:00:00.000Z');
    await expect(t.services.calendar.import(GUILD, 12)).rejects.toThrow('upr:import.noSession {"session":12,"first":41,"last":54}');
    const all = await t.services.calendar.import(GUILD);
    expect(all.created + all.unchanged).toBe(await t.db.review.count({ where: { guildId: GUILD } }));
    expect(await t.db.review.count({ where: { guildId: OTHER_GUILD } })).toBe(0);
    const projected = await t.services.reviews.list(GUILD, { session: 52 });
    expect(projected.items[0]!.dateConfidence).toBe('projected');
  });
});
