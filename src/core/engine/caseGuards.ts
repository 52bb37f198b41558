/**
 * The guards a case passes before any action is looked at: it must be open, and nothing may be
 * waiting for a decision that the procedure says comes first.
 */
import type { CaseState, RaisedCase, Refusal } from './model.js';

export type OpenCheck = { readonly ok: true; readonly state: RaisedCase } | { readonly ok: false; readonly refusal: Refusal };

/** The one "is the case open?" guard: every command but RaiseChallenge, and every question about what may happen next. */
export function checkOpen(state: CaseState): OpenCheck {
  if (state.status === 'not-raised') return { ok: false, refusal: { code: 'not-raised', message: 'No challenge has been raised yet' } };
  if (state.status === 'closed') return { ok: false, refusal: { code: 'closed', message: 'The challenge is closed' } };
  return { ok: true, state };
}

/** A late arrival or a limitation still to be decided holds up every action of the case. */
export function pendingDecision(state: RaisedCase): Refusal | undefined {
  const late = state.lateArrivals.find((l) => l.decision === undefined);
  if (late !== undefined) {
    return {
      code: 'awaiting-decision',
      message: 'First decide whether to accept what arrived after the time limit, and record why',
      clause: late.clause,
    };
  }
  const limitation = state.pendingLimitations[0];
  if (limitation !== undefined) {
    return {
      code: 'awaiting-decision',
      message:
        limitation.flag === 'legal-proceedings'
          ? 'First decide whether legal proceedings prevent this challenge being considered'
          : 'First decide whether the limitation on this challenge applies',
      clause: limitation.clause,
    };
  }
  return undefined;
}
