// The reminder texts: what, when (Discord timestamps), what to do; within Discord's limits; and
// mentions limited to the configured ping role; in the server's language.
import { describe, expect, it } from 'vitest';
import { parseLeadTimes } from '../../src/dates/lead-times';
import { milestoneByKey } from '../../src/calendar/milestones';
import { allowedMentionsFor, renderDigest, renderReminder, renderTestMessage } from '../../src/reminders/render';

const reviewAt = new Date('2025-11-03T08:00:00Z');
const unix = reviewAt.getTime() / 1000;
const review = { stateCode: 'BLR', session: 50, reviewAt, reviewTimeKnown: true };
const lead = (k: string) => parseLeadTimes(k)[0]!;
const base = { late: false, dueAt: new Date('2025-09-08T07:00:00Z'), pingRoleId: null, lang: 'en' as const };
const es = { ...base, lang: 'es' as const };

describe('renderReminder', () => {
  it('a review: what, when and what to do, depending on how far ahead', () => {
    const eight = renderReminder({ kind: 'review', review }, { ...base, lead: lead('8w') }).content;
    expect(eight).toContain('**Review of Belarus (UPR Working Group session 50)**');
    expect(eight).toContain(`When: <t:${unix}:F> (<t:${unix}:R>)`);
    expect(eight).toContain('`/letter add`');
    expect(renderReminder({ kind: 'review', review }, { ...base, lead: lead('2w') }).content).toContain('list of speakers');
    expect(renderReminder({ kind: 'review', review }, { ...base, lead: lead('1d') }).content).toContain('`/intervention add`');
    const dayOnly = renderReminder({ kind: 'review', review: { ...review, reviewTimeKnown: false } }, { ...base, lead: lead('1d') }).content;
    expect(dayOnly).toContain(`When: <t:${unix}:D> (<t:${unix}:R>) (time not known yet)`);
  });

  it('a milestone and a letter', () => {
    const m = milestoneByKey('submission')!;
    const at = new Date('2025-04-02T10:00:00Z');
    const milestone = renderReminder({ kind: 'milestone', milestone: m, at, review }, { ...base, lead: lead('2w') }).content;
    expect(milestone).toContain('**Stakeholder submission deadline** for the review of Belarus (UPR Working Group session 50)');
    expect(milestone).toContain(`<t:${at.getTime() / 1000}:F>`);
    expect(milestone).toContain('written submission');

    const deadlineAt = new Date('2025-09-30T07:00:00Z');
    const letter = renderReminder(
      { kind: 'letter', letter: { stateCode: 'ARG', recipient: 'Permanent Mission of Argentina, Geneva', ask: 'Recommend the release of Ales Bialiatski', deadlineAt, deadlineTimeKnown: false }, review },
      { ...base, lead: lead('1w') },
    ).content;
    expect(letter).toContain('**Letter to Argentina (Permanent Mission of Argentina, Geneva)** about the review of Belarus');
    expect(letter).toContain(`Deadline: <t:${deadlineAt.getTime() / 1000}:D>`);
    expect(letter).toContain('Ask: Recommend the release of Ales Bialiatski');
    expect(letter).toContain('mark it sent with `/letter sent`');
  });

  it('marks a late post', () => {
    const late = renderReminder({ kind: 'review', review }, { ...base, lead: lead('8w'), late: true }).content;
    expect(late).toContain(`⏰ Posted late: this reminder was due <t:${base.dueAt.getTime() / 1000}:f>`);
  });

  it('mentions only the ping role, whatever users wrote', () => {
    const noisy = { ...review, notes: '@everyone <@&999999999999999999> <@123456789012345678> @here' };
    const withRole = renderReminder({ kind: 'review', review: noisy }, { ...base, pingRoleId: '333333333333333333' });
    expect(withRole.content.startsWith('<@&333333333333333333>\n')).toBe(true);
    expect(withRole.allowedMentions).toEqual({ parse: [], roles: ['333333333333333333'] });
    const none = renderReminder({ kind: 'review', review: noisy }, base);
    expect(none.allowedMentions).toEqual({ parse: [], roles: [] });
    expect(allowedMentionsFor(undefined)).toEqual({ parse: [], roles: [] });
    expect(renderTestMessage(new Date(), 'en').allowedMentions).toEqual({ parse: [], roles: [] });
  });

  it('stays within 2,000 characters with the longest user texts', () => {
    const long = 'x'.repeat(1000);
    const r = renderReminder(
      { kind: 'letter', letter: { stateCode: 'GBR', recipient: 'y'.repeat(200), ask: long, deadlineAt: reviewAt, deadlineTimeKnown: true }, review: { ...review, stateCode: 'GBR' } },
      { ...base, late: true, pingRoleId: '333333333333333333' },
    );
    expect(r.content.length).toBeLessThanOrEqual(2000);
    const n = renderReminder({ kind: 'review', review: { ...review, notes: long } }, base);
    expect(n.content.length).toBeLessThanOrEqual(2000);
  });
});

describe('renderDigest', () => {
  it('lists sections and cuts to fit', () => {
    const entries = Array.from({ length: 120 }, (_, i) => ({ at: new Date(reviewAt.getTime() + i * 3_600_000), timeKnown: true, item: { kind: 'review' as const, stateCode: 'BLR', session: i } }));
    const d = renderDigest({ from: reviewAt, to: new Date(reviewAt.getTime() + 14 * 86_400_000), reviews: entries, deadlines: [], overdueLetters: [] }, { late: false, dueAt: reviewAt, pingRoleId: null, lang: 'en' });
    expect(d.content.length).toBeLessThanOrEqual(2000);
    expect(d.content).toMatch(/… and \d+ more/);
    const empty = renderDigest({ from: reviewAt, to: reviewAt, reviews: [], deadlines: [], overdueLetters: [] }, { late: false, dueAt: reviewAt, pingRoleId: null, lang: 'en' });
    expect(empty.content).toContain('**Reviews in the next two weeks**\nNone.');
    expect(empty.content).not.toContain('Overdue');
  });
});

describe('in Spanish', () => {
  it('a review, a milestone and a letter, with Spanish state names and Discord timestamps', () => {
    const eight = renderReminder({ kind: 'review', review }, { ...es, lead: lead('8w') }).content;
    expect(eight).toContain('📅 **Examen de Belarús (sesión 50 del Grupo de Trabajo del EPU)**');
    expect(eight).toContain(`Cuándo: <t:${unix}:F> (<t:${unix}:R>)`);
    expect(eight).toContain('Qué hacer: es el momento de escribir a las misiones');
    expect(renderReminder({ kind: 'review', review }, { ...es, lead: lead('2w') }).content).toContain('lista de oradores');
    const dayOnly = renderReminder({ kind: 'review', review: { ...review, reviewTimeKnown: false } }, { ...es, lead: lead('1d') }).content;
    expect(dayOnly).toContain(`Cuándo: <t:${unix}:D> (<t:${unix}:R>) (aún no se conoce la hora)`);

    const m = milestoneByKey('submission')!;
    const milestone = renderReminder({ kind: 'milestone', milestone: m, at: new Date('2025-04-02T10:00:00Z'), review }, { ...es, lead: lead('2w') }).content;
    expect(milestone).toContain('📌 **Plazo de las contribuciones de las partes interesadas** del examen de Belarús');
    expect(milestone).toContain('Qué hacer: Asegúrate de que tu contribución escrita esté presentada');

    const deadlineAt = new Date('2025-09-30T07:00:00Z');
    const letter = renderReminder(
      { kind: 'letter', letter: { stateCode: 'ARG', recipient: 'Misión Permanente de Argentina', ask: 'Recomendar la liberación de Ales Bialiatski', deadlineAt, deadlineTimeKnown: false }, review: { ...review, stateCode: 'GBR' } },
      { ...es, lead: lead('1w'), late: true },
    ).content;
    expect(letter).toContain('✉️ **Carta a Argentina (Misión Permanente de Argentina)** sobre el examen de Reino Unido de Gran Bretaña e Irlanda del Norte');
    expect(letter).toContain(`Plazo: <t:${deadlineAt.getTime() / 1000}:D>`);
    expect(letter).toContain('Lo que pide: Recomendar la liberación de Ales Bialiatski');
    expect(letter).toContain('márcala como enviada con `/carta enviada`');
    expect(letter).toContain(`⏰ Publicado con retraso: este recordatorio debía publicarse <t:${base.dueAt.getTime() / 1000}:f>.`);
    for (const text of [eight, milestone, letter]) expect(text).not.toMatch(/\b(Review|When|What to do|Letter|Deadline|Posted late)\b/);
    expect(renderTestMessage(new Date(), 'es').content).toMatch(/^✅ Mensaje de prueba del bot de recordatorios del EPU/);
  });

  it('the digest', () => {
    const at = new Date(reviewAt.getTime() + 3_600_000);
    const d = renderDigest(
      {
        from: reviewAt,
        to: new Date(reviewAt.getTime() + 14 * 86_400_000),
        reviews: [{ at: reviewAt, timeKnown: true, item: { kind: 'review', stateCode: 'DEU', session: 50 } }],
        deadlines: [
          { at, timeKnown: true, item: { kind: 'milestone', milestone: 'documents', stateCode: 'BLR', session: 50 } },
          { at, timeKnown: false, item: { kind: 'letter', to: 'ARG', recipient: 'Cancillería', stateCode: 'BLR', session: 50 } },
        ],
        overdueLetters: [{ at, timeKnown: false, item: { kind: 'letter', to: 'LTU', recipient: null, stateCode: 'BLR', session: 50 } }],
      },
      { late: false, dueAt: reviewAt, pingRoleId: null, lang: 'es' },
    ).content.split('\n');
    expect(d[0]).toBe(`🗞️ **Resumen semanal del EPU** — del <t:${unix}:D> al <t:${unix + 14 * 86_400}:D>`);
    expect(d).toContain('**Exámenes de las próximas dos semanas**');
    expect(d).toContain(`• <t:${unix}:f> (<t:${unix}:R>) — Examen de Alemania (GT 50)`);
    expect(d.some((l) => l.endsWith('— Publicación de los documentos de la ONU (informe nacional, compilación de la ONU, resumen de las partes interesadas): Belarús (GT 50)'))).toBe(true);
    expect(d.some((l) => l.endsWith('— Carta a Argentina (Cancillería) sobre el examen de Belarús (GT 50)'))).toBe(true);
    expect(d).toContain('**Cartas con el plazo vencido (márcalas con `/carta enviada` una vez enviadas)**');
    expect(d.some((l) => l.endsWith('— Carta a Lituania sobre el examen de Belarús (GT 50)'))).toBe(true);
    const empty = renderDigest({ from: reviewAt, to: reviewAt, reviews: [], deadlines: [], overdueLetters: [] }, { late: true, dueAt: reviewAt, pingRoleId: null, lang: 'es' }).content;
    expect(empty).toContain('**Plazos de las próximas dos semanas**\nNinguno.');
    expect(empty).toContain(`⏰ Publicado con retraso: debía publicarse <t:${unix}:f>.`);
  });
});
