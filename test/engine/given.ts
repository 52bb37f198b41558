/**
 * Givens for the engine's command tests, over the Testshire procedure (test/support/engineProcedure.ts).
 * Conference Tue 2 Mar 2027 10:00, chaired by chair-1; complaint received Wed 3 Mar 2027 10:00.
 */
import type { ActionDetails, Actor, DecideResult, PanelMember, Refusal } from '../../src/core/engine/model.js';
import type { LetterContent, ProcedureInput } from '../../src/core/procedures/schema.js';
import { engineProcedure } from '../support/engineProcedure.js';
import { actor, scenario } from '../support/scenario.js';

export const officer = actor('complaints-manager', 'officer-1');
export const chair = actor('conference-chair', 'chair-1');
export const otherChair = actor('conference-chair', 'chair-2');
export const manager = actor('senior-safeguarding-manager', 'manager-1');
export const otherManager = actor('senior-safeguarding-manager', 'manager-2');
export const deputy = actor('conference-service-manager', 'deputy-1');
export const panelChair = actor('panel-member', 'panel-1');
export const complainant = actor('complainant', 'parent-1');

export const CONFERENCE = '2027-03-02T10:00';
export const RECEIVED = '2027-03-03T10:00';

export const meetingDetails: Extract<ActionDetails, { kind: 'meeting' }> = {
  kind: 'meeting',
  minuteTaker: { personId: 'officer-1', role: 'officer' },
};
export const letterDetails = (
  content: Partial<Record<LetterContent, string>> = {},
  copiedTo: string[] = ['officer'],
): Extract<ActionDetails, { kind: 'letter' }> => ({
  kind: 'letter',
  method: 'email',
  content: { 'outcome-of-meeting': 'We agreed to review the plan', ...content },
  copiedTo,
});

export const member = (personId: string, role: PanelMember['role'] = 'member'): PanelMember => ({
  personId,
  name: personId,
  agency: 'health',
  partnershipAgency: true,
  senior: true,
  role,
});
export const panel: PanelMember[] = [member('panel-1', 'chair'), member('panel-2')];

export const decision = (options: string[], extra: Partial<Extract<ActionDetails, { kind: 'decision' }>> = {}): ActionDetails => ({
  kind: 'decision',
  options,
  findings: { proceduresFollowed: true },
  reasons: 'Considered the minutes and the letter',
  votes: { for: 2, against: 0 },
  ...extra,
});

export type Tweak = (p: ProcedureInput) => void;

/** Given the Testshire procedure (perhaps altered), and nothing raised yet. */
export function testshire(tweak?: Tweak) {
  const definition = engineProcedure();
  tweak?.(definition);
  return scenario(definition);
}

export type Testshire = ReturnType<typeof testshire>;

/** Given a complaint raised at Stage 1. */
export function raised(tweak?: Tweak, flags: Parameters<Testshire['raise']>[0]['flags'] = []): Testshire {
  const s = testshire(tweak);
  s.raise({ conferenceAt: CONFERENCE, receivedAt: RECEIVED, flags });
  return s;
}

/** Given the Stage 1 meeting held (Fri 5 Mar) and the letter sent by email (Mon 8 Mar); whoever raised it took part at Stage 1. */
export function letterSent(tweak?: Tweak, raisedBy: Actor = officer): Testshire {
  const s = testshire(tweak);
  s.raise({ conferenceAt: CONFERENCE, receivedAt: RECEIVED, actor: raisedBy });
  s.act('stage1.meeting', chair, '2027-03-05T10:00', meetingDetails);
  s.act('stage1.letter', chair, '2027-03-08T10:00', letterDetails());
  return s;
}

/** Given Stage 2 requested (Wed 10 Mar) and the panel convened (Thu 11 Mar). */
export function panelConvened(tweak?: Tweak): Testshire {
  const s = letterSent(tweak);
  s.act('stage1.escalation-requested', complainant, '2027-03-10T10:00', { kind: 'request' });
  s.act('stage2.panel-convened', manager, '2027-03-11T10:00', { kind: 'panel', members: panel });
  return s;
}

export function refusalOf(result: { ok: true } | { ok: false; refusal: Refusal }): Refusal {
  if (result.ok) throw new Error('expected a refusal');
  return result.refusal;
}

export function eventsOf(result: DecideResult) {
  if (!result.ok) throw new Error(`refused: ${result.refusal.code} ${result.refusal.message}`);
  return result.events;
}
