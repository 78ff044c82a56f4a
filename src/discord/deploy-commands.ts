// Registers the slash command definitions in one guild (GUILD_ID) or globally, and only when they
// differ from what Discord already has: GET first (with the localization dictionaries, which a
// batch GET leaves out by default), compare normalised definitions, PUT if needed.
// `npm run deploy-commands` (src/cli/deploy-commands.ts) hands it the definitions; the sandbox and
// tests call deployCommands() the same way.
import { Routes, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';

export interface DeployRest {
  get(route: `/${string}`, options?: { query?: URLSearchParams }): Promise<unknown>;
  put(route: `/${string}`, options: { body: unknown }): Promise<unknown>;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * A localization dictionary in one shape: locales sorted, values equal to the default left out
 * (Discord ignores them), and none at all when empty or null.
 */
function localizations(dict: unknown, fallback: unknown): Record<string, Json> {
  if (typeof dict !== 'object' || dict === null) return {};
  const kept = Object.entries(dict as Record<string, unknown>)
    .filter(([, v]) => typeof v === 'string' && v !== fallback)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(kept) as Record<string, Json>;
}

/** `name_localizations` / `description_localizations` of an item, when it has any. */
function localized(o: Record<string, unknown>): Record<string, Json> {
  const names = localizations(o.name_localizations, o.name);
  const descriptions = localizations(o.description_localizations, o.description);
  return {
    ...(Object.keys(names).length ? { name_localizations: names } : {}),
    ...(Object.keys(descriptions).length ? { description_localizations: descriptions } : {}),
  };
}

function normOption(o: Record<string, unknown>): Json {
  const out: Record<string, Json> = {
    type: o.type as number,
    name: o.name as string,
    description: (o.description as string) ?? '',
    ...localized(o),
  };
  // Subcommands and groups have no "required"; Discord omits required: false.
  if (o.type !== 1 && o.type !== 2) out.required = Boolean(o.required);
  if (Array.isArray(o.choices) && o.choices.length) {
    out.choices = (o.choices as Array<Record<string, unknown>>).map((c) => ({ name: c.name as string, value: c.value as string | number, ...localized(c) }));
  }
  for (const k of ['min_value', 'max_value', 'min_length', 'max_length'] as const) if (o[k] !== undefined && o[k] !== null) out[k] = o[k] as number;
  if (o.autocomplete) out.autocomplete = true;
  if (Array.isArray(o.channel_types) && o.channel_types.length) out.channel_types = [...(o.channel_types as number[])].sort((a, b) => a - b);
  if (Array.isArray(o.options) && o.options.length) out.options = (o.options as Record<string, unknown>[]).map(normOption);
  return out;
}

/** The parts of a command definition that Discord stores, in one canonical shape. */
export function normaliseCommand(c: Record<string, unknown>): Json {
  const perms = c.default_member_permissions;
  const contexts = Array.isArray(c.contexts) ? [...(c.contexts as number[])].sort((a, b) => a - b) : null;
  // Discord fills in guild install when a command does not say.
  const integrationTypes = Array.isArray(c.integration_types) ? [...(c.integration_types as number[])].sort((a, b) => a - b) : [0];
  return {
    name: c.name as string,
    type: (c.type as number | undefined) ?? 1,
    description: (c.description as string) ?? '',
    ...localized(c),
    default_member_permissions: perms === undefined || perms === null ? null : String(perms),
    nsfw: Boolean(c.nsfw),
    contexts,
    integration_types: integrationTypes,
    options: Array.isArray(c.options) ? (c.options as Record<string, unknown>[]).map(normOption) : [],
  };
}

const canonical = (list: readonly Record<string, unknown>[]): string =>
  JSON.stringify(list.map(normaliseCommand).sort((a, b) => String((a as { name: string }).name).localeCompare(String((b as { name: string }).name))));

/** True when `remote` (from Discord) matches `local`. A remote without `contexts` is compared without them. */
export function sameDefinitions(local: readonly Record<string, unknown>[], remote: readonly Record<string, unknown>[]): boolean {
  const remoteHasContexts = remote.some((c) => Array.isArray(c.contexts));
  const strip = (l: readonly Record<string, unknown>[]) => (remoteHasContexts ? l : l.map(({ contexts: _c, ...rest }) => rest));
  return canonical(strip(local)) === canonical(strip(remote));
}

/** Registers the definitions when they changed; returns whether it sent them. */
export async function deployCommands(opts: {
  rest: DeployRest;
  applicationId: string;
  guildId?: string;
  definitions: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[];
}): Promise<boolean> {
  const route = opts.guildId ? Routes.applicationGuildCommands(opts.applicationId, opts.guildId) : Routes.applicationCommands(opts.applicationId);
  const current = (await opts.rest.get(route, { query: new URLSearchParams({ with_localizations: 'true' }) })) as Record<string, unknown>[];
  const local = opts.definitions as unknown as Record<string, unknown>[];
  if (Array.isArray(current) && sameDefinitions(local, current)) return false;
  await opts.rest.put(route, { body: opts.definitions });
  return true;
}
