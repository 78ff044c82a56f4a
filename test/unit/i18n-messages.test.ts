// Messages made of messages: a service says a whole sentence whose parts (counted nouns, a reason)
// are messages too, and the reader gets every part in their language.
import { describe, expect, it } from 'vitest';
import { sessionMonths } from '../../src/dates/format';
import { msg } from '../../src/domain-error';
import { describeGuildCounts } from '../../src/guild-data/purge';
import { renderMessage, translator } from '../../src/i18n';

const en = translator('en');
const es = translator('es');

describe('nested messages', () => {
  it('translates values that are messages, and lists of them', () => {
    const counts = describeGuildCounts({ settings: 1, reviews: 1, letters: 2, interventions: 0, recommendations: 0, reminders: 1, auditEntries: 3 });
    const refusal = msg('backup:error.hasData', { counts });
    expect(renderMessage(refusal, en)).toBe('This server already has data (1 review, 2 letters, 1 reminder, 3 audit entries and the settings). Restore with replace:True to replace it all (you will be asked to confirm). Nothing was changed.');
    expect(renderMessage(refusal, es)).toMatch(/^Este servidor ya tiene datos \(1 examen, 2 cartas, 1 recordatorio, 3 entradas del registro de cambios y la configuración\)\./);
    const empty = describeGuildCounts({ settings: 0, reviews: 0, letters: 0, interventions: 0, recommendations: 0, reminders: 0, auditEntries: 0 });
    expect(renderMessage(empty, es)).toBe('nada');
  });

  it('offers a choice of states with "or", in the reader’s language', () => {
    const problem = msg('intervention:state.ambiguous', { value: 'Niger', codes: ['NER', 'NGA'] });
    expect(renderMessage(problem, en)).toBe('Ambiguous state "Niger". Did you mean: Niger or Nigeria?');
    expect(renderMessage(problem, es)).toBe('«Niger» puede ser más de un Estado. ¿Quisiste decir Níger o Nigeria?');
  });

  it('reads days and session months as each language writes them', () => {
    expect(en('upr:when.day', { when: new Date('2025-09-03T08:00:00Z'), zone: 'Europe/Zurich' })).toBe('3 Sep 2025');
    expect(es('upr:when.day', { when: new Date('2025-09-03T08:00:00Z'), zone: 'Europe/Zurich' })).toBe('3 sept 2025');
    expect(sessionMonths('2026-04/05')).toBe('Apr/May 2026');
    expect(sessionMonths('2026-04/05', 'es')).toBe('abr/may 2026');
  });
});
