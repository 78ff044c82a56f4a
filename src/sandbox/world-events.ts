/**
 * Additions to the world, told to connected bots as Discord tells them: GUILD_CREATE for a new
 * guild, GUILD_UPDATE for a changed one, CHANNEL_CREATE/UPDATE, GUILD_ROLE_CREATE/UPDATE and
 * GUILD_MEMBER_UPDATE.
 */
import { channelObject, guildObject, memberObject, roleObject } from './discord-objects.js';
import { Intent } from './gateway.js';
import type { SandboxState } from './state.js';
import type { WorldAdditions } from './world-spec.js';

export function addToWorld(state: SandboxState, additions: WorldAdditions): void {
  const { world, gateway } = state;
  const changes = world.apply(additions);
  const newGuilds = new Set(changes.guilds.map((g) => g.id));
  for (const guild of changes.guilds) gateway.announceGuild(guild);
  for (const guild of changes.updatedGuilds) gateway.broadcast(guild.id, 'GUILD_UPDATE', guildObject(world, guild), Intent.Guilds);
  for (const channel of changes.channels) {
    if (channel.guildId && !newGuilds.has(channel.guildId)) {
      gateway.broadcast(channel.guildId, 'CHANNEL_CREATE', channelObject(world, channel), Intent.Guilds);
    }
  }
  for (const role of changes.roles) {
    if (!newGuilds.has(role.guildId)) {
      gateway.broadcast(role.guildId, 'GUILD_ROLE_CREATE', { guild_id: role.guildId, role: roleObject(role) }, Intent.Guilds);
    }
  }
  for (const channel of changes.updatedChannels) {
    if (channel.guildId) gateway.broadcast(channel.guildId, 'CHANNEL_UPDATE', channelObject(world, channel), Intent.Guilds);
  }
  for (const role of changes.updatedRoles) {
    gateway.broadcast(role.guildId, 'GUILD_ROLE_UPDATE', { guild_id: role.guildId, role: roleObject(role) }, Intent.Guilds);
  }
  for (const member of changes.members) {
    if (newGuilds.has(member.guildId)) continue;
    const isBot = member.userId === world.bot.id;
    gateway.broadcast(
      member.guildId,
      'GUILD_MEMBER_UPDATE',
      { guild_id: member.guildId, ...memberObject(world, member, true) },
      isBot ? undefined : Intent.GuildMembers,
    );
  }
}

