// Which roles may serve as the coordinator role or the role reminders ping, and why not. Discord
// facts decide it: @everyone's id is the server's id and every member holds it; a managed role
// belongs to a bot or integration and cannot be handed to people; a role mention notifies only
// when the role is mentionable or the sender has Mention Everyone in that channel.
import { msg, type Message } from '../domain-error';
import { shownInline } from '../text/user-text';
import type { RoleValue } from './framework';

export type RoleUse = 'coordinator' | 'ping';

/** Null when the role may be used for this, else the private reply saying why not and what to pick. */
export function roleUseRefusal(role: RoleValue, use: RoleUse): Message | null {
  if (role.everyone) return msg(`settings:role.everyone.${use}`);
  if (role.managed) return msg(`settings:role.managed.${use}`, { role: shownInline(role.name) });
  return null;
}

/** Whether a mention of the role notifies its members when the bot posts it. */
export const pingNotifies = (role: Pick<RoleValue, 'mentionable'>, botCanMentionEveryone: boolean): boolean => role.mentionable || botCanMentionEveryone;

/** The private reply when reminders could not notify the role, saying how to fix it. */
export function pingRoleFix(role: RoleValue, channelId: string | null): Message {
  const name = shownInline(role.name);
  return channelId ? msg('settings:role.notMentionableIn', { role: name, channel: channelId }) : msg('settings:role.notMentionable', { role: name });
}
