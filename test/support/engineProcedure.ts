import type { ProcedureInput } from '../../src/core/procedures/schema.js';

/**
 * A small procedure with one of everything the engine knows, for the engine's own tests: a
 * record, meeting, letter, request, panel, decision and choice; a late-acceptance time limit; a
 * limitation; a redirection; chair-complaint routing; role conditions; an outcome that only some
 * findings allow; and a panel that must sit again. Deliberately unlike any real partnership.
 *
 * Stage 1: the chair meets (within 5 working days) and writes (within 5 more); the complainant
 * may ask for Stage 2 within 10 working days of receiving the letter. Stage 2: a panel of at
 * least 2 decides by majority; "reconsider" sends the case to Stage 3, where the same panel sits
 * again.
 */
export function engineProcedure(): ProcedureInput {
  const c = (n: number) => `testshire ${String(n)}`;
  return {
    id: 'testshire',
    name: 'Testshire',
    version: 1,
    effectiveFrom: '2026-04-01',
    partnership: 'Testshire Safeguarding Children Partnership',
    source: { title: 'Testshire procedure', file: 'testshire.txt' },
    citationStyle: 'numbered',
    clauses: Array.from({ length: 20 }, (_, i) => ({ clause: c(i + 1), summary: `Rule ${String(i + 1)}.`, noCodeBecause: 'Test fixture.' })),
    roles: [
      { id: 'chair', title: 'Conference chair', productRole: 'conference-chair', clause: c(2), mustBe: ['chaired-the-conference'] },
      { id: 'officer', title: 'Complaints officer', productRole: 'complaints-manager', clause: c(1) },
      { id: 'manager', title: 'Service manager', productRole: 'senior-safeguarding-manager', clause: c(3), mustBe: ['not-involved-earlier'] },
      { id: 'deputy', title: 'Deputy chair', productRole: 'conference-service-manager', clause: c(4) },
      { id: 'panel-chair', title: 'Panel chair', productRole: 'panel-member', clause: c(5) },
    ],
    tracks: [
      {
        id: 'family',
        label: 'Family complaint',
        clause: c(1),
        startStage: 'stage-1',
        raisedBy: ['parent', 'child'],
        childNeedsSufficientUnderstanding: { clause: c(6) },
        aspects: [
          { aspect: 'decision', clause: c(1) },
          { aspect: 'process', clause: c(1) },
        ],
        conferenceTypes: ['initial'],
        raisedMilestone: 'complaint.received',
      },
    ],
    stages: [
      { id: 'stage-1', name: 'Stage 1', clause: c(2) },
      { id: 'stage-2', name: 'Stage 2', clause: c(7) },
      { id: 'stage-3', name: 'Stage 3', clause: c(8) },
    ],
    actions: [
      { id: 'stage1.noted', label: 'Note contact', stage: 'stage-1', kind: 'record', by: ['officer'], clause: c(1), optional: true, repeatable: true },
      { id: 'stage1.reminded', label: 'Remind the chair', stage: 'stage-1', kind: 'record', by: ['officer'], clause: c(1), optional: true, unless: ['stage1.letter'] },
      { id: 'stage1.chair-informed', label: 'Tell the chair of a complaint about them', stage: 'stage-1', kind: 'record', by: ['deputy'], clause: c(4), when: 'about-the-chair' },
      { id: 'stage1.meeting', label: 'Meet the complainant', stage: 'stage-1', kind: 'meeting', by: ['chair'], clause: c(2), meeting: { supporterAllowed: true, minutedBy: ['officer'], clause: c(2) } },
      { id: 'stage1.letter', label: 'Write to the complainant', stage: 'stage-1', kind: 'letter', by: ['chair'], clause: c(2), letter: 'stage1-response', requires: ['stage1.meeting'] },
      { id: 'stage1.route', label: 'Decide the route', stage: 'stage-1', kind: 'choice', by: ['manager'], clause: c(3), optional: true, requires: ['stage1.letter'], choice: [
        { id: 'resolve', label: 'Resolve it', clause: c(3), then: { close: 'resolved', summary: 'Resolved by the manager' } },
        { id: 'note', label: 'Note it', clause: c(3), records: 'stage1.route-noted' },
      ] },
      { id: 'stage1.escalation-requested', label: 'Ask for Stage 2', stage: 'stage-1', kind: 'request', by: ['complainant'], clause: c(9), requires: ['stage1.letter'], then: { stage: 'stage-2' } },
      { id: 'stage2.panel-convened', label: 'Convene the panel', stage: 'stage-2', kind: 'panel', by: ['manager'], clause: c(10), panel: 'review-panel' },
      { id: 'stage2.decided', label: 'Record the decision', stage: 'stage-2', kind: 'decision', by: ['panel-chair'], clause: c(11), requires: ['stage2.panel-convened'], outcome: 'review-outcome' },
      { id: 'stage2.apology-sent', label: 'Send the apology', stage: 'stage-2', kind: 'record', by: ['officer'], clause: c(12), requires: ['outcome:apology'] },
      { id: 'stage3.panel-reconvened', label: 'Reconvene the panel', stage: 'stage-3', kind: 'panel', by: ['officer'], clause: c(13), panel: 'review-panel', samePanelAsBefore: true },
      { id: 'stage3.concluded', label: 'Conclude', stage: 'stage-3', kind: 'record', by: ['officer'], clause: c(13), requires: ['stage3.panel-reconvened'], then: { close: 'concluded', summary: 'Reconsidered' } },
    ],
    deadlines: [
      { id: 'complain', label: 'Complain', stage: 'stage-1', owner: 'complainant', from: 'conference.minutes-received', fromDescription: 'the minutes were received', limit: { unit: 'working-days', amount: 10 }, binds: 'family', metBy: 'complaint.received', clause: c(14), lateAcceptance: { by: ['officer'], clause: c(14) } },
      { id: 'meet', label: 'Meet', stage: 'stage-1', owner: 'chair', from: 'complaint.received', fromDescription: 'the complaint was received', limit: { unit: 'working-days', amount: 5 }, binds: 'authority', metBy: 'stage1.meeting', clause: c(2) },
      { id: 'write', label: 'Write', stage: 'stage-1', owner: 'chair', from: 'stage1.meeting', fromDescription: 'the meeting', limit: { unit: 'working-days', amount: 5 }, binds: 'authority', metBy: 'stage1.letter', clause: c(2) },
      { id: 'escalate', label: 'Ask for Stage 2', stage: 'stage-1', owner: 'complainant', from: 'stage1.letter.received', fromDescription: 'the letter was received', limit: { unit: 'working-days', amount: 10 }, binds: 'family', metBy: 'stage1.escalation-requested', clause: c(9), lateAcceptance: { by: ['officer'], clause: c(15) } },
      { id: 'decide', label: 'Decide', stage: 'stage-2', owner: 'panel-chair', from: 'stage1.escalation-requested', fromDescription: 'Stage 2 was requested', limit: { unit: 'working-days', amount: 20 }, binds: 'authority', metBy: 'stage2.decided', clause: c(11) },
      { id: 'apologise', label: 'Apologise', stage: 'stage-2', owner: 'officer', from: 'stage2.decided', fromDescription: 'the decision', limit: { unit: 'working-days', amount: 5 }, binds: 'authority', metBy: 'stage2.apology-sent', appliesWhen: 'outcome:apology', clause: c(12) },
    ],
    letters: [
      {
        id: 'stage1-response',
        title: 'Stage 1 response',
        stage: 'stage-1',
        clause: c(2),
        from: 'chair',
        to: ['complainant'],
        requiredContent: [
          { item: 'outcome-of-meeting', clause: c(2) },
          { item: 'right-to-escalate', clause: c(9) },
          { item: 'delay-explanation', clause: c(16) },
        ],
        copies: [
          { to: 'officer', clause: c(2) },
          { to: 'deputy', clause: c(17), when: 'separate-complaints' },
        ],
        escalationDeadline: 'escalate',
      },
    ],
    panels: [
      {
        id: 'review-panel',
        name: 'Review panel',
        stage: 'stage-2',
        clause: c(10),
        minMembers: { count: 2, clause: c(10), includesChair: true },
        requiredAgencies: [],
        membersMustBe: [],
        chair: { requirement: 'any-member', clause: c(10) },
        exclusions: [{ kind: 'chaired-the-conference', clause: c(18) }],
        decisionBy: { rule: 'majority', clause: c(11) },
        documentPack: [{ item: 'The minutes', clause: c(10) }],
        packPreparedBy: 'officer',
      },
    ],
    outcomes: [
      {
        id: 'review-outcome',
        stage: 'stage-2',
        decidedBy: ['panel-chair'],
        clause: c(11),
        options: [
          { id: 'stands', label: 'The decision stands', clause: c(11), then: { close: 'concluded', summary: 'The decision stands' } },
          { id: 'reconsider', label: 'Reconsider', clause: c(13), then: { stage: 'stage-3' } },
          { id: 'apology', label: 'Apologise', clause: c(12) },
        ],
        multiple: true,
        findings: ['procedures-followed'],
        obligations: [{ when: 'procedures-not-followed', mustChoose: 'apology', clause: c(12) }],
        panel: 'review-panel',
      },
    ],
    redirections: [{ subject: 'agency', to: "the agency's own complaints team", clause: c(19) }],
    limitations: [{ flag: 'legal-proceedings', effect: 'cannot-address', decidedBy: ['officer'], clause: c(20) }],
    chairComplaintRouting: { replaces: 'chair', with: 'deputy', clause: c(4) },
    advocates: { allowedAtAllStages: true, consentRequired: true, clause: c(6) },
    decisionStands: { clause: c(1) },
    endResults: [],
    signposting: [],
    scheduleAssumptions: [
      { milestone: 'conference.minutes-received', description: 'the minutes arrive', from: 'conference.held', limit: { unit: 'working-days', amount: 5 }, why: 'Test fixture.' },
      { milestone: 'complaint.received', description: 'the complaint is received', from: 'conference.held', limit: { unit: 'days', amount: 0 }, why: 'Test fixture.' },
    ],
    choices: [],
  };
}
