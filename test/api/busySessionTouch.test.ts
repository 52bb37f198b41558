/**
 * A busy SQLite is not an outage. Another process holding SQLite's write lock (a second instance
 * on the same file, a backup) for longer than the busy timeout made the write that moves a
 * session's expiry on fail with SQLITE_BUSY, and with it a request that had already been answered:
 * a read failed because its session's touch could not be written. The touch is now skipped: the
 * session stays valid, and the next request writes it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { TOUCH_INTERVAL_MS } from '../../src/service/sessions.js';
import { testApp, type TestApp } from '../support/app.js';

const NOW = new Date('2026-12-02T10:00:00Z');

let dir: string;
let t: TestApp;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cc-busy-'));
  t = await testApp({ location: join(dir, 'busy.sqlite'), now: NOW });
}, 30_000);
afterEach(async () => {
  vi.useRealTimers();
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

it('answers a signed-in read while another connection holds the write lock, skipping the session touch', async () => {
  const chair = await t.signIn('conference-chair@kent.demo');
  // Long enough after sign-in that this request would move the session's expiry on (the cookie's
  // expiry is the session library's, from the system clock).
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + TOUCH_INTERVAL_MS + 60_000);
  t.setNow(new Date(NOW.getTime() + TOUCH_INTERVAL_MS + 60_000));
  const other = new BetterSqlite3(join(dir, 'busy.sqlite'));
  try {
    other.exec('begin immediate');
    const response = await chair.get('/api/v1/session');
    expect(response.statusCode, response.body).toBe(200);
    other.exec('rollback');
  } finally {
    other.close();
  }
  // With the lock gone the session is still there, and its touch is written.
  vi.setSystemTime(Date.now() + TOUCH_INTERVAL_MS + 60_000);
  t.setNow(new Date(NOW.getTime() + 2 * TOUCH_INTERVAL_MS + 120_000));
  expect((await chair.get('/api/v1/session')).statusCode).toBe(200);
}, 60_000);
