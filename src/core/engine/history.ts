/**
 * State by replay (ADR 0015). A stored stream holds facts; the state is what the procedure makes
 * of those facts taken in the order they happened, whatever the order they were recorded in. The
 * latest correction of a fact wins, a voided fact counts for nothing, and each fact is decided
 * again from the start so that every stage, deadline and late arrival follows from when things
 * happened. A fact that cannot be decided in that order is a refusal naming what it depends on.
 */
import { endOfLondonDay, formatLongDate, londonDateOf, type IsoDate } from '../calendar/index.js';
import type { ActionDefinition } from '../procedures/schema.js';
import { unmetConditions } from './availability.js';
import { milestoneOf, type EngineContext } from './context.js';
import { decide } from './decide.js';
import { evolve } from './evolve.js';
import { isFact, occurredAtOf, type FactEvent } from './facts.js';
import { INITIAL_STATE, type ActorRef, type CaseEvent, type CaseState, type Command, type FactChange, type Refusal } from './model.js';

/** A fact a correction or void may name: anything recorded but corrections and voids themselves. */
export type RecordedFact = Exclude<FactEvent, { type: 'FactCorrected' | 'FactVoided' }>;

export interface CorrectionRecord {
  readonly seq: number;
  readonly at: Date;
  readonly by: ActorRef;
  readonly reason: string;
  readonly change: FactChange;
}

export interface HistoryEntry {
  readonly seq: number;
  /** The fact as it now stands, every correction applied. */
  readonly fact: RecordedFact;
  /** The fact as first recorded. */
  readonly recorded: RecordedFact;
  readonly occurredAt: Date;
  readonly recordedAt: Date;
  readonly by: ActorRef;
  /** What the procedure made of it on replay (none for a voided fact). */
  readonly consequences: readonly CaseEvent[];
  readonly status: 'as-recorded' | 'corrected' | 'voided';
  readonly corrections: readonly CorrectionRecord[];
  readonly voided?: CorrectionRecord;
}

export type ReplayResult =
  | { readonly ok: true; readonly state: CaseState; readonly history: readonly HistoryEntry[] }
  | { readonly ok: false; readonly refusal: Refusal; readonly seq: number };

interface Effective {
  readonly seq: number;
  readonly fact: RecordedFact;
  readonly recorded: RecordedFact;
  readonly corrections: readonly CorrectionRecord[];
  readonly voided?: CorrectionRecord;
}

function isRecordedFact(event: CaseEvent): event is RecordedFact {
  return isFact(event) && event.type !== 'FactCorrected' && event.type !== 'FactVoided';
}

/** A fact with a correction's change applied: only the fields that fact has. */
export function applyChange(fact: RecordedFact, change: FactChange): RecordedFact {
  switch (fact.type) {
    case 'ChallengeRaised':
      return change.occurredAt === undefined ? fact : { ...fact, receivedAt: change.occurredAt };
    case 'ActionPerformed':
      return {
        ...fact,
        ...(change.occurredAt === undefined ? {} : { occurredAt: change.occurredAt }),
        ...(change.details === undefined ? {} : { details: change.details }),
      };
    case 'ConferenceMinutesSent':
      return {
        ...fact,
        ...(change.occurredAt === undefined ? {} : { sentAt: change.occurredAt }),
        ...(change.method === undefined ? {} : { method: change.method }),
      };
    case 'ReceiptRecorded':
      return change.receivedOn === undefined ? fact : { ...fact, receivedOn: change.receivedOn };
    case 'LateArrivalDecided':
    case 'LimitationDecided':
    case 'ChallengeClosed':
    case 'ActionBooked':
    case 'CaseFactsChanged':
    case 'IndependenceDeclared':
      return change.occurredAt === undefined ? fact : { ...fact, occurredAt: change.occurredAt };
  }
}

/** The facts of a stream with their seq, corrections applied and voids marked; consequences dropped. */
function effectiveFacts(events: readonly CaseEvent[]): Effective[] {
  const bySeq = new Map<
    number,
    { fact: RecordedFact; recorded: RecordedFact; corrections: CorrectionRecord[]; voided?: CorrectionRecord }
  >();
  events.forEach((event, index) => {
    const seq = index + 1;
    if (isRecordedFact(event)) {
      bySeq.set(seq, { fact: event, recorded: event, corrections: [] });
      return;
    }
    if (event.type !== 'FactCorrected' && event.type !== 'FactVoided') return;
    const target = bySeq.get(event.target);
    if (target === undefined) return;
    const record: CorrectionRecord = {
      seq,
      at: event.at,
      by: event.by,
      reason: event.reason,
      change: event.type === 'FactCorrected' ? event.change : {},
    };
    if (event.type === 'FactVoided') target.voided = record;
    else {
      target.fact = applyChange(target.fact, event.change);
      target.corrections.push(record);
    }
  });
  return [...bySeq.entries()].map(([seq, entry]) => ({ seq, ...entry }));
}

/**
 * When a fact sorts: when it happened, a receipt at the end of its London day (it is known only
 * by its day, and cannot come before a sending earlier that day).
 */
function sortInstant(fact: RecordedFact): number {
  return fact.type === 'ReceiptRecorded' ? endOfLondonDay(fact.receivedOn).getTime() : occurredAtOf(fact).getTime();
}

function inOrderOfHappening(facts: readonly Effective[]): Effective[] {
  return [...facts].sort((a, b) => {
    const aRaised = a.fact.type === 'ChallengeRaised' ? 0 : 1;
    const bRaised = b.fact.type === 'ChallengeRaised' ? 0 : 1;
    return aRaised - bRaised || sortInstant(a.fact) - sortInstant(b.fact) || a.seq - b.seq;
  });
}

/** The command that records a fact, decided at `now` (never before the fact happened). */
export function commandOf(fact: RecordedFact, now: Date): Command {
  const base = { actor: { id: fact.by.id, role: fact.by.role }, now };
  switch (fact.type) {
    case 'ChallengeRaised':
      return {
        ...base,
        type: 'RaiseChallenge',
        caseId: fact.caseId,
        track: fact.track,
        conference: fact.conference,
        complainant: fact.complainant,
        aspects: fact.aspects,
        receivedAt: fact.receivedAt,
        subject: 'conference',
        flags: fact.flags,
        caseLineManagers: fact.caseLineManagers,
        ...(fact.caseWorkerIds === undefined ? {} : { caseWorkerIds: fact.caseWorkerIds }),
        ...(fact.receivedBy === undefined ? {} : { receivedBy: fact.receivedBy }),
        ...(fact.localArea === undefined ? {} : { localArea: fact.localArea }),
        ...(fact.advocate === undefined ? {} : { advocate: fact.advocate }),
        ...(fact.summary === undefined ? {} : { summary: fact.summary }),
      };
    case 'ActionPerformed':
      return { ...base, type: 'PerformAction', action: fact.action, occurredAt: fact.occurredAt, details: fact.details, replaying: true };
    case 'ConferenceMinutesSent':
      return { ...base, type: 'RecordConferenceMinutesSent', sentAt: fact.sentAt, method: fact.method };
    case 'ReceiptRecorded':
      return { ...base, type: 'RecordReceipt', milestone: fact.milestone, receivedOn: fact.receivedOn };
    case 'LateArrivalDecided':
      return {
        ...base,
        type: 'DecideLateArrival',
        deadline: fact.deadline,
        accept: fact.accepted,
        reason: fact.reason,
        occurredAt: occurredAtOf(fact),
      };
    case 'LimitationDecided':
      return {
        ...base,
        type: 'DecideLimitation',
        flag: fact.flag,
        proceed: fact.proceed,
        reason: fact.reason,
        occurredAt: occurredAtOf(fact),
      };
    case 'ChallengeClosed':
      return { ...base, type: 'WithdrawChallenge', reason: fact.summary, occurredAt: occurredAtOf(fact) };
    case 'ActionBooked':
      return {
        ...base,
        type: 'BookAction',
        action: fact.action,
        bookedFor: fact.bookedFor,
        replaying: true,
        ...(fact.reason === undefined ? {} : { reason: fact.reason }),
      };
    case 'CaseFactsChanged':
      return {
        ...base,
        type: 'ChangeCaseFacts',
        reason: fact.reason,
        ...(fact.caseWorkerIds === undefined ? {} : { caseWorkerIds: fact.caseWorkerIds }),
        ...(fact.flags === undefined ? {} : { flags: fact.flags }),
      };
    case 'IndependenceDeclared':
      return {
        ...base,
        type: 'DeclareIndependence',
        personId: fact.personId,
        independent: fact.independent,
        occurredAt: fact.occurredAt,
        ...(fact.reason === undefined ? {} : { reason: fact.reason }),
      };
  }
}

/** What a fact is called in a refusal, in the procedure's words. */
export function factName(ctx: EngineContext, fact: RecordedFact): string {
  switch (fact.type) {
    case 'ChallengeRaised':
      return 'challenge';
    case 'ActionPerformed': {
      const label = ctx.actionsById.get(fact.action)?.label ?? fact.action;
      return `"${label}"`;
    }
    case 'ConferenceMinutesSent':
      return 'sending of the conference minutes';
    case 'ReceiptRecorded':
      return `receipt (${fact.milestone})`;
    case 'LateArrivalDecided':
      return 'decision on the late arrival';
    case 'LimitationDecided':
      return 'decision on the limitation';
    case 'ChallengeClosed':
      return 'withdrawal';
    case 'ActionBooked':
      return `booking of "${ctx.actionsById.get(fact.action)?.label ?? fact.action}"`;
    case 'CaseFactsChanged':
      return "change to the case's workers or flags";
    case 'IndependenceDeclared':
      return 'declaration of independence';
  }
}

function dayOf(fact: RecordedFact): IsoDate {
  return fact.type === 'ReceiptRecorded' ? fact.receivedOn : londonDateOf(occurredAtOf(fact));
}

/** The milestones a fact supplies, as stored: what later facts may need first. */
function suppliedMilestones(fact: RecordedFact): readonly string[] {
  switch (fact.type) {
    case 'ActionPerformed':
      return fact.details.kind === 'letter' ? [...fact.milestones, ...fact.milestones.map((m) => `${m}.received`)] : fact.milestones;
    case 'ConferenceMinutesSent':
      return ['conference.minutes-sent', 'conference.minutes-received'];
    case 'ChallengeRaised':
    case 'ReceiptRecorded':
    case 'LateArrivalDecided':
    case 'LimitationDecided':
    case 'ChallengeClosed':
    case 'ActionBooked':
    case 'CaseFactsChanged':
    case 'IndependenceDeclared':
      return [];
  }
}

/** The milestones a fact needed that the state it was replayed against lacks. */
function missingFor(ctx: EngineContext, state: CaseState, fact: RecordedFact): readonly string[] {
  if (state.status === 'not-raised') return [];
  if (fact.type === 'ReceiptRecorded') {
    const sent = fact.milestone === 'conference.minutes-received' ? 'conference.minutes-sent' : fact.milestone.replace(/\.received$/, '');
    return state.milestones[sent] === undefined ? [sent] : [];
  }
  if (fact.type !== 'ActionPerformed') return [];
  const action = ctx.actionsById.get(fact.action);
  if (action === undefined) return [];
  const missing = unmetConditions(state, action).flatMap((u) => (u.kind === 'needs-first' ? u.missing : []));
  // An action of a stage not yet reached needs whatever action moves the case into that stage.
  if (missing.length === 0 && state.stage !== action.stage && state.status === 'open') {
    const leadsThere = (t: ActionDefinition['then']) => t !== undefined && 'stage' in t && t.stage === action.stage;
    return ctx.procedure.actions.filter((a) => leadsThere(a.then) || (a.choice ?? []).some((c) => leadsThere(c.then))).map(milestoneOf);
  }
  return missing;
}

/**
 * A refusal met on replay, said as what it is: a fact put before one it follows (naming both, both
 * dates and the clause), or a fact that depends on one voided. Otherwise the engine's refusal.
 */
function orderRefusal(
  ctx: EngineContext,
  state: CaseState,
  failed: Effective,
  later: readonly Effective[],
  voided: readonly Effective[],
  refusal: Refusal,
): Refusal {
  const missing = missingFor(ctx, state, failed.fact);
  const supplies = (e: Effective) => suppliedMilestones(e.fact).some((m) => missing.includes(m));
  const clause = refusal.clause === undefined ? '' : ` (${refusal.clause})`;
  const name = factName(ctx, failed.fact);
  const after = later.find(supplies);
  if (after !== undefined) {
    return {
      code: 'invalid',
      message: `The ${name}, dated ${formatLongDate(dayOf(failed.fact))} (event ${String(failed.seq)}), cannot come before the ${factName(ctx, after.fact)} it follows, dated ${formatLongDate(dayOf(after.fact))} (event ${String(after.seq)})${clause}`,
      ...(refusal.clause === undefined ? {} : { clause: refusal.clause }),
    };
  }
  const gone = voided.find(supplies);
  if (gone !== undefined) {
    return {
      code: 'invalid',
      message: `The ${name} (event ${String(failed.seq)}) depends on the ${factName(ctx, gone.fact)} (event ${String(gone.seq)}), which would be void${clause}`,
      ...(refusal.clause === undefined ? {} : { clause: refusal.clause }),
    };
  }
  return { ...refusal, message: `The ${name} (event ${String(failed.seq)}) no longer fits the history: ${refusal.message}` };
}

/** The state and effective history of a stored stream, or why its facts cannot all have happened. */
export function replay(ctx: EngineContext, events: readonly CaseEvent[]): ReplayResult {
  const facts = effectiveFacts(events);
  const live = inOrderOfHappening(facts.filter((f) => f.voided === undefined));
  const voided = facts.filter((f) => f.voided !== undefined);
  let state: CaseState = INITIAL_STATE;
  const consequencesBySeq = new Map<number, readonly CaseEvent[]>();
  for (const [index, entry] of live.entries()) {
    const recordedAt = entry.recorded.at;
    const lastChange = entry.corrections[entry.corrections.length - 1]?.at ?? recordedAt;
    const now = new Date(Math.max(recordedAt.getTime(), lastChange.getTime()));
    const result = decide(ctx, state, commandOf(entry.fact, now));
    if (!result.ok)
      return { ok: false, seq: entry.seq, refusal: orderRefusal(ctx, state, entry, live.slice(index + 1), voided, result.refusal) };
    // Recorded when it was first recorded: a correction changes when it happened, not that.
    const decided = result.events.map((e) => ({ ...e, at: recordedAt }));
    state = decided.reduce(evolve, state);
    consequencesBySeq.set(entry.seq, decided.slice(1));
  }
  if (state.status !== 'not-raised') state = { ...state, version: events.length };
  const history = inOrderOfHappening(facts).map((entry): HistoryEntry => {
    const status = entry.voided !== undefined ? 'voided' : entry.corrections.length > 0 ? 'corrected' : 'as-recorded';
    return {
      seq: entry.seq,
      fact: entry.fact,
      recorded: entry.recorded,
      occurredAt: occurredAtOf(entry.fact),
      recordedAt: entry.recorded.at,
      by: entry.recorded.by,
      consequences: consequencesBySeq.get(entry.seq) ?? [],
      status,
      corrections: entry.corrections,
      ...(entry.voided === undefined ? {} : { voided: entry.voided }),
    };
  });
  return { ok: true, state, history };
}

/** What a replay of a stream reached: what replayAppended continues from. */
export interface Replayed {
  /** How many events the stream had. */
  readonly length: number;
  readonly state: CaseState;
  readonly history: readonly HistoryEntry[];
}

/**
 * The replay of a stream with `appended` added at its end, given the replay of the stream before
 * them (by the same context). When every appended event is a newly recorded fact that happened no
 * earlier than any fact before it, replay would take the earlier facts exactly as before and then
 * these last: so only these are decided, against the state it reached, each exactly as replay
 * decides it. Anything else (a correction, a void, a fact dated before another, a refusal) is
 * replayed from the start, which says what is wrong in the words replay uses.
 */
export function replayAppended(
  ctx: EngineContext,
  previous: Replayed,
  events: readonly CaseEvent[],
  appended: readonly CaseEvent[],
): ReplayResult {
  const whole = () => replay(ctx, [...events, ...appended]);
  if (previous.length !== events.length || previous.state.status === 'not-raised') return whole();
  let latest = -Infinity;
  for (const entry of previous.history) if (entry.fact.type !== 'ChallengeRaised') latest = Math.max(latest, sortInstant(entry.fact));
  let state: CaseState = previous.state;
  const added: HistoryEntry[] = [];
  for (const [index, event] of appended.entries()) {
    if (!isRecordedFact(event) || event.type === 'ChallengeRaised' || sortInstant(event) < latest) return whole();
    latest = sortInstant(event);
    // As replay decides a fact never corrected: at when it was recorded, consequences recorded then too.
    const result = decide(ctx, state, commandOf(event, event.at));
    if (!result.ok) return whole();
    const decided = result.events.map((e) => ({ ...e, at: event.at }));
    state = decided.reduce(evolve, state);
    added.push({
      seq: events.length + index + 1,
      fact: event,
      recorded: event,
      occurredAt: occurredAtOf(event),
      recordedAt: event.at,
      by: event.by,
      consequences: decided.slice(1),
      status: 'as-recorded',
      corrections: [],
    });
  }
  if (state.status !== 'not-raised') state = { ...state, version: events.length + appended.length };
  return { ok: true, state, history: [...previous.history, ...added] };
}

/** Why a correction or void may not name this seq, saying what to do instead; undefined if it may. */
export function targetRefusal(events: readonly CaseEvent[], target: number, kind: 'correct' | 'void'): Refusal | undefined {
  const refuse = (message: string): Refusal => ({ code: 'invalid', message });
  const event = events[target - 1];
  if (!Number.isInteger(target) || event === undefined) return refuse(`This case has no event ${String(target)}`);
  if (event.type === 'FactCorrected')
    return refuse(`Event ${String(target)} is a correction: correct event ${String(event.target)} instead`);
  if (event.type === 'FactVoided') return refuse(`Event ${String(target)} is a void, which stands: record the fact again instead`);
  if (!isRecordedFact(event)) {
    const cause = events
      .slice(0, target - 1)
      .map((e, i) => ({ e, seq: i + 1 }))
      .reverse()
      .find(({ e }) => isRecordedFact(e));
    return refuse(
      `Event ${String(target)} (${event.type}) follows from the facts and is not recorded by anyone: ${kind} event ${String(cause?.seq ?? 1)}, the fact it follows from, instead`,
    );
  }
  const voidedBy = events.findIndex((e) => e.type === 'FactVoided' && e.target === target);
  if (voidedBy >= 0) return refuse(`Event ${String(target)} was voided by event ${String(voidedBy + 1)}: record the fact again instead`);
  if (kind === 'void' && event.type === 'ChallengeRaised')
    return refuse('The challenge itself cannot be voided: withdraw it instead, or correct the date it was received');
  return undefined;
}

/** Why this change does not fit this fact (fields it does not have, details of another kind); undefined if it does. */
export function changeRefusal(fact: RecordedFact, change: FactChange): Refusal | undefined {
  const refuse = (message: string): Refusal => ({ code: 'invalid', message });
  const fields = ['occurredAt', 'details', 'receivedOn', 'method'] as const;
  const given = fields.filter((k) => change[k] !== undefined);
  if (given.length === 0) return refuse('Say what is corrected: occurredAt, details, receivedOn or method');
  const allowed: Record<RecordedFact['type'], readonly (keyof FactChange)[]> = {
    ChallengeRaised: ['occurredAt'],
    ActionPerformed: ['occurredAt', 'details'],
    ConferenceMinutesSent: ['occurredAt', 'method'],
    ReceiptRecorded: ['receivedOn'],
    LateArrivalDecided: ['occurredAt'],
    LimitationDecided: ['occurredAt'],
    ChallengeClosed: ['occurredAt'],
    // A booking is moved by booking again, with the reason; a change of facts by changing them again (ADR 0017).
    ActionBooked: [],
    CaseFactsChanged: [],
    // A declaration is made again, the later one standing, or voided if it was recorded by mistake (ADR 0026).
    IndependenceDeclared: [],
  };
  if (allowed[fact.type].length === 0)
    return refuse(
      fact.type === 'ActionBooked'
        ? 'A booking is not corrected: book it again with the reason, or void it if it was made by mistake'
        : fact.type === 'IndependenceDeclared'
          ? 'A declaration of independence is not corrected: declare again (the later one stands), or void it if it was recorded by mistake'
          : "A change to the case's workers or flags is not corrected: change them again with the reason, or void it if it was made by mistake",
    );
  const wrong = given.filter((k) => !allowed[fact.type].includes(k));
  if (wrong.length > 0)
    return refuse(`This event cannot have its ${wrong.join(', ')} corrected: it has only ${allowed[fact.type].join(', ')}`);
  if (fact.type === 'ActionPerformed' && change.details !== undefined && change.details.kind !== fact.details.kind)
    return refuse(`The details of this event are ${fact.details.kind} details, not ${change.details.kind}`);
  return undefined;
}

/** The recorded fact at a seq, if there is one. */
export function factAt(events: readonly CaseEvent[], seq: number): RecordedFact | undefined {
  const event = events[seq - 1];
  return event !== undefined && isRecordedFact(event) ? event : undefined;
}

/** One field a correction changed, from what to what (dates as ISO instants or days). */
export interface FieldChange {
  readonly field: keyof FactChange;
  readonly from: unknown;
  readonly to: unknown;
}

function fieldValue(fact: RecordedFact, field: keyof FactChange): unknown {
  switch (field) {
    case 'occurredAt':
      return occurredAtOf(fact).toISOString();
    case 'receivedOn':
      return fact.type === 'ReceiptRecorded' ? fact.receivedOn : undefined;
    case 'method':
      return fact.type === 'ConferenceMinutesSent' ? fact.method : undefined;
    case 'details':
      return fact.type === 'ActionPerformed' ? fact.details : undefined;
  }
}

/** What each correction of an entry changed, in the order they were made. */
export function changesOf(entry: HistoryEntry): readonly (readonly FieldChange[])[] {
  let before = entry.recorded;
  return entry.corrections.map((correction) => {
    const after = applyChange(before, correction.change);
    const fields = (['occurredAt', 'details', 'receivedOn', 'method'] as const).filter((f) => correction.change[f] !== undefined);
    const changes = fields.map((field) => ({ field, from: fieldValue(before, field), to: fieldValue(after, field) }));
    before = after;
    return changes;
  });
}

/** The verb for when a fact happened, in words a reader of the record would use. */
function happenedVerb(fact: RecordedFact): string {
  switch (fact.type) {
    case 'ChallengeRaised':
    case 'ReceiptRecorded':
      return 'received';
    case 'ConferenceMinutesSent':
      return 'sent';
    case 'LateArrivalDecided':
    case 'LimitationDecided':
      return 'decided';
    case 'ChallengeClosed':
      return 'withdrawn';
    case 'ActionBooked':
      return 'booked';
    case 'CaseFactsChanged':
      return 'changed';
    case 'IndependenceDeclared':
      return 'declared';
    case 'ActionPerformed':
      switch (fact.details.kind) {
        case 'meeting':
        case 'panel':
          return 'held';
        case 'letter':
          return 'sent';
        case 'decision':
        case 'choice':
          return 'decided';
        case 'request':
          return 'requested';
        case 'record':
          return 'happened';
      }
  }
}

/** "held Tue 5 Jan 2027, recorded Thu 7 Jan 2027", or one date when both fall on the same London day. */
export function whenText(entry: HistoryEntry): string {
  const happened = dayOf(entry.fact);
  const recorded = londonDateOf(entry.recordedAt);
  const verb = happenedVerb(entry.fact);
  if (happened === recorded) return `${verb} and recorded ${formatLongDate(happened)}`;
  return `${verb} ${formatLongDate(happened)}, recorded ${formatLongDate(recorded)}`;
}
