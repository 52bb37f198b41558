/** decide(state, command) -> events: every command but RaiseChallenge passes the one open-case guard first. */
import { checkOpen } from './caseGuards.js';
import { bookAction } from './commands/bookAction.js';
import { changeCaseFacts } from './commands/changeCaseFacts.js';
import { declareIndependence } from './commands/declareIndependence.js';
import { decideLateArrival } from './commands/decideLateArrival.js';
import { decideLimitation } from './commands/decideLimitation.js';
import { performAction } from './commands/performAction.js';
import { raiseChallenge } from './commands/raiseChallenge.js';
import { recordConferenceMinutesSent } from './commands/recordConferenceMinutesSent.js';
import { recordReceipt } from './commands/recordReceipt.js';
import { withdrawChallenge } from './commands/withdrawChallenge.js';
import type { EngineContext } from './context.js';
import type { CaseState, Command, DecideResult } from './model.js';
import { refuse } from './refusals.js';

export function decide(ctx: EngineContext, state: CaseState, command: Command): DecideResult {
  const result = decideAsActor(ctx, state, command);
  const { recordedBy } = command;
  if (!result.ok || recordedBy === undefined || recordedBy.id === command.actor.id) return result;
  // Recorded for the person who took the step (ADR 0030): every event keeps both.
  return { ok: true, events: result.events.map((event) => ({ ...event, recordedBy })) };
}

function decideAsActor(ctx: EngineContext, state: CaseState, command: Command): DecideResult {
  if (command.type === 'RaiseChallenge') return raiseChallenge(ctx, state, command);
  const open = checkOpen(state);
  if (!open.ok) return refuse(open.refusal);
  switch (command.type) {
    case 'PerformAction':
      return performAction(ctx, open.state, command);
    case 'RecordConferenceMinutesSent':
      return recordConferenceMinutesSent(ctx, open.state, command);
    case 'RecordReceipt':
      return recordReceipt(ctx, open.state, command);
    case 'DecideLateArrival':
      return decideLateArrival(ctx, open.state, command);
    case 'DecideLimitation':
      return decideLimitation(ctx, open.state, command);
    case 'WithdrawChallenge':
      return withdrawChallenge(command);
    case 'BookAction':
      return bookAction(ctx, open.state, command);
    case 'ChangeCaseFacts':
      return changeCaseFacts(ctx, open.state, command);
    case 'DeclareIndependence':
      return declareIndependence(ctx, open.state, command);
  }
}
