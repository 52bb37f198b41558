/**
 * The agencies directory (ADR 0033): for each kind of agency a partnership's people carry, how
 * the agency is known locally and where complaints about its own service go. A complaint about an
 * agency's own service is not a challenge to the conference; the raise flow names the agency's
 * complaints contact beside the procedure's redirection clause. Every write is audited; a change
 * is made against the version it was read at, so two administrators cannot overwrite each other
 * unseen.
 */
import type { Kysely } from 'kysely';
import { AGENCY_KINDS, type AgencyKind } from '../core/procedures/schema.js';
import type { Schema } from '../store/database.js';
import type { AuditLog } from './audit.js';
import { ServiceError, type FieldIssue } from './errors.js';
import { may } from './permissions.js';
import type { Principal } from './principal.js';

/** How complaints reach an agency: each way optional, at least one given. */
export interface ComplaintsContact {
  /** Postal address, one line per line. */
  readonly address?: string;
  readonly email?: string;
  readonly phone?: string;
  /** An https web page, such as the agency's complaints page. */
  readonly website?: string;
}

export interface AgencyContact extends ComplaintsContact {
  readonly agency: AgencyKind;
  /** How the agency is known locally: "Kent Police", "Camden Council Children and Learning". */
  readonly name: string;
}

export interface AgencyContactView extends AgencyContact {
  readonly version: number;
  readonly updatedAt: string;
}

export const CONTACT_LIMITS = { name: 200, address: 1000, addressLines: 8, email: 254, phone: 40, website: 500 } as const;

/** An email address's shape: something, an @, a domain with a dot (the letterhead's rule). */
export const isEmailAddress = (value: string): boolean => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value);

/**
 * A UK telephone number: digits with spaces, hyphens or brackets between them, starting 0 (or +44
 * in place of the 0), 10 or 11 digits in all, as UK numbers are.
 */
export function isUkPhone(value: string): boolean {
  if (!/^\+?[\d\s()-]+$/.test(value)) return false;
  const digits = value.replace(/[\s()-]/g, '');
  const national = digits.startsWith('+44') ? `0${digits.slice(3).replace(/^0/, '')}` : digits;
  return /^0\d{9,10}$/.test(national);
}

/** An https address of a named host, with no user name or password in it. */
export function isHttpsUrl(value: string): boolean {
  if (!/^https:\/\//i.test(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname.includes('.') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/** The problems with a contact as the service would store it, each naming its field; none if it may be saved. */
export function contactIssues(contact: AgencyContact): FieldIssue[] {
  const agency = AGENCY_KINDS.includes(contact.agency) ? [] : [{ name: 'agency', reason: 'must be one of the agency kinds' }];
  return [...agency, ...detailsIssues(contact)];
}

/**
 * The problems with an agency's name and complaints contact, whichever agency they are for (the
 * API checks a change's body with these before the agency, named in its address, is looked up).
 */
export function detailsIssues(contact: Omit<AgencyContact, 'agency'>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const name = contact.name.trim();
  if (name === '') issues.push({ name: 'name', reason: 'is required' });
  if (name.length > CONTACT_LIMITS.name)
    issues.push({ name: 'name', reason: `must be ${String(CONTACT_LIMITS.name)} characters or fewer` });
  const { address, email, phone, website } = trimmed(contact);
  if (address !== undefined && (address.length > CONTACT_LIMITS.address || address.split('\n').length > CONTACT_LIMITS.addressLines))
    issues.push({
      name: 'address',
      reason: `must be ${String(CONTACT_LIMITS.addressLines)} lines and ${String(CONTACT_LIMITS.address)} characters or fewer`,
    });
  if (email !== undefined && (email.length > CONTACT_LIMITS.email || !isEmailAddress(email)))
    issues.push({ name: 'email', reason: 'must be an email address' });
  if (phone !== undefined && (phone.length > CONTACT_LIMITS.phone || !isUkPhone(phone)))
    issues.push({ name: 'phone', reason: 'must be a UK telephone number' });
  if (website !== undefined && (website.length > CONTACT_LIMITS.website || !isHttpsUrl(website)))
    issues.push({ name: 'website', reason: 'must be an https web address' });
  if ([address, email, phone, website].every((v) => v === undefined))
    issues.push({ name: 'contact', reason: 'needs at least one of a postal address, email, telephone or web page' });
  return issues;
}

/** The ways of contact with blanks as absent, and an address's lines trimmed with empty ones dropped. */
function trimmed(contact: ComplaintsContact): ComplaintsContact {
  const blank = (v: string | undefined) => {
    const t = v?.trim() ?? '';
    return t === '' ? undefined : t;
  };
  const address = blank(
    contact.address
      ?.split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== '')
      .join('\n'),
  );
  const email = blank(contact.email);
  const phone = blank(contact.phone);
  const website = blank(contact.website);
  return {
    ...(address === undefined ? {} : { address }),
    ...(email === undefined ? {} : { email }),
    ...(phone === undefined ? {} : { phone }),
    ...(website === undefined ? {} : { website }),
  };
}

/** An entry's fields as stored, beside its agency. */
const CONTACT_FIELDS = ['name', 'address', 'email', 'phone', 'website'] as const;

const ORDER = new Map<string, number>(AGENCY_KINDS.map((a, i) => [a, i]));

const contactView = (row: Schema['agency_contacts']): AgencyContactView => ({
  agency: row.agency,
  name: row.name,
  ...(row.address === null ? {} : { address: row.address }),
  ...(row.email === null ? {} : { email: row.email }),
  ...(row.phone === null ? {} : { phone: row.phone }),
  ...(row.website === null ? {} : { website: row.website }),
  version: row.version,
  updatedAt: row.updated_at,
});

export class AgencyContacts {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly audit: AuditLog,
  ) {}

  /** The partnership's directory, in the agency kinds' order. Not case content: anyone raising a case reads it. */
  async list(partnershipId: string): Promise<AgencyContactView[]> {
    const rows = await this.db.selectFrom('agency_contacts').selectAll().where('partnership_id', '=', partnershipId).execute();
    return rows.map(contactView).sort((a, b) => (ORDER.get(a.agency) ?? 0) - (ORDER.get(b.agency) ?? 0));
  }

  async find(partnershipId: string, agency: AgencyKind): Promise<AgencyContactView | undefined> {
    const row = await this.db
      .selectFrom('agency_contacts')
      .selectAll()
      .where('partnership_id', '=', partnershipId)
      .where('agency', '=', agency)
      .executeTakeFirst();
    return row === undefined ? undefined : contactView(row);
  }

  /** The agency's entry in the partnership's directory; `not-found` if it has none (another partnership's entry is not seen). */
  async get(partnershipId: string, agency: AgencyKind): Promise<AgencyContactView> {
    const found = await this.find(partnershipId, agency);
    if (found === undefined) throw new ServiceError('not-found', 'That agency is not in the directory');
    return found;
  }

  /** Records the contact of an agency not yet in the directory; `conflict` if it is (someone added it first). */
  async add(principal: Principal, contact: AgencyContact, now: Date): Promise<AgencyContactView> {
    const values = this.checked(principal, contact);
    const result = await this.db
      .insertInto('agency_contacts')
      .values({
        partnership_id: principal.partnershipId,
        agency: contact.agency,
        ...values,
        version: 1,
        updated_at: now.toISOString(),
        updated_by: principal.id,
      })
      .onConflict((oc) => oc.columns(['partnership_id', 'agency']).doNothing())
      .executeTakeFirst();
    if (result.numInsertedOrUpdatedRows === 0n)
      throw new ServiceError('conflict', 'That agency is already in the directory: change it instead');
    await this.recorded(principal, now, 'agency-contact.added', contact.agency);
    return this.get(principal.partnershipId, contact.agency);
  }

  /**
   * Replaces an agency's name and contact, if it is still at `expectedVersion`: `stale` (with the
   * current version) if someone changed it since, `not-found` if it is not in the directory.
   */
  async change(principal: Principal, contact: AgencyContact, expectedVersion: number, now: Date): Promise<AgencyContactView> {
    const values = this.checked(principal, contact);
    const result = await this.db
      .updateTable('agency_contacts')
      .set({ ...values, version: expectedVersion + 1, updated_at: now.toISOString(), updated_by: principal.id })
      .where('partnership_id', '=', principal.partnershipId)
      .where('agency', '=', contact.agency)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) {
      const current = await this.get(principal.partnershipId, contact.agency);
      // What was saved meanwhile, said by field (never by value): whether it clashes with this change is the caller's to judge.
      const differing = CONTACT_FIELDS.filter((field) => (current[field] ?? null) !== values[field]);
      throw new ServiceError(
        'stale',
        `Someone changed this agency’s details since you read them: they are at version ${String(current.version)} (changed ${current.updatedAt}), not ${String(expectedVersion)}. ${
          differing.length === 0
            ? 'What is saved now is what you sent'
            : `What is saved now differs from what you sent in ${differing.join(', ')}`
        }. Read them again and make your changes afresh.`,
        { currentVersion: current.version },
      );
    }
    await this.recorded(principal, now, 'agency-contact.changed', contact.agency);
    return this.get(principal.partnershipId, contact.agency);
  }

  private checked(principal: Principal, contact: AgencyContact) {
    if (!may(principal, 'manage-people')) throw new ServiceError('forbidden', 'Your role may not change the agencies directory');
    const issues = contactIssues(contact);
    if (issues.length > 0) throw new ServiceError('invalid', 'The agency’s details are not valid', { issues });
    const { address, email, phone, website } = trimmed(contact);
    return { name: contact.name.trim(), address: address ?? null, email: email ?? null, phone: phone ?? null, website: website ?? null };
  }

  private recorded(principal: Principal, now: Date, action: string, agency: AgencyKind): Promise<void> {
    return this.audit.record({ at: now, principal, action, subjectType: 'agency', subjectId: agency, outcome: 'ok' });
  }
}
