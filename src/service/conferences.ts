/** Conferences with their chair, invitees, attendees, decision, category and when the minutes were sent. */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { DELIVERY_METHODS } from '../core/calendar/index.js';
import type { ConferenceFacts } from '../core/engine/model.js';
import type { AgencyKind, ConferenceType } from '../core/procedures/schema.js';
import type { Schema } from '../store/database.js';
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
}

export interface ConferenceView {
  readonly id: string;
  readonly externalRef: string | null;
  readonly type: ConferenceType;
  readonly heldAt: string;
  readonly chair: { readonly id: string; readonly name: string };
  readonly localArea: string | null;
  readonly decision: (typeof CONFERENCE_DECISIONS)[number] | null;
  readonly category: (typeof CONFERENCE_CATEGORIES)[number] | null;
  readonly minutesSent: { readonly at: string; readonly method: (typeof MINUTES_METHODS)[number] } | null;
  readonly participants: readonly { readonly personId: string; readonly name: string; readonly agency: AgencyKind; readonly invited: boolean; readonly attended: boolean }[];
}

export class Conferences {
  constructor(private readonly db: Kysely<Schema>) {}

  /** Problems with a conference that its schema cannot see: its chair, area and participants. */
  private async problems(partnershipId: string, conference: NewConference, field: (name: string) => string): Promise<FieldIssue[]> {
    const issues: FieldIssue[] = [];
    const chair = await this.db
      .selectFrom('users')
      .select(['role'])
      .where('partnership_id', '=', partnershipId)
      .where('id', '=', conference.chairId)
      .executeTakeFirst();
    if (chair === undefined) issues.push({ name: field('chairId'), reason: 'no member of staff in this partnership has that id' });
    else if (!isStaffRole(chair.role) || !may(chair.role, 'chair-conferences')) issues.push({ name: field('chairId'), reason: 'must be a conference chair' });
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
  async record(principal: Principal, conferences: readonly NewConference[], now: Date, field: (index: number, name: string) => string): Promise<string[]> {
    const issues: FieldIssue[] = [];
    for (const [index, conference] of conferences.entries()) {
      issues.push(...(await this.problems(principal.partnershipId, conference, (name) => field(index, name))));
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

  async get(partnershipId: string, id: string): Promise<ConferenceView> {
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
      type: row.type,
      heldAt: row.held_at,
      chair: { id: row.chair_id, name: row.chair_name },
      localArea: row.local_area,
      decision: row.decision,
      category: row.category,
      minutesSent: row.minutes_sent_at === null ? null : { at: row.minutes_sent_at, method: row.minutes_method ?? 'email' },
      participants: participants.map((p) => ({ personId: p.id, name: p.name, agency: p.agency, invited: p.invited === 1, attended: p.attended === 1 })),
    };
  }

  async list(partnershipId: string, options: { limit: number; offset: number }) {
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
  async facts(partnershipId: string, id: string): Promise<{ facts: ConferenceFacts; localArea: string | null; minutesSent: ConferenceView['minutesSent'] }> {
    const view = await this.get(partnershipId, id);
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
