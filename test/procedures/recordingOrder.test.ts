/**
 * Property, for each procedure: a case recorded afterwards gives the same case whatever order its
 * facts are typed in, so long as each is typed after what the procedure needs first (the meeting
 * before the letter that reports it, a stage's steps before the request that leaves it). Every
 * such order is tried (the walks are small enough to enumerate); the case is compared on its
 * stage, status, milestones (when each happened) and every deadline's date and status, not on
 * when anything was typed. And a step typed with the wrong time, then corrected, gives the case
 * the right time would have given (ADR 0015's replay, over each real procedure).
 */
import { describe, expect, it } from 'vitest';
import { isFact } from '../../src/core/engine/facts.js';
import type { ActionDetails, Actor, CaseEvent, CaseState, Command } from '../../src/core/engine/model.js';
import { cambridgeshirePeterborough } from '../../src/core/procedures/definitions/cambridgeshire-peterborough.js';
import { camden } from '../../src/core/procedures/definitions/camden.js';
import { kent } from '../../src/core/procedures/definitions/kent.js';
import { kingstonRichmond } from '../../src/core/procedures/definitions/kingston-richmond.js';
import { panSussex } from '../../src/core/procedures/definitions/pan-sussex.js';
import type { ProcedureInput } from '../../src/core/procedures/schema.js';
import { isoDate } from '../../src/core/calendar/index.js';
import { actor, london, scenario, type RaiseInput } from '../support/scenario.js';

type Scenario = ReturnType<typeof scenario>;

interface Fact {
  readonly key: string;
  /** Facts that must be typed in before this one. */
  readonly after: readonly string[];
  readonly command: (s: Scenario, typedAt: string) => Command;
}

interface Walk {
  readonly definition: ProcedureInput;
  readonly raise: RaiseInput;
  /** The day (and a time before 10:00) the case is typed in, after every fact happened; the facts follow an hour apart from 10:00. */
  readonly typingFrom: string;
  readonly readAt: string;
  readonly facts: readonly Fact[];
}

const chair = actor('conference-chair', 'chair-1');
const noteTaker = { personId: 'colleague-1', role: 'note-taker' };

const step =
  (action: string, by: Actor, occurredAt: string, details: ActionDetails = { kind: 'record' }) =>
  (s: Scenario, typedAt: string): Command =>
    s.perform(action, by, typedAt, details, occurredAt);

const minutes =
  (sentAt: string, method: 'email' | 'first-class-post') =>
  (_s: Scenario, typedAt: string): Command => ({
    type: 'RecordConferenceMinutesSent',
    actor: chair,
    now: london(typedAt),
    sentAt: london(sentAt),
    method,
  });

const fact = (key: string, after: readonly string[], command: Fact['command']): Fact => ({ key, after, command });

const WALKS: Readonly<Record<string, Walk>> = {
  camden: {
    definition: camden,
    raise: { conferenceAt: '2026-03-24T10:00', receivedAt: '2026-04-02T09:00' },
    typingFrom: '2026-05-11T09:00',
    readAt: '2026-05-12T09:00',
    facts: [
      fact('minutes', [], minutes('2026-03-31T12:00', 'email')),
      fact('shared', [], step('stage1.complaint-shared', chair, '2026-04-07T11:00')),
      fact('meeting', [], step('stage1.meeting-held', chair, '2026-04-10T14:00', { kind: 'meeting' })),
      fact('minuted', ['meeting'], step('stage1.meeting-minuted', chair, '2026-04-14T10:00')),
      fact(
        'response',
        ['meeting'],
        step('stage1.response-sent', chair, '2026-04-17T16:00', {
          kind: 'letter',
          method: 'email',
          content: { 'meeting-notes': 'N', 'outcome-of-meeting': 'O', 'how-to-take-further': 'H', 'right-to-escalate': 'R' },
          copiedTo: ['head-of-quality-assurance', 'director-safeguarding', 'childrens-complaints-unit'],
        }),
      ),
      fact(
        'stage2',
        ['shared', 'minuted', 'response'],
        step('stage2.requested', actor('panel-coordinator', 'officer-1'), '2026-05-05T10:00', { kind: 'request', reasons: 'R' }),
      ),
    ],
  },
  'cambridgeshire-peterborough': {
    definition: cambridgeshirePeterborough,
    raise: { conferenceAt: '2026-05-12T10:00', receivedAt: '2026-05-13T09:00', localArea: 'peterborough' },
    typingFrom: '2026-06-19T09:00',
    readAt: '2026-06-22T09:00',
    facts: [
      fact('minutes', [], minutes('2026-05-13T12:00', 'first-class-post')),
      fact('attempted', [], step('stage1.resolution-attempted', chair, '2026-05-14T15:00')),
      fact(
        'stage2',
        ['attempted'],
        step('stage2.requested', actor('conference-service-manager', 'sm-1'), '2026-05-18T11:00', { kind: 'request', reasons: 'R' }),
      ),
      fact('investigated', ['stage2'], step('stage2.investigated', actor('conference-service-manager', 'sm-1'), '2026-06-08T10:00')),
      fact(
        'decided',
        ['investigated'],
        step('stage2.decided', actor('conference-service-manager', 'sm-1'), '2026-06-10T10:00', {
          kind: 'decision',
          options: ['complaint-not-upheld'],
          findings: {},
          reasons: 'R',
        }),
      ),
      fact(
        'response',
        ['decided'],
        step('stage2.response-sent', actor('conference-service-manager', 'sm-1'), '2026-06-16T16:30', {
          kind: 'letter',
          method: 'email',
          content: { decision: 'D', reasons: 'R', 'how-to-take-further': 'H' },
          copiedTo: [],
        }),
      ),
    ],
  },
  'kingston-richmond': {
    definition: kingstonRichmond,
    raise: { conferenceAt: '2026-08-20T10:00', receivedAt: '2026-08-27T09:00' },
    typingFrom: '2026-10-02T09:00',
    readAt: '2026-10-05T09:00',
    facts: [
      fact('minutes', [], minutes('2026-08-21T12:00', 'first-class-post')),
      fact('informed', [], step('stage1.complaints-manager-informed', chair, '2026-08-27T12:00')),
      fact('acknowledged', [], step('stage1.acknowledged', chair, '2026-08-28T10:00')),
      fact(
        'responded',
        ['acknowledged'],
        step('stage1.responded', chair, '2026-08-28T14:00', { kind: 'choice', option: 'written-response', reason: 'R' }),
      ),
      fact(
        'letter',
        ['responded'],
        step('stage1.letter-sent', actor('conference-service-manager', 'sm-1'), '2026-08-28T16:00', {
          kind: 'letter',
          method: 'first-class-post',
          content: { 'points-of-complaint': 'P', 'agreed-actions': 'A', 'right-to-escalate': 'R' },
          copiedTo: ['complaints-manager', 'senior-manager'],
        }),
      ),
      fact('receipt', ['letter'], (_s, typedAt) => ({
        type: 'RecordReceipt',
        actor: actor('conference-service-manager', 'sm-1'),
        now: london(typedAt),
        milestone: 'stage1.letter-sent.received',
        receivedOn: isoDate('2026-09-03'),
      })),
      fact(
        'stage2',
        ['informed', 'letter'],
        step('stage2.requested', actor('conference-service-manager', 'sm-1'), '2026-09-28T11:00', { kind: 'request', reasons: 'R' }),
      ),
    ],
  },
  'pan-sussex': {
    definition: panSussex,
    raise: { conferenceAt: '2026-12-17T10:00', receivedAt: '2026-12-21T09:00', localArea: 'east-sussex' },
    typingFrom: '2027-01-29T09:00',
    readAt: '2027-02-01T09:00',
    facts: [
      fact('minutes', [], minutes('2026-12-18T12:00', 'email')),
      fact('informed', [], step('stage1.manager-informed', chair, '2026-12-22T10:00')),
      fact('meeting', [], step('stage1.meeting-held', chair, '2027-01-06T14:00', { kind: 'meeting', minuteTaker: noteTaker })),
      fact(
        'response',
        ['meeting'],
        step('stage1.response-sent', chair, '2027-01-18T15:00', {
          kind: 'letter',
          method: 'email',
          content: { 'meeting-notes': 'N', 'how-to-take-further': 'H' },
          copiedTo: ['complaints-manager'],
        }),
      ),
      fact(
        'stage2',
        ['informed', 'response'],
        step('stage2.requested', actor('conference-service-manager', 'rm-1'), '2027-01-25T11:00', { kind: 'request', reasons: 'R' }),
      ),
    ],
  },
  kent: {
    definition: kent,
    raise: { conferenceAt: '2026-12-15T10:00', receivedAt: '2026-12-21T09:00' },
    typingFrom: '2027-01-27T09:00',
    readAt: '2027-01-28T09:00',
    facts: [
      fact('minutes', [], minutes('2026-12-23T15:00', 'email')),
      fact('reminded', [], step('triage.reminded-of-processes', chair, '2026-12-21T12:00')),
      fact(
        'triage',
        ['reminded'],
        step('triage.decided', actor('complaints-manager', 'ccm-1'), '2026-12-22T11:00', {
          kind: 'choice',
          option: 'representation',
          reason: 'R',
        }),
      ),
      fact('notified', ['triage'], step('stage1.appeal-notified', chair, '2026-12-23T10:00')),
      fact('meeting', ['triage'], step('stage1.meeting-held', chair, '2027-01-12T14:00', { kind: 'meeting', minuteTaker: noteTaker })),
      fact(
        'response',
        ['meeting'],
        step('stage1.response-sent', chair, '2027-01-14T15:00', {
          kind: 'letter',
          method: 'first-class-post',
          content: { 'meeting-notes': 'N', 'outcome-of-meeting': 'O', 'how-to-take-further': 'H', 'right-to-escalate': 'R' },
          copiedTo: ['customer-care-manager', 'chairs-manager', 'conference-attendees-and-invitees'],
        }),
      ),
      fact(
        'stage2',
        ['notified', 'response'],
        step('stage2.requested', actor('conference-service-manager', 'cm-1'), '2027-01-22T10:00', { kind: 'request', reasons: 'R' }),
      ),
    ],
  },
};

/** Every order of the facts in which each comes after the facts it needs. */
function orders(facts: readonly Fact[]): Fact[][] {
  const all: Fact[][] = [];
  const extend = (done: Fact[]) => {
    if (done.length === facts.length) {
      all.push(done);
      return;
    }
    const typed = new Set(done.map((f) => f.key));
    for (const next of facts) {
      if (!typed.has(next.key) && next.after.every((k) => typed.has(k))) extend([...done, next]);
    }
  };
  extend([]);
  return all;
}

function typed(walk: Walk, order: readonly Fact[]): Scenario {
  const s = scenario(walk.definition);
  s.raise({ ...walk.raise, now: walk.typingFrom });
  order.forEach((f, i) => {
    // Typed the same day, an hour apart from 10:00 (London).
    const typedAt = `${walk.typingFrom.slice(0, 11)}${String(10 + i).padStart(2, '0')}:00`;
    const result = s.command(f.command(s, typedAt));
    if (!result.ok) throw new Error(`typing ${f.key} (${order.map((o) => o.key).join(', ')}): ${result.refusal.message}`);
  });
  return s;
}

/** The case after typing the facts in this order, as a reader sees it at `readAt`, leaving out when anything was typed. */
function caseAfter(walk: Walk, order: readonly Fact[]) {
  const s = typed(walk, order);
  const open = s.open;
  return {
    stage: open.stage,
    status: open.status,
    // A receipt is compared on the day it was received: its instant is when it was typed.
    milestones: Object.entries(open.milestones)
      .map(([name, m]) => [name, m.date ?? m.at.toISOString()])
      .sort(),
    deadlines: s.deadlines(walk.readAt).map((d) => [d.rule.id, d.due.dueDate, d.status, d.metAt?.toISOString() ?? null]),
  };
}

/** When the case entered each stage, after typing the facts in this order. */
function stageHistoryAfter(walk: Walk, order: readonly Fact[]) {
  return typed(walk, order).open.stageHistory.map((s) => [s.stage, s.enteredAt.toISOString()]);
}

describe('recording order', () => {
  for (const [id, walk] of Object.entries(WALKS)) {
    it(`${id}: every order of typing the same facts gives the same case`, () => {
      const all = orders(walk.facts);
      // The walks leave real freedom: a fact that can be typed in at several points.
      expect(all.length).toBeGreaterThan(3);
      const [first, ...rest] = all;
      if (first === undefined) throw new Error('no order');
      const expected = caseAfter(walk, first);
      for (const order of rest) expect(caseAfter(walk, order), order.map((f) => f.key).join(', ')).toEqual(expected);
    });
  }
});

describe('recording order: the stage history', () => {
  for (const [id, walk] of Object.entries(WALKS)) {
    it(`${id}: every order of typing the same facts gives the same stage history`, () => {
      const [first, ...rest] = orders(walk.facts);
      if (first === undefined) throw new Error('no order');
      const expected = stageHistoryAfter(walk, first);
      for (const order of rest) expect(stageHistoryAfter(walk, order), order.map((f) => f.key).join(', ')).toEqual(expected);
    });
  }
});

/** The stream of facts the service would store for these facts typed in order; `wrong` types one step an hour late. */
function stream(walk: Walk, wrong?: string): CaseEvent[] {
  const s = scenario(walk.definition);
  let events: CaseEvent[] = [];
  const record = (command: Command) => {
    const current = s.engine.replay(events);
    if (!current.ok) throw new Error(current.refusal.message);
    const decided = s.engine.decide(current.state, command);
    if (!decided.ok) throw new Error(`refused: ${decided.refusal.message}`);
    events = [...events, ...decided.events.filter(isFact)];
  };
  record(s.raiseCommand({ ...walk.raise, now: walk.typingFrom }));
  walk.facts.forEach((f, i) => {
    const typedAt = `${walk.typingFrom.slice(0, 11)}${String(10 + i).padStart(2, '0')}:00`;
    const command = f.command(s, typedAt);
    record(
      f.key === wrong && command.type === 'PerformAction' && command.occurredAt !== undefined
        ? { ...command, occurredAt: new Date(command.occurredAt.getTime() + 3_600_000) }
        : command,
    );
  });
  return events;
}

function stateOf(walk: Walk, events: readonly CaseEvent[]): CaseState {
  const replayed = scenario(walk.definition).engine.replay(events);
  if (!replayed.ok) throw new Error(replayed.refusal.message);
  return { ...replayed.state, version: 0 };
}

describe('a corrected history', () => {
  for (const [id, walk] of Object.entries(WALKS)) {
    it(`${id}: any step typed an hour out, then corrected, gives the case typed right in the first place`, () => {
      const right = stateOf(walk, stream(walk));
      const steps = walk.facts.filter((f) => f.command(scenario(walk.definition), walk.typingFrom).type === 'PerformAction');
      expect(steps.length).toBeGreaterThan(2);
      for (const step of steps) {
        const typedWrongly = stream(walk, step.key);
        const target = typedWrongly.findIndex((e) => e.type === 'ActionPerformed' && e.action === actionOf(walk, step)) + 1;
        const occurredAt = actionTime(walk, step);
        const corrected: CaseEvent[] = [
          ...typedWrongly,
          {
            type: 'FactCorrected',
            at: london(walk.readAt),
            by: { id: 'officer-1', role: 'complaints-manager' },
            target,
            reason: 'Typed an hour out',
            change: { occurredAt },
          },
        ];
        expect(stateOf(walk, typedWrongly), step.key).not.toEqual(right);
        expect(stateOf(walk, corrected), step.key).toEqual(right);
      }
    });
  }
});

function performed(walk: Walk, f: Fact): Extract<Command, { type: 'PerformAction' }> {
  const command = f.command(scenario(walk.definition), walk.typingFrom);
  if (command.type !== 'PerformAction') throw new Error(`${f.key} is not a step`);
  return command;
}
const actionOf = (walk: Walk, f: Fact): string => performed(walk, f).action;
function actionTime(walk: Walk, f: Fact): Date {
  const { occurredAt } = performed(walk, f);
  if (occurredAt === undefined) throw new Error(`${f.key} has no time`);
  return occurredAt;
}
