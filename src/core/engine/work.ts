/**
 * The work a case gives staff (ADR 0024): every deadline still owed, to whoever the procedure makes
 * its owner, and every required step of the current stage not yet taken, to whoever may take it.
 * A role is the product role filling the procedure's role, after a challenge about the chair is
 * routed away from the chair (chairComplaintRouting); where the procedure's role must be one person
 * (the chair of the challenged conference, or of the panel convened), the work falls to that person.
 * The parties (complainant, dissenting professional) owe deadlines too: no member of staff fills
 * their roles.
 */
import type { ProductRole } from '../procedures/schema.js';
import type { EngineContext } from './context.js';
import { roleTitle, type DeadlineView } from './deadlines.js';
import type { RaisedCase } from './model.js';
import { obligations } from './obligations.js';
import { personRequiredFor, rolesPermitted } from './permissions.js';

export interface WorkOwner {
  readonly productRole: ProductRole;
  /** How the procedure names the role (or roles) it is owed under, in the case's local area. */
  readonly title: string;
  /** The one person it falls to, where every procedure role it is owed under must be that person (the conference's chair, the panel's). */
  readonly personId?: string;
}

export interface WorkItem {
  /** A deadline owed, or a required step to take (which may have a deadline of its own that someone else owes). */
  readonly kind: 'deadline' | 'step';
  /** The deadline rule's id, or the action's. */
  readonly id: string;
  /** The procedure's staff-facing name for it. */
  readonly label: string;
  readonly stage: string;
  readonly clause: string;
  /** When it is due, with the engine's explanation; absent for a step no time limit applies to. */
  readonly due?: DeadlineView;
  readonly owners: readonly WorkOwner[];
}

/** The product roles that fill these procedure roles in this case, each with its title and, where it must be one person, that person. */
export function ownersOf(ctx: EngineContext, state: RaisedCase, roleIds: readonly string[]): WorkOwner[] {
  const permitted = rolesPermitted(ctx, state, roleIds);
  const filling = ctx.roles.filter((role) => permitted.includes(role.id));
  return [...new Set(filling.map((role) => role.productRole))].map((productRole) => {
    const roles = filling.filter((role) => role.productRole === productRole);
    const people = new Set(roles.map((role) => personRequiredFor(state, role)));
    const [person] = people;
    return {
      productRole,
      title: roles.map((role) => roleTitle(ctx.procedure, role.id, state.localArea)).join(' or '),
      ...(people.size === 1 && person !== undefined ? { personId: person } : {}),
    };
  });
}

/** The work an open case gives: owed deadlines first, then the steps whose deadline (if any) is not already theirs. */
export function caseWork(ctx: EngineContext, state: RaisedCase, views: readonly DeadlineView[]): WorkItem[] {
  if (state.status !== 'open') return [];
  const deadlines: WorkItem[] = views
    .filter((view) => view.status === 'open' || view.status === 'missed')
    .map((view) => ({
      kind: 'deadline',
      id: view.rule.id,
      label: view.rule.label,
      stage: view.rule.stage,
      clause: view.rule.clause,
      due: view,
      owners: ownersOf(ctx, state, [view.rule.owner]),
    }));
  const steps: WorkItem[] = obligations(ctx, state, views).flatMap((obligation) => {
    const action = ctx.actionsById.get(obligation.action);
    if (action === undefined) return [];
    const due = obligation.due;
    // Whoever owes the step's deadline already has it as a deadline; the others have it as a step.
    const owingIt = new Set(deadlines.find((d) => d.id === due?.rule.id)?.owners.map((o) => o.productRole) ?? []);
    const owners = ownersOf(ctx, state, action.by).filter((owner) => !owingIt.has(owner.productRole));
    if (owners.length === 0) return [];
    return [
      {
        kind: 'step',
        id: action.id,
        label: action.label,
        stage: action.stage,
        clause: action.clause,
        ...(due === undefined ? {} : { due }),
        owners,
      },
    ];
  });
  return [...deadlines, ...steps];
}
