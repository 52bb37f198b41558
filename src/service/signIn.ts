/**
 * Signing in, as the API and the pages both do it: the credentials checked, a refusal audited in
 * each account's partnership's trail (ADR 0021), and a success audited once the caller's session
 * has started, so that the trail never records a sign-in whose session failed to start.
 */
import type { AuditLog } from './audit.js';
import type { Principal } from './principal.js';
import type { StaffAccounts } from './staffAccounts.js';

export interface Credentials {
  readonly email: string;
  readonly password: string;
  /** The partnership to sign in to, when the email has accounts in several. */
  readonly partnershipId?: string | undefined;
}

export type SignInResult =
  | { readonly outcome: 'ok'; readonly principal: Principal; readonly name: string }
  | { readonly outcome: 'choose'; readonly partnerships: readonly { readonly id: string; readonly name: string }[] }
  | { readonly outcome: 'refused' };

export async function signInAudited(
  services: { readonly staff: StaffAccounts; readonly audit: AuditLog },
  credentials: Credentials,
  context: { readonly now: Date; readonly startSession: (principal: Principal) => Promise<void> },
): Promise<SignInResult> {
  const { staff, audit } = services;
  const { now } = context;
  const signedIn = await staff.signIn(credentials.email, credentials.password, credentials.partnershipId);
  if (signedIn.outcome === 'refused') {
    // In each account's partnership's trail, so that its auditor sees refused sign-ins.
    const subjects = signedIn.accounts.length === 0 ? [{ id: 'unknown', partnershipId: undefined }] : signedIn.accounts;
    for (const subject of subjects)
      await audit.record({
        at: now,
        principal: {
          id: 'anonymous',
          role: 'anonymous',
          ...(subject.partnershipId === undefined ? {} : { partnershipId: subject.partnershipId }),
        },
        action: 'session.sign-in',
        subjectType: 'user',
        subjectId: subject.id,
        outcome: 'denied',
      });
    return { outcome: 'refused' };
  }
  if (signedIn.outcome === 'choose') return signedIn;
  await context.startSession(signedIn.principal);
  await audit.record({
    at: now,
    principal: signedIn.principal,
    action: 'session.sign-in',
    subjectType: 'user',
    subjectId: signedIn.principal.id,
    outcome: 'ok',
  });
  return signedIn;
}
