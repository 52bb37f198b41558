/**
 * The store's side of a database that goes away (ADR 0020): an unreachable database named at
 * start-up, a COMMIT cut off reported as of unknown outcome (never as "nothing was changed"),
 * and an outage reported once, not flapping with the queries in flight at its edges.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DatabaseAvailability,
  DatabaseFault,
  DatabaseUnreachableError,
  openDatabase,
  sql,
  type AvailabilityChange,
} from '../../src/store/database.js';
import { freePort } from '../../src/tools/freePort.js';
import { postgresUnavailable, ownPostgres, type PostgresServer } from '../support/postgres.js';

describe('start-up', () => {
  it('names an unreachable PostgreSQL plainly, by code, without its host, port, user or database', async () => {
    const port = await freePort();
    const opened = openDatabase(`postgres://secret_user@127.0.0.1:${String(port)}/secret_db`, { connectTimeoutMs: 1000 });
    await expect(opened).rejects.toBeInstanceOf(DatabaseUnreachableError);
    const error = await opened.catch((e: unknown) => e);
    const message = error instanceof Error ? error.message : '';
    expect(message).toBe('The database at DATABASE_URL cannot be reached (ECONNREFUSED)');
  });
});

describe('an outage', () => {
  it('is one change when it starts and one when it ends, whatever was in flight at either edge', () => {
    const availability = new DatabaseAvailability();
    const changes: AvailabilityChange['state'][] = [];
    availability.onChange((change) => changes.push(change.state));
    const beforeOutage = availability.epoch;
    availability.lost('ECONNREFUSED', beforeOutage);
    // Other queries started before the outage fail too, or one answers late: no change either way.
    availability.lost('57P01', beforeOutage);
    availability.answered(beforeOutage);
    expect(availability.outage?.reason).toBe('ECONNREFUSED');
    const duringOutage = availability.epoch;
    availability.answered(duringOutage);
    // A query started during the outage fails after the return: the outage is over all the same.
    availability.lost('ECONNREFUSED', duringOutage);
    expect(availability.outage).toBeUndefined();
    expect(changes).toEqual(['unavailable', 'available']);
  });
});

const unavailable = postgresUnavailable();
describe.skipIf(unavailable !== undefined)('PostgreSQL: the connection lost during COMMIT', () => {
  let server: PostgresServer | undefined;
  beforeAll(async () => {
    server = await ownPostgres();
  }, 60_000);
  afterAll(() => {
    server?.stop();
  });

  it('is an unknown outcome, not "nothing was changed", and the next query recovers on a fresh connection', async () => {
    if (server === undefined) throw new Error('PostgreSQL did not start');
    const location = await server.createDatabase();
    const database = await openDatabase(location, { connectTimeoutMs: 2000 });
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    try {
      const { db } = database;
      // A deferred constraint trigger runs at COMMIT: it sleeps there, and the backend is ended mid-COMMIT.
      await sql`create table committed (id int)`.execute(db);
      await sql`create function slow_commit() returns trigger language plpgsql as $$ begin perform pg_sleep(5); return null; end $$`.execute(
        db,
      );
      await sql`create constraint trigger slow_commit after insert on committed deferrable initially deferred for each row execute function slow_commit()`.execute(
        db,
      );
      // Its failure is caught at once: the backend may be ended, and the COMMIT fail, before this
      // test has finished asking which backend to end (an unhandled rejection, if caught later).
      const committing = db
        .transaction()
        .execute(async (trx) => {
          await sql`insert into committed values (1)`.execute(trx);
        })
        .catch((error: unknown) => error);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const terminated = await admin.query<{ pid: number }>(
        "select pid from pg_stat_activity where query ilike 'commit%' and state = 'active'",
      );
      expect(terminated.rows.length).toBe(1);
      await admin.query('select pg_terminate_backend($1)', [terminated.rows[0]?.pid]);
      const outcome = await committing;
      expect(outcome).toBeInstanceOf(DatabaseFault);
      expect(outcome instanceof DatabaseFault ? outcome.kind : undefined).toBe('outcome-unknown');
      expect(database.availability.outage).toBeDefined();
      // The next query opens a fresh connection, and the outage is over.
      expect((await sql<{ one: number }>`select 1 as one`.execute(db)).rows).toEqual([{ one: 1 }]);
      expect(database.availability.outage).toBeUndefined();
    } finally {
      await admin.end();
      await database.close();
    }
  }, 60_000);
});
