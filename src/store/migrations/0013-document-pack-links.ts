/**
 * Migration 0013: the documents linked to each item of a panel's document pack. Numbered 0013 to leave
 * 0010-0012 to the branches merged beside it.
 */
import type { Kysely } from 'kysely';

export async function documentPackLinks(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('document_pack_links')
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('panel_id', 'text', (c) => c.notNull())
    .addColumn('item', 'integer', (c) => c.notNull())
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id'))
    .addColumn('linked_by', 'text', (c) => c.notNull())
    .addColumn('linked_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('document_pack_links_pk', ['case_id', 'panel_id', 'item', 'document_id'])
    .execute();
}
