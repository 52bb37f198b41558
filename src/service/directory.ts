/**
 * Partnerships and the people in them: local areas, closure days, staff (with who line-manages
 * whom, which panel independence depends on), people from partner agencies, and conferences
 * with their invitees, attendees, decision and category.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { isoDate, type ClosureDay } from '../core/calendar/index.js';
import type { ConferenceFacts } from '../core/engine/model.js';
import type { AgencyKind, ConferenceType } from '../core/procedures/schema.js';
import type { Schema } from '../store/database.js';
import { prepareQuery } from '../store/prepared.js';
import { ServiceError, notFound, type FieldIssue } from './errors.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { userPrincipal, type Principal, type StaffRole } from './principal.js';

export const CONFERENCE_DECISIONS = ['child-protection-plan', 'no-child-protection-plan', 'plan-continues', 'plan-ends'] as const;
/** The four categories of concern (Working Together to Safeguard Children). */
export const CONFERENCE_CATEGORIES = ['neglect', 'physical-abuse', 'emotional-abuse', 'sexual-abuse'] as const;
export const MINUTES_METHODS = ['email', 'first-class-post', 'hand'] as const;

/** A change to a member of staff's account: any of these, at least one. */
export interface StaffChange {
  readonly role?: StaffRole;
  readonly disabled?: boolean;
  /** null: nobody line-manages them any more. */
  readonly lineManagerId?: string | null;
}

interface StaffRow {
  id: string;
  name: string;
  email: string;
  role: string;
  agency: string;
  line_manager_id: string | null;
  disabled: number;
}

const staffView = (r: StaffRow) => ({ id: r.id, name: r.name, email: r.email, role: r.role, agency: r.agency, lineManagerId: r.line_manager_id, disabled: r.disabled === 1 });

export interface NewUser {
  readonly id?: string;
  readonly partnershipId: string;
  readonly email: string;
  readonly name: string;
  readonly role: StaffRole;
  readonly password: string;
  readonly agency: AgencyKind;
  readonly lineManagerId?: string;
}

export interface NewPerson {
  readonly id?: string;
  readonly name: string;
  readonly agency: AgencyKind;
  readonly jobTitle?: string;
}

export interface NewConference {
  readonly externalRef?: string;
  readonly type: ConferenceType;
  readonly heldAt: Date;
  readonly chairId: string;
  readonly localArea?: string;
  readonly decision?: (typeof CONFERENCE_DECISIONS)[number];
  readonly category?: (typeof CONFERENCE_CATEGORIES)[number];
  readonly minutesSent?: { readonly at: Date; readonly method: (typeof MINUTES_METHODS)[number] };
  readonly participants?: readonly { readonly personId: string; readonly invited: boolean; readonly attended: boolean }[];
}

export interface ConferenceView {
  readonly id: string;
  readonly externalRef: string | null;
  readonly type: ConferenceType;
  readonly heldAt: string;
  readonly chair: { readonly id: string; readonly name: string };
  readonly localArea: string | null;
  readonly decision: string | null;
  readonly category: string | null;
  readonly minutesSent: { readonly at: string; readonly method: string } | null;
  readonly participants: readonly { readonly personId: string; readonly name: string; readonly agency: string; readonly invited: boolean; readonly attended: boolean }[];
}

export class Directory {
  private readonly staffById;

  constructor(private readonly db: Kysely<Schema>) {
    this.staffById = prepareQuery<Schema, [id: string], { id: string; role: string; partnership_id: string; disabled: number }>(db, 1, (q, id) =>
      q.selectFrom('users').select(['id', 'role', 'partnership_id', 'disabled']).where('id', '=', id),
    );
  }

  /** The signed-in member of staff as a principal: undefined if the account is gone or disabled. Asked on every request. */
  async principalOfUser(id: string): Promise<Principal | undefined> {
    const user = await this.staffById.executeTakeFirst(id);
    return user === undefined ? undefined : userPrincipal(user);
  }

  async partnership(id: string) {
    const row = await this.db.selectFrom('partnerships').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined) throw notFound('partnership');
    const [areas, closures] = await Promise.all([
      this.db.selectFrom('local_areas').select(['id', 'name']).where('partnership_id', '=', id).orderBy('id').execute(),
      this.closureDays(id),
    ]);
    return { id: row.id, name: row.name, procedureId: row.procedure_id, localAreas: areas, closureDays: closures };
  }

  async closureDays(partnershipId: string): Promise<ClosureDay[]> {
    const rows = await this.db.selectFrom('closure_days').select(['date', 'reason']).where('partnership_id', '=', partnershipId).orderBy('date').execute();
    return rows.map((r) => ({ date: isoDate(r.date), reason: r.reason }));
  }

  /** Adds (or renames) a closure day; every instance's calendar for the partnership is rebuilt. */
  async addClosureDay(partnershipId: string, day: ClosureDay): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('closure_days')
        .values({ partnership_id: partnershipId, date: day.date, reason: day.reason })
        .onConflict((oc) => oc.columns(['partnership_id', 'date']).doUpdateSet({ reason: day.reason }))
        .execute();
      await trx
        .updateTable('partnerships')
        .set((eb) => ({ calendar_version: eb('calendar_version', '+', 1) }))
        .where('id', '=', partnershipId)
        .execute();
    });
  }

  async createUser(user: NewUser, now: Date): Promise<string> {
    const id = user.id ?? randomUUID();
    const email = user.email.trim().toLowerCase();
    if (user.lineManagerId !== undefined) await this.user(user.partnershipId, user.lineManagerId);
    const existing = await this.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    if (existing !== undefined) throw new ServiceError('conflict', 'Someone already has an account with that email address');
    await this.db
      .insertInto('users')
      .values({
        id,
        partnership_id: user.partnershipId,
        email,
        name: user.name,
        role: user.role,
        password_hash: await hashPassword(user.password),
        line_manager_id: user.lineManagerId ?? null,
        agency: user.agency,
        created_at: now.toISOString(),
        disabled: 0,
      })
      .execute();
    return id;
  }

  /**
   * Changes a signed-in person's own password, given their current one. Refused, naming the
   * field, when the current password is wrong or the new one is the same.
   */
  async changePassword(userId: string, currentPassword: string, newPassword: string): Promise<void> {
    const row = await this.db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst();
    if (!(await verifyPassword(row?.password_hash, currentPassword))) {
      throw new ServiceError('invalid', 'The password could not be changed', { issues: [{ name: 'body.currentPassword', reason: 'is not your current password' }] });
    }
    if (newPassword === currentPassword) {
      throw new ServiceError('invalid', 'The password could not be changed', { issues: [{ name: 'body.newPassword', reason: 'must be different from your current password' }] });
    }
    await this.db.updateTable('users').set({ password_hash: await hashPassword(newPassword) }).where('id', '=', userId).execute();
  }

  /**
   * The account these credentials sign in to, or the subject to audit a refusal against: an
   * unknown email, a wrong password and a disabled account look the same to the caller.
   */
  async signIn(email: string, password: string): Promise<{ readonly ok: true; readonly principal: Principal; readonly name: string } | { readonly ok: false; readonly subjectId: string }> {
    const user = await this.db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
    const matches = await verifyPassword(user?.password_hash, password);
    const principal = user === undefined ? undefined : userPrincipal(user);
    if (user === undefined || !matches || principal === undefined) return { ok: false, subjectId: user?.id ?? 'unknown' };
    return { ok: true, principal, name: user.name };
  }

  async user(partnershipId: string, id: string) {
    const row = await this.db
      .selectFrom('users')
      .select(['id', 'name', 'email', 'role', 'agency', 'line_manager_id', 'disabled'])
      .where('partnership_id', '=', partnershipId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (row === undefined) throw notFound('member of staff');
    return row;
  }

  async users(partnershipId: string) {
    const rows = await this.db
      .selectFrom('users')
      .select(['id', 'name', 'email', 'role', 'agency', 'line_manager_id', 'disabled'])
      .where('partnership_id', '=', partnershipId)
      .orderBy('name')
      .execute();
    return rows.map(staffView);
  }

  async staffMember(partnershipId: string, id: string) {
    return staffView(await this.user(partnershipId, id));
  }

  /**
   * Changes a member of staff's role, line manager or whether their account is disabled. It
   * counts on their next request, on every instance (the principal is read with the session).
   * Nobody may change their own role or disable themselves, so a partnership cannot lose its last
   * administrator by accident; nobody may end up line-managing themselves.
   */
  async updateUser(partnershipId: string, id: string, change: StaffChange, actor: Principal): Promise<ReturnType<typeof staffView>> {
    const current = await this.user(partnershipId, id);
    if (actor.id === id && ((change.role !== undefined && change.role !== current.role) || change.disabled === true)) {
      throw new ServiceError('conflict', 'You cannot change your own role or disable your own account: ask another administrator');
    }
    const { lineManagerId } = change;
    if (lineManagerId !== undefined && lineManagerId !== null) {
      await this.user(partnershipId, lineManagerId);
      if ((await this.lineManagementOf(partnershipId, [lineManagerId])).includes(id)) {
        throw new ServiceError('conflict', 'That line manager is this person, or is managed by them: nobody may line-manage themselves');
      }
    }
    await this.db
      .updateTable('users')
      .set({
        ...(change.role === undefined ? {} : { role: change.role }),
        ...(change.disabled === undefined ? {} : { disabled: change.disabled ? 1 : 0 }),
        ...(lineManagerId === undefined ? {} : { line_manager_id: lineManagerId }),
      })
      .where('partnership_id', '=', partnershipId)
      .where('id', '=', id)
      .execute();
    return this.staffMember(partnershipId, id);
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

  async createPerson(partnershipId: string, person: NewPerson, now: Date): Promise<string> {
    const id = person.id ?? randomUUID();
    await this.db
      .insertInto('people')
      .values({ id, partnership_id: partnershipId, name: person.name, agency: person.agency, job_title: person.jobTitle ?? null, created_at: now.toISOString() })
      .execute();
    return id;
  }

  async person(partnershipId: string, id: string) {
    const row = await this.db.selectFrom('people').selectAll().where('partnership_id', '=', partnershipId).where('id', '=', id).executeTakeFirst();
    if (row === undefined) throw notFound('person');
    return { id: row.id, name: row.name, agency: row.agency, jobTitle: row.job_title };
  }

  async people(partnershipId: string) {
    const rows = await this.db.selectFrom('people').selectAll().where('partnership_id', '=', partnershipId).orderBy('name').execute();
    return rows.map((row) => ({ id: row.id, name: row.name, agency: row.agency, jobTitle: row.job_title }));
  }

  /** Problems with a conference that its schema cannot see: its chair, area and participants. */
  async conferenceProblems(partnershipId: string, conference: NewConference, field: (name: string) => string): Promise<FieldIssue[]> {
    const issues: FieldIssue[] = [];
    const chair = await this.db
      .selectFrom('users')
      .select(['role'])
      .where('partnership_id', '=', partnershipId)
      .where('id', '=', conference.chairId)
      .executeTakeFirst();
    if (chair === undefined) issues.push({ name: field('chairId'), reason: 'no member of staff in this partnership has that id' });
    else if (chair.role !== 'conference-chair') issues.push({ name: field('chairId'), reason: 'must be a conference chair' });
    if (conference.localArea !== undefined) {
      const area = await this.db.selectFrom('local_areas').select('id').where('partnership_id', '=', partnershipId).where('id', '=', conference.localArea).executeTakeFirst();
      if (area === undefined) issues.push({ name: field('localArea'), reason: 'is not one of this partnership\'s local areas' });
    }
    if (conference.minutesSent !== undefined && conference.minutesSent.at.getTime() < conference.heldAt.getTime()) {
      issues.push({ name: field('minutesSent.at'), reason: 'cannot be before the conference' });
    }
    const ids = (conference.participants ?? []).map((p) => p.personId);
    if (new Set(ids).size !== ids.length) issues.push({ name: field('participants'), reason: 'lists someone twice' });
    if (ids.length > 0) {
      const known = new Set(
        (await this.db.selectFrom('people').select('id').where('partnership_id', '=', partnershipId).where('id', 'in', ids).execute()).map((r) => r.id),
      );
      ids.forEach((id, index) => {
        if (!known.has(id)) issues.push({ name: field(`participants.${String(index)}.personId`), reason: 'no person in this partnership has that id' });
      });
    }
    if (conference.externalRef !== undefined) {
      const taken = await this.db
        .selectFrom('conferences')
        .select('id')
        .where('partnership_id', '=', partnershipId)
        .where('external_ref', '=', conference.externalRef)
        .executeTakeFirst();
      if (taken !== undefined) issues.push({ name: field('externalRef'), reason: 'a conference with this reference has already been recorded' });
    }
    return issues;
  }

  /** Records conferences all together or not at all. */
  async createConferences(principal: Principal, conferences: readonly NewConference[], now: Date, field: (index: number, name: string) => string): Promise<string[]> {
    const issues: FieldIssue[] = [];
    for (const [index, conference] of conferences.entries()) {
      issues.push(...(await this.conferenceProblems(principal.partnershipId, conference, (name) => field(index, name))));
    }
    const refs = conferences.map((c) => c.externalRef).filter((r) => r !== undefined);
    if (new Set(refs).size !== refs.length) issues.push({ name: field(0, 'externalRef'), reason: 'the same reference appears more than once' });
    if (issues.length > 0) throw new ServiceError('invalid', 'The conference details are not valid', { issues });
    const ids = conferences.map(() => randomUUID());
    await this.db.transaction().execute(async (trx) => {
      for (const [index, conference] of conferences.entries()) {
        const id = ids[index] ?? randomUUID();
        await trx
          .insertInto('conferences')
          .values({
            id,
            partnership_id: principal.partnershipId,
            external_ref: conference.externalRef ?? null,
            type: conference.type,
            held_at: conference.heldAt.toISOString(),
            chair_id: conference.chairId,
            local_area: conference.localArea ?? null,
            decision: conference.decision ?? null,
            category: conference.category ?? null,
            minutes_sent_at: conference.minutesSent?.at.toISOString() ?? null,
            minutes_method: conference.minutesSent?.method ?? null,
            created_at: now.toISOString(),
            created_by: principal.id,
          })
          .execute();
        const participants = conference.participants ?? [];
        if (participants.length > 0) {
          await trx
            .insertInto('conference_participants')
            .values(participants.map((p) => ({ conference_id: id, person_id: p.personId, invited: p.invited ? 1 : 0, attended: p.attended ? 1 : 0 })))
            .execute();
        }
      }
    });
    return ids;
  }

  async conference(partnershipId: string, id: string): Promise<ConferenceView> {
    const row = await this.db
      .selectFrom('conferences')
      .innerJoin('users', 'users.id', 'conferences.chair_id')
      .selectAll('conferences')
      .select('users.name as chair_name')
      .where('conferences.partnership_id', '=', partnershipId)
      .where('conferences.id', '=', id)
      .executeTakeFirst();
    if (row === undefined) throw notFound('conference');
    const participants = await this.db
      .selectFrom('conference_participants')
      .innerJoin('people', 'people.id', 'conference_participants.person_id')
      .select(['people.id', 'people.name', 'people.agency', 'conference_participants.invited', 'conference_participants.attended'])
      .where('conference_participants.conference_id', '=', id)
      .orderBy('people.name')
      .execute();
    return {
      id: row.id,
      externalRef: row.external_ref,
      type: row.type as ConferenceType,
      heldAt: row.held_at,
      chair: { id: row.chair_id, name: row.chair_name },
      localArea: row.local_area,
      decision: row.decision,
      category: row.category,
      minutesSent: row.minutes_sent_at === null ? null : { at: row.minutes_sent_at, method: row.minutes_method ?? 'email' },
      participants: participants.map((p) => ({ personId: p.id, name: p.name, agency: p.agency, invited: p.invited === 1, attended: p.attended === 1 })),
    };
  }

  async conferences(partnershipId: string, options: { limit: number; offset: number }) {
    const rows = await this.db
      .selectFrom('conferences')
      .select(['id', 'external_ref', 'type', 'held_at', 'chair_id', 'decision', 'category'])
      .where('partnership_id', '=', partnershipId)
      .orderBy('held_at', 'desc')
      .orderBy('id')
      .limit(options.limit)
      .offset(options.offset)
      .execute();
    return rows.map((r) => ({ id: r.id, externalRef: r.external_ref, type: r.type, heldAt: r.held_at, chairId: r.chair_id, decision: r.decision, category: r.category }));
  }

  /** The facts of a conference the engine needs to run a challenge to it. */
  async conferenceFacts(partnershipId: string, id: string): Promise<{ facts: ConferenceFacts; localArea: string | null; minutesSent: ConferenceView['minutesSent'] }> {
    const view = await this.conference(partnershipId, id);
    return {
      facts: {
        id: view.id,
        type: view.type,
        heldAt: new Date(view.heldAt),
        chairId: view.chair.id,
        ...(view.decision === null ? {} : { decision: view.decision }),
        ...(view.category === null ? {} : { category: view.category }),
      },
      localArea: view.localArea,
      minutesSent: view.minutesSent,
    };
  }
}
