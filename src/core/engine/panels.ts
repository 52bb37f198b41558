/**
 * Whether a proposed panel may sit for an action of this case: the procedure's panel rule, and
 * where the action says so (camden 6.3), the same panel as sat last time.
 */
import type { ActionDefinition, PanelRule } from '../procedures/schema.js';
import { lookUp, type EngineContext } from './context.js';
import type { PanelMember, RaisedCase } from './model.js';
import { validatePanel, type PanelProblem } from './panelComposition.js';

/** The one panel-continuity rule: the members who must sit again, with the clause, if the action asks for the same panel. */
export function panelToSitAgain(
  state: RaisedCase,
  action: ActionDefinition,
): { readonly members: readonly PanelMember[]; readonly clause: string } | undefined {
  if (action.samePanelAsBefore !== true) return undefined;
  const before = state.panels[state.panels.length - 1];
  return before === undefined ? undefined : { members: before.members, clause: action.clause };
}

export function panelProblems(
  rule: PanelRule,
  action: ActionDefinition,
  members: readonly PanelMember[],
  state: RaisedCase,
): PanelProblem[] {
  const samePanelAs = panelToSitAgain(state, action);
  return validatePanel(rule, members, state, samePanelAs === undefined ? {} : { samePanelAs });
}

/** Problems with a proposed panel for an action, before anyone records it. */
export function checkPanel(
  ctx: EngineContext,
  state: RaisedCase | undefined,
  actionId: string,
  members: readonly PanelMember[],
): PanelProblem[] {
  const action = ctx.actionsById.get(actionId);
  const rule = lookUp(ctx.panelsById, action?.panel);
  if (state === undefined || rule === undefined || action === undefined) {
    return [{ message: 'There is no panel to check here', clause: ctx.procedure.decisionStands.clause }];
  }
  return panelProblems(rule, action, members, state);
}
