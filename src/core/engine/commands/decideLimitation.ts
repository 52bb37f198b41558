/** DecideLimitation: whether legal or concurrent proceedings stop the challenge being considered. */
import type { EngineContext } from '../context.js';
import type { CaseEvent, Command, DecideResult, RaisedCase } from '../model.js';
import { permissionRefusal } from '../permissions.js';
import { refuse } from '../refusals.js';
import { actorRef } from './actorRef.js';
import { occurredAtOrNow } from './occurredAt.js';

export function decideLimitation(
  ctx: EngineContext,
  state: RaisedCase,
  command: Extract<Command, { type: 'DecideLimitation' }>,
): DecideResult {
  const pending = state.pendingLimitations.find((p) => p.flag === command.flag);
  const limitation = ctx.procedure.limitations.find((l) => l.flag === command.flag);
  if (pending === undefined || limitation === undefined)
    return refuse({ code: 'invalid', message: 'No limitation is waiting for a decision' });
  const denied = permissionRefusal(ctx, state, limitation.decidedBy, command.actor, state.stage, false);
  if (denied !== undefined) return refuse({ code: 'not-permitted', message: denied, clause: limitation.clause });
  if (command.reason.trim() === '')
    return refuse({ code: 'invalid', message: 'Record the reason for the decision', clause: limitation.clause });
  const occurredAt = occurredAtOrNow(command);
  if (!(occurredAt instanceof Date)) return refuse(occurredAt);
  const by = actorRef(command.actor);
  const events: CaseEvent[] = [
    {
      type: 'LimitationDecided',
      at: command.now,
      occurredAt,
      by,
      flag: command.flag,
      proceed: command.proceed,
      reason: command.reason,
      clause: limitation.clause,
    },
  ];
  if (!command.proceed) {
    events.push({
      type: 'ChallengeClosed',
      at: command.now,
      occurredAt,
      by,
      outcome: 'not-accepted',
      summary:
        limitation.effect === 'cannot-address'
          ? 'Not considered: the matters are the subject of legal proceedings'
          : 'Not considered: considering it would prejudice concurrent proceedings',
      clause: limitation.clause,
    });
  }
  return { ok: true, events };
}
