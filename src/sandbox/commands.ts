/**
 * Application commands the bot registered (global and per guild), stored as Discord returns
 * them, so the sandbox can parse typed commands against exactly what the bot declared.
 */
import { shownName } from './localization-rules.js';
import type { SnowflakeGenerator } from './snowflake.js';

/** A localization dictionary: Discord locale -> text (null when sent as null). */
export type Localizations = Record<string, string> | null;

export interface CommandChoice {
  name: string;
  name_localizations?: Localizations;
  value: string | number;
}

export interface CommandOption {
  type: number;
  name: string;
  name_localizations?: Localizations;
  description?: string;
  description_localizations?: Localizations;
  required?: boolean;
  autocomplete?: boolean;
  choices?: CommandChoice[];
  options?: CommandOption[];
  channel_types?: number[];
  min_value?: number;
  max_value?: number;
  min_length?: number;
  max_length?: number;
}

export interface RegisteredCommand {
  id: string;
  application_id: string;
  version: string;
  type: number;
  name: string;
  name_localizations?: Localizations;
  description: string;
  description_localizations?: Localizations;
  guild_id?: string;
  options?: CommandOption[];
  default_member_permissions: string | null;
  dm_permission?: boolean;
  nsfw: boolean;
  integration_types: number[];
  contexts: number[] | null;
  [key: string]: unknown;
}

export const OptionType = {
  Subcommand: 1,
  SubcommandGroup: 2,
  String: 3,
  Integer: 4,
  Boolean: 5,
  User: 6,
  Channel: 7,
  Role: 8,
  Mentionable: 9,
  Number: 10,
  Attachment: 11,
} as const;

export class CommandRegistry {
  /** scope: 'global' or a guild id */
  private readonly scopes = new Map<string, RegisteredCommand[]>();

  constructor(
    private readonly applicationId: string,
    private readonly ids: SnowflakeGenerator,
  ) {}

  list(scope: string): RegisteredCommand[] {
    return this.scopes.get(scope) ?? [];
  }

  all(): { scope: string; commands: RegisteredCommand[] }[] {
    return [...this.scopes.entries()].map(([scope, commands]) => ({ scope, commands }));
  }

  /** PUT: replaces the scope's commands; a command keeps its id when its name is kept. */
  overwrite(scope: string, bodies: Record<string, unknown>[]): RegisteredCommand[] {
    const previous = this.list(scope);
    const next = bodies.map((body) => {
      const type = typeof body.type === 'number' ? body.type : 1;
      const old = previous.find((c) => c.name === body.name && c.type === type);
      return this.make(scope, body, old?.id);
    });
    this.scopes.set(scope, next);
    return next;
  }

  /** POST: creates, or replaces the command of the same name and type. */
  upsert(scope: string, body: Record<string, unknown>): { command: RegisteredCommand; created: boolean } {
    const list = [...this.list(scope)];
    const type = typeof body.type === 'number' ? body.type : 1;
    const index = list.findIndex((c) => c.name === body.name && c.type === type);
    const command = this.make(scope, body, index >= 0 ? list[index]?.id : undefined);
    if (index >= 0) list[index] = command;
    else list.push(command);
    this.scopes.set(scope, list);
    return { command, created: index < 0 };
  }

  get(scope: string, id: string): RegisteredCommand | undefined {
    return this.list(scope).find((c) => c.id === id);
  }

  patch(scope: string, id: string, body: Record<string, unknown>): RegisteredCommand | undefined {
    const list = [...this.list(scope)];
    const index = list.findIndex((c) => c.id === id);
    const old = list[index];
    if (!old) return undefined;
    const command = this.make(scope, { ...old, ...body }, id);
    list[index] = command;
    this.scopes.set(scope, list);
    return command;
  }

  remove(scope: string, id: string): boolean {
    const list = this.list(scope);
    const next = list.filter((c) => c.id !== id);
    this.scopes.set(scope, next);
    return next.length !== list.length;
  }

  /**
   * The chat-input command a user in `guildId` gets for a typed name: the name their `locale`
   * shows them, else the default name (guild commands first).
   */
  find(guildId: string | null, typed: string, locale?: string): RegisteredCommand | undefined {
    const visible = this.visible(guildId);
    return visible.find((c) => shownName(c, locale) === typed) ?? visible.find((c) => c.name === typed);
  }

  /** Every chat-input command visible in `guildId`. */
  visible(guildId: string | null): RegisteredCommand[] {
    const guild = guildId ? this.list(guildId) : [];
    const names = new Set(guild.map((c) => c.name));
    return [...guild, ...this.list('global').filter((c) => !names.has(c.name))].filter((c) => c.type === 1);
  }

  private make(scope: string, body: Record<string, unknown>, id?: string): RegisteredCommand {
    const type = typeof body.type === 'number' ? body.type : 1;
    const command: RegisteredCommand = {
      ...body,
      id: id ?? this.ids.next(),
      application_id: this.applicationId,
      version: this.ids.next(),
      type,
      name: String(body.name),
      description: typeof body.description === 'string' ? body.description : '',
      default_member_permissions:
        body.default_member_permissions === undefined || body.default_member_permissions === null
          ? null
          : String(body.default_member_permissions),
      nsfw: body.nsfw === true,
      integration_types: Array.isArray(body.integration_types) ? (body.integration_types as number[]) : [0],
      contexts: Array.isArray(body.contexts) ? (body.contexts as number[]) : null,
      ...(Array.isArray(body.options) ? { options: normalizeOptions(body.options as CommandOption[]) } : {}),
    };
    dropDefaults(command);
    if (scope !== 'global') command.guild_id = scope;
    else delete command.guild_id;
    return command;
  }
}

function normalizeOptions(options: CommandOption[]): CommandOption[] {
  return options.map((o) => {
    const copy: CommandOption = { ...o };
    if (Array.isArray(o.options)) copy.options = normalizeOptions(o.options);
    if (Array.isArray(o.choices)) copy.choices = o.choices.map((c) => dropDefaults({ ...c }));
    // Discord leaves `required` out of its answers when it is false.
    if (copy.required === false) delete copy.required;
    return dropDefaults(copy);
  });
}

interface Localized {
  name: string;
  name_localizations?: Localizations;
  description?: string;
  description_localizations?: Localizations;
}

/** Discord ignores a localized value identical to the default one. */
function dropDefaults<T extends Localized>(item: T): T {
  const keep = (dict: Localizations | undefined, value: string | undefined): Localizations | undefined =>
    dict ? Object.fromEntries(Object.entries(dict).filter(([, v]) => v !== value)) : dict;
  if (item.name_localizations) item.name_localizations = keep(item.name_localizations, item.name);
  if (item.description_localizations) item.description_localizations = keep(item.description_localizations, item.description);
  return item;
}

/**
 * A command as Discord's batch GET shows it without `with_localizations`: no dictionaries, but
 * `name_localized` / `description_localized` in the requester's locale where there is one.
 */
export function inRequesterLocale<T extends object>(item: T, locale: string): T {
  const { name_localizations: names, description_localizations: descriptions, options, choices, ...rest } = item as T & Localized & { options?: unknown[]; choices?: unknown[] };
  const name = names?.[locale];
  const description = descriptions?.[locale];
  return {
    ...rest,
    ...(name ? { name_localized: name } : {}),
    ...(description ? { description_localized: description } : {}),
    ...(options ? { options: options.map((o) => inRequesterLocale(o as object, locale)) } : {}),
    ...(choices ? { choices: choices.map((c) => inRequesterLocale(c as object, locale)) } : {}),
  } as T;
}
