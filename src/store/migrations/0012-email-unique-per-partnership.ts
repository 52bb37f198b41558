/**
 * Migration 0012: an email address is unique within a partnership, not across them (ADR 0021): adding an
 * account must not reveal that the address has one elsewhere.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.js';

export async function emailUniquePerPartnership(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') {
    await sql`alter table users drop constraint if exists users_email_key`.execute(db);
  } else {
    await sqliteUsersWithoutGlobalEmailKey(db);
  }
  await db.schema.createIndex('users_partnership_email').unique().on('users').columns(['partnership_id', 'email']).execute();
  await db.schema.createIndex('users_email').on('users').column('email').execute();
}

/**
 * SQLite cannot drop a column's UNIQUE: the table is rebuilt without it, as SQLite's documentation
 * describes (foreign keys off, copy, drop, rename, check, foreign keys on). Migrations on SQLite
 * run outside a transaction (Kysely: no transactional DDL), so the pragma takes effect; the copy
 * itself is one transaction.
 */
async function sqliteUsersWithoutGlobalEmailKey(db: Kysely<unknown>): Promise<void> {
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await db.transaction().execute(async (trx) => {
      await trx.schema
        .createTable('users_rebuilt')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('partnership_id', 'text', (c) => c.notNull().references('partnerships.id'))
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('line_manager_id', 'text', (c) => c.references('users.id'))
        .addColumn('agency', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('senior', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('partnership_agency', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      const columns = sql.raw(
        'id, partnership_id, email, name, role, password_hash, line_manager_id, agency, created_at, disabled, senior, partnership_agency',
      );
      await sql`insert into users_rebuilt (${columns}) select ${columns} from users`.execute(trx);
      await trx.schema.dropTable('users').execute();
      await trx.schema.alterTable('users_rebuilt').renameTo('users').execute();
      const broken = await sql<{ table: string }>`pragma foreign_key_check`.execute(trx);
      if (broken.rows.length > 0) throw new Error(`rebuilding users broke ${String(broken.rows.length)} foreign keys`);
    });
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}
