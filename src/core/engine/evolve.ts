import { londonDateOf } from '../calendar/index.js';
import { occurredAtOf } from './facts.js';
import { INITIAL_STATE, type CaseEvent, type DeclarationRecord, type CaseState, type MilestoneRecord, type RaisedCase } from './model.js';

function withMilestone(state: RaisedCase, name: string, record: MilestoneRecord): RaisedCase {
  return { ...state, milestones: { ...state.milestones, [name]: record } };
}

function requireOpen(state: CaseState, event: CaseEvent): RaisedCase {
  if (state.status === 'not-raised') throw new Error(`event ${event.type} cannot come before ChallengeRaised`);
  return state;
}

/** Folds one event into the case state. Pure; events are trusted facts. */
export function evolve(state: CaseState, event: CaseEvent): CaseState {
  if (event.type === 'ChallengeRaised') {
    const raised: RaisedCase = {
      status: 'open',
      caseId: event.caseId,
      procedureId: event.procedureId,
      procedureVersion: event.procedureVersion,
      track: event.track,
      stage: event.stage,
      conference: event.conference,
      complainant: event.complainant,
      aspects: event.aspects,
      receivedAt: event.receivedAt,
      flags: event.flags,
      ...(event.localArea === undefined ? {} : { localArea: event.localArea }),
      ...(event.advocate === undefined ? {} : { advocate: event.advocate }),
      caseLineManagers: event.caseLineManagers,
      ...(event.caseWorkerIds === undefined ? {} : { caseWorkerIds: event.caseWorkerIds }),
      milestones: {
        'conference.held': { at: event.conference.heldAt, by: event.by },
        [event.raisedMilestone]: { at: event.receivedAt, by: event.by, date: londonDateOf(event.receivedAt) },
      },
      actionCounts: {},
      milestoneCounts: {},
      actorsByStage: { [event.stage]: [event.by.id] },
      stageHistory: [{ stage: event.stage, enteredAt: event.receivedAt }],
      lateArrivals: [],
      pendingLimitations: [],
      panels: [],
      declarations: [],
      decisions: [],
      letters: [],
      bookings: {},
      version: 1,
    };
    return raised;
  }
  const current = requireOpen(state, event);
  const next = evolveOpen(current, event);
  return { ...next, version: current.version + 1 };
}

function counted(counts: RaisedCase['milestoneCounts'], milestones: readonly string[]): RaisedCase['milestoneCounts'] {
  const next = { ...counts };
  for (const m of milestones) next[m] = (next[m] ?? 0) + 1;
  return next;
}

function addActor(state: RaisedCase, stage: string, actorId: string): RaisedCase['actorsByStage'] {
  const existing = state.actorsByStage[stage] ?? [];
  if (existing.includes(actorId)) return state.actorsByStage;
  return { ...state.actorsByStage, [stage]: [...existing, actorId] };
}

function evolveOpen(state: RaisedCase, event: Exclude<CaseEvent, { type: 'ChallengeRaised' }>): RaisedCase {
  switch (event.type) {
    case 'ArrivedAfterTimeLimit':
      return { ...state, lateArrivals: [...state.lateArrivals, { deadline: event.deadline, clause: event.clause }] };
    case 'LimitationApplies':
      return { ...state, pendingLimitations: [...state.pendingLimitations, { flag: event.flag, clause: event.clause }] };
    case 'ConferenceMinutesSent': {
      const sent = withMilestone(state, 'conference.minutes-sent', { at: event.sentAt, by: event.by });
      if (sent.milestones['conference.minutes-received']?.deemed === false) return sent;
      return withMilestone(sent, 'conference.minutes-received', {
        at: event.sentAt,
        by: event.by,
        date: event.deemedReceivedOn,
        deemed: true,
      });
    }
    case 'ReceiptRecorded':
      return withMilestone(state, event.milestone, {
        at: occurredAtOf(event),
        by: event.by,
        date: event.receivedOn,
        deemed: false,
      });
    case 'ActionPerformed': {
      let next: RaisedCase = {
        ...state,
        actionCounts: { ...state.actionCounts, [event.action]: (state.actionCounts[event.action] ?? 0) + 1 },
        milestoneCounts: counted(state.milestoneCounts, event.milestones),
        actorsByStage: addActor(state, event.stage, event.by.id),
      };
      for (const milestone of event.milestones) {
        next = withMilestone(next, milestone, { at: event.occurredAt, by: event.by });
      }
      const details = event.details;
      switch (details.kind) {
        case 'letter': {
          const letterMilestone = event.milestones[0] ?? event.action;
          next = {
            ...next,
            letters: [
              ...next.letters,
              {
                letter: letterMilestone,
                action: event.action,
                sentAt: event.occurredAt,
                method: details.method,
                copiedTo: details.copiedTo,
                content: details.content,
                ...(event.escalateBy === undefined ? {} : { escalateBy: event.escalateBy }),
              },
            ],
          };
          if (event.deemedReceivedOn !== undefined) {
            next = withMilestone(next, `${letterMilestone}.received`, {
              at: event.occurredAt,
              by: event.by,
              date: event.deemedReceivedOn,
              deemed: true,
            });
          }
          return next;
        }
        case 'panel':
          return { ...next, panels: [...next.panels, { action: event.action, members: details.members, at: event.occurredAt }] };
        case 'decision':
          return {
            ...next,
            decisions: [
              ...next.decisions,
              {
                action: event.action,
                options: details.options,
                findings: details.findings,
                reasons: details.reasons,
                at: event.occurredAt,
                ...(details.furtherPanelDate === undefined ? {} : { furtherPanelDate: details.furtherPanelDate }),
                ...(details.votes === undefined ? {} : { votes: details.votes }),
                learningPoints: details.learningPoints ?? [],
                recommendations: details.recommendations ?? [],
              },
            ],
          };
        case 'record':
        case 'meeting':
        case 'request':
        case 'choice':
          return next;
      }
      break;
    }
    case 'LateArrivalDecided':
      return {
        ...state,
        lateArrivals: state.lateArrivals.map((late) =>
          late.deadline === event.deadline ? { ...late, decision: { accepted: event.accepted, reason: event.reason } } : late,
        ),
      };
    case 'LimitationDecided':
      return { ...state, pendingLimitations: state.pendingLimitations.filter((p) => p.flag !== event.flag) };
    case 'StageEntered':
      return {
        ...state,
        stage: event.stage,
        stageHistory: [...state.stageHistory, { stage: event.stage, enteredAt: occurredAtOf(event) }],
      };
    case 'ActionBooked': {
      const earlier = state.bookings[event.action];
      const previous =
        earlier === undefined
          ? []
          : [
              ...earlier.previous,
              { bookedFor: earlier.bookedFor, bookedAt: earlier.bookedAt, by: earlier.by, movedBecause: event.reason ?? '' },
            ];
      return {
        ...state,
        bookings: {
          ...state.bookings,
          [event.action]: { action: event.action, bookedFor: event.bookedFor, bookedAt: event.occurredAt, by: event.by, previous },
        },
      };
    }
    case 'IndependenceDeclared': {
      const declaration: DeclarationRecord = {
        panel: event.panel,
        personId: event.personId,
        independent: event.independent,
        ...(event.reason === undefined ? {} : { reason: event.reason }),
        at: event.occurredAt,
        by: event.by,
      };
      const others = state.declarations.filter((d) => d.panel !== event.panel || d.personId !== event.personId);
      return { ...state, declarations: [...others, declaration] };
    }
    case 'CaseFactsChanged':
      return {
        ...state,
        ...(event.caseWorkerIds === undefined ? {} : { caseWorkerIds: event.caseWorkerIds }),
        ...(event.flags === undefined ? {} : { flags: event.flags }),
      };
    case 'ChallengeClosed':
      return { ...state, status: 'closed', closed: { outcome: event.outcome, summary: event.summary, at: occurredAtOf(event) } };
    // Corrections and voids change the history only on replay (history.ts); a plain fold counts them.
    case 'FactCorrected':
    case 'FactVoided':
      return state;
  }
}

export function fold(events: readonly CaseEvent[], initial: CaseState = INITIAL_STATE): CaseState {
  return events.reduce(evolve, initial);
}
