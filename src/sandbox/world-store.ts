/**
 * The sandbox's world: guilds, channels, users, roles and who has which role, with lookups by
 * id or name and additions (the records the Discord objects are built from).
 */
import { ControlError } from './errors.js';
import { BOT_ROLE_DEFAULT, EVERYONE_DEFAULT, Permission, parsePermissions } from './permissions.js';
import type { SnowflakeGenerator } from './snowflake.js';
import {
  DEFAULT_GUILD_CHANNELS,
  DEFAULT_GUILD_ROLES,
  type BotSpec,
  type ChannelSpec,
  type GuildSpec,
  type RoleSpec,
  type UserSpec,
  type WorldAdditions,
  type WorldSpec,
} from './world-spec.js';

export const ChannelType = { GuildText: 0, DM: 1, GuildVoice: 2, GuildCategory: 4, GuildAnnouncement: 5 } as const;

export interface UserRecord {
  id: string;
  name: string;
  globalName: string | null;
  bot: boolean;
  locale: string;
}

export interface GuildRecord {
  id: string;
  name: string;
  ownerId: string;
  locale: string;
  joinedAt: string;
  botRoleId: string;
}

export interface Overwrite {
  id: string;
  type: 0 | 1; // 0 role, 1 member
  allow: bigint;
  deny: bigint;
}

export interface ChannelRecord {
  id: string;
  guildId: string | null;
  name: string;
  type: number;
  topic: string | null;
  position: number;
  botCanView: boolean;
  botCanPost: boolean;
  overwrites: Overwrite[];
  lastMessageId: string | null;
  /** DM channels: the other user. */
  recipientId?: string;
}

export interface RoleRecord {
  id: string;
  guildId: string;
  name: string;
  permissions: bigint;
  position: number;
  color: number;
  managed: boolean;
  /** Whether anyone may ping it (otherwise only members with Mention Everyone). */
  mentionable: boolean;
  botId?: string;
}

export interface MemberRecord {
  guildId: string;
  userId: string;
  roleIds: string[];
  joinedAt: string;
}

/** What changed in one `apply`, so the gateway can tell connected bots. */
export interface WorldChanges {
  guilds: GuildRecord[];
  channels: ChannelRecord[];
  roles: RoleRecord[];
  members: MemberRecord[];
  /** Existing channels and roles whose settings changed. */
  updatedChannels: ChannelRecord[];
  updatedRoles: RoleRecord[];
  /** Existing guilds whose settings changed. */
  updatedGuilds: GuildRecord[];
}

const NAME_OF_REF = /^(?:<[@#]?[!&]?(\d+)>|[@#]?(.+))$/;

function refToKey(ref: string): { id?: string; name: string } {
  const m = NAME_OF_REF.exec(ref.trim());
  if (m?.[1]) return { id: m[1], name: m[1] };
  const name = (m?.[2] ?? ref).trim();
  return { id: /^\d{15,21}$/.test(name) ? name : undefined, name };
}

/** A record by id (among `all`), else by exact name, else by name in any case (among `named`). */
function byRef<T extends { id: string; name: string }>(all: T[], named: T[], ref: string): T | undefined {
  const { id, name } = refToKey(ref);
  const lower = name.toLowerCase();
  return (
    (id ? all.find((r) => r.id === id) : undefined) ??
    named.find((r) => r.name === name) ??
    named.find((r) => r.name.toLowerCase() === lower)
  );
}

export class World {
  readonly token: string;
  readonly applicationId: string;
  /** Where the application may be installed (0 guild, 1 user). */
  readonly installTypes: readonly number[];
  readonly bot: UserRecord;
  readonly guilds: GuildRecord[] = [];
  readonly channels: ChannelRecord[] = [];
  readonly users: UserRecord[] = [];
  readonly roles: RoleRecord[] = [];
  readonly members: MemberRecord[] = [];

  constructor(
    spec: WorldSpec,
    private readonly ids: SnowflakeGenerator,
  ) {
    this.token = spec.token;
    this.applicationId = spec.applicationId ?? ids.next();
    this.installTypes = spec.installTypes ?? [0];
    // Discord bots made since 2020 have user id == application id.
    this.bot = { id: this.applicationId, name: spec.botName, globalName: null, bot: true, locale: 'en-US' };
    this.users.push(this.bot);
    this.apply(spec);
  }

  // ------------------------------------------------------------------ lookups

  guild(ref?: string): GuildRecord {
    if (ref === undefined || ref === '') {
      const first = this.guilds[0];
      if (!first) throw new ControlError(404, 'the world has no guild');
      return first;
    }
    const found = byRef(this.guilds, this.guilds, ref);
    if (!found) throw new ControlError(404, `unknown guild "${ref}"`);
    return found;
  }

  guildById(id: string): GuildRecord | undefined {
    return this.guilds.find((g) => g.id === id);
  }

  /** A channel by id (any guild) or by name/#name in `guildId`; default: advocacy, then the first text channel. */
  channel(guildId: string | undefined, ref?: string): ChannelRecord {
    const inGuild = this.channels.filter((c) => guildId === undefined || c.guildId === guildId);
    if (ref === undefined || ref === '') {
      const found =
        inGuild.find((c) => c.name === 'advocacy' && c.type === ChannelType.GuildText) ??
        inGuild.find((c) => c.type === ChannelType.GuildText);
      if (!found) throw new ControlError(404, 'the guild has no text channel');
      return found;
    }
    const found = byRef(this.channels, inGuild, ref);
    if (!found) throw new ControlError(404, `unknown channel "${ref}"`);
    return found;
  }

  channelById(id: string): ChannelRecord | undefined {
    return this.channels.find((c) => c.id === id);
  }

  /** A user by id, @name, <@id> or name; default: admin, then the first user who is not a bot. */
  user(ref?: string): UserRecord {
    if (ref === undefined || ref === '') {
      const found = this.users.find((u) => u.name === 'admin' && !u.bot) ?? this.users.find((u) => !u.bot);
      if (!found) throw new ControlError(404, 'the world has no user');
      return found;
    }
    const found = byRef(this.users, this.users, ref) ?? this.users.find((u) => u.globalName === refToKey(ref).name);
    if (!found) throw new ControlError(404, `unknown user "${ref}"`);
    return found;
  }

  userById(id: string): UserRecord | undefined {
    return this.users.find((u) => u.id === id);
  }

  role(guildId: string, ref: string): RoleRecord {
    const inGuild = this.roles.filter((r) => r.guildId === guildId);
    const found = byRef(inGuild, inGuild, ref.replace(/^<@&/, '<@'));
    if (!found) throw new ControlError(404, `unknown role "${ref}"`);
    return found;
  }

  roleById(id: string): RoleRecord | undefined {
    return this.roles.find((r) => r.id === id);
  }

  member(guildId: string, userId: string): MemberRecord | undefined {
    return this.members.find((m) => m.guildId === guildId && m.userId === userId);
  }

  /** Guilds a gateway shard [id, count] receives. */
  guildsForShard(shardId: number, shardCount: number): GuildRecord[] {
    return this.guilds.filter((g) => shardOf(g.id, shardCount) === shardId);
  }

  // ------------------------------------------------------------------ changes

  /** Adds guilds, channels, roles, users and member roles; returns what was created. */
  apply(add: WorldAdditions): WorldChanges {
    const changes: WorldChanges = { guilds: [], channels: [], roles: [], members: [], updatedChannels: [], updatedRoles: [], updatedGuilds: [] };
    const newGuildIds = new Set<string>();
    const guildsWithChannels = new Set<string>();

    for (const spec of add.users ?? []) this.addUser(spec);

    for (const spec of add.guilds ?? []) {
      const guild = this.addGuild(spec, changes);
      newGuildIds.add(guild.id);
      if (spec.channels && spec.channels.length > 0) guildsWithChannels.add(guild.id);
      for (const c of spec.channels ?? []) this.addChannel({ ...(typeof c === 'string' ? { name: c } : c), guild: guild.id }, changes);
      const roles = spec.roles ?? DEFAULT_GUILD_ROLES;
      for (const r of roles) this.addRole({ ...(typeof r === 'string' ? { name: r } : r), guild: guild.id }, changes);
    }
    // A new guild without its own channel list gets the default channels first.
    for (const guildId of newGuildIds) {
      if (guildsWithChannels.has(guildId)) continue;
      for (const c of DEFAULT_GUILD_CHANNELS) this.addChannel({ ...c, guild: guildId }, changes);
    }
    for (const spec of add.channels ?? []) this.addChannel(spec, changes);
    for (const spec of add.roles ?? []) this.addRole(spec, changes);

    // Membership: every user is in every guild.
    for (const guild of this.guilds) {
      for (const user of this.users) {
        if (!this.member(guild.id, user.id)) {
          const member: MemberRecord = {
            guildId: guild.id,
            userId: user.id,
            roleIds: user.bot && user.id === this.bot.id ? [guild.botRoleId] : [],
            joinedAt: new Date().toISOString(),
          };
          this.members.push(member);
          changes.members.push(member);
        }
      }
    }
    // Roles named in user specs.
    for (const spec of add.users ?? []) {
      const user = this.user(spec.id ?? spec.name);
      for (const roleRef of spec.roles ?? []) {
        let given = false;
        for (const guild of this.guilds) {
          const role = this.roles.find((r) => r.guildId === guild.id && (r.id === roleRef || r.name === roleRef));
          if (!role) continue;
          const member = this.member(guild.id, user.id);
          if (member && !member.roleIds.includes(role.id)) {
            member.roleIds.push(role.id);
            if (!changes.members.includes(member)) changes.members.push(member);
          }
          given = true;
        }
        if (!given) throw new ControlError(400, `user "${spec.name}": no guild has a role "${roleRef}"`);
      }
    }
    for (const spec of add.memberRoles ?? []) {
      const guild = this.guild(spec.guild);
      const user = this.user(spec.user);
      const role = this.role(guild.id, spec.role);
      const member = this.member(guild.id, user.id);
      if (!member) throw new ControlError(404, `user "${spec.user}" is not a member of "${guild.name}"`);
      if (spec.remove) member.roleIds = member.roleIds.filter((id) => id !== role.id);
      else if (!member.roleIds.includes(role.id)) member.roleIds.push(role.id);
      if (!changes.members.includes(member)) changes.members.push(member);
    }
    if (add.bot) this.setBotPermissions(add.bot, changes);
    for (const spec of add.guildUpdates ?? []) {
      const guild = this.guild(spec.guild);
      if (spec.locale !== undefined) guild.locale = spec.locale;
      if (!changes.guilds.includes(guild) && !changes.updatedGuilds.includes(guild)) changes.updatedGuilds.push(guild);
    }
    return changes;
  }

  /** The bot's managed role in one guild (or all): what the bot was granted when invited. */
  private setBotPermissions(spec: BotSpec, changes: WorldChanges): void {
    let permissions: bigint;
    try {
      permissions = parsePermissions(spec.permissions);
    } catch (e) {
      throw new ControlError(400, (e as Error).message);
    }
    const guilds = spec.guild === undefined ? this.guilds : [this.guild(spec.guild)];
    for (const guild of guilds) {
      const role = this.roleById(guild.botRoleId);
      if (!role) continue;
      role.permissions = permissions;
      if (!changes.roles.includes(role) && !changes.updatedRoles.includes(role)) changes.updatedRoles.push(role);
    }
  }

  private addUser(spec: UserSpec): UserRecord {
    if (!spec.name) throw new ControlError(400, 'a user needs a name');
    const existing = this.users.find((u) => (spec.id && u.id === spec.id) || u.name === spec.name);
    if (existing) return existing;
    const user: UserRecord = {
      id: spec.id ?? this.ids.next(),
      name: spec.name,
      globalName: spec.globalName ?? null,
      bot: false,
      locale: spec.locale ?? 'en-US',
    };
    this.users.push(user);
    return user;
  }

  private addGuild(spec: GuildSpec, changes: WorldChanges): GuildRecord {
    if (!spec.name) throw new ControlError(400, 'a guild needs a name');
    if (spec.id && this.guildById(spec.id)) throw new ControlError(409, `guild ${spec.id} exists`);
    const id = spec.id ?? this.ids.next();
    let ownerId: string;
    if (spec.owner) ownerId = this.user(spec.owner).id;
    else ownerId = this.users.find((u) => u.name === 'owner')?.id ?? this.ids.next();
    const guild: GuildRecord = {
      id,
      name: spec.name,
      ownerId,
      locale: spec.locale ?? 'en-US',
      joinedAt: new Date().toISOString(),
      botRoleId: this.ids.next(),
    };
    this.guilds.push(guild);
    changes.guilds.push(guild);
    const everyone: RoleRecord = {
      id,
      guildId: id,
      name: '@everyone',
      permissions: EVERYONE_DEFAULT,
      position: 0,
      color: 0,
      managed: false,
      mentionable: false,
    };
    const botRole: RoleRecord = {
      id: guild.botRoleId,
      guildId: id,
      name: this.bot.name,
      permissions: BOT_ROLE_DEFAULT,
      position: 1,
      color: 0,
      managed: true,
      mentionable: false,
      botId: this.bot.id,
    };
    this.roles.push(everyone, botRole);
    return guild;
  }

  private addChannel(spec: ChannelSpec, changes: WorldChanges): ChannelRecord {
    if (!spec.name) throw new ControlError(400, 'a channel needs a name');
    const guild = this.guild(spec.guild);
    const existing = this.channels.find((c) => c.guildId === guild.id && c.name === spec.name);
    if (existing) {
      // Re-adding a channel updates what the bot may do there.
      if (spec.botCanView !== undefined) existing.botCanView = spec.botCanView;
      if (spec.botCanPost !== undefined) existing.botCanPost = spec.botCanPost;
      if (spec.topic !== undefined) existing.topic = spec.topic;
      existing.overwrites = this.botOverwrites(existing.botCanView, existing.botCanPost);
      if (!changes.channels.includes(existing) && !changes.updatedChannels.includes(existing)) changes.updatedChannels.push(existing);
      return existing;
    }
    const botCanView = spec.botCanView ?? true;
    const botCanPost = spec.botCanPost ?? true;
    const channel: ChannelRecord = {
      id: spec.id ?? this.ids.next(),
      guildId: guild.id,
      name: spec.name,
      type: spec.type ?? ChannelType.GuildText,
      topic: spec.topic ?? null,
      position: this.channels.filter((c) => c.guildId === guild.id).length,
      botCanView,
      botCanPost,
      overwrites: this.botOverwrites(botCanView, botCanPost),
      lastMessageId: null,
    };
    this.channels.push(channel);
    changes.channels.push(channel);
    return channel;
  }

  private botOverwrites(canView: boolean, canPost: boolean): Overwrite[] {
    if (canView && canPost) return [];
    const deny = (canView ? 0n : Permission.ViewChannel) | (canPost ? 0n : Permission.SendMessages);
    return [{ id: this.bot.id, type: 1, allow: 0n, deny }];
  }

  private addRole(spec: RoleSpec, changes: WorldChanges): RoleRecord {
    if (!spec.name) throw new ControlError(400, 'a role needs a name');
    const guild = this.guild(spec.guild);
    const existing = this.roles.find((r) => r.guildId === guild.id && r.name === spec.name);
    let permissions: bigint;
    try {
      permissions = parsePermissions(spec.permissions);
    } catch (e) {
      throw new ControlError(400, (e as Error).message);
    }
    if (existing) {
      if (spec.permissions !== undefined) existing.permissions = permissions;
      if (spec.color !== undefined) existing.color = spec.color;
      if (spec.mentionable !== undefined) existing.mentionable = spec.mentionable;
      if (!changes.roles.includes(existing) && !changes.updatedRoles.includes(existing)) changes.updatedRoles.push(existing);
      return existing;
    }
    const role: RoleRecord = {
      id: spec.id ?? this.ids.next(),
      guildId: guild.id,
      name: spec.name,
      permissions,
      position: this.roles.filter((r) => r.guildId === guild.id).length,
      color: spec.color ?? 0,
      managed: false,
      mentionable: spec.mentionable ?? false,
    };
    this.roles.push(role);
    changes.roles.push(role);
    return role;
  }

  /** A DM channel between the bot and a user (created on first use). */
  dmChannel(userId: string): ChannelRecord {
    const existing = this.channels.find((c) => c.type === ChannelType.DM && c.recipientId === userId);
    if (existing) return existing;
    const user = this.userById(userId);
    const channel: ChannelRecord = {
      id: this.ids.next(),
      guildId: null,
      name: `@${user?.name ?? userId}`,
      type: ChannelType.DM,
      topic: null,
      position: 0,
      botCanView: true,
      botCanPost: true,
      overwrites: [],
      lastMessageId: null,
      recipientId: userId,
    };
    this.channels.push(channel);
    return channel;
  }

  /** A plain summary for the control API (GET /_sandbox/world). */
  summary(): Record<string, unknown> {
    return {
      application: { id: this.applicationId },
      bot: { id: this.bot.id, name: this.bot.name },
      guilds: this.guilds.map((g) => ({
        id: g.id,
        name: g.name,
        ownerId: g.ownerId,
        locale: g.locale,
        channels: this.channels
          .filter((c) => c.guildId === g.id)
          .map((c) => ({ id: c.id, name: c.name, type: c.type, botCanView: c.botCanView, botCanPost: c.botCanPost })),
        roles: this.roles
          .filter((r) => r.guildId === g.id)
          .map((r) => ({ id: r.id, name: r.name, permissions: r.permissions.toString(), managed: r.managed, mentionable: r.mentionable })),
        members: this.members
          .filter((m) => m.guildId === g.id)
          .map((m) => ({
            user: m.userId,
            name: this.userById(m.userId)?.name,
            roles: m.roleIds.map((id) => this.roles.find((r) => r.id === id)?.name ?? id),
          })),
      })),
      users: this.users.map((u) => ({ id: u.id, name: u.name, bot: u.bot, locale: u.locale })),
      dms: this.channels.filter((c) => c.guildId === null).map((c) => ({ id: c.id, name: c.name, user: c.recipientId })),
    };
  }
}

/** The shard a guild belongs to: (guild_id >> 22) % shard_count. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}
