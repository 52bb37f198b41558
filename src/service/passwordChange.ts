/**
 * Changing one's own password, as the API and the pages both do it: the current password checked
 * and the new one set (StaffAccounts.changePassword); then the caller's session continues under a
 * new id, every other session of the account ends, and the change is audited. An attempt that
 * fails is audited as denied, and its error reaches the caller.
 */
import type { AuditLog } from './audit.js';
import type { Principal } from './principal.js';
import type { Sessions } from './sessions.js';
import type { StaffAccounts } from './staffAccounts.js';

export interface PasswordChange {
  readonly currentPassword: string;
  readonly newPassword: string;
}

export async function changePasswordAudited(
  services: { readonly staff: StaffAccounts; readonly audit: AuditLog; readonly sessions: Sessions },
  principal: Principal,
  passwords: PasswordChange,
  context: {
    readonly now: Date;
    /** Moves the caller's session to a new id, and gives that id: the one session of the account that continues. */
    readonly renewSession: () => Promise<string>;
  },
): Promise<void> {
  const { staff, audit, sessions } = services;
  const audited = (outcome: 'ok' | 'denied') =>
    audit.record({ at: context.now, principal, action: 'session.password-change', subjectType: 'user', subjectId: principal.id, outcome });
  try {
    await staff.changePassword(principal.id, passwords.currentPassword, passwords.newPassword);
  } catch (error) {
    await audited('denied');
    throw error;
  }
  await sessions.endOthers(principal.id, await context.renewSession());
  await audited('ok');
}
