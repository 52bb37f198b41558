/**
 * Sign-in attempts are limited per address and per account, counted in the database so that
 * two instances count together (ADR 0005). On both databases.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { RateLimitCounters } from '../../src/service/rateLimits.js';
import { DEMO_PASSWORD, problemOf, type TestApp } from '../support/app.js';
import { onBothDatabases, twoInstances } from './backends.js';

const NOW = new Date('2026-11-23T10:00:00Z');
const LIMIT = 3;
const WINDOW_MS = 15 * 60 * 1000;

onBothDatabases('sign-in limits', (backend) => {
  let first: TestApp;
  let second: TestApp;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ first, second, close } = await twoInstances(backend(), { now: NOW, signInAttempts: LIMIT }));
  }, 30_000);
  afterEach(() => close());

  const attempt = (instance: TestApp, from: string, email: string, password = 'a-wrong-guess') =>
    instance.app.inject({ method: 'POST', url: '/api/v1/session', remoteAddress: from, payload: { email, password } });
  const setNow = (now: Date) => {
    first.setNow(now);
    second.setNow(now);
  };

  it('counts attempts from one address on every instance together, then refuses with 429 and Retry-After', async () => {
    // A different account each time, so that only the address's limit applies.
    const statuses = [
      (await attempt(first, '10.0.0.1', 'auditor@kent.demo')).statusCode,
      (await attempt(second, '10.0.0.1', 'panel-member@kent.demo')).statusCode,
      (await attempt(first, '10.0.0.1', 'minute-taker@kent.demo')).statusCode,
    ];
    expect(statuses).toEqual([401, 401, 401]);
    const refused = await attempt(second, '10.0.0.1', 'complaints-manager@kent.demo', DEMO_PASSWORD);
    expect(refused.statusCode).toBe(429);
    expect(problemOf(refused)).toMatchObject({
      status: 429,
      title: 'Too many attempts',
      detail: 'There have been too many attempts to sign in from this address. Try again in 15 minutes',
    });
    expect(Number(refused.headers['retry-after'])).toBe(WINDOW_MS / 1000);
    // Another address is not affected.
    expect((await attempt(second, '10.0.0.2', 'complaints-manager@kent.demo', DEMO_PASSWORD)).statusCode).toBe(200);
    // The window ends 15 minutes after its first attempt.
    setNow(new Date(NOW.getTime() + WINDOW_MS - 60_000));
    const stillRefused = await attempt(first, '10.0.0.1', 'complaints-manager@kent.demo', DEMO_PASSWORD);
    expect(problemOf(stillRefused).detail).toBe('There have been too many attempts to sign in from this address. Try again in 1 minute');
    setNow(new Date(NOW.getTime() + WINDOW_MS));
    expect((await attempt(first, '10.0.0.1', 'complaints-manager@kent.demo', DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it('counts attempts on one account from any address on any instance, even with the right password once over the limit', async () => {
    const statuses = [
      (await attempt(first, '10.0.1.1', 'auditor@kent.demo')).statusCode,
      (await attempt(second, '10.0.1.2', 'AUDITOR@kent.demo ')).statusCode,
      (await attempt(first, '10.0.1.3', 'auditor@kent.demo')).statusCode,
    ];
    expect(statuses).toEqual([401, 401, 401]);
    const refused = await attempt(second, '10.0.1.4', 'auditor@kent.demo', DEMO_PASSWORD);
    expect(refused.statusCode).toBe(429);
    expect(problemOf(refused).detail).toBe('There have been too many attempts to sign in to this account. Try again in 15 minutes');
    expect(Number(refused.headers['retry-after'])).toBe(WINDOW_MS / 1000);
    // Other accounts from the same addresses are not affected.
    expect((await attempt(first, '10.0.1.1', 'panel-member@kent.demo', DEMO_PASSWORD)).statusCode).toBe(200);
    setNow(new Date(NOW.getTime() + WINDOW_MS));
    expect((await attempt(second, '10.0.1.5', 'auditor@kent.demo', DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it('forgets an account’s failed attempts when it signs in', async () => {
    for (const from of ['10.0.2.1', '10.0.2.2']) expect((await attempt(first, from, 'auditor@kent.demo')).statusCode).toBe(401);
    expect((await attempt(second, '10.0.2.3', 'auditor@kent.demo', DEMO_PASSWORD)).statusCode).toBe(200);
    const after = [];
    for (const from of ['10.0.2.4', '10.0.2.5', '10.0.2.6', '10.0.2.7'])
      after.push((await attempt(first, from, 'auditor@kent.demo')).statusCode);
    expect(after).toEqual([401, 401, 401, 429]);
  });

  it('stores neither addresses nor emails, only keyed hashes of them', async () => {
    await attempt(first, '10.0.3.1', 'auditor@kent.demo');
    const rows = await first.database.db.selectFrom('rate_limits').selectAll().execute();
    expect(rows).toHaveLength(2); // the address, and the account
    for (const row of rows) {
      expect(row.key).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(row)).not.toMatch(/10\.0\.3\.1|auditor|kent\.demo/);
    }
  });

  it('counts simultaneous attempts exactly, starts a new window when one ends, and prunes ended windows', async () => {
    const counters = new RateLimitCounters(first.database.db, 'a-secret-for-this-test');
    const counts = await Promise.all(Array.from({ length: 20 }, () => counters.hit('busy', WINDOW_MS, NOW)));
    expect(counts.map((c) => c.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(counts.map((c) => c.windowEndsAt.toISOString()))).toEqual(new Set([new Date(NOW.getTime() + WINDOW_MS).toISOString()]));
    expect(await counters.read('busy', NOW)).toMatchObject({ count: 20 });
    const later = new Date(NOW.getTime() + WINDOW_MS);
    expect(await counters.read('busy', later)).toMatchObject({ count: 0 });
    await counters.hit('other', WINDOW_MS, later);
    expect(await counters.prune(later)).toBe(1);
    expect(await counters.hit('busy', WINDOW_MS, later)).toEqual({ count: 1, windowEndsAt: new Date(later.getTime() + WINDOW_MS) });
  });
});
