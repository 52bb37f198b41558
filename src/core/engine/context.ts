/**
 * What every part of the engine reads: one procedure, one working calendar, the remembered
 * due-date function, the deemed-receipt rules, and indexes over the procedure built once.
 */
import { DEFAULT_DEEMED_RECEIPT, type DeemedReceiptRules, type WorkingCalendar } from '../calendar/index.js';
import {
  PARTY_ROLES,
  type ActionDefinition,
  type DeadlineRule,
  type LetterDefinition,
  type OutcomeRule,
  type PanelRule,
  type Procedure,
  type RoleDefinition,
  type Transition,
} from '../procedures/schema.js';
import { rememberingDueOf, type DueOf } from './deadlines.js';
import type { RaisedCase } from './model.js';

export interface EngineOptions {
  readonly deemedReceipt?: DeemedReceiptRules;
}

/** A role an actor may fill: one the procedure defines, or one of the parties every procedure names. */
export type FillableRole = Pick<RoleDefinition, 'id' | 'title' | 'productRole' | 'mustBe'>;

export interface EngineContext {
  readonly procedure: Procedure;
  readonly calendar: WorkingCalendar;
  readonly dueOf: DueOf;
  readonly receiptRules: DeemedReceiptRules;
  /** The stages each track can reach from its first stage. */
  readonly trackStages: ReadonlyMap<string, ReadonlySet<string>>;
  readonly actionsById: ReadonlyMap<string, ActionDefinition>;
  /** Actions by stage, in the procedure's order. */
  readonly actionsByStage: ReadonlyMap<string, readonly ActionDefinition[]>;
  readonly lettersById: ReadonlyMap<string, LetterDefinition>;
  readonly panelsById: ReadonlyMap<string, PanelRule>;
  readonly outcomesById: ReadonlyMap<string, OutcomeRule>;
  readonly deadlinesById: ReadonlyMap<string, DeadlineRule>;
  /** The procedure's roles, then the parties, in that order. */
  readonly roles: readonly FillableRole[];
}

function stagesOfTrack(procedure: Procedure, start: string): Set<string> {
  const reachable = new Set([start]);
  let grew = true;
  const targets = (t: Transition | undefined): string | undefined => (t && 'stage' in t ? t.stage : undefined);
  while (grew) {
    grew = false;
    for (const action of procedure.actions) {
      if (!reachable.has(action.stage)) continue;
      const next: (string | undefined)[] = [targets(action.then), ...(action.choice ?? []).map((c) => targets(c.then))];
      const rule = procedure.outcomes.find((o) => o.id === action.outcome);
      if (rule) next.push(...rule.options.map((o) => targets(o.then)), targets(rule.default));
      for (const stage of next) {
        if (stage !== undefined && !reachable.has(stage)) {
          reachable.add(stage);
          grew = true;
        }
      }
    }
  }
  return reachable;
}

function byStage(actions: readonly ActionDefinition[]): Map<string, ActionDefinition[]> {
  const grouped = new Map<string, ActionDefinition[]>();
  for (const action of actions) grouped.set(action.stage, [...(grouped.get(action.stage) ?? []), action]);
  return grouped;
}

export function engineContext(procedure: Procedure, calendar: WorkingCalendar, options: EngineOptions = {}): EngineContext {
  return {
    procedure,
    calendar,
    dueOf: rememberingDueOf(calendar),
    receiptRules: options.deemedReceipt ?? DEFAULT_DEEMED_RECEIPT,
    trackStages: new Map(procedure.tracks.map((t) => [t.id, stagesOfTrack(procedure, t.startStage)])),
    actionsById: new Map(procedure.actions.map((a) => [a.id, a])),
    actionsByStage: byStage(procedure.actions),
    lettersById: new Map(procedure.letters.map((l) => [l.id, l])),
    panelsById: new Map(procedure.panels.map((p) => [p.id, p])),
    outcomesById: new Map(procedure.outcomes.map((o) => [o.id, o])),
    deadlinesById: new Map(procedure.deadlines.map((d) => [d.id, d])),
    roles: [...procedure.roles, ...PARTY_ROLES],
  };
}

/** Looks an id up where the definition may name none. */
export function lookUp<T>(index: ReadonlyMap<string, T>, id: string | undefined): T | undefined {
  return id === undefined ? undefined : index.get(id);
}

export function stageName(ctx: EngineContext, id: string): string {
  return ctx.procedure.stages.find((s) => s.id === id)?.name ?? id;
}

export function stagesFor(ctx: EngineContext, state: RaisedCase): ReadonlySet<string> {
  return ctx.trackStages.get(state.track) ?? new Set<string>();
}

/** The milestone an action records when performed. */
export function milestoneOf(action: ActionDefinition): string {
  return action.records ?? action.id;
}
