import { describe, expect, it } from 'vitest';
import { camden } from '../../src/core/procedures/definitions/camden.js';
import { ProcedureDefinitionError, loadProcedure } from '../../src/core/procedures/validate.js';
import type { ProcedureInput } from '../../src/core/procedures/schema.js';
import { minimalProcedure } from '../support/minimalProcedure.js';

function at<T>(list: readonly T[], index: number): T {
  const item = list[index];
  if (item === undefined) throw new Error(`fixture has no item ${String(index)}`);
  return item;
}

function problemsOf(definition: ProcedureInput): readonly string[] {
  try {
    loadProcedure(definition);
    return [];
  } catch (error) {
    if (error instanceof ProcedureDefinitionError) return error.problems;
    throw error;
  }
}

describe('loading a procedure definition', () => {
  it('accepts a valid definition', () => {
    expect(problemsOf(minimalProcedure())).toEqual([]);
  });

  it('rejects an id used twice in any of the lists a procedure names things by, saying which kind and which id', () => {
    const lists = ['clauses', 'roles', 'stages', 'actions', 'deadlines', 'letters', 'panels', 'outcomes'] as const;
    for (const list of lists) {
      const p: ProcedureInput = structuredClone(camden);
      const items = p[list] as unknown as Record<string, unknown>[];
      items.push(at(items, 0));
      const id = String(list === 'clauses' ? at(items, 0)['clause'] : at(items, 0)['id']);
      expect(problemsOf(p)).toContain(`${list.slice(0, -1)} id "${id}" is used twice`);
    }
    expect(problemsOf(structuredClone(camden))).toEqual([]);
  });

  it('rejects a rule citing a clause that is not in the catalogue', () => {
    const p = minimalProcedure();
    p.actions[0] = { ...at(p.actions, 0), clause: 'testshire 9' };
    expect(problemsOf(p)).toContain('actions[0].clause "testshire 9" is not in the clause catalogue');
  });

  it('rejects a letter that may be sent again at will, and an occasion nothing records or on a repeatable action (ADR 0034)', () => {
    const p = minimalProcedure();
    p.actions[1] = { ...at(p.actions, 1), repeatable: true };
    expect(problemsOf(p)).toContain('action letter is a repeatable letter: say the occasion each sending answers instead');
    p.actions[1] = { ...at(p.actions, 1), occasion: { milestone: 'meeting', clause: 'testshire 2' } };
    expect(problemsOf(p)).toContain(
      'action letter is repeatable and has an occasion: it is done once for each occasion, so it is not also repeatable',
    );
    p.actions[1] = { ...at(p.actions, 1), repeatable: false, occasion: { milestone: 'nothing', clause: 'testshire 2' } };
    expect(problemsOf(p)).toEqual(['action letter occasion runs from or waits for "nothing", which nothing records']);
  });

  it('rejects a clause that no rule cites and that gives no reason', () => {
    const p = minimalProcedure();
    p.clauses.push({ clause: 'testshire 4', summary: 'Something important.' });
    expect(problemsOf(p)).toContain('clause "testshire 4" is cited by no rule and says no reason why it needs no code');
  });

  it("rejects a citation in another procedure's name", () => {
    const p = minimalProcedure();
    p.clauses.push({ clause: 'kent 1 ¶1', summary: 'x', noCodeBecause: 'x' });
    expect(problemsOf(p)).toContain('clause "kent 1 ¶1" must start with "testshire "');
  });

  it('rejects a deadline that runs from something nothing records', () => {
    const p = minimalProcedure();
    p.deadlines[0] = { ...at(p.deadlines, 0), from: 'minutes.arrived' };
    expect(problemsOf(p)).toEqual(
      expect.arrayContaining(['deadline meet runs from or waits for "minutes.arrived", which nothing records']),
    );
  });

  it('rejects a deadline whose anchor no schedule could date', () => {
    const p = minimalProcedure();
    p.deadlines.push({ ...at(p.deadlines, 0), id: 'write', from: 'meeting', metBy: 'letter' });
    p.deadlines[0] = { ...at(p.deadlines, 0), from: 'conference.minutes-received' };
    expect(problemsOf(p)).toContain(
      'deadline meet runs from "conference.minutes-received", which no deadline or schedule assumption dates',
    );
  });

  it('rejects a stage that cannot be reached', () => {
    const p = minimalProcedure();
    p.stages.push({ id: 'stage-9', name: 'Orphan', clause: 'testshire 2', terminal: true });
    expect(problemsOf(p)).toContain("stage stage-9 cannot be reached from any track's first stage");
  });

  it('rejects a stage with no way out', () => {
    const p = minimalProcedure();
    p.actions[1] = { ...at(p.actions, 1), then: { stage: 'stage-2' } };
    p.stages.push({ id: 'stage-2', name: 'Stage 2', clause: 'testshire 2' });
    expect(problemsOf(p)).toContain('stage stage-2 has no action that leads out of it');
  });

  it('rejects a letter with no copy list and no reason', () => {
    const p = minimalProcedure();
    const { noCopiesBecause: _ignored, ...letter } = at(p.letters, 0);
    p.letters[0] = letter;
    expect(problemsOf(p)).toContain('letter response has no copy list and does not say why');
  });

  it('rejects a letter that must state the right to escalate but names no deadline', () => {
    const p = minimalProcedure();
    p.letters[0] = { ...at(p.letters, 0), requiredContent: [{ item: 'right-to-escalate', clause: 'testshire 2' }] };
    expect(problemsOf(p)).toContain('letter response must state the right to escalate but names no deadline for it');
  });

  it('rejects an action by a role the procedure does not define', () => {
    const p = minimalProcedure();
    p.actions[0] = { ...at(p.actions, 0), by: ['director'] };
    expect(problemsOf(p)).toContain('action meeting names unknown role "director"');
  });

  it('rejects shapes the schema forbids, naming the field', () => {
    const p = minimalProcedure();
    p.deadlines[0] = { ...at(p.deadlines, 0), limit: { unit: 'working-days', amount: 0 } };
    expect(problemsOf(p).some((m) => m.startsWith('deadlines.0.limit.amount'))).toBe(true);
  });
});
