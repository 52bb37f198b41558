/**
 * A procedure's whole timetable for one conference, where every step happens on the last day it
 * is allowed. Where nothing in the document governs when something happens (when the minutes
 * arrive, say), the procedure's schedule assumption is used and reported, and the caller may fix
 * the date instead.
 */
import {
  DEFAULT_DEEMED_RECEIPT,
  computeDeadline,
  deemedReceiptDate,
  formatLimit,
  londonDateOf,
  startOfLondonDay,
  type ComputedDeadline,
  type DeemedReceiptRules,
  type DeliveryMethod,
  type IsoDate,
  type WorkingCalendar,
} from '../calendar/index.js';
import type { Procedure } from '../procedures/schema.js';
import { computeRule, roleTitle } from './deadlines.js';
import { milestoneLabel } from './words.js';

export interface ScheduleEntry {
  readonly id: string;
  readonly step: string;
  readonly track: string;
  readonly stage: string;
  readonly stageName: string;
  readonly who: string;
  readonly due: string;
  readonly dueDate: IsoDate;
  readonly rule: string;
  readonly clause: string;
  readonly binds: 'family' | 'professional' | 'authority';
  readonly explanation: string;
  readonly projected: boolean;
  /** Only if this has happened (for example a panel recommending a review conference). */
  readonly onlyIf?: string;
}

export interface ScheduleAssumptionUsed {
  readonly milestone: string;
  readonly description: string;
  readonly date: string;
  readonly why: string;
}

export interface Schedule {
  readonly procedureId: string;
  readonly conferenceAt: Date;
  readonly entries: readonly ScheduleEntry[];
  readonly assumptions: readonly ScheduleAssumptionUsed[];
  /** Milestones set by the caller. */
  readonly given: readonly { readonly milestone: string; readonly date: string }[];
}

export interface ScheduleOptions {
  readonly conferenceAt: Date;
  /** Milestones whose time the caller fixes (`--at EVENT=DATE`). */
  readonly at?: Readonly<Record<string, Date>>;
  /** How letters are assumed to be sent, for deemed receipt. */
  readonly letterMethod?: DeliveryMethod;
  readonly deemedReceipt?: DeemedReceiptRules;
}

interface Known {
  readonly at: Date;
  readonly date: IsoDate;
}

const NOON_HOURS = 12;

/** The instant a step is taken on its last permitted day: midday London, or the due instant for hours. */
function lastMoment(due: ComputedDeadline): Date {
  if (due.limit.unit === 'hours') return due.dueInstant;
  return new Date(startOfLondonDay(due.dueDate).getTime() + NOON_HOURS * 3_600_000);
}

/** Milestones the caller may set with `--at` (every milestone a deadline runs from or ends on). */
export function schedulableMilestones(procedure: Procedure): string[] {
  const names = new Set<string>();
  for (const d of procedure.deadlines) {
    names.add(d.from);
    names.add(d.metBy);
  }
  for (const a of procedure.scheduleAssumptions) names.add(a.milestone);
  return [...names].sort();
}

export function buildSchedule(procedure: Procedure, calendar: WorkingCalendar, options: ScheduleOptions): Schedule {
  const method = options.letterMethod ?? 'first-class-post';
  const receipt = options.deemedReceipt ?? DEFAULT_DEEMED_RECEIPT;
  const letterMilestones = new Set(procedure.actions.filter((a) => a.kind === 'letter').map((a) => a.records ?? a.id));
  const known = new Map<string, Known>();
  const given: { milestone: string; date: string }[] = [];
  const set = (milestone: string, at: Date, date: IsoDate = londonDateOf(at)) => {
    known.set(milestone, { at, date });
    if (letterMilestones.has(milestone) && !known.has(`${milestone}.received`)) {
      const received = deemedReceiptDate(calendar, date, method, receipt).date;
      known.set(`${milestone}.received`, { at: startOfLondonDay(received), date: received });
    }
  };
  const overrides = options.at ?? {};
  for (const [milestone, at] of Object.entries(overrides)) {
    known.set(milestone, { at, date: londonDateOf(at) });
    given.push({ milestone, date: londonDateOf(at) });
  }
  if (!known.has('conference.held')) set('conference.held', options.conferenceAt);

  const entries: ScheduleEntry[] = [];
  const assumptions: ScheduleAssumptionUsed[] = [];
  const done = new Set<string>();
  const trackOfStage = new Map<string, string>();
  for (const track of procedure.tracks) {
    // A stage reached by several tracks is listed under the first; stages are rarely shared.
    const queue = [track.startStage];
    while (queue.length > 0) {
      const stage = queue.pop();
      if (stage === undefined || trackOfStage.has(stage)) continue;
      trackOfStage.set(stage, track.id);
      for (const action of procedure.actions.filter((a) => a.stage === stage)) {
        const targets = [action.then, ...(action.choice ?? []).map((c) => c.then)];
        const rule = procedure.outcomes.find((o) => o.id === action.outcome);
        if (rule) targets.push(...rule.options.map((o) => o.then), rule.default);
        for (const t of targets) if (t && 'stage' in t) queue.push(t.stage);
      }
    }
  }

  let progressed = true;
  while (progressed) {
    progressed = false;
    for (const rule of procedure.deadlines) {
      if (done.has(rule.id)) continue;
      const from = known.get(rule.from);
      if (from === undefined) continue;
      const anchor = rule.from.endsWith('.received') || rule.from === 'conference.minutes-received' ? startOfLondonDay(from.date) : from.at;
      const due = computeRule(calendar, rule, anchor);
      done.add(rule.id);
      progressed = true;
      const onlyIf = rule.appliesWhen === undefined ? undefined : describeMilestone(procedure, rule.appliesWhen);
      entries.push({
        id: rule.id,
        step: rule.label,
        track: trackOfStage.get(rule.stage) ?? procedure.tracks[0]?.id ?? 'family',
        stage: rule.stage,
        stageName: procedure.stages.find((s) => s.id === rule.stage)?.name ?? rule.stage,
        who: roleTitle(procedure, rule.owner),
        due: due.display,
        dueDate: due.dueDate,
        rule: `${formatLimit(rule.limit)} after ${rule.fromDescription}`,
        clause: rule.clause,
        binds: rule.binds,
        explanation: due.explanation,
        projected: due.projected,
        ...(onlyIf === undefined ? {} : { onlyIf }),
      });
      if (!known.has(rule.metBy)) set(rule.metBy, lastMoment(due), due.dueDate);
    }
    for (const assumption of procedure.scheduleAssumptions) {
      if (known.has(assumption.milestone)) continue;
      const from = known.get(assumption.from);
      if (from === undefined) continue;
      const result = computeDeadline(calendar, {
        from: from.at,
        limit: assumption.limit,
        roll: 'none',
        fromDescription: assumption.description,
      });
      set(assumption.milestone, lastMoment(result), result.dueDate);
      assumptions.push({
        milestone: assumption.milestone,
        description: assumption.description,
        date: result.display,
        why: assumption.why,
      });
      progressed = true;
    }
  }
  entries.sort((a, b) => (a.dueDate === b.dueDate ? a.due.localeCompare(b.due) : a.dueDate.localeCompare(b.dueDate)));
  return { procedureId: procedure.id, conferenceAt: options.conferenceAt, entries, assumptions, given };
}

function describeMilestone(procedure: Procedure, milestone: string): string {
  if (milestone.startsWith('outcome:')) {
    const optionId = milestone.slice('outcome:'.length);
    for (const rule of procedure.outcomes) {
      const option = rule.options.find((o) => o.id === optionId);
      if (option) return `the outcome is: ${option.label}`;
    }
  }
  const action = procedure.actions.find((a) => (a.records ?? a.id) === milestone);
  return action ? `after: ${action.label}` : milestoneLabel(procedure, milestone);
}
