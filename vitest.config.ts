import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Files that measure time or load a server to its limits: they run after the others, one at a time, so
 * that a neighbouring file cannot make them slow (they assert on what a busy service does, not on timing
 * a test should never depend on, but their load must be theirs alone).
 */
const ALONE = [
  'test/api/faults.test.ts',
  'test/api/busySessionTouch.test.ts',
  'test/api/durability.test.ts',
  'test/web/busyServer.test.ts',
  'test/web/hostileConnections.test.ts',
  'test/web/hostileLoad.test.ts',
  'test/api/caseList.test.ts',
  'test/service/myWorkScale.test.ts',
];

export default defineConfig({
  test: {
    // Each file in its own process: a native addon (argon2) whose work is still pending when a worker
    // thread is torn down aborts the whole run ("terminate called after throwing Napi::Error"); a
    // process ends cleanly.
    pool: 'forks',
    testTimeout: 20_000,
    // One throwaway PostgreSQL server for the run (each suite makes and drops its own databases).
    globalSetup: ['test/support/globalPostgres.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'together',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...ALONE],
          // Vitest's default on a 2-core machine is one file at a time; most files wait on PostgreSQL's
          // fsync, Chromium or argon2's thread pool, so two at a time nearly halves the run.
          maxWorkers: Math.max(2, availableParallelism()),
          // A worker process runs file after file with the modules it has already loaded: loading the
          // service's module graph again for each of some 180 files was a fifth of the run. The tests
          // keep no state in modules between files (each makes its own app and database).
          isolate: false,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: { name: 'alone', include: ALONE, maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
