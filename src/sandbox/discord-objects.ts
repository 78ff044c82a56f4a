/**
 * Discord API objects (users, roles, members, channels, guilds) built from the world's records,
 * as the bot sees them in GUILD_CREATE, interactions and REST answers.
 */
import type { ChannelRecord, GuildRecord, MemberRecord, RoleRecord, UserRecord, World } from './world-store.js';

export function userObject(user: UserRecord): Record<string, unknown> {
  return {
    id: user.id,
    username: user.name,
    global_name: user.globalName,
    discriminator: user.bot ? '0001' : '0',
    avatar: null,
    avatar_decoration_data: null,
    banner: null,
    accent_color: null,
    public_flags: 0,
    flags: 0,
    ...(user.bot ? { bot: true } : {}),
    primary_guild: null,
    collectibles: null,
    display_name_styles: null,
  };
}

export function roleObject(role: RoleRecord): Record<string, unknown> {
  return {
    id: role.id,
    name: role.name,
    description: null,
    permissions: role.permissions.toString(),
    position: role.position,
    color: role.color,
    colors: { primary_color: role.color, secondary_color: null, tertiary_color: null },
    hoist: false,
    managed: role.managed,
    mentionable: role.mentionable,
    icon: null,
    unicode_emoji: null,
    flags: 0,
    ...(role.botId ? { tags: { bot_id: role.botId } } : {}),
  };
}

export function memberObject(world: World, member: MemberRecord, withUser = true): Record<string, unknown> {
  const user = world.userById(member.userId);
  return {
    ...(withUser && user ? { user: userObject(user) } : {}),
    nick: null,
    avatar: null,
    banner: null,
    roles: [...member.roleIds],
    joined_at: member.joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
    unusual_dm_activity_until: null,
  };
}

export function channelObject(world: World, channel: ChannelRecord): Record<string, unknown> {
  if (channel.guildId === null) {
    const user = channel.recipientId ? world.userById(channel.recipientId) : undefined;
    return {
      id: channel.id,
      type: channel.type,
      last_message_id: channel.lastMessageId,
      flags: 0,
      recipients: user ? [userObject(user)] : [],
    };
  }
  return {
    id: channel.id,
    type: channel.type,
    guild_id: channel.guildId,
    name: channel.name,
    position: channel.position,
    permission_overwrites: channel.overwrites.map((o) => ({
      id: o.id,
      type: o.type,
      allow: o.allow.toString(),
      deny: o.deny.toString(),
    })),
    parent_id: null,
    topic: channel.topic,
    nsfw: false,
    last_message_id: channel.lastMessageId,
    rate_limit_per_user: 0,
    flags: 0,
  };
}

/** The guild as REST `GET /guilds/{id}` returns it. */
export function guildObject(world: World, guild: GuildRecord): Record<string, unknown> {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    icon_hash: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: world.roles.filter((r) => r.guildId === guild.id).map((r) => roleObject(r)),
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    max_presences: null,
    max_members: 500000,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: guild.locale,
    public_updates_channel_id: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw_level: 0,
    nsfw: false,
    premium_progress_bar_enabled: false,
    safety_alerts_channel_id: null,
    incidents_data: null,
  };
}

/** What a gateway session asked for in IDENTIFY that shapes its GUILD_CREATE. */
export interface GuildCreateView {
  /** The session has the GUILD_PRESENCES intent. */
  presences: boolean;
  /** IDENTIFY's large_threshold (50 to 250). */
  largeThreshold: number;
}

/** The guild as the gateway's GUILD_CREATE carries it (with channels and members). */
export function guildCreateObject(world: World, guild: GuildRecord, view: GuildCreateView): Record<string, unknown> {
  const members = world.members.filter((m) => m.guildId === guild.id);
  const large = members.length > view.largeThreshold;
  // Without the presence intent Discord sends only the bot (and members in voice, which the
  // sandbox has none of); with it, a large guild sends only members who are online, have a role
  // or a nickname (the sandbox has no presences or nicknames, so: a role).
  const sent = members.filter(
    (m) => m.userId === world.bot.id || (view.presences && (!large || m.roleIds.length > 0)),
  );
  return {
    ...guildObject(world, guild),
    joined_at: guild.joinedAt,
    large,
    unavailable: false,
    member_count: members.length,
    voice_states: [],
    members: sent.map((m) => memberObject(world, m)),
    channels: world.channels.filter((c) => c.guildId === guild.id).map((c) => {
      const { guild_id: _omit, ...rest } = channelObject(world, c);
      return rest;
    }),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    lazy: true,
    application_command_counts: {},
    embedded_activities: [],
    activity_instances: [],
    version: Date.now(),
    hub_type: null,
    latest_onboarding_question_id: null,
    home_header: null,
  };
}

/** The application as GET /applications/@me returns it. */
export function applicationObject(world: World): Record<string, unknown> {
  const owner = world.users.find((u) => u.name === 'owner' && !u.bot) ?? world.bot;
  return {
    id: world.applicationId,
    name: world.bot.name,
    icon: null,
    description: 'UPR advocacy bot (local Discord sandbox)',
    summary: '',
    type: null,
    bot_public: false,
    bot_require_code_grant: false,
    verify_key: '0'.repeat(64),
    flags: 0,
    hook: true,
    is_monetized: false,
    is_verified: false,
    is_discoverable: false,
    integration_types_config: Object.fromEntries(world.installTypes.map((t) => [String(t), {}])),
    approximate_guild_count: world.guilds.length,
    owner: userObject(owner),
    team: null,
    bot: userObject(world.bot),
    tags: [],
    redirect_uris: [],
    interactions_endpoint_url: null,
    role_connections_verification_url: null,
  };
}
