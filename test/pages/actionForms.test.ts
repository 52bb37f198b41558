/**
 * Forms generated from the procedures: every action of every procedure has a form from its kind
 * and the procedure's own words, with no template of its own; and what is typed is read into the
 * command's details with a message per field.
 */
import { describe, expect, it } from 'vitest';
import { procedures as allProcedures } from '../../src/core/procedures/registry.js';
import { actionFormModel, readActionForm } from '../../src/web/pages/actionForms.js';
import type { CaseView } from '../../src/web/pages/caseView.js';

const procedures = [...allProcedures().values()];
const noLettersDue = { lettersDue: [] } as unknown as CaseView;
const when = { 'occurredAt-day': '1', 'occurredAt-month': '12', 'occurredAt-year': '2026', 'occurredAt-time': '10:00' };
const now = new Date('2026-12-02T12:00:00Z');

describe('a form for every action of every procedure', () => {
  it.each(procedures.flatMap((p) => p.actions.map((a) => [p.id, a.id, p, a] as const)))('%s %s', (_p, _a, procedure, action) => {
    const model = actionFormModel(procedure, action, noLettersDue, []);
    expect(model.label).toBe(action.label);
    expect(model.kind).toBe(action.kind);
    if (action.kind === 'letter') expect(model.letter?.content.length).toBeGreaterThan(0);
    if (action.kind === 'decision')
      expect(model.decision?.options.map((o) => o.text)).toEqual(
        procedure.outcomes.find((o) => o.id === action.outcome)?.options.map((o) => o.label),
      );
    if (action.kind === 'choice') expect(model.choice?.map((c) => c.text)).toEqual(action.choice?.map((c) => c.label));
    // Sent empty, the form names what is missing, never throws.
    const read = readActionForm(model, {}, now);
    if (!read.ok) expect(read.errors.toView().errorList.every((e) => e.text.length > 0 && e.href.startsWith('#'))).toBe(true);
  });
});

describe('a panel that decides by majority', () => {
  const kr = procedures.find((p) => p.id === 'kingston-richmond');
  const decided = kr?.actions.find((a) => a.kind === 'decision' && kr.outcomes.find((o) => o.id === a.outcome)?.panel !== undefined);
  it('asks for the votes, each a whole number', () => {
    if (kr === undefined || decided === undefined) throw new Error('no Kingston and Richmond panel decision');
    const model = actionFormModel(kr, decided, noLettersDue, []);
    expect(model.decision?.votes).toMatch(/^kingston-richmond /);
    const read = readActionForm(
      model,
      { ...when, options: ['x'], proceduresFollowed: 'yes', decisionReasonable: 'yes', reasons: 'R', votesFor: 'three' },
      now,
    );
    expect(read.ok).toBe(false);
    if (!read.ok)
      expect(read.errors.toView().errorList.map((e) => e.text)).toEqual([
        'Votes for must be a whole number, like 3',
        'Votes against must be a whole number, like 3',
      ]);
    const good = readActionForm(
      model,
      { ...when, options: ['x'], proceduresFollowed: 'yes', decisionReasonable: 'no', reasons: 'R', votesFor: '3', votesAgainst: '1' },
      now,
    );
    expect(good).toMatchObject({
      ok: true,
      details: { kind: 'decision', votes: { for: 3, against: 1 } },
    });
  });
});

describe('a letter sent after its time limit', () => {
  const withDelay = procedures.flatMap((p) =>
    p.actions.flatMap((a) => {
      const letter = p.letters.find((l) => l.id === a.letter);
      return letter?.requiredContent.some((c) => c.item === 'delay-explanation') === true ? [[p, a] as const] : [];
    }),
  );
  it('asks why it is late, citing the clause, only when it is sent after the day it was due', () => {
    const [pair] = withDelay;
    if (pair === undefined) throw new Error('no procedure asks a late letter to explain the delay');
    const [procedure, action] = pair;
    const view = {
      lettersDue: [
        {
          action: action.id,
          dueDate: '2026-11-30',
          requiredContent: procedure.letters.find((l) => l.id === action.letter)?.requiredContent,
          copies: [],
        },
      ],
    } as unknown as CaseView;
    const model = actionFormModel(procedure, action, view, []);
    const filled = Object.fromEntries(
      model.letter?.content.filter((c) => c.item !== 'delay-explanation').map((c) => [`content-${c.item}`, 'Text']) ?? [],
    );
    const late = readActionForm(model, { ...when, method: 'email', ...filled }, now);
    expect(late.ok).toBe(false);
    if (!late.ok)
      expect(late.errors.toView().errors['content-delay-explanation']?.text).toMatch(
        /^Explain why the letter is sent after its time limit \(.+\)$/,
      );
    const onTime = readActionForm(model, { ...when, 'occurredAt-day': '30', 'occurredAt-month': '11', method: 'email', ...filled }, now);
    expect(onTime.ok).toBe(true);
  });
});
