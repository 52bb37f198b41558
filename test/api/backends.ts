/**
 * The API suites run on both databases: a real SQLite file and a fresh database on a throwaway
 * PostgreSQL server (skipped locally where PostgreSQL is not installed; required in CI).
 */
import { afterAll, beforeAll, describe } from 'vitest';
import { postgresUnavailable, startPostgres, type PostgresServer } from '../support/postgres.js';

export interface Backend {
  readonly name: 'SQLite' | 'PostgreSQL';
  /** A location for a fresh database: undefined for a new SQLite file. */
  fresh(): Promise<string | undefined>;
}

export function onBothDatabases(title: string, suite: (backend: () => Backend) => void): void {
  describe(`${title} on SQLite`, () => {
    suite(() => ({ name: 'SQLite', fresh: () => Promise.resolve(undefined) }));
  });
  const unavailable = postgresUnavailable();
  if (unavailable !== undefined && process.env['CI'] === 'true') throw new Error(`CI must run the PostgreSQL suites: ${unavailable}`);
  describe.skipIf(unavailable !== undefined)(`${title} on PostgreSQL`, () => {
    let server: PostgresServer | undefined;
    beforeAll(async () => {
      server = await startPostgres();
    }, 60_000);
    afterAll(() => {
      server?.stop();
    });
    suite(() => ({
      name: 'PostgreSQL',
      fresh: () => {
        if (server === undefined) throw new Error('PostgreSQL did not start');
        return server.createDatabase();
      },
    }));
  });
}
