/**
 * Recording a step on behalf of the colleague who took it (ADR 0030), through the API on both
 * databases: the complaints manager records the Camden conference chair's Stage 1 steps; the
 * procedure's rules are asked of the colleague named, never of the recorder; the event keeps both;
 * the audit names both by id. The demo conference (chaired by camden.conference-chair) was held
 * Thu 19 Nov 2026.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { caseEventCodec } from '../../src/store/eventCodec.js';
import { problemOf, type Session, type TestApp } from '../support/app.js';
import { addOtherCamdenChair } from '../support/camdenLetter.js';
import { appOn, onBothDatabases } from './backends.js';

const NOW = new Date('2026-11-23T10:00:00Z');

interface Entry {
  seq: number;
  type: string;
  action?: string;
  by: { id: string; role: string };
  recordedBy?: { id: string; role: string };
}
interface CaseView {
  version: number;
  timeline: Entry[];
  actions: { id: string; allowed: boolean; recordFor?: { id: string; name: string; allowed: boolean; reason?: string }[] }[];
}

onBothDatabases('recording a step for the colleague who took it', (backend) => {
  let t: TestApp;
  let manager: Session;
  let caseId: string;
  beforeEach(async () => {
    t = await appOn(backend(), { now: NOW });
    manager = await t.signIn('complaints-manager@camden.demo');
    const raised = await manager.post('/api/v1/cases', {
      conferenceId: 'camden.conference.demo',
      track: 'family',
      subject: 'conference',
      complainant: { kind: 'parent' },
      aspects: ['decision'],
      receivedAt: '2026-11-23T09:00',
    });
    expect(raised.statusCode, raised.body).toBe(201);
    caseId = raised.json<{ id: string }>().id;
  }, 30_000);
  afterEach(async () => {
    await t.close();
  });

  const read = async (s: Session) => {
    const response = await s.get(`/api/v1/cases/${caseId}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<CaseView>();
  };
  const act = async (s: Session, body: Record<string, unknown>) =>
    s.post(`/api/v1/cases/${caseId}/actions`, { expectedVersion: (await read(s)).version, ...body });
  const share = { type: 'perform', action: 'stage1.complaint-shared' };
  const auditOf = (action: string) =>
    t.database.db.selectFrom('audit_log').select(['actor_id', 'action', 'outcome', 'subject_id']).where('action', '=', action).execute();

  it('records the chair’s step as the chair’s, recorded by the manager: event, timeline, stored row and audit keep both', async () => {
    // Without takenBy the manager is refused: the procedure gives the step to the chair.
    const own = await act(manager, share);
    expect(own.statusCode).toBe(422);
    expect(problemOf(own).detail).toMatch(/Only Conference chair may do this/);

    const recorded = await act(manager, { ...share, takenBy: 'camden.conference-chair' });
    expect(recorded.statusCode, recorded.body).toBe(200);
    const entry = (await read(manager)).timeline.find((e) => e.action === 'stage1.complaint-shared');
    expect(entry?.by).toEqual({ id: 'camden.conference-chair', role: 'conference-chair' });
    expect(entry?.recordedBy).toEqual({ id: 'camden.complaints-manager', role: 'complaints-manager' });

    const row = await t.database.db
      .selectFrom('case_events')
      .select(['actor_id', 'payload'])
      .where('case_id', '=', caseId)
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(row.actor_id).toBe('camden.conference-chair');
    expect(caseEventCodec.decode(row.payload, { caseId, seq: 2 }).recordedBy).toEqual({
      id: 'camden.complaints-manager',
      role: 'complaints-manager',
    });

    expect(await auditOf('case.act:for:camden.conference-chair')).toEqual([
      { actor_id: 'camden.complaints-manager', action: 'case.act:for:camden.conference-chair', outcome: 'ok', subject_id: caseId },
    ]);
  });

  it('asks the chair rule of the colleague named: a chair who did not chair this conference is refused by name', async () => {
    await addOtherCamdenChair(t, NOW);
    const offered = (await read(manager)).actions.find((a) => a.id === 'stage1.meeting-held')?.recordFor ?? [];
    // The conference's own chair first, the one the procedure allows.
    expect(offered.map((o) => [o.id, o.allowed])).toEqual([
      ['camden.conference-chair', true],
      ['camden.other-chair', false],
    ]);
    const refused = await act(manager, {
      type: 'perform',
      action: 'stage1.meeting-held',
      details: { kind: 'meeting' },
      takenBy: 'camden.other-chair',
    });
    expect(refused.statusCode).toBe(422);
    expect(problemOf(refused).detail).toMatch(
      /Only the chair of the conference being challenged may do this .*: Sam Chair did not chair it/,
    );
    // Nor may the manager name someone whose role cannot fill the procedure role.
    const wrongRole = await act(manager, { ...share, takenBy: 'camden.panel-member' });
    expect(wrongRole.statusCode).toBe(422);
    expect(problemOf(wrongRole).detail).toMatch(/Only Conference chair may do this: Demo Panel member \(camden\) is not/);
    expect((await read(manager)).timeline.map((e) => e.type)).toEqual(['ChallengeRaised']);
  });

  it('refuses takenBy without record-for-others (403, audited as denied) and an account of another partnership or disabled (400)', async () => {
    const chair = await t.signIn('conference-chair@camden.demo');
    const denied = await act(chair, { ...share, takenBy: 'camden.panel-coordinator' });
    expect(denied.statusCode).toBe(403);
    expect(problemOf(denied).detail).toMatch(/may not record a step on behalf of someone else/);
    expect(await auditOf('case.act:for:camden.panel-coordinator')).toEqual([
      { actor_id: 'camden.conference-chair', action: 'case.act:for:camden.panel-coordinator', outcome: 'denied', subject_id: caseId },
    ]);
    // Naming oneself is simply taking the step.
    expect((await act(chair, { ...share, takenBy: 'camden.conference-chair' })).statusCode).toBe(200);

    const elsewhere = await act(manager, {
      type: 'perform',
      action: 'stage1.meeting-held',
      details: { kind: 'meeting' },
      takenBy: 'kent.conference-chair',
    });
    expect(elsewhere.statusCode).toBe(400);
    expect(problemOf(elsewhere).detail).toMatch(/enabled member of staff of this partnership/);
    await t.database.db.updateTable('users').set({ disabled: 1 }).where('id', '=', 'camden.conference-chair').execute();
    const disabled = await act(manager, {
      type: 'perform',
      action: 'stage1.meeting-held',
      details: { kind: 'meeting' },
      takenBy: 'camden.conference-chair',
    });
    expect(disabled.statusCode).toBe(400);
    expect((await read(manager)).timeline.map((e) => e.action ?? e.type)).toEqual(['ChallengeRaised', 'stage1.complaint-shared']);
  });
});
