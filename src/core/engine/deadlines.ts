/**
 * Deadlines of a case: which have started, when each is due (with its plain-English explanation),
 * and whether it is open, met, met late, missed, lapsed or no longer needed.
 */
import { computeDeadline, startOfLondonDay, type ComputedDeadline, type Roll, type WorkingCalendar } from '../calendar/index.js';
import { PARTY_ROLES, RECIPIENT_GROUP_TITLES, type DeadlineRule, type Procedure } from '../procedures/schema.js';
import { BUILT_IN_MILESTONES } from '../procedures/validate.js';
import type { MilestoneRecord, RaisedCase } from './model.js';

export type DeadlineStatus = 'open' | 'met' | 'met-late' | 'missed' | 'lapsed' | 'not-needed';

export interface DeadlineView {
  readonly rule: DeadlineRule;
  readonly ownerTitle: string;
  readonly due: ComputedDeadline;
  readonly status: DeadlineStatus;
  readonly metAt?: Date;
}

export function rollFor(rule: DeadlineRule): Roll {
  if (rule.roll !== undefined) return rule.roll;
  return rule.binds === 'authority' ? 'none' : 'forward';
}

/** The instant a deadline runs from: a receipt runs from the start of its (London) day. */
export function anchorInstant(record: MilestoneRecord): Date {
  return record.date === undefined ? record.at : startOfLondonDay(record.date);
}

export function computeRule(calendar: WorkingCalendar, rule: DeadlineRule, from: Date): ComputedDeadline {
  return computeDeadline(calendar, {
    from,
    limit: rule.limit,
    roll: rollFor(rule),
    fromDescription: rule.fromDescription,
    source: rule.clause,
  });
}

export function roleTitle(procedure: Procedure, roleId: string, localArea?: string): string {
  const role = procedure.roles.find((r) => r.id === roleId);
  if (role === undefined) return PARTY_ROLES.find((r) => r.id === roleId)?.title ?? RECIPIENT_GROUP_TITLES[roleId] ?? roleId;
  if (localArea !== undefined) {
    const local = role.byArea?.[localArea];
    if (local !== undefined) return local.title;
  }
  return role.title;
}

/** How many times a milestone has been recorded: counted for actions, once for anything else that has happened. */
export function timesRecorded(state: RaisedCase, milestone: string): number {
  return state.milestoneCounts[milestone] ?? (state.milestones[milestone] === undefined ? 0 : 1);
}

/** When the case left a stage for good (or closed), if it has. */
function leftStageAt(state: RaisedCase, stage: string): Date | undefined {
  const history = state.stageHistory;
  for (let i = history.length - 1; i >= 0; i -= 1) {
    const entry = history[i];
    if (entry?.stage === stage) {
      const after = history[i + 1];
      if (after !== undefined) return after.enteredAt;
      return state.closed?.at;
    }
  }
  return undefined;
}

/** Whether the milestone that meets a rule can be recorded outside the rule's own stage. */
function laterStagesCanMeet(procedure: Procedure, rule: DeadlineRule): boolean {
  if ((BUILT_IN_MILESTONES as readonly string[]).includes(rule.metBy)) return true;
  return procedure.actions.some((a) => (a.records ?? a.id) === rule.metBy && a.stage !== rule.stage);
}

/** When a rule running from an instant falls due: computeRule over one calendar, perhaps remembered. */
export type DueOf = (rule: DeadlineRule, from: Date) => ComputedDeadline;

/**
 * computeRule over one calendar, remembering its answers (a deadline depends only on its rule and
 * the instant it runs from), so that reading a case does not recount the same working days.
 */
export function rememberingDueOf(calendar: WorkingCalendar, limitPerRule = 5_000): DueOf {
  const remembered = new WeakMap<DeadlineRule, Map<number, ComputedDeadline>>();
  return (rule, from) => {
    let byInstant = remembered.get(rule);
    if (byInstant === undefined) {
      byInstant = new Map();
      remembered.set(rule, byInstant);
    }
    let due = byInstant.get(from.getTime());
    if (due === undefined) {
      due = computeRule(calendar, rule, from);
      if (byInstant.size >= limitPerRule) byInstant.clear();
      byInstant.set(from.getTime(), due);
    }
    return due;
  };
}

export function caseDeadlines(
  procedure: Procedure,
  trackStages: ReadonlySet<string>,
  dueOf: DueOf,
  state: RaisedCase,
  now: Date,
): DeadlineView[] {
  const views: DeadlineView[] = [];
  for (const rule of procedure.deadlines) {
    if (!trackStages.has(rule.stage)) continue;
    const anchor = state.milestones[rule.from];
    if (anchor === undefined) continue;
    if (rule.appliesWhen !== undefined && state.milestones[rule.appliesWhen] === undefined) continue;
    const due = dueOf(rule, anchorInstant(anchor));
    // A milestone recorded for an earlier occasion (the letter after a panel's first sitting) does not meet a later one (ADR 0034).
    const met = timesRecorded(state, rule.metBy) >= timesRecorded(state, rule.from) ? state.milestones[rule.metBy] : undefined;
    let status: DeadlineStatus;
    if (met !== undefined) {
      status = met.at.getTime() < due.dueInstant.getTime() ? 'met' : 'met-late';
    } else {
      // Leaving the stage ends the duty only if nothing later could still meet it.
      const closedAt = state.closed?.at;
      const ended = (laterStagesCanMeet(procedure, rule) ? undefined : leftStageAt(state, rule.stage)) ?? closedAt;
      const reference = ended ?? now;
      if (reference.getTime() < due.dueInstant.getTime()) status = ended === undefined ? 'open' : 'not-needed';
      else status = rule.binds === 'authority' ? 'missed' : 'lapsed';
    }
    views.push({
      rule,
      ownerTitle: roleTitle(procedure, rule.owner, state.localArea),
      due,
      status,
      ...(met === undefined ? {} : { metAt: met.at }),
    });
  }
  return views.sort((a, b) => a.due.dueInstant.getTime() - b.due.dueInstant.getTime());
}
