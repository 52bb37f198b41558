/**
 * Staff change their own password, giving their current one: the old password stops working,
 * their other sessions end on every instance, and the session they changed it in carries on under
 * a new id. On both databases.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DEMO_PASSWORD, problemOf, type Session, type TestApp } from '../support/app.js';
import { onBothDatabases, twoInstances } from './backends.js';

const NOW = new Date('2026-11-23T10:00:00Z');
const NEW_PASSWORD = 'a-new-and-long-enough-password';

onBothDatabases('changing one’s password', (backend) => {
  let first: TestApp;
  let second: TestApp;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ first, second, close } = await twoInstances(backend(), { now: NOW }));
  }, 30_000);
  afterEach(() => close());

  const change = (session: Session, body: unknown) => session.post('/api/v1/session/password', body);
  const signInWith = (password: string) =>
    first.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'auditor@kent.demo', password } });

  it('replaces the password, ends the person’s other sessions everywhere and keeps this one under a new id', async () => {
    const here = await first.signIn('auditor@kent.demo');
    const elsewhere = await second.signIn('auditor@kent.demo');
    const colleague = await second.signIn('panel-member@kent.demo');
    const changed = await change(here, { currentPassword: DEMO_PASSWORD, newPassword: NEW_PASSWORD });
    expect(changed.statusCode).toBe(200);
    const { csrfToken } = changed.json<{ csrfToken: string }>();
    const renewed = changed.cookies.find((c) => c.name === 'cc_session');
    expect(renewed?.value).toBeDefined();
    expect(`cc_session=${renewed?.value ?? ''}`).not.toBe(here.cookie);
    // The session it was changed in goes on, under its new id only.
    const cookie = `cc_session=${renewed?.value ?? ''}`;
    expect((await first.app.inject({ url: '/api/v1/session', headers: { cookie } })).statusCode).toBe(200);
    expect((await first.app.inject({ url: '/api/v1/session', headers: { cookie: here.cookie } })).statusCode).toBe(401);
    expect(csrfToken).toMatch(/\S{20,}/);
    // Their other session, on the other instance, has ended; a colleague's has not.
    expect((await elsewhere.get('/api/v1/session')).statusCode).toBe(401);
    expect((await colleague.get('/api/v1/session')).statusCode).toBe(200);
    expect((await signInWith(DEMO_PASSWORD)).statusCode).toBe(401);
    expect((await signInWith(NEW_PASSWORD)).statusCode).toBe(200);
    const entries = (await (await first.signIn('administrator@kent.demo')).get('/api/v1/audit?subjectId=kent.auditor')).json<
      { action: string; outcome: string }[]
    >();
    expect(entries).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'session.password-change', outcome: 'ok' })]));
  });

  it('names the field when the current password is wrong, the new one too short or unchanged, and changes nothing', async () => {
    const here = await first.signIn('auditor@kent.demo');
    const cases: [unknown, string][] = [
      [{ currentPassword: 'not-the-password', newPassword: NEW_PASSWORD }, 'body.currentPassword'],
      [{ currentPassword: DEMO_PASSWORD, newPassword: 'short' }, 'body.newPassword'],
      [{ currentPassword: DEMO_PASSWORD, newPassword: DEMO_PASSWORD }, 'body.newPassword'],
      [{ currentPassword: DEMO_PASSWORD, newPassword: NEW_PASSWORD, extra: true }, 'body'],
    ];
    for (const [body, field] of cases) {
      const refused = await change(here, body);
      expect(refused.statusCode).toBe(400);
      expect(problemOf(refused)['invalid-params']?.map((p) => p.name)).toContain(field);
    }
    expect((await here.get('/api/v1/session')).statusCode).toBe(200);
    expect((await signInWith(DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it('refuses an API token, which has no password', async () => {
    const ssm = await first.signIn('senior-safeguarding-manager@kent.demo');
    const { token } = (await ssm.post('/api/v1/api-tokens', { name: 'Case system', role: 'conference-chair' })).json<{ token: string }>();
    const refused = await first.app.inject({
      method: 'POST',
      url: '/api/v1/session/password',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: { currentPassword: 'x', newPassword: NEW_PASSWORD },
    });
    expect(refused.statusCode).toBe(403);
    expect(problemOf(refused).detail).toBe('An API token has no password to change');
  });
});
