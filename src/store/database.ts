/**
 * The database: an embedded SQLite file by default. Schema changes are migrations in code, run on
 * open, written for both SQLite and PostgreSQL through Kysely.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type Generated, type Migration } from 'kysely';
import pg from 'pg';

export interface CaseEventsTable {
  case_id: string;
  seq: number;
  type: string;
  payload: string;
  recorded_at: string;
  actor_id: string;
  actor_role: string;
  prev_hash: string;
  hash: string;
}

export interface CaseSummaryTable {
  case_id: string;
  procedure_id: string;
  stage: string;
  status: string;
  version: number;
  raised_at: string;
  updated_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_id: string;
  actor_role: string;
  action: string;
  subject_type: string;
  subject_id: string;
  outcome: string;
}

export interface Schema {
  case_events: CaseEventsTable;
  case_summary: CaseSummaryTable;
  audit_log: AuditLogTable;
}

export type Dialect = 'sqlite' | 'postgres';

function migrations(dialect: Dialect): Record<string, Migration> {
  return {
  '0001-case-events': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('case_events')
        .addColumn('case_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('actor_role', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        // The key is what makes a stale append fail even between app instances.
        .addPrimaryKeyConstraint('case_events_pk', ['case_id', 'seq'])
        .execute();
      await db.schema
        .createTable('case_summary')
        .addColumn('case_id', 'text', (c) => c.primaryKey())
        .addColumn('procedure_id', 'text', (c) => c.notNull())
        .addColumn('stage', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('raised_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('audit_log')
        .addColumn('id', 'integer', (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey().generatedAlwaysAsIdentity()))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('actor_role', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('subject_type', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .execute();
    },
  },
  };
}

export interface Database {
  readonly db: Kysely<Schema>;
  readonly dialect: Dialect;
  close(): Promise<void>;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** Opens (creating if need be) the SQLite file and brings its schema up to date. */
export async function openSqlite(file: string): Promise<Database> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const connection = new BetterSqlite3(file);
  // Durability first: an acknowledged append survives a crash or power loss.
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = FULL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: connection }) });
  return migrated(db, 'sqlite');
}

/**
 * Opens a PostgreSQL database by URL. Several app instances may share it: migrations take a lock,
 * and appends are protected by the events' primary key.
 */
export async function openPostgres(url: string, options: { maxConnections?: number } = {}): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10 });
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return migrated(db, 'postgres');
}

/** `postgres://` URLs select PostgreSQL; anything else is a SQLite file path. */
export function openDatabase(location: string): Promise<Database> {
  return /^postgres(ql)?:\/\//.test(location) ? openPostgres(location) : openSqlite(location);
}

async function migrated(db: Kysely<Schema>, dialect: Dialect): Promise<Database> {
  const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations(dialect)) } });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) {
    await db.destroy();
    throw new MigrationError(`The database could not be brought up to date: ${error instanceof Error ? error.message : 'unknown error'}`);
  }
  return { db, dialect, close: () => db.destroy() };
}

export { sql };
