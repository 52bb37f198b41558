/**
 * The lock-out attack of issue 11 point 4, reproduced: guessing an account's password from a few
 * addresses must not keep the right person out, an office behind one address must not lock
 * itself out, and forged X-Forwarded-For values must not give an attacker fresh addresses.
 * Default limits (20 failures in 15 minutes), on both databases.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { STAFF_ROLES } from '../../src/service/principal.js';
import { DEMO_PASSWORD, type TestApp } from '../support/app.js';
import { appOn, onBothDatabases } from './backends.js';

const NOW = new Date('2026-11-23T10:00:00Z');

onBothDatabases('sign-in under attack', (backend) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await appOn(backend(), { now: NOW, signInAttempts: 20, trustProxy: 1 });
  }, 30_000);
  afterEach(() => t.close());

  /** Through the one trusted proxy (127.0.0.1), which appends the client's address to X-Forwarded-For. */
  const attempt = (forwardedFor: string, email: string, password = 'a-wrong-guess') =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-for': forwardedFor },
      payload: { email, password },
    });

  it('22 wrong passwords from three addresses do not stop the right password from a new address', async () => {
    const statuses = new Set<number>();
    for (let i = 0; i < 22; i += 1)
      statuses.add((await attempt(`198.51.100.${String(1 + (i % 3))}`, 'conference-chair@kent.demo')).statusCode);
    expect(statuses.has(429)).toBe(true); // the attackers' addresses are refused by the end
    expect((await attempt('203.0.113.7', 'conference-chair@kent.demo', DEMO_PASSWORD)).statusCode).toBe(200);
    // The attack continues; the chair signs in again, from the same new address.
    for (let i = 0; i < 3; i += 1)
      expect((await attempt(`198.51.100.${String(1 + i)}`, 'conference-chair@kent.demo')).statusCode).toBe(429);
    expect((await attempt('203.0.113.7', 'conference-chair@kent.demo', DEMO_PASSWORD)).statusCode).toBe(200);
    // The attack is in the audit trail of the chair's partnership, where its auditor can read it.
    const auditor = await t.signIn('auditor@kent.demo');
    const entries = (await auditor.get('/api/v1/audit?limit=200')).json<{ action: string; outcome: string }[]>();
    expect(entries.filter((e) => e.action === 'session.sign-in' && e.outcome === 'denied').length).toBeGreaterThanOrEqual(20);
    expect(entries.filter((e) => e.action === 'session.sign-in-limit')).toHaveLength(1);
  }, 60_000);

  it('an office behind one address signing in many times is not limited', async () => {
    const roles = STAFF_ROLES.filter((r) => r !== 'administrator');
    for (let i = 0; i < 30; i += 1) {
      const role = roles[i % roles.length] ?? 'auditor';
      expect((await attempt('192.0.2.10', `${role}@kent.demo`, DEMO_PASSWORD)).statusCode).toBe(200);
    }
    // A couple of typos among them do not tip it over either.
    expect((await attempt('192.0.2.10', 'auditor@kent.demo')).statusCode).toBe(401);
    expect((await attempt('192.0.2.10', 'auditor@kent.demo', DEMO_PASSWORD)).statusCode).toBe(200);
  }, 60_000);

  it('forged X-Forwarded-For values do not give fresh addresses', async () => {
    const statuses = [];
    for (let i = 0; i < 21; i += 1)
      statuses.push((await attempt(`10.9.${String(i)}.1, 198.51.100.66`, `nobody${String(i)}@kent.demo`)).statusCode);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
    // A forged value the proxy passed along, then the real client: still the same address.
    expect((await attempt('10.99.99.99, 198.51.100.66', 'auditor@kent.demo', DEMO_PASSWORD)).statusCode).toBe(429);
    expect((await attempt('198.51.100.67', 'auditor@kent.demo', DEMO_PASSWORD)).statusCode).toBe(200);
  }, 60_000);
});
