// The slash commands' names and descriptions beside English, one file per language under
// commands/, keyed by the command path: "letter", "letter add", "letter add to", and a choice by
// its value, "letter list status=due" (choices have a name only). English stays in the command
// modules; the Discord layer attaches these as Discord's `name_localizations` and
// `description_localizations`.
import es from './commands/es.json' with { type: 'json' };

export interface CommandText {
  name: string;
  /** Commands, subcommands and options; choices have none. */
  description?: string;
}

export type CommandTexts = Readonly<Record<string, CommandText>>;

/**
 * Discord locale -> texts. Discord's client shows `es-ES` texts to `es-419` users too (its
 * documented locale fallback), so one Spanish file serves Spain and Latin America.
 */
export const COMMAND_TEXTS: Readonly<Record<string, CommandTexts>> = { 'es-ES': es };

/**
 * A command as a reader of `lang` types it: "/letter add" reads "/carta agregar" in Spanish. Text
 * that is not a command of ours, or a part without a translation, stays as it is.
 */
export function commandIn(command: string, lang: 'en' | 'es'): string {
  if (lang === 'en') return command;
  const texts = COMMAND_TEXTS['es-ES']!;
  const m = /^\/([a-z-]+)(?: ([a-z-]+))?(.*)$/s.exec(command);
  if (!m) return command;
  const [, name = '', sub, rest = ''] = m;
  const top = texts[name]?.name ?? name;
  const second = sub ? (texts[`${name} ${sub}`]?.name ?? sub) : undefined;
  // The audit trail records a button's use as "/letter list (button)".
  return `/${top}${second ? ` ${second}` : ''}${rest === ' (button)' ? ' (botón)' : rest}`;
}
