/**
 * The statuses the API description declares for every route of a kind, met for real: each
 * response here is also checked against the description by the test app (support/contract.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemOf, testApp, type TestApp } from '../support/app.js';

let harness: TestApp;
beforeAll(async () => {
  harness = await testApp({ now: new Date('2026-11-23T10:00:00Z') });
});
afterAll(async () => {
  await harness.close();
});

describe('statuses the server gives on every route of a kind', () => {
  it('400 for a malformed id or an unknown query parameter, 414 for an id that is too long', async () => {
    const session = await harness.signIn('complaints-manager@kent.demo');
    expect(problemOf(await session.get('/api/v1/cases/not%20an%20id'))['invalid-params']?.map((p) => p.name)).toEqual(['params.id']);
    expect(problemOf(await session.get('/api/v1/cases?colour=blue'))['invalid-params']?.map((p) => p.name)).toEqual(['query']);
    const long = await session.get(`/api/v1/cases/${'a'.repeat(101)}`);
    expect(problemOf(long)).toMatchObject({ status: 414, detail: 'An id may be at most 100 characters' });
    expect(long.body).not.toContain('aaaa');
    expect(problemOf(await session.get('/api/v1/cases/%E0%A4%A'))).toMatchObject({ status: 400, detail: 'The address is not valid' });
  });

  it('403 for a change made with the session cookie but no CSRF token, signing out included', async () => {
    const session = await harness.signIn('complaints-manager@kent.demo');
    const signOut = await harness.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie: session.cookie } });
    expect(problemOf(signOut)).toMatchObject({ status: 403, title: 'Missing or invalid CSRF token' });
    const person = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/people',
      headers: { cookie: session.cookie },
      payload: { name: 'A person', agency: 'police' },
    });
    expect(problemOf(person).status).toBe(403);
  });

  it('204 with no body for signing out', async () => {
    const session = await harness.signIn('complaints-manager@kent.demo');
    const signOut = await session.delete('/api/v1/session');
    expect(signOut.statusCode).toBe(204);
    expect(signOut.body).toBe('');
  });
});
