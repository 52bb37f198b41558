/** How the engine says no: one refusal, or the first of several problems with all of them listed. */
import type { DecideResult, Refusal } from './model.js';

export interface Problem {
  readonly message: string;
  readonly clause?: string;
}

export const refuse = (refusal: Refusal): DecideResult => ({ ok: false, refusal });

/** Refuses with every problem found, leading with the first. */
export function refuseAll(problems: readonly Problem[], code: 'invalid' | 'panel-invalid' | 'not-eligible' = 'invalid'): DecideResult {
  const first = problems[0];
  return refuse({
    code,
    message: first?.message ?? 'Invalid',
    ...(first?.clause === undefined ? {} : { clause: first.clause }),
    problems,
  });
}
