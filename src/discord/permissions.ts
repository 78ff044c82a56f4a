// Who may change things: Manage Server, or the server's coordinator role. Checked at run time on
// every change, because server admins can override a command's default member permissions.
import type { Access } from './framework';

export interface MemberAccess {
  /** Has Manage Server (or Administrator, which implies it). */
  manageGuild: boolean;
  roleIds: readonly string[];
}

/** Null when allowed, else the ephemeral refusal naming what is needed. */
export function accessRefusal(access: Access, member: MemberAccess, coordinatorRoleId: string | null): string | null {
  if (access === 'read' || member.manageGuild) return null;
  if (access === 'admin') return 'Only members with the **Manage Server** permission can do this.';
  if (coordinatorRoleId && member.roleIds.includes(coordinatorRoleId)) return null;
  return coordinatorRoleId
    ? `You need the **Manage Server** permission or the <@&${coordinatorRoleId}> role to change things here.`
    : 'You need the **Manage Server** permission to change things here (a server admin can name a coordinator role with `/settings coordinator-role`).';
}
