/**
 * Bookings and case facts changed after raising (issue 10 points 4 and 8, ADR 0017), on the
 * Testshire procedure: complaint received Wed 3 Mar 2027; the Stage 1 meeting is due 5 working
 * days later (Thu 4, Fri 5, Mon 8, Tue 9, Wed 10 Mar 2027), testshire 2.
 */
import { describe, expect, it } from 'vitest';
import type { Actor, Command } from '../../src/core/engine/model.js';
import type { CaseFlag } from '../../src/core/procedures/schema.js';
import { london } from '../support/scenario.js';
import {
  CONFERENCE,
  RECEIVED,
  chair,
  eventsOf,
  manager,
  meetingDetails,
  officer,
  raised,
  refusalOf,
  testshire,
  type Testshire,
} from './given.js';

const ref = (a: Actor) => ({ id: a.id, role: a.role });

const book = (action: string, bookedFor: string, now: string, by: Actor = chair, reason?: string): Command => ({
  type: 'BookAction',
  actor: by,
  now: london(now),
  action,
  bookedFor: london(bookedFor),
  ...(reason === undefined ? {} : { reason }),
});

const change = (now: string, facts: { reason?: string; caseWorkerIds?: string[]; flags?: CaseFlag[] }, by: Actor = officer): Command => ({
  type: 'ChangeCaseFacts',
  actor: by,
  now: london(now),
  reason: facts.reason ?? 'The social worker told us on the phone',
  ...(facts.caseWorkerIds === undefined ? {} : { caseWorkerIds: facts.caseWorkerIds }),
  ...(facts.flags === undefined ? {} : { flags: facts.flags }),
});

const bookingsOf = (s: Testshire, now: string) => s.engine.bookings(s.state, london(now));

describe('BookAction', () => {
  it('given a case, when the chair books the Stage 1 meeting for Tue 9 Mar, then it is booked before its deadline', () => {
    const s = raised();
    expect(eventsOf(s.decide(book('stage1.meeting', '2027-03-09T10:00', '2027-03-03T11:00')))).toEqual([
      {
        type: 'ActionBooked',
        at: london('2027-03-03T11:00'),
        by: ref(chair),
        occurredAt: london('2027-03-03T11:00'),
        action: 'stage1.meeting',
        bookedFor: london('2027-03-09T10:00'),
      },
    ]);
    s.command(book('stage1.meeting', '2027-03-09T10:00', '2027-03-03T11:00'));
    const [booking] = bookingsOf(s, '2027-03-03T11:00');
    expect(booking?.booking.bookedFor).toEqual(london('2027-03-09T10:00'));
    expect(booking?.deadline?.view.rule.id).toBe('meet');
    expect(booking?.deadline?.view.due.dueDate).toBe('2027-03-10');
    expect(booking?.deadline?.afterDeadline).toBe(false);
    expect(booking?.heldAt).toBeUndefined();
  });

  it('flags a booking from the first moment after the deadline (00:00 Thu 11 Mar), and the last minute of the deadline day is still in time', () => {
    const late = raised();
    late.command(book('stage1.meeting', '2027-03-11T00:00', '2027-03-03T11:00'));
    expect(bookingsOf(late, '2027-03-03T11:00')[0]?.deadline?.afterDeadline).toBe(true);
    const lastMinute = raised();
    lastMinute.command(book('stage1.meeting', '2027-03-10T23:59', '2027-03-03T11:00'));
    expect(bookingsOf(lastMinute, '2027-03-03T11:00')[0]?.deadline?.afterDeadline).toBe(false);
  });

  it('refuses to re-book without a reason, and keeps the earlier booking with the reason when re-booked', () => {
    const s = raised();
    s.command(book('stage1.meeting', '2027-03-11T10:00', '2027-03-03T11:00'));
    expect(refusalOf(s.decide(book('stage1.meeting', '2027-03-09T10:00', '2027-03-04T10:00', chair, '  ')))).toEqual({
      code: 'invalid',
      message: '"Meet the complainant" is already booked: give the reason for moving it',
      clause: 'testshire 2',
    });
    s.command(book('stage1.meeting', '2027-03-09T10:00', '2027-03-04T10:00', chair, 'Brought forward to meet the time limit'));
    const [booking] = bookingsOf(s, '2027-03-04T10:00');
    expect(booking?.deadline?.afterDeadline).toBe(false);
    expect(booking?.booking.previous).toEqual([
      {
        bookedFor: london('2027-03-11T10:00'),
        bookedAt: london('2027-03-03T11:00'),
        by: ref(chair),
        movedBecause: 'Brought forward to meet the time limit',
      },
    ]);
  });

  it('refuses a booking for now or the past: something held is recorded as held', () => {
    const s = raised();
    const refusal = {
      code: 'invalid',
      message: '"Meet the complainant" can be booked only for a time to come; if it has been held, record it as held with when it happened',
    };
    expect(refusalOf(s.decide(book('stage1.meeting', '2027-03-04T10:00', '2027-03-04T10:00')))).toEqual(refusal);
    expect(refusalOf(s.decide(book('stage1.meeting', '2027-03-03T12:00', '2027-03-04T10:00')))).toEqual(refusal);
    expect(s.decide(book('stage1.meeting', '2027-03-04T10:01', '2027-03-04T10:00')).ok).toBe(true);
  });

  it("refuses an action of another stage, naming both stages and the action's clause", () => {
    expect(refusalOf(raised().decide(book('stage2.panel-convened', '2027-03-20T10:00', '2027-03-04T10:00', manager)))).toEqual({
      code: 'not-available',
      message: '"Convene the panel" belongs to Stage 2; the challenge is at Stage 1, so it cannot be booked now',
      clause: 'testshire 10',
    });
  });

  it('refuses a meeting already held', () => {
    const s = raised();
    s.act('stage1.meeting', chair, '2027-03-05T10:00', meetingDetails);
    expect(refusalOf(s.decide(book('stage1.meeting', '2027-03-09T10:00', '2027-03-05T11:00')))).toEqual({
      code: 'not-available',
      message: '"Meet the complainant" has already been held: there is nothing to book',
      clause: 'testshire 2',
    });
  });

  it('refuses what is not held on a date (a letter), and an action the procedure does not have', () => {
    const s = raised();
    expect(refusalOf(s.decide(book('stage1.letter', '2027-03-09T10:00', '2027-03-04T10:00')))).toMatchObject({
      code: 'not-available',
      message: '"Write to the complainant" is not held on a date, so it cannot be booked',
    });
    expect(refusalOf(s.decide(book('stage1.nothing', '2027-03-09T10:00', '2027-03-04T10:00')))).toEqual({
      code: 'invalid',
      message: 'This procedure has no action "stage1.nothing"',
    });
  });

  it('lets only whoever may hold the meeting book it', () => {
    expect(refusalOf(raised().decide(book('stage1.meeting', '2027-03-09T10:00', '2027-03-04T10:00', officer)))).toEqual({
      code: 'not-permitted',
      message: 'Only Conference chair may do this',
      clause: 'testshire 2',
    });
  });

  it('books a meeting before what must come first has happened: that is a condition of holding it, not of booking it', () => {
    const s = raised((p) => {
      const meeting = p.actions.find((a) => a.id === 'stage1.meeting');
      if (meeting !== undefined) meeting.requires = ['stage1.noted'];
    });
    expect(s.tryAct('stage1.meeting', chair, '2027-03-04T10:00', meetingDetails).ok).toBe(false);
    expect(s.decide(book('stage1.meeting', '2027-03-09T10:00', '2027-03-04T10:00')).ok).toBe(true);
  });

  it('refuses a booking while a limitation waits for a decision', () => {
    const s = raised(undefined, ['legal-proceedings']);
    expect(refusalOf(s.decide(book('stage1.meeting', '2027-03-09T10:00', '2027-03-04T10:00'))).code).toBe('awaiting-decision');
  });

  it('given a booked meeting, when it is held, then the booking shows when it was held', () => {
    const s = raised();
    s.command(book('stage1.meeting', '2027-03-09T10:00', '2027-03-03T11:00'));
    s.command({
      type: 'PerformAction',
      action: 'stage1.meeting',
      actor: chair,
      now: london('2027-03-10T09:00'),
      occurredAt: london('2027-03-09T10:30'),
      details: meetingDetails,
    });
    const [booking] = bookingsOf(s, '2027-03-10T09:00');
    expect(booking?.heldAt).toEqual(london('2027-03-09T10:30'));
    expect(booking?.deadline?.view.status).toBe('met');
  });
});

describe('ChangeCaseFacts', () => {
  it('given a case, when a case worker is added with a reason, then the case workers stand as given, once each', () => {
    const s = raised();
    expect(eventsOf(s.decide(change('2027-03-04T10:00', { caseWorkerIds: ['sw-1', 'tm-1', 'sw-1'] })))).toEqual([
      {
        type: 'CaseFactsChanged',
        at: london('2027-03-04T10:00'),
        by: ref(officer),
        occurredAt: london('2027-03-04T10:00'),
        reason: 'The social worker told us on the phone',
        caseWorkerIds: ['sw-1', 'tm-1'],
      },
    ]);
    s.command(change('2027-03-04T10:00', { caseWorkerIds: ['sw-1', 'tm-1'] }));
    expect(s.open.caseWorkerIds).toEqual(['sw-1', 'tm-1']);
    expect(s.open.flags).toEqual([]);
  });

  it('refuses a change without a reason, and one that changes nothing', () => {
    const s = raised();
    expect(refusalOf(s.decide(change('2027-03-04T10:00', { reason: ' ', flags: ['separate-complaints'] })))).toEqual({
      code: 'invalid',
      message: "Record why the case's facts changed",
    });
    expect(refusalOf(s.decide(change('2027-03-04T10:00', {})))).toEqual({
      code: 'invalid',
      message: 'Say what changed: the case workers, the flags or both',
    });
  });

  it('given a flag that adds a copy of the letter, when it is added after raising, then the letter due is copied to the deputy', () => {
    const s = raised();
    s.act('stage1.meeting', chair, '2027-03-05T10:00', meetingDetails);
    const copies = () => s.engine.lettersDue(s.state, london('2027-03-05T11:00')).flatMap((l) => l.copies.map((c) => c.to));
    expect(copies()).toEqual(['officer']);
    s.command(change('2027-03-05T11:00', { flags: ['separate-complaints'] }));
    expect(copies()).toEqual(['officer', 'deputy']);
  });

  it('raises a limitation a new flag brings into play, as raising the case would, and not again for one already there', () => {
    const s = raised();
    const events = eventsOf(s.decide(change('2027-03-04T10:00', { flags: ['legal-proceedings'] })));
    expect(events[1]).toEqual({
      type: 'LimitationApplies',
      at: london('2027-03-04T10:00'),
      by: ref(officer),
      flag: 'legal-proceedings',
      clause: 'testshire 20',
    });
    s.command(change('2027-03-04T10:00', { flags: ['legal-proceedings'] }));
    expect(eventsOf(s.decide(change('2027-03-04T11:00', { flags: ['legal-proceedings', 'separate-complaints'] })))).toHaveLength(1);
  });

  it("keeps a child's challenge flagged as the child's whatever flags are given", () => {
    const s = testshire();
    s.raise({ conferenceAt: CONFERENCE, receivedAt: RECEIVED, complainant: { kind: 'child', sufficientUnderstanding: true } });
    s.command(change('2027-03-04T10:00', { flags: ['separate-complaints'] }));
    expect(s.open.flags).toEqual(['separate-complaints', 'child-complainant']);
  });
});
