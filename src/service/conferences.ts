/**
 * Conferences with their chair, invitees, attendees, decision, category and when the minutes were
 * sent. A conference dated after now is booked, not held: it has no decision, category, attendance
 * or minutes yet, and no challenge can be raised against it until it has been held (ADR 0014).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { DELIVERY_METHODS, addCalendarDays, formatLondonLong, startOfLondonDay, type IsoDate } from '../core/calendar/index.js';
import type { ConferenceFacts } from '../core/engine/model.js';
import type { AgencyKind, ConferenceType } from '../core/procedures/schema.js';
import type { Schema } from '../store/database.js';
import { isUniqueViolation } from '../store/eventStore.js';
import { Children, columnContains, type ChildInput, type ChildView } from './children.js';
import { ServiceError, notFound, type FieldIssue } from './errors.js';
import { may } from './permissions.js';
import { isStaffRole, type Principal } from './principal.js';

export const CONFERENCE_DECISIONS = ['child-protection-plan', 'no-child-protection-plan', 'plan-continues', 'plan-ends'] as const;
/** The four categories of concern (Working Together to Safeguard Children). */
export const CONFERENCE_CATEGORIES = ['neglect', 'physical-abuse', 'emotional-abuse', 'sexual-abuse'] as const;
export const MINUTES_METHODS = DELIVERY_METHODS;
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
  /** The children it concerns, by their social care ids: a child already recorded is linked, not recorded again. */
  readonly children?: readonly ChildInput[];
}

/** One conference of an import, with the line of the file it came from (the header is line 1). */
export interface ImportRow {
  readonly row: number;
  readonly conference: NewConference;
}

/** What an import would do with each row: record it, or leave it, its reference being recorded already. */
export interface ImportPreview {
  readonly rows: readonly (ImportRow & { readonly status: 'new' | 'already-recorded' })[];
  /** Every problem, by row; nothing is recorded while there is one. */
  readonly issues: readonly FieldIssue[];
}

/**
 * A change to a recorded conference: re-booking it, or recording it as held with its decision,
 * category, attendance and minutes. null clears a field; an absent one stays as it is.
 */
export interface ConferenceChange {
  readonly heldAt?: Date;
  readonly decision?: (typeof CONFERENCE_DECISIONS)[number] | null;
  readonly category?: (typeof CONFERENCE_CATEGORIES)[number] | null;
  readonly minutesSent?: NewConference['minutesSent'] | null;
  readonly participants?: NonNullable<NewConference['participants']>;
}

/** Booked: dated after now, so not yet held. */
export type ConferenceStatus = 'booked' | 'held';

export const conferenceStatus = (heldAt: Date, now: Date): ConferenceStatus => (heldAt.getTime() > now.getTime() ? 'booked' : 'held');

export interface ConferenceView {
  readonly id: string;
  readonly status: ConferenceStatus;
  readonly externalRef: string | null;
  readonly type: ConferenceType;
  readonly heldAt: string;
  readonly chair: { readonly id: string; readonly name: string };
  readonly localArea: string | null;
  readonly decision: (typeof CONFERENCE_DECISIONS)[number] | null;
  readonly category: (typeof CONFERENCE_CATEGORIES)[number] | null;
  readonly minutesSent: { readonly at: string; readonly method: (typeof MINUTES_METHODS)[number] } | null;
  readonly participants: readonly {
    readonly personId: string;
    readonly name: string;
    readonly agency: AgencyKind;
    readonly invited: boolean;
    readonly attended: boolean;
  }[];
  readonly children: readonly ChildView[];
}

export interface ConferenceListOptions {
  readonly limit: number;
  readonly offset: number;
  /** London dates, inclusive. */
  readonly from?: IsoDate;
  readonly to?: IsoDate;
  readonly status?: ConferenceStatus;
  readonly childId?: string;
  /** Part of a child's name or social care id, whatever its case. */
  readonly child?: string;
}

const CONFLICT_MEANWHILE =
  'Someone else recorded one of these conferences or children at the same moment, so nothing was saved: check them again';

export class Conferences {
  readonly children: Children;

  constructor(private readonly db: Kysely<Schema>) {
    this.children = new Children(db);
  }

  /** Problems with a conference that its schema cannot see: its chair, area and participants. */
  private async problems(
    partnershipId: string,
    conference: NewConference,
    now: Date,
    field: (name: string) => string,
    self?: string,
  ): Promise<FieldIssue[]> {
    const issues: FieldIssue[] = [...timeProblems(conference, now, field)];
    const chair = await this.db
      .selectFrom('users')
      .select(['role'])
      .where('partnership_id', '=', partnershipId)
      .where('id', '=', conference.chairId)
      .executeTakeFirst();
    if (chair === undefined) issues.push({ name: field('chairId'), reason: 'no member of staff in this partnership has that id' });
    else if (!isStaffRole(chair.role) || !may(chair.role, 'chair-conferences'))
      issues.push({ name: field('chairId'), reason: 'must be a conference chair' });
    if (conference.localArea !== undefined) {
      const area = await this.db
        .selectFrom('local_areas')
        .select('id')
        .where('partnership_id', '=', partnershipId)
        .where('id', '=', conference.localArea)
        .executeTakeFirst();
      if (area === undefined) issues.push({ name: field('localArea'), reason: "is not one of this partnership's local areas" });
    }
    if (conference.minutesSent !== undefined && conference.minutesSent.at.getTime() < conference.heldAt.getTime()) {
      issues.push({ name: field('minutesSent.at'), reason: 'cannot be before the conference' });
    }
    const ids = (conference.participants ?? []).map((p) => p.personId);
    if (new Set(ids).size !== ids.length) issues.push({ name: field('participants'), reason: 'lists someone twice' });
    if (ids.length > 0) {
      const known = new Set(
        (await this.db.selectFrom('people').select('id').where('partnership_id', '=', partnershipId).where('id', 'in', ids).execute()).map(
          (r) => r.id,
        ),
      );
      ids.forEach((id, index) => {
        if (!known.has(id))
          issues.push({ name: field(`participants.${String(index)}.personId`), reason: 'no person in this partnership has that id' });
      });
    }
    if (conference.externalRef !== undefined) {
      const taken = await this.db
        .selectFrom('conferences')
        .select('id')
        .where('partnership_id', '=', partnershipId)
        .where('external_ref', '=', conference.externalRef)
        .executeTakeFirst();
      if (taken !== undefined && taken.id !== self)
        issues.push({ name: field('externalRef'), reason: 'a conference with this reference has already been recorded' });
    }
    if (conference.children !== undefined)
      issues.push(...(await this.children.problems(partnershipId, conference.children, conference.heldAt, field)));
    return issues;
  }

  /** Records conferences all together or not at all. */
  async record(
    principal: Principal,
    conferences: readonly NewConference[],
    now: Date,
    field: (index: number, name: string) => string,
  ): Promise<string[]> {
    const issues: FieldIssue[] = [];
    for (const [index, conference] of conferences.entries()) {
      issues.push(...(await this.problems(principal.partnershipId, conference, now, (name) => field(index, name))));
    }
    const refs = conferences.map((c) => c.externalRef).filter((r) => r !== undefined);
    if (new Set(refs).size !== refs.length)
      issues.push({ name: field(0, 'externalRef'), reason: 'the same reference appears more than once' });
    if (issues.length > 0) throw new ServiceError('invalid', 'The conference details are not valid', { issues });
    return this.save(principal, conferences, now);
  }

  /** Saves checked conferences in one transaction. */
  private async save(principal: Principal, conferences: readonly NewConference[], now: Date): Promise<string[]> {
    try {
      return await this.saveOnce(principal, conferences, now);
    } catch (error) {
      // Checked before the transaction: only someone recording the same reference or child meanwhile gets here.
      if (isUniqueViolation(error)) throw new ServiceError('conflict', CONFLICT_MEANWHILE);
      throw error;
    }
  }

  private async saveOnce(principal: Principal, conferences: readonly NewConference[], now: Date): Promise<string[]> {
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
            .values(
              participants.map((p) => ({
                conference_id: id,
                person_id: p.personId,
                invited: p.invited ? 1 : 0,
                attended: p.attended ? 1 : 0,
              })),
            )
            .execute();
        }
        await this.children.link(trx, principal, id, conference.children ?? [], now);
      }
    });
    return ids;
  }

  /**
   * What importing these rows would do, saving nothing: a row whose reference is already recorded
   * is left as it is (so an import run twice records nothing twice), every other row is checked
   * as a new conference, and every problem is named by its row.
   */
  async previewImport(
    principal: Principal,
    rows: readonly ImportRow[],
    now: Date,
    field: (row: number, name: string) => string,
  ): Promise<ImportPreview> {
    const refs = rows.flatMap((r) => (r.conference.externalRef === undefined ? [] : [r.conference.externalRef]));
    const recorded = new Set(
      refs.length === 0
        ? []
        : (
            await this.db
              .selectFrom('conferences')
              .select('external_ref')
              .where('partnership_id', '=', principal.partnershipId)
              .where('external_ref', 'in', [...new Set(refs)])
              .execute()
          ).map((r) => r.external_ref),
    );
    const issues: FieldIssue[] = [];
    const seen = new Map<string, number>();
    const children = new Map<string, { row: number; child: ChildInput }>();
    const previewed = [];
    for (const { row, conference } of rows) {
      const ref = conference.externalRef;
      if (ref !== undefined) {
        const first = seen.get(ref);
        if (first !== undefined) issues.push({ name: field(row, 'externalRef'), reason: `the same reference is on row ${String(first)}` });
        else seen.set(ref, row);
      }
      if (ref !== undefined && recorded.has(ref)) {
        previewed.push({ row, conference, status: 'already-recorded' as const });
        continue;
      }
      previewed.push({ row, conference, status: 'new' as const });
      issues.push(...(await this.problems(principal.partnershipId, conference, now, (name) => field(row, name))));
      // The same child on two rows must be the same child.
      (conference.children ?? []).forEach((child, index) => {
        const earlier = children.get(child.socialCareId);
        if (earlier === undefined) children.set(child.socialCareId, { row, child });
        else if (
          earlier.child.name.trim().toLowerCase() !== child.name.trim().toLowerCase() ||
          earlier.child.dateOfBirth !== child.dateOfBirth
        )
          issues.push({
            name: field(row, `children.${String(index)}.socialCareId`),
            reason: `row ${String(earlier.row)} gives the child with social care id ${child.socialCareId} a different name or date of birth`,
          });
      });
    }
    if (issues.length > 0) {
      // The checks read in several statements: a file imported by someone else between them shows its
      // rows as new at first and then as already recorded. That is a conflict to check again, not a bad file.
      const newRefs = previewed.flatMap((r) =>
        r.status === 'new' && r.conference.externalRef !== undefined ? [r.conference.externalRef] : [],
      );
      const recordedMeanwhile =
        newRefs.length > 0 &&
        (await this.db
          .selectFrom('conferences')
          .select('id')
          .where('partnership_id', '=', principal.partnershipId)
          .where('external_ref', 'in', newRefs)
          .executeTakeFirst()) !== undefined;
      if (recordedMeanwhile) throw new ServiceError('conflict', CONFLICT_MEANWHILE);
    }
    return { rows: previewed, issues };
  }

  /** Imports rows all together or not at all, leaving those already recorded (previewImport). */
  async importRows(
    principal: Principal,
    rows: readonly ImportRow[],
    now: Date,
    field: (row: number, name: string) => string,
  ): Promise<{ ids: string[]; alreadyRecorded: string[] }> {
    const preview = await this.previewImport(principal, rows, now, field);
    if (preview.issues.length > 0)
      throw new ServiceError('invalid', 'The file has problems: nothing was imported', { issues: preview.issues });
    const fresh = preview.rows.filter((r) => r.status === 'new');
    const alreadyRecorded = preview.rows.flatMap((r) => (r.status === 'already-recorded' ? [r.conference.externalRef ?? ''] : []));
    const ids = await this.save(
      principal,
      fresh.map((r) => r.conference),
      now,
    );
    return { ids, alreadyRecorded };
  }

  /**
   * Re-books a conference, or records it as held with its decision, category, attendance and
   * minutes: the changed conference is checked as a new one would be. A conference with a
   * challenge raised against it is not changed here: the case holds the facts it was raised on,
   * and its minutes are recorded on the case.
   */
  async change(principal: Principal, id: string, change: ConferenceChange, now: Date): Promise<ConferenceView> {
    const current = await this.get(principal.partnershipId, id, now);
    const raised = await this.db.selectFrom('cases').select('case_id').where('conference_id', '=', id).executeTakeFirst();
    if (raised !== undefined) {
      throw new ServiceError(
        'conflict',
        'A challenge has been raised against this conference, so it can no longer be changed here: record its minutes on the case',
      );
    }
    const minutesSent =
      change.minutesSent === undefined
        ? current.minutesSent === null
          ? undefined
          : { at: new Date(current.minutesSent.at), method: current.minutesSent.method }
        : (change.minutesSent ?? undefined);
    const decision = change.decision === undefined ? current.decision : change.decision;
    const category = change.category === undefined ? current.category : change.category;
    const changed: NewConference = {
      type: current.type,
      heldAt: change.heldAt ?? new Date(current.heldAt),
      chairId: current.chair.id,
      participants:
        change.participants ?? current.participants.map((p) => ({ personId: p.personId, invited: p.invited, attended: p.attended })),
      ...(current.externalRef === null ? {} : { externalRef: current.externalRef }),
      ...(current.localArea === null ? {} : { localArea: current.localArea }),
      ...(decision === null ? {} : { decision }),
      ...(category === null ? {} : { category }),
      ...(minutesSent === undefined ? {} : { minutesSent }),
    };
    const issues = await this.problems(principal.partnershipId, changed, now, (name) => `body.${name}`, id);
    if (issues.length > 0) throw new ServiceError('invalid', 'The conference details are not valid', { issues });
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('conferences')
        .set({
          held_at: changed.heldAt.toISOString(),
          decision: changed.decision ?? null,
          category: changed.category ?? null,
          minutes_sent_at: changed.minutesSent?.at.toISOString() ?? null,
          minutes_method: changed.minutesSent?.method ?? null,
        })
        .where('partnership_id', '=', principal.partnershipId)
        .where('id', '=', id)
        .execute();
      if (change.participants !== undefined) {
        await trx.deleteFrom('conference_participants').where('conference_id', '=', id).execute();
        if (change.participants.length > 0) {
          await trx
            .insertInto('conference_participants')
            .values(
              change.participants.map((p) => ({
                conference_id: id,
                person_id: p.personId,
                invited: p.invited ? 1 : 0,
                attended: p.attended ? 1 : 0,
              })),
            )
            .execute();
        }
      }
    });
    return this.get(principal.partnershipId, id, now);
  }

  async get(partnershipId: string, id: string, now: Date): Promise<ConferenceView> {
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
    const children = (await this.children.ofConferences([id])).get(id) ?? [];
    return {
      id: row.id,
      status: conferenceStatus(new Date(row.held_at), now),
      externalRef: row.external_ref,
      type: row.type,
      heldAt: row.held_at,
      chair: { id: row.chair_id, name: row.chair_name },
      localArea: row.local_area,
      decision: row.decision,
      category: row.category,
      minutesSent: row.minutes_sent_at === null ? null : { at: row.minutes_sent_at, method: row.minutes_method ?? 'email' },
      participants: participants.map((p) => ({
        personId: p.id,
        name: p.name,
        agency: p.agency,
        invited: p.invited === 1,
        attended: p.attended === 1,
      })),
      children,
    };
  }

  /**
   * The register: conferences most recent first, by London date range, booked or held, or for one
   * child; with their children and how many match in all.
   */
  async list(partnershipId: string, options: ConferenceListOptions, now: Date) {
    let query = this.db.selectFrom('conferences').where('conferences.partnership_id', '=', partnershipId);
    if (options.from !== undefined) query = query.where('conferences.held_at', '>=', startOfLondonDay(options.from).toISOString());
    // To the end of the London day: before the start of the next.
    if (options.to !== undefined)
      query = query.where('conferences.held_at', '<', startOfLondonDay(addCalendarDays(options.to, 1)).toISOString());
    if (options.status === 'booked') query = query.where('conferences.held_at', '>', now.toISOString());
    if (options.status === 'held') query = query.where('conferences.held_at', '<=', now.toISOString());
    if (options.childId !== undefined) {
      const childId = options.childId;
      query = query.where('conferences.id', 'in', (eb) =>
        eb
          .selectFrom('conference_children')
          .select('conference_children.conference_id')
          .where('conference_children.child_id', '=', childId),
      );
    }
    const child = options.child?.trim();
    if (child !== undefined && child !== '') {
      query = query.where('conferences.id', 'in', (eb) =>
        eb
          .selectFrom('conference_children')
          .innerJoin('children', 'children.id', 'conference_children.child_id')
          .select('conference_children.conference_id')
          .where('children.partnership_id', '=', partnershipId)
          .where((w) => w.or([columnContains('children.name', child), columnContains('children.social_care_id', child)])),
      );
    }
    const [rows, count] = await Promise.all([
      query
        .innerJoin('users', 'users.id', 'conferences.chair_id')
        .select([
          'conferences.id',
          'conferences.external_ref',
          'conferences.type',
          'conferences.held_at',
          'conferences.chair_id',
          'conferences.decision',
          'conferences.category',
          'conferences.local_area',
          'users.name as chair_name',
        ])
        .orderBy('conferences.held_at', 'desc')
        .orderBy('conferences.id')
        .limit(options.limit)
        .offset(options.offset)
        .execute(),
      query.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst(),
    ]);
    const children = await this.children.ofConferences(rows.map((r) => r.id));
    return {
      total: Number(count?.n ?? 0),
      conferences: rows.map((r) => ({
        id: r.id,
        status: conferenceStatus(new Date(r.held_at), now),
        externalRef: r.external_ref,
        type: r.type,
        heldAt: r.held_at,
        chairId: r.chair_id,
        chairName: r.chair_name,
        decision: r.decision,
        category: r.category,
        localArea: r.local_area,
        children: children.get(r.id) ?? [],
      })),
    };
  }

  /** The facts of a conference the engine needs to run a challenge to it. */
  async facts(
    partnershipId: string,
    id: string,
    now: Date,
  ): Promise<{
    facts: ConferenceFacts;
    status: ConferenceStatus;
    externalRef: string | null;
    localArea: string | null;
    minutesSent: ConferenceView['minutesSent'];
  }> {
    const view = await this.get(partnershipId, id, now);
    return {
      status: view.status,
      externalRef: view.externalRef,
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

/**
 * What a conference's time says about the rest of it. Nothing is dated after now except the
 * conference itself, which is then booked: a booked conference has no decision, category,
 * attendance or minutes until it has been held.
 */
function timeProblems(conference: NewConference, now: Date, field: (name: string) => string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const at = (instant: Date) => formatLondonLong(instant);
  if (conference.minutesSent !== undefined && conference.minutesSent.at.getTime() > now.getTime()) {
    issues.push({
      name: field('minutesSent.at'),
      reason: `cannot be in the future (${at(conference.minutesSent.at)} is after now, ${at(now)}): record the minutes when they have been sent`,
    });
  }
  if (conferenceStatus(conference.heldAt, now) === 'held') return issues;
  const booked = `the conference is booked for ${at(conference.heldAt)} and has not been held yet`;
  if (conference.decision !== undefined)
    issues.push({ name: field('decision'), reason: `${booked}: record its decision once it has been held` });
  if (conference.category !== undefined)
    issues.push({ name: field('category'), reason: `${booked}: record its category once it has been held` });
  if (conference.minutesSent !== undefined) issues.push({ name: field('minutesSent'), reason: `${booked}: it has no minutes yet` });
  (conference.participants ?? []).forEach((p, index) => {
    if (p.attended) issues.push({ name: field(`participants.${String(index)}.attended`), reason: `${booked}: nobody has attended it yet` });
  });
  return issues;
}
