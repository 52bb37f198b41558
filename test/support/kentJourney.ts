/**
 * A Kent case taken through the API from triage to the Assistant Area Director's referral to the
 * Review Panel (kent 5 to kent 8 ¶1), for tests about the panel. `ok` performs one step at a time
 * and fails the test if the step is refused.
 */
import type { Session } from './app.js';

export interface KentStaff {
  readonly careManager: Session;
  readonly chair: Session;
  readonly chairsManager: Session;
  readonly assistantAreaDirector: Session;
}

export type Step = (s: Session, now: string, body: Record<string, unknown>) => Promise<void>;

export async function walkKentToReviewPanel(ok: Step, staff: KentStaff): Promise<void> {
  const { careManager, chair, chairsManager, assistantAreaDirector } = staff;
  await ok(careManager, '2026-11-23T11:00:00Z', {
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
