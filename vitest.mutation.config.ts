import { defineConfig } from 'vitest/config';

/**
 * The tests Stryker runs against each mutant of src/core: only the core's own tests (the engine,
 * the procedures, the calendar), so a run fits this machine. Used by `npm run test:mutation`.
 */
export default defineConfig({
  test: {
    include: ['test/engine/**/*.test.ts', 'test/procedures/**/*.test.ts', 'test/calendar/**/*.test.ts'],
    pool: 'threads',
    // The core is pure, so test files need no fresh module graph each: not isolating them makes a
    // mutant's run about 2.5 times faster here.
    isolate: false,
    testTimeout: 20_000,
  },
});
