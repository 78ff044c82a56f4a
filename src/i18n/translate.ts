// Translating catalog messages with i18next: plural forms from each language's rules (`key_one`,
// `key_other` with `count`), values put in by name, never sentences glued from pieces. Values
// that read differently per language are formatted here, in the message, so callers pass the
// facts (a state's code, a date) and the catalog decides how they read:
//   {{code, state}}     a state's name in the language        ("Germany" / "Alemania")
//   {{codes, states}}   several states, as a list             ("Chile, Peru and Spain")
//   {{when, day}}       a calendar day, in `zone` if given    ("3 Nov 2025" / "3 nov 2025")
//   {{items, list}}     strings as a list                     ("a, b and c" / "a, b y c")
//   {{codes, states(type: disjunction)}}, {{items, list(type: disjunction)}}: a choice ("Niger or Nigeria")
import i18next, { type i18n } from 'i18next';
import { DateTime } from 'luxon';
import { stateName } from '../states';
import { CATALOGS, NAMESPACES } from './catalog';
import { DEFAULT_LANG, LANGS, type Lang } from './languages';

/** A message in one language: a catalog key ("letter:added") and the values it names. */
export type T = (key: string, vars?: Record<string, unknown>) => string;

const LOCALE: Record<Lang, string> = { en: 'en-GB', es: 'es' };
// British English writes September "Sept"; the bot's English days have always read "3 Sep 2025".
const DAY_LOCALE: Record<Lang, string> = { en: 'en-US', es: 'es' };

type ListType = 'conjunction' | 'disjunction';
/** `{{items, list}}` joins with "and"; `{{items, list(type: disjunction)}}` with "or" (a choice). */
const listType = (options: unknown): ListType => ((options as { type?: unknown } | undefined)?.type === 'disjunction' ? 'disjunction' : 'conjunction');

const listOf = (items: readonly string[], lang: Lang, type: ListType = 'conjunction'): string =>
  new Intl.ListFormat(LOCALE[lang], { style: 'long', type }).format(items);

function asDate(value: unknown): DateTime | null {
  if (value instanceof Date) return DateTime.fromJSDate(value);
  if (typeof value === 'string') {
    const d = DateTime.fromISO(value, { zone: 'UTC' });
    return d.isValid ? d : null;
  }
  return null;
}

function createInstance(): i18n {
  const instance = i18next.createInstance();
  void instance.init({
    resources: Object.fromEntries(LANGS.map((lang) => [lang, CATALOGS[lang]])),
    ns: NAMESPACES,
    defaultNS: 'common',
    fallbackLng: DEFAULT_LANG,
    supportedLngs: [...LANGS],
    initAsync: false,
    // Replies are Discord markdown, not HTML: escaping is the callers' job (user text is escaped
    // where it is quoted).
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  } as Parameters<i18n['init']>[0]);
  const fmt = instance.services.formatter!;
  fmt.add('state', (value, lng) => stateName(String(value), lng as Lang));
  fmt.add('states', (value, lng, options) => listOf((value as readonly string[]).map((c) => stateName(c, lng as Lang)), lng as Lang, listType(options)));
  fmt.add('list', (value, lng, options) => listOf(value as readonly string[], lng as Lang, listType(options)));
  fmt.add('day', (value, lng, options) => {
    const d = asDate(value);
    if (!d) return String(value);
    const zone = typeof options?.zone === 'string' ? options.zone : 'UTC';
    return d.setZone(zone).setLocale(DAY_LOCALE[lng as Lang]).toFormat('d LLL yyyy').replace('.', '');
  });
  return instance;
}

const instance = createInstance();
const fixed = new Map<Lang, T>(LANGS.map((lang) => [lang, instance.getFixedT(lang) as unknown as T]));

/** The translator for a language. */
export function translator(lang: Lang): T {
  return fixed.get(lang)!;
}

/** Whether a key exists in the catalogs (for checks; a missing key shows as the key itself). */
export const hasKey = (key: string, lang: Lang = DEFAULT_LANG): boolean => instance.exists(key, { lng: lang, fallbackLng: false });
