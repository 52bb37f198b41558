/**
 * The acceptance path: a Kent case from representation to Stage 2 through the API, as
 * the members of staff the procedure names, on both databases; with the refusals a user meets on
 * the way (stale version, forbidden by the procedure, invalid fields).
 */
import { expect, it } from 'vitest';
import { problemOf, type Session } from '../support/app.js';
import { appEachTest } from '../support/appEachTest.js';
import { onBothDatabases } from './backends.js';

const MONDAY = new Date('2026-11-23T10:00:00Z');
const at = (iso: string) => new Date(iso);

interface CaseView {
  version: number;
  procedure: { id: string; name: string; version: number; effectiveFrom: string };
  stage: { id: string; name: string };
  status: string;
  deadlines: { id: string; status: string; dueDate: string; explanation: string; clause: string }[];
  actions: { id: string; allowed: boolean; reason?: string; clause: string }[];
  timeline: { seq: number; type: string; consequences: string[] }[];
  stageHistory: { stage: string; name: string; enteredAt: string }[];
}

onBothDatabases('a Kent case through the API', (backend) => {
  const t = appEachTest(backend, { now: MONDAY });

  const read = async (s: Session, id: string) => {
    const response = await s.get(`/api/v1/cases/${id}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<CaseView>();
  };
  const act = async (s: Session, id: string, body: Record<string, unknown>) => {
    const before = await read(s, id);
    const response = await s.post(`/api/v1/cases/${id}/actions`, { expectedVersion: before.version, ...body });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ version: number; stage: string; status: string }>();
  };

  it('kent 6 ¶9: goes from representation to Stage 2, each step by the role the procedure names', async () => {
    const careManager = await t.signIn('complaints-manager@kent.demo');
    const chair = await t.signIn('conference-chair@kent.demo');
    const chairsManager = await t.signIn('conference-service-manager@kent.demo');

    // The demo conference was on Thu 19 Nov 2026; the parent's representation arrives Mon 23 Nov.
    const raised = await careManager.post('/api/v1/cases', {
      conferenceId: 'kent.conference.demo',
      track: 'family',
      complainant: { kind: 'parent' },
      aspects: ['decision'],
      receivedAt: '2026-11-23T09:00',
      summary: 'Disagrees with the decision to make a plan',
    });
    expect(raised.statusCode, raised.body).toBe(201);
    const { id } = raised.json<{ id: string }>();
    expect(raised.headers.location).toBe(`/api/v1/cases/${id}`);

    const fresh = await read(careManager, id);
    expect(fresh.stage.id).toBe('triage');
    expect(fresh.procedure).toMatchObject({ id: 'kent', version: 1, effectiveFrom: '2026-11-23' });
    expect(fresh.timeline[0]).toMatchObject({ seq: 1, type: 'ChallengeRaised', procedureVersion: 1 });
    expect(fresh.actions.find((a) => a.id === 'triage.decided')).toMatchObject({ allowed: true });
    // The chair may not triage: the Customer Care Manager does (kent 2 ¶2).
    expect((await read(chair, id)).actions.find((a) => a.id === 'triage.decided')).toMatchObject({ allowed: false, clause: 'kent 2 ¶2' });

    await act(careManager, id, {
      type: 'perform',
      action: 'triage.decided',
      details: { kind: 'choice', option: 'representation', reason: 'About the decision to make a plan' },
    });
    t.setNow(at('2026-11-23T11:00:00Z'));
    await act(chair, id, { type: 'perform', action: 'stage1.appeal-notified' });
    t.setNow(at('2026-11-30T10:00:00Z'));
    await act(chair, id, {
      type: 'perform',
      action: 'stage1.meeting-held',
      details: { kind: 'meeting', minuteTaker: { personId: 'kent.minute-taker', role: 'note-taker' }, supporterPresent: true },
    });
    t.setNow(at('2026-12-01T10:00:00Z'));
    await act(chair, id, {
      type: 'perform',
      action: 'stage1.response-sent',
      details: {
        kind: 'letter',
        method: 'email',
        content: {
          'meeting-notes': 'Notes of the meeting',
          'outcome-of-meeting': 'Remains dissatisfied',
          'how-to-take-further': "Write to the Customer Care Manager and the Chair's Manager",
        },
        copiedTo: ['customer-care-manager', 'chairs-manager', 'conference-attendees-and-invitees'],
      },
    });
    t.setNow(at('2026-12-03T10:00:00Z'));
    const result = await act(chairsManager, id, {
      type: 'perform',
      action: 'stage2.requested',
      details: { kind: 'request', reasons: 'Still disagrees' },
    });
    expect(result).toMatchObject({ stage: 'stage-2', status: 'open' });

    const stage2 = await read(chairsManager, id);
    expect(stage2.stage.id).toBe('stage-2');
    expect(stage2.deadlines.find((d) => d.id === 'stage2-request')).toMatchObject({ status: 'met' });
    // The timeline is the facts; entering Stage 2 is a consequence of the request (ADR 0015).
    expect(stage2.timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['ChallengeRaised', 'ActionPerformed']));
    expect(stage2.timeline.map((e) => e.type)).not.toContain('StageEntered');
    expect(stage2.timeline.at(-1)?.consequences).toEqual(['StageEntered']);
    expect(stage2.stageHistory.map((s) => s.stage)).toEqual(['triage', 'stage-1', 'stage-2']);
    expect(stage2.timeline.map((e) => e.seq)).toEqual(stage2.timeline.map((_e, i) => i + 1));

    // Read models were written with the events: tasks for the chair's manager, open deadlines.
    const tasks = (await chairsManager.get('/api/v1/tasks')).json<{ caseId: string; action: string }[]>();
    expect(tasks.some((task) => task.caseId === id && task.action.startsWith('stage2.'))).toBe(true);
    expect((await t.services.verifyCaseChains()).broken).toEqual([]);
  });

  it('refuses an action against a stale version with 409 and writes nothing', async () => {
    const careManager = await t.signIn('complaints-manager@kent.demo');
    const id = (
      await careManager.post('/api/v1/cases', {
        conferenceId: 'kent.conference.demo',
        track: 'family',
        complainant: { kind: 'parent' },
        aspects: ['decision'],
        receivedAt: '2026-11-23T09:00',
      })
    ).json<{ id: string }>().id;
    const seen = await read(careManager, id);
    const first = await careManager.post(`/api/v1/cases/${id}/actions`, {
      type: 'perform',
      expectedVersion: seen.version,
      action: 'triage.decided',
      details: { kind: 'choice', option: 'representation', reason: 'About the decision' },
    });
    expect(first.statusCode).toBe(200);
    const second = await careManager.post(`/api/v1/cases/${id}/actions`, {
      type: 'perform',
      expectedVersion: seen.version,
      action: 'triage.decided',
      details: { kind: 'choice', option: 'complaint', reason: 'Colleague thought otherwise' },
    });
    expect(second.statusCode).toBe(409);
    // One fact stored: the stage it enters is derived on replay (ADR 0015).
    expect(problemOf(second)).toMatchObject({ status: 409, currentVersion: seen.version + 1 });
    expect((await read(careManager, id)).stage.id).toBe('stage-1');
  });

  it('kent 6 ¶4: refuses what the procedure forbids with 422, the reason and the clause', async () => {
    const careManager = await t.signIn('complaints-manager@kent.demo');
    const chair = await t.signIn('conference-chair@kent.demo');
    const id = (
      await careManager.post('/api/v1/cases', {
        conferenceId: 'kent.conference.demo',
        track: 'family',
        complainant: { kind: 'parent' },
        aspects: ['decision'],
        receivedAt: '2026-11-23T09:00',
      })
    ).json<{ id: string }>().id;
    await act(careManager, id, {
      type: 'perform',
      action: 'triage.decided',
      details: { kind: 'choice', option: 'representation', reason: 'About the decision' },
    });
    const { version } = await read(chair, id);
    const response = await chair.post(`/api/v1/cases/${id}/actions`, {
      type: 'perform',
      expectedVersion: version,
      action: 'stage1.meeting-held',
      details: { kind: 'meeting' },
    });
    expect(response.statusCode).toBe(422);
    expect(problemOf(response)).toMatchObject({ status: 422, clause: 'kent 6 ¶4', detail: expect.stringContaining('minutes') as unknown });
    expect((await read(chair, id)).version).toBe(version);
  });

  it('kent 3 ¶1: refuses a challenge the procedure does not allow, naming the clause', async () => {
    const careManager = await t.signIn('complaints-manager@kent.demo');
    const response = await careManager.post('/api/v1/cases', {
      conferenceId: 'kent.conference.demo',
      track: 'family',
      complainant: { kind: 'child' },
      aspects: ['decision'],
      receivedAt: '2026-11-23T09:00',
    });
    expect(response.statusCode).toBe(422);
    expect(problemOf(response)).toMatchObject({ clause: 'kent 3 ¶1' });
    expect((await careManager.get('/api/v1/cases')).json()).toMatchObject({ cases: [], total: 0 });
  });

  it('names every invalid field of a case action, and saves nothing', async () => {
    const careManager = await t.signIn('complaints-manager@kent.demo');
    const bad = await careManager.post('/api/v1/cases', {
      conferenceId: 'nope',
      track: 'sideways',
      complainant: { kind: 'dog' },
      aspects: [],
      receivedAt: '2026-02-30T09:00',
      colour: 'blue',
    });
    expect(bad.statusCode).toBe(400);
    expect((problemOf(bad)['invalid-params'] ?? []).map((p) => p.name).sort()).toEqual([
      'body',
      'body.aspects',
      'body.complainant.kind',
      'body.receivedAt',
      'body.track',
    ]);
    const unknownConference = await careManager.post('/api/v1/cases', {
      conferenceId: 'camden.conference.demo',
      track: 'family',
      complainant: { kind: 'parent' },
      aspects: ['decision'],
      receivedAt: '2026-11-23T09:00',
    });
    expect(problemOf(unknownConference)['invalid-params']).toEqual([
      { name: 'body.conferenceId', reason: 'no conference in this partnership has that id' },
    ]);
    expect((await careManager.get('/api/v1/cases')).json()).toMatchObject({ cases: [], total: 0 });
  });

  it("hides another partnership's case (404, not 403) and audits every read and refusal", async () => {
    const kent = await t.signIn('complaints-manager@kent.demo');
    const camden = await t.signIn('complaints-manager@camden.demo');
    const id = (
      await kent.post('/api/v1/cases', {
        conferenceId: 'kent.conference.demo',
        track: 'family',
        complainant: { kind: 'parent' },
        aspects: ['decision'],
        receivedAt: '2026-11-23T09:00',
      })
    ).json<{ id: string }>().id;
    expect((await camden.get(`/api/v1/cases/${id}`)).statusCode).toBe(404);
    await read(kent, id);
    const auditor = await t.signIn('auditor@kent.demo');
    const entries = (await auditor.get(`/api/v1/audit?subjectId=${id}`)).json<
      { actor: { id: string }; action: string; outcome: string }[]
    >();
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          actor: { id: 'kent.complaints-manager', role: 'complaints-manager' },
          action: 'case.read',
          outcome: 'ok',
        }),
      ]),
    );
    // Camden's attempt is recorded in Camden's trail, not Kent's.
    const camdenAudit = (await (await t.signIn('auditor@camden.demo')).get(`/api/v1/audit?subjectId=${id}`)).json<{ outcome: string }[]>();
    expect(camdenAudit).toEqual([expect.objectContaining({ outcome: 'denied' })]);
  });

  it('shows a panel member only the cases of panels they sit on', async () => {
    const careManager = await t.signIn('complaints-manager@kent.demo');
    const panelMember = await t.signIn('panel-member@kent.demo');
    const id = (
      await careManager.post('/api/v1/cases', {
        conferenceId: 'kent.conference.demo',
        track: 'family',
        complainant: { kind: 'parent' },
        aspects: ['decision'],
        receivedAt: '2026-11-23T09:00',
      })
    ).json<{ id: string }>().id;
    expect((await panelMember.get(`/api/v1/cases/${id}`)).statusCode).toBe(404);
    expect((await panelMember.get('/api/v1/cases')).json()).toMatchObject({ cases: [], total: 0 });
    // Seating them on a panel (as the read model records it) opens the case to them.
    await t.database.db.insertInto('case_access').values({ case_id: id, user_id: 'kent.panel-member', reason: 'panel-member' }).execute();
    expect((await panelMember.get(`/api/v1/cases/${id}`)).statusCode).toBe(200);
  });
});
