import { describe, it, expect } from 'vitest';
import { allStates, getState, normalise, resolveState, searchStates, stateName } from '../../src/states/index.js';

const codeOf = (text: string): string | undefined => {
  const r = resolveState(text);
  return r.ok ? r.state.code : undefined;
};

describe('state registry', () => {
  it('has 193 members and 2 observers', () => {
    const states = allStates();
    expect(states).toHaveLength(195);
    expect(states.filter((s) => s.member)).toHaveLength(193);
    expect(states.filter((s) => s.observer).map((s) => s.code).sort()).toEqual(['PSE', 'VAT']);
    expect(states.every((s) => s.member !== s.observer)).toBe(true);
    expect(new Set(states.map((s) => s.code)).size).toBe(195);
  });

  it('Holy See and Palestine are observers, not members, with no regional group', () => {
    for (const code of ['VAT', 'PSE']) {
      expect(getState(code)).toMatchObject({ member: false, observer: true, regionalGroup: null });
    }
  });

  it('uses UN short names', () => {
    expect(stateName('TUR')).toBe('Türkiye');
    expect(stateName('CZE')).toBe('Czechia');
    expect(stateName('GBR')).toBe('United Kingdom of Great Britain and Northern Ireland');
    expect(stateName('IRN')).toBe('Iran (Islamic Republic of)');
    expect(stateName('NLD')).toBe('Netherlands (Kingdom of the)');
    expect(stateName('VNM')).toBe('Viet Nam');
    expect(stateName('MDA')).toBe('Republic of Moldova');
    expect(stateName('CIV')).toBe('Côte d\u2019Ivoire'); // curly apostrophe, as the UN writes it
    expect(stateName('XKX')).toBe('XKX');
  });

  it('assigns UN regional groups', () => {
    const groups = (code: string) => getState(code)?.regionalGroup;
    expect(groups('BLR')).toBe('Eastern European');
    expect(groups('ARG')).toBe('Latin American and Caribbean');
    expect(groups('DEU')).toBe('Western European and others');
    expect(groups('NGA')).toBe('African');
    expect(groups('JPN')).toBe('Asia-Pacific');
    expect(groups('KIR')).toBe('Asia-Pacific');
    expect(groups('ISR')).toBe('Western European and others');
    const count = (g: string) => allStates().filter((s) => s.regionalGroup === g).length;
    expect(count('African')).toBe(54);
    expect(count('Eastern European')).toBe(23);
    expect(count('Latin American and Caribbean')).toBe(33);
    // world-countries counts Kiribati in Asia-Pacific and the USA in WEOG.
    expect(count('Asia-Pacific')).toBe(54);
    expect(count('Western European and others')).toBe(29);
    expect(allStates().filter((s) => s.member).every((s) => s.regionalGroup !== null)).toBe(true);
  });
});

describe('normalise', () => {
  it('folds case, accents, apostrophes, punctuation, "the", "&" and "St."', () => {
    expect(normalise('  The Côte d’Ivoire ')).toBe('cote divoire');
    expect(normalise("Cote d'Ivoire")).toBe('cote divoire');
    expect(normalise('Iran (Islamic Republic of)')).toBe('iran islamic republic of');
    expect(normalise('St. Kitts & Nevis')).toBe('saint kitts and nevis');
    expect(normalise('Guinea-Bissau')).toBe('guinea bissau');
    expect(normalise('TÜRKIYE')).toBe('turkiye');
  });
});

describe('resolveState', () => {
  it('resolves every UN short name to itself', () => {
    // "Congo" is COG's UN short name (as UN reports print it), so it resolves to COG, not COD.
    for (const s of allStates()) expect(codeOf(s.name), s.name).toBe(s.code);
    expect(codeOf('Republic of the Congo')).toBe('COG');
  });

  it('resolves every alpha-3 code in any case', () => {
    for (const s of allStates()) {
      expect(codeOf(s.code)).toBe(s.code);
      expect(codeOf(s.code.toLowerCase())).toBe(s.code);
    }
  });

  it('accepts alpha-2 codes only as all upper or all lower case', () => {
    expect(codeOf('GB')).toBe('GBR');
    expect(codeOf('gb')).toBe('GBR');
    expect(codeOf('IN')).toBe('IND');
    expect(codeOf('In')).toBeUndefined();
    expect(codeOf('No')).toBeUndefined();
  });

  it.each([
    ['Czech Republic', 'CZE'],
    ['Czechia', 'CZE'],
    ['Turkey', 'TUR'],
    ['Türkiye', 'TUR'],
    ['Turkiye', 'TUR'],
    ['Moldova', 'MDA'],
    ['Republic of Moldova', 'MDA'],
    ['Moldova, Republic of', 'MDA'],
    ['UK', 'GBR'],
    ['United Kingdom', 'GBR'],
    ['Great Britain', 'GBR'],
    ['Reino Unido', 'GBR'],
    ['Iran', 'IRN'],
    ['Iran, Islamic Republic of', 'IRN'],
    ['Islamic Republic of Iran', 'IRN'],
    ['Netherlands', 'NLD'],
    ['the Netherlands', 'NLD'],
    ['Kingdom of the Netherlands', 'NLD'],
    ['Holland', 'NLD'],
    ['Vietnam', 'VNM'],
    ['Viet Nam', 'VNM'],
    ['Ivory Coast', 'CIV'],
    ["Côte d'Ivoire", 'CIV'],
    ['Côte d\u2019Ivoire', 'CIV'],
    ["Cote d'Ivoire", 'CIV'],
    ['Costa de Marfil', 'CIV'],
    ['Bielorrusia', 'BLR'],
    ['Belarus', 'BLR'],
    ['USA', 'USA'],
    ['US', 'USA'],
    ['United States', 'USA'],
    ['America', 'USA'],
    ['Estados Unidos', 'USA'],
    ['DPRK', 'PRK'],
    ['North Korea', 'PRK'],
    ['South Korea', 'KOR'],
    ['Korea, Republic of', 'KOR'],
    ['THE GAMBIA', 'GMB'],
    ['Gambia', 'GMB'],
    ['Russia', 'RUS'],
    ['Syria', 'SYR'],
    ['Laos', 'LAO'],
    ['Bolivia', 'BOL'],
    ['Venezuela', 'VEN'],
    ['Tanzania', 'TZA'],
    ['Micronesia', 'FSM'],
    ['Palestine', 'PSE'],
    ['Vatican', 'VAT'],
    ['Holy See', 'VAT'],
    ['Swaziland', 'SWZ'],
    ['Burma', 'MMR'],
    ['Cape Verde', 'CPV'],
    ['East Timor', 'TLS'],
    ['Macedonia', 'MKD'],
    ['Moldavia', 'MDA'],
    ['Byelorussia', 'BLR'],
    ['DRC', 'COD'],
    ['Congo-Brazzaville', 'COG'],
    ['Democratic Republic of the Congo', 'COD'],
    ['Guinea', 'GIN'],
    ['Niger', 'NER'],
    ['Nigeria', 'NGA'],
    ['Sudan', 'SDN'],
    ['Dominica', 'DMA'],
    ['St Lucia', 'LCA'],
    ['Trinidad & Tobago', 'TTO'],
    ['Bosnia', 'BIH'],
    ['Alemania', 'DEU'],
    ['Switzerland', 'CHE'],
  ])('%s -> %s', (text, code) => {
    expect(codeOf(text)).toBe(code);
  });

  // Misspellings: either resolved outright, or rejected with the right state suggested.
  it.each([
    ['Argentinia', 'ARG'],
    ['Belarussia', 'BLR'],
    ['Phillipines', 'PHL'],
    ['Philipines', 'PHL'],
    ['Columbia', 'COL'],
    ['Lithunia', 'LTU'],
    ['Kazakstan', 'KAZ'],
    ['Kyrgystan', 'KGZ'],
    ['Azerbaidjan', 'AZE'],
    ['Luxemburg', 'LUX'],
    ['Lichtenstein', 'LIE'],
    ['Venezula', 'VEN'],
    ['Portugual', 'PRT'],
    ['Sweeden', 'SWE'],
    ['Zimbabwee', 'ZWE'],
    ['Afganistan', 'AFG'],
    ['Bangladseh', 'BGD'],
    ['Camaroon', 'CMR'],
    ['Equador', 'ECU'],
    ['Ethopia', 'ETH'],
    ['Gautemala', 'GTM'],
    ['Isreal', 'ISR'],
    ['Jamacia', 'JAM'],
    ['Kuwiat', 'KWT'],
    ['Malasia', 'MYS'],
    ['Morroco', 'MAR'],
    ['Senagal', 'SEN'],
    ['Tunesia', 'TUN'],
    ['Uzbekstan', 'UZB'],
    ['Yeman', 'YEM'],
    ['Solvenia', 'SVN'],
    ['Romainia', 'ROU'],
    ['Tajikstan', 'TJK'],
    ['Sri Lanca', 'LKA'],
    ['Myanmr', 'MMR'],
    ['Papau New Guinea', 'PNG'],
    ['Nigerria', 'NGA'],
  ])('misspelling %s resolves to %s', (text, code) => {
    expect(codeOf(text)).toBe(code);
  });

  it.each([
    ['Slovkia', 'SVK', 'SVN'],
    ['Austrai', 'AUT', 'AUS'],
    ['Zambai', 'ZMB', 'GMB'],
    ['Bulgeria', 'BGR', 'DZA'],
    ['Rwnada', 'RWA', 'CAN'],
  ])('close call %s fails and suggests %s first, then %s', (text, best, other) => {
    const r = resolveState(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.suggestions[0]?.code).toBe(best);
    expect(r.suggestions.map((s) => s.code)).toContain(other);
  });

  it('names the closest matches in the error', () => {
    const r = resolveState('Slovkia');
    expect(r).toMatchObject({ ok: false, error: 'Unknown state "Slovkia". Did you mean: Slovakia, Slovenia?' });
  });

  it('suggests Mozambique for "Mozambik" (too far to accept outright)', () => {
    const r = resolveState('Mozambik');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.suggestions.map((s) => s.code)).toContain('MOZ');
  });

  it.each([
    ['Korea', ['KOR', 'PRK']],
    ['Domin', ['DMA', 'DOM']],
  ])('ambiguous %s fails with both suggested', (text, codes) => {
    const r = resolveState(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatch(/^Ambiguous state/);
    expect(r.suggestions.map((s) => s.code).sort()).toEqual([...codes].sort());
  });

  it('rejects garbage, non-states and empty input with a clear message', () => {
    for (const text of ['xyzzy', 'Kosovo', 'Puerto Rico', '   ', 'PRI']) {
      const r = resolveState(text);
      expect(r.ok, text).toBe(false);
      if (!r.ok) expect(r.error.length).toBeGreaterThan(10);
    }
    expect(resolveState('xyzzy')).toMatchObject({ ok: false, suggestions: [] });
    expect((resolveState('xyzzy') as { error: string }).error).toContain('Unknown state "xyzzy"');
  });
});

describe('searchStates', () => {
  it('puts name prefixes first', () => {
    const codes = searchStates('bel').map((s) => s.code);
    expect(codes.slice(0, 3).sort()).toEqual(['BEL', 'BLR', 'BLZ']);
  });

  it('returns the first 25 alphabetically for empty input', () => {
    const r = searchStates('');
    expect(r).toHaveLength(25);
    expect(r[0]?.code).toBe('AFG');
    const names = r.map((s) => s.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
  });

  it('matches every state starting with "united"', () => {
    const codes = searchStates('united').map((s) => s.code);
    expect(codes.slice(0, 4).sort()).toEqual(['ARE', 'GBR', 'TZA', 'USA']);
  });

  it('finds aliases, codes, word prefixes, substrings and misspellings', () => {
    expect(searchStates('turkey')[0]?.code).toBe('TUR');
    expect(searchStates('BLR')[0]?.code).toBe('BLR');
    expect(searchStates('ivory')[0]?.code).toBe('CIV');
    expect(searchStates('kitts')[0]?.code).toBe('KNA'); // word prefix
    expect(searchStates('herzeg')[0]?.code).toBe('BIH'); // word prefix
    expect(searchStates('phillip')[0]?.code).toBe('PHL'); // fuzzy on the start of the name
    expect(searchStates('zimbabwee')[0]?.code).toBe('ZWE');
    expect(searchStates('xyzzy')).toEqual([]);
  });

  it('never returns more than the limit', () => {
    for (const q of ['', 'a', 'e', 'an', 'republic', 'saint', 'i', 'o']) {
      expect(searchStates(q).length).toBeLessThanOrEqual(25);
      expect(searchStates(q, 5).length).toBeLessThanOrEqual(5);
      expect(searchStates(q, 0)).toEqual([]);
    }
    expect(searchStates('a')).toHaveLength(25);
  });
});

describe('names in UPR Info, UHRI and Spanish sources', () => {
  const cases: Array<[string, string]> = [
    // UPR Info database short forms (hand aliases where no package has them)
    ['DPR Korea', 'PRK'],
    ['Macedonia FYR', 'MKD'],
    ['Republic of Congo', 'COG'],
    ['Democratic Republic of Congo', 'COD'],
    ['Iran', 'IRN'],
    ['Laos', 'LAO'],
    ['Trinidad & Tobago', 'TTO'],
    ['Bosnia & Herzegovina', 'BIH'],
    ["Cote d'Ivoire", 'CIV'],
    ['Palestine', 'PSE'],
    ['Holy See', 'VAT'],
    ['Saint Kitts & Nevis', 'KNA'],
    // UHRI / OHCHR forms
    ['Iran (Islamic Republic of)', 'IRN'],
    ['Lao People’s Democratic Republic', 'LAO'],
    ['Netherlands (Kingdom of the)', 'NLD'],
    ['Côte d’Ivoire', 'CIV'],
    ['Republic of Moldova', 'MDA'],
    ['Türkiye', 'TUR'],
    ['State of Palestine', 'PSE'],
    ['Democratic People’s Republic of Korea', 'PRK'],
    ['Bolivia (Plurinational State of)', 'BOL'],
    // Spanish (world-countries and i18n-iso-countries; RDC by hand)
    ['Chequia', 'CZE'],
    ['Corea del Sur', 'KOR'],
    ['Corea del Norte', 'PRK'],
    ['RDC', 'COD'],
    ['República Democrática del Congo', 'COD'],
    ['Países Bajos', 'NLD'],
    ['Reino Unido', 'GBR'],
    ['Bielorrusia', 'BLR'],
    ['Estado de Palestina', 'PSE'],
    ['Timor Oriental', 'TLS'],
    ['San Cristóbal y Nieves', 'KNA'],
    ['Suazilandia', 'SWZ'],
  ];
  it.each(cases)('%s -> %s', (name, code) => {
    const r = resolveState(name);
    expect(r.ok && r.state.code).toBe(code);
  });

  it('never offers the DRC for the Republic of the Congo', () => {
    expect(searchStates('Republic of Congo')[0]!.code).toBe('COG');
    for (const n of ['Republic of Congo', 'Republic of the Congo', 'Congo']) {
      const r = resolveState(n);
      expect(r.ok && r.state.code).toBe('COG');
    }
  });
});
