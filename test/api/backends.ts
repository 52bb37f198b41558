/**
 * The API suites run on both databases: a real SQLite file and a fresh database on a throwaway
 * PostgreSQL server (skipped locally where PostgreSQL is not installed; required in CI).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';
import { WorkingCalendar } from '../../src/core/calendar/index.js';
import { procedureRegistry } from '../../src/core/procedures/registry.js';
import { createServices, type Services } from '../../src/service/services.js';
import { openDatabase, type Database, type OpenOptions } from '../../src/store/database.js';
import { copySeededSqlite, migrateAndSeed, testApp, type TestApp } from '../support/app.js';
import { postgresUnavailable, sharedPostgres, type TestPostgres } from '../support/postgres.js';

export interface Backend {
  readonly name: 'SQLite' | 'PostgreSQL';
  /** A location for a fresh database: undefined for a new SQLite file. */
  fresh(): Promise<string | undefined>;
  /**
   * A location for a fresh database already migrated and seeded with the demo partnerships as at
   * `now` (a copy of a template made once per process): undefined for a new SQLite file, which
   * `testApp` copies from its own template.
   */
  seeded(now: Date): Promise<string | undefined>;
}

/** An app over a fresh database on this backend, seeded as at `options.now`. */
export async function appOn(backend: Backend, options: Omit<Parameters<typeof testApp>[0], 'location'>): Promise<TestApp> {
  const location = await backend.seeded(options.now);
  return testApp({ ...options, ...(location === undefined ? {} : { location }) });
}

export function onBothDatabases(title: string, suite: (backend: () => Backend) => void): void {
  describe(`${title} on SQLite`, () => {
    suite(() => ({ name: 'SQLite', fresh: () => Promise.resolve(undefined), seeded: () => Promise.resolve(undefined) }));
  });
  const unavailable = postgresUnavailable();
  if (unavailable !== undefined && process.env['CI'] === 'true') throw new Error(`CI must run the PostgreSQL suites: ${unavailable}`);
  describe.skipIf(unavailable !== undefined)(`${title} on PostgreSQL`, () => {
    let server: TestPostgres | undefined;
    beforeAll(() => {
      server = sharedPostgres();
    });
    afterAll(() => server?.stop());
    suite(() => ({
      name: 'PostgreSQL',
      fresh: () => {
        if (server === undefined) throw new Error('PostgreSQL did not start');
        return server.createDatabase();
      },
      seeded: (now) => {
        if (server === undefined) throw new Error('PostgreSQL did not start');
        return server.copyOf(`seeded at ${now.toISOString()}`, (location) => migrateAndSeed(location, now));
      },
    }));
  });
}

export interface TwoInstances {
  readonly first: TestApp;
  readonly second: TestApp;
  /** Closes both, then removes the SQLite file's folder if there is one. */
  readonly close: () => Promise<void>;
}

/** Two app instances over one fresh database: what instances behind a load balancer share. */
export async function twoInstances(backend: Backend, options: Omit<Parameters<typeof testApp>[0], 'location'>): Promise<TwoInstances> {
  let location = await backend.seeded(options.now);
  let dir: string | undefined;
  if (location === undefined) {
    dir = mkdtempSync(join(tmpdir(), 'cc-instances-'));
    location = join(dir, 'shared.sqlite');
    await copySeededSqlite(location, options.now);
  }
  const first = await testApp({ ...options, location });
  const second = await testApp({ ...options, location });
  return {
    first,
    second,
    close: async () => {
      await first.close();
      await second.close();
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * For each test of the suite, a fresh database (a new SQLite file, or a new PostgreSQL database):
 * the function returned opens it (again, as another instance would, or only migrated as far as
 * `migrateTo`), and every database opened and not closed by the test is closed after it.
 */
export function freshDatabaseEachTest(backend: () => Backend): (options?: Pick<OpenOptions, 'migrateTo'>) => Promise<Database> {
  let location: string;
  let dir: string | undefined;
  const opened: Database[] = [];
  beforeEach(async () => {
    const fresh = await backend().fresh();
    if (fresh === undefined) {
      dir = mkdtempSync(join(tmpdir(), 'cc-store-'));
      location = join(dir, 'store.sqlite');
    } else location = fresh;
  }, 30_000);
  afterEach(async () => {
    for (const database of opened.splice(0)) await database.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  return async (options = {}) => {
    const database = await openDatabase(location, options);
    const tracked: Database = {
      ...database,
      close: () => {
        opened.splice(opened.indexOf(tracked), 1);
        return database.close();
      },
    };
    opened.push(tracked);
    return tracked;
  };
}

/** One app instance's services over the shared database. */
export interface Instance {
  readonly database: Database;
  readonly services: Services;
}

/**
 * For each test, a fresh database seeded with the demo partnerships as at `now`, and app instances
 * over it, each with services of its own, as several app instances share one database. `first()`
 * is the instance that seeded it; `instance()` opens another.
 */
export function instancesOverOneDatabase(backend: () => Backend, now: Date): { first: () => Instance; instance: () => Promise<Instance> } {
  const open = freshDatabaseEachTest(backend);
  const instance = async (): Promise<Instance> => {
    const database = await open();
    return { database, services: createServices(database, procedureRegistry(), { maxDocumentBytes: 1_048_576 }) };
  };
  let first: Instance | undefined;
  beforeEach(async () => {
    first = await instance();
    await first.services.seedDemo({ password: 'demo-password-for-tests', now, calendar: WorkingCalendar.create() });
  }, 60_000);
  return {
    first: () => {
      if (first === undefined) throw new Error('instancesOverOneDatabase: first() is for inside a test');
      return first;
    },
    instance,
  };
}
