// @ts-check
/**
 * Mutation testing of the pure core (`npm run test:mutation`; not part of `npm test`).
 *
 * Mutated: src/core, except the procedure definitions (src/core/procedures/definitions/**) and the
 * bank holidays feed (src/core/calendar/bank-holidays.json): they are data, checked by the
 * procedure tests and load-time validation, not logic a mutant could meaningfully change.
 * No TypeScript checker: it would type-check every mutant (minutes each on two shared cores);
 * mutants that do not compile fail their tests anyway and are reported as killed or errors.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: ['src/core/**/*.ts', '!src/core/procedures/definitions/**'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  // A mutant that loops for ever (a working-day walk that never ends) times out this much after the unmutated run's time.
  timeoutMS: 5_000,
  // Results of mutants whose code and covering tests have not changed are kept from the last run.
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  cleanTempDir: 'always',
  thresholds: { high: 90, low: 75, break: null },
};
