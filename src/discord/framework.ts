// A small typed command framework. A command module declares its subcommands with typed options
// (yuudachi-style: the handler's `values` are typed from the option list), who may run each one
// (`access`, checked by the router apart from the body, as Sapphire keeps preconditions apart), and
// its autocomplete; the router turns that into Discord's JSON definition and dispatches to it.
// Handlers return plain reply data; the router sends it (allowed mentions none, within limits).
import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  ApplicationCommandType,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type APIApplicationCommandOption,
  type APIApplicationCommandBasicOption,
} from 'discord.js';
import type { Clock } from '../clock';
import type { Lang, T } from '../i18n';
import type { Logger } from '../logging/logger';
import type { Services } from '../services';
import { localizeCommand } from './localizations';

/** read: every member; change: Manage Server or the coordinator role; admin: Manage Server. */
export type Access = 'read' | 'change' | 'admin';

export interface Choice {
  name: string;
  value: string | number;
}

export interface AttachmentValue {
  url: string;
  name: string;
  size: number;
  contentType: string | null;
}

/** A role picked in a role option, with what decides whether it may be used. */
export interface RoleValue {
  id: string;
  name: string;
  /** The server's @everyone role (its id is the server's id). */
  everyone: boolean;
  /** Managed by an integration or a bot: no one can be given or denied it by hand. */
  managed: boolean;
  /** Anyone may mention it, so a mention notifies its members. */
  mentionable: boolean;
}

/** What the bot can tell about the server it answers in (from discord.js's cache). */
export interface GuildView {
  /** Whether the bot holds Mention Everyone in a channel (the server-wide grant when null). */
  botCanMentionEveryone(channelId: string | null): boolean;
}

export interface BaseContext {
  guildId: string;
  userId: string;
  /** The member's display name at the time (recorded in the audit trail). */
  userName: string;
  services: Services;
  clock: Clock;
  logger: Logger;
  /** The reader's language (from their Discord locale) and its translator: every reply uses them. */
  lang: Lang;
  t: T;
  /** The server's preferred locale as Discord reports it (the default language of its posts). */
  guildLocale: string | null;
}

export interface CommandContext extends BaseContext {
  guild: GuildView;
  /** Downloads an attachment's bytes (bounded); injectable for tests. */
  fetchFile(url: string, maxBytes: number): Promise<Uint8Array>;
  /**
   * Defers a public reply from inside the handler, once its input has been checked: slow work
   * (drawing images) may follow, while refusals found before it stay private replies. Does
   * nothing when the subcommand already deferred.
   */
  defer(): Promise<void>;
}

export interface AutocompleteContext extends BaseContext {
  /** The other options typed so far (raw values). */
  options: Record<string, string | number | boolean | undefined>;
}

export type AutocompleteHandler = (ctx: AutocompleteContext, typed: string) => Promise<Choice[]>;

export interface Reply {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
  /** `description` is the file's alt text. */
  files?: Array<{ name: string; data: Buffer; description?: string }>;
  ephemeral?: boolean;
  /** For components: edit the message the component is on instead of replying. */
  update?: boolean;
  /** Addresses the bot itself put in `content` (never user text): left clickable by the reply guard. */
  ownLinks?: string[];
}

type OptKind = 'string' | 'integer' | 'boolean' | 'channel' | 'role' | 'attachment';

export interface Opt<T, R extends boolean = true> {
  readonly kind: OptKind;
  readonly description: string;
  readonly required: R;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly min?: number;
  readonly max?: number;
  readonly choices?: readonly Choice[];
  readonly channelTypes?: readonly ChannelType[];
  readonly autocomplete?: AutocompleteHandler;
  optional(): Opt<T, false>;
  /** Type carrier only. */
  readonly __value?: T;
}

type AnyOpt = Opt<unknown, boolean>;
export type OptionMap = Record<string, AnyOpt>;

type ValueOf<O> = O extends Opt<infer T, boolean> ? T : never;
type RequiredKeys<O extends OptionMap> = { [K in keyof O]: O[K] extends Opt<unknown, true> ? K : never }[keyof O];
type OptionalKeys<O extends OptionMap> = Exclude<keyof O, RequiredKeys<O>>;
export type Values<O extends OptionMap> = { [K in RequiredKeys<O>]: ValueOf<O[K]> } & { [K in OptionalKeys<O>]?: ValueOf<O[K]> | undefined };

function make<T>(kind: OptKind, description: string, extra: Partial<Omit<Opt<T>, 'kind' | 'description' | 'required' | 'optional'>> = {}): Opt<T, true> {
  const base = { kind, description, required: true as const, ...extra };
  return { ...base, optional: () => ({ ...base, required: false as const, optional() { return this; } }) as Opt<T, false> };
}

/** Option builders. Everything is required unless `.optional()`. */
export const opt = {
  string: <T extends string = string>(description: string, o: { max?: number; min?: number; choices?: readonly { name: string; value: T }[]; autocomplete?: AutocompleteHandler } = {}) =>
    make<T>('string', description, { maxLength: o.max, minLength: o.min, choices: o.choices, autocomplete: o.autocomplete }),
  integer: (description: string, o: { min?: number; max?: number; choices?: readonly { name: string; value: number }[]; autocomplete?: AutocompleteHandler } = {}) =>
    make<number>('integer', description, o),
  boolean: (description: string) => make<boolean>('boolean', description),
  channel: (description: string) => make<string>('channel', description, { channelTypes: [ChannelType.GuildText, ChannelType.GuildAnnouncement] }),
  role: (description: string) => make<RoleValue>('role', description),
  attachment: (description: string) => make<AttachmentValue>('attachment', description),
};

export interface SubcommandDef<O extends OptionMap = OptionMap> {
  description: string;
  options: O;
  access: Access;
  /**
   * Defer first (work that can exceed 3 s, such as imports). Whether the answer is public or
   * private is fixed when deferring, so it is chosen here: 'private' for a command whose refusals
   * must stay private; with 'public' an error afterwards becomes the public outcome.
   */
  defer?: 'public' | 'private';
  run(ctx: CommandContext, values: Values<O>): Promise<Reply>;
}

export interface ComponentDef {
  access: Access;
  /** `args` are the custom id's parts after "command:action"; `values` are a select menu's choices. */
  run(ctx: CommandContext, args: string[], values: string[]): Promise<Reply>;
}

export interface CommandModule {
  name: string;
  description: string;
  /**
   * Manage Server when every subcommand needs it, else none: Discord hides a command from members
   * without its default permissions, so a command with anything a coordinator or a member may
   * use must be visible to all, and access is checked at run time on every subcommand.
   */
  defaultMemberPermissions: bigint | null;
  subcommands: Record<string, SubcommandDef<OptionMap>>;
  components: Record<string, ComponentDef>;
  definition: RESTPostAPIChatInputApplicationCommandsJSONBody;
}

/** Infers a subcommand's option types for its handler. */
export const sub = <O extends OptionMap>(def: SubcommandDef<O>): SubcommandDef<O> => def;

const NAME = /^[-_a-z0-9]{1,32}$/;

function optionJson(name: string, o: AnyOpt): APIApplicationCommandBasicOption {
  if (!NAME.test(name)) throw new Error(`bad option name "${name}"`);
  const common = { name, description: o.description.slice(0, 100), required: o.required };
  switch (o.kind) {
    case 'string':
      return {
        ...common,
        type: ApplicationCommandOptionType.String,
        ...(o.maxLength !== undefined ? { max_length: o.maxLength } : {}),
        ...(o.minLength !== undefined ? { min_length: o.minLength } : {}),
        ...(o.choices ? { choices: o.choices.map((c) => ({ name: c.name, value: String(c.value) })) } : {}),
        ...(o.autocomplete ? { autocomplete: true } : {}),
      } as APIApplicationCommandBasicOption;
    case 'integer':
      return {
        ...common,
        type: ApplicationCommandOptionType.Integer,
        ...(o.min !== undefined ? { min_value: o.min } : {}),
        ...(o.max !== undefined ? { max_value: o.max } : {}),
        ...(o.choices ? { choices: o.choices.map((c) => ({ name: c.name, value: Number(c.value) })) } : {}),
        ...(o.autocomplete ? { autocomplete: true } : {}),
      } as APIApplicationCommandBasicOption;
    case 'boolean':
      return { ...common, type: ApplicationCommandOptionType.Boolean };
    case 'channel':
      return { ...common, type: ApplicationCommandOptionType.Channel, channel_types: [...(o.channelTypes ?? [])] as never };
    case 'role':
      return { ...common, type: ApplicationCommandOptionType.Role };
    case 'attachment':
      return { ...common, type: ApplicationCommandOptionType.Attachment };
  }
}

/**
 * Builds a command module and its JSON definition (required options first, as Discord requires),
 * with the names and descriptions of the other languages the bot speaks.
 */
export function command(def: {
  name: string;
  description: string;
  subcommands: Record<string, SubcommandDef<any>>;
  components?: Record<string, ComponentDef>;
}): CommandModule {
  const options: APIApplicationCommandOption[] = Object.entries(def.subcommands).map(([name, s]) => {
    if (!NAME.test(name)) throw new Error(`bad subcommand name "${name}"`);
    const entries = Object.entries(s.options as OptionMap);
    const sorted = [...entries.filter(([, o]) => o.required), ...entries.filter(([, o]) => !o.required)];
    if (sorted.length > 25) throw new Error(`${def.name} ${name}: more than 25 options`);
    return { type: ApplicationCommandOptionType.Subcommand, name, description: s.description.slice(0, 100), options: sorted.map(([n, o]) => optionJson(n, o)) };
  });
  const access = [...Object.values(def.subcommands).map((s) => s.access), ...Object.values(def.components ?? {}).map((c) => c.access)];
  const perms = access.length && access.every((a) => a === 'admin') ? PermissionFlagsBits.ManageGuild : null;
  return {
    name: def.name,
    description: def.description,
    defaultMemberPermissions: perms,
    subcommands: def.subcommands as Record<string, SubcommandDef<OptionMap>>,
    components: def.components ?? {},
    definition: localizeCommand({
      name: def.name,
      description: def.description.slice(0, 100),
      type: ApplicationCommandType.ChatInput,
      options,
      default_member_permissions: perms === null ? null : perms.toString(),
      // Installed in servers only and run in servers only, whatever the Developer Portal allows.
      integration_types: [ApplicationIntegrationType.GuildInstall],
      contexts: [InteractionContextType.Guild],
    }),
  };
}
