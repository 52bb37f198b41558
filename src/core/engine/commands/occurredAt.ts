import type { Refusal } from '../model.js';

/** When a recorded decision or withdrawal happened: the given time, or now; never in the future. */
export function occurredAtOrNow(command: { readonly now: Date; readonly occurredAt?: Date }): Date | Refusal {
  const occurredAt = command.occurredAt ?? command.now;
  if (occurredAt.getTime() > command.now.getTime())
    return { code: 'invalid', message: 'This cannot be recorded as happening in the future' };
  return occurredAt;
}
