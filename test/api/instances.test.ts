/**
 * Several app instances over one database: sessions are shared, and two colleagues acting on the
 * same version of a case at the same moment get exactly one success and one 409.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type TestApp } from '../support/app.js';
import { onBothDatabases, twoInstances } from './backends.js';

const NOW = new Date('2026-11-23T10:00:00Z');

onBothDatabases('two app instances over one database', (backend) => {
  let first: TestApp;
  let second: TestApp;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ first, second, close } = await twoInstances(backend(), { now: NOW }));
  }, 30_000);
  afterEach(() => close());

  it('shares sessions, and lets exactly one of two simultaneous actions on the same version win', async () => {
    const cm = await first.signIn('complaints-manager@kent.demo');
    const headers = { cookie: cm.cookie, 'x-csrf-token': cm.csrf, 'content-type': 'application/json' };
    // Signed in on the first instance, recognised by the second.
    expect((await second.app.inject({ url: '/api/v1/session', headers })).statusCode).toBe(200);
    const raised = await second.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers,
      payload: {
        conferenceId: 'kent.conference.demo',
        track: 'family',
        complainant: { kind: 'parent' },
        aspects: ['decision'],
        receivedAt: '2026-11-23T09:00',
      },
    });
    const { id, version } = raised.json<{ id: string; version: number }>();
    const triage = (option: string) => ({
      type: 'perform',
      expectedVersion: version,
      action: 'triage.decided',
      details: { kind: 'choice', option, reason: 'Decided' },
    });
    const results = await Promise.all([
      first.app.inject({ method: 'POST', url: `/api/v1/cases/${id}/actions`, headers, payload: triage('representation') }),
      second.app.inject({ method: 'POST', url: `/api/v1/cases/${id}/actions`, headers, payload: triage('complaint') }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    // Both instances now tell the same story, whichever won.
    const a = (await first.app.inject({ url: `/api/v1/cases/${id}`, headers })).json<{ version: number; stage: { id: string } }>();
    const b = (await second.app.inject({ url: `/api/v1/cases/${id}`, headers })).json<{ version: number; stage: { id: string } }>();
    expect(a).toMatchObject({ version: b.version, stage: b.stage });
    expect((await first.services.verifyCaseChains()).broken).toEqual([]);
  });

  it('counts a closure day added on one instance in the deadlines the other reads next', async () => {
    const cm = await first.signIn('complaints-manager@kent.demo');
    const headers = { cookie: cm.cookie, 'x-csrf-token': cm.csrf, 'content-type': 'application/json' };
    const raised = await first.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers,
      payload: {
        conferenceId: 'kent.conference.demo',
        track: 'family',
        complainant: { kind: 'parent' },
        aspects: ['decision'],
        receivedAt: '2026-11-23T09:00',
      },
    });
    const { id } = raised.json<{ id: string }>();
    const minutesDue = async () => {
      const view = (await second.app.inject({ url: `/api/v1/cases/${id}`, headers })).json<{
        deadlines: { id: string; dueDate: string }[];
      }>();
      return view.deadlines.find((d) => d.id === 'minutes-sent')?.dueDate;
    };
    // Three working days from Monday 23 November 2026 (kent 5 ¶6); the second instance now holds that calendar.
    expect(await minutesDue()).toBe('2026-11-26');
    const admin = await first.signIn('administrator@kent.demo');
    const added = await first.app.inject({
      method: 'POST',
      url: '/api/v1/partnership/closure-days',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' },
      payload: { date: '2026-11-24', reason: 'Office move' },
    });
    expect(added.statusCode).toBe(201);
    expect(await minutesDue()).toBe('2026-11-27');
  });

  it('ends a session everywhere at sign-out, also on an instance that has just used it', async () => {
    const cm = await first.signIn('complaints-manager@kent.demo');
    const headers = { cookie: cm.cookie, 'x-csrf-token': cm.csrf };
    expect((await second.app.inject({ url: '/api/v1/cases', headers })).statusCode).toBe(200);
    expect((await first.app.inject({ method: 'DELETE', url: '/api/v1/session', headers })).statusCode).toBe(204);
    expect((await second.app.inject({ url: '/api/v1/cases', headers })).statusCode).toBe(401);
    expect((await first.app.inject({ url: '/api/v1/cases', headers })).statusCode).toBe(401);
  });

  it('applies a change to a user’s role, or disabling them, on the next request on every instance', async () => {
    const cm = await first.signIn('complaints-manager@kent.demo');
    const headers = { cookie: cm.cookie, 'x-csrf-token': cm.csrf };
    expect((await second.app.inject({ url: '/api/v1/partnership/staff', headers })).statusCode).toBe(200);
    await first.database.db.updateTable('users').set({ role: 'minute-taker' }).where('id', '=', 'kent.complaints-manager').execute();
    expect((await second.app.inject({ url: '/api/v1/partnership/staff', headers })).statusCode).toBe(403);
    await first.database.db.updateTable('users').set({ disabled: 1 }).where('id', '=', 'kent.complaints-manager').execute();
    expect((await second.app.inject({ url: '/api/v1/cases', headers })).statusCode).toBe(401);
    expect((await first.app.inject({ url: '/api/v1/cases', headers })).statusCode).toBe(401);
  });
});
