/** RecordReceipt: the day a letter or the minutes actually arrived, replacing the deemed day. */
import { londonDateOf, startOfLondonDay, toDayNumber } from '../../calendar/index.js';
import type { EngineContext } from '../context.js';
import { withLateChecks } from '../lateArrivals.js';
import type { Command, DecideResult, RaisedCase } from '../model.js';
import { refuse } from '../refusals.js';
import { actorRef } from './actorRef.js';

const MINUTES_RECEIVED = 'conference.minutes-received';
const RECEIVED = '.received';

export function recordReceipt(ctx: EngineContext, state: RaisedCase, command: Extract<Command, { type: 'RecordReceipt' }>): DecideResult {
  const { milestone } = command;
  if (!milestone.endsWith(RECEIVED) && milestone !== MINUTES_RECEIVED) {
    return refuse({ code: 'invalid', message: 'Only the receipt of a letter or of the minutes can be recorded' });
  }
  const sentName = milestone === MINUTES_RECEIVED ? 'conference.minutes-sent' : milestone.slice(0, -RECEIVED.length);
  const sent = state.milestones[sentName];
  if (sent === undefined) return refuse({ code: 'invalid', message: 'Nothing has been sent that this receipt could be for' });
  const receivedDay = toDayNumber(command.receivedOn);
  if (receivedDay < toDayNumber(londonDateOf(sent.at)))
    return refuse({ code: 'invalid', message: 'It cannot be received before it was sent' });
  if (receivedDay > toDayNumber(londonDateOf(command.now)))
    return refuse({ code: 'invalid', message: 'The date received cannot be in the future' });
  const by = actorRef(command.actor);
  return withLateChecks(
    ctx,
    state,
    [{ type: 'ReceiptRecorded', at: command.now, by, milestone, receivedOn: command.receivedOn }],
    command.now,
    by,
    startOfLondonDay(command.receivedOn),
  );
}
