/**
 * Migration 0019: each partnership's work version, raised in the same transaction as any case's
 * work items are rewritten (readModels.ts), so that every app instance can tell, with the row it
 * already reads per request, whether what it counted of the partnership's work still holds (ADR
 * 0042). A table of its own, not a column of `partnerships`: raising a case updates that row
 * first (its reference prefix) and then takes the next reference number, so raising the version
 * there last made two raises wait for each other on PostgreSQL (a deadlock). No foreign key,
 * for the same reason: its check would wait for that row too. A partnership with no row has
 * version 0, and an instance starts with nothing counted.
 */
import type { Kysely } from 'kysely';

export async function workVersion(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('work_versions')
    .addColumn('partnership_id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
}
