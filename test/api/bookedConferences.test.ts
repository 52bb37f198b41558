/**
 * A conference dated after now is booked, not held (issue 10 point 5, ADR 0014): through the API
 * on both databases, recorded, imported and changed; no decision, category, attendance or minutes
 * until it has been held; no challenge against it until then; minutes dated in the future refused.
 */
import { describe, expect, it } from 'vitest';
import { problemOf, type Session } from '../support/app.js';
import { appEachTest } from '../support/appEachTest.js';
import { onBothDatabases } from './backends.js';

const MONDAY = new Date('2026-11-23T10:00:00Z');

onBothDatabases('booked conferences', (backend) => {
  const t = appEachTest(backend, { now: MONDAY });

  const patch = (s: Session, url: string, body: unknown) =>
    t.app.inject({
      method: 'PATCH',
      url,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
  const raise = (s: Session, conferenceId: string) =>
    s.post('/api/v1/cases', {
      conferenceId,
      track: 'family',
      complainant: { kind: 'parent' },
      aspects: ['decision'],
      receivedAt: '2026-11-23T09:00',
    });

  describe('recording', () => {
    it('records a conference dated after now as booked, without a decision', async () => {
      const csm = await t.signIn('conference-service-manager@kent.demo');
      const created = await csm.post('/api/v1/conferences', {
        externalRef: 'LCS-9',
        type: 'review',
        heldAt: '2026-12-01T10:00',
        chairId: 'kent.conference-chair',
        participants: [{ personId: 'kent.person.teacher', attended: false }],
      });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json()).toMatchObject({ status: 'booked', decision: null, category: null, minutesSent: null });
      const held = await csm.post('/api/v1/conferences', { type: 'review', heldAt: '2026-11-20T10:00', chairId: 'kent.conference-chair' });
      expect(held.json()).toMatchObject({ status: 'held' });
      const listed = (await csm.get('/api/v1/conferences')).json<{ externalRef: string | null; status: string }[]>();
      expect(listed.find((c) => c.externalRef === 'LCS-9')?.status).toBe('booked');
    });

    it('refuses a decision, category, attendance or minutes for a booked conference, naming each field', async () => {
      const csm = await t.signIn('conference-service-manager@kent.demo');
      const refused = await csm.post('/api/v1/conferences', {
        type: 'review',
        heldAt: '2026-12-01T10:00',
        chairId: 'kent.conference-chair',
        decision: 'plan-continues',
        category: 'neglect',
        participants: [{ personId: 'kent.person.teacher', attended: true }],
      });
      expect(refused.statusCode).toBe(400);
      const booked = 'the conference is booked for 10:00 on Tue 1 Dec 2026 and has not been held yet';
      expect(problemOf(refused)['invalid-params']).toEqual([
        { name: 'body.decision', reason: `${booked}: record its decision once it has been held` },
        { name: 'body.category', reason: `${booked}: record its category once it has been held` },
        { name: 'body.participants.0.attended', reason: `${booked}: nobody has attended it yet` },
      ]);
      expect((await csm.get('/api/v1/conferences')).json<unknown[]>()).toHaveLength(1);
    });

    it('refuses minutes sent in the future, naming the field, and records nothing', async () => {
      const csm = await t.signIn('conference-service-manager@kent.demo');
      const refused = await csm.post('/api/v1/conferences', {
        type: 'initial',
        heldAt: '2026-11-19T10:00',
        chairId: 'kent.conference-chair',
        minutesSent: { at: '2026-11-24T16:00', method: 'email' },
      });
      expect(refused.statusCode).toBe(400);
      expect(problemOf(refused)['invalid-params']).toEqual([
        {
          name: 'body.minutesSent.at',
          reason:
            'cannot be in the future (16:00 on Tue 24 Nov 2026 is after now, 10:00 on Mon 23 Nov 2026): record the minutes when they have been sent',
        },
      ]);
      expect((await csm.get('/api/v1/conferences')).json<unknown[]>()).toHaveLength(1);
    });

    it('imports booked conferences, refusing a booked row with a decision by row and column', async () => {
      const csm = await t.signIn('conference-service-manager@kent.demo');
      const header = 'external_ref,type,held_at,chair_id,decision,minutes_sent_at';
      const bad = `${header}\nLCS-1,review,2026-12-03T10:00,kent.conference-chair,plan-ends,\nLCS-2,review,2026-11-16T10:00,kent.conference-chair,plan-ends,2026-11-30T09:00\n`;
      const refused = await csm.post('/api/v1/conferences/import', bad, { 'content-type': 'text/csv' });
      expect(refused.statusCode).toBe(400);
      expect(problemOf(refused)['invalid-params']?.map((p) => p.name)).toEqual(['row 2: decision', 'row 3: minutes_sent_at']);
      const good = `${header}\nLCS-1,review,2026-12-03T10:00,kent.conference-chair,,\nLCS-2,review,2026-11-16T10:00,kent.conference-chair,plan-ends,2026-11-17T09:00\n`;
      const imported = await csm.post('/api/v1/conferences/import', good, { 'content-type': 'text/csv' });
      expect(imported.statusCode, imported.body).toBe(201);
      const [first = ''] = imported.json<{ ids: string[] }>().ids;
      expect((await csm.get(`/api/v1/conferences/${first}`)).json()).toMatchObject({ status: 'booked', decision: null });
    });
  });

  describe('raising a challenge', () => {
    it('refuses a challenge against a booked conference, naming it and its date, and allows it once held', async () => {
      const csm = await t.signIn('conference-service-manager@kent.demo');
      const { id } = (
        await csm.post('/api/v1/conferences', {
          externalRef: 'LCS-77',
          type: 'review',
          heldAt: '2026-11-25T14:00',
          chairId: 'kent.conference-chair',
        })
      ).json<{ id: string }>();
      const cm = await t.signIn('complaints-manager@kent.demo');
      const refused = await raise(cm, id);
      expect(refused.statusCode).toBe(422);
      expect(problemOf(refused).detail).toBe(
        `Conference LCS-77 (${id}) is booked for 14:00 on Wed 25 Nov 2026 and has not been held yet: a challenge can be raised against it once it has been held`,
      );
      t.setNow(new Date('2026-11-26T10:00:00Z'));
      const held = await patch(csm, `/api/v1/conferences/${id}`, { decision: 'plan-continues', category: 'neglect' });
      expect(held.statusCode, held.body).toBe(200);
      expect(held.json()).toMatchObject({ status: 'held', decision: 'plan-continues', category: 'neglect' });
      const raised = await cm.post('/api/v1/cases', {
        conferenceId: id,
        track: 'family',
        complainant: { kind: 'parent' },
        aspects: ['decision'],
        receivedAt: '2026-11-26T09:00',
      });
      expect(raised.statusCode, raised.body).toBe(201);
    });
  });

  describe('changing', () => {
    it('re-books a conference and records it as held with its decision, audited', async () => {
      const csm = await t.signIn('conference-service-manager@kent.demo');
      const { id } = (
        await csm.post('/api/v1/conferences', { type: 'review', heldAt: '2026-12-01T10:00', chairId: 'kent.conference-chair' })
      ).json<{ id: string }>();
      const rebooked = await patch(csm, `/api/v1/conferences/${id}`, { heldAt: '2026-12-08T10:00' });
      expect(rebooked.statusCode, rebooked.body).toBe(200);
      expect(rebooked.json()).toMatchObject({ status: 'booked', heldAt: '2026-12-08T10:00:00.000Z' });
      const early = await patch(csm, `/api/v1/conferences/${id}`, { decision: 'plan-ends' });
      expect(problemOf(early)['invalid-params']?.map((p) => p.name)).toEqual(['body.decision']);
      t.setNow(new Date('2026-12-09T10:00:00Z'));
      const held = await patch(csm, `/api/v1/conferences/${id}`, {
        decision: 'plan-ends',
        minutesSent: { at: '2026-12-09T09:00', method: 'email' },
        participants: [{ personId: 'kent.person.teacher', attended: true }],
      });
      expect(held.statusCode, held.body).toBe(200);
      expect(held.json()).toMatchObject({
        status: 'held',
        decision: 'plan-ends',
        minutesSent: { at: '2026-12-09T09:00:00.000Z', method: 'email' },
        participants: [{ personId: 'kent.person.teacher', attended: true }],
      });
      const auditor = await t.signIn('auditor@kent.demo');
      const entries = (await auditor.get(`/api/v1/audit?subjectId=${id}`)).json<{ action: string }[]>().map((e) => e.action);
      expect(entries).toEqual(
        expect.arrayContaining(['conference.updated:heldAt', 'conference.updated:decision,minutesSent,participants']),
      );
    });

    it('refuses minutes in the future, an empty change, and any change once a challenge is raised', async () => {
      const csm = await t.signIn('conference-service-manager@kent.demo');
      const future = await patch(csm, '/api/v1/conferences/kent.conference.demo', {
        minutesSent: { at: '2026-11-30T09:00', method: 'email' },
      });
      expect(problemOf(future)['invalid-params']?.map((p) => p.name)).toEqual(['body.minutesSent.at']);
      expect((await patch(csm, '/api/v1/conferences/kent.conference.demo', {})).statusCode).toBe(400);
      expect((await patch(csm, '/api/v1/conferences/nobody', { decision: 'plan-ends' })).statusCode).toBe(404);
      const cm = await t.signIn('complaints-manager@kent.demo');
      expect((await raise(cm, 'kent.conference.demo')).statusCode).toBe(201);
      const late = await patch(csm, '/api/v1/conferences/kent.conference.demo', { decision: 'plan-ends' });
      expect(late.statusCode).toBe(409);
      expect(problemOf(late).detail).toMatch(/challenge has been raised against this conference/);
    });
  });
});
