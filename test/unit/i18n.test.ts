// The translator: which language a Discord locale reads, and the formatters messages use.
import { describe, expect, it } from 'vitest';
import { langOfLocale, translator } from '../../src/i18n';
import { stateName } from '../../src/states';

describe('the reader’s language', () => {
  it('reads Spanish for Spain and Latin America, English otherwise', () => {
    expect(langOfLocale('es-ES')).toBe('es');
    expect(langOfLocale('es-419')).toBe('es');
    expect(langOfLocale('en-US')).toBe('en');
    expect(langOfLocale('pt-BR')).toBe('en');
    expect(langOfLocale(null)).toBe('en');
  });

  it('translates the shared messages in both languages', () => {
    expect(translator('en')('common:done')).toBe('Done.');
    expect(translator('es')('common:done')).toBe('Hecho.');
  });
});

describe('state names for a Spanish reader', () => {
  it('are the UN-style Spanish names', () => {
    expect(stateName('DEU', 'es')).toBe('Alemania');
    expect(stateName('BOL', 'es')).toBe('Bolivia (Estado Plurinacional de)');
    expect(stateName('GBR', 'es')).toBe('Reino Unido de Gran Bretaña e Irlanda del Norte');
    expect(stateName('RUS', 'es')).toBe('Federación de Rusia');
    expect(stateName('TUR', 'es')).toBe('Türkiye');
    expect(stateName('BLR', 'es')).toBe('Belarús');
    expect(stateName('NZL', 'es')).toBe('Nueva Zelanda');
    expect(stateName('DEU')).toBe('Germany');
  });
});
