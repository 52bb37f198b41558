/**
 * ChangeCaseFacts: the case workers or flags as they now stand, with the reason. Every later
 * check reads them: copy lists, who may act where a complaint is about the chair, panel
 * independence. A flag that brings a limitation into play raises it as raising the case would.
 * No procedure names who may record this, so who may is the service's permission (ADR 0017).
 */
import type { EngineContext } from '../context.js';
import type { CaseFlag } from '../../procedures/schema.js';
import type { CaseEvent, Command, DecideResult, RaisedCase } from '../model.js';
import { refuse } from '../refusals.js';
import { actorRef } from './actorRef.js';

export function changeCaseFacts(
  ctx: EngineContext,
  state: RaisedCase,
  command: Extract<Command, { type: 'ChangeCaseFacts' }>,
): DecideResult {
  const reason = command.reason.trim();
  if (reason === '') return refuse({ code: 'invalid', message: "Record why the case's facts changed" });
  if (command.caseWorkerIds === undefined && command.flags === undefined) {
    return refuse({ code: 'invalid', message: 'Say what changed: the case workers, the flags or both' });
  }
  const by = actorRef(command.actor);
  let flags: CaseFlag[] | undefined;
  if (command.flags !== undefined) {
    flags = [...new Set(command.flags)];
    // A child's own challenge stays one: the flag follows the complainant, not the request.
    if (state.complainant.kind === 'child' && !flags.includes('child-complainant')) flags.push('child-complainant');
  }
  const events: CaseEvent[] = [
    {
      type: 'CaseFactsChanged',
      at: command.now,
      by,
      occurredAt: command.now,
      reason,
      ...(command.caseWorkerIds === undefined ? {} : { caseWorkerIds: [...new Set(command.caseWorkerIds)] }),
      ...(flags === undefined ? {} : { flags }),
    },
  ];
  for (const limitation of ctx.procedure.limitations) {
    const added = flags?.includes(limitation.flag) === true && !state.flags.includes(limitation.flag);
    if (added && !state.pendingLimitations.some((p) => p.flag === limitation.flag)) {
      events.push({ type: 'LimitationApplies', at: command.now, by, flag: limitation.flag, clause: limitation.clause });
    }
  }
  return { ok: true, events };
}
