/** DecideLateArrival: whether to accept what arrived after a time limit the procedure lets the authority waive. */
import type { EngineContext } from '../context.js';
import type { CaseEvent, Command, DecideResult, RaisedCase } from '../model.js';
import { permissionRefusal } from '../permissions.js';
import { refuse } from '../refusals.js';
import { actorRef } from './actorRef.js';
import { occurredAtOrNow } from './occurredAt.js';

export function decideLateArrival(
  ctx: EngineContext,
  state: RaisedCase,
  command: Extract<Command, { type: 'DecideLateArrival' }>,
): DecideResult {
  const late = state.lateArrivals.find((l) => l.deadline === command.deadline && l.decision === undefined);
  const rule = ctx.deadlinesById.get(command.deadline);
  const acceptance = rule?.lateAcceptance;
  if (late === undefined || rule === undefined || acceptance === undefined) {
    return refuse({ code: 'invalid', message: 'Nothing is waiting for a decision on a late arrival' });
  }
  const denied = permissionRefusal(ctx, state, acceptance.by, command.actor, rule.stage, false);
  if (denied !== undefined) return refuse({ code: 'not-permitted', message: denied, clause: acceptance.clause });
  if (command.reason.trim() === '') {
    return refuse({ code: 'invalid', message: 'Record the exceptional circumstances behind the decision', clause: acceptance.clause });
  }
  const occurredAt = occurredAtOrNow(command);
  if (!(occurredAt instanceof Date)) return refuse(occurredAt);
  const by = actorRef(command.actor);
  const events: CaseEvent[] = [
    {
      type: 'LateArrivalDecided',
      at: command.now,
      occurredAt,
      by,
      deadline: command.deadline,
      accepted: command.accept,
      reason: command.reason,
      clause: acceptance.clause,
    },
  ];
  if (!command.accept) {
    events.push({
      type: 'ChallengeClosed',
      at: command.now,
      occurredAt,
      by,
      outcome: 'not-accepted',
      summary: 'Not accepted: it arrived after the time limit',
      clause: acceptance.clause,
    });
  }
  return { ok: true, events };
}
