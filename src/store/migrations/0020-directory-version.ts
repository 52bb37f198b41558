/**
 * Migration 0020: each partnership's directory version, raised by the database itself whenever one
 * of its people or staff accounts is added, changed or removed (ADR 0049), so that every app
 * instance can tell, from the partnership row it already reads with a case, whether the names and
 * staff it keeps for that partnership still hold. Triggers, not calls in the service: no write path
 * (an administrator's form, the demo seed, a later migration, a hand-run fix) can forget it.
 *
 * A staff account's password is not part of the directory: changing it raises nothing.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.js';

/** The staff columns the directory shows (names, roles, agencies, line management, seniority, whether enabled). */
const USERS_DIRECTORY_COLUMNS = 'email, name, role, line_manager_id, agency, disabled, senior, partnership_agency, partnership_id';

export async function directoryVersion(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .alterTable('partnerships')
    .addColumn('directory_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  if (dialect === 'postgres') await postgresTriggers(db);
  else await sqliteTriggers(db);
}

async function postgresTriggers(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function raise_directory_version() returns trigger language plpgsql as $$
    begin
      if tg_op <> 'INSERT' then
        update partnerships set directory_version = directory_version + 1 where id = old.partnership_id;
      end if;
      if tg_op = 'INSERT' or (tg_op = 'UPDATE' and new.partnership_id is distinct from old.partnership_id) then
        update partnerships set directory_version = directory_version + 1 where id = new.partnership_id;
      end if;
      return null;
    end
    $$`.execute(db);
  await sql`create trigger people_directory_version after insert or update or delete on people
    for each row execute function raise_directory_version()`.execute(db);
  await sql`create trigger users_directory_version after insert or delete or update of ${sql.raw(USERS_DIRECTORY_COLUMNS)} on users
    for each row execute function raise_directory_version()`.execute(db);
}

async function sqliteTriggers(db: Kysely<unknown>): Promise<void> {
  const raise = (row: 'new' | 'old') =>
    sql.raw(`update partnerships set directory_version = directory_version + 1 where id = ${row}.partnership_id;`);
  for (const table of ['people', 'users'] as const) {
    const changed = table === 'users' ? ` of ${USERS_DIRECTORY_COLUMNS}` : '';
    await sql`create trigger ${sql.raw(`${table}_directory_insert`)} after insert on ${sql.raw(table)} begin ${raise('new')} end`.execute(
      db,
    );
    await sql`create trigger ${sql.raw(`${table}_directory_delete`)} after delete on ${sql.raw(table)} begin ${raise('old')} end`.execute(
      db,
    );
    await sql`create trigger ${sql.raw(`${table}_directory_update`)} after update${sql.raw(changed)} on ${sql.raw(table)} begin ${raise('old')} ${sql.raw(
      `update partnerships set directory_version = directory_version + 1 where id = new.partnership_id and new.partnership_id is not old.partnership_id;`,
    )} end`.execute(db);
  }
}
