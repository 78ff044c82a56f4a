// Replies and refusals in the reader's language, from the pure parts: the shared views, the
// messages services return (nested labels, plurals, lists), and the English catalog kept equal to
// the facts it repeats (milestone wording, the reasons the scheduler stores).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MILESTONES } from '../../src/calendar/milestones';
import type { Models } from '../../src/db/client';
import { pageButtons } from '../../src/discord/components';
import { accessRefusal } from '../../src/discord/permissions';
import { letterLine, reviewEmbed, reviewLine, withWarnings } from '../../src/discord/views';
import { isDomainError, msg } from '../../src/domain-error';
import { renderMessage, translator } from '../../src/i18n';
import { reasonText } from '../../src/reminders/admin';
import { NO_CHANNEL } from '../../src/reminders/prepare';
import { PERMANENT_CODES } from '../../src/posting/poster';
import { requireState } from '../../src/services/common';
import { checkLetterDay } from '../../src/services/date-sense';
import { reviewLabel, type ReviewDetails } from '../../src/services/reviews';
import { normaliseTimezone } from '../../src/services/settings';

const en = translator('en');
const es = translator('es');

const review = (over: Partial<Models.Review> = {}): Models.Review =>
  ({
    id: 7,
    guildId: 'g',
    stateCode: 'BLR',
    session: 50,
    cycle: 4,
    reviewAt: new Date('2025-11-03T08:00:00Z'),
    reviewTimeKnown: false,
    status: 'scheduled',
    notes: null,
    channelId: null,
    dateConfidence: null,
    source: 'user',
    userEditedFields: null,
    createdBy: null,
    submissionDeadlineAt: new Date('2025-03-27T11:00:00Z'),
    documentsPublishedAt: null,
    preSessionAt: null,
    hrcAdoptionAt: null,
    midTermReportAt: null,
    ...over,
  }) as Models.Review;

/** What a refusal says, in a language. */
function refusal(fn: () => unknown, lang: 'en' | 'es'): string {
  try {
    fn();
  } catch (err) {
    if (isDomainError(err)) return renderMessage(err.text, translator(lang));
    throw err;
  }
  throw new Error('not refused');
}

describe('review labels and lines', () => {
  it('name the state and the session in the reader’s language', () => {
    expect(reviewLabel(review(), 'Europe/Zurich', en)).toBe('Belarus — WG 50 — 3 Nov 2025');
    expect(reviewLabel(review(), 'Europe/Zurich', es)).toBe('Belarús — GT 50 — 3 nov 2025');
    // Undated: the session's days, or its projected months.
    expect(reviewLabel(review({ stateCode: 'DEU', reviewAt: null }), 'UTC', es)).toBe('Alemania — GT 50 — sesión del 3 nov 2025 al 14 nov 2025');
    expect(reviewLabel(review({ reviewAt: null, session: 54 }), 'UTC', en)).toBe('Belarus — WG 54 — Jan/Feb 2027 (projected)');
    expect(reviewLabel(review({ reviewAt: null, session: 54 }), 'UTC', es)).toBe('Belarús — GT 54 — ene/feb 2027 (proyectado)');
    expect(reviewLine(review({ status: 'not_held', dateConfidence: 'projected' }), 'UTC', es)).toBe('`#7` **Belarús** — GT 50 — <t:1762156800:D> (<t:1762156800:R>) · *no realizado* · *(proyectado)*');
  });

  it('show a review with its milestones, letters and counted interventions (plural forms per language)', () => {
    const letter = { id: 3, guildId: 'g', reviewId: 7, stateCode: 'DEU', recipient: 'Auswärtiges Amt', ask: null, deadlineAt: new Date('2025-09-30T07:00:00Z'), deadlineTimeKnown: false, status: 'planned', sentAt: null, channelId: null, createdBy: 'u', createdAt: new Date(), updatedAt: new Date() } as unknown as Models.Letter;
    const details: ReviewDetails = {
      review: review(),
      zone: 'Europe/Zurich',
      estimated: new Set(['submissionDeadlineAt']),
      letters: [letter],
      interventions: [{ stateCode: 'ARG' }, { stateCode: 'CHL' }] as Models.Intervention[],
      recommendations: [{ states: [{ stateCode: 'CHL' }], themes: [] }] as unknown as ReviewDetails['recommendations'],
    };
    const spanish = reviewEmbed(details, es);
    expect(spanish.title).toBe('Belarús — GT 50 — 3 nov 2025');
    expect(spanish.description).toBe('**Cuándo:** <t:1762156800:D> (<t:1762156800:R>) (hora desconocida)\n**Situación:** programado');
    expect(spanish.fields).toEqual([
      { name: 'Hitos', value: '• Plazo para las contribuciones de las partes interesadas: <t:1743073200:D> — *estimación (uno por sesión del GT, unos 7 meses y una semana antes de su inicio, al mediodía de Ginebra)*' },
      { name: 'Cartas (1)', value: '`#3` **Alemania** (Auswärtiges Amt) — sobre Belarús GT 50 — vence el <t:1759215600:D> (<t:1759215600:R>)' },
      { name: 'Intervenciones', value: '2 Estados hicieron uso de la palabra; 1 recomendación registrada. Detalles: `/intervencion resumen`.' },
    ]);
    expect(reviewEmbed(details, en).fields![2]!.value).toBe('2 states took the floor; 1 recommendation recorded. Details: `/intervention summary`.');
    expect(letterLine({ ...letter, status: 'sent', sentAt: new Date('2025-09-01T07:00:00Z'), review: review() }, es)).toBe('`#3` **Alemania** (Auswärtiges Amt) — sobre Belarús GT 50 — enviada el <t:1756710000:D>');
  });
});

describe('what services say', () => {
  it('names the states a typed name could be, in the reader’s language and list style', () => {
    expect(refusal(() => requireState('Nigera'), 'en')).toBe('Unknown state "Nigera". Did you mean: Niger, Nigeria?');
    expect(refusal(() => requireState('Nigera'), 'es')).toBe('Estado desconocido: «Nigera». ¿Quisiste decir Níger o Nigeria?');
    expect(refusal(() => requireState('Korea', 'to'), 'en')).toBe('to: Ambiguous state "Korea". Did you mean: Democratic People\'s Republic of Korea, Republic of Korea?');
    expect(refusal(() => requireState('  '), 'es')).toBe('Escribe el nombre de un Estado o su código ISO.');
    expect(refusal(() => normaliseTimezone('Mars/Olympus'), 'es')).toMatch(/^«Mars\/Olympus» no es una zona horaria\./);
  });

  it('returns warnings as messages the reply translates, dates in the reader’s language', () => {
    const warning = checkLetterDay('deadline', new Date('2025-12-01T08:00:00Z'), new Date('2025-11-03T08:00:00Z'))!;
    expect(withWarnings('Hecho.', [warning], es)).toBe(
      'Hecho.\n⚠️ El plazo de la carta (1 dic 2025) es posterior al examen (3 nov 2025): se guardó tal como se indicó, pero una carta que pide a un Estado intervenir debe llegar antes.',
    );
    expect(withWarnings('Done.', [warning], en)).toBe('Done.\n⚠️ The letter\'s deadline (1 Dec 2025) is after the review (3 Nov 2025): stored as given — a letter urging a state to speak must arrive before.');
  });

  it('translates messages nested in messages, and lists of them', () => {
    const labels = [msg('letter:label.withId', { id: 4, label: msg('letter:label.cancelled', { code: 'DEU', about: 'BLR', session: 50 }) })];
    expect(renderMessage(msg('letter:error.several', { code: 'DEU', labels }), es)).toBe('Hay varias cartas a Alemania: #4 Alemania — sobre Belarús GT 50 — cancelada. Elige una de la lista.');
  });
});

describe('buttons and refusals', () => {
  it('are worded for the reader', () => {
    const row = pageButtons('upr', 'list', 2, 3, 'k', es)!;
    expect(row.components.map((c) => (c as { label: string }).label)).toEqual(['◀ Anterior', 'Siguiente ▶']);
    expect(accessRefusal('admin', { manageGuild: false, roleIds: [] }, null, es)).toBe('Solo los miembros con el permiso **Gestionar servidor** pueden hacer esto.');
    expect(accessRefusal('change', { manageGuild: false, roleIds: [] }, '42', es)).toBe('Necesitas el permiso **Gestionar servidor** o el rol <@&42> para hacer cambios aquí.');
  });
});

describe('the English catalog repeats facts owned elsewhere word for word', () => {
  it('milestones as the milestone table words them', () => {
    for (const m of MILESTONES) {
      expect(en(`common:milestone.${m.key}.title`)).toBe(m.title);
      expect(en(`common:milestone.${m.key}.label`)).toBe(m.label);
      expect(en(`common:milestone.${m.key}.labelStart`)).toBe(m.label.charAt(0).toUpperCase() + m.label.slice(1));
      expect(en(`common:milestone.${m.key}.typical`)).toBe(m.typical);
    }
  });

  it('the reasons the scheduler stores, which the reminder list translates', () => {
    expect(renderMessage(reasonText(NO_CHANNEL), en)).toBe(NO_CHANNEL);
    expect(renderMessage(reasonText(NO_CHANNEL), es)).toBe('no hay canal de recordatorios: usa /ajustes canal');
    for (const [code, text] of PERMANENT_CODES) {
      expect(reasonText(text)).toEqual({ key: `reminders:problem.discord${code}` });
      expect(renderMessage(reasonText(text), en)).toBe(text);
    }
    expect(reasonText('Discord answered 500')).toBe('Discord answered 500');
  });

  it('every reason the reminder preparation stores, word for word, in both languages', () => {
    const source = readFileSync(join(import.meta.dirname, '../../src/reminders/prepare.ts'), 'utf8');
    const literals = [...source.matchAll(/(?:skip = |reason: |\?\? )'([^']+ [^']+)'/g)].map((m) => m[1]!);
    expect(literals.length).toBeGreaterThanOrEqual(7);
    const templated = [
      ...['held', 'postponed', 'not held'].map((s) => `the review is ${s}`),
      'the letter is sent',
      'the letter is cancelled',
      `gave up after 3 attempts: ${NO_CHANNEL}`,
    ];
    for (const reason of [...literals, ...templated]) {
      const text = reasonText(reason);
      expect(typeof text, reason).toBe('object');
      expect(renderMessage(text, en), reason).toBe(reason);
      expect(renderMessage(text, es), reason).not.toBe(reason);
    }
    expect(renderMessage(reasonText('the review is postponed'), es)).toBe('el examen figura como aplazado');
  });
});
