/**
 * PerformAction: one of the procedure's actions, if it is available to this actor now and its
 * details satisfy the procedure (a meeting's minute-taker, a letter's content and copies, a
 * panel's composition, a decision's outcomes, a choice's option).
 */
import { deemedReceiptDate, londonDateOf, type IsoDate } from '../../calendar/index.js';
import type { ActionDefinition, Transition } from '../../procedures/schema.js';
import { actionRefusal } from '../availability.js';
import { lookUp, milestoneOf, type EngineContext } from '../context.js';
import { roleTitle } from '../deadlines.js';
import { withLateChecks } from '../lateArrivals.js';
import { escalationDue, letterProblems } from '../letters.js';
import type { ActionDetails, ActorRef, CaseEvent, Command, DecideResult, RaisedCase } from '../model.js';
import { decisionProblems } from '../outcomes.js';
import { panelProblems } from '../panels.js';
import { refuse, refuseAll, type Problem } from '../refusals.js';
import { actorRef } from './actorRef.js';
import { transitionEvents } from './transitions.js';

/** What the details add to the event and where the case goes next; or the refusal. */
type Effect =
  | {
      readonly ok: true;
      readonly milestones: readonly string[];
      readonly next: Transition | undefined;
      readonly transitionClause: string;
      readonly escalateBy?: IsoDate;
      readonly deemedReceivedOn?: IsoDate;
    }
  | { readonly ok: false; readonly result: DecideResult };

function meetingProblems(
  ctx: EngineContext,
  state: RaisedCase,
  action: ActionDefinition,
  details: Extract<ActionDetails, { kind: 'meeting' }>,
): Problem[] {
  const meeting = action.meeting;
  const problems: Problem[] = [];
  if (meeting === undefined) return problems;
  if (meeting.minutedBy !== undefined) {
    if (details.minuteTaker === undefined) {
      problems.push({ message: 'Record who took the minutes of the meeting', clause: meeting.clause });
    } else if (!meeting.minutedBy.includes(details.minuteTaker.role)) {
      problems.push({
        message: `The minutes must be taken by ${meeting.minutedBy.map((r) => roleTitle(ctx.procedure, r, state.localArea)).join(' or ')}`,
        clause: meeting.clause,
      });
    }
  }
  if (meeting.chairMustDiffer !== undefined && (details.chairId === undefined || details.chairId === state.conference.chairId)) {
    problems.push({ message: 'The reconvened conference must have a different chair', clause: meeting.chairMustDiffer });
  }
  if (meeting.briefingRequired !== undefined && details.briefed !== true) {
    problems.push({
      message: "Confirm that those present have seen, or were briefed on, the panel's decision",
      clause: meeting.briefingRequired,
    });
  }
  return problems;
}

function effectOf(
  ctx: EngineContext,
  state: RaisedCase,
  action: ActionDefinition,
  details: ActionDetails,
  occurredAt: Date,
  by: ActorRef,
): Effect {
  const recorded = milestoneOf(action);
  const plain: Effect = { ok: true, milestones: [recorded], next: action.then, transitionClause: action.clause };
  const refused = (result: DecideResult): Effect => ({ ok: false, result });
  switch (details.kind) {
    case 'record':
    case 'request':
      return plain;
    case 'meeting': {
      const problems = meetingProblems(ctx, state, action, details);
      return problems.length > 0 ? refused(refuseAll(problems)) : plain;
    }
    case 'letter': {
      const letter = lookUp(ctx.lettersById, action.letter);
      if (letter === undefined) return refused(refuse({ code: 'invalid', message: 'This action has no letter' }));
      const problems = letterProblems(ctx, state, action, letter, details, occurredAt);
      if (problems.length > 0) return refused(refuseAll(problems));
      const receipt = deemedReceiptDate(ctx.calendar, londonDateOf(occurredAt), details.method, ctx.receiptRules);
      const escalation = escalationDue(ctx, letter, occurredAt, details.method, by);
      return {
        ...plain,
        deemedReceivedOn: receipt.date,
        ...(escalation === undefined ? {} : { escalateBy: escalation.dueDate }),
      };
    }
    case 'panel': {
      const rule = lookUp(ctx.panelsById, action.panel);
      if (rule === undefined) return refused(refuse({ code: 'invalid', message: 'This action has no panel rule' }));
      const problems = panelProblems(ctx, rule, action, details.members, state);
      return problems.length > 0 ? refused(refuseAll(problems, 'panel-invalid')) : plain;
    }
    case 'decision': {
      const rule = lookUp(ctx.outcomesById, action.outcome);
      if (rule === undefined) return refused(refuse({ code: 'invalid', message: 'This action has no outcome rule' }));
      const problems = decisionProblems(ctx, rule, details, state, occurredAt);
      if (problems.length > 0) return refused(refuseAll(problems));
      const chosen = rule.options.filter((o) => details.options.includes(o.id));
      // A decision that moves the case to a stage wins over one that closes it.
      const chosenOption = chosen.find((o) => o.then !== undefined && 'stage' in o.then) ?? chosen.find((o) => o.then !== undefined);
      return {
        ok: true,
        milestones: [recorded, ...chosen.map((o) => `outcome:${o.id}`)],
        next: chosenOption?.then ?? rule.default ?? action.then,
        transitionClause: chosenOption?.clause ?? rule.clause,
      };
    }
    case 'choice': {
      const options = action.choice ?? [];
      const option = options.find((c) => c.id === details.option);
      if (option === undefined)
        return refused(refuseAll([{ message: `Choose one of: ${options.map((c) => c.label).join('; ')}`, clause: action.clause }]));
      if (details.reason.trim() === '')
        return refused(refuseAll([{ message: 'Record the reason for this choice', clause: option.clause }]));
      return {
        ok: true,
        milestones: [recorded, option.records ?? `${recorded}:${option.id}`],
        next: option.then ?? action.then,
        transitionClause: option.clause,
      };
    }
  }
}

export function performAction(ctx: EngineContext, state: RaisedCase, command: Extract<Command, { type: 'PerformAction' }>): DecideResult {
  const action = ctx.actionsById.get(command.action);
  if (action === undefined) return refuse({ code: 'invalid', message: `This procedure has no action "${command.action}"` });
  const refusal = actionRefusal(ctx, state, action, command.actor, command.replaying === true);
  if (refusal) return refuse(refusal);
  const occurredAt = command.occurredAt ?? command.now;
  if (occurredAt.getTime() > command.now.getTime())
    return refuse({ code: 'invalid', message: 'This cannot be recorded as happening in the future' });
  if (occurredAt.getTime() < state.conference.heldAt.getTime()) {
    return refuse({ code: 'invalid', message: 'This cannot have happened before the conference' });
  }
  const details = command.details;
  if (details.kind !== action.kind) {
    return refuse({ code: 'invalid', message: `"${action.label}" needs ${action.kind} details, not ${details.kind}` });
  }
  const by = actorRef(command.actor);
  const effect = effectOf(ctx, state, action, details, occurredAt, by);
  if (!effect.ok) return effect.result;
  const { next } = effect;
  // Recording a request is the first act of the stage it opens, not involvement in the one it leaves.
  const involvedIn = details.kind === 'request' && next !== undefined && 'stage' in next ? next.stage : action.stage;
  const events: CaseEvent[] = [
    {
      type: 'ActionPerformed',
      at: command.now,
      by,
      action: action.id,
      stage: involvedIn,
      occurredAt,
      milestones: effect.milestones,
      details,
      ...(effect.escalateBy === undefined ? {} : { escalateBy: effect.escalateBy }),
      ...(effect.deemedReceivedOn === undefined ? {} : { deemedReceivedOn: effect.deemedReceivedOn }),
    },
    ...transitionEvents(next, command.now, by, effect.transitionClause, occurredAt),
  ];
  return withLateChecks(ctx, state, events, command.now, by, occurredAt);
}
