import type { Transition } from '../../procedures/schema.js';
import type { ActorRef, CaseEvent } from '../model.js';

/** The events of moving on: entering the next stage, or closing with the procedure's summary. */
export function transitionEvents(t: Transition | undefined, at: Date, by: ActorRef, clause: string, occurredAt: Date): CaseEvent[] {
  if (t === undefined) return [];
  if ('stage' in t) return [{ type: 'StageEntered', at, occurredAt, by, stage: t.stage }];
  return [{ type: 'ChallengeClosed', at, occurredAt, by, outcome: t.close, summary: t.summary, clause }];
}
