/**
 * Panels through the API on both databases (issue 12 points 7 and 10, ADR 0026): a proposed panel
 * checked without recording it, members' declarations of independence, the document pack by its
 * preparer, the decision with learning points and recommendations, and what the outcome requires
 * tracked to done. On a Kent case taken to its Review Panel (kent 9).
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { problemOf, type Session, type TestApp } from '../support/app.js';
import { walkKentToReviewPanel } from '../support/kentJourney.js';
import { appOn, onBothDatabases } from './backends.js';

const MONDAY = new Date('2026-11-23T10:00:00Z');

const chair = { personId: 'kent.panel-member', role: 'chair' };
const health = { personId: 'kent.panel-member-health', role: 'member' };
const police = { personId: 'kent.panel-member-police', role: 'member' };

interface PanelView {
  version: number;
  rule: { name: string; documentPack: { index: number; item: string }[]; packPreparedBy: { title: string } } | null;
  convene: { action: string; allowed: boolean } | null;
  convened: {
    number: number;
    members: { personId: string; declaration: string; reason?: string }[];
    outstanding: string[];
    problems: { message: string; clause: string; personId?: string }[];
  } | null;
  decisions: { learningPoints: string[]; recommendations: { agency: string; text: string }[]; votes: unknown }[];
}

onBothDatabases('panels, declarations, the document pack and outcomes', (backend) => {
  let t: TestApp;
  let caseId: string;
  let cm: Session;
  let chairsManager: Session;
  let conferenceChair: Session;
  beforeEach(async () => {
    t = await appOn(backend(), { now: MONDAY });
    cm = await t.signIn('complaints-manager@kent.demo');
    conferenceChair = await t.signIn('conference-chair@kent.demo');
    chairsManager = await t.signIn('conference-service-manager@kent.demo');
    const aad = await t.signIn('senior-safeguarding-manager@kent.demo');
    const raised = await cm.post('/api/v1/cases', {
      conferenceId: 'kent.conference.demo',
      track: 'family',
      complainant: { kind: 'parent' },
      aspects: ['decision'],
      receivedAt: '2026-11-23T09:00',
    });
    expect(raised.statusCode, raised.body).toBe(201);
    caseId = raised.json<{ id: string }>().id;
    await walkKentToReviewPanel(ok, { careManager: cm, chair: conferenceChair, chairsManager, assistantAreaDirector: aad });
  }, 60_000);
  afterEach(async () => {
    await t.close();
  });

  const versionOf = async (s: Session) => (await s.get(`/api/v1/cases/${caseId}`)).json<{ version: number }>().version;
  const act = async (s: Session, now: string, body: Record<string, unknown>) => {
    t.setNow(new Date(now));
    return s.post(`/api/v1/cases/${caseId}/actions`, { expectedVersion: await versionOf(s), ...body });
  };
  async function ok(s: Session, now: string, body: Record<string, unknown>) {
    const response = await act(s, now, { type: 'perform', ...body });
    expect(response.statusCode, response.body).toBe(200);
  }
  const convene = (members: unknown[]) =>
    ok(chairsManager, '2026-12-10T10:00:00Z', { action: 'stage4.panel-convened', details: { kind: 'panel', members } });
  const panel = async (s: Session = chairsManager) => {
    const response = await s.get(`/api/v1/cases/${caseId}/panel`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<PanelView>();
  };

  it('checks a proposed panel without recording it: every failure with its clause; a valid one passes; convening the invalid one is still refused', async () => {
    t.setNow(new Date('2026-12-10T09:00:00Z'));
    const before = await versionOf(chairsManager);
    const check = await chairsManager.post(`/api/v1/cases/${caseId}/panel-check`, {
      members: [
        { personId: 'kent.panel-member-health', role: 'chair' },
        { personId: 'kent.conference-service-manager', role: 'member' },
      ],
    });
    expect(check.statusCode, check.body).toBe(200);
    const result = check.json<{ valid: boolean; action: string; problems: { message: string; clause: string }[] }>();
    expect(result.valid).toBe(false);
    expect(result.action).toBe('stage4.panel-convened');
    expect(result.problems).toEqual(
      expect.arrayContaining([
        { message: 'The panel needs at least 3 members; it has 2', clause: 'kent 9 ¶3' },
        { message: 'The panel needs a member from the police', clause: 'kent 9 ¶3' },
        expect.objectContaining({ message: expect.stringContaining('must come from the local authority') as unknown, clause: 'kent 9 ¶3' }),
        expect.objectContaining({ message: expect.stringContaining('in attendance') as unknown, clause: 'kent 9 ¶3' }),
      ]),
    );
    expect(await versionOf(chairsManager)).toBe(before);

    const valid = await chairsManager.post(`/api/v1/cases/${caseId}/panel-check`, { members: [chair, health, police] });
    expect(valid.json()).toMatchObject({ valid: true, problems: [] });

    const unknown = await chairsManager.post(`/api/v1/cases/${caseId}/panel-check`, {
      members: [{ personId: 'kent.nobody', role: 'chair' }],
    });
    expect(unknown.statusCode).toBe(400);
    expect(problemOf(unknown)['invalid-params']?.[0]?.name).toBe('body.details.members.0.personId');

    const refused = await act(chairsManager, '2026-12-10T10:00:00Z', {
      type: 'perform',
      action: 'stage4.panel-convened',
      details: { kind: 'panel', members: [{ personId: 'kent.panel-member-health', role: 'chair' }] },
    });
    expect(refused.statusCode).toBe(422);
    expect(problemOf(refused).clause).toBe('kent 9 ¶3');

    const auditor = await t.signIn('auditor@kent.demo');
    const trail = (await auditor.get(`/api/v1/audit?limit=200&subjectId=${caseId}`)).json<{ action: string; outcome: string }[]>();
    expect(trail.filter((e) => e.action === 'case.panel-check' && e.outcome === 'ok')).toHaveLength(2);
  });

  it('members declare independence or decline with a reason; outstanding until they do; the convener may record it for them', async () => {
    await convene([chair, health, police]);
    let view = await panel();
    expect(view.convened?.outstanding).toEqual(['kent.panel-member', 'kent.panel-member-health', 'kent.panel-member-police']);

    const member = await t.signIn('panel-member@kent.demo');
    const declared = await act(member, '2026-12-10T12:00:00Z', { type: 'declare', personId: 'kent.panel-member', independent: true });
    expect(declared.statusCode, declared.body).toBe(200);
    expect(declared.json()).toMatchObject({ events: ['IndependenceDeclared'] });

    const noReason = await act(chairsManager, '2026-12-10T12:05:00Z', {
      type: 'declare',
      personId: 'kent.panel-member-police',
      independent: false,
    });
    expect(noReason.statusCode).toBe(422);
    expect(problemOf(noReason)).toMatchObject({ clause: 'kent 9 ¶3' });
    const declined = await act(chairsManager, '2026-12-10T12:10:00Z', {
      type: 'declare',
      personId: 'kent.panel-member-police',
      independent: false,
      reason: 'Supervised the <b>social worker</b> in 2025',
    });
    expect(declined.statusCode, declined.body).toBe(200);

    const other = await act(conferenceChair, '2026-12-10T12:15:00Z', {
      type: 'declare',
      personId: 'kent.panel-member-health',
      independent: true,
    });
    expect(other.statusCode, other.body).toBe(422);
    expect(problemOf(other).detail).toBe(
      "Only Demo panel member, health (kent), or whoever convenes the Formal Review Panel, may record Demo panel member, health (kent)'s declaration",
    );

    view = await panel();
    expect(view.convened?.members.map((m) => [m.personId, m.declaration])).toEqual([
      ['kent.panel-member', 'declared'],
      ['kent.panel-member-health', 'outstanding'],
      ['kent.panel-member-police', 'declined'],
    ]);
    expect(view.convened?.outstanding).toEqual(['kent.panel-member-health']);
    expect(view.convened?.problems).toEqual([
      {
        message:
          'Demo panel member, police (kent) has declined to declare independence from the case (Supervised the <b>social worker</b> in 2025): they may not sit on the Formal Review Panel',
        clause: 'kent 9 ¶3',
        personId: 'kent.panel-member-police',
      },
    ]);
    const timeline = (await chairsManager.get(`/api/v1/cases/${caseId}`)).json<{ timeline: { type: string; when: string }[] }>().timeline;
    expect(timeline.filter((e) => e.type === 'IndependenceDeclared').map((e) => e.when)).toEqual([
      'declared and recorded Thu 10 Dec 2026',
      'declared and recorded Thu 10 Dec 2026',
    ]);
    // A declaration is declared again, not corrected.
    const seq = (await chairsManager.get(`/api/v1/cases/${caseId}`))
      .json<{ timeline: { type: string; seq: number }[] }>()
      .timeline.findLast((e) => e.type === 'IndependenceDeclared')?.seq;
    const corrected = await act(chairsManager, '2026-12-10T13:00:00Z', {
      type: 'correct',
      target: seq,
      reason: 'wrong time',
      occurredAt: '2026-12-10T11:00',
    });
    expect(corrected.statusCode).toBe(422);
    expect(problemOf(corrected).detail).toContain('declare again');
  });

  it("the document pack: the procedure's items, documents put against them by the Chair's Manager only, and what is missing", async () => {
    await convene([chair, health, police]);
    t.setNow(new Date('2026-12-10T11:00:00Z'));
    const upload = await cm.post(`/api/v1/documents?caseId=${caseId}&type=conference-minutes&filename=minutes.txt`, 'The minutes', {
      'content-type': 'text/plain',
    });
    expect(upload.statusCode, upload.body).toBe(201);
    const documentId = upload.json<{ id: string }>().id;

    let pack = (await chairsManager.get(`/api/v1/cases/${caseId}/document-pack`)).json<{
      complete: boolean;
      missing: number[];
      mayPrepare: boolean;
      preparedBy: { title: string };
      items: { item: string; status: string; documents: { id: string }[] }[];
      documents: { id: string }[];
    }>();
    expect(pack.preparedBy.title).toBe("ICS Child Protection Conference Chair's Manager");
    expect(pack.mayPrepare).toBe(true);
    expect(pack.missing).toEqual([0, 1, 2, 3]);
    expect(pack.items[1]?.item).toBe('The conference minutes and the reports made available to the conference');
    expect(pack.documents.map((d) => d.id)).toEqual([documentId]);

    const notPreparer = await cm.post(`/api/v1/cases/${caseId}/document-pack`, { item: 1, documentId, linked: true });
    expect(notPreparer.statusCode).toBe(403);
    expect(problemOf(notPreparer).detail).toBe(
      "Only the ICS Child Protection Conference Chair's Manager prepares the Formal Review Panel's document pack",
    );

    const wrongItem = await chairsManager.post(`/api/v1/cases/${caseId}/document-pack`, { item: 9, documentId, linked: true });
    expect(wrongItem.statusCode).toBe(400);
    expect(problemOf(wrongItem)['invalid-params']).toEqual([
      { name: 'body.item', reason: "the Formal Review Panel's document pack has items 0 to 3" },
    ]);
    const wrongDocument = await chairsManager.post(`/api/v1/cases/${caseId}/document-pack`, { item: 1, documentId: 'nope', linked: true });
    expect(problemOf(wrongDocument)['invalid-params']).toEqual([
      { name: 'body.documentId', reason: 'no document of this case has that id' },
    ]);

    const linked = await chairsManager.post(`/api/v1/cases/${caseId}/document-pack`, { item: 1, documentId, linked: true });
    expect(linked.statusCode, linked.body).toBe(204);
    // Linking twice does one thing.
    expect((await chairsManager.post(`/api/v1/cases/${caseId}/document-pack`, { item: 1, documentId, linked: true })).statusCode).toBe(204);
    pack = (await chairsManager.get(`/api/v1/cases/${caseId}/document-pack`)).json();
    expect(pack.missing).toEqual([0, 2, 3]);
    expect(pack.items[1]).toMatchObject({ status: 'provided', documents: [{ id: documentId }] });
    expect(pack.complete).toBe(false);

    expect((await chairsManager.post(`/api/v1/cases/${caseId}/document-pack`, { item: 1, documentId, linked: false })).statusCode).toBe(
      204,
    );
    pack = (await chairsManager.get(`/api/v1/cases/${caseId}/document-pack`)).json();
    expect(pack.missing).toEqual([0, 1, 2, 3]);
  });

  it('the decision keeps learning points and recommendations to named agencies; the outcome is tracked to done with a different chair and the briefing', async () => {
    await convene([chair, health, police]);
    await ok(chairsManager, '2026-12-11T10:00:00Z', { action: 'stage4.pack-provided' });
    await ok(chairsManager, '2026-12-14T10:00:00Z', { action: 'stage4.meeting-held', details: { kind: 'meeting' } });
    const panelChair = await t.signIn('panel-member@kent.demo');
    const blank = await act(panelChair, '2026-12-14T15:00:00Z', {
      type: 'perform',
      action: 'stage4.decided',
      details: {
        kind: 'decision',
        options: ['review-conference-different-chair', 'concerns-to-agencies'],
        findings: { proceduresFollowed: false, decisionReasonable: true },
        reasons: 'Not followed',
        recommendations: [{ agency: 'police', text: '' }],
      },
    });
    expect(blank.statusCode).toBe(400);
    await ok(panelChair, '2026-12-14T15:00:00Z', {
      action: 'stage4.decided',
      details: {
        kind: 'decision',
        options: ['review-conference-different-chair', 'concerns-to-agencies'],
        findings: { proceduresFollowed: false, decisionReasonable: true },
        reasons: "The conference did not consider the father's report",
        learningPoints: ["Circulate a parent's report before the conference"],
        recommendations: [{ agency: 'health', text: 'Send health reports three working days ahead' }],
      },
    });
    const view = await panel();
    expect(view.decisions).toMatchObject([
      {
        learningPoints: ["Circulate a parent's report before the conference"],
        recommendations: [{ agency: 'health', text: 'Send health reports three working days ahead' }],
        votes: null,
      },
    ]);

    const report = await cm.get('/api/v1/reports/recommendations');
    expect(report.statusCode, report.body).toBe(200);
    expect(report.json()).toEqual([
      {
        caseId,
        procedure: expect.any(String) as unknown,
        decision: "Record the Review Panel's decision",
        decidedAt: '2026-12-14T15:00:00.000Z',
        learningPoints: ["Circulate a parent's report before the conference"],
        recommendations: [{ agency: 'health', text: 'Send health reports three working days ahead' }],
      },
    ]);
    expect((await cm.get('/api/v1/reports/recommendations?agency=police')).json()).toEqual([]);
    expect((await cm.get('/api/v1/reports/recommendations?agency=health')).json()).toMatchObject([{ learningPoints: [] }]);
    // A panel member not on this panel sees none of it.
    expect((await (await t.signIn('panel-member-education@kent.demo')).get('/api/v1/reports/recommendations')).json()).toEqual([]);

    const outcomes = async () =>
      (await chairsManager.get(`/api/v1/cases/${caseId}/outcomes`)).json<{
        requirements: {
          option: { id: string; chair: string | null };
          status: string;
          steps: {
            action: string;
            status: string;
            doneBy: string | null;
            chairMustDiffer: string | null;
            briefingRequired: string | null;
            chairId: string | null;
            briefed: boolean | null;
          }[];
        }[];
      }>().requirements;
    let requirements = await outcomes();
    expect(requirements.map((r) => [r.option.id, r.status])).toEqual([
      ['review-conference-different-chair', 'open'],
      ['concerns-to-agencies', 'recorded'],
    ]);
    expect(requirements[0]?.option.chair).toBe('different');
    expect(requirements[0]?.steps.find((s) => s.action === 'review-conference.held')).toMatchObject({
      status: 'open',
      chairMustDiffer: 'kent 9 ¶10',
      briefingRequired: 'kent 9 ¶17',
    });

    await ok(panelChair, '2026-12-15T10:00:00Z', {
      action: 'stage4.letter-sent',
      details: {
        kind: 'letter',
        method: 'email',
        content: {
          'panel-membership': 'Members',
          decision: 'Review conference',
          reasons: 'Reasons',
          'original-decision-not-expunged': 'Stays on file',
          'ombudsman-and-judicial-review': 'LGSCO',
        },
        copiedTo: [
          'customer-care-manager',
          'chairs-manager',
          'ics-service-manager',
          'conference-chair',
          'conference-attendees-and-invitees',
        ],
      },
    });
    await ok(chairsManager, '2026-12-15T11:00:00Z', { action: 'stage4.move-to-review-conference' });
    await ok(chairsManager, '2026-12-16T10:00:00Z', { action: 'review-conference.chair-discussed' });
    const chairId = (await chairsManager.get('/api/v1/conferences/kent.conference.demo')).json<{ chair: { id: string } }>().chair.id;
    expect(chairId).toBe('kent.conference-chair');
    const sameChair = await act(conferenceChair, '2026-12-17T10:00:00Z', {
      type: 'perform',
      action: 'review-conference.held',
      details: { kind: 'meeting', chairId, briefed: true },
    });
    expect(sameChair.statusCode).toBe(422);
    expect(problemOf(sameChair).clause).toBe('kent 9 ¶10');
    await ok(conferenceChair, '2026-12-17T10:00:00Z', {
      action: 'review-conference.held',
      details: { kind: 'meeting', chairId: 'kent.panel-coordinator', briefed: true },
    });
    requirements = await outcomes();
    expect(requirements[0]?.steps.find((s) => s.action === 'review-conference.held')).toMatchObject({
      status: 'done',
      doneBy: 'kent.conference-chair',
      chairId: 'kent.panel-coordinator',
      briefed: true,
    });
    expect(requirements[0]?.status).toBe('open');
    await ok(conferenceChair, '2026-12-17T15:00:00Z', {
      action: 'review-conference.outcome-recorded',
      details: { kind: 'choice', option: 'supports-original', reason: 'Plan still needed' },
    });
    requirements = await outcomes();
    expect(requirements[0]?.status).toBe('done');
  });

  it('a panel member not on the panel sees none of it', async () => {
    const outsider = await t.signIn('panel-member-education@kent.demo');
    expect((await outsider.get(`/api/v1/cases/${caseId}/panel`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/v1/cases/${caseId}/outcomes`)).statusCode).toBe(404);
  });
});
