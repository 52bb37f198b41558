/**
 * Whether an action is available now: the one rule asked by a command, by "what may I do now", by
 * letters due and by what the case is owed. An action is available when the case is at its stage,
 * the case has the flag it applies to, it has not been done (unless repeatable), everything it
 * needs first has happened, and nothing that ends it has.
 */
import type { ActionDefinition } from '../procedures/schema.js';
import { pendingDecision } from './caseGuards.js';
import { stageName, type EngineContext } from './context.js';
import type { Actor, RaisedCase, Refusal } from './model.js';
import { permissionRefusal } from './permissions.js';
import { milestoneLabel } from './words.js';

/** A condition of the action's own definition that the case does not meet. */
export type Unmet =
  | { readonly kind: 'other-stage' }
  | { readonly kind: 'does-not-apply' }
  | { readonly kind: 'done' }
  | { readonly kind: 'needs-first'; readonly missing: readonly string[] }
  | { readonly kind: 'no-longer' };

/** Every condition the action does not meet now, in the order a refusal reports them. */
export function unmetConditions(state: RaisedCase, action: ActionDefinition): Unmet[] {
  const unmet: Unmet[] = [];
  if (action.stage !== state.stage) unmet.push({ kind: 'other-stage' });
  if (action.when !== undefined && !state.flags.includes(action.when)) unmet.push({ kind: 'does-not-apply' });
  if (action.repeatable !== true && (state.actionCounts[action.id] ?? 0) > 0) unmet.push({ kind: 'done' });
  const missing = (action.requires ?? []).filter((m) => state.milestones[m] === undefined);
  if (missing.length > 0) unmet.push({ kind: 'needs-first', missing });
  if ((action.unless ?? []).some((m) => state.milestones[m] !== undefined)) unmet.push({ kind: 'no-longer' });
  return unmet;
}

export function isAvailable(state: RaisedCase, action: ActionDefinition): boolean {
  return unmetConditions(state, action).length === 0;
}

function unmetRefusal(ctx: EngineContext, state: RaisedCase, action: ActionDefinition, unmet: Unmet): Refusal {
  const because = (message: string): Refusal => ({ code: 'not-available', message, clause: action.clause });
  switch (unmet.kind) {
    case 'other-stage':
      return because(`This belongs to ${stageName(ctx, action.stage)}; the challenge is at ${stageName(ctx, state.stage)}`);
    case 'does-not-apply':
      return because('This does not apply to this challenge');
    case 'done':
      return because('This has already been done');
    case 'needs-first': {
      return because(`This needs first: ${unmet.missing.map((m) => milestoneLabel(ctx.procedure, m)).join('; ')}`);
    }
    case 'no-longer':
      return because('This is no longer available at this point');
  }
}

/** Why this actor may not take the action now (before looking at its details), or undefined. */
export function actionRefusal(ctx: EngineContext, state: RaisedCase, action: ActionDefinition, actor: Actor): Refusal | undefined {
  const pending = pendingDecision(state);
  if (pending !== undefined) return pending;
  const [unmet] = unmetConditions(state, action);
  if (unmet !== undefined) return unmetRefusal(ctx, state, action, unmet);
  const denied = permissionRefusal(ctx, state, action.by, actor, action.stage);
  if (denied !== undefined) return { code: 'not-permitted', message: denied, clause: action.clause };
  return undefined;
}
