/**
 * PostgreSQL for the tests. One throwaway server (src/tools/throwawayPostgres.ts, which the
 * benchmarks use too) is started by the global setup (test/support/globalPostgres.ts) for the
 * whole run; each suite makes its own databases on it and drops them when it ends. Fault tests,
 * which stop, freeze or restart the server, start their own with `ownPostgres`.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { onceByKey } from './onceByKey.js';
import { postgresUnavailable, startPostgres, type PostgresServer } from '../../src/tools/throwawayPostgres.js';

export { postgresUnavailable, type PostgresServer };

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's shared server, still starting when the first suite asks; null where PostgreSQL is not installed. */
    sharedPostgres: { readonly adminUrl: string } | null;
  }
}

/** A server of the suite's own, for tests that stop, freeze or restart it. */
export const ownPostgres = startPostgres;

/** The suite's view of the run's shared server: databases of its own, dropped by `stop`. */
export interface TestPostgres {
  /** A new, empty database, as `postgres://…/<name>`. */
  createDatabase(): Promise<string>;
  /**
   * A new database copied from the template this process made under `key` with `build` (given
   * the template's location, made the first time the key is asked for; kept until the server
   * stops at the end of the run).
   */
  copyOf(key: string, build: (location: string) => Promise<void>): Promise<string>;
  /** Drops every database this suite made (closing any connection a test left open). */
  stop(): Promise<void>;
}

/** Waits for the shared server, which the global setup starts without waiting for it. */
async function connectAdmin(adminUrl: string): Promise<pg.Client> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const client = new pg.Client({ connectionString: adminUrl });
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline)
        throw new Error(`the shared PostgreSQL server at ${adminUrl} did not start (see the global setup's output)`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** This process's template databases on the shared server, by key: made once, copied for each test. */
const templates = new Map<string, Promise<string>>();

/** Unique across the run's processes, which share the server. */
const uniqueName = (prefix: string) => `${prefix}_${String(process.pid)}_${randomBytes(6).toString('hex')}`;

export function sharedPostgres(): TestPostgres {
  const shared = inject('sharedPostgres');
  if (shared === null) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
  const made: string[] = [];
  const urlOf = (name: string) => shared.adminUrl.replace(/\/postgres$/, `/${name}`);
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = await connectAdmin(shared.adminUrl);
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    async createDatabase() {
      const name = uniqueName('test');
      await admin((client) => client.query(`create database ${name}`));
      made.push(name);
      return urlOf(name);
    },
    async copyOf(key, build) {
      const source = await onceByKey(templates, `${shared.adminUrl}\0${key}`, async () => {
        const name = uniqueName('template');
        await admin((client) => client.query(`create database ${name}`));
        await build(urlOf(name));
        return name;
      });
      const name = uniqueName('test');
      await admin((client) => client.query(`create database ${name} template ${source}`));
      made.push(name);
      return urlOf(name);
    },
    async stop() {
      const names = made.splice(0);
      if (names.length === 0) return;
      await admin(async (client) => {
        for (const name of names) await client.query(`drop database if exists ${name} with (force)`);
      });
    },
  };
}
