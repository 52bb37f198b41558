/**
 * WithdrawChallenge: the complainant's wish to stop, recorded with why. No procedure names who
 * may record it, so who may is the service's permission; the engine asks only for the reason.
 */
import type { Command, DecideResult } from '../model.js';
import { refuse } from '../refusals.js';
import { actorRef } from './actorRef.js';
import { occurredAtOrNow } from './occurredAt.js';

export function withdrawChallenge(command: Extract<Command, { type: 'WithdrawChallenge' }>): DecideResult {
  if (command.reason.trim() === '') return refuse({ code: 'invalid', message: 'Record why the challenge was withdrawn' });
  const occurredAt = occurredAtOrNow(command);
  if (!(occurredAt instanceof Date)) return refuse(occurredAt);
  return {
    ok: true,
    events: [
      {
        type: 'ChallengeClosed',
        at: command.now,
        occurredAt,
        by: actorRef(command.actor),
        outcome: 'withdrawn',
        summary: command.reason,
        withdrawn: true,
      },
    ],
  };
}
