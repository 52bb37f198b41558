/**
 * Given/when/then harness for procedure scenarios. Times are written as London local time
 * ('2026-12-15T10:00' or '2026-12-15'), so expected dates in tests read like the documents.
 */
import { expect } from 'vitest';
import { WorkingCalendar, isoDate, parseLondonDateTime, type ClosureDay } from '../../src/core/calendar/index.js';
import { createEngine } from '../../src/core/engine/engine.js';
import type { DeadlineView } from '../../src/core/engine/deadlines.js';
import {
  INITIAL_STATE,
  type ActionDetails,
  type CaseEvent,
  type Actor,
  type CaseState,
  type Command,
  type DecideResult,
  type PanelMember,
  type RaisedCase,
  type Refusal,
} from '../../src/core/engine/model.js';
import type { ProcedureInput, ProductRole } from '../../src/core/procedures/schema.js';
import { loadProcedure } from '../../src/core/procedures/validate.js';

export function london(text: string): Date {
  const instant = parseLondonDateTime(text);
  if (instant === undefined) throw new Error(`test date ${text} is not a valid London time`);
  return instant;
}

export const actor = (role: ProductRole, id: string = role): Actor => ({ id, role });

/** A panel member named by their id: a senior officer of a partnership agency unless `extra` says otherwise. */
export const panelMember = (
  personId: string,
  agency: PanelMember['agency'],
  role: PanelMember['role'] = 'member',
  extra: Partial<PanelMember> = {},
): PanelMember => ({
  personId,
  name: personId,
  agency,
  partnershipAgency: true,
  senior: true,
  role,
  ...extra,
});

export type RaiseInput = Partial<
  Omit<Extract<Command, { type: 'RaiseChallenge' }>, 'now' | 'receivedAt' | 'conference' | 'actor' | 'type'>
> & {
  conferenceAt: string;
  receivedAt: string;
  now?: string;
  actor?: Actor;
  conferenceType?: 'initial' | 'review' | 'risk-outside-the-home-review' | 'reconvened';
  chairId?: string;
};

export function scenario(definition: ProcedureInput, options: { closures?: { date: string; reason: string }[] } = {}) {
  const procedure = loadProcedure(definition);
  const closures: ClosureDay[] = (options.closures ?? []).map((c) => ({ date: isoDate(c.date), reason: c.reason }));
  const calendar = WorkingCalendar.create({ closures });
  const engine = createEngine(procedure, calendar);
  let state: CaseState = INITIAL_STATE;
  const events: CaseEvent[] = [];

  const run = (command: Command): { ok: true } | { ok: false; refusal: Refusal } => {
    const result = engine.execute(state, command);
    if (result.ok) {
      state = result.state;
      events.push(...result.events);
    }
    return result.ok ? { ok: true } : result;
  };
  const must = (command: Command): void => {
    const result = run(command);
    if (!result.ok)
      throw new Error(
        `refused: ${result.refusal.message} (${result.refusal.clause ?? 'no clause'})${JSON.stringify(result.refusal.problems ?? [])}`,
      );
  };

  const api = {
    procedure,
    engine,
    calendar,
    get state(): CaseState {
      return state;
    },
    /** Every event the case has recorded, as the store would hold them. */
    get events(): readonly CaseEvent[] {
      return events;
    },
    get open(): RaisedCase {
      if (state.status === 'not-raised') throw new Error('no challenge raised');
      return state;
    },
    raiseCommand(input: RaiseInput): Command {
      return {
        type: 'RaiseChallenge',
        caseId: input.caseId ?? 'case-1',
        actor: input.actor ?? actor('complaints-manager', 'officer-1'),
        now: london(input.now ?? input.receivedAt),
        track: input.track ?? 'family',
        conference: {
          id: 'conf-1',
          type: input.conferenceType ?? 'initial',
          heldAt: london(input.conferenceAt),
          chairId: input.chairId ?? 'chair-1',
        },
        complainant: input.complainant ?? { kind: 'parent' },
        aspects: input.aspects ?? ['decision'],
        receivedAt: london(input.receivedAt),
        subject: input.subject ?? 'conference',
        ...(input.flags === undefined ? {} : { flags: input.flags }),
        ...(input.localArea === undefined ? {} : { localArea: input.localArea }),
        ...(input.advocate === undefined ? {} : { advocate: input.advocate }),
        ...(input.caseLineManagers === undefined ? {} : { caseLineManagers: input.caseLineManagers }),
        ...(input.summary === undefined ? {} : { summary: input.summary }),
      };
    },
    /** Given a challenge raised. Throws if refused. */
    raise(input: RaiseInput): void {
      must(api.raiseCommand(input));
    },
    tryRaise(input: RaiseInput) {
      return run(api.raiseCommand(input));
    },
    /** When someone acts at a London time. Throws with the refusal if refused. */
    act(action: string, by: Actor, at: string, details: ActionDetails = { kind: 'record' }): void {
      must({ type: 'PerformAction', action, actor: by, now: london(at), details });
    },
    tryAct(action: string, by: Actor, at: string, details: ActionDetails = { kind: 'record' }) {
      return run({ type: 'PerformAction', action, actor: by, now: london(at), details });
    },
    command(command: Command) {
      return run(command);
    },
    /** The events a command would produce against the current state, or its refusal; the state is unchanged. */
    decide(command: Command): DecideResult {
      return engine.decide(state, command);
    },
    /** A PerformAction command, to decide or run. */
    perform(action: string, by: Actor, at: string, details: ActionDetails = { kind: 'record' }, occurredAt?: string): Command {
      return {
        type: 'PerformAction',
        action,
        actor: by,
        now: london(at),
        details,
        ...(occurredAt === undefined ? {} : { occurredAt: london(occurredAt) }),
      };
    },
    minutesSent(by: Actor, at: string, method: 'email' | 'first-class-post' | 'hand' = 'email'): void {
      must({ type: 'RecordConferenceMinutesSent', actor: by, now: london(at), sentAt: london(at), method });
    },
    decideLate(
      by: Actor,
      at: string,
      deadline: string,
      accept: boolean,
      reason = 'Exceptional circumstances: complainant was in hospital',
    ) {
      return run({ type: 'DecideLateArrival', actor: by, now: london(at), deadline, accept, reason });
    },
    deadlines(now: string): DeadlineView[] {
      return engine.deadlines(state, london(now));
    },
    deadline(id: string, now: string): DeadlineView {
      const found = engine.deadlines(state, london(now)).find((d) => d.rule.id === id);
      if (found === undefined) throw new Error(`deadline ${id} has not started`);
      return found;
    },
    expectStage(stage: string): void {
      expect(api.open.stage).toBe(stage);
    },
    expectDue(id: string, now: string, dueDate: string): void {
      expect(api.deadline(id, now).due.dueDate).toBe(dueDate);
    },
  };
  return api;
}
