/**
 * RecordConferenceMinutesSent: when the conference minutes went out, from which their deemed
 * receipt (and every time limit that runs from it) follows. Who may record it is the service's
 * permission, not the procedure's: no procedure names a role for it.
 */
import { deemedReceiptDate, londonDateOf } from '../../calendar/index.js';
import type { EngineContext } from '../context.js';
import { withLateChecks } from '../lateArrivals.js';
import type { Command, DecideResult, RaisedCase } from '../model.js';
import { refuse } from '../refusals.js';
import { actorRef } from './actorRef.js';

export function recordConferenceMinutesSent(
  ctx: EngineContext,
  state: RaisedCase,
  command: Extract<Command, { type: 'RecordConferenceMinutesSent' }>,
): DecideResult {
  if (command.sentAt.getTime() > command.now.getTime())
    return refuse({ code: 'invalid', message: 'The minutes cannot be sent in the future' });
  if (command.sentAt.getTime() < state.conference.heldAt.getTime()) {
    return refuse({ code: 'invalid', message: 'The minutes cannot be sent before the conference' });
  }
  const by = actorRef(command.actor);
  const receipt = deemedReceiptDate(ctx.calendar, londonDateOf(command.sentAt), command.method, ctx.receiptRules);
  return withLateChecks(
    ctx,
    state,
    [
      {
        type: 'ConferenceMinutesSent',
        at: command.now,
        by,
        sentAt: command.sentAt,
        method: command.method,
        deemedReceivedOn: receipt.date,
      },
    ],
    command.now,
    by,
    command.sentAt,
  );
}
