import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each file in its own process: a native addon (argon2) whose work is still pending when a worker
    // thread is torn down aborts the whole run ("terminate called after throwing Napi::Error"); a
    // process ends cleanly.
    pool: 'forks',
    testTimeout: 20_000,
  },
});
