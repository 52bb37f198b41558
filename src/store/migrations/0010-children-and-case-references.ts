/**
 * Migration 0010: children and the conferences they concern; human case references (ADR 0022);
 * the case list's sort and filter columns in the case summary. Existing cases are given their
 * references in the order they were raised, and their summaries the new columns from what is
 * already stored.
 */
import type { Kysely } from 'kysely';
import { formatReference, londonYearOf, uniquePrefix } from '../caseReferences.js';
import type { Schema } from '../database.js';

export async function childrenAndCaseReferences(db: Kysely<Schema>): Promise<void> {
  await db.schema
    .createTable('children')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnerships.id'))
    .addColumn('social_care_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('date_of_birth', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('children_social_care_id', ['partnership_id', 'social_care_id'])
    .execute();
  await db.schema
    .createTable('conference_children')
    .addColumn('conference_id', 'text', (c) => c.notNull().references('conferences.id'))
    .addColumn('child_id', 'text', (c) => c.notNull().references('children.id'))
    .addPrimaryKeyConstraint('conference_children_pk', ['conference_id', 'child_id'])
    .execute();
  await db.schema.createIndex('conference_children_child').on('conference_children').column('child_id').execute();
  await db.schema.createIndex('conferences_held_at').on('conferences').columns(['partnership_id', 'held_at']).execute();

  // ---- Case references ----
  await db.schema.alterTable('partnerships').addColumn('case_reference_prefix', 'text').execute();
  await db.schema.alterTable('cases').addColumn('reference', 'text').execute();
  await db.schema.alterTable('cases').addColumn('reference_year', 'integer').execute();
  await db.schema.alterTable('cases').addColumn('reference_seq', 'integer').execute();
  await db.schema
    .createTable('case_reference_counters')
    .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnerships.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_seq', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_reference_counters_pk', ['partnership_id', 'year'])
    .execute();
  const partnerships = await db.selectFrom('partnerships').select('id').orderBy('id').execute();
  const taken = new Set<string>();
  const prefixes = new Map<string, string>();
  for (const { id } of partnerships) {
    const prefix = uniquePrefix(id, taken);
    taken.add(prefix);
    prefixes.set(id, prefix);
    await db.updateTable('partnerships').set({ case_reference_prefix: prefix }).where('id', '=', id).execute();
  }
  // Existing cases are numbered in the order they were raised, per partnership and London year.
  const cases = await db
    .selectFrom('cases')
    .select(['case_id', 'partnership_id', 'created_at'])
    .orderBy('created_at')
    .orderBy('case_id')
    .execute();
  const counters = new Map<string, { partnershipId: string; year: number; seq: number }>();
  for (const row of cases) {
    const year = londonYearOf(new Date(row.created_at));
    const key = `${row.partnership_id}|${String(year)}`;
    const counter = counters.get(key) ?? { partnershipId: row.partnership_id, year, seq: 0 };
    counter.seq += 1;
    counters.set(key, counter);
    await db
      .updateTable('cases')
      .set({
        reference: formatReference(prefixes.get(row.partnership_id) ?? 'CASE', year, counter.seq),
        reference_year: year,
        reference_seq: counter.seq,
      })
      .where('case_id', '=', row.case_id)
      .execute();
  }
  for (const counter of counters.values()) {
    await db
      .insertInto('case_reference_counters')
      .values({ partnership_id: counter.partnershipId, year: counter.year, last_seq: counter.seq })
      .execute();
  }
  await db.schema.createIndex('cases_reference').unique().on('cases').columns(['partnership_id', 'reference']).execute();
  await db.schema.createIndex('cases_reference_order').on('cases').columns(['partnership_id', 'reference_year', 'reference_seq']).execute();
  await db.schema.createIndex('cases_conference').on('cases').column('conference_id').execute();

  // ---- The case list's columns ----
  await db.schema.alterTable('case_summary').addColumn('next_deadline_at', 'text').execute();
  await db.schema
    .alterTable('case_summary')
    .addColumn('stage_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('case_summary').addColumn('conference_held_at', 'text').execute();
  await db
    .updateTable('case_summary')
    .set((eb) => ({
      next_deadline_at: eb
        .selectFrom('open_deadlines')
        .select((d) => d.fn.min('open_deadlines.due_instant').as('due'))
        .whereRef('open_deadlines.case_id', '=', 'case_summary.case_id'),
      conference_held_at: eb
        .selectFrom('conferences')
        .select('conferences.held_at')
        .whereRef('conferences.id', '=', 'case_summary.conference_id'),
    }))
    .execute();
  // A stage's position in its procedure, from the procedure's own list (loaded only when there are cases to place).
  const summaries = await db.selectFrom('case_summary').select(['case_id', 'procedure_id', 'stage']).execute();
  if (summaries.length > 0) {
    const { procedureRegistry } = await import('../../core/procedures/registry.js');
    const latest = procedureRegistry().latest;
    for (const summary of summaries) {
      const order = latest.get(summary.procedure_id)?.stages.findIndex((s) => s.id === summary.stage) ?? -1;
      if (order > 0) await db.updateTable('case_summary').set({ stage_order: order }).where('case_id', '=', summary.case_id).execute();
    }
  }
  for (const [name, columns] of [
    ['case_summary_raised', ['partnership_id', 'raised_at']],
    ['case_summary_next_deadline', ['partnership_id', 'next_deadline_at']],
    ['case_summary_stage', ['partnership_id', 'stage_order', 'stage']],
    ['case_summary_conference_held', ['partnership_id', 'conference_held_at']],
  ] as const) {
    await db.schema
      .createIndex(name)
      .on('case_summary')
      .columns([...columns])
      .execute();
  }
}
