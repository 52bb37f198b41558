/**
 * What a decision requires, tracked to done (ADR 0026). Each outcome chosen is a requirement; its
 * steps are the procedure's own actions that the outcome opens (those that need `outcome:<id>`),
 * then the actions of the stage each leads to, following a choice into the stage it chose
 * (kingston-richmond's records endorsed after a different conclusion). Nothing is stored for
 * this: a step is done when its action is recorded, by whom and when the record says. An outcome
 * that opens no action (concerns to agencies, learning points) is recorded with the decision.
 */
import type { ActionDefinition, OutcomeOption, Transition } from '../procedures/schema.js';
import { milestoneOf, stageName, type EngineContext } from './context.js';
import { roleTitle } from './deadlines.js';
import type { ActorRef, DecisionRecord, RaisedCase } from './model.js';

export interface RequirementStep {
  readonly action: ActionDefinition;
  /** Who takes it, in the procedure's words. */
  readonly by: string;
  readonly done?: { readonly at: Date; readonly by: ActorRef };
  /** The meeting must be chaired by someone other than the challenged conference's chair. */
  readonly chairMustDiffer?: string;
  /** Those present must have seen, or been briefed on, the panel's decision. */
  readonly briefingRequired?: string;
}

export interface OutcomeRequirement {
  readonly decision: DecisionRecord;
  readonly option: OutcomeOption;
  /** `recorded`: the outcome opens no step; it stands in the decision itself. */
  readonly status: 'open' | 'done' | 'recorded';
  readonly steps: readonly RequirementStep[];
  /** Stages the steps belong to, by name, in order. */
  readonly stages: readonly string[];
}

const stageOf = (t: Transition | undefined): string | undefined => (t !== undefined && 'stage' in t ? t.stage : undefined);

function applies(state: RaisedCase, action: ActionDefinition): boolean {
  return action.optional !== true && (action.when === undefined || state.flags.includes(action.when));
}

/** The steps from one opening action: it, then each stage it leads to, following choices taken. */
function pathFrom(ctx: EngineContext, state: RaisedCase, opening: ActionDefinition): { steps: ActionDefinition[]; stages: string[] } {
  const steps: ActionDefinition[] = [opening];
  const stages: string[] = [];
  const seen = new Set<string>([opening.stage]);
  let next = stageOf(opening.then);
  while (next !== undefined && !seen.has(next)) {
    seen.add(next);
    stages.push(next);
    const inStage = (ctx.actionsByStage.get(next) ?? []).filter((a) => applies(state, a));
    steps.push(...inStage);
    next = undefined;
    for (const action of inStage) {
      const chosen = (action.choice ?? []).find((c) => state.milestones[c.records ?? `${milestoneOf(action)}:${c.id}`] !== undefined);
      next = stageOf(chosen?.then) ?? stageOf(action.then) ?? next;
    }
  }
  return { steps, stages };
}

export function outcomeRequirements(ctx: EngineContext, state: RaisedCase): OutcomeRequirement[] {
  const requirements: OutcomeRequirement[] = [];
  for (const decision of state.decisions) {
    const rule = ctx.outcomesById.get(ctx.actionsById.get(decision.action)?.outcome ?? '');
    if (rule === undefined) continue;
    for (const optionId of decision.options) {
      const option = rule.options.find((o) => o.id === optionId);
      if (option === undefined) continue;
      const openings = ctx.procedure.actions.filter((a) => (a.requires ?? []).includes(`outcome:${option.id}`) && applies(state, a));
      if (openings.length === 0) {
        requirements.push({ decision, option, status: 'recorded', steps: [], stages: [] });
        continue;
      }
      const paths = openings.map((a) => pathFrom(ctx, state, a));
      const stepOf = (action: ActionDefinition): RequirementStep => {
        const done = state.milestones[milestoneOf(action)];
        return {
          action,
          by: action.by.map((r) => roleTitle(ctx.procedure, r, state.localArea)).join(' or '),
          ...(done === undefined ? {} : { done: { at: done.at, by: done.by } }),
          ...(action.meeting?.chairMustDiffer === undefined ? {} : { chairMustDiffer: action.meeting.chairMustDiffer }),
          ...(action.meeting?.briefingRequired === undefined ? {} : { briefingRequired: action.meeting.briefingRequired }),
        };
      };
      // Alternative openings (one closes, another goes on) are each a way to meet it: done when any path is.
      const complete = paths.some((p) => p.steps.every((a) => state.milestones[milestoneOf(a)] !== undefined));
      const unique = [...new Map(paths.flatMap((p) => p.steps).map((a) => [a.id, a])).values()];
      const stages = [...new Set(paths.flatMap((p) => p.stages))].map((s) => stageName(ctx, s));
      requirements.push({ decision, option, status: complete ? 'done' : 'open', steps: unique.map(stepOf), stages });
    }
  }
  return requirements;
}
