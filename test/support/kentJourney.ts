/**
 * A Kent case taken through the API from triage to the Assistant Area Director's referral to the
 * Review Panel (kent 5 to kent 8 ¶1), for tests about the panel. `ok` performs one step at a time
 * and fails the test if the step is refused. The Stage 1 steps' details are exported for tests
 * that record those steps their own way (on other dates, or corrected).
 */
import type { Session, TestApp } from './app.js';

export interface KentStaff {
  readonly careManager: Session;
  readonly chair: Session;
  readonly chairsManager: Session;
  readonly assistantAreaDirector: Session;
}

export type Step = (s: Session, now: string, body: Record<string, unknown>) => Promise<void>;

/** Triage: a representation about the conference decision (kent 5). */
export const KENT_TRIAGE = { kind: 'choice', option: 'representation', reason: 'About the decision' } as const;

/** The Stage 1 meeting, minuted by the note taker (kent 6 ¶3). */
export const KENT_STAGE1_MEETING = { kind: 'meeting', minuteTaker: { personId: 'kent.minute-taker', role: 'note-taker' } } as const;

/** The Stage 1 response letter with the copies kent 6 ¶6 asks for. */
export const KENT_STAGE1_RESPONSE = {
  kind: 'letter',
  method: 'email',
  content: { 'meeting-notes': 'N', 'outcome-of-meeting': 'O', 'how-to-take-further': 'H' },
  copiedTo: ['customer-care-manager', 'chairs-manager', 'conference-attendees-and-invitees'],
} as const;

/**
 * The demo Kent case (a parent's representation about the conference decision, received Mon 23 Nov
 * 2026 at 09:00, raised at the app's time) walked through the API to its referral to the Review
 * Panel; the app's clock is left at Thu 10 Dec 2026 10:00, for convening the panel. Each step that
 * is refused fails the setup with the answer's body.
 */
export async function kentCaseAtReviewPanel(t: TestApp): Promise<{ caseId: string; careManager: Session }> {
  const careManager = await t.signIn('complaints-manager@kent.demo');
  const chair = await t.signIn('conference-chair@kent.demo');
  const chairsManager = await t.signIn('conference-service-manager@kent.demo');
  const assistantAreaDirector = await t.signIn('senior-safeguarding-manager@kent.demo');
  t.setNow(new Date('2026-11-23T10:00:00Z'));
  const raised = await careManager.post('/api/v1/cases', {
    conferenceId: 'kent.conference.demo',
    track: 'family',
    complainant: { kind: 'parent' },
    aspects: ['decision'],
    receivedAt: '2026-11-23T09:00',
  });
  if (raised.statusCode !== 201) throw new Error(raised.body);
  const caseId = raised.json<{ id: string }>().id;
  await walkKentToReviewPanel(
    async (s, now, body) => {
      t.setNow(new Date(now));
      const { version } = (await s.get(`/api/v1/cases/${caseId}`)).json<{ version: number }>();
      const response = await s.post(`/api/v1/cases/${caseId}/actions`, { type: 'perform', expectedVersion: version, ...body });
      if (response.statusCode !== 200) throw new Error(response.body);
    },
    { careManager, chair, chairsManager, assistantAreaDirector },
  );
  t.setNow(new Date('2026-12-10T10:00:00Z'));
  return { caseId, careManager };
}

export async function walkKentToReviewPanel(ok: Step, staff: KentStaff): Promise<void> {
  const { careManager, chair } = staff;
  await ok(careManager, '2026-11-23T11:00:00Z', { action: 'triage.decided', details: KENT_TRIAGE });
  await ok(chair, '2026-11-23T12:00:00Z', { action: 'stage1.appeal-notified' });
  await ok(chair, '2026-11-30T10:00:00Z', { action: 'stage1.meeting-held', details: KENT_STAGE1_MEETING });
  await ok(chair, '2026-12-01T10:00:00Z', { action: 'stage1.response-sent', details: KENT_STAGE1_RESPONSE });
  await walkKentFromStage2ToReviewPanel(ok, staff);
}

/** From a Stage 1 response sent on Tue 1 Dec 2026: Stage 2 and Stage 3 to the referral to the Review Panel (kent 7, kent 8 ¶1). */
export async function walkKentFromStage2ToReviewPanel(
  ok: Step,
  staff: Pick<KentStaff, 'chairsManager' | 'assistantAreaDirector'>,
): Promise<void> {
  const { chairsManager, assistantAreaDirector } = staff;
  await ok(chairsManager, '2026-12-02T10:00:00Z', {
    action: 'stage2.requested',
    details: { kind: 'request', reasons: 'Still disagrees' },
  });
  await ok(chairsManager, '2026-12-04T10:00:00Z', { action: 'stage2.meeting-held', details: { kind: 'meeting' } });
  await ok(chairsManager, '2026-12-07T10:00:00Z', {
    action: 'stage2.letter-sent',
    details: { kind: 'letter', method: 'email', content: { 'agreed-actions': 'Agreed' }, copiedTo: [] },
  });
  await ok(assistantAreaDirector, '2026-12-08T10:00:00Z', {
    action: 'stage3.requested',
    details: { kind: 'request', reasons: 'Reasons' },
  });
  await ok(chairsManager, '2026-12-08T11:00:00Z', { action: 'stage3.systems-improvement-informed' });
  await ok(assistantAreaDirector, '2026-12-09T10:00:00Z', {
    action: 'stage3.referral-decided',
    details: { kind: 'choice', option: 'refer', reason: 'Appraisal done' },
  });
}

/**
 * The Review Panel's chair records its decision letter sent (kent 9 ¶8) through the API at the
 * app's time, for a decision recommending a review conference under a different chair (kent 9 ¶11's
 * item included): the outcome's steps then open.
 */
export async function kentReviewPanelLetterSent(t: TestApp, caseId: string): Promise<void> {
  const panelChair = await t.signIn('panel-member@kent.demo');
  const { version } = (await panelChair.get(`/api/v1/cases/${caseId}`)).json<{ version: number }>();
  const sent = await panelChair.post(`/api/v1/cases/${caseId}/actions`, {
    type: 'perform',
    expectedVersion: version,
    action: 'stage4.letter-sent',
    details: {
      kind: 'letter',
      method: 'email',
      content: {
        'panel-membership': 'M',
        decision: 'D',
        reasons: 'R',
        'original-decision-not-expunged': 'O',
        'ombudsman-and-judicial-review': 'L',
      },
      copiedTo: ['customer-care-manager', 'chairs-manager', 'ics-service-manager', 'conference-chair', 'conference-attendees-and-invitees'],
    },
  });
  if (sent.statusCode !== 200) throw new Error(sent.body);
}
