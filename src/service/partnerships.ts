/** Partnerships: their procedure, local areas and closure days (which every working-day limit skips). */
import type { Kysely } from 'kysely';
import { isoDate, type ClosureDay } from '../core/calendar/index.js';
import type { Schema } from '../store/database.js';
import { notFound } from './errors.js';

export class Partnerships {
  constructor(private readonly db: Kysely<Schema>) {}

  async get(id: string) {
    const row = await this.db.selectFrom('partnerships').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined) throw notFound('partnership');
    const [areas, closures] = await Promise.all([
      this.db.selectFrom('local_areas').select(['id', 'name']).where('partnership_id', '=', id).orderBy('id').execute(),
      this.closureDays(id),
    ]);
    return { id: row.id, name: row.name, procedureId: row.procedure_id, localAreas: areas, closureDays: closures };
  }

  async closureDays(partnershipId: string): Promise<ClosureDay[]> {
    const rows = await this.db
      .selectFrom('closure_days')
      .select(['date', 'reason'])
      .where('partnership_id', '=', partnershipId)
      .orderBy('date')
      .execute();
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
}
