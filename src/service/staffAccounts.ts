/**
 * Staff accounts: who holds which role, who line-manages whom (panel independence depends on it),
 * their passwords, and signing in.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AgencyKind } from '../core/procedures/schema.js';
import type { Schema } from '../store/database.js';
import { prepareQuery } from '../store/prepared.js';
import { ServiceError, notFound } from './errors.js';
import { passwordWeakness } from './passwordPolicy.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { userPrincipal, type Principal, type StaffRole } from './principal.js';

/** A change to a member of staff's account: any of these, at least one. */
export interface StaffChange {
  readonly role?: StaffRole;
  readonly disabled?: boolean;
  /** null: nobody line-manages them any more. */
  readonly lineManagerId?: string | null;
  readonly senior?: boolean;
  readonly partnershipAgency?: boolean;
}

interface StaffRow {
  id: string;
  name: string;
  email: string;
  role: StaffRole;
  agency: AgencyKind;
  line_manager_id: string | null;
  disabled: number;
  senior: number;
  partnership_agency: number;
}

const staffView = (r: StaffRow) => ({
  id: r.id,
  name: r.name,
  email: r.email,
  role: r.role,
  agency: r.agency,
  senior: r.senior === 1,
  partnershipAgency: r.partnership_agency === 1,
  lineManagerId: r.line_manager_id,
  disabled: r.disabled === 1,
});

const STAFF_COLUMNS = ['id', 'name', 'email', 'role', 'agency', 'line_manager_id', 'disabled', 'senior', 'partnership_agency'] as const;

export interface NewUser {
  readonly id?: string;
  readonly partnershipId: string;
  readonly email: string;
  readonly name: string;
  readonly role: StaffRole;
  readonly password: string;
  readonly agency: AgencyKind;
  readonly lineManagerId?: string;
  /** A senior manager (default no): panels' seniority rules read it. */
  readonly senior?: boolean;
  /** Employed by an agency of the partnership (default yes). */
  readonly partnershipAgency?: boolean;
}

/**
 * Password checks made at every sign-in, whatever the number of accounts with that email: the
 * time taken is the same for an email with none, one, two or three accounts (ADR 0021). Run at
 * once on libuv's threads, they cost about one check's time, and this many checks' CPU.
 */
export const SIGN_IN_CHECKS = 3;

export class StaffAccounts {
  private readonly staffById;

  constructor(private readonly db: Kysely<Schema>) {
    this.staffById = prepareQuery<Schema, [id: string], { id: string; role: string; partnership_id: string; disabled: number }>(
      db,
      1,
      (q, id) => q.selectFrom('users').select(['id', 'role', 'partnership_id', 'disabled']).where('id', '=', id),
    );
  }

  /** The signed-in member of staff as a principal: undefined if the account is gone or disabled. Asked on every request. */
  async principalOfUser(id: string): Promise<Principal | undefined> {
    const user = await this.staffById.executeTakeFirst(id);
    return user === undefined ? undefined : userPrincipal(user);
  }

  async add(user: NewUser, now: Date): Promise<string> {
    const id = user.id ?? randomUUID();
    const email = user.email.trim().toLowerCase();
    const weakness = passwordWeakness(user.password);
    if (weakness !== undefined) {
      throw new ServiceError('invalid', 'The account could not be added', { issues: [{ name: 'body.password', reason: weakness }] });
    }
    if (user.lineManagerId !== undefined) await this.account(user.partnershipId, user.lineManagerId);
    // Unique within the partnership only: whether the address has an account elsewhere is not this partnership's to know (ADR 0021).
    const existing = await this.db
      .selectFrom('users')
      .select('id')
      .where('partnership_id', '=', user.partnershipId)
      .where('email', '=', email)
      .executeTakeFirst();
    if (existing !== undefined)
      throw new ServiceError('conflict', 'Someone in this partnership already has an account with that email address');
    const passwordHash = await hashPassword(user.password);
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('users')
        .values({
          id,
          partnership_id: user.partnershipId,
          email,
          name: user.name,
          role: user.role,
          password_hash: passwordHash,
          line_manager_id: user.lineManagerId ?? null,
          agency: user.agency,
          created_at: now.toISOString(),
          disabled: 0,
          senior: user.senior === true ? 1 : 0,
          partnership_agency: user.partnershipAgency === false ? 0 : 1,
        })
        .execute();
      if (user.lineManagerId !== undefined) {
        await trx
          .insertInto('line_management_history')
          .values({
            partnership_id: user.partnershipId,
            user_id: id,
            line_manager_id: user.lineManagerId,
            from_at: now.toISOString(),
            to_at: null,
          })
          .execute();
      }
    });
    return id;
  }

  /**
   * Changes a signed-in person's own password, given their current one. Refused, naming the
   * field, when the current password is wrong or the new one is the same.
   */
  async changePassword(userId: string, currentPassword: string, newPassword: string): Promise<void> {
    const row = await this.db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst();
    if (!(await verifyPassword(row?.password_hash, currentPassword))) {
      throw new ServiceError('invalid', 'The password could not be changed', {
        issues: [{ name: 'body.currentPassword', reason: 'is not your current password' }],
      });
    }
    const weakness = passwordWeakness(newPassword);
    if (weakness !== undefined) {
      throw new ServiceError('invalid', 'The password could not be changed', { issues: [{ name: 'body.newPassword', reason: weakness }] });
    }
    if (newPassword === currentPassword) {
      throw new ServiceError('invalid', 'The password could not be changed', {
        issues: [{ name: 'body.newPassword', reason: 'must be different from your current password' }],
      });
    }
    await this.db
      .updateTable('users')
      .set({ password_hash: await hashPassword(newPassword) })
      .where('id', '=', userId)
      .execute();
  }

  /**
   * The account these credentials sign in to. An email may have an account in several
   * partnerships (ADR 0021): the password is checked against each (or only the one in
   * `partnershipId`, if given), always at least SIGN_IN_CHECKS times, real hashes padded with a
   * dummy, all at once, so that the time taken does not tell how many accounts the email has.
   * - ok: exactly one enabled account has this password;
   * - choose: several do: the caller names one of their partnerships (only those are listed);
   * - refused: none does: the accounts to audit the refusal against (an unknown email, a wrong
   *   password and a disabled account look the same to the caller).
   */
  async signIn(
    email: string,
    password: string,
    partnershipId?: string,
  ): Promise<
    | { readonly outcome: 'ok'; readonly principal: Principal; readonly name: string }
    | { readonly outcome: 'choose'; readonly partnerships: readonly { readonly id: string; readonly name: string }[] }
    | { readonly outcome: 'refused'; readonly accounts: readonly { readonly id: string; readonly partnershipId: string }[] }
  > {
    let query = this.db
      .selectFrom('users')
      .innerJoin('partnerships', 'partnerships.id', 'users.partnership_id')
      .select([
        'users.id',
        'users.role',
        'users.partnership_id',
        'users.disabled',
        'users.name',
        'users.password_hash',
        'partnerships.name as partnership_name',
      ])
      .where('users.email', '=', email.trim().toLowerCase());
    if (partnershipId !== undefined) query = query.where('users.partnership_id', '=', partnershipId);
    const users = await query.orderBy('users.partnership_id').execute();
    const padding = Array.from({ length: Math.max(0, SIGN_IN_CHECKS - users.length) }, () => verifyPassword(undefined, password));
    const [matches] = await Promise.all([Promise.all(users.map((user) => verifyPassword(user.password_hash, password))), ...padding]);
    const signsIn = users.flatMap((user, i) => {
      const principal = matches[i] === true ? userPrincipal(user) : undefined;
      return principal === undefined ? [] : [{ user, principal }];
    });
    const [only, ...others] = signsIn;
    if (only === undefined) return { outcome: 'refused', accounts: users.map((u) => ({ id: u.id, partnershipId: u.partnership_id })) };
    if (others.length === 0) return { outcome: 'ok', principal: only.principal, name: only.user.name };
    return { outcome: 'choose', partnerships: signsIn.map(({ user }) => ({ id: user.partnership_id, name: user.partnership_name })) };
  }

  /** The accounts an email signs in to, and their partnerships (whose audit trails record attacks on them). */
  async accountsByEmail(email: string): Promise<readonly { readonly id: string; readonly partnershipId: string }[]> {
    const rows = await this.db
      .selectFrom('users')
      .select(['id', 'partnership_id'])
      .where('email', '=', email.trim().toLowerCase())
      .execute();
    return rows.map((row) => ({ id: row.id, partnershipId: row.partnership_id }));
  }

  /** The account as stored (without its password), or not found. */
  async account(partnershipId: string, id: string) {
    const row = await this.db
      .selectFrom('users')
      .select(STAFF_COLUMNS)
      .where('partnership_id', '=', partnershipId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (row === undefined) throw notFound('member of staff');
    return row;
  }

  /** An enabled member of staff of this partnership as the engine asks of them, by name (ADR 0030); undefined otherwise. */
  async colleague(partnershipId: string, id: string): Promise<{ id: string; role: StaffRole; name: string } | undefined> {
    const row = await this.db
      .selectFrom('users')
      .select(['id', 'name', 'role', 'partnership_id', 'disabled'])
      .where('partnership_id', '=', partnershipId)
      .where('id', '=', id)
      .executeTakeFirst();
    const principal = row === undefined ? undefined : userPrincipal(row);
    return row === undefined || principal === undefined ? undefined : { id: principal.id, role: principal.role, name: row.name };
  }

  async list(partnershipId: string) {
    const rows = await this.db
      .selectFrom('users')
      .select(STAFF_COLUMNS)
      .where('partnership_id', '=', partnershipId)
      .orderBy('name')
      .execute();
    return rows.map(staffView);
  }

  async get(partnershipId: string, id: string) {
    return staffView(await this.account(partnershipId, id));
  }

  /**
   * Changes a member of staff's role, line manager or whether their account is disabled. It
   * counts on their next request, on every instance (the principal is read with the session).
   * Nobody may change their own role or disable themselves, so a partnership cannot lose its last
   * administrator by accident; nobody may end up line-managing themselves.
   */
  async update(
    partnershipId: string,
    id: string,
    change: StaffChange,
    actor: Principal,
    now: Date,
  ): Promise<{ readonly member: ReturnType<typeof staffView>; readonly revokedTokens: readonly string[] }> {
    const current = await this.account(partnershipId, id);
    if (actor.id === id && ((change.role !== undefined && change.role !== current.role) || change.disabled === true)) {
      throw new ServiceError('conflict', 'You cannot change your own role or disable your own account: ask another administrator');
    }
    const { lineManagerId } = change;
    if (lineManagerId !== undefined && lineManagerId !== null) {
      await this.account(partnershipId, lineManagerId);
      if ((await this.lineManagementOf(partnershipId, [lineManagerId])).includes(id)) {
        throw new ServiceError('conflict', 'That line manager is this person, or is managed by them: nobody may line-manage themselves');
      }
    }
    const revokedTokens = await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({
          ...(change.role === undefined ? {} : { role: change.role }),
          ...(change.disabled === undefined ? {} : { disabled: change.disabled ? 1 : 0 }),
          ...(lineManagerId === undefined ? {} : { line_manager_id: lineManagerId }),
          ...(change.senior === undefined ? {} : { senior: change.senior ? 1 : 0 }),
          ...(change.partnershipAgency === undefined ? {} : { partnership_agency: change.partnershipAgency ? 1 : 0 }),
        })
        .where('partnership_id', '=', partnershipId)
        .where('id', '=', id)
        .execute();
      // A change of line manager ends the old line management and starts the new one, kept so
      // that previous line management still counts (kent 9 ¶3).
      if (lineManagerId !== undefined && lineManagerId !== current.line_manager_id) {
        const closed = await trx
          .updateTable('line_management_history')
          .set({ to_at: now.toISOString() })
          .where('partnership_id', '=', partnershipId)
          .where('user_id', '=', id)
          .where('to_at', 'is', null)
          .executeTakeFirst();
        // A line manager recorded without a history row (an account seeded after the migration)
        // is kept as one from the account's creation, so the previous line management still counts.
        if (closed.numUpdatedRows === 0n && current.line_manager_id !== null) {
          const created = await trx.selectFrom('users').select('created_at').where('id', '=', id).executeTakeFirstOrThrow();
          await trx
            .insertInto('line_management_history')
            .values({
              partnership_id: partnershipId,
              user_id: id,
              line_manager_id: current.line_manager_id,
              from_at: created.created_at,
              to_at: now.toISOString(),
            })
            .execute();
        }
        if (lineManagerId !== null) {
          await trx
            .insertInto('line_management_history')
            .values({ partnership_id: partnershipId, user_id: id, line_manager_id: lineManagerId, from_at: now.toISOString(), to_at: null })
            .execute();
        }
      }
      if (change.disabled !== true) return [];
      // Disabling ends their sessions for good, so re-enabling does not bring them back, and
      // revokes the API tokens they created: neither outlives the account (ADR 0019).
      await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
      const revoked = await trx
        .updateTable('api_tokens')
        .set({ revoked_at: now.toISOString() })
        .where('partnership_id', '=', partnershipId)
        .where('created_by', '=', id)
        .where('revoked_at', 'is', null)
        .returning('id')
        .execute();
      return revoked.map((r) => r.id);
    });
    return { member: await this.get(partnershipId, id), revokedTokens };
  }

  /**
   * Everyone who line-manages or line-managed these people, directly or up the chain, as at an
   * instant: the line managers of today, and every earlier one whose line management had begun by
   * then. A line manager recorded before the history was kept counts as one from the start.
   */
  async lineManagementAsAt(partnershipId: string, ids: readonly string[], at: Date): Promise<Set<string>> {
    const [users, history] = await Promise.all([
      this.db.selectFrom('users').select(['id', 'line_manager_id']).where('partnership_id', '=', partnershipId).execute(),
      this.db
        .selectFrom('line_management_history')
        .select(['user_id', 'line_manager_id', 'from_at', 'to_at'])
        .where('partnership_id', '=', partnershipId)
        .execute(),
    ]);
    const managersOf = new Map<string, Set<string>>();
    const add = (user: string, manager: string) => {
      const managers = managersOf.get(user) ?? new Set<string>();
      managers.add(manager);
      managersOf.set(user, managers);
    };
    const recordedNow = new Set(history.filter((h) => h.to_at === null).map((h) => `${h.user_id}|${h.line_manager_id}`));
    for (const u of users) if (u.line_manager_id !== null && !recordedNow.has(`${u.id}|${u.line_manager_id}`)) add(u.id, u.line_manager_id);
    for (const h of history) if (new Date(h.from_at).getTime() <= at.getTime()) add(h.user_id, h.line_manager_id);
    const found = new Set<string>();
    const queue = [...ids];
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      if (found.has(next)) continue;
      found.add(next);
      queue.push(...(managersOf.get(next) ?? []));
    }
    return found;
  }

  /** Who has line-managed this person and when, newest first (line_management_history, ADR 0014); open-ended is current. */
  async lineManagementHistory(
    partnershipId: string,
    userId: string,
  ): Promise<{ readonly lineManagerId: string; readonly from: string; readonly to: string | null }[]> {
    const rows = await this.db
      .selectFrom('line_management_history')
      .select(['line_manager_id', 'from_at', 'to_at'])
      .where('partnership_id', '=', partnershipId)
      .where('user_id', '=', userId)
      .orderBy('from_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    const history = rows.map((r) => ({ lineManagerId: r.line_manager_id, from: r.from_at, to: r.to_at }));
    // A line manager of today recorded before the history was kept counts from the account's creation.
    const account = await this.db
      .selectFrom('users')
      .select(['line_manager_id', 'created_at'])
      .where('partnership_id', '=', partnershipId)
      .where('id', '=', userId)
      .executeTakeFirst();
    const current = account?.line_manager_id ?? null;
    if (account !== undefined && current !== null && !history.some((h) => h.to === null && h.lineManagerId === current))
      history.unshift({ lineManagerId: current, from: account.created_at, to: null });
    return history;
  }

  /** Everyone above these people in the line-management chain, and the people themselves. */
  async lineManagementOf(partnershipId: string, ids: readonly string[]): Promise<string[]> {
    const rows = await this.db.selectFrom('users').select(['id', 'line_manager_id']).where('partnership_id', '=', partnershipId).execute();
    const managerOf = new Map(rows.map((r) => [r.id, r.line_manager_id]));
    const found = new Set<string>();
    for (const start of ids) {
      let current: string | null | undefined = start;
      while (current !== null && current !== undefined && !found.has(current)) {
        found.add(current);
        current = managerOf.get(current);
      }
    }
    return [...found];
  }
}
