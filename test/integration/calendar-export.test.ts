// The .ics export of the founding scenario, read back with ical.js (an independent parser): each
// review, milestone and letter deadline, Geneva and UTC times, all-day days, stable UIDs,
// cancelled reviews, estimates marked, filters; on a real database of the engine under test.
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { letterUid, milestoneUid, reviewUid } from '../../src/ical/entries';
import { parseIcs, type ParsedEvent } from '../helpers/ics';
import { createTestServices, GUILD, OTHER_GUILD, USER } from '../helpers/services';

let t: Awaited<ReturnType<typeof createTestServices>>;
const ids = { BLR: 0, LBY: 0, USA: 0, letter: 0 };

beforeAll(async () => {
  t = await createTestServices('2025-09-01T08:00:00Z');
  const s = t.services;
  ids.BLR = (await s.reviews.add(GUILD, { state: 'Belarus', date: '3 Nov 2025', createdBy: USER })).id;
  ids.LBY = (await s.reviews.add(GUILD, { state: 'Libya', date: '4 Nov 2025', time: '14:30', createdBy: USER })).id;
  ids.USA = (await s.reviews.add(GUILD, { state: 'United States', date: '7 Nov 2025', time: '09:00', createdBy: USER })).id;
  await s.reviews.edit(GUILD, `#${ids.USA}`, { status: 'postponed' });
  ids.letter = (
    await s.letters.add(GUILD, {
      to: 'Argentina',
      review: 'Belarus',
      deadline: '30 Sep 2025',
      recipient: "Argentina's Permanent Mission to the International Organizations in Geneva",
      ask: 'Intervene in the UPR of Belarus and recommend the release of Ales Bialiatski and all political prisoners',
      createdBy: USER,
    })
  ).id;
  await s.reviews.add(OTHER_GUILD, { state: 'Chile', date: '5 Nov 2025', createdBy: USER });
}, 60_000);
afterAll(async () => t?.cleanup());

const byUid = (events: ParsedEvent[], uid: string): ParsedEvent => {
  const e = events.find((x) => x.uid === uid);
  if (!e) throw new Error(`no event ${uid} among ${events.map((x) => x.uid).join(', ')}`);
  return e;
};
const genevaDay = (d: Date) => DateTime.fromJSDate(d, { zone: 'Europe/Zurich' }).toISODate();

describe('calendar export (.ics)', () => {
  it('holds every review, milestone and letter deadline of the server, read back by ical.js', async () => {
    const out = await t.services.calendarExport.export(GUILD);
    const { name, events } = parseIcs(out.ics);
    expect(name).toBe('UPR calendar');
    const reviews = await t.db.review.findMany({ where: { guildId: GUILD } });
    const milestoneCount = reviews.reduce((n, r) => n + [r.submissionDeadlineAt, r.documentsPublishedAt, r.preSessionAt, r.hrcAdoptionAt, r.midTermReportAt].filter(Boolean).length, 0);
    expect(milestoneCount).toBeGreaterThan(10);
    expect(events).toHaveLength(3 + milestoneCount + 1);
    expect(out.events).toBe(events.length);
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
    expect(events.some((e) => e.summary.includes('Chile'))).toBe(false);
  });

  it('a review with a time is a 3.5-hour event in Geneva time (TZID Europe/Zurich) at the right UTC instant', async () => {
    const { events } = parseIcs((await t.services.calendarExport.export(GUILD)).ics);
    const libya = byUid(events, reviewUid(GUILD, ids.LBY));
    expect(libya.summary).toBe('UPR review of Libya (WG 50)');
    expect(libya.allDay).toBe(false);
    expect(libya.tzid).toBe('Europe/Zurich');
    expect(libya.localStart).toBe('2025-11-04T14:30:00');
    expect(libya.localEnd).toBe('2025-11-04T18:00:00');
    expect(libya.start.toISOString()).toBe('2025-11-04T13:30:00.000Z');
    expect(libya.end.toISOString()).toBe('2025-11-04T17:00:00.000Z');
    expect(libya.status).toBe('CONFIRMED');
    expect(libya.description).toContain('Starts 14:30 Geneva time.');
    expect(libya.description).toContain(`/upr show review:#${ids.LBY}`);
  });

  it('a review without a time is an all-day event on its day; summer time is right too', async () => {
    const { events } = parseIcs((await t.services.calendarExport.export(GUILD)).ics);
    const belarus = byUid(events, reviewUid(GUILD, ids.BLR));
    expect(belarus.allDay).toBe(true);
    expect(belarus.localStart).toBe('2025-11-03');
    expect(belarus.localEnd).toBe('2025-11-04');
    expect(belarus.description).toContain('Time not known yet');
    // A review in summer time (CEST, UTC+2).
    const chile = await t.services.reviews.add(GUILD, { state: 'Chile', date: '2026-05-05', time: '09:00', session: 52, createdBy: USER });
    const again = parseIcs((await t.services.calendarExport.export(GUILD)).ics).events;
    const c = byUid(again, reviewUid(GUILD, chile.id));
    expect(c.localStart).toBe('2026-05-05T09:00:00');
    expect(c.start.toISOString()).toBe('2026-05-05T07:00:00.000Z');
    await t.services.reviews.remove(GUILD, `#${chile.id}`);
  });

  it('a postponed review and its milestones are cancelled events', async () => {
    const { events } = parseIcs((await t.services.calendarExport.export(GUILD)).ics);
    const usa = byUid(events, reviewUid(GUILD, ids.USA));
    expect(usa.status).toBe('CANCELLED');
    expect(usa.summary).toMatch(/^Cancelled: UPR review of United States of America \(WG 50\)$/);
    expect(usa.description).toContain('Postponed.');
    const usaMilestones = events.filter((e) => e.uid.includes(`.review-${ids.USA}.`));
    expect(usaMilestones.length).toBeGreaterThan(0);
    for (const m of usaMilestones) expect(m.status).toBe('CANCELLED');
    expect(byUid(events, reviewUid(GUILD, ids.BLR)).status).toBe('CONFIRMED');
  });

  it('milestones are all-day on their Geneva day, estimates marked; an entered deadline is not an estimate', async () => {
    let review = await t.db.review.findUniqueOrThrow({ where: { id: ids.BLR } });
    let { events } = parseIcs((await t.services.calendarExport.export(GUILD)).ics);
    let sub = byUid(events, milestoneUid(GUILD, ids.BLR, 'submissionDeadlineAt'));
    expect(sub.allDay).toBe(true);
    expect(sub.localStart).toBe(genevaDay(review.submissionDeadlineAt!));
    expect(sub.summary).toMatch(/submission deadline — Belarus \(WG 50\) \(estimate\)$/i);
    expect(sub.status).toBe('TENTATIVE');
    const adoption = byUid(events, milestoneUid(GUILD, ids.BLR, 'hrcAdoptionAt'));
    expect(adoption.localStart).toBe(genevaDay(review.hrcAdoptionAt!));
    expect(adoption.summary).toMatch(/Human Rights Council/);

    await t.services.reviews.edit(GUILD, `#${ids.BLR}`, { submissionDeadline: '14 Apr 2025' });
    review = await t.db.review.findUniqueOrThrow({ where: { id: ids.BLR } });
    ({ events } = parseIcs((await t.services.calendarExport.export(GUILD)).ics));
    sub = byUid(events, milestoneUid(GUILD, ids.BLR, 'submissionDeadlineAt'));
    expect(sub.localStart).toBe('2025-04-14');
    expect(sub.summary).not.toContain('(estimate)');
    expect(sub.status).toBe('CONFIRMED');
  });

  it('the letter deadline is an all-day event on the server-time day', async () => {
    const { events } = parseIcs((await t.services.calendarExport.export(GUILD)).ics);
    const letter = byUid(events, letterUid(GUILD, ids.letter));
    expect(letter.summary).toBe("Letter to Argentina about Belarus's review — deadline");
    expect(letter.allDay).toBe(true);
    expect(letter.localStart).toBe('2025-09-30');
    expect(letter.description).toContain('Ales Bialiatski');
  });

  it('exporting twice gives the same UIDs and the same file; an edit keeps the UID and moves SEQUENCE with the change', async () => {
    const a = await t.services.calendarExport.export(GUILD);
    const b = await t.services.calendarExport.export(GUILD);
    expect(b.ics).toBe(a.ics);
    const before = byUid(parseIcs(a.ics).events, reviewUid(GUILD, ids.LBY));
    const edited = await t.services.reviews.edit(GUILD, `#${ids.LBY}`, { time: '15:00' });
    const c = parseIcs((await t.services.calendarExport.export(GUILD)).ics).events;
    expect(c.map((e) => e.uid).sort()).toEqual(parseIcs(a.ics).events.map((e) => e.uid).sort());
    const after = byUid(c, reviewUid(GUILD, ids.LBY));
    expect(after.localStart).toBe('2025-11-04T15:00:00');
    // SEQUENCE follows the row's last change (seconds), so it never goes back.
    expect(after.sequence).toBe(Math.floor(edited.updatedAt.getTime() / 1000) - 1_700_000_000);
    expect(after.sequence!).toBeGreaterThanOrEqual(before.sequence!);
  });

  it('filters by session, state and a window of days', async () => {
    const libya = parseIcs((await t.services.calendarExport.export(GUILD, { state: 'Libya' })).ics).events;
    expect(libya.length).toBeGreaterThan(1);
    expect(libya.every((e) => e.uid.includes(`review-${ids.LBY}.`))).toBe(true);
    const out = await t.services.calendarExport.export(GUILD, { session: 50, from: '1 Nov 2025', to: '30 Nov 2025' });
    expect(out.fileName).toBe('upr-wg50.ics');
    const nov = parseIcs(out.ics).events;
    expect(nov.map((e) => e.uid).sort()).toEqual([reviewUid(GUILD, ids.BLR), reviewUid(GUILD, ids.LBY), reviewUid(GUILD, ids.USA)].sort());
    expect((await t.services.calendarExport.export(GUILD, { session: 53 })).events).toBe(0);
  });

  it('refuses bad filters with a specific message', async () => {
    await expect(t.services.calendarExport.export(GUILD, { from: '30 Nov 2025', to: '1 Nov 2025' })).rejects.toThrow('upr:calendar.fromAfterTo');
    await expect(t.services.calendarExport.export(GUILD, { state: 'Atlantis' })).rejects.toThrow('common:state.unknown {"typed":"Atlantis"}');
  });
});
