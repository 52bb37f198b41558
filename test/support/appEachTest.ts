/**
 * An API suite's app, made afresh for each test over a fresh database (a new SQLite file, or a new
 * PostgreSQL database, each a copy of the demo seeded as at `options.now`: test/api/backends.ts) and
 * closed after it. What is returned stands for the
 * app of the test now running: `t.signIn(...)` in a test reaches that test's own app.
 */
import { afterEach, beforeEach } from 'vitest';
import { testApp, type TestApp } from './app.js';

export function appEachTest(
  backend: () => { seeded(now: Date): Promise<string | undefined> },
  options: Omit<Parameters<typeof testApp>[0], 'location'>,
): TestApp {
  let current: TestApp | undefined;
  beforeEach(async () => {
    const location = await backend().seeded(options.now);
    current = await testApp({ ...options, ...(location === undefined ? {} : { location }) });
  }, 30_000);
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  const app = (): TestApp => {
    if (current === undefined) throw new Error('The app is made for each test: use it in a test or a beforeEach');
    return current;
  };
  return new Proxy({} as TestApp, {
    get: (_target, key) => {
      const value: unknown = Reflect.get(app(), key);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(app()) : value;
    },
  });
}
