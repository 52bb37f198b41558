import { defineConfig } from 'vitest/config';

/**
 * The tests Stryker runs against each mutant of src/core: only the core's own tests (the engine,
 * the procedures, the calendar), so a run fits this machine. Used by `npm run test:mutation`.
 * `MUTATION_TESTS=engine` keeps only the engine's own tests, to see what they alone guard (and to
 * run a batch of engine files in minutes rather than an hour).
 */
const CORE_TESTS = ['test/engine/**/*.test.ts', 'test/procedures/**/*.test.ts', 'test/calendar/**/*.test.ts'];

export default defineConfig({
  test: {
    include: process.env['MUTATION_TESTS'] === 'engine' ? ['test/engine/**/*.test.ts'] : CORE_TESTS,
    pool: 'threads',
    // Isolated, as in `npm test`: without isolation a run is about 2.5 times faster, but Stryker
    // then misattributes which tests cover a mutant and reports survivors that the tests kill.
    testTimeout: 20_000,
  },
});
