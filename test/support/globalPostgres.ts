/**
 * Vitest's global setup: one throwaway PostgreSQL server for the whole run, where PostgreSQL is
 * installed. It starts in the background, so that a run with no PostgreSQL suite does not wait
 * for it; suites wait for it when they first make a database (support/postgres.ts).
 */
import type { TestProject } from 'vitest/node';
import { freePort } from '../../src/tools/freePort.js';
import { postgresUnavailable, startPostgres } from '../../src/tools/throwawayPostgres.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (postgresUnavailable() !== undefined) {
    project.provide('sharedPostgres', null);
    return () => Promise.resolve();
  }
  const port = await freePort();
  // Two test files at a time, each with apps whose pools hold up to ten connections, and two instances over one database.
  const starting = startPostgres({ port, maxConnections: 400 }).then(
    (server) => ({ server, error: undefined }),
    (error: unknown) => {
      process.stderr.write(`The shared PostgreSQL server did not start: ${String(error)}\n`);
      return { server: undefined, error };
    },
  );
  project.provide('sharedPostgres', { adminUrl: `postgres://postgres@127.0.0.1:${String(port)}/postgres` });
  return async () => {
    const { server } = await starting;
    server?.stop();
  };
}
