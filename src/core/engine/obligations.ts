/** What the case is owed now: the required actions of its stage, with who owes them and by when. */
import type { ProductRole } from '../procedures/schema.js';
import { unmetConditions } from './availability.js';
import { milestoneOf, type EngineContext } from './context.js';
import type { DeadlineView } from './deadlines.js';
import type { RaisedCase } from './model.js';
import { productRolesOf } from './permissions.js';

export interface Obligation {
  readonly action: string;
  readonly label: string;
  readonly clause: string;
  readonly roles: readonly ProductRole[];
  readonly due?: DeadlineView;
}

/**
 * A required action not yet done is owed while it is available, or when all it lacks is something
 * to be done first in the stage: a follow-up to an outcome is owed only once that outcome is chosen.
 */
export function obligations(ctx: EngineContext, state: RaisedCase, views: readonly DeadlineView[]): Obligation[] {
  const running = views.filter((d) => d.status === 'open' || d.status === 'missed');
  return (ctx.actionsByStage.get(state.stage) ?? [])
    .filter((a) => a.optional !== true && (state.actionCounts[a.id] ?? 0) === 0)
    .filter((a) => unmetConditions(state, a).every((u) => u.kind === 'needs-first' && u.missing.every((m) => !m.startsWith('outcome:'))))
    .map((a) => {
      const due = running.find((v) => v.rule.metBy === milestoneOf(a));
      return {
        action: a.id,
        label: a.label,
        clause: a.clause,
        roles: productRolesOf(ctx, state, a.by),
        ...(due === undefined ? {} : { due }),
      };
    });
}
