/**
 * The case engine for one procedure: decide(state, command) -> events, plus the questions a user
 * asks of a case (what may I do now, what is due, which letters, is this panel valid).
 *
 * It knows nothing of any particular partnership: everything specific comes from the procedure.
 */
import {
  DEFAULT_DEEMED_RECEIPT,
  deemedReceiptDate,
  londonDateOf,
  toDayNumber,
  type DeemedReceiptRules,
  type IsoDate,
  type WorkingCalendar,
} from '../calendar/index.js';
import type {
  ActionDefinition,
  LetterContent,
  LetterDefinition,
  OutcomeRule,
  Procedure,
  ProductRole,
  Transition,
} from '../procedures/schema.js';
import { anchorInstant, caseDeadlines, rememberingDueOf, roleTitle, type DeadlineView } from './deadlines.js';
import { evolve, fold } from './evolve.js';
import type {
  ActionDetails,
  Actor,
  ActorRef,
  CaseEvent,
  CaseState,
  Command,
  Decision,
  OpenCase,
  PanelMember,
  Refusal,
} from './model.js';
import { validatePanel, type PanelProblem } from './panelComposition.js';

export interface EngineOptions {
  readonly deemedReceipt?: DeemedReceiptRules;
}

export interface AvailableAction {
  readonly action: ActionDefinition;
  readonly allowed: boolean;
  readonly reason?: string;
  readonly clause: string;
}

export interface LetterDue {
  readonly letter: LetterDefinition;
  readonly action: ActionDefinition;
  readonly from: string;
  readonly to: readonly string[];
  readonly copies: readonly { readonly to: string; readonly title: string; readonly clause: string }[];
  readonly deadline?: DeadlineView;
}

const GROUP_ROLES: Readonly<Record<string, ProductRole>> = {
  complainant: 'complainant',
  professional: 'professional',
  'dissenting-professional': 'professional',
};

const refuse = (refusal: Refusal): Decision => ({ ok: false, refusal });

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

export type CaseEngine = ReturnType<typeof createEngine>;

export function createEngine(procedure: Procedure, calendar: WorkingCalendar, options: EngineOptions = {}) {
  const dueOf = rememberingDueOf(calendar);
  const receiptRules = options.deemedReceipt ?? DEFAULT_DEEMED_RECEIPT;
  const trackStages = new Map(procedure.tracks.map((t) => [t.id, stagesOfTrack(procedure, t.startStage)]));
  const actionsById = new Map(procedure.actions.map((a) => [a.id, a]));
  const lettersById = new Map(procedure.letters.map((l) => [l.id, l]));
  const stageName = (id: string) => procedure.stages.find((s) => s.id === id)?.name ?? id;

  const stagesFor = (state: OpenCase): ReadonlySet<string> => trackStages.get(state.track) ?? new Set<string>();
  const milestoneOf = (action: ActionDefinition) => action.records ?? action.id;

  /** Procedure roles an actor fills in this case, allowing for complaints about the chair. */
  function rolesPermitted(state: OpenCase, roleIds: readonly string[]): readonly string[] {
    const routing = procedure.chairComplaintRouting;
    if (routing === undefined || !state.flags.includes('about-the-chair')) return roleIds;
    return roleIds.map((r) => (r === routing.replaces ? routing.with : r));
  }

  function permission(state: OpenCase, roleIds: readonly string[], actor: Actor, stage: string): string | undefined {
    const permitted = rolesPermitted(state, roleIds);
    const filled = procedure.roles.filter((r) => permitted.includes(r.id) && r.productRole === actor.role);
    const asGroup = permitted.some((r) => GROUP_ROLES[r] === actor.role);
    if (filled.length === 0 && !asGroup) {
      return `Only ${permitted.map((r) => roleTitle(procedure, r, state.localArea)).join(' or ')} may do this`;
    }
    if (asGroup) return undefined;
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
    if (eligible.length === 0) {
      const role = filled[0];
      if (role?.mustBe?.includes('chaired-the-conference') === true && actor.id !== state.conference.chairId) {
        return `Only the chair of the conference being challenged may do this as ${roleTitle(procedure, role.id, state.localArea)}`;
      }
      const title = role === undefined ? 'This role' : roleTitle(procedure, role.id, state.localArea);
      return `${title} must be someone who was not involved at an earlier stage`;
    }
    return undefined;
  }

  function pendingGate(state: OpenCase): Refusal | undefined {
    const late = state.lateArrivals.find((l) => l.decision === undefined);
    if (late !== undefined) {
      return {
        code: 'awaiting-decision',
        message: 'First decide whether to accept what arrived after the time limit, and record why',
        clause: late.clause,
      };
    }
    const limitation = state.pendingLimitations[0];
    if (limitation !== undefined) {
      return {
        code: 'awaiting-decision',
        message:
          limitation.flag === 'legal-proceedings'
            ? 'First decide whether legal proceedings prevent this challenge being considered'
            : 'First decide whether the limitation on this challenge applies',
        clause: limitation.clause,
      };
    }
    return undefined;
  }

  /** Why an action is not available now (without looking at its details), or undefined. */
  function actionRefusal(state: CaseState, action: ActionDefinition, actor: Actor): Refusal | undefined {
    if (state.status === 'not-raised') return { code: 'not-raised', message: 'No challenge has been raised yet' };
    if (state.status === 'closed') return { code: 'closed', message: 'The challenge is closed' };
    const gate = pendingGate(state);
    if (gate) return gate;
    if (action.stage !== state.stage) {
      return {
        code: 'not-available',
        message: `This belongs to ${stageName(action.stage)}; the challenge is at ${stageName(state.stage)}`,
        clause: action.clause,
      };
    }
    if (action.when !== undefined && !state.flags.includes(action.when)) {
      return { code: 'not-available', message: 'This does not apply to this challenge', clause: action.clause };
    }
    if (action.repeatable !== true && (state.actionCounts[action.id] ?? 0) > 0) {
      return { code: 'not-available', message: 'This has already been done', clause: action.clause };
    }
    const missing = (action.requires ?? []).filter((m) => state.milestones[m] === undefined);
    if (missing.length > 0) {
      const names = missing.map((m) => actionsById.get(m)?.label ?? procedure.actions.find((a) => milestoneOf(a) === m)?.label ?? m);
      return {
        code: 'not-available',
        message: `This needs first: ${names.join('; ')}`,
        clause: action.clause,
      };
    }
    const blocked = (action.unless ?? []).find((m) => state.milestones[m] !== undefined);
    if (blocked !== undefined) {
      return { code: 'not-available', message: 'This is no longer available at this point', clause: action.clause };
    }
    const denied = permission(state, action.by, actor, action.stage);
    if (denied !== undefined) return { code: 'not-permitted', message: denied, clause: action.clause };
    return undefined;
  }

  function transitionEvents(t: Transition | undefined, at: Date, by: ActorRef, clause: string): CaseEvent[] {
    if (t === undefined) return [];
    if ('stage' in t) return [{ type: 'StageEntered', at, by, stage: t.stage }];
    return [{ type: 'ChallengeClosed', at, by, outcome: t.close, summary: t.summary, clause }];
  }

  /** Late arrivals the new state reveals (a challenge or request after a limit with discretion). */
  function lateArrivalEvents(state: CaseState, at: Date, by: ActorRef): CaseEvent[] {
    if (state.status === 'not-raised') return [];
    const events: CaseEvent[] = [];
    for (const rule of procedure.deadlines) {
      if (rule.lateAcceptance === undefined || !stagesFor(state).has(rule.stage)) continue;
      if (state.lateArrivals.some((l) => l.deadline === rule.id)) continue;
      const anchor = state.milestones[rule.from];
      const met = state.milestones[rule.metBy];
      if (anchor === undefined || met === undefined) continue;
      const due = dueOf(rule, anchorInstant(anchor));
      if (met.at.getTime() >= due.dueInstant.getTime()) {
        events.push({ type: 'ArrivedAfterTimeLimit', at, by, deadline: rule.id, due: due.dueDate, clause: rule.lateAcceptance.clause });
      }
    }
    return events;
  }

  function withLateChecks(state: CaseState, events: CaseEvent[], at: Date, by: ActorRef): Decision {
    const after = fold(events, state);
    if (after.status === 'closed') return { ok: true, events };
    return { ok: true, events: [...events, ...lateArrivalEvents(after, at, by)] };
  }

  function decideRaise(state: CaseState, command: Extract<Command, { type: 'RaiseChallenge' }>): Decision {
    if (state.status !== 'not-raised') return refuse({ code: 'already-raised', message: 'This challenge has already been raised' });
    if (command.subject === 'agency') {
      const redirect = procedure.redirections.find((r) => r.subject === 'agency');
      return refuse({
        code: 'redirected',
        message: `A complaint about an agency's own service goes to ${redirect?.to ?? "that agency's complaints process"}`,
        ...(redirect ? { clause: redirect.clause } : {}),
      });
    }
    const track = procedure.tracks.find((t) => t.id === command.track);
    if (track === undefined) {
      return refuse({ code: 'not-eligible', message: `This procedure has no ${command.track} process` });
    }
    const problems: { message: string; clause?: string }[] = [];
    if (!track.raisedBy.includes(command.complainant.kind)) {
      problems.push({ message: `A ${command.complainant.kind} may not raise a challenge under this process`, clause: track.clause });
    }
    if (
      command.complainant.kind === 'child' &&
      track.childNeedsSufficientUnderstanding !== undefined &&
      command.complainant.sufficientUnderstanding !== true
    ) {
      problems.push({
        message: 'A child may challenge only where judged to have sufficient understanding',
        clause: track.childNeedsSufficientUnderstanding.clause,
      });
    }
    if (command.aspects.length === 0) problems.push({ message: 'Say what the challenge is about', clause: track.clause });
    for (const aspect of command.aspects) {
      if (!track.aspects.some((a) => a.aspect === aspect)) {
        problems.push({ message: `This process does not cover challenges about the ${aspect}`, clause: track.clause });
      }
    }
    if (!track.conferenceTypes.includes(command.conference.type)) {
      problems.push({ message: `This process does not cover ${command.conference.type} conferences`, clause: track.clause });
    }
    const areas = procedure.localAreas ?? [];
    if (areas.length > 0 && !areas.some((a) => a.id === command.localArea)) {
      problems.push({
        message: `Say which local area the case is in: ${areas.map((a) => a.name).join(' or ')}`,
        clause: areas[0]?.clause ?? track.clause,
      });
    }
    if (command.advocate !== undefined && procedure.advocates?.consentRequired === true && command.advocate.consentRecordedAt === undefined) {
      problems.push({
        message: "Record the complainant's consent to the advocate's inclusion and information sharing",
        clause: procedure.advocates.clause,
      });
    }
    if (command.receivedAt.getTime() > command.now.getTime()) problems.push({ message: 'The date received cannot be in the future' });
    if (command.receivedAt.getTime() < command.conference.heldAt.getTime()) {
      problems.push({ message: 'The challenge cannot be received before the conference was held' });
    }
    if (problems.length > 0) {
      const first = problems[0];
      return refuse({
        code: 'not-eligible',
        message: first?.message ?? 'Not eligible',
        ...(first?.clause === undefined ? {} : { clause: first.clause }),
        problems,
      });
    }
    const by: ActorRef = { id: command.actor.id, role: command.actor.role };
    const flags = [...new Set(command.flags ?? [])];
    if (command.complainant.kind === 'child' && !flags.includes('child-complainant')) flags.push('child-complainant');
    const events: CaseEvent[] = [
      {
        type: 'ChallengeRaised',
        at: command.now,
        by,
        caseId: command.caseId,
        procedureId: procedure.id,
        procedureVersion: procedure.version,
        track: track.id,
        stage: track.startStage,
        conference: command.conference,
        complainant: command.complainant,
        aspects: command.aspects,
        receivedAt: command.receivedAt,
        flags,
        ...(command.localArea === undefined ? {} : { localArea: command.localArea }),
        ...(command.advocate === undefined ? {} : { advocate: command.advocate }),
        caseLineManagers: command.caseLineManagers ?? [],
        raisedMilestone: track.raisedMilestone,
        ...(command.summary === undefined ? {} : { summary: command.summary }),
      },
    ];
    for (const limitation of procedure.limitations) {
      if (flags.includes(limitation.flag)) {
        events.push({ type: 'LimitationApplies', at: command.now, by, flag: limitation.flag, clause: limitation.clause });
      }
    }
    return withLateChecks(state, events, command.now, by);
  }

  function letterProblems(
    state: OpenCase,
    action: ActionDefinition,
    letter: LetterDefinition,
    details: Extract<ActionDetails, { kind: 'letter' }>,
    occurredAt: Date,
  ): { message: string; clause: string }[] {
    const problems: { message: string; clause: string }[] = [];
    const late = procedure.deadlines.some((rule) => {
      if (rule.metBy !== milestoneOf(action)) return false;
      const anchor = state.milestones[rule.from];
      return anchor !== undefined && occurredAt.getTime() >= dueOf(rule, anchorInstant(anchor)).dueInstant.getTime();
    });
    const furtherPanel = state.decisions.some((d) => d.furtherPanelDate !== undefined);
    for (const required of letter.requiredContent) {
      if (required.item === 'right-to-escalate') continue; // stated by the engine from the deadline
      if (required.item === 'delay-explanation' && !late) continue;
      if (required.item === 'further-panel-date' && !furtherPanel) continue;
      const value = details.content[required.item];
      if (value === undefined || value.trim() === '') {
        problems.push({ message: `The letter must include ${contentName(required.item)}`, clause: required.clause });
      }
    }
    for (const copy of letter.copies) {
      if (copy.when !== undefined && !state.flags.includes(copy.when)) continue;
      if (!details.copiedTo.includes(copy.to)) {
        problems.push({
          message: `The letter must be copied to ${roleTitle(procedure, copy.to, state.localArea)}`,
          clause: copy.clause,
        });
      }
    }
    return problems;
  }

  function decisionProblems(
    rule: OutcomeRule,
    details: Extract<ActionDetails, { kind: 'decision' }>,
    state: OpenCase,
    occurredAt: Date,
  ): { message: string; clause: string }[] {
    const problems: { message: string; clause: string }[] = [];
    const chosen = details.options.map((o) => rule.options.find((x) => x.id === o));
    if (details.options.length === 0) problems.push({ message: 'Choose an outcome', clause: rule.clause });
    details.options.forEach((option, index) => {
      if (chosen[index] === undefined) problems.push({ message: `"${option}" is not an outcome this procedure allows`, clause: rule.clause });
    });
    if (!rule.multiple && details.options.length > 1) problems.push({ message: 'Choose only one outcome', clause: rule.clause });
    if (new Set(details.options).size !== details.options.length) problems.push({ message: 'An outcome is chosen twice', clause: rule.clause });
    const isPrimary = (o: OutcomeRule['options'][number] | undefined) => o !== undefined && (o.then !== undefined || o.exclusive === true);
    if (chosen.filter(isPrimary).length > 1) {
      problems.push({
        message: `Choose only one of: ${rule.options.filter(isPrimary).map((o) => o.label).join('; ')}`,
        clause: rule.clause,
      });
    }
    const { proceduresFollowed, decisionReasonable } = details.findings;
    if (rule.findings.includes('procedures-followed') && proceduresFollowed === undefined) {
      problems.push({ message: 'State whether the procedures were followed', clause: rule.clause });
    }
    if (rule.findings.includes('decision-reasonable') && decisionReasonable === undefined) {
      problems.push({ message: 'State whether the decision was reasonable', clause: rule.clause });
    }
    for (const obligation of rule.obligations) {
      const applies =
        (obligation.when === 'procedures-not-followed' && proceduresFollowed === false) ||
        (obligation.when === 'decision-unreasonable' && decisionReasonable === false) ||
        (obligation.when === 'followed-and-reasonable' && proceduresFollowed === true && decisionReasonable === true);
      if (applies && !details.options.includes(obligation.mustChoose)) {
        const label = rule.options.find((o) => o.id === obligation.mustChoose)?.label ?? obligation.mustChoose;
        problems.push({ message: `Given these findings the outcome must include: ${label}`, clause: obligation.clause });
      }
    }
    for (const option of chosen) {
      if (option?.needsFurtherPanelDate !== true) continue;
      if (details.furtherPanelDate === undefined) {
        problems.push({ message: 'Set the date of the further panel and the timescale for completing the task', clause: option.clause });
      } else if (toDayNumber(details.furtherPanelDate) <= toDayNumber(londonDateOf(occurredAt))) {
        problems.push({ message: 'The further panel must be on a later date', clause: option.clause });
      }
    }
    if (details.reasons.trim() === '') problems.push({ message: 'Give the reasons for the decision', clause: rule.clause });
    const panel = procedure.panels.find((p) => p.id === rule.panel);
    if (panel?.decisionBy.rule === 'majority') {
      const votes = details.votes;
      const sitting = state.panels[state.panels.length - 1]?.members.filter((m) => m.role !== 'co-opted-adviser').length ?? 0;
      if (votes === undefined) {
        problems.push({ message: 'Record the votes: the panel decides by majority', clause: panel.decisionBy.clause });
      } else if (votes.for <= votes.against) {
        problems.push({ message: 'A majority of the panel must support the decision', clause: panel.decisionBy.clause });
      } else if (sitting > 0 && votes.for + votes.against > sitting) {
        problems.push({ message: `More votes than the ${sitting} members sitting`, clause: panel.decisionBy.clause });
      }
    }
    return problems;
  }

  function decideAction(state: CaseState, command: Extract<Command, { type: 'PerformAction' }>): Decision {
    const action = actionsById.get(command.action);
    if (action === undefined) return refuse({ code: 'invalid', message: `This procedure has no action "${command.action}"` });
    const refusal = actionRefusal(state, action, command.actor);
    if (refusal) return refuse(refusal);
    const open = state as OpenCase;
    const occurredAt = command.occurredAt ?? command.now;
    if (occurredAt.getTime() > command.now.getTime()) return refuse({ code: 'invalid', message: 'This cannot be recorded as happening in the future' });
    if (occurredAt.getTime() < open.conference.heldAt.getTime()) {
      return refuse({ code: 'invalid', message: 'This cannot have happened before the conference' });
    }
    const details = command.details;
    if (details.kind !== action.kind) {
      return refuse({ code: 'invalid', message: `"${action.label}" needs ${action.kind} details, not ${details.kind}` });
    }
    const by: ActorRef = { id: command.actor.id, role: command.actor.role };
    const recorded = milestoneOf(action);
    const milestones = [recorded];
    let next: Transition | undefined = action.then;
    let transitionClause = action.clause;
    let escalateBy: IsoDate | undefined;
    let deemedReceivedOn: IsoDate | undefined;
    const invalid = (problems: readonly { message: string; clause?: string }[], code: Refusal['code'] = 'invalid'): Decision => {
      const first = problems[0];
      return refuse({
        code,
        message: first?.message ?? 'Invalid',
        ...(first?.clause === undefined ? {} : { clause: first.clause }),
        problems,
      });
    };

    switch (details.kind) {
      case 'record':
      case 'request':
        break;
      case 'meeting': {
        const meeting = action.meeting;
        const problems: { message: string; clause: string }[] = [];
        if (meeting?.minutedBy !== undefined) {
          if (details.minuteTaker === undefined) {
            problems.push({ message: 'Record who took the minutes of the meeting', clause: meeting.clause });
          } else if (!meeting.minutedBy.includes(details.minuteTaker.role)) {
            problems.push({
              message: `The minutes must be taken by ${meeting.minutedBy.map((r) => roleTitle(procedure, r, open.localArea)).join(' or ')}`,
              clause: meeting.clause,
            });
          }
        }
        if (meeting?.chairMustDiffer !== undefined && (details.chairId === undefined || details.chairId === open.conference.chairId)) {
          problems.push({ message: 'The reconvened conference must have a different chair', clause: meeting.chairMustDiffer });
        }
        if (meeting?.briefingRequired !== undefined && details.briefed !== true) {
          problems.push({
            message: "Confirm that those present have seen, or were briefed on, the panel's decision",
            clause: meeting.briefingRequired,
          });
        }
        if (problems.length > 0) return invalid(problems);
        break;
      }
      case 'letter': {
        const letter = action.letter === undefined ? undefined : lettersById.get(action.letter);
        if (letter === undefined) return refuse({ code: 'invalid', message: 'This action has no letter' });
        const problems = letterProblems(open, action, letter, details, occurredAt);
        if (problems.length > 0) return invalid(problems);
        const receipt = deemedReceiptDate(calendar, londonDateOf(occurredAt), details.method, receiptRules);
        deemedReceivedOn = receipt.date;
        const escalation = procedure.deadlines.find((d) => d.id === letter.escalationDeadline);
        if (escalation !== undefined) {
          escalateBy = dueOf(escalation, anchorInstant({ at: occurredAt, by, date: receipt.date })).dueDate;
        }
        break;
      }
      case 'panel': {
        const rule = procedure.panels.find((p) => p.id === action.panel);
        if (rule === undefined) return refuse({ code: 'invalid', message: 'This action has no panel rule' });
        const before = action.samePanelAsBefore === true ? open.panels[open.panels.length - 1]?.members : undefined;
        const problems = validatePanel(rule, details.members, open, before === undefined ? {} : { samePanelAs: { members: before, clause: action.clause } });
        if (problems.length > 0) return invalid(problems, 'panel-invalid');
        break;
      }
      case 'decision': {
        const rule = procedure.outcomes.find((o) => o.id === action.outcome);
        if (rule === undefined) return refuse({ code: 'invalid', message: 'This action has no outcome rule' });
        const problems = decisionProblems(rule, details, open, occurredAt);
        if (problems.length > 0) return invalid(problems);
        const chosen = rule.options.filter((o) => details.options.includes(o.id));
        for (const option of chosen) milestones.push(`outcome:${option.id}`);
        const toStage = chosen.find((o) => o.then !== undefined && 'stage' in o.then);
        const toClose = chosen.find((o) => o.then !== undefined);
        const chosenOption = toStage ?? toClose;
        next = chosenOption?.then ?? rule.default ?? next;
        transitionClause = chosenOption?.clause ?? rule.clause;
        break;
      }
      case 'choice': {
        const option = (action.choice ?? []).find((c) => c.id === details.option);
        if (option === undefined) {
          return invalid([{ message: `Choose one of: ${(action.choice ?? []).map((c) => c.label).join('; ')}`, clause: action.clause }]);
        }
        if (details.reason.trim() === '') return invalid([{ message: 'Record the reason for this choice', clause: option.clause }]);
        milestones.push(option.records ?? `${recorded}:${option.id}`);
        next = option.then ?? next;
        transitionClause = option.clause;
        break;
      }
    }
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
        milestones,
        details,
        ...(escalateBy === undefined ? {} : { escalateBy }),
        ...(deemedReceivedOn === undefined ? {} : { deemedReceivedOn }),
      },
      ...transitionEvents(next, command.now, by, transitionClause),
    ];
    return withLateChecks(state, events, command.now, by);
  }

  function decide(state: CaseState, command: Command): Decision {
    const by: ActorRef = { id: command.actor.id, role: command.actor.role };
    switch (command.type) {
      case 'RaiseChallenge':
        return decideRaise(state, command);
      case 'PerformAction':
        return decideAction(state, command);
      case 'RecordConferenceMinutesSent': {
        if (state.status !== 'open') return refuse({ code: state.status === 'closed' ? 'closed' : 'not-raised', message: 'The challenge is not open' });
        if (command.sentAt.getTime() > command.now.getTime()) return refuse({ code: 'invalid', message: 'The minutes cannot be sent in the future' });
        if (command.sentAt.getTime() < state.conference.heldAt.getTime()) {
          return refuse({ code: 'invalid', message: 'The minutes cannot be sent before the conference' });
        }
        const receipt = deemedReceiptDate(calendar, londonDateOf(command.sentAt), command.method, receiptRules);
        return withLateChecks(
          state,
          [{ type: 'ConferenceMinutesSent', at: command.now, by, sentAt: command.sentAt, method: command.method, deemedReceivedOn: receipt.date }],
          command.now,
          by,
        );
      }
      case 'RecordReceipt': {
        if (state.status !== 'open') return refuse({ code: state.status === 'closed' ? 'closed' : 'not-raised', message: 'The challenge is not open' });
        if (!command.milestone.endsWith('.received') && command.milestone !== 'conference.minutes-received') {
          return refuse({ code: 'invalid', message: 'Only the receipt of a letter or of the minutes can be recorded' });
        }
        const sentName =
          command.milestone === 'conference.minutes-received'
            ? 'conference.minutes-sent'
            : command.milestone.slice(0, -'.received'.length);
        const sentMilestone = state.milestones[sentName];
        if (sentMilestone === undefined) return refuse({ code: 'invalid', message: 'Nothing has been sent that this receipt could be for' });
        const receivedDay = toDayNumber(command.receivedOn);
        if (receivedDay < toDayNumber(londonDateOf(sentMilestone.at))) return refuse({ code: 'invalid', message: 'It cannot be received before it was sent' });
        if (receivedDay > toDayNumber(londonDateOf(command.now))) return refuse({ code: 'invalid', message: 'The date received cannot be in the future' });
        return withLateChecks(state, [{ type: 'ReceiptRecorded', at: command.now, by, milestone: command.milestone, receivedOn: command.receivedOn }], command.now, by);
      }
      case 'DecideLateArrival': {
        if (state.status !== 'open') return refuse({ code: state.status === 'closed' ? 'closed' : 'not-raised', message: 'The challenge is not open' });
        const late = state.lateArrivals.find((l) => l.deadline === command.deadline && l.decision === undefined);
        const rule = procedure.deadlines.find((d) => d.id === command.deadline);
        if (late === undefined || rule?.lateAcceptance === undefined) return refuse({ code: 'invalid', message: 'Nothing is waiting for a decision on a late arrival' });
        const denied = permission(state, rule.lateAcceptance.by, command.actor, rule.stage);
        if (denied !== undefined) return refuse({ code: 'not-permitted', message: denied, clause: rule.lateAcceptance.clause });
        if (command.reason.trim() === '') {
          return refuse({ code: 'invalid', message: 'Record the exceptional circumstances behind the decision', clause: rule.lateAcceptance.clause });
        }
        const events: CaseEvent[] = [
          { type: 'LateArrivalDecided', at: command.now, by, deadline: command.deadline, accepted: command.accept, reason: command.reason, clause: rule.lateAcceptance.clause },
        ];
        if (!command.accept) {
          events.push({ type: 'ChallengeClosed', at: command.now, by, outcome: 'not-accepted', summary: 'Not accepted: it arrived after the time limit', clause: rule.lateAcceptance.clause });
        }
        return { ok: true, events };
      }
      case 'DecideLimitation': {
        if (state.status !== 'open') return refuse({ code: state.status === 'closed' ? 'closed' : 'not-raised', message: 'The challenge is not open' });
        const pending = state.pendingLimitations.find((p) => p.flag === command.flag);
        const limitation = procedure.limitations.find((l) => l.flag === command.flag);
        if (pending === undefined || limitation === undefined) return refuse({ code: 'invalid', message: 'No limitation is waiting for a decision' });
        const denied = permission(state, limitation.decidedBy, command.actor, state.stage);
        if (denied !== undefined) return refuse({ code: 'not-permitted', message: denied, clause: limitation.clause });
        if (command.reason.trim() === '') return refuse({ code: 'invalid', message: 'Record the reason for the decision', clause: limitation.clause });
        const events: CaseEvent[] = [
          { type: 'LimitationDecided', at: command.now, by, flag: command.flag, proceed: command.proceed, reason: command.reason, clause: limitation.clause },
        ];
        if (!command.proceed) {
          events.push({
            type: 'ChallengeClosed',
            at: command.now,
            by,
            outcome: 'not-accepted',
            summary:
              limitation.effect === 'cannot-address'
                ? 'Not considered: the matters are the subject of legal proceedings'
                : 'Not considered: considering it would prejudice concurrent proceedings',
            clause: limitation.clause,
          });
        }
        return { ok: true, events };
      }
      case 'WithdrawChallenge': {
        if (state.status !== 'open') return refuse({ code: state.status === 'closed' ? 'closed' : 'not-raised', message: 'The challenge is not open' });
        if (command.reason.trim() === '') return refuse({ code: 'invalid', message: 'Record why the challenge was withdrawn' });
        return { ok: true, events: [{ type: 'ChallengeClosed', at: command.now, by, outcome: 'withdrawn', summary: command.reason }] };
      }
    }
  }

  /** The actions in the current stage, each with whether this actor may take it now and why not. */
  function availableActions(state: CaseState, actor: Actor): AvailableAction[] {
    if (state.status !== 'open') return [];
    return procedure.actions
      .filter((a) => a.stage === state.stage)
      .map((action) => {
        const refusal = actionRefusal(state, action, actor);
        return refusal
          ? { action, allowed: false, reason: refusal.message, clause: refusal.clause ?? action.clause }
          : { action, allowed: true, clause: action.clause };
      });
  }

  function deadlines(state: CaseState, now: Date): DeadlineView[] {
    if (state.status === 'not-raised') return [];
    return caseDeadlines(procedure, stagesFor(state), dueOf, state, now);
  }

  function lettersDue(state: CaseState, now: Date): LetterDue[] {
    if (state.status !== 'open') return [];
    const views = deadlines(state, now);
    const due: LetterDue[] = [];
    for (const action of procedure.actions) {
      if (action.kind !== 'letter' || action.stage !== state.stage || action.letter === undefined) continue;
      if ((state.actionCounts[action.id] ?? 0) > 0 && action.repeatable !== true) continue;
      if ((action.requires ?? []).some((m) => state.milestones[m] === undefined)) continue;
      if ((action.unless ?? []).some((m) => state.milestones[m] !== undefined)) continue;
      const letter = lettersById.get(action.letter);
      if (letter === undefined) continue;
      const deadline = views.find((v) => v.rule.metBy === milestoneOf(action));
      due.push({
        letter,
        action,
        from: roleTitle(procedure, letter.from, state.localArea),
        to: letter.to.map((r) => roleTitle(procedure, r, state.localArea)),
        copies: letter.copies
          .filter((c) => c.when === undefined || state.flags.includes(c.when))
          .map((c) => ({ to: c.to, title: roleTitle(procedure, c.to, state.localArea), clause: c.clause })),
        ...(deadline === undefined ? {} : { deadline }),
      });
    }
    return due;
  }

  function checkPanel(state: CaseState, actionId: string, members: readonly PanelMember[]): PanelProblem[] {
    const action = actionsById.get(actionId);
    const rule = procedure.panels.find((p) => p.id === action?.panel);
    if (state.status === 'not-raised' || rule === undefined || action === undefined) {
      return [{ message: 'There is no panel to check here', clause: procedure.decisionStands.clause }];
    }
    const before = action.samePanelAsBefore === true ? state.panels[state.panels.length - 1]?.members : undefined;
    return validatePanel(rule, members, state, before === undefined ? {} : { samePanelAs: { members: before, clause: action.clause } });
  }

  /** What the outcome so far obliges: the open deadlines and the required actions of the current stage. */
  function obligations(
    state: CaseState,
    now: Date,
  ): { action: string; label: string; clause: string; roles: readonly ProductRole[]; due?: DeadlineView }[] {
    if (state.status !== 'open') return [];
    const views = deadlines(state, now).filter((d) => d.status === 'open' || d.status === 'missed');
    return procedure.actions
      .filter((a) => a.stage === state.stage && a.optional !== true && (state.actionCounts[a.id] ?? 0) === 0)
      .filter((a) => (a.unless ?? []).every((m) => state.milestones[m] === undefined))
      .filter((a) => a.when === undefined || state.flags.includes(a.when))
      // A follow-up to an outcome is owed only once that outcome has been chosen.
      .filter((a) => (a.requires ?? []).every((m) => !m.startsWith('outcome:') || state.milestones[m] !== undefined))
      .map((a) => {
        const due = views.find((v) => v.rule.metBy === milestoneOf(a));
        return { action: a.id, label: a.label, clause: a.clause, roles: productRolesOf(state, a.by), ...(due === undefined ? {} : { due }) };
      });
  }

  /** The product roles that may fill any of these procedure roles in this case. */
  function productRolesOf(state: OpenCase, roleIds: readonly string[]): ProductRole[] {
    const permitted = rolesPermitted(state, roleIds);
    const roles = new Set<ProductRole>();
    for (const id of permitted) {
      const group = GROUP_ROLES[id];
      if (group !== undefined) roles.add(group);
      const role = procedure.roles.find((r) => r.id === id);
      if (role !== undefined) roles.add(role.productRole);
    }
    return [...roles];
  }

  /** Runs a command against a state and returns the new state, or the refusal. */
  function execute(state: CaseState, command: Command): { ok: true; state: CaseState; events: readonly CaseEvent[] } | { ok: false; refusal: Refusal } {
    const decision = decide(state, command);
    if (!decision.ok) return decision;
    return { ok: true, state: decision.events.reduce(evolve, state), events: decision.events };
  }

  return { procedure, calendar, decide, evolve, fold, execute, availableActions, deadlines, lettersDue, checkPanel, obligations, stageName, trackStages };
}

function contentName(item: LetterContent): string {
  const names: Record<LetterContent, string> = {
    'meeting-notes': 'the notes of the meeting',
    'points-of-complaint': 'the points of complaint',
    'agreed-actions': 'the actions agreed',
    'outcome-of-meeting': 'the outcome of the meeting',
    'panel-membership': 'the membership of the panel',
    decision: 'the decision reached',
    reasons: 'how the decision was reached',
    'right-to-escalate': 'the right to take the challenge further and the date by which',
    'how-to-take-further': 'how to take the concerns further',
    'ombudsman-and-judicial-review': 'the Ombudsman and judicial review',
    'original-decision-not-expunged': 'that the original decision cannot be expunged',
    'delay-explanation': 'an explanation of the delay',
    'further-panel-date': 'the date of the further panel',
  };
  return names[item];
}
