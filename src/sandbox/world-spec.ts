/**
 * What callers write to describe a world (startSandbox({ world }), POST /_sandbox/world): the
 * guilds, channels, roles and users to add, the default world, and the zod schema a control
 * body is checked against.
 */
import { z } from 'zod';
import { DISCORD_LOCALES } from './localization-rules.js';

export interface ChannelSpec {
  /** Guild id or name; defaults to the first guild. */
  guild?: string;
  id?: string;
  name: string;
  /** Discord channel type; 0 (text) by default. */
  type?: number;
  topic?: string;
  /** false: the bot cannot see the channel (REST answers 403 50001 Missing Access). */
  botCanView?: boolean;
  /** false: the bot can see but not post (REST answers 403 50013 Missing Permissions). */
  botCanPost?: boolean;
}

export interface RoleSpec {
  /** Guild id or name; defaults to the first guild. */
  guild?: string;
  id?: string;
  name: string;
  /** A bitfield (number or decimal string) or permission names, e.g. ['ManageGuild']. */
  permissions?: string | number | string[];
  color?: number;
  /** Whether anyone may ping the role; false for a new role, as in Discord. */
  mentionable?: boolean;
}

/** The bot's own managed role: what it may do in a guild (or in every guild). */
export interface BotSpec {
  /** Guild id or name; omitted: every guild. */
  guild?: string;
  permissions: string | number | string[];
}

export interface UserSpec {
  id?: string;
  name: string;
  globalName?: string;
  /** Role names or ids, given in every guild that has such a role. */
  roles?: string[];
  /** The user's Discord locale (what their client shows and what interactions carry); en-US by default. */
  locale?: string;
}

export interface GuildSpec {
  id?: string;
  name: string;
  /** User id or name of the owner; defaults to the user named `owner` when there is one. */
  owner?: string;
  /** The server's preferred locale (Server Settings → Community); en-US by default. */
  locale?: string;
  /** Channels of this guild; when a new guild has none, it gets `advocacy` and `general`. */
  channels?: (string | Omit<ChannelSpec, 'guild'>)[];
  /** Roles of this guild; when omitted, a new guild gets `coordinator` and `manager` (Manage Server). */
  roles?: (string | Omit<RoleSpec, 'guild'>)[];
}

export interface MemberRoleSpec {
  guild?: string;
  user: string;
  role: string;
  /** true: take the role away instead. */
  remove?: boolean;
}

/** A change to a guild that exists, e.g. its preferred locale (connected bots get GUILD_UPDATE). */
export interface GuildUpdateSpec {
  /** Guild id or name; defaults to the first guild. */
  guild?: string;
  locale?: string;
}

/** Additions to a world (also the body of POST /_sandbox/world). */
export interface WorldAdditions {
  guilds?: GuildSpec[];
  channels?: ChannelSpec[];
  roles?: RoleSpec[];
  users?: UserSpec[];
  memberRoles?: MemberRoleSpec[];
  /** Changes the bot's permissions (its managed role). */
  bot?: BotSpec;
  /** Changes to existing guilds. */
  guildUpdates?: GuildUpdateSpec[];
}

export interface WorldSpec extends Required<Omit<WorldAdditions, 'bot' | 'guildUpdates'>> {
  /** The bot token the sandbox accepts (REST `Authorization: Bot <token>` and IDENTIFY). */
  token: string;
  botName: string;
  applicationId?: string;
  /**
   * Where the application may be installed (0 guild install, 1 user install), as set in the
   * Developer Portal; a command may declare only these in `integration_types`. Default [0].
   */
  installTypes?: number[];
  /**
   * false (default): the default world (guild "UPR Advocacy", users owner/admin/member, roles
   * coordinator/manager) plus what is given. true: only what is given.
   */
  bare: boolean;
}

export const DEFAULT_TOKEN = 'sandbox-token';

export const DEFAULT_GUILD_CHANNELS: Omit<ChannelSpec, 'guild'>[] = [
  { name: 'advocacy', topic: 'UPR advocacy: reviews, letters, reminders' },
  { name: 'general' },
];
export const DEFAULT_GUILD_ROLES: Omit<RoleSpec, 'guild'>[] = [
  { name: 'coordinator', color: 0x2e86c1 },
  { name: 'manager', permissions: ['ManageGuild'], color: 0xb9770e },
];

export function defaultWorldSpec(): WorldSpec {
  return {
    token: DEFAULT_TOKEN,
    botName: 'UPR Bot',
    bare: false,
    guilds: [{ name: 'UPR Advocacy', owner: 'owner' }],
    channels: [],
    roles: [],
    users: [{ name: 'owner' }, { name: 'admin', roles: ['manager'] }, { name: 'member' }],
    memberRoles: [],
  };
}

/** The default world with `partial` applied: lists add to the defaults unless `bare` is set. */
export function mergeWorldSpec(partial: Partial<WorldSpec> = {}): WorldSpec {
  const base = defaultWorldSpec();
  if (partial.bare) {
    return {
      ...base,
      ...partial,
      guilds: partial.guilds ?? [],
      channels: partial.channels ?? [],
      roles: partial.roles ?? [],
      users: partial.users ?? [],
      memberRoles: partial.memberRoles ?? [],
    };
  }
  return {
    token: partial.token ?? base.token,
    botName: partial.botName ?? base.botName,
    applicationId: partial.applicationId,
    installTypes: partial.installTypes,
    bare: false,
    guilds: [...base.guilds, ...(partial.guilds ?? [])],
    channels: [...base.channels, ...(partial.channels ?? [])],
    roles: [...base.roles, ...(partial.roles ?? [])],
    users: [...base.users, ...(partial.users ?? [])],
    memberRoles: [...base.memberRoles, ...(partial.memberRoles ?? [])],
  };
}


// ---------------------------------------------------------------------------------------------
// The body of POST /_sandbox/world, checked before anything changes
// ---------------------------------------------------------------------------------------------

const snowflake = z.string().regex(/^\d{15,21}$/, 'a snowflake id (15 to 21 digits)');
const name = z.string().min(1, 'a name');
const permissions = z.union([z.string(), z.number().int().nonnegative(), z.array(z.string())]);
const locale = z.enum(DISCORD_LOCALES, { error: `a Discord locale: ${DISCORD_LOCALES.join(', ')}` });

const channelInGuild = z.strictObject({
  id: snowflake.optional(),
  name,
  type: z.number().int().nonnegative().optional(),
  topic: z.string().optional(),
  botCanView: z.boolean().optional(),
  botCanPost: z.boolean().optional(),
});
const roleInGuild = z.strictObject({
  id: snowflake.optional(),
  name,
  permissions: permissions.optional(),
  color: z.number().int().nonnegative().optional(),
  mentionable: z.boolean().optional(),
});

export const worldAdditionsSchema = z.strictObject({
  guilds: z
    .array(
      z.strictObject({
        id: snowflake.optional(),
        name,
        owner: z.string().optional(),
        locale: locale.optional(),
        channels: z.array(z.union([name, channelInGuild])).optional(),
        roles: z.array(z.union([name, roleInGuild])).optional(),
      }),
    )
    .optional(),
  channels: z.array(channelInGuild.extend({ guild: z.string().optional() })).optional(),
  roles: z.array(roleInGuild.extend({ guild: z.string().optional() })).optional(),
  users: z
    .array(
      z.strictObject({
        id: snowflake.optional(),
        name,
        globalName: z.string().optional(),
        roles: z.array(z.string()).optional(),
        locale: locale.optional(),
      }),
    )
    .optional(),
  memberRoles: z
    .array(z.strictObject({ guild: z.string().optional(), user: z.string(), role: z.string(), remove: z.boolean().optional() }))
    .optional(),
  bot: z.strictObject({ guild: z.string().optional(), permissions }).optional(),
  guildUpdates: z.array(z.strictObject({ guild: z.string().optional(), locale: locale.optional() })).optional(),
}) satisfies z.ZodType<WorldAdditions>;
