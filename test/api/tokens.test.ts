/**
 * API tokens (issue 11 point 3, ADR 0019): an administrator cannot mint a token that reads case
 * content; every token expires; creation and revocation are audited with who did it; a token dies
 * with its creator's account and stays dead when the account is re-enabled. On both databases.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { problemOf, type Session, type TestApp } from '../support/app.js';
import { appOn, onBothDatabases } from './backends.js';

const NOW = new Date('2026-11-23T10:00:00Z');
const DAY_MS = 24 * 60 * 60 * 1000;

onBothDatabases('API tokens', (backend) => {
  let t: TestApp;
  let admin: Session;
  let ssm: Session;
  beforeEach(async () => {
    t = await appOn(backend(), { now: NOW });
    admin = await t.signIn('administrator@kent.demo');
    ssm = await t.signIn('senior-safeguarding-manager@kent.demo');
  }, 30_000);
  afterEach(() => t.close());

  const readConferences = (token: string) => t.app.inject({ url: '/api/v1/conferences', headers: { authorization: `Bearer ${token}` } });
  const created = (response: LightMyRequestResponse) => response.json<{ id: string; token: string; expiresAt: string }>();

  it('refuses an administrator a token for any role that reads case content; a senior safeguarding manager may create one', async () => {
    for (const role of ['conference-service-manager', 'auditor', 'panel-member', 'complaints-manager']) {
      const refused = await admin.post('/api/v1/api-tokens', { name: 'Case system', role });
      expect(refused.statusCode, role).toBe(403);
      expect(problemOf(refused).detail).toBe('A token for a role that reads case content is created by a senior safeguarding manager');
    }
    expect((await admin.post('/api/v1/api-tokens', { name: 'Directory sync', role: 'administrator' })).statusCode).toBe(201);
    // Nor may a senior safeguarding manager create an administrator's token: that is an administrator's.
    expect((await ssm.post('/api/v1/api-tokens', { name: 'Directory sync', role: 'administrator' })).statusCode).toBe(403);
    const { token } = created(await ssm.post('/api/v1/api-tokens', { name: 'Social care system', role: 'conference-service-manager' }));
    expect((await readConferences(token)).statusCode).toBe(200);
    // A token cannot create tokens.
    const { token: adminToken } = created(await admin.post('/api/v1/api-tokens', { name: 'Directory sync', role: 'administrator' }));
    const byToken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      payload: { name: 'Another', role: 'administrator' },
    });
    expect(byToken.statusCode).toBe(403);
  });

  it('expires every token: 90 days by default, at most the configured maximum', async () => {
    const response = await ssm.post('/api/v1/api-tokens', { name: 'Social care system', role: 'conference-service-manager' });
    const { token, expiresAt } = created(response);
    expect(expiresAt).toBe(new Date(NOW.getTime() + 90 * DAY_MS).toISOString());
    const tooLong = await ssm.post('/api/v1/api-tokens', { name: 'x', role: 'conference-service-manager', expiresInDays: 366 });
    expect(tooLong.statusCode).toBe(400);
    expect(problemOf(tooLong)['invalid-params']).toEqual([{ name: 'body.expiresInDays', reason: 'must be at most 365' }]);
    const { token: short } = created(await ssm.post('/api/v1/api-tokens', { name: 'y', role: 'auditor', expiresInDays: 1 }));
    t.setNow(new Date(NOW.getTime() + DAY_MS - 1000));
    expect((await readConferences(short)).statusCode).toBe(200);
    t.setNow(new Date(NOW.getTime() + DAY_MS));
    expect((await readConferences(short)).statusCode).toBe(401);
    expect((await readConferences(token)).statusCode).toBe(200);
    t.setNow(new Date(NOW.getTime() + 90 * DAY_MS));
    expect((await readConferences(token)).statusCode).toBe(401);
    expect((await admin.get('/api/v1/api-tokens')).json()).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'Social care system', expiresAt })]),
    );
  });

  it('audits creation and revocation with who did them, for the partnership', async () => {
    const { id } = created(await ssm.post('/api/v1/api-tokens', { name: 'Social care system', role: 'conference-service-manager' }));
    expect((await admin.delete(`/api/v1/api-tokens/${id}`)).statusCode).toBe(204);
    const auditor = await t.signIn('auditor@kent.demo');
    const trail = (await auditor.get(`/api/v1/audit?subjectId=${id}`)).json<{ action: string; actor: { id: string; role: string } }[]>();
    expect(trail.map((e) => [e.action, e.actor.role])).toEqual([
      ['api-token.revoked', 'administrator'],
      ['api-token.created', 'senior-safeguarding-manager'],
    ]);
  });

  it('revokes the tokens a person created when their account is disabled, for good', async () => {
    const { id, token } = created(await ssm.post('/api/v1/api-tokens', { name: 'Social care system', role: 'conference-service-manager' }));
    const ssmId = 'kent.senior-safeguarding-manager';
    const patch = (disabled: boolean) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/v1/partnership/staff/${ssmId}`,
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' },
        payload: { disabled },
      });
    expect((await patch(true)).statusCode).toBe(200);
    expect((await readConferences(token)).statusCode).toBe(401);
    expect((await patch(false)).statusCode).toBe(200);
    expect((await readConferences(token)).statusCode).toBe(401);
    expect((await admin.get('/api/v1/api-tokens')).json()).toEqual([expect.objectContaining({ id, revokedAt: NOW.toISOString() })]);
    const auditor = await t.signIn('auditor@kent.demo');
    const trail = (await auditor.get(`/api/v1/audit?subjectId=${id}`)).json<{ action: string; actor: { role: string } }[]>();
    expect(trail[0]).toMatchObject({ action: 'api-token.revoked', actor: { role: 'administrator' } });
  });
});
