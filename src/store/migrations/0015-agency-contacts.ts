/**
 * Migration 0015: each partnership's agencies directory (ADR 0033): for each kind of agency the
 * partnership's people carry, its display name and where complaints about its own service go.
 * The raise flow shows it beside a redirection's clause.
 */
import type { Kysely } from 'kysely';

export async function agencyContacts(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('agency_contacts')
    .addColumn('partnership_id', 'text', (c) => c.notNull())
    .addColumn('agency', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('website', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('agency_contacts_pk', ['partnership_id', 'agency'])
    .execute();
}
