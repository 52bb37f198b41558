/**
 * Migration 0014: the work each open case gives staff (ADR 0024), one row per product role it falls to.
 * Filled as each case is next projected; cases projected before it are filled at start-up (services.ts).
 */
import type { Kysely } from 'kysely';

export async function workItems(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('work_items')
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('partnership_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text')
    .addColumn('owner_title', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('deadline_id', 'text')
    .addColumn('due_instant', 'text')
    .addColumn('due_date', 'text')
    .addColumn('due_display', 'text')
    .addColumn('explanation', 'text')
    .addColumn('clause', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('work_items_pk', ['case_id', 'kind', 'item_id', 'role'])
    .execute();
  await db.schema.createIndex('work_items_role').on('work_items').columns(['partnership_id', 'role', 'due_instant']).execute();
}
