// Who may change things: Manage Server, or the server's coordinator role. Checked at run time on
// every change, because server admins can override a command's default member permissions.
import type { T } from '../i18n';
import type { Access } from './framework';

export interface MemberAccess {
  /** Has Manage Server (or Administrator, which implies it). */
  manageGuild: boolean;
  roleIds: readonly string[];
}

/** Null when allowed, else the ephemeral refusal naming what is needed, in the reader's language. */
export function accessRefusal(access: Access, member: MemberAccess, coordinatorRoleId: string | null, t: T): string | null {
  if (access === 'read' || member.manageGuild) return null;
  if (access === 'admin') return t('common:access.admin');
  if (coordinatorRoleId && member.roleIds.includes(coordinatorRoleId)) return null;
  return coordinatorRoleId ? t('common:access.coordinator', { roleId: coordinatorRoleId }) : t('common:access.noCoordinator');
}
