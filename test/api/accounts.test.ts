/**
 * Accounts and the audit gaps (issue 11 points 5 and 9): disabling ends sessions for good, a
 * password policy after the NCSC's guidance, an absolute session lifetime, sign-out clears the
 * cookie; closure days, conference reads and people's creators recorded. On both databases.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DEMO_PASSWORD, problemOf, type Session, type TestApp } from '../support/app.js';
import { appOn, onBothDatabases } from './backends.js';

const NOW = new Date('2026-11-23T10:00:00Z');
const HOUR_MS = 60 * 60 * 1000;

onBothDatabases('accounts and audit', (backend) => {
  let t: TestApp;
  let admin: Session;
  beforeEach(async () => {
    t = await appOn(backend(), { now: NOW, sessionAbsoluteMs: 12 * HOUR_MS });
    admin = await t.signIn('administrator@kent.demo');
  }, 30_000);
  afterEach(() => t.close());

  const patch = (session: Session, url: string, payload: unknown) =>
    t.app.inject({
      method: 'PATCH',
      url,
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json' },
      payload: JSON.stringify(payload),
    });
  const trail = async (query: string) =>
    (await (await t.signIn('auditor@kent.demo')).get(`/api/v1/audit?${query}`)).json<
      { action: string; outcome: string; actor: { id: string }; subject: { type: string; id: string } }[]
    >();

  it('ends the sessions of a disabled account for good: re-enabling does not bring them back', async () => {
    const chair = await t.signIn('conference-chair@kent.demo');
    expect((await chair.get('/api/v1/session')).statusCode).toBe(200);
    expect((await patch(admin, '/api/v1/partnership/staff/kent.conference-chair', { disabled: true })).statusCode).toBe(200);
    expect((await chair.get('/api/v1/session')).statusCode).toBe(401);
    expect((await patch(admin, '/api/v1/partnership/staff/kent.conference-chair', { disabled: false })).statusCode).toBe(200);
    expect((await chair.get('/api/v1/session')).statusCode).toBe(401);
    expect((await t.signIn('conference-chair@kent.demo').then((s) => s.get('/api/v1/session'))).statusCode).toBe(200);
  });

  it('refuses all-space and common passwords, however long, with no rule on composition', async () => {
    const add = (password: string) =>
      admin.post('/api/v1/partnership/staff', {
        email: `new${String(Math.random()).slice(2)}@kent.demo`,
        name: 'New Person',
        role: 'minute-taker',
        password,
        agency: 'local-authority-childrens-services',
      });
    for (const [password, reason] of [
      [' '.repeat(12), 'must not be only spaces'],
      ['qwerty123456', 'is one of the most used passwords'],
      ['Password2026!!', 'is one of the most used passwords'],
      ['iloveyouiloveyou', 'is one of the most used passwords'],
      ['aaaaaaaaaaaa', 'is one of the most used passwords'],
    ] as const) {
      const refused = await add(password);
      expect(refused.statusCode, password).toBe(400);
      expect(problemOf(refused)['invalid-params']?.[0]).toMatchObject({ name: 'body.password' });
      expect(problemOf(refused)['invalid-params']?.[0]?.reason).toContain(reason);
    }
    // Three random words, all lower case, no digits or symbols: fine.
    expect((await add('kettle orbit marmalade')).statusCode).toBe(201);
    const me = await t.signIn('minute-taker@kent.demo');
    const change = await me.post('/api/v1/session/password', { currentPassword: DEMO_PASSWORD, newPassword: 'monkey123456' });
    expect(change.statusCode).toBe(400);
    expect(problemOf(change)['invalid-params']?.[0]?.name).toBe('body.newPassword');
  });

  it('ends a session a fixed time after sign-in however active it is, and clears the cookie on sign-out', async () => {
    const chair = await t.signIn('conference-chair@kent.demo');
    for (let hours = 2; hours < 12; hours += 2) {
      t.setNow(new Date(NOW.getTime() + hours * HOUR_MS));
      expect((await chair.get('/api/v1/session')).statusCode).toBe(200);
    }
    t.setNow(new Date(NOW.getTime() + 12 * HOUR_MS));
    expect((await chair.get('/api/v1/session')).statusCode).toBe(401);
    const again = await t.signIn('conference-chair@kent.demo');
    const out = await again.delete('/api/v1/session');
    expect(out.statusCode).toBe(204);
    const cleared = out.cookies.find((c) => c.name === 'cc_session');
    expect(cleared?.value).toBe('');
    expect(cleared?.expires?.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('audits closure days, conference reads, and who recorded a person', async () => {
    expect((await admin.post('/api/v1/partnership/closure-days', { date: '2026-12-29', reason: 'Office closed' })).statusCode).toBe(201);
    expect(await trail('subjectId=2026-12-29')).toEqual([
      expect.objectContaining({ action: 'closure-day.added', actor: expect.objectContaining({ id: 'kent.administrator' }) as unknown }),
    ]);
    const chair = await t.signIn('conference-chair@kent.demo');
    expect((await chair.get('/api/v1/conferences/kent.conference.demo')).statusCode).toBe(200);
    expect((await chair.get('/api/v1/conferences/camden.conference.demo')).statusCode).toBe(404);
    expect((await chair.get('/api/v1/conferences')).statusCode).toBe(200);
    expect((await trail('subjectId=kent.conference.demo')).map((e) => [e.action, e.outcome, e.actor.id])).toEqual([
      ['conference.read', 'ok', 'kent.conference-chair'],
    ]);
    expect((await trail('subjectId=camden.conference.demo')).map((e) => [e.action, e.outcome])).toEqual([['conference.read', 'not-found']]);
    expect((await trail('subjectId=kent')).map((e) => e.action)).toContain('conference.list');
    const added = await admin.post('/api/v1/people', { name: 'A Teacher', agency: 'education' });
    expect(added.statusCode).toBe(201);
    const { id } = added.json<{ id: string }>();
    const row = await t.database.db.selectFrom('people').select('created_by').where('id', '=', id).executeTakeFirst();
    expect(row?.created_by).toBe('kent.administrator');
    expect((await trail(`subjectId=${id}`)).map((e) => e.action)).toEqual(['person.added']);
  });

  it('shows refused sign-ins to the partnership of the account', async () => {
    await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'panel-member@kent.demo', password: 'not-the-one' } });
    expect((await trail('subjectId=kent.panel-member')).map((e) => [e.action, e.outcome])).toEqual([['session.sign-in', 'denied']]);
  });
});
