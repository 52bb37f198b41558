/**
 * DeclareIndependence: a member of the panel as convened declares no involvement in and no line
 * management of the case, or declines with the reason (ADR 0026). The member records it, or
 * whoever may convene the panel records it for them (a declaration received on paper).
 */
import type { EngineContext } from '../context.js';
import { convenedPanel } from '../declarations.js';
import type { Command, DecideResult, RaisedCase } from '../model.js';
import { permissionRefusal } from '../permissions.js';
import { refuse } from '../refusals.js';
import { actorRef } from './actorRef.js';

export function declareIndependence(
  ctx: EngineContext,
  state: RaisedCase,
  command: Extract<Command, { type: 'DeclareIndependence' }>,
): DecideResult {
  const panel = convenedPanel(ctx, state);
  if (panel === undefined) return refuse({ code: 'not-available', message: 'No panel has been convened on this case yet' });
  const { rule } = panel;
  const member = panel.members.find((m) => m.member.personId === command.personId)?.member;
  if (member === undefined) {
    return refuse({ code: 'invalid', message: `${command.personId} is not a member of the ${rule.name} as convened`, clause: rule.clause });
  }
  const action = ctx.actionsById.get(panel.action);
  if (command.actor.id !== member.personId && action !== undefined) {
    const notPermitted = permissionRefusal(ctx, state, action.by, command.actor, action.stage, false);
    if (notPermitted !== undefined) {
      return refuse({
        code: 'not-permitted',
        message: `Only ${member.name}, or whoever convenes the ${rule.name}, may record ${member.name}'s declaration`,
        clause: rule.clause,
      });
    }
  }
  const reason = command.reason?.trim() ?? '';
  if (!command.independent && reason === '') {
    return refuse({
      code: 'invalid',
      message: `Give the reason ${member.name} cannot declare independence from the case`,
      clause: rule.clause,
    });
  }
  const occurredAt = command.occurredAt ?? command.now;
  if (occurredAt.getTime() > command.now.getTime()) {
    return refuse({ code: 'invalid', message: 'A declaration cannot be recorded as made in the future' });
  }
  if (occurredAt.getTime() < panel.at.getTime()) {
    return refuse({ code: 'invalid', message: `A declaration cannot be made before the ${rule.name} was convened`, clause: rule.clause });
  }
  return {
    ok: true,
    events: [
      {
        type: 'IndependenceDeclared',
        at: command.now,
        by: actorRef(command.actor),
        occurredAt,
        panel: panel.number,
        personId: member.personId,
        independent: command.independent,
        ...(reason === '' ? {} : { reason }),
      },
    ],
  };
}
