// What people type, in English or Spanish: dates (03/11/2025 is 3 November for a Spanish reader,
// refused as ambiguous for an English one), times, lead times, responses, audit items, state names
// and their autocomplete labels; refusals are catalog messages, told in the reader's language.
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { dayRange, parseItem } from '../../src/audit/filters';
import { describeLead, parseLeadTimes, type LeadTime } from '../../src/dates/lead-times';
import { parseTimeOfDay, parseUserDate, parseUserDateTime, type InputLang } from '../../src/dates/parse';
import type { AutocompleteContext } from '../../src/discord/framework';
import { stateAutocomplete } from '../../src/discord/options';
import { DomainError } from '../../src/domain-error';
import { renderMessage, translator, type Lang } from '../../src/i18n';
import enInput from '../../src/i18n/catalog/en/input.json' with { type: 'json' };
import esInput from '../../src/i18n/catalog/es/input.json' with { type: 'json' };
import { parseResponse } from '../../src/services/recommendations/cells';
import { allStates, resolveState, searchStates } from '../../src/states';

const Z = 'Europe/Zurich';
const NOW = new Date('2025-09-01T10:00:00Z'); // Monday 1 Sep 2025, 12:00 in Zurich

/** The refusal `parse` throws: its catalog key, and what a reader of each language is told. */
function refusal(parse: () => unknown): { key: string; en: string; es: string } {
  try {
    parse();
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    const { text } = err as DomainError;
    if (typeof text === 'string') throw new Error(`plain text, not a catalog message: ${text}`);
    return { key: text.key, en: renderMessage(text, translator('en')), es: renderMessage(text, translator('es')) };
  }
  throw new Error('not refused');
}

const day = (text: string, lang: InputLang, now?: Date) => parseUserDate(text, Z, now, lang).isoDay;

describe('dates', () => {
  it.each([
    ['03/11/2025', '2025-11-03T08:00:00.000Z', false],
    ['3.11.2025', '2025-11-03T08:00:00.000Z', false],
    ['3-11-2025', '2025-11-03T08:00:00.000Z', false],
    ['30/09/2025', '2025-09-30T07:00:00.000Z', false],
    ['3 nov 2025', '2025-11-03T08:00:00.000Z', false],
    ['3 nov. 2025', '2025-11-03T08:00:00.000Z', false],
    ['3 de noviembre de 2025', '2025-11-03T08:00:00.000Z', false],
    ['3 noviembre 2025', '2025-11-03T08:00:00.000Z', false],
    ['3 de noviembre del 2025', '2025-11-03T08:00:00.000Z', false],
    ['1.º de noviembre de 2025', '2025-11-01T08:00:00.000Z', false],
    ['el 3 de noviembre de 2025', '2025-11-03T08:00:00.000Z', false],
    ['lunes, 3 de noviembre de 2025 9:00', '2025-11-03T08:00:00.000Z', true],
    ['03/11/2025 14:30', '2025-11-03T13:30:00.000Z', true],
    ['03/11/2025 14 h', '2025-11-03T13:00:00.000Z', true],
    ['3/11/2025 14h30', '2025-11-03T13:30:00.000Z', true],
    ['3 de noviembre de 2025 a las 14:30', '2025-11-03T13:30:00.000Z', true],
    ['3 nov 2025 2:30 p. m.', '2025-11-03T13:30:00.000Z', true],
    ['2025-11-03', '2025-11-03T08:00:00.000Z', false],
    ['3 Nov 2025', '2025-11-03T08:00:00.000Z', false],
  ])('a Spanish reader’s %j', (text, iso, timeKnown) => {
    const r = parseUserDate(text, Z, undefined, 'es');
    expect(r.instant.toISOString()).toBe(iso);
    expect(r.timeKnown).toBe(timeKnown);
  });

  it('reads hoy and mañana (with a time) in the zone', () => {
    expect(day('hoy', 'es', NOW)).toBe('2025-09-01');
    expect(parseUserDate('mañana a las 10:00', Z, NOW, 'es').instant.toISOString()).toBe('2025-09-02T08:00:00.000Z');
    expect(parseUserDate('mañana 14 h', Z, NOW, 'es').instant.toISOString()).toBe('2025-09-02T12:00:00.000Z');
    expect(refusal(() => parseUserDate('hoy', Z, undefined, 'es')).key).toBe('input:date.needsCalendarDay');
  });

  it('understands the words of both languages whatever the reader’s language', () => {
    for (const lang of ['en', 'es'] as const) {
      expect(day('3 de noviembre de 2025', lang)).toBe('2025-11-03');
      expect(day('Nov 3, 2025', lang)).toBe('2025-11-03');
      expect(day('03-Nov-2025', lang)).toBe('2025-11-03');
      expect(day('Monday, November 3, 2025', lang)).toBe('2025-11-03');
      expect(day('tomorrow', lang, NOW)).toBe('2025-09-02');
      expect(day('mañana', lang, NOW)).toBe('2025-09-02');
      // Year first has one reading only.
      expect(day('2025/11/03', lang)).toBe('2025-11-03');
      expect(day('2025.11.03', lang)).toBe('2025-11-03');
    }
  });

  it('refuses numeric day and month for an English reader, with the same words as before', () => {
    for (const text of ['03/11/2025', '3.11.2025', '3-11-2025', '30/09/2025', '11/30/2025', '3/11/25']) {
      const r = refusal(() => parseUserDate(text, Z, undefined, 'en'));
      expect(r.key).toBe('input:date.ambiguous');
      expect(r.en).toBe(`"${text}" is ambiguous (day/month or month/day?). Use 2025-11-03 or 3 Nov 2025.`);
    }
    // The default is English.
    expect(refusal(() => parseUserDate('03/11/2025', Z)).key).toBe('input:date.ambiguous');
  });

  it('tells a Spanish reader in Spanish what is wrong', () => {
    expect(refusal(() => parseUserDate('11/30/2025', Z, undefined, 'es')).es).toBe(
      '"11/30/2025" se lee como día/mes/año, y no existe el mes 30. Escribe primero el día (03/11/2025 es el 3 de noviembre) o usa 2025-11-03.',
    );
    expect(refusal(() => parseUserDate('3/11/25', Z, undefined, 'es')).es).toBe('"3/11/25": escribe el año completo, por ejemplo 03/11/2025.');
    expect(refusal(() => parseUserDate('30/02/2025', Z, undefined, 'es')).es).toBe('"30/02/2025" no es una fecha real: febrero de 2025 tiene 28 días.');
    expect(refusal(() => parseUserDate('martes 3 de noviembre de 2025', Z, undefined, 'es')).es).toBe('"martes 3 de noviembre de 2025": el 3 nov 2025 es lunes.');
    expect(refusal(() => parseUserDate('3 de noviembre', Z, undefined, 'es')).es).toBe('"3 de noviembre": incluye el año, por ejemplo 3 nov 2025.');
    expect(refusal(() => parseUserDate('3 novembre 2025', Z, undefined, 'es')).es).toMatch(/^"3 novembre 2025": "novembre" no es el nombre de un mes\. Usa una forma como 03\/11\/2025/);
    expect(refusal(() => parseUserDate('pronto', Z, undefined, 'es')).es).toBe('"pronto" no es una fecha que pueda leer. Usa una forma como 03/11/2025, 3 nov 2025 o 03/11/2025 14:30.');
    expect(refusal(() => parseUserDate('3/11.2025', Z, undefined, 'es')).key).toBe('input:date.unreadable');
    expect(refusal(() => parseUserDateTime('03/11/2025 10:00', '11:00', Z, undefined, 'es')).es).toBe('La hora se indica dos veces ("03/11/2025 10:00" y "11:00"): indícala una sola vez.');
    // The same refusal, read by an English reader, in English.
    expect(refusal(() => parseUserDate('martes 3 de noviembre de 2025', Z, undefined, 'es')).en).toBe('"martes 3 de noviembre de 2025": 3 Nov 2025 is a Monday.');
  });

  const DAYS = Math.floor(DateTime.utc(2100, 12, 31).diff(DateTime.utc(1990, 1, 1), 'days').days);
  const anyDay = fc.integer({ min: 0, max: DAYS }).map((n) => DateTime.utc(1990, 1, 1).plus({ days: n }));

  it.each([
    ['es', "d 'de' MMMM 'de' yyyy"],
    ['es', 'dd/MM/yyyy'],
    ['es', 'd.M.yyyy'],
    ['es', 'd-M-yyyy'],
    ['es', 'd LLL yyyy'],
    ['es', "EEEE, d 'de' MMMM 'de' yyyy"],
    ['en', 'd LLL yyyy'],
    ['en', 'd LLLL yyyy'],
    ['en', 'LLL d, yyyy'],
    ['en', 'EEEE, LLLL d, yyyy'],
  ] as const)('every day written in %s as %j reads back', (lang, format) => {
    fc.assert(
      fc.property(anyDay, (d) => {
        const text = d.setLocale(lang === 'es' ? 'es' : 'en-US').toFormat(format);
        expect(day(text, lang)).toBe(d.toISODate());
      }),
    );
  });

  it('every day the bot writes ({{when, day}}) reads back in its language', () => {
    fc.assert(
      fc.property(anyDay, fc.constantFrom<Lang>('en', 'es'), (d, lang) => {
        const shown = translator(lang)('{{when, day}}', { when: d.set({ hour: 12 }).toJSDate() });
        expect(day(shown, lang)).toBe(d.toISODate());
      }),
    );
  });

  it('every day written day first is refused for an English reader', () => {
    fc.assert(
      fc.property(anyDay, fc.constantFrom('/', '.', '-'), (d, sep) => {
        expect(refusal(() => parseUserDate(d.toFormat(`dd${sep}MM${sep}yyyy`), Z, undefined, 'en')).key).toBe('input:date.ambiguous');
      }),
    );
  });
});

describe('times', () => {
  it.each([
    ['14 h', 14, 0],
    ['14h', 14, 0],
    ['14h30', 14, 30],
    ['14 h 30', 14, 30],
    ['14:30', 14, 30],
    ['14:30 h', 14, 30],
    ['14:30 hs', 14, 30],
    ['a las 9:15', 9, 15],
    ['2:30 p. m.', 14, 30],
    ['12 a. m.', 0, 0],
    ['9am', 9, 0],
    ['at 2:30 pm', 14, 30],
  ])('%j', (text, hour, minute) => {
    expect(parseTimeOfDay(text)).toEqual({ hour, minute });
  });

  it('refuses in the reader’s language', () => {
    expect(refusal(() => parseTimeOfDay('9')).es).toBe('"9" no es una hora. Usa el formato de 24 horas HH:MM, como 09:00 o 14:30 (o 14 h).');
    expect(refusal(() => parseTimeOfDay('25 h')).es).toBe('"25 h": la hora debe estar entre 0 y 23.');
    expect(refusal(() => parseTimeOfDay('14:75')).es).toBe('"14:75": los minutos deben estar entre 0 y 59.');
    expect(refusal(() => parseTimeOfDay('13 p. m.')).es).toBe('"13 p. m.": con a. m./p. m. la hora debe estar entre 1 y 12.');
    expect(refusal(() => parseTimeOfDay('14:30:15')).es).toBe('"14:30:15" tiene segundos: indica solo horas y minutos, como 14:30.');
    expect(refusal(() => parseTimeOfDay('14.30')).key).toBe('input:time.invalid');
  });

  it('reads every time of day in each written form', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (hour, minute) => {
        const mm = String(minute).padStart(2, '0');
        for (const text of [`${hour}:${mm}`, `${hour}h${mm}`, `${hour} h ${mm}`, `${hour}:${mm} h`, `a las ${hour}:${mm}`]) {
          expect(parseTimeOfDay(text)).toEqual({ hour, minute });
        }
        expect(parseTimeOfDay(`${hour} h`)).toEqual({ hour, minute: 0 });
      }),
    );
  });
});

describe('lead times', () => {
  const keys = (text: string) => parseLeadTimes(text).map((l) => l.key);

  it('reads Spanish words as well as the short form', () => {
    expect(keys('8 semanas, 2 semanas, 1 día')).toEqual(['8w', '2w', '1d']);
    expect(keys('8w,2w,1d')).toEqual(['8w', '2w', '1d']);
    expect(keys('3 días')).toEqual(['3d']);
    expect(keys('12 horas')).toEqual(['12h']);
    expect(keys('1 semana')).toEqual(['1w']);
    expect(keys('8 Semanas y 1 dia')).toEqual(['8w', '1d']);
    expect(keys('1 semana, 1 día y el mismo día')).toEqual(['1w', '1d', '0d']);
    expect(keys('2 semanas; ese día')).toEqual(['2w', '0d']);
    expect(keys('8w, 2 semanas, 1 day and 6 hs')).toEqual(['8w', '2w', '1d', '6h']);
  });

  it('refuses in the reader’s language', () => {
    expect(refusal(() => parseLeadTimes('53 semanas')).es).toMatch(/^53 semanas es demasiada antelación\. Las antelaciones se escriben como 8 semanas, 2 semanas, 1 día/);
    expect(refusal(() => parseLeadTimes('400d')).es).toMatch(/^400 días es demasiada antelación\./);
    expect(refusal(() => parseLeadTimes('pronto')).es).toMatch(/^"pronto" no es una antelación\. .*como máximo 10, cada una de hasta 52 semanas\.$/);
    expect(refusal(() => parseLeadTimes('')).es).toMatch(/^No se indicó ninguna antelación\./);
    expect(refusal(() => parseLeadTimes('1h,2h,3h,4h,5h,6h,7h,8h,9h,10h,11h')).es).toMatch(/^11 antelaciones son demasiadas\./);
    expect(refusal(() => parseLeadTimes('53 semanas')).en).toMatch(/^53 weeks is too far ahead\. Lead times look like 8w,2w,1d/);
  });

  it('describes a lead in the reader’s language', () => {
    const described = (key: string, lang: Lang) => renderMessage(describeLead(parseLeadTimes(key)[0]!), translator(lang));
    expect(['8w', '1w', '1d', '3d', '12h', '1h', '0d'].map((k) => described(k, 'es'))).toEqual(['8 semanas', '1 semana', '1 día', '3 días', '12 horas', '1 hora', 'el mismo día']);
    expect(['8w', '1w', '1d', '12h', '0d'].map((k) => described(k, 'en'))).toEqual(['8 weeks', '1 week', '1 day', '12 hours', 'on the day']);
  });

  it('reads any list of leads written out in words, in either language, as its short form', () => {
    const lead = fc.oneof(
      fc.record({ amount: fc.integer({ min: 1, max: 52 }), unit: fc.constant<LeadTime['unit']>('w') }),
      fc.record({ amount: fc.integer({ min: 1, max: 364 }), unit: fc.constant<LeadTime['unit']>('d') }),
      fc.record({ amount: fc.integer({ min: 1, max: 8736 }), unit: fc.constant<LeadTime['unit']>('h') }),
    );
    fc.assert(
      fc.property(fc.array(lead, { minLength: 1, maxLength: 10 }), fc.constantFrom<Lang>('en', 'es'), (leads, lang) => {
        const t = translator(lang);
        const words = leads.map((l) => t(`input:lead.${l.unit}`, { count: l.amount }));
        const written = words.length > 1 ? `${words.slice(0, -1).join(', ')} ${lang === 'es' ? 'y' : 'and'} ${words.at(-1)}` : words[0]!;
        expect(keys(written)).toEqual(keys(leads.map((l) => `${l.amount}${l.unit}`).join(',')));
      }),
    );
  });
});

describe('responses', () => {
  it.each([
    ['Supported', 'supported'],
    ['- Accepted', 'supported'],
    ['apoyada', 'supported'],
    ['Apoyó', 'supported'],
    ['Aceptada', 'supported'],
    ['Noted', 'noted'],
    ['Not accepted', 'noted'],
    ['anotada', 'noted'],
    ['Se tomó nota', 'noted'],
    ['tomó nota', 'noted'],
    ['No apoyada', 'noted'],
    ['Rechazada', 'noted'],
    ['', 'pending'],
    ['pending', 'pending'],
    ['Pendiente', 'pending'],
    ['sin respuesta', 'pending'],
    ['quizás', undefined],
  ])('%j', (text, response) => {
    expect(parseResponse(text)).toBe(response);
  });
});

describe('audit filters', () => {
  it('reads items in both languages', () => {
    expect(parseItem('carta 5')).toBe('letter:5');
    expect(parseItem('Examen #12')).toBe('review:12');
    expect(parseItem('revisión 12')).toBe('review:12');
    expect(parseItem('Intervención: 3')).toBe('intervention:3');
    expect(parseItem('recomendacion #4')).toBe('recommendation:4');
    expect(parseItem('ajustes')).toBe('settings');
    expect(parseItem('Configuración')).toBe('settings');
    expect(parseItem('letter #5')).toBe('letter:5');
    expect(parseItem('Review 12')).toBe('review:12');
    expect(parseItem('settings')).toBe('settings');
    expect(parseItem('Belarus 50')).toBeNull();
  });

  it('reads days for the reader', () => {
    expect(dayRange('03/11/2025', Z, NOW, 'es')[0].toISOString()).toBe('2025-11-02T23:00:00.000Z');
    expect(refusal(() => dayRange('03/11/2025', Z, NOW)).key).toBe('input:date.ambiguous');
  });
});

describe('state names in Spanish', () => {
  it('resolve, in their UN form and as people write them', () => {
    const codes = ['Alemania', 'Belarús', 'Bielorrusia', 'Reino Unido', 'Gran Bretaña', 'Estados Unidos', 'Países Bajos (Reino de los)', 'Reino de los Países Bajos', 'Bolivia (Estado Plurinacional de)', 'Estado Plurinacional de Bolivia', 'Irán (República Islámica de)', 'Federación de Rusia'].map((t) => {
      const r = resolveState(t);
      return r.ok ? r.state.code : r.error;
    });
    expect(codes).toEqual(['DEU', 'BLR', 'BLR', 'GBR', 'GBR', 'USA', 'NLD', 'NLD', 'BOL', 'BOL', 'IRN', 'RUS']);
  });

  it('every state’s Spanish name resolves to it', () => {
    for (const s of allStates()) {
      const r = resolveState(s.nameEs);
      expect(r.ok && r.state.code, s.nameEs).toBe(s.code);
    }
  });

  it('rank and sort for a Spanish reader by the Spanish names', () => {
    expect(searchStates('', 4, 'es').map((s) => s.nameEs)).toEqual(['Afganistán', 'Albania', 'Alemania', 'Andorra']);
    expect(searchStates('ale', 1, 'es').map((s) => s.code)).toEqual(['DEU']);
    expect(searchStates('Países', 1, 'es').map((s) => s.code)).toEqual(['NLD']);
    // English readers keep the UN short names' order.
    expect(searchStates('', 3).map((s) => s.name)).toEqual(['Afghanistan', 'Albania', 'Algeria']);
  });

  it('are the autocomplete labels for a Spanish reader; the values still resolve', async () => {
    const ctx = (lang: Lang) => ({ lang }) as AutocompleteContext;
    const es = await stateAutocomplete(ctx('es'), 'Alem');
    expect(es[0]).toEqual({ name: 'Alemania', value: 'Germany' });
    const uk = await stateAutocomplete(ctx('es'), 'Reino Unido');
    expect(uk[0]).toEqual({ name: 'Reino Unido de Gran Bretaña e Irlanda del Norte', value: 'United Kingdom of Great Britain and Northern Ireland' });
    for (const choice of await stateAutocomplete(ctx('es'), 'bel')) {
      const r = resolveState(String(choice.value));
      expect(r.ok && r.state.nameEs).toBe(choice.name);
    }
    expect((await stateAutocomplete(ctx('en'), 'Germ'))[0]).toEqual({ name: 'Germany', value: 'Germany' });
  });
});

describe('the input catalog', () => {
  const keysOf = (o: object, prefix = ''): string[] =>
    Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keysOf(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));

  it('has the same keys in both languages', () => {
    expect(keysOf(esInput).sort()).toEqual(keysOf(enInput).sort());
  });
});
