import type { ProcedureInput } from '../../src/core/procedures/schema.js';

/** The smallest valid procedure: raise, meet, write, close. Tests break one thing at a time. */
export function minimalProcedure(): ProcedureInput {
  return {
    id: 'testshire',
    version: 1,
    effectiveFrom: '2026-04-01',
    name: 'Testshire',
    partnership: 'Testshire Safeguarding Children Partnership',
    source: { title: 'Testshire procedure', file: 'testshire.txt' },
    citationStyle: 'numbered',
    clauses: [
      { clause: 'testshire 1', summary: 'Parents may complain about the decision.' },
      { clause: 'testshire 2', summary: 'The chair meets within 5 working days and writes.' },
      { clause: 'testshire 3', summary: 'Contact details.', noCodeBecause: 'Contact details only.' },
    ],
    roles: [{ id: 'chair', title: 'Conference chair', productRole: 'conference-chair', clause: 'testshire 2' }],
    tracks: [
      {
        id: 'family',
        label: 'Family complaint',
        clause: 'testshire 1',
        startStage: 'stage-1',
        raisedBy: ['parent'],
        aspects: [{ aspect: 'decision', clause: 'testshire 1' }],
        conferenceTypes: ['initial'],
        raisedMilestone: 'complaint.received',
      },
    ],
    stages: [{ id: 'stage-1', name: 'Stage 1', clause: 'testshire 2' }],
    actions: [
      {
        id: 'meeting',
        label: 'Meet',
        stage: 'stage-1',
        kind: 'meeting',
        by: ['chair'],
        clause: 'testshire 2',
        meeting: { supporterAllowed: true, clause: 'testshire 2' },
      },
      {
        id: 'letter',
        label: 'Write',
        stage: 'stage-1',
        kind: 'letter',
        by: ['chair'],
        clause: 'testshire 2',
        letter: 'response',
        requires: ['meeting'],
        then: { close: 'concluded', summary: 'Done' },
      },
    ],
    deadlines: [
      {
        id: 'meet',
        label: 'Meet',
        stage: 'stage-1',
        owner: 'chair',
        from: 'complaint.received',
        fromDescription: 'the complaint was received',
        limit: { unit: 'working-days', amount: 5 },
        binds: 'authority',
        metBy: 'meeting',
        clause: 'testshire 2',
      },
    ],
    letters: [
      {
        id: 'response',
        title: 'Response',
        stage: 'stage-1',
        clause: 'testshire 2',
        from: 'chair',
        to: ['complainant'],
        requiredContent: [{ item: 'outcome-of-meeting', clause: 'testshire 2' }],
        copies: [],
        noCopiesBecause: 'The document names no copy list.',
      },
    ],
    panels: [],
    outcomes: [],
    redirections: [],
    limitations: [],
    decisionStands: { clause: 'testshire 1' },
    endResults: [],
    signposting: [],
    scheduleAssumptions: [
      {
        milestone: 'complaint.received',
        description: 'the complaint is received',
        from: 'conference.held',
        limit: { unit: 'days', amount: 0 },
        why: 'No time limit is set for raising it.',
      },
    ],
    choices: [],
  };
}
