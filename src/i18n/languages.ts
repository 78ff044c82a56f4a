// The languages the bot speaks, and which one a Discord locale reads. Discord sends each user's
// locale and the server's preferred locale with every interaction; Spanish covers Spain's
// `es-ES` and Latin America's `es-419`, anything else reads English.
export const LANGS = ['en', 'es'] as const;
export type Lang = (typeof LANGS)[number];

export const DEFAULT_LANG: Lang = 'en';

/** The language for a Discord locale ("es-419" -> "es"); English when unknown or missing. */
export function langOfLocale(locale: string | null | undefined): Lang {
  return locale?.toLowerCase().startsWith('es') ? 'es' : 'en';
}

export const isLang = (value: unknown): value is Lang => typeof value === 'string' && (LANGS as readonly string[]).includes(value);

/**
 * The language of a server's posts (reminders, digest, events, feed): its `/settings language`
 * when set, else its preferred locale as Discord reports it.
 */
export function postLanguage(setting: string | null | undefined, preferredLocale: string | null | undefined): Lang {
  return isLang(setting) ? setting : langOfLocale(preferredLocale);
}
