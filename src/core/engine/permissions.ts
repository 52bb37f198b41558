/**
 * Who may take a step, asked of the procedure: each action, late acceptance and limitation names
 * the procedure roles that may take it, and each procedure role names the product role that fills
 * it. No product role is named here.
 */
import type { ProductRole } from '../procedures/schema.js';
import type { EngineContext } from './context.js';
import { roleTitle } from './deadlines.js';
import type { Actor, RaisedCase } from './model.js';

/** The procedure roles that may act, allowing for complaints about the chair going to someone else. */
export function rolesPermitted(ctx: EngineContext, state: RaisedCase, roleIds: readonly string[]): readonly string[] {
  const routing = ctx.procedure.chairComplaintRouting;
  if (routing === undefined || !state.flags.includes('about-the-chair')) return roleIds;
  return roleIds.map((r) => (r === routing.replaces ? routing.with : r));
}

/** Why this actor may not act as any of these procedure roles at this stage, or undefined if they may. */
export function permissionRefusal(
  ctx: EngineContext,
  state: RaisedCase,
  roleIds: readonly string[],
  actor: Actor,
  stage: string,
): string | undefined {
  const { procedure } = ctx;
  const permitted = rolesPermitted(ctx, state, roleIds);
  const filled = ctx.roles.filter((r) => permitted.includes(r.id) && r.productRole === actor.role);
  if (filled.length === 0) {
    const only = `Only ${permitted.map((r) => roleTitle(procedure, r, state.localArea)).join(' or ')} may do this`;
    return actor.name === undefined ? only : `${only}: ${actor.name} is not`;
  }
  const eligible = filled.filter((role) => {
    const conditions = role.mustBe ?? [];
    if (conditions.includes('chaired-the-conference') && actor.id !== state.conference.chairId) return false;
    if (conditions.includes('not-involved-earlier')) {
      for (const [s, actors] of Object.entries(state.actorsByStage)) {
        if (s !== stage && actors.includes(actor.id)) return false;
      }
    }
    return true;
  });
  if (eligible.length > 0) return undefined;
  const [role] = filled;
  if (role?.mustBe?.includes('chaired-the-conference') === true && actor.id !== state.conference.chairId) {
    const only = `Only the chair of the conference being challenged may do this as ${roleTitle(procedure, role.id, state.localArea)}`;
    return actor.name === undefined ? only : `${only}: ${actor.name} did not chair it`;
  }
  const title = role === undefined ? 'This role' : roleTitle(procedure, role.id, state.localArea);
  const notInvolved = `${title} must be someone who was not involved at an earlier stage`;
  return actor.name === undefined ? notInvolved : `${notInvolved}: ${actor.name} was`;
}

/** The product roles that may fill any of these procedure roles in this case. */
export function productRolesOf(ctx: EngineContext, state: RaisedCase, roleIds: readonly string[]): ProductRole[] {
  const permitted = rolesPermitted(ctx, state, roleIds);
  return [...new Set(permitted.flatMap((id) => ctx.roles.filter((r) => r.id === id).map((r) => r.productRole)))];
}
