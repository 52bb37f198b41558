/**
 * Facts and consequences (ADR 0015). A fact is what someone recorded: that a challenge was
 * received, an action taken, minutes sent, a receipt, a decision, a withdrawal, a correction or a
 * void. A consequence is what the procedure makes of facts (entering a stage, closing, arriving
 * late, a limitation applying); the engine derives consequences again whenever it replays facts,
 * so only facts are stored.
 */
import { startOfLondonDay } from '../calendar/index.js';
import type { CaseEvent } from './model.js';

export type FactEvent = Extract<
  CaseEvent,
  {
    type:
      | 'ChallengeRaised'
      | 'ActionPerformed'
      | 'ConferenceMinutesSent'
      | 'ReceiptRecorded'
      | 'LateArrivalDecided'
      | 'LimitationDecided'
      | 'ChallengeClosed'
      | 'FactCorrected'
      | 'FactVoided'
      | 'ActionBooked'
      | 'CaseFactsChanged'
      | 'IndependenceDeclared';
  }
>;

/** Whether an event is a fact; a close is a fact only when the complainant withdrew. */
export function isFact(event: CaseEvent): event is FactEvent {
  switch (event.type) {
    case 'ChallengeRaised':
    case 'ActionPerformed':
    case 'ConferenceMinutesSent':
    case 'ReceiptRecorded':
    case 'LateArrivalDecided':
    case 'LimitationDecided':
    case 'FactCorrected':
    case 'FactVoided':
    case 'ActionBooked':
    case 'CaseFactsChanged':
    case 'IndependenceDeclared':
      return true;
    case 'ChallengeClosed':
      return event.withdrawn === true;
    case 'ArrivedAfterTimeLimit':
    case 'LimitationApplies':
    case 'StageEntered':
      return false;
  }
}

/**
 * When an event happened, as against when it was recorded (`at`). A receipt happened on its
 * London day; a consequence stored before ADR 0015 has no time of its own and falls back to `at`.
 */
export function occurredAtOf(event: CaseEvent): Date {
  switch (event.type) {
    case 'ChallengeRaised':
      return event.receivedAt;
    case 'ConferenceMinutesSent':
      return event.sentAt;
    case 'ReceiptRecorded':
      return startOfLondonDay(event.receivedOn);
    case 'ActionPerformed':
    case 'ActionBooked':
    case 'CaseFactsChanged':
    case 'IndependenceDeclared':
      return event.occurredAt;
    case 'FactCorrected':
    case 'FactVoided':
      return event.at;
    case 'ArrivedAfterTimeLimit':
    case 'LimitationApplies':
    case 'StageEntered':
    case 'ChallengeClosed':
    case 'LateArrivalDecided':
    case 'LimitationDecided':
      return event.occurredAt ?? event.at;
  }
}
