/**
 * A Kingston and Richmond case taken to its appeal panel, for the procedure's scenario tests and the
 * engine's: a risk outside the home review on Thu 10 Dec 2026, the mother's complaint Wed 16 Dec.
 */
import { kingstonRichmond } from '../../src/core/procedures/definitions/kingston-richmond.js';
import { actor, panelMember as member, scenario } from './scenario.js';
export const chair = actor('conference-chair', 'chair-1');
export const manager = actor('conference-service-manager', 'sm-1');
export const partnership = actor('panel-coordinator', 'pm-1');
export const panelChair = actor('panel-member', 'panel-la');
export const minuteTaker = { personId: 'mt-1', role: 'minute-taker' };

export const laChair = member('panel-la', 'local-authority-childrens-services', 'chair');
export const panel = [laChair, member('panel-police', 'police'), member('panel-health', 'health')];
export const stage1Letter = {
  kind: 'letter' as const,
  method: 'email' as const,
  content: { 'points-of-complaint': 'Points', 'agreed-actions': 'Actions' },
  copiedTo: ['complaints-manager', 'senior-manager'],
};
export const stage2Letter = {
  kind: 'letter' as const,
  method: 'first-class-post' as const,
  content: { 'agreed-actions': 'Agreed' },
  copiedTo: [],
};
export const panelLetter = {
  kind: 'letter' as const,
  method: 'email' as const,
  content: { decision: 'Decision', 'ombudsman-and-judicial-review': 'LGSCO' },
  copiedTo: ['conference-minutes-recipients'],
};

/** A risk outside the home review on Thu 10 Dec 2026; the mother's complaint arrives Wed 16 Dec. */
export function complained(extra: Partial<Parameters<ReturnType<typeof scenario>['raise']>[0]> = {}) {
  const s = scenario(kingstonRichmond);
  s.raise({ conferenceAt: '2026-12-10T10:00', receivedAt: '2026-12-16T10:00', conferenceType: 'risk-outside-the-home-review', ...extra });
  return s;
}

export function atStage3() {
  const s = complained();
  s.act('stage1.complaints-manager-informed', chair, '2026-12-16T11:00');
  s.act('stage1.acknowledged', chair, '2026-12-17T10:00');
  s.act('stage1.responded', manager, '2027-01-04T10:00', { kind: 'choice', option: 'meeting', reason: 'Family asked to meet' });
  s.act('stage1.letter-sent', manager, '2027-01-05T10:00', stage1Letter);
  s.act('stage2.requested', manager, '2027-01-11T10:00', { kind: 'request' });
  s.act('stage2.meeting-held', manager, '2027-02-03T10:00', { kind: 'meeting' });
  s.act('stage2.letter-sent', manager, '2027-02-05T10:00', stage2Letter);
  s.act('stage3.requested', partnership, '2027-02-15T10:00', { kind: 'request', reasons: 'Still dissatisfied' });
  s.act('stage3.partnership-manager-informed', manager, '2027-02-15T11:00');
  return s;
}

export function panelSat(s: ReturnType<typeof atStage3>) {
  s.act('stage3.panel-convened', partnership, '2027-02-22T10:00', { kind: 'panel', members: panel });
  s.act('stage3.meeting-held', partnership, '2027-03-03T10:00', { kind: 'meeting', minuteTaker });
}
