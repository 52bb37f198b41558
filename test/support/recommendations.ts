/**
 * A Kent case decided by its Review Panel with recommendations to two agencies (one of them text a
 * spreadsheet would run as a formula, one with markup), through the API as staff would record it,
 * for the recommendations report's tests.
 */
import { expect } from 'vitest';
import type { Session, TestApp } from './app.js';
import { walkKentToReviewPanel } from './kentJourney.js';

export const RECOMMENDATIONS = [
  { agency: 'health', text: 'Send health reports three working days ahead' },
  { agency: 'police', text: '=HYPERLINK("http://evil.example","click")' },
  { agency: 'police', text: 'Share <b>police</b> checks before the conference' },
] as const;

export async function kentCaseWithRecommendations(t: TestApp): Promise<{ readonly caseId: string; readonly reference: string }> {
  const cm = await t.signIn('complaints-manager@kent.demo');
  const conferenceChair = await t.signIn('conference-chair@kent.demo');
  const chairsManager = await t.signIn('conference-service-manager@kent.demo');
  const aad = await t.signIn('senior-safeguarding-manager@kent.demo');
  t.setNow(new Date('2026-11-23T10:00:00Z'));
  const raised = await cm.post('/api/v1/cases', {
    conferenceId: 'kent.conference.demo',
    track: 'family',
    complainant: { kind: 'parent' },
    aspects: ['decision'],
    receivedAt: '2026-11-23T09:00',
  });
  expect(raised.statusCode, raised.body).toBe(201);
  const { id: caseId, reference } = raised.json<{ id: string; reference: string }>();
  const ok = async (s: Session, now: string, body: Record<string, unknown>) => {
    t.setNow(new Date(now));
    const version = (await s.get(`/api/v1/cases/${caseId}`)).json<{ version: number }>().version;
    const response = await s.post(`/api/v1/cases/${caseId}/actions`, { type: 'perform', expectedVersion: version, ...body });
    expect(response.statusCode, response.body).toBe(200);
  };
  await walkKentToReviewPanel(ok, { careManager: cm, chair: conferenceChair, chairsManager, assistantAreaDirector: aad });
  await ok(chairsManager, '2026-12-10T10:00:00Z', {
    action: 'stage4.panel-convened',
    details: {
      kind: 'panel',
      members: [
        { personId: 'kent.panel-member', role: 'chair' },
        { personId: 'kent.panel-member-health', role: 'member' },
        { personId: 'kent.panel-member-police', role: 'member' },
      ],
    },
  });
  await ok(chairsManager, '2026-12-11T10:00:00Z', { action: 'stage4.pack-provided' });
  await ok(chairsManager, '2026-12-14T10:00:00Z', { action: 'stage4.meeting-held', details: { kind: 'meeting' } });
  await ok(await t.signIn('panel-member@kent.demo'), '2026-12-14T15:00:00Z', {
    action: 'stage4.decided',
    details: {
      kind: 'decision',
      options: ['review-conference-different-chair', 'concerns-to-agencies'],
      findings: { proceduresFollowed: false, decisionReasonable: true },
      reasons: "The conference did not consider the father's report",
      recommendations: RECOMMENDATIONS,
    },
  });
  return { caseId, reference };
}
