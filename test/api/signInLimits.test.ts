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

  it('refuses an account under attack only to the addresses attacking it: the right password from a fresh address signs in', async () => {
    // Four failures on one account from four addresses: over the limit of three, so it is under attack.
    const statuses = [];
    for (const [i, from] of ['10.0.1.1', '10.0.1.2', '10.0.1.3', '10.0.1.1'].entries())
      statuses.push((await attempt(i % 2 === 0 ? first : second, from, i === 1 ? 'AUDITOR@kent.demo ' : 'auditor@kent.demo')).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401]);
    // 10.0.1.1 has failed on it twice in the window: refused from now on, even with the right password.
    const refused = await attempt(second, '10.0.1.1', 'auditor@kent.demo', DEMO_PASSWORD);
    expect(refused.statusCode).toBe(429);
    expect(problemOf(refused).detail).toBe('There have been too many attempts to sign in to this account. Try again in 15 minutes');
    expect(Number(refused.headers['retry-after'])).toBe(WINDOW_MS / 1000);
    // The right password from an address that has not been guessing signs in.
    expect((await attempt(second, '10.0.1.9', 'auditor@kent.demo', DEMO_PASSWORD)).statusCode).toBe(200);
    // Other accounts from an attacking address within its own limit are not affected.
    expect((await attempt(first, '10.0.1.2', 'panel-member@kent.demo', DEMO_PASSWORD)).statusCode).toBe(200);
    setNow(new Date(NOW.getTime() + WINDOW_MS));
    expect((await attempt(second, '10.0.1.1', 'auditor@kent.demo', DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it('counts failures only: a success takes back its attempt', async () => {
    for (const from of ['10.0.2.1', '10.0.2.2']) expect((await attempt(first, from, 'auditor@kent.demo')).statusCode).toBe(401);
    // Many successes from one address use none of its allowance, nor the account's.
    for (let i = 0; i < 6; i += 1)
      expect((await attempt(i % 2 === 0 ? first : second, '10.0.2.3', 'auditor@kent.demo', DEMO_PASSWORD)).statusCode).toBe(200);
    // Had the successes counted, the address (limit three) would be refused now.
    expect((await attempt(first, '10.0.2.3', 'auditor@kent.demo')).statusCode).toBe(401);
    expect((await attempt(second, '10.0.2.3', 'auditor@kent.demo')).statusCode).toBe(401);
    // The account has had four failures (over three: under attack), two of them from 10.0.2.3: refused.
    expect((await attempt(first, '10.0.2.3', 'auditor@kent.demo', DEMO_PASSWORD)).statusCode).toBe(429);
  });

  it('stores neither addresses nor emails, only keyed hashes of them', async () => {
    await attempt(first, '10.0.3.1', 'auditor@kent.demo');
    const rows = await first.database.db.selectFrom('rate_limits').selectAll().execute();
    expect(rows).toHaveLength(3); // the address, the account, and the account from the address
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
