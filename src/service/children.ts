/**
 * The children conferences concern, known by the children's social care system's id, which is
 * unique in a partnership: recording a conference for a child already known links the same child,
 * so an import run twice adds no one twice. A child's name and date of birth are case content:
 * their reads need the same permission as conferences', and are audited like them (by the routes
 * and pages that show them).
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { formatLondonLong, londonDateOf, type IsoDate } from '../core/calendar/index.js';
import type { Schema } from '../store/database.js';
import { paddedRuns, prepareQuery, type PreparedQuery } from '../store/prepared.js';
import { notFound, type FieldIssue } from './errors.js';

export interface ChildInput {
  /** The id the children's social care system gives the child. */
  readonly socialCareId: string;
  readonly name: string;
  /** Absent for a child not yet born (a pre-birth conference). */
  readonly dateOfBirth?: IsoDate;
}

export interface ChildView {
  readonly id: string;
  readonly socialCareId: string;
  readonly name: string;
  readonly dateOfBirth: string | null;
}

type Db = Kysely<Schema> | Transaction<Schema>;

/** Whether two spellings of a name are the same name: case and spacing aside. */
const sameName = (a: string, b: string) => a.trim().replace(/\s+/g, ' ').toLowerCase() === b.trim().replace(/\s+/g, ' ').toLowerCase();

/** A LIKE pattern matching the text anywhere, whatever its case, its own % _ and \ taken literally (for columnLike). */
export function containing(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Whether a column, lower-cased, matches a pattern made by `containing`, on both databases (SQLite's LIKE has no escape character unless told). */
export function columnLike(column: string, pattern: string): RawBuilder<boolean> {
  return sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}

/** Whether a column holds the text anywhere, whatever its case, on both databases. */
export function columnContains(column: string, text: string): RawBuilder<boolean> {
  return columnLike(column, containing(text));
}

export class Children {
  constructor(private readonly db: Kysely<Schema>) {}

  /**
   * What is wrong with the children of one conference: none twice, no date of birth after the
   * conference's day, and a social care id already known must be the same child (name and date
   * of birth), or the id has been mistyped.
   */
  async problems(
    partnershipId: string,
    children: readonly ChildInput[],
    heldAt: Date,
    field: (name: string) => string,
    db: Db = this.db,
  ): Promise<FieldIssue[]> {
    const issues: FieldIssue[] = [];
    const ids = children.map((c) => c.socialCareId);
    ids.forEach((id, index) => {
      if (ids.indexOf(id) !== index)
        issues.push({ name: field(`children.${String(index)}.socialCareId`), reason: 'lists the same child twice' });
    });
    const known = await this.bySocialCareId(partnershipId, ids, db);
    children.forEach((child, index) => {
      const at = (name: string) => field(`children.${String(index)}.${name}`);
      if (child.dateOfBirth !== undefined && child.dateOfBirth > londonDateOf(heldAt)) {
        issues.push({
          name: at('dateOfBirth'),
          reason: `cannot be after the conference (${formatLondonLong(heldAt)}): leave it empty for a child not yet born`,
        });
      }
      const existing = known.get(child.socialCareId);
      if (existing === undefined) return;
      if (!sameName(existing.name, child.name) || (existing.dateOfBirth ?? undefined) !== child.dateOfBirth) {
        issues.push({
          name: at('socialCareId'),
          reason: `a child with the social care id ${child.socialCareId} is already recorded with a different name or date of birth: check the id`,
        });
      }
    });
    return issues;
  }

  private async bySocialCareId(partnershipId: string, ids: readonly string[], db: Db): Promise<Map<string, ChildView>> {
    if (ids.length === 0) return new Map();
    const rows = await db
      .selectFrom('children')
      .select(['id', 'social_care_id', 'name', 'date_of_birth'])
      .where('partnership_id', '=', partnershipId)
      .where('social_care_id', 'in', [...new Set(ids)])
      .execute();
    return new Map(rows.map((r) => [r.social_care_id, viewOf(r)]));
  }

  /** Links the conference to its children, recording those not yet known; inside the conference's transaction. */
  async link(
    trx: Transaction<Schema>,
    who: { readonly partnershipId: string; readonly id: string },
    conferenceId: string,
    children: readonly ChildInput[],
    now: Date,
  ): Promise<void> {
    if (children.length === 0) return;
    const known = await this.bySocialCareId(
      who.partnershipId,
      children.map((c) => c.socialCareId),
      trx,
    );
    const childIds: string[] = [];
    for (const child of children) {
      let id = known.get(child.socialCareId)?.id;
      if (id === undefined) {
        id = randomUUID();
        await trx
          .insertInto('children')
          .values({
            id,
            partnership_id: who.partnershipId,
            social_care_id: child.socialCareId,
            name: child.name.trim(),
            date_of_birth: child.dateOfBirth ?? null,
            created_at: now.toISOString(),
            created_by: who.id,
          })
          .execute();
        known.set(child.socialCareId, { id, socialCareId: child.socialCareId, name: child.name, dateOfBirth: child.dateOfBirth ?? null });
      }
      childIds.push(id);
    }
    await trx
      .insertInto('conference_children')
      .values([...new Set(childIds)].map((childId) => ({ conference_id: conferenceId, child_id: childId })))
      .onConflict((oc) => oc.columns(['conference_id', 'child_id']).doNothing())
      .execute();
  }

  /** The children of each conference, by name. */
  async ofConferences(conferenceIds: readonly string[]): Promise<Map<string, ChildView[]>> {
    const found = new Map<string, ChildView[]>();
    const distinct = [...new Set(conferenceIds)];
    let lookup = childrenOfConferences.get(this.db);
    if (lookup === undefined) {
      lookup = prepareQuery(this.db, CONFERENCES_AT_ONCE, (db, ...ids: never[]) =>
        db
          .selectFrom('conference_children')
          .innerJoin('children', 'children.id', 'conference_children.child_id')
          .select([
            'conference_children.conference_id',
            'children.id',
            'children.social_care_id',
            'children.name',
            'children.date_of_birth',
          ])
          .where('conference_children.conference_id', 'in', ids)
          .orderBy('children.name')
          .orderBy('children.id'),
      );
      childrenOfConferences.set(this.db, lookup);
    }
    // Each conference is in one run, so its children come in order.
    for (const run of paddedRuns(distinct, CONFERENCES_AT_ONCE)) {
      const rows = await lookup.execute(...run);
      for (const row of rows) {
        const list = found.get(row.conference_id) ?? [];
        list.push(viewOf(row));
        found.set(row.conference_id, list);
      }
    }
    return found;
  }

  /** The partnership's children, by name; `search` finds a part of a name or social care id, whatever its case. */
  async list(
    partnershipId: string,
    options: { readonly search?: string; readonly limit: number; readonly offset: number },
  ): Promise<{ readonly children: ChildView[]; readonly total: number }> {
    let query = this.db.selectFrom('children').where('partnership_id', '=', partnershipId);
    const search = options.search?.trim();
    if (search !== undefined && search !== '') {
      query = query.where((eb) => eb.or([columnContains('name', search), columnContains('social_care_id', search)]));
    }
    const [rows, count] = await Promise.all([
      query
        .select(['id', 'social_care_id', 'name', 'date_of_birth'])
        .orderBy('name')
        .orderBy('id')
        .limit(options.limit)
        .offset(options.offset)
        .execute(),
      query.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst(),
    ]);
    return { children: rows.map(viewOf), total: Number(count?.n ?? 0) };
  }

  async get(partnershipId: string, id: string): Promise<ChildView> {
    const row = await this.db
      .selectFrom('children')
      .select(['id', 'social_care_id', 'name', 'date_of_birth'])
      .where('partnership_id', '=', partnershipId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (row === undefined) throw notFound('child');
    return viewOf(row);
  }
}

/** How many conferences one run of the compiled lookup of their children takes: a page of the case list. */
export const CONFERENCES_AT_ONCE = 25;
interface ChildOfConference {
  readonly conference_id: string;
  readonly id: string;
  readonly social_care_id: string;
  readonly name: string;
  readonly date_of_birth: string | null;
}
/** The lookup of conferences' children, compiled once (src/store/prepared.ts) for each database. */
const childrenOfConferences = new WeakMap<Kysely<Schema>, PreparedQuery<string[], ChildOfConference>>();

function viewOf(row: { id: string; social_care_id: string; name: string; date_of_birth: string | null }): ChildView {
  return { id: row.id, socialCareId: row.social_care_id, name: row.name, dateOfBirth: row.date_of_birth };
}
