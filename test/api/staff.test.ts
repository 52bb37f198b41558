/**
 * Administrators manage their partnership's staff: a new account can be read back at the address
 * it was given; a role change, a changed line manager, or a disabled account counts from the
 * person's next request on every instance; an administrator cannot lock themselves out. On both
 * databases.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { problemOf, type Session, type TestApp } from '../support/app.js';
import { onBothDatabases, twoInstances } from './backends.js';

const NOW = new Date('2026-11-23T10:00:00Z');

onBothDatabases('managing staff', (backend) => {
  let first: TestApp;
  let second: TestApp;
  let admin: Session;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ first, second, close } = await twoInstances(backend(), { now: NOW }));
    admin = await first.signIn('administrator@kent.demo');
  }, 30_000);
  afterEach(() => close());

  const patch = (session: Session, id: string, body: unknown) =>
    first.app.inject({
      method: 'PATCH',
      url: `/api/v1/partnership/staff/${id}`,
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });

  it('reads a new account back at the address it was given', async () => {
    const created = await admin.post('/api/v1/partnership/staff', {
      email: 'new.chair@kent.example',
      name: 'New Chair',
      role: 'conference-chair',
      password: 'a-long-enough-password',
      agency: 'local-authority-childrens-services',
      lineManagerId: 'kent.conference-service-manager',
    });
    expect(created.statusCode).toBe(201);
    const location = created.headers.location;
    expect(typeof location).toBe('string');
    const read = await admin.get(String(location));
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({
      id: created.json<{ id: string }>().id,
      name: 'New Chair',
      email: 'new.chair@kent.example',
      role: 'conference-chair',
      agency: 'local-authority-childrens-services',
      senior: false,
      partnershipAgency: true,
      lineManagerId: 'kent.conference-service-manager',
      disabled: false,
    });
    expect((await admin.get('/api/v1/partnership/staff/camden.conference-chair')).statusCode).toBe(404);
  });

  it('disables an account at once on every instance, and re-enables it', async () => {
    const member = await second.signIn('panel-member@kent.demo');
    expect((await member.get('/api/v1/session')).statusCode).toBe(200);
    const disabled = await patch(admin, 'kent.panel-member', { disabled: true });
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json()).toMatchObject({ id: 'kent.panel-member', disabled: true });
    // The open session on the other instance stops working, and signing in again is refused.
    expect((await member.get('/api/v1/session')).statusCode).toBe(401);
    await expect(second.signIn('panel-member@kent.demo')).rejects.toThrow(/401/);
    expect((await patch(admin, 'kent.panel-member', { disabled: false })).statusCode).toBe(200);
    expect((await (await second.signIn('panel-member@kent.demo')).get('/api/v1/session')).statusCode).toBe(200);
  });

  it('changes a role from the person’s next request, and records who changed what', async () => {
    const auditor = await second.signIn('auditor@kent.demo');
    expect((await auditor.get('/api/v1/audit')).statusCode).toBe(200);
    expect((await patch(admin, 'kent.auditor', { role: 'minute-taker' })).json()).toMatchObject({ role: 'minute-taker' });
    expect((await auditor.get('/api/v1/audit')).statusCode).toBe(403);
    const entries = (await admin.get('/api/v1/audit?subjectId=kent.auditor')).json<
      { action: string; actor: { id: string }; outcome: string }[]
    >();
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'staff.updated:role',
          actor: expect.objectContaining({ id: 'kent.administrator' }) as unknown,
          outcome: 'ok',
        }),
      ]),
    );
  });

  it('sets and clears a line manager, refusing a loop', async () => {
    expect((await patch(admin, 'kent.panel-member', { lineManagerId: 'kent.panel-coordinator' })).json()).toMatchObject({
      lineManagerId: 'kent.panel-coordinator',
    });
    // The coordinator may not now be managed by someone they manage.
    const loop = await patch(admin, 'kent.panel-coordinator', { lineManagerId: 'kent.panel-member' });
    expect(loop.statusCode).toBe(409);
    expect(problemOf(loop).detail).toMatch(/nobody may line-manage themselves/);
    expect((await patch(admin, 'kent.panel-member', { lineManagerId: 'kent.panel-member' })).statusCode).toBe(409);
    expect((await patch(admin, 'kent.panel-member', { lineManagerId: null })).json()).toMatchObject({ lineManagerId: null });
    expect((await patch(admin, 'kent.panel-member', { lineManagerId: 'camden.panel-coordinator' })).statusCode).toBe(404);
  });

  it('refuses to let administrators disable themselves or change their own role; bad changes get a 400 naming the field', async () => {
    for (const change of [{ disabled: true }, { role: 'auditor' }]) {
      const refused = await patch(admin, 'kent.administrator', change);
      expect(refused.statusCode).toBe(409);
      expect(problemOf(refused).detail).toBe('You cannot change your own role or disable your own account: ask another administrator');
    }
    expect((await admin.get('/api/v1/session')).json()).toMatchObject({ principal: { role: 'administrator' } });
    const empty = await patch(admin, 'kent.auditor', {});
    expect(empty.statusCode).toBe(400);
    const wrong = await patch(admin, 'kent.auditor', { role: 'superuser', disabled: 'yes', password: 'x' });
    expect(wrong.statusCode).toBe(400);
    expect((problemOf(wrong)['invalid-params'] ?? []).map((p) => p.name).sort()).toEqual(['body', 'body.disabled', 'body.role']);
    expect((await patch(admin, 'kent.nobody', { disabled: true })).statusCode).toBe(404);
    // Nothing was changed by any of these.
    expect((await admin.get('/api/v1/partnership/staff/kent.auditor')).json()).toMatchObject({ role: 'auditor', disabled: false });
  });
});
