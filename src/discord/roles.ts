// Which roles may serve as the coordinator role or the role reminders ping, and why not. Discord
// facts decide it: @everyone's id is the server's id and every member holds it; a managed role
// belongs to a bot or integration and cannot be handed to people; a role mention notifies only
// when the role is mentionable or the sender has Mention Everyone in that channel.
import { shownInline } from '../text/user-text';
import type { RoleValue } from './framework';

export type RoleUse = 'coordinator' | 'ping';

/** Null when the role may be used for this, else the private reply saying why not and what to pick. */
export function roleUseRefusal(role: RoleValue, use: RoleUse): string | null {
  const name = `**${shownInline(role.name)}**`;
  if (role.everyone) {
    return use === 'coordinator'
      ? 'The @\u200beveryone role cannot be the coordinator role: every member has it, so anyone could change everything. Pick a role you give to your coordinators.'
      : 'The @\u200beveryone role cannot be the ping role: every reminder would notify the whole server. Pick a role you give to the people who follow reviews.';
  }
  if (role.managed) {
    return `${name} is managed by a bot or an integration: it cannot be given to people by hand. Pick a role you give to your ${use === 'coordinator' ? 'coordinators' : 'members who follow reviews'}.`;
  }
  return null;
}

/** Whether a mention of the role notifies its members when the bot posts it. */
export const pingNotifies = (role: Pick<RoleValue, 'mentionable'>, botCanMentionEveryone: boolean): boolean => role.mentionable || botCanMentionEveryone;

/** The private reply when reminders could not notify the role, saying how to fix it. */
export function pingRoleFix(role: RoleValue, channelId: string | null): string {
  const where = channelId ? ` in <#${channelId}>` : '';
  return (
    `Reminders could not notify **${shownInline(role.name)}**: the role is not mentionable and the bot does not have **Mention Everyone**${where}. ` +
    `Either turn on "Allow anyone to @mention this role" (Server Settings → Roles → ${shownInline(role.name)}), or give the bot's role Mention Everyone${channelId ? ' in that channel' : ''}; then run this command again. Nothing was changed.`
  );
}
