/** Who is acting: a signed-in member of staff, or an integration's API token. */
import { PRODUCT_ROLES, type ProductRole } from '../core/procedures/schema.js';

/** The staff roles: every product role but the two parties outside the organisation. */
export const STAFF_ROLES = PRODUCT_ROLES.filter(
  (r): r is Exclude<ProductRole, 'complainant' | 'professional'> => r !== 'complainant' && r !== 'professional',
);
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface Principal {
  readonly kind: 'user' | 'token';
  /** The user's id, or `token:<id>` for an API token. */
  readonly id: string;
  readonly role: StaffRole;
  readonly partnershipId: string;
}

export function isStaffRole(value: string): value is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(value);
}

/** A staff account as stored, as the principal it signs in as: undefined if disabled or not a staff role. */
export function userPrincipal(user: {
  readonly id: string;
  readonly role: string;
  readonly partnership_id: string;
  readonly disabled: number;
}): Principal | undefined {
  if (user.disabled !== 0 || !isStaffRole(user.role)) return undefined;
  return { kind: 'user', id: user.id, role: user.role, partnershipId: user.partnership_id };
}
