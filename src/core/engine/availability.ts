/**
 * Whether an action is available now: the one rule asked by a command, by "what may I do now", by
 * letters due and by what the case is owed. An action is available when the case is at its stage,
 * the case has the flag it applies to, it has not been done (unless repeatable; once for each
 * occasion when it has one), everything it needs first has happened, and nothing that ends it has.
 */
import { formatLongDate, londonDateOf } from '../calendar/index.js';
import type { ActionDefinition } from '../procedures/schema.js';
import { pendingDecision } from './caseGuards.js';
import { milestoneOf, stageName, type EngineContext } from './context.js';
import { timesRecorded } from './deadlines.js';
import type { Actor, RaisedCase, Refusal } from './model.js';
import { permissionRefusal } from './permissions.js';
import { milestoneLabel } from './words.js';

/** A condition of the action's own definition that the case does not meet. */
export type Unmet =
  | { readonly kind: 'other-stage' }
  | { readonly kind: 'does-not-apply' }
  | { readonly kind: 'done' }
  /** Done for the latest occasion: due again only when the occasion happens again (ADR 0034). */
  | { readonly kind: 'answered'; readonly occasion: string; readonly clause: string }
  | { readonly kind: 'needs-first'; readonly missing: readonly string[] }
  | { readonly kind: 'no-longer' };

/** Whether the action, done once for each occasion, has been done for the latest one. */
function answered(state: RaisedCase, action: ActionDefinition, occasion: string): boolean {
  const done = timesRecorded(state, milestoneOf(action));
  return done > 0 && done >= timesRecorded(state, occasion);
}

/**
 * Every condition the action does not meet now, in the order a refusal reports them. Replaying a
 * stored fact, an occasion already answered is not one: a letter that went, went (ADR 0034).
 */
export function unmetConditions(state: RaisedCase, action: ActionDefinition, replaying = false): Unmet[] {
  const unmet: Unmet[] = [];
  if (action.stage !== state.stage) unmet.push({ kind: 'other-stage' });
  if (action.when !== undefined && !state.flags.includes(action.when)) unmet.push({ kind: 'does-not-apply' });
  const { occasion } = action;
  if (occasion !== undefined) {
    if (!replaying && answered(state, action, occasion.milestone))
      unmet.push({ kind: 'answered', ...occasion, occasion: occasion.milestone });
  } else if (action.repeatable !== true && (state.actionCounts[action.id] ?? 0) > 0) unmet.push({ kind: 'done' });
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
    case 'answered': {
      const last = state.milestones[unmet.occasion];
      const when = last === undefined ? '' : ` (${formatLongDate(londonDateOf(last.at))})`;
      return {
        code: 'not-available',
        message: `This has already been done for the latest "${milestoneLabel(ctx.procedure, unmet.occasion)}"${when}: it is due again only when that is recorded again`,
        clause: unmet.clause,
      };
    }
    case 'needs-first': {
      return because(`This needs first: ${unmet.missing.map((m) => milestoneLabel(ctx.procedure, m)).join('; ')}`);
    }
    case 'no-longer':
      return because('This is no longer available at this point');
  }
}

/** Why this actor may not take the action now (before looking at its details), or undefined. */
export function actionRefusal(
  ctx: EngineContext,
  state: RaisedCase,
  action: ActionDefinition,
  actor: Actor,
  replaying = false,
): Refusal | undefined {
  const pending = pendingDecision(state);
  if (pending !== undefined) return pending;
  const [unmet] = unmetConditions(state, action, replaying);
  if (unmet !== undefined) return unmetRefusal(ctx, state, action, unmet);
  const denied = permissionRefusal(ctx, state, action.by, actor, action.stage, replaying);
  if (denied !== undefined) return { code: 'not-permitted', message: denied, clause: action.clause };
  return undefined;
}
