// Puts the commands' names and descriptions in other languages (src/i18n/commands/) into their
// JSON definitions as Discord's `name_localizations` / `description_localizations`, on the
// command, every subcommand and option, and every choice (name only). The interaction still
// carries the English names, so nothing else in the bot changes with the language.
import type { LocalizationMap, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { COMMAND_TEXTS, type CommandTexts } from '../i18n';

type Definition = RESTPostAPIChatInputApplicationCommandsJSONBody;

/** One part of a command a person reads: its path ("letter add to", "letter list status=due"). */
export interface CommandPart {
  path: string;
  kind: 'command' | 'option' | 'choice';
  name: string;
}

interface Node {
  name: string;
  value?: string | number;
  options?: Node[];
  choices?: Node[];
}

function parts(node: Node, path: string, kind: CommandPart['kind']): CommandPart[] {
  return [
    { path, kind, name: node.name },
    ...(node.options ?? []).flatMap((o) => parts(o, `${path} ${o.name}`, 'option')),
    ...(node.choices ?? []).flatMap((c) => parts(c, `${path}=${c.value}`, 'choice')),
  ];
}

/** Every localizable part of a definition, the command first, in definition order. */
export function commandParts(definition: Definition): CommandPart[] {
  return parts(definition as unknown as Node, definition.name, 'command');
}

function localize<T extends object>(node: T, path: string, byLocale: Readonly<Record<string, CommandTexts>>, withDescription: boolean): T {
  const names: LocalizationMap = {};
  const descriptions: LocalizationMap = {};
  for (const [locale, texts] of Object.entries(byLocale)) {
    const text = texts[path];
    if (!text) continue;
    names[locale as keyof LocalizationMap] = text.name;
    if (withDescription && text.description !== undefined) descriptions[locale as keyof LocalizationMap] = text.description;
  }
  const n = node as Node;
  return {
    ...node,
    ...(Object.keys(names).length > 0 ? { name_localizations: names } : {}),
    ...(Object.keys(descriptions).length > 0 ? { description_localizations: descriptions } : {}),
    ...(n.options ? { options: n.options.map((o) => localize(o, `${path} ${o.name}`, byLocale, true)) } : {}),
    ...(n.choices ? { choices: n.choices.map((c) => localize(c, `${path}=${c.value}`, byLocale, false)) } : {}),
  };
}

/** The definition with every text the language files hold for it; parts without one stay English only. */
export function localizeCommand(definition: Definition, texts: Readonly<Record<string, CommandTexts>> = COMMAND_TEXTS): Definition {
  return localize(definition, definition.name, texts, true);
}
