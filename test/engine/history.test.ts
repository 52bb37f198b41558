/**
 * State by replay (ADR 0015), over the Testshire procedure: conference Tue 2 Mar 2027 10:00,
 * complaint received Wed 3 Mar 2027 10:00. The meeting is due 5 working days after the complaint
 * (testshire 2): Thu 4, Fri 5, Mon 8, Tue 9, Wed 10 March, so by 10:00 on Wed 10 Mar 2027.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isFact } from '../../src/core/engine/facts.js';
import {
  changeRefusal,
  replay,
  replayAppended,
  targetRefusal,
  type HistoryEntry,
  type ReplayResult,
} from '../../src/core/engine/history.js';
import type { CaseEvent, CaseState, Command } from '../../src/core/engine/model.js';
import { isoDate } from '../../src/core/calendar/index.js';
import { engineContext } from '../../src/core/engine/context.js';
import { chair, CONFERENCE, complainant, letterDetails, meetingDetails, officer, RECEIVED, testshire } from './given.js';
import { london } from '../support/scenario.js';

const s = testshire();
const engine = s.engine;
const ctx = engineContext(s.procedure, s.calendar);

/** Records a command against the replayed stream, as the service does: facts only are stored. */
function record(stream: readonly CaseEvent[], command: Command): CaseEvent[] {
  const current = engine.replay(stream);
  if (!current.ok) throw new Error(current.refusal.message);
  const decided = engine.decide(current.state, command);
  if (!decided.ok) throw new Error(`refused: ${decided.refusal.message}`);
  return [...stream, ...decided.events.filter(isFact)];
}

const raise = (now = RECEIVED): CaseEvent[] => record([], s.raiseCommand({ conferenceAt: CONFERENCE, receivedAt: RECEIVED, now }));
const meet = (occurredAt: string, now: string): Command => s.perform('stage1.meeting', chair, now, meetingDetails, occurredAt);
const write = (occurredAt: string, now: string): Command => s.perform('stage1.letter', chair, now, letterDetails(), occurredAt);
const noted = (occurredAt: string, now: string): Command => s.perform('stage1.noted', officer, now, { kind: 'record' }, occurredAt);
const ask = (occurredAt: string, now: string): Command =>
  s.perform('stage1.escalation-requested', complainant, now, { kind: 'request' }, occurredAt);

const correct = (target: number, at: string, change: Extract<CaseEvent, { type: 'FactCorrected' }>['change']): CaseEvent => ({
  type: 'FactCorrected',
  at: london(at),
  by: { id: officer.id, role: officer.role },
  target,
  reason: 'Typed the wrong date',
  change,
});
const voidOf = (target: number, at: string): CaseEvent => ({
  type: 'FactVoided',
  at: london(at),
  by: { id: officer.id, role: officer.role },
  target,
  reason: 'Recorded on the wrong case',
});

function stateOf(stream: readonly CaseEvent[]): Exclude<CaseState, { status: 'not-raised' }> {
  const result = engine.replay(stream);
  if (!result.ok) throw new Error(result.refusal.message);
  if (result.state.status === 'not-raised') throw new Error('not raised');
  return result.state;
}

function refusalOf(stream: readonly CaseEvent[]): string {
  const result = engine.replay(stream);
  if (result.ok) throw new Error('expected a refusal');
  return result.refusal.message;
}

/** A case recorded afterwards: everything typed in on Fri 19 Mar 2027. */
function recordedLate(meetingOn = '2027-03-09T10:00'): CaseEvent[] {
  let stream = raise('2027-03-19T09:00');
  stream = record(stream, meet(meetingOn, '2027-03-19T09:10'));
  stream = record(stream, write('2027-03-12T10:00', '2027-03-19T09:20'));
  return stream;
}

describe('replay', () => {
  it('stores facts only and dates stages, milestones and deadlines by when things happened', () => {
    let stream = recordedLate();
    stream = record(stream, ask('2027-03-15T10:00', '2027-03-19T09:30'));
    expect(stream.map((e) => e.type)).toEqual(['ChallengeRaised', 'ActionPerformed', 'ActionPerformed', 'ActionPerformed']);
    const state = stateOf(stream);
    expect(state.version).toBe(4);
    expect(state.stageHistory).toEqual([
      { stage: 'stage-1', enteredAt: london(RECEIVED) },
      { stage: 'stage-2', enteredAt: london('2027-03-15T10:00') },
    ]);
    expect(engine.deadlines(state, london('2027-03-19T09:30')).find((d) => d.rule.id === 'meet')?.status).toBe('met');
  });

  it('ignores consequences held in an old stream and derives them again', () => {
    const stream = recordedLate();
    const withConsequence: CaseEvent[] = [
      ...stream,
      { type: 'StageEntered', at: london('2027-03-19T10:00'), by: { id: 'x', role: 'complaints-manager' }, stage: 'stage-3' },
    ];
    expect(stateOf(withConsequence).stage).toBe('stage-1');
    expect(stateOf(withConsequence).version).toBe(4);
  });

  it('the effective history lists each fact with both times, by, status and consequences', () => {
    let stream = recordedLate();
    stream = record(stream, ask('2027-03-15T10:00', '2027-03-19T09:30'));
    const result = replay(ctx, stream);
    if (!result.ok) throw new Error(result.refusal.message);
    const request = result.history[3];
    expect(request).toMatchObject({
      seq: 4,
      occurredAt: london('2027-03-15T10:00'),
      recordedAt: london('2027-03-19T09:30'),
      status: 'as-recorded',
    });
    expect(request?.consequences.map((c) => c.type)).toEqual(['StageEntered']);
  });
});

describe('order', () => {
  it('refuses a letter dated before the meeting it reports, naming both, both dates and the clause', () => {
    let stream = raise('2027-03-19T09:00');
    stream = record(stream, meet('2027-03-09T10:00', '2027-03-19T09:10'));
    stream = record(stream, write('2027-03-05T10:00', '2027-03-19T09:20'));
    expect(refusalOf(stream)).toBe(
      'The "Write to the complainant", dated Fri 5 Mar 2027 (event 3), cannot come before the "Meet the complainant" it follows, dated Tue 9 Mar 2027 (event 2) (testshire 2)',
    );
  });

  it('refuses a correction that moves the meeting after the letter', () => {
    const stream = [...recordedLate(), correct(2, '2027-03-20T10:00', { occurredAt: london('2027-03-15T10:00') })];
    expect(refusalOf(stream)).toContain('cannot come before the "Meet the complainant" it follows, dated Mon 15 Mar 2027');
  });

  it('refuses a request dated before the letter it answers', () => {
    const stream = [...recordedLate(), correct(3, '2027-03-20T10:00', { occurredAt: london('2027-03-16T10:00') })];
    const later = record(recordedLate(), ask('2027-03-15T10:00', '2027-03-19T09:30'));
    expect(refusalOf([...later, correct(3, '2027-03-20T10:00', { occurredAt: london('2027-03-16T10:00') })])).toContain(
      'The "Ask for Stage 2"',
    );
    expect(stateOf(stream).letters[0]?.sentAt).toEqual(london('2027-03-16T10:00'));
  });

  it('refuses a receipt dated before the sending it records', () => {
    let stream = recordedLate();
    stream = record(stream, {
      type: 'RecordReceipt',
      actor: officer,
      now: london('2027-03-19T09:40'),
      milestone: 'stage1.letter.received',
      receivedOn: isoDate('2027-03-13'),
    });
    expect(refusalOf([...stream, correct(3, '2027-03-20T10:00', { occurredAt: london('2027-03-15T10:00') })])).toMatch(
      /^The receipt \(stage1.letter.received\), dated Sat 13 Mar 2027 \(event 4\), cannot come before the "Write to the complainant" it follows, dated Mon 15 Mar 2027 \(event 3\)/,
    );
  });

  it('refuses an action dated in the future of its recording, and a challenge received before the conference', () => {
    expect(refusalOf([...recordedLate(), correct(3, '2027-03-20T10:00', { occurredAt: london('2027-03-21T10:00') })])).toContain(
      'in the future',
    );
    expect(refusalOf([...recordedLate(), correct(1, '2027-03-20T10:00', { occurredAt: london('2027-03-01T10:00') })])).toContain(
      'before the conference',
    );
  });
});

describe('corrections and voids', () => {
  it('a correction moves a deadline met late to met, and the latest correction wins', () => {
    const late = recordedLate('2027-03-11T10:00');
    expect(engine.deadlines(stateOf(late), london('2027-03-19T10:00')).find((d) => d.rule.id === 'meet')?.status).toBe('met-late');
    const corrected = [...late, correct(2, '2027-03-20T10:00', { occurredAt: london('2027-03-08T10:00') })];
    expect(engine.deadlines(stateOf(corrected), london('2027-03-20T10:00')).find((d) => d.rule.id === 'meet')?.status).toBe('met');
    const again = [...corrected, correct(2, '2027-03-21T10:00', { occurredAt: london('2027-03-09T10:00') })];
    expect(stateOf(again).milestones['stage1.meeting']?.at).toEqual(london('2027-03-09T10:00'));
  });

  it('a corrected history gives the state of the right history entered in the first place', () => {
    const right = recordedLate('2027-03-09T10:00');
    const corrected = [...recordedLate('2027-03-10T10:00'), correct(2, '2027-03-20T10:00', { occurredAt: london('2027-03-09T10:00') })];
    expect({ ...stateOf(corrected), version: 0 }).toEqual({ ...stateOf(right), version: 0 });
  });

  it('a void removes a fact nothing depends on, and refuses one others depend on', () => {
    const stream = record(recordedLate(), noted('2027-03-04T10:00', '2027-03-19T09:50'));
    expect(stateOf([...stream, voidOf(4, '2027-03-20T10:00')]).actionCounts['stage1.noted']).toBeUndefined();
    expect(refusalOf([...stream, voidOf(2, '2027-03-20T10:00')])).toBe(
      'The "Write to the complainant" (event 3) depends on the "Meet the complainant" (event 2), which would be void (testshire 2)',
    );
  });

  it('names what to correct instead of a correction, a consequence, a void or a missing event, and never voids the challenge', () => {
    const stream = [...record(recordedLate(), ask('2027-03-15T10:00', '2027-03-19T09:30')), correct(2, '2027-03-20T10:00', {})];
    expect(targetRefusal(stream, 5, 'correct')?.message).toBe('Event 5 is a correction: correct event 2 instead');
    expect(targetRefusal(stream, 9, 'correct')?.message).toBe('This case has no event 9');
    expect(targetRefusal(stream, 1, 'void')?.message).toContain('withdraw it instead');
    expect(targetRefusal(stream, 1, 'correct')).toBeUndefined();
    const old: CaseEvent[] = [
      ...stream,
      { type: 'StageEntered', at: london('2027-03-20T10:00'), by: { id: 'x', role: 'complainant' }, stage: 'stage-2' },
    ];
    expect(targetRefusal(old, 6, 'correct')?.message).toContain('correct event 4, the fact it follows from, instead');
    const voided = [...stream, voidOf(4, '2027-03-20T10:00')];
    expect(targetRefusal(voided, 4, 'correct')?.message).toBe('Event 4 was voided by event 6: record the fact again instead');
    expect(targetRefusal(voided, 6, 'void')?.message).toContain('is a void');
  });

  it('allows only the fields a fact has, and details of the same kind', () => {
    const [raised, meeting] = recordedLate();
    if (raised?.type !== 'ChallengeRaised' || meeting?.type !== 'ActionPerformed') throw new Error('unexpected stream');
    expect(changeRefusal(raised, { details: { kind: 'record' } })?.message).toContain('cannot have its details corrected');
    expect(changeRefusal(meeting, { details: { kind: 'record' } })?.message).toBe(
      'The details of this event are meeting details, not record',
    );
    expect(changeRefusal(meeting, {})?.message).toContain('Say what is corrected');
    expect(changeRefusal(meeting, { occurredAt: london('2027-03-09T10:00') })).toBeUndefined();
  });
});

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return value !== null && typeof value === 'object';
}

/** A deep copy without one key anywhere: the recorded times, which the order of recording changes. */
function structuredCloneWithout(value: unknown, key: string): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item: unknown) => structuredCloneWithout(item, key));
  if (isRecord(value)) {
    return Object.fromEntries(
      Object.entries(value).flatMap(([k, v]: [string, unknown]) => (k === key ? [] : [[k, structuredCloneWithout(v, key)]])),
    );
  }
  return value;
}

describe('properties', () => {
  /** Day offsets from the complaint: a valid Stage 1 with a note, in the order they happened. */
  const history = fc.record({
    meetingAfter: fc.integer({ min: 1, max: 6 }),
    letterAfter: fc.integer({ min: 0, max: 3 }),
    noteAt: fc.integer({ min: 1, max: 12 }),
    askAfter: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
  });
  const day = (n: number, hour = 10) => {
    const d = new Date(Date.UTC(2027, 2, 3 + n, hour, 0));
    return `${d.toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:00`;
  };

  function facts(h: { meetingAfter: number; letterAfter: number; noteAt: number; askAfter: number | undefined }) {
    const meeting = h.meetingAfter;
    const letter = meeting + h.letterAfter;
    // A note belongs to Stage 1: it cannot follow the request that ends it.
    const note = Math.min(h.noteAt, letter);
    const list: { at: string; command: (now: string) => Command }[] = [
      { at: day(meeting, 10), command: (now) => meet(day(meeting, 10), now) },
      { at: day(letter, 14), command: (now) => write(day(letter, 14), now) },
      { at: day(note, 11), command: (now) => noted(day(note, 11), now) },
    ];
    if (h.askAfter !== undefined) {
      const asked = letter + h.askAfter;
      list.push({ at: day(asked, 16), command: (now) => ask(day(asked, 16), now) });
    }
    return list;
  }

  /** Facts recorded in a given order, each decided against the state then (as the service would). */
  function recordInOrder(list: ReturnType<typeof facts>, order: readonly number[]): CaseEvent[] | string {
    let stream = raise('2027-04-30T09:00');
    for (const [n, index] of order.entries()) {
      const fact = list[index];
      if (fact === undefined) return 'no such fact';
      const command = fact.command(`2027-05-0${String(1 + (n % 8))}T10:00`);
      const current = engine.replay(stream);
      if (!current.ok) return current.refusal.message;
      const decided = engine.decide(current.state, command);
      if (!decided.ok) return decided.refusal.message;
      stream = [...stream, ...decided.events.filter(isFact)];
    }
    return stream;
  }

  function withoutRecordedTimes(state: CaseState): unknown {
    return structuredCloneWithout(state, 'at');
  }

  it('for the same facts, any order of recording that the engine accepts gives the same state', () => {
    fc.assert(
      fc.property(history, fc.array(fc.nat(), { minLength: 4, maxLength: 4 }), (h, seeds) => {
        const list = facts(h);
        const inOrder = recordInOrder(
          list,
          list.map((_, i) => i),
        );
        if (typeof inOrder === 'string') throw new Error(inOrder);
        const shuffled = list
          .map((_, i) => ({ i, key: seeds[i] ?? 0 }))
          .sort((a, b) => a.key - b.key)
          .map((x) => x.i);
        const other = recordInOrder(list, shuffled);
        // A fact recorded before what it depends on is refused when recorded: that order is not a recording.
        fc.pre(typeof other !== 'string');
        if (typeof other === 'string') return;
        expect(withoutRecordedTimes(stateOf(other))).toEqual(withoutRecordedTimes(stateOf(inOrder)));
      }),
      { numRuns: 60 },
    );
  });

  it('a wrong meeting date corrected gives the state of the right date recorded in the first place', () => {
    fc.assert(
      fc.property(history, fc.integer({ min: -1, max: 1 }), (h, slip) => {
        const list = facts(h);
        const right = recordInOrder(
          list,
          list.map((_, i) => i),
        );
        const letterDay = h.meetingAfter + h.letterAfter;
        const wrongDay = h.meetingAfter + slip;
        fc.pre(wrongDay >= 1 && wrongDay <= letterDay);
        const wrongList = facts({ ...h, meetingAfter: wrongDay, letterAfter: letterDay - wrongDay });
        const wrong = recordInOrder(
          wrongList,
          wrongList.map((_, i) => i),
        );
        if (typeof right === 'string') throw new Error(right);
        if (typeof wrong === 'string') throw new Error(wrong);
        const corrected = [...wrong, correct(2, '2027-05-20T10:00', { occurredAt: london(day(h.meetingAfter, 10)) })];
        expect({ ...stateOf(corrected), version: 0 }).toEqual({ ...stateOf(right), version: 0 });
      }),
      { numRuns: 60 },
    );
  });

  /** The replay of the first `k` events continued with the rest (as the service does after an action), or the whole replayed. */
  function continued(stream: readonly CaseEvent[], k: number): { continued: ReplayResult; whole: ReplayResult } {
    const prefix = stream.slice(0, k);
    const before = replay(ctx, prefix);
    if (!before.ok) throw new Error(before.refusal.message);
    return {
      continued: replayAppended(ctx, { length: k, state: before.state, history: before.history }, prefix, stream.slice(k)),
      whole: replay(ctx, stream),
    };
  }

  it('continuing a replay with appended facts gives exactly the whole replay, in order or not, with corrections and voids', () => {
    fc.assert(
      fc.property(
        history,
        fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
        fc.nat(),
        fc.integer({ min: 0, max: 3 }),
        (h, seeds, at, tail) => {
          const list = facts(h);
          const order = list
            .map((_, i) => ({ i, key: seeds[i] ?? 0 }))
            .sort((a, b) => a.key - b.key)
            .map((x) => x.i);
          const recorded = recordInOrder(list, order);
          fc.pre(typeof recorded !== 'string');
          if (typeof recorded === 'string') return;
          // Sometimes a correction (the meeting a day later), a void (the note) or a late fact at the end.
          const extra: CaseEvent[][] = [
            [],
            [correct(2, '2027-05-20T10:00', { occurredAt: london(day(h.meetingAfter + 1, 10)) })],
            [voidOf(recorded.findIndex((e) => e.type === 'ActionPerformed' && e.action === 'stage1.noted') + 1, '2027-05-20T10:00')],
            recorded.slice(1, 2),
          ];
          const stream = [...recorded, ...(extra[tail] ?? [])];
          const k = 1 + (at % (stream.length - 1));
          const { continued: result, whole } = continued(stream, k);
          expect(result).toEqual(whole);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('continues from the replay it is given when the appended facts happened last, and replays afresh when one did not', () => {
    const stream = recordedLate('2027-03-09T10:00');
    const withLater = record(stream, ask('2027-03-15T10:00', '2027-03-19T09:30'));
    const withEarlier = record(stream, noted('2027-03-08T10:00', '2027-03-19T09:30'));
    const before = replay(ctx, stream);
    if (!before.ok) throw new Error(before.refusal.message);
    // A mark only the given replay carries: kept if it was continued, gone if replayed from the start.
    const marked = { length: stream.length, state: before.state, history: before.history.map((e) => ({ ...e, marked: true })) };
    const later = replayAppended(ctx, marked, stream, withLater.slice(stream.length));
    const earlier = replayAppended(ctx, marked, stream, withEarlier.slice(stream.length));
    if (!later.ok || !earlier.ok) throw new Error('refused');
    expect(later.history.slice(0, stream.length).every((e) => 'marked' in e)).toBe(true);
    expect(earlier.history.some((e) => 'marked' in e)).toBe(false);
    const unmarked = {
      ...later,
      history: later.history.map(({ marked: _marked, ...entry }: HistoryEntry & { marked?: boolean }) => entry),
    };
    expect(unmarked).toEqual(replay(ctx, withLater));
    expect(earlier).toEqual(replay(ctx, withEarlier));
  });
});
