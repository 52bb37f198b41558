/**
 * Whether a proposed panel may sit for an action of this case: the procedure's panel rule, and
 * where the action says so (camden 6.3), the same panel as sat last time.
 */
import type { ActionDefinition, PanelRule } from '../procedures/schema.js';
import { lookUp, milestoneOf, type EngineContext } from './context.js';
import { roleTitle } from './deadlines.js';
import type { PanelMember, RaisedCase } from './model.js';
import { validatePanel, type InAttendance, type PanelProblem } from './panelComposition.js';

/** The one panel-continuity rule: the members who must sit again, with the clause, if the action asks for the same panel. */
export function panelToSitAgain(
  state: RaisedCase,
  action: ActionDefinition,
): { readonly members: readonly PanelMember[]; readonly clause: string } | undefined {
  if (action.samePanelAsBefore !== true) return undefined;
  const before = state.panels[state.panels.length - 1];
  return before === undefined ? undefined : { members: before.members, clause: action.clause };
}

/**
 * The people who fill, in this case, a role the procedure lists as in attendance at the panel
 * (kent 9 ¶3, pan-sussex 5.7.27): the chair of the challenged conference for a role that must be
 * that chair, otherwise whoever took a step of the procedure as that role.
 */
export function inAttendanceOf(ctx: EngineContext, rule: PanelRule, state: RaisedCase): InAttendance[] {
  const attending: InAttendance[] = [];
  for (const listed of rule.inAttendance ?? []) {
    const role = ctx.roles.find((r) => r.id === listed.role);
    if (role === undefined) continue;
    const title = roleTitle(ctx.procedure, role.id, state.localArea);
    const people = new Set<string>();
    if (role.mustBe?.includes('chaired-the-conference') === true) {
      people.add(state.conference.chairId);
    } else {
      for (const action of ctx.procedure.actions) {
        if (!action.by.includes(role.id)) continue;
        const by = state.milestones[milestoneOf(action)]?.by;
        if (by?.role === role.productRole) people.add(by.id);
      }
    }
    for (const personId of people) attending.push({ personId, title, clause: listed.clause });
  }
  return attending;
}

export function panelProblems(
  ctx: EngineContext,
  rule: PanelRule,
  action: ActionDefinition,
  members: readonly PanelMember[],
  state: RaisedCase,
): PanelProblem[] {
  const samePanelAs = panelToSitAgain(state, action);
  return validatePanel(rule, members, state, {
    inAttendance: inAttendanceOf(ctx, rule, state),
    ...(samePanelAs === undefined ? {} : { samePanelAs }),
  });
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
  return panelProblems(ctx, rule, action, members, state);
}
