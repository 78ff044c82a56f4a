import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n';
import { createTestServices, GUILD, OTHER_GUILD, USER } from '../helpers/services';

const en = translator('en');

let t: Awaited<ReturnType<typeof createTestServices>>;
let reviewRef: string;
beforeEach(async () => {
  t = await createTestServices('2025-09-01T10:00:00Z');
  reviewRef = `#${(await t.services.reviews.add(GUILD, { state: 'Belarus', date: '2025-11-03' })).id}`;
});
afterEach(async () => t.cleanup());

describe('letters', () => {
  it('adds, with its review, and replans', async () => {
    const l = await t.services.letters.add(GUILD, { to: 'Argentine Republic', review: 'Belarus', deadline: '30 Sep 2025', recipient: 'Permanent Mission of Argentina, Geneva', ask: 'Recommend the release of political prisoners', createdBy: USER });
    expect(l).toMatchObject({ stateCode: 'ARG', status: 'planned', deadlineTimeKnown: false, createdBy: USER });
    expect(l.deadlineAt.toISOString()).toBe('2025-09-30T07:00:00.000Z');
    expect(l.review.stateCode).toBe('BLR');
    expect(t.planner.calls).toContain(`replanLetter:${GUILD}:${l.id}`);
  });

  it('refuses bad input and changes nothing', async () => {
    const base = { to: 'Argentina', review: reviewRef, deadline: '2025-09-30', createdBy: USER };
    await expect(t.services.letters.add(GUILD, { ...base, deadline: '2025-08-31' })).rejects.toThrow('letter:error.deadlinePast {"day":"2025-08-31"}');
    await expect(t.services.letters.add(GUILD, { ...base, deadline: '2025-09-01 09:00' })).rejects.toThrow(/letter:error.deadlinePast/);
    await expect(t.services.letters.add(GUILD, { ...base, to: 'Argentinaland' })).rejects.toMatchObject({ message: expect.stringMatching(/^common:state.inOption .*"option":\{"key":"common:state.option.to"\}.*common:state.unknown/) });
    await expect(t.services.letters.add(GUILD, { ...base, review: 'Chile' })).rejects.toThrow('upr:error.noneOfState {"code":"CHL"}');
    await expect(t.services.letters.add(GUILD, { ...base, recipient: 'r'.repeat(201) })).rejects.toThrow('common:field.tooLong {"field":{"key":"common:field.name.recipient"},"length":201,"max":200}');
    await expect(t.services.letters.add(GUILD, { ...base, ask: 'a'.repeat(1001) })).rejects.toThrow(/common:field.tooLong .*common:field.name.ask/);
    await expect(t.services.letters.add(OTHER_GUILD, base)).rejects.toThrow(/upr:error.notFound/);
    expect(await t.db.letter.count()).toBe(0);
    // Today (day only) is still allowed.
    await t.services.letters.add(GUILD, { ...base, deadline: '2025-09-01' });
    await expect(t.services.letters.add(GUILD, base)).rejects.toThrow(/letter:error.duplicate \{"code":"ARG"/);
  });

  it('records a letter already sent, whose deadline may be past, but not one sent in the future', async () => {
    t.clock.set('2025-11-20T10:00:00Z'); // after the review: recording what happened
    const l = await t.services.letters.add(GUILD, { to: 'Argentina', review: reviewRef, deadline: '2025-09-30', sent: '25 Sep 2025', ask: 'Release political prisoners', createdBy: USER });
    expect(l).toMatchObject({ status: 'sent', stateCode: 'ARG' });
    expect(l.sentAt!.toISOString()).toBe('2025-09-25T07:00:00.000Z');
    expect(l.deadlineAt.toISOString()).toBe('2025-09-30T07:00:00.000Z');
    await expect(t.services.letters.add(GUILD, { to: 'Chile', review: reviewRef, deadline: '2025-09-30', sent: '2025-12-01', createdBy: USER })).rejects.toThrow('letter:error.sentFuture {"day":"2025-12-01"}');
    await expect(t.services.letters.add(GUILD, { to: 'Chile', review: reviewRef, deadline: '2025-09-30', createdBy: USER })).rejects.toMatchObject({ message: 'letter:error.deadlinePast {"day":"2025-09-30"}', next: 'record-sent-letter' });
    expect(await t.db.letter.count()).toBe(1);
  });

  it('lists due / overdue / sent / all, and marks sent', async () => {
    const a = await t.services.letters.add(GUILD, { to: 'Argentina', review: reviewRef, deadline: '2025-09-30', createdBy: USER });
    const c = await t.services.letters.add(GUILD, { to: 'Chile', review: reviewRef, deadline: '2025-09-10', createdBy: USER });
    const m = await t.services.letters.add(GUILD, { to: 'Mexico', review: reviewRef, deadline: '2025-10-01 12:00', createdBy: USER });
    t.clock.set('2025-09-20T10:00:00Z');
    expect((await t.services.letters.list(GUILD, 'due')).items.map((l) => l.id)).toEqual([a.id, m.id]);
    expect((await t.services.letters.list(GUILD, 'overdue')).items.map((l) => l.id)).toEqual([c.id]);
    await expect(t.services.letters.markSent(GUILD, `#${a.id}`, '2025-09-26')).rejects.toThrow('letter:error.sentFuture {"day":"2025-09-26"}');
    const sent = await t.services.letters.markSent(GUILD, 'Argentina', '19 Sep 2025');
    expect(sent.status).toBe('sent');
    expect(sent.sentAt!.toISOString()).toBe('2025-09-19T07:00:00.000Z');
    expect(t.planner.calls).toContain(`replanLetter:${GUILD}:${a.id}`);
    const now = await t.services.letters.markSent(GUILD, `#${c.id}`);
    expect(now.sentAt!.toISOString()).toBe('2025-09-20T10:00:00.000Z');
    expect((await t.services.letters.list(GUILD, 'sent')).items.map((l) => l.id)).toEqual([c.id, a.id]);
    expect((await t.services.letters.list(GUILD, 'all')).total).toBe(3);
    expect((await t.services.letters.list(OTHER_GUILD, 'all')).total).toBe(0);
    await expect(t.services.letters.markSent(OTHER_GUILD, `#${m.id}`)).rejects.toThrow(`letter:error.notFound {"id":${m.id}}`);
  });

  it('resolves, autocompletes, edits and removes within the guild', async () => {
    const a = await t.services.letters.add(GUILD, { to: 'Argentina', review: reviewRef, deadline: '2025-09-30', createdBy: USER });
    const choices = await t.services.letters.autocomplete(GUILD, 'arg', en);
    expect(choices).toEqual([{ name: 'Argentina — about Belarus WG 50 — due 30 Sep 2025', value: `#${a.id}` }]);
    expect(await t.services.letters.autocomplete(OTHER_GUILD, '', en)).toEqual([]);
    const e = await t.services.letters.edit(GUILD, 'Argentina', { deadline: '2025-09-28 17:00', ask: 'Release Ales Bialiatski' });
    expect(e.deadlineAt.toISOString()).toBe('2025-09-28T15:00:00.000Z');
    expect(e.deadlineTimeKnown).toBe(true);
    expect(e.ask).toBe('Release Ales Bialiatski');
    await expect(t.services.letters.edit(GUILD, `#${a.id}`, { deadline: '2025-08-01' })).rejects.toThrow(/letter:error.deadlinePast/);
    await expect(t.services.letters.edit(GUILD, `#${a.id}`, {})).rejects.toThrow('letter:error.nothingToChange');
    await expect(t.services.letters.edit(OTHER_GUILD, `#${a.id}`, { ask: 'x' })).rejects.toThrow(/letter:error.notFound/);
    await expect(t.services.letters.remove(OTHER_GUILD, `#${a.id}`)).rejects.toThrow(/letter:error.notFound/);
    await t.services.letters.remove(GUILD, `#${a.id}`);
    expect(await t.db.letter.count()).toBe(0);
    expect(t.planner.calls).toContain(`cancelItem:${GUILD}:letter:${a.id}`);
    await expect(t.services.letters.resolve(GUILD, 'Argentina')).rejects.toThrow('letter:error.noneTo {"code":"ARG"}');
  });
});
