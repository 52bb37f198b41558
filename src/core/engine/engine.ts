/**
 * The case engine for one procedure: decide(state, command) -> events, plus the questions a user
 * asks of a case (what may I do now, what is due, which letters, is this panel valid).
 *
 * It knows nothing of any particular partnership: everything specific comes from the procedure.
 * The parts are module-level functions over an EngineContext; this binds them to one context.
 */
import type { DeliveryMethod, IsoDate, WorkingCalendar } from '../calendar/index.js';
import type { ActionDefinition, Procedure, ProductRole } from '../procedures/schema.js';
import { actionRefusal } from './availability.js';
import { caseBookings, type BookingView } from './bookings.js';
import { checkOpen } from './caseGuards.js';
import { engineContext, lookUp, stageName, stagesFor, type EngineOptions } from './context.js';
import { decide } from './decide.js';
import { caseDeadlines, type DeadlineView } from './deadlines.js';
import { evolve, fold } from './evolve.js';
import { replay, replayAppended, type Replayed } from './history.js';
import { escalationDue, letterIsLate, lettersDue, type LetterDue } from './letters.js';
import type { Actor, ActorRef, CaseEvent, CaseState, Command, PanelMember, Refusal } from './model.js';
import { obligations, type Obligation } from './obligations.js';
import { permissionRefusal, productRolesOf } from './permissions.js';
import { checkPanel } from './panels.js';
import { caseWork, type WorkItem } from './work.js';
import { convenedPanel, type ConvenedPanel } from './declarations.js';
import { outcomeRequirements, type OutcomeRequirement } from './outcomeRequirements.js';
import type { PanelProblem } from './panelComposition.js';

export type { BookingView } from './bookings.js';
export type { WorkItem, WorkOwner } from './work.js';
export type { EngineOptions } from './context.js';
export type { LetterDue } from './letters.js';
export type { Obligation } from './obligations.js';
export type { ConvenedPanel, MemberDeclaration } from './declarations.js';
export type { OutcomeRequirement, RequirementStep } from './outcomeRequirements.js';

export interface AvailableAction {
  readonly action: ActionDefinition;
  readonly allowed: boolean;
  readonly reason?: string;
  /** Why it is refused: `not-permitted` when the case allows it but not this actor (ADR 0030). */
  readonly code?: string;
  readonly clause: string;
}

export type CaseEngine = ReturnType<typeof createEngine>;

export function createEngine(procedure: Procedure, calendar: WorkingCalendar, options: EngineOptions = {}) {
  const ctx = engineContext(procedure, calendar, options);

  function deadlines(state: CaseState, now: Date): DeadlineView[] {
    if (state.status === 'not-raised') return [];
    return caseDeadlines(procedure, stagesFor(ctx, state), ctx.dueOf, state, now);
  }

  return {
    procedure,
    calendar,
    trackStages: ctx.trackStages,
    evolve,
    fold,
    deadlines,
    stageName: (id: string): string => stageName(ctx, id),
    decide: (state: CaseState, command: Command) => decide(ctx, state, command),
    /** The state and effective history of a stored stream, its facts in the order they happened (ADR 0015). */
    replay: (events: readonly CaseEvent[]) => replay(ctx, events),
    /**
     * The same replay of `events` and `appended` after them, given this engine's replay of `events`:
     * only the appended facts are decided when they come last in the order things happened.
     */
    replayAppended: (previous: Replayed, events: readonly CaseEvent[], appended: readonly CaseEvent[]) =>
      replayAppended(ctx, previous, events, appended),

    /** Runs a command against a state and returns the new state, or the refusal. */
    execute(
      state: CaseState,
      command: Command,
    ): { ok: true; state: CaseState; events: readonly CaseEvent[] } | { ok: false; refusal: Refusal } {
      const result = decide(ctx, state, command);
      if (!result.ok) return result;
      return { ok: true, state: result.events.reduce(evolve, state), events: result.events };
    },

    /** The actions in the current stage, each with whether this actor may take it now and why not. */
    availableActions(state: CaseState, actor: Actor): AvailableAction[] {
      const open = checkOpen(state);
      if (!open.ok) return [];
      return (ctx.actionsByStage.get(open.state.stage) ?? []).map((action) => {
        const refusal = actionRefusal(ctx, open.state, action, actor);
        return refusal
          ? { action, allowed: false, reason: refusal.message, code: refusal.code, clause: refusal.clause ?? action.clause }
          : { action, allowed: true, clause: action.clause };
      });
    },

    /** Every booking, with the deadline it must meet (flagged when after it) and when it was held. */
    bookings(state: CaseState, now: Date): BookingView[] {
      if (state.status === 'not-raised') return [];
      return caseBookings(ctx, state, deadlines(state, now));
    },

    lettersDue(state: CaseState, now: Date): LetterDue[] {
      const open = checkOpen(state);
      return open.ok ? lettersDue(ctx, open.state, deadlines(state, now)) : [];
    },

    /**
     * A letter as it would stand if sent at `sentAt` by `method`: the date by which the recipient
     * may take the challenge further (computed exactly as recording the letter computes it), and
     * whether it would be late (which calls for an explanation of the delay).
     */
    letterIfSent(
      state: CaseState,
      actionId: string,
      sentAt: Date,
      method: DeliveryMethod,
      by: ActorRef,
    ): { readonly late: boolean; readonly escalation?: { readonly dueDate: IsoDate; readonly explanation: string } } | undefined {
      const open = checkOpen(state);
      const action = ctx.actionsById.get(actionId);
      const letter = lookUp(ctx.lettersById, action?.letter);
      if (!open.ok || action === undefined || letter === undefined) return undefined;
      const escalation = escalationDue(ctx, letter, sentAt, method, by);
      return { late: letterIsLate(ctx, open.state, action, sentAt), ...(escalation === undefined ? {} : { escalation }) };
    },

    /** What the outcome so far obliges: the open deadlines and the required actions of the current stage. */
    obligations(state: CaseState, now: Date): Obligation[] {
      const open = checkOpen(state);
      return open.ok ? obligations(ctx, open.state, deadlines(state, now)) : [];
    },

    /** The work an open case gives staff: deadlines owed and required steps to take, each with who owes it (ADR 0024). */
    work(state: CaseState, now: Date): WorkItem[] {
      if (state.status !== 'open') return [];
      return caseWork(ctx, state, deadlines(state, now));
    },

    checkPanel(state: CaseState, actionId: string, members: readonly PanelMember[]): PanelProblem[] {
      return checkPanel(ctx, state.status === 'not-raised' ? undefined : state, actionId, members);
    },

    /** The panel last convened, each member's declaration of independence, and who declined (ADR 0026). */
    convenedPanel(state: CaseState): ConvenedPanel | undefined {
      return state.status === 'not-raised' ? undefined : convenedPanel(ctx, state);
    },

    /** The product roles that may fill any of an action's procedure roles in this case (allowing for complaints about the chair). */
    productRolesFor(state: CaseState, actionId: string): ProductRole[] {
      const action = ctx.actionsById.get(actionId);
      return state.status === 'not-raised' || action === undefined ? [] : productRolesOf(ctx, state, action.by);
    },

    /** Whether this actor may record declarations for the convened panel's members: whoever may convene it (ADR 0026). */
    mayRecordDeclarations(state: CaseState, actor: Actor): boolean {
      if (state.status === 'not-raised') return false;
      const action = ctx.actionsById.get(convenedPanel(ctx, state)?.action ?? '');
      return action !== undefined && permissionRefusal(ctx, state, action.by, actor, action.stage, false) === undefined;
    },

    /** What each outcome decided requires, step by step, open or done (ADR 0026). */
    outcomeRequirements(state: CaseState): OutcomeRequirement[] {
      return state.status === 'not-raised' ? [] : outcomeRequirements(ctx, state);
    },
  };
}
