/**
 * Refusals speak in the procedure's words (issue 10): no message a member of staff reads may name
 * an internal id (a role, group, stage, step, milestone, deadline, letter, content item, flag,
 * agency or conference type). Every procedure's refusals that can be provoked are collected here.
 */
import { describe, expect, it } from 'vitest';
import { WorkingCalendar, isoDate } from '../../src/core/calendar/index.js';
import { engineContext } from '../../src/core/engine/context.js';
import { createEngine } from '../../src/core/engine/engine.js';
import { letterProblems } from '../../src/core/engine/letters.js';
import { INITIAL_STATE, type ActionDetails, type CaseState, type Command, type RaisedCase } from '../../src/core/engine/model.js';
import { decisionProblems } from '../../src/core/engine/outcomes.js';
import { checkPanel } from '../../src/core/engine/panels.js';
import { procedureRegistry } from '../../src/core/procedures/registry.js';
import {
  AGENCY_KINDS,
  CASE_FLAGS,
  CONFERENCE_TYPES,
  LETTER_CONTENT,
  PRODUCT_ROLES,
  RECIPIENT_GROUP_TITLES,
  type Procedure,
} from '../../src/core/procedures/schema.js';
import { actor, london } from '../support/scenario.js';

/** Every id a definition or the schema uses that is not an ordinary English word. */
function idsOf(procedure: Procedure): string[] {
  const ids = [
    ...procedure.roles.map((r) => r.id),
    ...procedure.stages.map((s) => s.id),
    ...procedure.actions.flatMap((a) => [a.id, a.records ?? a.id, ...(a.choice ?? []).map((c) => c.id)]),
    ...procedure.deadlines.flatMap((d) => [d.id, d.from, d.metBy]),
    ...procedure.letters.map((l) => l.id),
    ...procedure.panels.map((p) => p.id),
    ...procedure.outcomes.flatMap((o) => [o.id, ...o.options.map((x) => x.id)]),
    ...procedure.tracks.map((t) => t.id),
    ...(procedure.localAreas ?? []).map((a) => a.id),
    ...LETTER_CONTENT,
    ...CASE_FLAGS,
    ...AGENCY_KINDS,
    ...CONFERENCE_TYPES,
    ...PRODUCT_ROLES,
    ...Object.keys(RECIPIENT_GROUP_TITLES),
    'conference.held',
    'conference.minutes-sent',
    'conference.minutes-received',
  ];
  return [...new Set(ids)].filter((id) => /[-.:]/.test(id));
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function idsIn(message: string, ids: readonly string[]): string[] {
  const named = ids.filter((id) => new RegExp(`(^|[^A-Za-z0-9-])${escape(id)}($|[^A-Za-z0-9-])`).test(message));
  // Anything else that looks like an id: three or more lower-case words joined by hyphens.
  const kebab = message.match(/\b[a-z0-9]+(?:-[a-z0-9]+){2,}\b/g) ?? [];
  return [...named, ...kebab];
}

const BAD_DETAILS: Record<string, ActionDetails> = {
  record: { kind: 'record' },
  meeting: { kind: 'meeting' },
  letter: { kind: 'letter', method: 'email', content: {}, copiedTo: [] },
  request: { kind: 'request' },
  panel: { kind: 'panel', members: [] },
  decision: { kind: 'decision', options: ['no-such-outcome'], findings: {}, reasons: '' },
  choice: { kind: 'choice', option: 'no-such-choice', reason: '' },
};

function refusalsOf(procedure: Procedure): string[] {
  const engine = createEngine(procedure, WorkingCalendar.create({}));
  const ctx = engineContext(procedure, WorkingCalendar.create({}));
  const messages: string[] = [];
  const collect = (result: ReturnType<typeof engine.decide>) => {
    if (result.ok) return;
    messages.push(result.refusal.message, ...(result.refusal.problems ?? []).map((p) => p.message));
  };
  const now = london('2027-01-20T10:00');
  const raise = (
    overrides: Partial<Extract<Command, { type: 'RaiseChallenge' }>>,
    withArea = true,
  ): Extract<Command, { type: 'RaiseChallenge' }> => ({
    type: 'RaiseChallenge',
    caseId: 'case-1',
    actor: actor('complaints-manager', 'officer-1'),
    now,
    track: 'family',
    conference: { id: 'conf-1', type: 'initial', heldAt: london('2027-01-05T10:00'), chairId: 'chair-1' },
    complainant: { kind: 'parent' },
    aspects: ['decision'],
    receivedAt: london('2027-01-06T10:00'),
    subject: 'conference',
    ...(procedure.localAreas?.[0] === undefined || !withArea ? {} : { localArea: procedure.localAreas[0].id }),
    ...overrides,
  });
  // Raising: every track, every kind of complainant, every conference type, a missing local area.
  for (const track of ['family', 'professional-dissent'] as const) {
    for (const type of CONFERENCE_TYPES) {
      for (const kind of ['parent', 'carer', 'child', 'advocate', 'professional'] as const) {
        collect(engine.decide(INITIAL_STATE, raise({ track, complainant: { kind }, conference: { ...raise({}).conference, type } })));
      }
    }
  }
  collect(engine.decide(INITIAL_STATE, { ...raise({}), aspects: ['process', 'category', 'information'] }));
  collect(engine.decide(INITIAL_STATE, raise({}, false)));

  const raised = engine.execute(INITIAL_STATE, raise({}));
  if (!raised.ok) throw new Error(`could not raise: ${raised.refusal.message}`);
  const state = raised.state;
  if (state.status === 'not-raised') throw new Error('the case was not raised');
  const everything: RaisedCase = { ...state, flags: [...CASE_FLAGS] };
  for (const s of [state, everything] satisfies CaseState[]) {
    // Every step of the procedure, by every product role, with details that are missing or wrong.
    for (const action of procedure.actions) {
      for (const role of PRODUCT_ROLES) {
        const details = BAD_DETAILS[action.kind] ?? { kind: 'record' };
        collect(engine.decide(s, { type: 'PerformAction', action: action.id, actor: actor(role, `${role}-1`), now, details }));
        for (const available of engine.availableActions(s, actor(role, `${role}-1`))) if (available.reason) messages.push(available.reason);
      }
    }
    collect(
      engine.decide(s, {
        type: 'RecordReceipt',
        actor: actor('complaints-manager'),
        now,
        milestone: 'conference.held',
        receivedOn: isoDate('2027-01-06'),
      }),
    );
  }
  // What a letter, a panel and a decision must have, whatever stage the case is at.
  for (const action of procedure.actions) {
    const letter = ctx.lettersById.get(action.letter ?? '');
    if (letter !== undefined) {
      for (const p of letterProblems(
        ctx,
        everything,
        action,
        letter,
        { kind: 'letter', method: 'email', content: {}, copiedTo: [] },
        now,
      )) {
        messages.push(p.message);
      }
    }
    if (action.panel !== undefined) for (const p of checkPanel(ctx, everything, action.id, [])) messages.push(p.message);
    const outcome = ctx.outcomesById.get(action.outcome ?? '');
    if (outcome !== undefined) {
      for (const findings of [
        {},
        { proceduresFollowed: false, decisionReasonable: false },
        { proceduresFollowed: true, decisionReasonable: true },
      ]) {
        const details = { kind: 'decision' as const, options: ['no-such-outcome'], findings, reasons: '' };
        for (const p of decisionProblems(ctx, outcome, details, everything, now)) messages.push(p.message);
      }
    }
  }
  return [...new Set(messages)];
}

describe("refusals speak in the procedure's words", () => {
  for (const procedure of procedureRegistry().latest.values()) {
    it(`${procedure.id}: no refusal names an internal id`, () => {
      const messages = refusalsOf(procedure);
      expect(messages.length).toBeGreaterThan(20);
      const ids = idsOf(procedure);
      expect(messages.flatMap((m) => idsIn(m, ids).map((id) => `${id} in: ${m}`))).toEqual([]);
    });
  }
});
