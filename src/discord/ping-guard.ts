// Reminders mention the ping role only when the mention will notify: Discord notifies a role only
// when it is mentionable or the bot has Mention Everyone in the channel. Checked at post time,
// because either can change after /settings ping-role accepted the role.
import { PermissionFlagsBits, type Client } from 'discord.js';
import type { MessagePoster, OutgoingMessage } from '../scheduler/poster';

/** The message without the role mentions that would notify nobody (pure). */
export function withoutSilentPings(message: OutgoingMessage, notifies: (roleId: string) => boolean): OutgoingMessage {
  const silent = message.allowedMentions.roles.filter((id) => !notifies(id));
  if (!silent.length) return message;
  let content = message.content;
  for (const id of silent) content = content.split(`<@&${id}>`).join('');
  content = content.replace(/^[ \t]*\n/, '').replace(/ {2,}/g, ' ');
  return { ...message, content, allowedMentions: { ...message.allowedMentions, roles: message.allowedMentions.roles.filter((id) => !silent.includes(id)) } };
}

/** Whether a mention of the role posted by the bot in the channel notifies the role's members (from the client's cache). */
export function roleMentionNotifies(client: Client, channelId: string, roleId: string): boolean {
  const channel = client.channels.cache.get(channelId);
  if (!channel || !('guild' in channel) || !channel.guild) return false;
  const role = channel.guild.roles.cache.get(roleId);
  if (!role) return false;
  if (role.mentionable) return true;
  const me = channel.guild.members.me;
  return Boolean(me && 'permissionsFor' in channel && channel.permissionsFor(me)?.has(PermissionFlagsBits.MentionEveryone));
}

/** A poster that drops silent role mentions before posting. */
export function guardRolePings(poster: MessagePoster, notifies: (channelId: string, roleId: string) => boolean): MessagePoster {
  return {
    post: (channelId, message) => poster.post(channelId, withoutSilentPings(message, (roleId) => notifies(channelId, roleId))),
  };
}
