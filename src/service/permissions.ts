/**
 * What each staff role may do, in one table (ADR 0010). Routes name the permission they need;
 * the service checks the permissions a route cannot see (recording minutes, withdrawing, which
 * cases a person may see). The procedure, not this table, decides which procedure role may take
 * each action on a case. Adding a role is a row here, an account in the seed, and the tests.
 */
import { STAFF_ROLES, type Principal, type StaffRole } from './principal.js';

export const PERMISSIONS = [
  /** Read the partnership's cases: their stage, deadlines, timeline and documents. */
  'read-case',
  /** Every case of the partnership, not only the cases of panels one sits on (table case_access). */
  'see-every-case',
  /** Act on a case at all (the procedure then decides who may take each action); see one's tasks. */
  'act-on-case',
  /** Record, on a case's behalf, that the complainant withdraws it. */
  'withdraw-case',
  'raise-case',
  /** Record a conference, or when its minutes were sent. */
  'record-conference',
  'import-conferences',
  'read-conferences',
  /** Be named as a conference's chair. */
  'chair-conferences',
  'read-people',
  'manage-people',
  'read-staff',
  'manage-staff',
  /** List and revoke the partnership's API tokens; create tokens for roles that do not read case content. */
  'manage-tokens',
  /** Reach the route that creates API tokens: what may be created is then manage-tokens' or the next's. */
  'create-tokens',
  /** Create API tokens for roles that read case content (ADR 0019): never an administrator, who does not read cases. */
  'create-case-reading-tokens',
  'read-audit',
  'manage-closure-days',
  'manage-receipt-rules',
  /** Set the partnership's letterhead, printed on every letter. */
  'manage-letterhead',
  'upload-documents',
  'read-documents',
  /** Every open deadline across the partnership's cases. */
  'read-all-deadlines',
  /** Correct or void any fact of a case, not only the facts one recorded oneself (ADR 0015). */
  'correct-any-record',
  /**
   * Record a step on behalf of the colleague who took it (ADR 0030): the procedure's rules are
   * asked of that colleague, never of the recorder; the record keeps both.
   */
  'record-for-others',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * The table. Administrators manage accounts and do not read cases; auditors read everything and
 * change nothing; panel members see only the cases of panels they sit on.
 */
export const ROLE_PERMISSIONS: Readonly<Record<StaffRole, readonly Permission[]>> = {
  administrator: [
    'read-people',
    'manage-people',
    'read-staff',
    'manage-staff',
    'manage-tokens',
    'create-tokens',
    'read-audit',
    'manage-closure-days',
    'manage-receipt-rules',
    'manage-letterhead',
  ],
  'complaints-manager': [
    'read-case',
    'see-every-case',
    'act-on-case',
    'withdraw-case',
    'raise-case',
    'record-conference',
    'import-conferences',
    'read-conferences',
    'read-people',
    'manage-people',
    'read-staff',
    'upload-documents',
    'read-documents',
    'read-all-deadlines',
    'correct-any-record',
    'record-for-others',
  ],
  'conference-chair': [
    'read-case',
    'see-every-case',
    'act-on-case',
    'withdraw-case',
    'raise-case',
    'record-conference',
    'read-conferences',
    'chair-conferences',
    'read-people',
    'read-staff',
    'upload-documents',
    'read-documents',
  ],
  'conference-service-manager': [
    'read-case',
    'see-every-case',
    'act-on-case',
    'withdraw-case',
    'raise-case',
    'record-conference',
    'import-conferences',
    'read-conferences',
    'read-people',
    'manage-people',
    'read-staff',
    'upload-documents',
    'read-documents',
    'read-all-deadlines',
  ],
  'senior-safeguarding-manager': [
    'read-case',
    'see-every-case',
    'act-on-case',
    'withdraw-case',
    'raise-case',
    'create-tokens',
    'create-case-reading-tokens',
    'read-conferences',
    'read-people',
    'read-staff',
    'upload-documents',
    'read-documents',
    'read-all-deadlines',
    'correct-any-record',
  ],
  'panel-coordinator': [
    'read-case',
    'see-every-case',
    'act-on-case',
    'withdraw-case',
    'read-conferences',
    'read-people',
    'manage-people',
    'read-staff',
    'upload-documents',
    'read-documents',
    'read-all-deadlines',
  ],
  'panel-member': ['read-case', 'act-on-case', 'read-documents'],
  'minute-taker': [
    'read-case',
    'see-every-case',
    'act-on-case',
    'withdraw-case',
    'record-conference',
    'read-conferences',
    'read-people',
    'upload-documents',
    'read-documents',
  ],
  auditor: [
    'read-case',
    'see-every-case',
    'read-conferences',
    'read-people',
    'read-staff',
    'read-audit',
    'read-documents',
    'read-all-deadlines',
  ],
};

const HELD = new Map<StaffRole, ReadonlySet<Permission>>(STAFF_ROLES.map((role) => [role, new Set(ROLE_PERMISSIONS[role])]));

/** Whether a role, or whoever is acting, holds a permission. */
export function may(who: StaffRole | Pick<Principal, 'role'>, permission: Permission): boolean {
  return HELD.get(typeof who === 'string' ? who : who.role)?.has(permission) === true;
}

/** May this person correct or void a fact recorded as taken by `byId`: their own, or anyone's with correct-any-record (ADR 0015)? */
export function mayCorrectRecordOf(principal: Pick<Principal, 'id' | 'role'>, byId: string): boolean {
  return byId === principal.id || may(principal, 'correct-any-record');
}

/** The roles holding a permission, in the table's order. */
export function rolesWith(permission: Permission): StaffRole[] {
  return [...HELD].filter(([, held]) => held.has(permission)).map(([role]) => role);
}

/** What reads the content of cases: their records, documents, and conferences (participants, category of abuse). */
const CASE_CONTENT: readonly Permission[] = ['read-case', 'read-documents', 'read-conferences'];

/** Whether a role reads case content: a token for it is created only by someone trusted to (ADR 0019). */
export function readsCaseContent(role: StaffRole): boolean {
  return CASE_CONTENT.some((permission) => may(role, permission));
}
