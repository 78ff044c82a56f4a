/**
 * A member's permissions computed as Discord computes them: owner and Administrator get all;
 * otherwise @everyone and the member's roles, then the channel's overwrites (@everyone, roles,
 * the member), and no View Channel means nothing in that channel.
 */
import { ALL_PERMISSIONS, Permission } from './permissions.js';
import { ChannelType, type ChannelRecord, type World } from './world-store.js';

/** What cannot be done without sending messages, so no Send Messages denies it too. */
const NEEDS_SEND_MESSAGES = Permission.MentionEveryone | Permission.SendTTSMessages | Permission.AttachFiles | Permission.EmbedLinks;

const TEXT_CHANNELS: readonly number[] = [ChannelType.GuildText, ChannelType.GuildAnnouncement];

/** What a DM channel allows its two participants. */
const DM_PERMISSIONS =
  Permission.ViewChannel | Permission.SendMessages | Permission.ReadMessageHistory | Permission.EmbedLinks | Permission.AttachFiles;

export function basePermissions(world: World, guildId: string, userId: string): bigint {
  const guild = world.guildById(guildId);
  if (!guild) return 0n;
  if (guild.ownerId === userId) return ALL_PERMISSIONS;
  const member = world.member(guildId, userId);
  if (!member) return 0n;
  let bits = world.roleById(guildId)?.permissions ?? 0n;
  for (const roleId of member.roleIds) bits |= world.roleById(roleId)?.permissions ?? 0n;
  if ((bits & Permission.Administrator) !== 0n) return ALL_PERMISSIONS;
  return bits;
}

/** A member's permissions in a channel, with overwrites applied as Discord does. */
export function channelPermissions(world: World, channel: ChannelRecord, userId: string): bigint {
  if (channel.guildId === null) {
    return channel.recipientId === userId || userId === world.bot.id ? DM_PERMISSIONS : 0n;
  }
  let bits = basePermissions(world, channel.guildId, userId);
  if (bits === ALL_PERMISSIONS) return bits; // owner and Administrator: nothing is denied
  const member = world.member(channel.guildId, userId);
  const everyone = channel.overwrites.find((o) => o.id === channel.guildId);
  if (everyone) bits = (bits & ~everyone.deny) | everyone.allow;
  let allow = 0n;
  let deny = 0n;
  for (const o of channel.overwrites) {
    if (o.type === 0 && member?.roleIds.includes(o.id)) {
      allow |= o.allow;
      deny |= o.deny;
    }
  }
  bits = (bits & ~deny) | allow;
  const own = channel.overwrites.find((o) => o.type === 1 && o.id === userId);
  if (own) bits = (bits & ~own.deny) | own.allow;
  // Implicit denial: without View Channel nothing in the channel is allowed; in a text channel,
  // without Send Messages nothing that needs sending is.
  if ((bits & Permission.ViewChannel) === 0n) return 0n;
  if (TEXT_CHANNELS.includes(channel.type) && (bits & Permission.SendMessages) === 0n) bits &= ~NEEDS_SEND_MESSAGES;
  return bits;
}

