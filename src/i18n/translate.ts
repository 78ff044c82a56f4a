// Translating catalog messages with i18next: plural forms from each language's rules (`key_one`,
// `key_other` with `count`), values put in by name, never sentences glued from pieces. Values
// that read differently per language are formatted here, in the message, so callers pass the
// facts (a state's code, a date) and the catalog decides how they read:
//   {{code, state}}     a state's name in the language        ("Germany" / "Alemania")
//   {{codes, states}}   several states, as a list             ("Chile, Peru and Spain")
//   {{when, day}}       a calendar day, in `zone` if given    ("3 Nov 2025" / "3 nov 2025")
//   {{action, command}}  a slash command as the reader types it ("/letter add" / "/carta agregar")
//   {{items, list}}     strings as a list                     ("a, b and c" / "a, b y c")
//   {{items, semicolons}} items that hold commas themselves (labels), apart: "a; b; c"
// `states` and `list` take Intl.ListFormat's `type` and `style` ("{{codes, states(type: disjunction)}}"
// reads "Chile, Peru or Spain"), so each language's catalog chooses how its lists read; `day`
// takes a luxon `format` ("{{when, day(format: LLL)}}" is the month alone).
import i18next, { type i18n } from 'i18next';
import { DateTime } from 'luxon';
import { stateName } from '../states';
import { CATALOGS, NAMESPACES } from './catalog';
import { commandIn } from './command-texts';
import { DEFAULT_LANG, LANGS, type Lang } from './languages';

/** A message in one language: a catalog key ("letter:added") and the values it names. */
export type T = (key: string, vars?: Record<string, unknown>) => string;

const LOCALE: Record<Lang, string> = { en: 'en-GB', es: 'es' };
// Days read as the bot has always shown them in English ("3 Sep 2025", not en-GB's "3 Sept 2025").
const DAY_LOCALE: Record<Lang, string> = { en: 'en-US', es: 'es' };

type ListOptions = { type?: Intl.ListFormatType; style?: Intl.ListFormatStyle };
// Building an Intl formatter costs far more than using one: one per language and kind, kept.
const listFormats = new Map<string, Intl.ListFormat>();
function listOf(items: readonly string[], lang: Lang, o: ListOptions = {}): string {
  const options = { style: o.style ?? 'long', type: o.type ?? 'conjunction' } as const;
  const key = `${lang}|${options.style}|${options.type}`;
  let format = listFormats.get(key);
  if (!format) listFormats.set(key, (format = new Intl.ListFormat(LOCALE[lang], options)));
  return format.format(items);
}
const listOptions = (options: Record<string, unknown> | undefined): ListOptions => ({
  ...(typeof options?.type === 'string' ? { type: options.type as Intl.ListFormatType } : {}),
  ...(typeof options?.style === 'string' ? { style: options.style as Intl.ListFormatStyle } : {}),
});

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
  fmt.add('states', (value, lng, options) => listOf((value as readonly string[]).map((c) => stateName(c, lng as Lang)), lng as Lang, listOptions(options)));
  fmt.add('list', (value, lng, options) => listOf(value as readonly string[], lng as Lang, listOptions(options)));
  fmt.add('semicolons', (value) => (value as readonly string[]).join('; '));
  fmt.add('command', (value, lng) => commandIn(String(value), lng as Lang));
  fmt.add('day', (value, lng, options) => {
    const d = asDate(value);
    if (!d) return String(value);
    const zone = typeof options?.zone === 'string' ? options.zone : 'UTC';
    const format = typeof options?.format === 'string' ? options.format : 'd LLL yyyy';
    return d.setZone(zone).setLocale(DAY_LOCALE[lng as Lang]).toFormat(format).replace('.', '');
  });
  return instance;
}

const instance = createInstance();
// Not getFixedT: its translator copies all of i18next's options on every call, a third of the
// cost of a message (measured); naming the language per call gives the same translation.
const fixed = new Map<Lang, T>(LANGS.map((lang) => [lang, (key: string, vars?: Record<string, unknown>) => instance.t(key, { ...vars, lng: lang }) as string]));

/** The translator for a language. */
export function translator(lang: Lang): T {
  return fixed.get(lang)!;
}

/** Whether a key exists in the catalogs (for checks; a missing key shows as the key itself). */
export const hasKey = (key: string, lang: Lang = DEFAULT_LANG): boolean => instance.exists(key, { lng: lang, fallbackLng: false });
