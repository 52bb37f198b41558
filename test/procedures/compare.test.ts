/**
 * The procedures compared and their time limits listed (the Procedures pages and the CLI's
 * `compare`), over the Testshire procedure (test/support/engineProcedure.ts) and a variant of it,
 * so that each cell's words and clause are checked against the definition by hand.
 */
import { describe, expect, it } from 'vitest';
import { comparisonRows, exclusionWords, timeLimitRows } from '../../src/core/procedures/compare.js';
import type { ProcedureInput } from '../../src/core/procedures/schema.js';
import { loadProcedure } from '../../src/core/procedures/validate.js';
import { engineProcedure } from '../support/engineProcedure.js';

const testshire = loadProcedure(engineProcedure());

/** Testshire with its panel's chair counted apart, no limitation named, no discretion for late arrivals and the meeting an aim. */
function variant() {
  const definition: ProcedureInput = engineProcedure();
  const [panel] = definition.panels;
  if (panel === undefined) throw new Error('Testshire has a panel');
  panel.minMembers = { ...panel.minMembers, includesChair: false };
  panel.exclusions = [{ kind: 'line-management-present-or-previous', clause: 'testshire 18' }];
  definition.limitations = [{ flag: 'legal-proceedings', effect: 'authority-discretion', decidedBy: ['officer'], clause: 'testshire 20' }];
  definition.deadlines = definition.deadlines.map(({ lateAcceptance: _late, ...rule }) =>
    rule.id === 'meet' ? { ...rule, strength: 'aim' } : rule,
  );
  return loadProcedure(definition);
}

describe('comparing procedures', () => {
  it('one cell per procedure, in the order given, each citing its clause', () => {
    const rows = comparisonRows([testshire, variant()]);
    expect(Object.fromEntries(rows.map((r) => [r.label, r.cells]))).toEqual({
      'Who may challenge': ['parent, child', 'parent, child'],
      About: ['decision, process', 'decision, process'],
      'Time to raise': [
        'family: 10 working days after the minutes were received (testshire 14)',
        'family: 10 working days after the minutes were received (testshire 14)',
      ],
      'Late challenges': ['Complain: discretion (testshire 14); Ask for Stage 2: discretion (testshire 15)', 'no discretion stated'],
      Stages: ['Stage 1; Stage 2; Stage 3', 'Stage 1; Stage 2; Stage 3'],
      Panels: [
        'Review panel: at least 2; decides by majority (testshire 10)',
        'Review panel: at least 2 plus the chair; decides by majority (testshire 10)',
      ],
      'Panel exclusions': ['chaired the conference (testshire 18)', 'line management of the case (testshire 18)'],
      'Legal proceedings': ['cannot be addressed (testshire 20)', 'authority decides (testshire 20)'],
      'Decision stands meanwhile': ['yes (testshire 1)', 'yes (testshire 1)'],
      Signposting: ['', ''],
    });
  });

  it('an exclusion reads in words; an unknown kind as itself', () => {
    expect(exclusionWords('involved-at-earlier-stage')).toBe('involved at an earlier stage');
    expect(exclusionWords('something-new')).toBe('something-new');
  });
});

describe('comparing procedures that say more, or less', () => {
  it('lists every exclusion, limitation and signpost, each with its clause, and says where a time to raise is not set', () => {
    const definition: ProcedureInput = engineProcedure();
    const [panel] = definition.panels;
    if (panel === undefined) throw new Error('Testshire has a panel');
    panel.exclusions = [...panel.exclusions, { kind: 'involved-at-earlier-stage', clause: 'testshire 17' }];
    definition.limitations = [
      ...definition.limitations,
      { flag: 'about-the-chair', effect: 'authority-discretion', decidedBy: ['officer'], clause: 'testshire 19' },
    ];
    definition.signposting = [
      { to: 'ombudsman', clause: 'testshire 19' },
      { to: 'legal-advice', clause: 'testshire 20' },
    ];
    definition.deadlines = definition.deadlines.filter((d) => d.id !== 'complain');
    const cells = Object.fromEntries(comparisonRows([loadProcedure(definition)]).map((r) => [r.label, r.cells[0]]));
    expect(cells).toMatchObject({
      'Time to raise': 'family: no limit set',
      'Late challenges': 'Ask for Stage 2: discretion (testshire 15)',
      'Panel exclusions': 'chaired the conference (testshire 18); involved at an earlier stage (testshire 17)',
      'Legal proceedings': 'cannot be addressed (testshire 20); authority decides (testshire 19)',
      Signposting: 'ombudsman (testshire 19); legal-advice (testshire 20)',
    });
  });
});

describe('time limits', () => {
  it('each rule in the definition’s order: who owes it, how long from what, whom it binds, and the late-acceptance clause if any', () => {
    const rows = timeLimitRows(testshire);
    expect(rows.map((r) => r.step)).toEqual(['Complain', 'Meet', 'Write', 'Ask for Stage 2', 'Decide', 'Apologise']);
    expect(rows[0]).toEqual({
      stage: 'stage-1',
      step: 'Complain',
      who: 'the complainant',
      limit: '10 working days after the minutes were received',
      aim: false,
      binds: 'family',
      clause: 'testshire 14',
      lateAcceptanceClause: 'testshire 14',
    });
    expect(rows[1]).toEqual({
      stage: 'stage-1',
      step: 'Meet',
      who: 'Conference chair',
      limit: '5 working days after the complaint was received',
      aim: false,
      binds: 'authority',
      clause: 'testshire 2',
    });
    expect(rows[5]).toMatchObject({
      stage: 'stage-2',
      who: 'Complaints officer',
      limit: '5 working days after the decision',
      clause: 'testshire 12',
    });
  });

  it('an aim is marked as one', () => {
    expect(timeLimitRows(variant()).find((r) => r.step === 'Meet')).toMatchObject({ aim: true });
  });
});
