/**
 * BookAction: a meeting or panel booked for a date to come, or re-booked with the reason it moved.
 * Something already held is recorded as held (PerformAction with its occurredAt), never booked.
 */
import { bookingRefusal } from '../bookings.js';
import type { EngineContext } from '../context.js';
import type { Command, DecideResult, RaisedCase } from '../model.js';
import { refuse } from '../refusals.js';
import { actorRef } from './actorRef.js';

export function bookAction(ctx: EngineContext, state: RaisedCase, command: Extract<Command, { type: 'BookAction' }>): DecideResult {
  const action = ctx.actionsById.get(command.action);
  if (action === undefined) return refuse({ code: 'invalid', message: `This procedure has no action "${command.action}"` });
  const refusal = bookingRefusal(ctx, state, action, command.actor, command.replaying === true);
  if (refusal !== undefined) return refuse(refusal);
  if (command.bookedFor.getTime() <= command.now.getTime()) {
    return refuse({
      code: 'invalid',
      message: `"${action.label}" can be booked only for a time to come; if it has been held, record it as held with when it happened`,
    });
  }
  const reason = command.reason?.trim() ?? '';
  if (state.bookings[action.id] !== undefined && reason === '') {
    return refuse({
      code: 'invalid',
      message: `"${action.label}" is already booked: give the reason for moving it`,
      clause: action.clause,
    });
  }
  return {
    ok: true,
    events: [
      {
        type: 'ActionBooked',
        at: command.now,
        by: actorRef(command.actor),
        occurredAt: command.now,
        action: action.id,
        bookedFor: command.bookedFor,
        ...(reason === '' ? {} : { reason }),
      },
    ],
  };
}
