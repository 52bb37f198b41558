/**
 * Migration 0011: each partnership's letterhead, and letters drafted on a case with every version kept until one is sent.
 */
import type { Kysely } from 'kysely';

export async function letterheadsAndLetterDrafts(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('letterheads')
    .addColumn('partnership_id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address_lines', 'text', (c) => c.notNull())
    .addColumn('postcode', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('website', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('letter_drafts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('partnership_id', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('letter_id', 'text', (c) => c.notNull())
    .addColumn('action_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('sent_method', 'text')
    .addColumn('sent_by', 'text')
    .addColumn('final_text', 'text')
    .execute();
  await db.schema.createIndex('letter_drafts_case').on('letter_drafts').columns(['case_id', 'letter_id']).execute();
  await db.schema
    .createTable('letter_draft_versions')
    .addColumn('draft_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('edited_at', 'text', (c) => c.notNull())
    .addColumn('edited_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('letter_draft_versions_pk', ['draft_id', 'version'])
    .execute();
}
