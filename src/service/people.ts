/** People from partner agencies: conference invitees and attendees, panel members, colleagues. */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AgencyKind } from '../core/procedures/schema.js';
import type { Schema } from '../store/database.js';
import { notFound } from './errors.js';

export interface NewPerson {
  readonly id?: string;
  readonly name: string;
  readonly agency: AgencyKind;
  readonly jobTitle?: string;
}

export class People {
  constructor(private readonly db: Kysely<Schema>) {}

  async add(partnershipId: string, person: NewPerson, now: Date): Promise<string> {
    const id = person.id ?? randomUUID();
    await this.db
      .insertInto('people')
      .values({ id, partnership_id: partnershipId, name: person.name, agency: person.agency, job_title: person.jobTitle ?? null, created_at: now.toISOString() })
      .execute();
    return id;
  }

  async get(partnershipId: string, id: string) {
    const row = await this.db.selectFrom('people').selectAll().where('partnership_id', '=', partnershipId).where('id', '=', id).executeTakeFirst();
    if (row === undefined) throw notFound('person');
    return { id: row.id, name: row.name, agency: row.agency, jobTitle: row.job_title };
  }

  async list(partnershipId: string) {
    const rows = await this.db.selectFrom('people').selectAll().where('partnership_id', '=', partnershipId).orderBy('name').execute();
    return rows.map((row) => ({ id: row.id, name: row.name, agency: row.agency, jobTitle: row.job_title }));
  }
}
