// A Spanish reader (Discord locale es-419) types dates, times and lead times the Spanish way, end to
// end: the real bot and discord.js client against the sandbox, on a real database. 03/11/2025 is
// 3 November for them (and still refused as ambiguous for an English reader), "8 semanas,
// 2 semanas, 1 día" is 8w,2w,1d, refusals come in Spanish, states autocomplete in Spanish.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/bot-harness';
import { expectRefused } from '../helpers/command-checks';

const NOW = new Date('2025-09-01T08:00:00Z'); // 10:00 in Zurich, the default zone
const ES = { user: 'lectora' };
let h: Harness;
let guildId = '';

const pendingLeads = async (reviewId: number) =>
  (await h.db.reminder.findMany({ where: { reviewId, kind: 'review', status: 'pending' }, orderBy: { dueAt: 'asc' } })).map((r) => [r.leadKey, r.dueAt.toISOString()]);

beforeAll(async () => {
  h = await startHarness({ now: NOW, scheduler: false, sandbox: { world: { users: [{ name: 'lectora', locale: 'es-419', roles: ['manager'] }] } } });
  guildId = (await h.control.world()).guilds[0]!.id;
}, 60_000);
afterAll(async () => h?.stop());

describe('a Spanish reader', () => {
  it('adds a review on 03/11/2025 at 14 h: 3 November, 14:00 in the server’s zone', async () => {
    const r = await h.control.run('/upr add state:Belarús date:03/11/2025 time:14 h', ES);
    expect(r.ok, r.error).toBe(true);
    expect(r.ephemeral).toBe(false);
    const review = await h.db.review.findFirstOrThrow({ where: { guildId, stateCode: 'BLR' } });
    expect(review.reviewAt?.toISOString()).toBe('2025-11-03T13:00:00.000Z');
    expect(review.reviewTimeKnown).toBe(true);
    expect(review.session).toBe(50);
  });

  it('sets lead times in Spanish words and the reminders follow them', async () => {
    const review = await h.db.review.findFirstOrThrow({ where: { guildId, stateCode: 'BLR' } });
    expect((await h.control.run('/settings lead-times for:reviews times:"6 semanas, 3 días y 12 horas"', ES)).ok).toBe(true);
    expect((await h.db.guildSettings.findUniqueOrThrow({ where: { guildId } })).reviewLeadTimes).toBe('6w,3d,12h');
    expect(await pendingLeads(review.id)).toEqual([
      ['6w', '2025-09-22T12:00:00.000Z'],
      ['3d', '2025-10-31T13:00:00.000Z'],
      ['12h', '2025-11-03T01:00:00.000Z'],
    ]);

    expect((await h.control.run('/settings lead-times for:reviews times:"8 semanas, 2 semanas, 1 día"', ES)).ok).toBe(true);
    expect((await h.db.guildSettings.findUniqueOrThrow({ where: { guildId } })).reviewLeadTimes).toBe('8w,2w,1d');
    // Weeks and days keep 14:00 on the calendar across the change from summer time.
    expect(await pendingLeads(review.id)).toEqual([
      ['8w', '2025-09-08T12:00:00.000Z'],
      ['2w', '2025-10-20T12:00:00.000Z'],
      ['1d', '2025-11-02T13:00:00.000Z'],
    ]);

    expect((await h.control.run('/settings lead-times for:letters times:"1 semana y el mismo día"', ES)).ok).toBe(true);
    expect((await h.db.guildSettings.findUniqueOrThrow({ where: { guildId } })).letterLeadTimes).toBe('1w,0d');
    expect((await h.control.run('/settings lead-times for:letters times:predeterminado', ES)).ok).toBe(true);
    expect((await h.db.guildSettings.findUniqueOrThrow({ where: { guildId } })).letterLeadTimes).toBeNull();
  });

  it('plans and marks letters with day-first dates', async () => {
    expect((await h.control.run('/letter add to:Alemania review:Belarús 50 deadline:30/09/2025', ES)).ok).toBe(true);
    const letter = await h.db.letter.findFirstOrThrow({ where: { guildId, stateCode: 'DEU' } });
    expect(letter.deadlineAt.toISOString()).toBe('2025-09-30T07:00:00.000Z');
    expect((await h.control.run(`/letter sent letter:#${letter.id} date:1.9.2025`, ES)).ok).toBe(true);
    expect((await h.db.letter.findUniqueOrThrow({ where: { id: letter.id } })).sentAt?.toISOString()).toBe('2025-09-01T07:00:00.000Z');
  });

  it('is told in Spanish what it typed wrong, and nothing changes', async () => {
    await expectRefused(h, '/upr add state:Chile date:11/30/2025', '"11/30/2025" se lee como día/mes/año, y no existe el mes 30.', ES);
    await expectRefused(h, '/upr add state:Chile date:3 de noviembre', '"3 de noviembre": incluye el año, por ejemplo 3 nov 2025.', ES);
    await expectRefused(h, '/upr add state:Chile date:03/11/2025 time:9', '"9" no es una hora.', ES);
    await expectRefused(h, '/settings lead-times for:reviews times:"53 semanas"', '53 semanas es demasiada antelación. Las antelaciones se escriben como 8 semanas, 2 semanas, 1 día', ES);
  });

  it('gets state names in Spanish from autocomplete, values that resolve', async () => {
    const ac = await h.control.autocomplete('/upr add state:Alem', { ...ES, focused: 'state' });
    expect(ac.choices[0]).toEqual({ name: 'Alemania', value: 'Germany' });
    const en = await h.control.autocomplete('/upr add state:Alem', { focused: 'state' });
    expect(en.choices[0]).toEqual({ name: 'Germany', value: 'Germany' });
  });
});

describe('an English reader', () => {
  it('is still refused 03/11/2025 as ambiguous', async () => {
    await expectRefused(h, '/upr add state:Chile date:03/11/2025', '"03/11/2025" is ambiguous (day/month or month/day?). Use 2025-11-03 or 3 Nov 2025.');
  });
});
