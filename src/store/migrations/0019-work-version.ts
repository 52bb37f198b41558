/**
 * Migration 0019: each partnership's work version, raised in the same transaction as any case's
 * work items are rewritten (readModels.ts), so that every app instance can tell, with the one row
 * it already reads per request, whether what it counted of the partnership's work still holds
 * (ADR 0042). Existing partnerships start at 0: an instance starts with nothing counted.
 */
import type { Kysely } from 'kysely';

export async function workVersion(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('partnerships')
    .addColumn('work_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
