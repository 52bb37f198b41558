/**
 * Migration 0017: My work reads a page of a group by walking one index in the order it shows
 * (issue 12's page speed). The index holds the work item's whole key after its due instant, so a
 * page is read in due order and stops at its last row (SQLite and PostgreSQL alike; items with no
 * time limit are the index's null run, in case order), and the columns a count needs (due date,
 * person), so counting the groups never reads the table. It replaces 0014's shorter index, which
 * is its prefix. A second index walks the partnership's items in due order whatever their role:
 * the work due from colleagues (every role but one's own, ADR 0035) is read from it the same way.
 */
import type { Kysely } from 'kysely';

export async function workItemsInDueOrder(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('work_items_due_order')
    .on('work_items')
    .columns(['partnership_id', 'role', 'due_instant', 'case_id', 'kind', 'item_id', 'due_date', 'person_id'])
    .execute();
  await db.schema.dropIndex('work_items_role').execute();
  await db.schema
    .createIndex('work_items_partnership_due_order')
    .on('work_items')
    .columns(['partnership_id', 'due_instant', 'case_id', 'kind', 'item_id', 'role', 'person_id'])
    .execute();
}
