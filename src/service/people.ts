/** People from partner agencies: conference invitees and attendees, panel members, colleagues. */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { AgencyKind } from '../core/procedures/schema.js';
import type { Schema } from '../store/database.js';
import { paddedRuns, prepareQuery, type PreparedQuery } from '../store/prepared.js';
import { notFound } from './errors.js';

export interface NewPerson {
  readonly id?: string;
  readonly name: string;
  readonly agency: AgencyKind;
  readonly jobTitle?: string;
  /** A senior manager (default no): panels' seniority rules read it. */
  readonly senior?: boolean;
  /** Employed by an agency of the partnership (default yes). */
  readonly partnershipAgency?: boolean;
}

/** Everything the directory says about a person, replaced whole (an edit form sends every field). */
export interface PersonChange {
  readonly name: string;
  readonly agency: AgencyKind;
  readonly jobTitle?: string;
  readonly senior: boolean;
  readonly partnershipAgency: boolean;
}

/** How many ids one run of the compiled directory lookup takes: the people named on a case's timeline. */
export const IDS_AT_ONCE = 24;
interface DirectoryRow {
  readonly id: string;
  readonly name: string;
  readonly agency: AgencyKind;
  readonly senior: number;
  readonly partnership_agency: number;
  /** 1 for a member of staff, 0 for a person of the directory (a number on SQLite, as written; PostgreSQL's int). */
  readonly staff: number | string;
}
/** The directory lookup (people and staff at once), compiled once (src/store/prepared.ts) for each database. */
const directoryLookups = new WeakMap<Kysely<Schema>, PreparedQuery<string[], DirectoryRow>>();

const personView = (row: {
  id: string;
  name: string;
  agency: AgencyKind;
  job_title: string | null;
  senior: number;
  partnership_agency: number;
}) => ({
  id: row.id,
  name: row.name,
  agency: row.agency,
  jobTitle: row.job_title,
  senior: row.senior === 1,
  partnershipAgency: row.partnership_agency === 1,
});

/** What the directory says about someone who may sit on a panel: a member of staff or a person from a partner agency. */
export interface DirectoryEntry {
  readonly id: string;
  readonly name: string;
  readonly agency: AgencyKind;
  readonly senior: boolean;
  readonly partnershipAgency: boolean;
}

export class People {
  constructor(private readonly db: Kysely<Schema>) {}

  /** Records a person; `createdBy` is who added them (a user's id, or `token:<id>`). */
  async add(partnershipId: string, person: NewPerson, now: Date, createdBy: string): Promise<string> {
    const id = person.id ?? randomUUID();
    await this.db
      .insertInto('people')
      .values({
        id,
        partnership_id: partnershipId,
        name: person.name,
        agency: person.agency,
        job_title: person.jobTitle ?? null,
        created_at: now.toISOString(),
        created_by: createdBy,
        senior: person.senior === true ? 1 : 0,
        partnership_agency: person.partnershipAgency === false ? 0 : 1,
      })
      .execute();
    return id;
  }

  /**
   * Changes what the directory says about a person. Panels already convened keep the facts they
   * were checked against (ADR 0014); a change counts for panels proposed from now on.
   */
  async update(partnershipId: string, id: string, change: PersonChange): Promise<ReturnType<typeof personView>> {
    const result = await this.db
      .updateTable('people')
      .set({
        name: change.name,
        agency: change.agency,
        job_title: change.jobTitle === undefined || change.jobTitle === '' ? null : change.jobTitle,
        senior: change.senior ? 1 : 0,
        partnership_agency: change.partnershipAgency ? 1 : 0,
      })
      .where('partnership_id', '=', partnershipId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw notFound('person');
    return this.get(partnershipId, id);
  }

  async get(partnershipId: string, id: string) {
    const row = await this.db
      .selectFrom('people')
      .selectAll()
      .where('partnership_id', '=', partnershipId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (row === undefined) throw notFound('person');
    return personView(row);
  }

  /** The partnership's directory entries for these ids, members of staff and people alike; an unknown id is absent. */
  async directory(partnershipId: string, ids: readonly string[]): Promise<Map<string, DirectoryEntry>> {
    const found = new Map<string, DirectoryEntry>();
    const distinct = [...new Set(ids)];
    if (distinct.length === 0) return found;
    let lookup = directoryLookups.get(this.db);
    if (lookup === undefined) {
      lookup = prepareQuery(this.db, 1 + IDS_AT_ONCE, (db, partnershipId: never, ...someIds: never[]) => {
        const columns = ['id', 'name', 'agency', 'senior', 'partnership_agency', sql<number>`0`.as('staff')] as const;
        return db
          .selectFrom('people')
          .select(columns)
          .where('partnership_id', '=', partnershipId)
          .where('id', 'in', someIds)
          .unionAll(
            db
              .selectFrom('users')
              .select(['id', 'name', 'agency', 'senior', 'partnership_agency', sql<number>`1`.as('staff')])
              .where('partnership_id', '=', partnershipId)
              .where('id', 'in', someIds),
          );
      });
      directoryLookups.set(this.db, lookup);
    }
    const rows: DirectoryRow[] = [];
    for (const run of paddedRuns(distinct, IDS_AT_ONCE)) rows.push(...(await lookup.execute(partnershipId, ...run)));
    // A member of staff's entry wins over a person's with the same id, as before (read after it).
    rows.sort((a, b) => Number(a.staff) - Number(b.staff));
    for (const row of rows) {
      found.set(row.id, {
        id: row.id,
        name: row.name,
        agency: row.agency,
        senior: row.senior === 1,
        partnershipAgency: row.partnership_agency === 1,
      });
    }
    return found;
  }

  /** Everyone who could sit on a panel: the partnership's staff (enabled accounts) and people, by name (ADR 0026). */
  async panelCandidates(partnershipId: string): Promise<DirectoryEntry[]> {
    const columns = ['id', 'name', 'agency', 'senior', 'partnership_agency'] as const;
    const [staff, people] = await Promise.all([
      this.db.selectFrom('users').select(columns).where('partnership_id', '=', partnershipId).where('disabled', '=', 0).execute(),
      this.db.selectFrom('people').select(columns).where('partnership_id', '=', partnershipId).execute(),
    ]);
    const byId = new Map<string, DirectoryEntry>();
    for (const row of [...people, ...staff]) {
      byId.set(row.id, {
        id: row.id,
        name: row.name,
        agency: row.agency,
        senior: row.senior === 1,
        partnershipAgency: row.partnership_agency === 1,
      });
    }
    return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  }

  async list(partnershipId: string) {
    const rows = await this.db.selectFrom('people').selectAll().where('partnership_id', '=', partnershipId).orderBy('name').execute();
    return rows.map(personView);
  }
}
