/**
 * Bookings and case facts after raising, through the API (issue 10 points 4 and 8, ADR 0017), on a
 * Kent case on both databases.
 *
 * The Review Panel must meet within 15 working days of the appellant's Stage 3 letter (kent 9 ¶6),
 * recorded Tue 8 Dec 2026: Wed 9, Thu 10, Fri 11, Mon 14 ... Thu 24 Dec is the 12th; Fri 25 and
 * Mon 28 Dec are bank holidays; Tue 29, Wed 30, Thu 31 Dec: due Thu 31 Dec 2026.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { problemOf, type Session, type TestApp } from '../support/app.js';
import { walkKentToReviewPanel } from '../support/kentJourney.js';
import { appOn, onBothDatabases } from './backends.js';

const MONDAY = new Date('2026-11-23T10:00:00Z');

interface DeadlineJson {
  id: string;
  dueDate: string;
  clause: string;
  booking?: { action: string; bookedFor: string; afterDeadline: boolean; clause: string; heldAt: string | null };
}
interface CaseJson {
  version: number;
  deadlines: DeadlineJson[];
  bookings: { action: string; bookedFor: string; held: boolean; heldAt: string | null; previous: { movedBecause: string }[] }[];
  lettersDue: { letter: string; copies: { to: string; clause: string }[] }[];
  caseWorkerIds: string[] | null;
  flags: string[];
}

onBothDatabases('bookings and case facts after raising', (backend) => {
  let t: TestApp;
  let caseId: string;
  let cm: Session;
  let chair: Session;
  let chairsManager: Session;
  let aad: Session;

  const read = async (s: Session = chairsManager) => (await s.get(`/api/v1/cases/${caseId}`)).json<CaseJson>();
  const act = async (s: Session, now: string, body: Record<string, unknown>) => {
    t.setNow(new Date(now));
    const { version } = await read(s);
    return s.post(`/api/v1/cases/${caseId}/actions`, { expectedVersion: version, ...body });
  };
  const ok = async (s: Session, now: string, body: Record<string, unknown>) => {
    const response = await act(s, now, { type: 'perform', ...body });
    expect(response.statusCode, response.body).toBe(200);
  };
  const raise = async (extra: Record<string, unknown> = {}) => {
    const raised = await cm.post('/api/v1/cases', {
      conferenceId: 'kent.conference.demo',
      track: 'family',
      complainant: { kind: 'parent' },
      aspects: ['decision'],
      receivedAt: '2026-11-23T09:00',
      ...extra,
    });
    expect(raised.statusCode, raised.body).toBe(201);
    caseId = raised.json<{ id: string }>().id;
  };

  beforeEach(async () => {
    t = await appOn(backend(), { now: MONDAY });
    cm = await t.signIn('complaints-manager@kent.demo');
    chair = await t.signIn('conference-chair@kent.demo');
    chairsManager = await t.signIn('conference-service-manager@kent.demo');
    aad = await t.signIn('senior-safeguarding-manager@kent.demo');
  }, 60_000);
  afterEach(async () => {
    await t.close();
  });

  const members = [
    { personId: 'kent.panel-member', role: 'chair' },
    { personId: 'kent.panel-member-health', role: 'member' },
    { personId: 'kent.panel-member-police', role: 'member' },
  ];

  describe('bookings', () => {
    beforeEach(async () => {
      await raise();
      await walkKentToReviewPanel(ok, { careManager: cm, chair, chairsManager, assistantAreaDirector: aad });
    }, 60_000);

    const book = (now: string, bookedFor: string, reason?: string) =>
      act(chairsManager, now, {
        type: 'book',
        action: 'stage4.meeting-held',
        bookedFor,
        ...(reason === undefined ? {} : { reason }),
      });
    const panelDeadline = async () => (await read()).deadlines.find((d) => d.id === 'review-panel-convened');

    it('kent 9 ¶6: flags a Review Panel booked after its deadline; re-booked earlier with a reason, it is not; held, it shows when', async () => {
      expect((await book('2026-12-09T12:00:00Z', '2027-01-05T10:00:00Z')).statusCode).toBe(200);
      expect(await panelDeadline()).toMatchObject({
        dueDate: '2026-12-31',
        clause: 'kent 9 ¶6',
        booking: {
          action: 'stage4.meeting-held',
          bookedFor: '2027-01-05T10:00:00.000Z',
          afterDeadline: true,
          clause: 'kent 9 ¶6',
          heldAt: null,
        },
      });

      const withoutReason = await book('2026-12-10T09:00:00Z', '2026-12-22T10:00:00Z');
      expect(withoutReason.statusCode).toBe(422);
      expect(problemOf(withoutReason)).toMatchObject({
        detail: '"Hold the Review Panel meeting" is already booked: give the reason for moving it',
        clause: 'kent 9 ¶7',
      });

      // London time is accepted as well as an ISO instant: 10:00 on Tue 22 Dec is 10:00Z (GMT).
      const moved = await book('2026-12-10T09:00:00Z', '2026-12-22T10:00', 'The chair can sit earlier');
      expect(moved.statusCode, moved.body).toBe(200);
      expect((await panelDeadline())?.booking).toEqual({
        action: 'stage4.meeting-held',
        bookedFor: '2026-12-22T10:00:00.000Z',
        afterDeadline: false,
        clause: 'kent 9 ¶6',
        heldAt: null,
      });
      expect((await read()).bookings).toMatchObject([
        { action: 'stage4.meeting-held', held: false, heldAt: null, previous: [{ movedBecause: 'The chair can sit earlier' }] },
      ]);

      await ok(chairsManager, '2026-12-10T10:00:00Z', { action: 'stage4.panel-convened', details: { kind: 'panel', members } });
      await ok(chairsManager, '2026-12-11T10:00:00Z', { action: 'stage4.pack-provided' });
      await ok(chairsManager, '2026-12-23T09:00:00Z', {
        action: 'stage4.meeting-held',
        occurredAt: '2026-12-22T10:30',
        details: { kind: 'meeting' },
      });
      expect((await panelDeadline())?.booking).toMatchObject({ afterDeadline: false, heldAt: '2026-12-22T10:30:00.000Z' });
      expect((await read()).bookings).toMatchObject([{ held: true, heldAt: '2026-12-22T10:30:00.000Z' }]);
    });

    it('refuses a booking in the past, an action of another stage and one already held, each with the reason', async () => {
      const past = await book('2026-12-09T12:00:00Z', '2026-12-09T11:00:00Z');
      expect(past.statusCode).toBe(422);
      expect(problemOf(past).detail).toBe(
        '"Hold the Review Panel meeting" can be booked only for a time to come; if it has been held, record it as held with when it happened',
      );
      const otherStage = await act(chairsManager, '2026-12-09T12:00:00Z', {
        type: 'book',
        action: 'stage2.meeting-held',
        bookedFor: '2026-12-15T10:00:00Z',
      });
      expect(otherStage.statusCode).toBe(422);
      expect(problemOf(otherStage).detail).toMatch(/belongs to .*; the challenge is at .*, so it cannot be booked now$/);
      await ok(chairsManager, '2026-12-10T10:00:00Z', { action: 'stage4.panel-convened', details: { kind: 'panel', members } });
      const held = await act(chairsManager, '2026-12-10T11:00:00Z', {
        type: 'book',
        action: 'stage4.panel-convened',
        bookedFor: '2026-12-15T10:00:00Z',
      });
      expect(held.statusCode).toBe(422);
      expect(problemOf(held)).toMatchObject({
        detail: '"Convene the formal Review Panel" has already been held: there is nothing to book',
        clause: 'kent 9 ¶2',
      });
    });
  });

  describe('case facts after raising', () => {
    it('kent 9 ¶3: a case worker added after raising, whose line manager was appointed after it too, keeps that manager off the panel', async () => {
      const admin = await t.signIn('administrator@kent.demo');
      const created = await admin.post('/api/v1/partnership/staff', {
        email: 'sam.social@kent.example',
        name: 'Sam Social',
        role: 'panel-member',
        password: 'a-long-enough-password',
        agency: 'local-authority-childrens-services',
      });
      expect(created.statusCode, created.body).toBe(201);
      const socialWorker = created.json<{ id: string }>().id;
      await raise();
      expect((await read(cm)).caseWorkerIds).toEqual([]);

      const unknown = await act(cm, '2026-11-24T10:00:00Z', { type: 'change-facts', reason: 'Allocated', caseWorkerIds: ['kent.nobody'] });
      expect(unknown.statusCode).toBe(400);
      expect(problemOf(unknown)['invalid-params']).toEqual([
        { name: 'body.caseWorkerIds.0', reason: "no one in this partnership's directory has the id kent.nobody" },
      ]);
      const noReason = await act(cm, '2026-11-24T10:00:00Z', { type: 'change-facts', reason: ' ', caseWorkerIds: [socialWorker] });
      expect(noReason.statusCode).toBe(422);
      expect(problemOf(noReason).detail).toBe("Record why the case's facts changed");

      const added = await act(cm, '2026-11-24T10:00:00Z', {
        type: 'change-facts',
        reason: 'Sam Social was allocated the case',
        caseWorkerIds: [socialWorker],
      });
      expect(added.statusCode, added.body).toBe(200);
      expect(added.json<{ events: string[] }>().events).toEqual(['CaseFactsChanged']);
      expect((await read(cm)).caseWorkerIds).toEqual([socialWorker]);

      t.setNow(new Date('2026-11-25T10:00:00Z'));
      const appointed = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/partnership/staff/${socialWorker}`,
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' },
        payload: JSON.stringify({ lineManagerId: 'kent.panel-member-health' }),
      });
      expect(appointed.statusCode, appointed.body).toBe(200);

      await walkKentToReviewPanel(ok, { careManager: cm, chair, chairsManager, assistantAreaDirector: aad });
      const refused = await act(chairsManager, '2026-12-10T10:00:00Z', {
        type: 'perform',
        action: 'stage4.panel-convened',
        details: { kind: 'panel', members },
      });
      expect(refused.statusCode, refused.body).toBe(422);
      expect(problemOf(refused).problems).toEqual(
        expect.arrayContaining([
          {
            message: 'Demo panel member, health (kent) has present or previous direct line management responsibility for the case',
            clause: 'kent 9 ¶3',
            personId: 'kent.panel-member-health',
          },
        ]),
      );

      const auditor = await t.signIn('auditor@kent.demo');
      const trail = (await auditor.get(`/api/v1/audit?limit=200&subjectId=${caseId}`)).json<{ action: string; outcome: string }[]>();
      expect(trail).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'case.change-facts', outcome: 'ok' })]));
    });

    it('kent 7 ¶6: a flag added after raising adds the Customer Care Manager to the Stage 2 letter due', async () => {
      await raise();
      await ok(cm, '2026-11-23T11:00:00Z', {
        action: 'triage.decided',
        details: { kind: 'choice', option: 'representation', reason: 'About the decision' },
      });
      await ok(chair, '2026-11-23T12:00:00Z', { action: 'stage1.appeal-notified' });
      await ok(chair, '2026-11-30T10:00:00Z', {
        action: 'stage1.meeting-held',
        details: { kind: 'meeting', minuteTaker: { personId: 'kent.minute-taker', role: 'note-taker' } },
      });
      await ok(chair, '2026-12-01T10:00:00Z', {
        action: 'stage1.response-sent',
        details: {
          kind: 'letter',
          method: 'email',
          content: { 'meeting-notes': 'N', 'outcome-of-meeting': 'O', 'how-to-take-further': 'H' },
          copiedTo: ['customer-care-manager', 'chairs-manager', 'conference-attendees-and-invitees'],
        },
      });
      await ok(chairsManager, '2026-12-02T10:00:00Z', { action: 'stage2.requested', details: { kind: 'request', reasons: 'Still' } });
      await ok(chairsManager, '2026-12-04T10:00:00Z', { action: 'stage2.meeting-held', details: { kind: 'meeting' } });
      const stage2Copies = async () => (await read()).lettersDue.find((l) => l.letter === 'stage2-letter')?.copies.map((c) => c.clause);
      expect(await stage2Copies()).toEqual([]);

      const flagged = await act(cm, '2026-12-04T11:00:00Z', {
        type: 'change-facts',
        reason: 'The appellant also raised matters outside this procedure',
        flags: ['issues-outside-procedure'],
      });
      expect(flagged.statusCode, flagged.body).toBe(200);
      expect((await read()).flags).toEqual(['issues-outside-procedure']);
      expect(await stage2Copies()).toEqual(['kent 7 ¶6']);
    });
  });
});
