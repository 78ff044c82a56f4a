/**
 * Discord's rules for the localizations of an application command (`name_localizations`,
 * `description_localizations` on the command, its options and their choices): keys must be
 * Discord locales, values follow the rules of the field they localize, and a localized option
 * name may clash neither with a sibling's default name nor with a sibling's name in that locale.
 * The size limit counts each field's longest localization; validation.ts adds that up. Also which
 * name a user's locale shows (Discord's documented fallbacks).
 */
import type { Issue } from './validation.js';

/**
 * The Locales table of Discord's reference. Discord's OpenAPI description also lists `ar` and
 * `he`, which its API accepts, so they are taken as well.
 */
export const DISCORD_LOCALES = [
  'id', 'da', 'de', 'en-GB', 'en-US', 'es-ES', 'es-419', 'fr', 'hr', 'it', 'lt', 'hu', 'nl', 'no', 'pl', 'pt-BR', 'ro',
  'fi', 'sv-SE', 'vi', 'tr', 'cs', 'el', 'bg', 'ru', 'uk', 'hi', 'th', 'zh-CN', 'ja', 'zh-TW', 'ko', 'ar', 'he',
] as const;

export type DiscordLocale = (typeof DISCORD_LOCALES)[number];

export const isDiscordLocale = (value: unknown): value is DiscordLocale => typeof value === 'string' && (DISCORD_LOCALES as readonly string[]).includes(value);

/** Where Discord's client looks when a command has no text for a user's locale (then the default). */
export const LOCALE_FALLBACKS: Readonly<Record<string, DiscordLocale>> = { 'en-US': 'en-GB', 'en-GB': 'en-US', 'es-419': 'es-ES' };

const CHAT_INPUT_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A localization dictionary as entries; null or missing is none. */
function entries(dict: unknown): [string, unknown][] {
  return isObj(dict) ? Object.entries(dict) : [];
}

const issue = (path: string, code: string, message: string): Issue => ({ path, code, message, source: 'limits' });

function keyIssues(dict: unknown, path: string): Issue[] {
  return entries(dict)
    .filter(([locale]) => !isDiscordLocale(locale))
    .map(([locale]) => issue(`${path}.${locale}`, 'BASE_TYPE_CHOICES', `"${locale}" is not a Discord locale (one of ${DISCORD_LOCALES.join(', ')})`));
}

function textIssues(dict: unknown, path: string, max: number, nameRules: boolean): Issue[] {
  const issues = keyIssues(dict, path);
  for (const [locale, value] of entries(dict)) {
    const p = `${path}.${locale}`;
    if (value === null) continue;
    if (typeof value !== 'string') {
      issues.push(issue(p, 'BASE_TYPE_STRING', 'Must be a string.'));
      continue;
    }
    if (value.length < 1) issues.push(issue(p, 'BASE_TYPE_MIN_LENGTH', 'Must be 1 or more in length.'));
    else if (value.length > max) issues.push(issue(p, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`));
    else if (nameRules && (!CHAT_INPUT_NAME.test(value) || value !== value.toLowerCase())) {
      issues.push(
        issue(p, 'APPLICATION_COMMAND_INVALID_NAME', `Localized name is invalid (lower-case letters, digits, - _ and ', 1 to 32 characters): ${JSON.stringify(value)}`),
      );
    }
  }
  return issues;
}

/** A localized name per locale, present values only. */
function localizedNames(item: Obj): Map<string, string> {
  return new Map(entries(item.name_localizations).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
}

/**
 * Options (or subcommands) at one level: a localized name must differ from every other option's
 * default name and from every other option's name in the same locale.
 */
function siblingIssues(options: Obj[], base: string): Issue[] {
  const issues: Issue[] = [];
  options.forEach((o, i) => {
    for (const [locale, name] of localizedNames(o)) {
      const clash = options.findIndex((other, j) => j !== i && (other.name === name || localizedNames(other).get(locale) === name));
      if (clash >= 0) {
        issues.push(
          issue(
            `${base}.${i}.name_localizations.${locale}`,
            'APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS',
            `Localized option name "${name}" (${locale}) is already the name of option ${clash}`,
          ),
        );
      }
    }
  });
  return issues;
}

function optionIssues(options: unknown, base: string, chatInput: boolean): Issue[] {
  if (!Array.isArray(options)) return [];
  const list = options.filter(isObj);
  const issues: Issue[] = siblingIssues(list, base);
  options.forEach((o, i) => {
    if (!isObj(o)) return;
    const p = `${base}.${i}`;
    issues.push(...textIssues(o.name_localizations, `${p}.name_localizations`, 32, chatInput));
    issues.push(...textIssues(o.description_localizations, `${p}.description_localizations`, 100, false));
    if (Array.isArray(o.choices)) {
      o.choices.forEach((c, j) => {
        if (isObj(c)) issues.push(...textIssues(c.name_localizations, `${p}.choices.${j}.name_localizations`, 100, false));
      });
    }
    issues.push(...optionIssues(o.options, `${p}.options`, chatInput));
  });
  return issues;
}

/** The localization issues of one command definition (a create, an edit, or one item of a bulk overwrite). */
export function localizationIssues(command: unknown, base = ''): Issue[] {
  if (!isObj(command)) return [];
  const b = base ? `${base}.` : '';
  const chatInput = (typeof command.type === 'number' ? command.type : 1) === 1;
  return [
    ...textIssues(command.name_localizations, `${b}name_localizations`, 32, chatInput),
    // User and message commands have no description, so nothing to localize.
    ...(chatInput
      ? textIssues(command.description_localizations, `${b}description_localizations`, 100, false)
      : entries(command.description_localizations).map(([locale]) =>
          issue(`${b}description_localizations.${locale}`, 'APPLICATION_COMMAND_INVALID_DESCRIPTION', 'User and message commands cannot have a description'),
        )),
    ...optionIssues(command.options, `${b}options`, chatInput),
  ];
}

/** Commands of one type in one scope: no two may show the same name in any locale. */
export function commandNameClashes(commands: unknown[]): Issue[] {
  const issues: Issue[] = [];
  const list = commands.map((c) => (isObj(c) ? c : {}));
  const typeOf = (c: Obj) => (typeof c.type === 'number' ? c.type : 1);
  list.forEach((c, i) => {
    for (const [locale, name] of localizedNames(c)) {
      const clash = list.findIndex((other, j) => j !== i && typeOf(other) === typeOf(c) && (other.name === name || localizedNames(other).get(locale) === name));
      if (clash >= 0) {
        issues.push(
          issue(`${i}.name_localizations.${locale}`, 'APPLICATION_COMMANDS_DUPLICATE_NAME', `Localized command name "${name}" (${locale}) is already the name of item ${clash}`),
        );
      }
    }
  });
  return issues;
}

/** The name a user in `locale` sees: the localization for the locale, its fallback's, or the default. */
export function shownName(item: { name: string; name_localizations?: unknown }, locale: string | undefined): string {
  if (!locale) return item.name;
  const names = isObj(item.name_localizations) ? item.name_localizations : {};
  const fallback = LOCALE_FALLBACKS[locale];
  const found = names[locale] ?? (fallback ? names[fallback] : undefined);
  return typeof found === 'string' && found !== '' ? found : item.name;
}
