/**
 * Who may take a step, asked of the procedure: each action, late acceptance and limitation names
 * the procedure roles that may take it, and each procedure role names the product role that fills
 * it. No product role is named here.
 */
import type { ProductRole } from '../procedures/schema.js';
import type { EngineContext, FillableRole } from './context.js';
import { roleTitle } from './deadlines.js';
import type { Actor, RaisedCase } from './model.js';

/** The procedure roles that may act, allowing for complaints about the chair going to someone else. */
export function rolesPermitted(ctx: EngineContext, state: RaisedCase, roleIds: readonly string[]): readonly string[] {
  const routing = ctx.procedure.chairComplaintRouting;
  if (routing === undefined || !state.flags.includes('about-the-chair')) return roleIds;
  return roleIds.map((r) => (r === routing.replaces ? routing.with : r));
}

/** The member convened as chair of the panel that sat last on the case, if a panel has been convened. */
export function panelChairOf(state: RaisedCase): string | undefined {
  return state.panels[state.panels.length - 1]?.members.find((m) => m.role === 'chair')?.personId;
}

/** The one person a role must be in this case, where its conditions name one: the challenged conference's chair, or the panel's. */
export function personRequiredFor(state: RaisedCase, role: FillableRole): string | undefined {
  const conditions = role.mustBe ?? [];
  if (conditions.includes('chaired-the-conference')) return state.conference.chairId;
  if (conditions.includes('chairs-the-panel')) return panelChairOf(state);
  return undefined;
}

/** Why this actor does not meet the conditions of a role they fill by product role, or undefined if they do. */
function conditionUnmet(
  ctx: EngineContext,
  state: RaisedCase,
  role: FillableRole,
  actor: Actor,
  stage: string,
  replaying: boolean,
): string | undefined {
  const title = roleTitle(ctx.procedure, role.id, state.localArea);
  const naming = (reason: string, which: string): string => (actor.name === undefined ? reason : `${reason}: ${actor.name} ${which}`);
  for (const condition of role.mustBe ?? []) {
    switch (condition) {
      case 'chaired-the-conference':
        if (actor.id !== state.conference.chairId)
          return naming(`Only the chair of the conference being challenged may do this as ${title}`, 'did not chair it');
        break;
      case 'not-involved-earlier':
        for (const [s, actors] of Object.entries(state.actorsByStage)) {
          if (s !== stage && actors.includes(actor.id))
            return naming(`${title} must be someone who was not involved at an earlier stage`, 'was');
        }
        break;
      case 'chairs-the-panel':
        // Any member of the partnership's panels has the product role; only the one convened as this panel's chair holds this role.
        // Replaying a stored fact, it stands: a step recorded by another member before this rule came in (ADR 0039).
        if (!replaying && actor.id !== panelChairOf(state))
          return naming(`Only the member convened as chair of the panel may do this as ${title}`, "is not the panel's chair");
        break;
    }
  }
  return undefined;
}

/**
 * Why this actor may not act as any of these procedure roles at this stage, or undefined if they may.
 * `replaying`: a stored step or booking decided again on replay, of which the chairs-the-panel condition is not asked
 * again (ADR 0039). Every caller says which it is: no default, so that a new caller cannot loosen the check unawares.
 */
export function permissionRefusal(
  ctx: EngineContext,
  state: RaisedCase,
  roleIds: readonly string[],
  actor: Actor,
  stage: string,
  replaying: boolean,
): string | undefined {
  const { procedure } = ctx;
  const permitted = rolesPermitted(ctx, state, roleIds);
  const filled = ctx.roles.filter((r) => permitted.includes(r.id) && r.productRole === actor.role);
  if (filled.length === 0) {
    const only = `Only ${permitted.map((r) => roleTitle(procedure, r, state.localArea)).join(' or ')} may do this`;
    return actor.name === undefined ? only : `${only}: ${actor.name} is not`;
  }
  const unmet = filled.map((role) => conditionUnmet(ctx, state, role, actor, stage, replaying));
  return unmet.includes(undefined) ? undefined : unmet[0];
}

/** The product roles that may fill any of these procedure roles in this case. */
export function productRolesOf(ctx: EngineContext, state: RaisedCase, roleIds: readonly string[]): ProductRole[] {
  const permitted = rolesPermitted(ctx, state, roleIds);
  return [...new Set(permitted.flatMap((id) => ctx.roles.filter((r) => r.id === id).map((r) => r.productRole)))];
}
