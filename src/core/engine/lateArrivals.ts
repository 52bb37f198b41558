/**
 * A challenge or request that arrives after a time limit the procedure lets the authority waive:
 * it is noticed as soon as the events that reveal it are decided, and then waits for a decision.
 */
import type { ActorRef, CaseEvent, CaseState, DecideResult, RaisedCase } from './model.js';
import { stagesFor, type EngineContext } from './context.js';
import { anchorInstant } from './deadlines.js';
import { fold } from './evolve.js';

function lateArrivalEvents(ctx: EngineContext, state: RaisedCase, at: Date, by: ActorRef, occurredAt: Date): CaseEvent[] {
  const events: CaseEvent[] = [];
  for (const rule of ctx.procedure.deadlines) {
    if (rule.lateAcceptance === undefined || !stagesFor(ctx, state).has(rule.stage)) continue;
    if (state.lateArrivals.some((l) => l.deadline === rule.id)) continue;
    const anchor = state.milestones[rule.from];
    const met = state.milestones[rule.metBy];
    if (anchor === undefined || met === undefined) continue;
    const due = ctx.dueOf(rule, anchorInstant(anchor));
    if (met.at.getTime() >= due.dueInstant.getTime()) {
      events.push({
        type: 'ArrivedAfterTimeLimit',
        at,
        occurredAt,
        by,
        deadline: rule.id,
        due: due.dueDate,
        clause: rule.lateAcceptance.clause,
      });
    }
  }
  return events;
}

/** Accepts the events, adding any late arrival they reveal (none once the case is closed). */
export function withLateChecks(
  ctx: EngineContext,
  state: CaseState,
  events: CaseEvent[],
  at: Date,
  by: ActorRef,
  occurredAt: Date,
): DecideResult {
  const after = fold(events, state);
  if (after.status !== 'open') return { ok: true, events };
  return { ok: true, events: [...events, ...lateArrivalEvents(ctx, after, at, by, occurredAt)] };
}
