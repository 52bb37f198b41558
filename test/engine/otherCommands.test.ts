import { describe, expect, it } from 'vitest';
import { isoDate } from '../../src/core/calendar/index.js';
import { INITIAL_STATE, type Command } from '../../src/core/engine/model.js';
import { actor, london } from '../support/scenario.js';
import {
  CONFERENCE,
  chair,
  complainant,
  eventsOf,
  letterSent,
  manager,
  officer,
  panelChair,
  raised,
  refusalOf,
  testshire,
} from './given.js';

const ref = (a: { id: string; role: string }) => ({ id: a.id, role: a.role });

const minutes = (sentAt: string, now: string, method: 'email' | 'first-class-post' = 'email', by = officer): Command => ({
  type: 'RecordConferenceMinutesSent',
  actor: by,
  now: london(now),
  sentAt: london(sentAt),
  method,
});
const receipt = (milestone: string, receivedOn: string, now: string): Command => ({
  type: 'RecordReceipt',
  actor: officer,
  now: london(now),
  milestone,
  receivedOn: isoDate(receivedOn),
});
const withdraw = (reason: string, now = '2027-03-04T10:00', by = officer): Command => ({
  type: 'WithdrawChallenge',
  actor: by,
  now: london(now),
  reason,
});
const decideLate = (
  deadline: string,
  accept: boolean,
  reason = 'The parent was in hospital',
  by = officer,
  now = '2027-03-17T12:00',
): Command => ({
  type: 'DecideLateArrival',
  actor: by,
  now: london(now),
  deadline,
  accept,
  reason,
});
const decideLimitation = (proceed: boolean, reason = 'The proceedings concern other matters', by = officer): Command => ({
  type: 'DecideLimitation',
  actor: by,
  now: london('2027-03-04T10:00'),
  flag: 'legal-proceedings',
  proceed,
  reason,
});

/** Given a complaint received at the first moment it is late: the minutes went by email on Tue 2 Mar 2027, due 10 working days later (Tue 16 Mar). */
function receivedLate() {
  const s = testshire();
  s.raise({ conferenceAt: CONFERENCE, receivedAt: '2027-03-17T00:00', now: '2027-03-17T10:00' });
  expect(s.command(minutes('2027-03-02T12:00', '2027-03-17T10:00'))).toEqual({ ok: true });
  return s;
}

describe('every command but RaiseChallenge needs an open case', () => {
  const commands: Command[] = [
    minutes(CONFERENCE, '2027-03-04T10:00'),
    receipt('conference.minutes-received', '2027-03-03', '2027-03-04T10:00'),
    decideLate('complain', true),
    decideLimitation(true),
    withdraw('The parent withdrew'),
  ];
  it.each(commands.map((c) => [c.type, c] as const))('refuses %s before a challenge is raised, and after it closes', (_, command) => {
    const s = raised();
    expect(s.engine.decide(INITIAL_STATE, command)).toEqual({
      ok: false,
      refusal: { code: 'not-raised', message: 'No challenge has been raised yet' },
    });
    s.command(withdraw('The parent withdrew', '2027-03-03T12:00'));
    expect(s.decide(command)).toEqual({ ok: false, refusal: { code: 'closed', message: 'The challenge is closed' } });
  });
});

describe('RecordConferenceMinutesSent', () => {
  it('given a case, when the minutes were sent by post, then they are deemed received two working days later and the time to complain runs from then', () => {
    const s = raised();
    // posted Tue 2 Mar 2027: deemed received Thu 4 Mar 2027
    expect(eventsOf(s.decide(minutes('2027-03-02T12:00', '2027-03-03T11:00', 'first-class-post')))).toEqual([
      {
        type: 'ConferenceMinutesSent',
        at: london('2027-03-03T11:00'),
        by: ref(officer),
        sentAt: london('2027-03-02T12:00'),
        method: 'first-class-post',
        deemedReceivedOn: '2027-03-04',
      },
    ]);
    s.command(minutes('2027-03-02T12:00', '2027-03-03T11:00', 'first-class-post'));
    // 10 working days after Thu 4 Mar 2027: Thu 18 Mar 2027
    s.expectDue('complain', '2027-03-03T11:00', '2027-03-18');
    expect(s.deadline('complain', '2027-03-03T11:00').status).toBe('met');
  });

  it('leaves who may record the minutes to the service: the engine asks no product role', () => {
    const s = raised();
    expect(s.decide(minutes('2027-03-02T12:00', '2027-03-03T11:00', 'email', panelChair)).ok).toBe(true);
    expect(s.decide(minutes('2027-03-02T12:00', '2027-03-03T11:00', 'email', actor('senior-safeguarding-manager'))).ok).toBe(true);
  });

  it('refuses minutes sent in the future or before the conference as invalid, and accepts them at either bound', () => {
    const s = raised();
    expect(refusalOf(s.decide(minutes('2027-03-03T11:01', '2027-03-03T11:00')))).toEqual({
      code: 'invalid',
      message: 'The minutes cannot be sent in the future',
    });
    expect(refusalOf(s.decide(minutes('2027-03-02T09:59', '2027-03-03T11:00')))).toEqual({
      code: 'invalid',
      message: 'The minutes cannot be sent before the conference',
    });
    expect(s.decide(minutes('2027-03-03T11:00', '2027-03-03T11:00')).ok).toBe(true);
    expect(s.decide(minutes(CONFERENCE, '2027-03-03T11:00')).ok).toBe(true);
  });

  it('given the complaint arrived in time, on the last day, then nothing waits for a decision', () => {
    const s = testshire();
    s.raise({ conferenceAt: CONFERENCE, receivedAt: '2027-03-16T23:59' });
    expect(eventsOf(s.decide(minutes('2027-03-02T12:00', '2027-03-17T10:00'))).map((e) => e.type)).toEqual(['ConferenceMinutesSent']);
  });

  it('given the complaint arrived after the time limit, then its late arrival waits for a decision, once', () => {
    const s = testshire();
    s.raise({ conferenceAt: CONFERENCE, receivedAt: '2027-03-17T00:00', now: '2027-03-17T10:00' });
    const events = eventsOf(s.decide(minutes('2027-03-02T12:00', '2027-03-17T10:00')));
    expect(events[1]).toEqual({
      type: 'ArrivedAfterTimeLimit',
      at: london('2027-03-17T10:00'),
      occurredAt: london('2027-03-02T12:00'),
      by: ref(officer),
      deadline: 'complain',
      due: '2027-03-16',
      clause: 'testshire 14',
    });
    s.command(minutes('2027-03-02T12:00', '2027-03-17T10:00'));
    expect(eventsOf(s.decide(minutes('2027-03-02T12:00', '2027-03-17T11:00'))).map((e) => e.type)).toEqual(['ConferenceMinutesSent']);
  });

  it('looks for late arrivals only on the case track and only where the procedure allows late acceptance', () => {
    const noDiscretion = testshire((p) => {
      const rule = p.deadlines.find((d) => d.id === 'complain');
      if (rule) delete rule.lateAcceptance;
    });
    noDiscretion.raise({ conferenceAt: CONFERENCE, receivedAt: '2027-03-17T00:00', now: '2027-03-17T10:00' });
    expect(eventsOf(noDiscretion.decide(minutes('2027-03-02T12:00', '2027-03-17T10:00'))).map((e) => e.type)).toEqual([
      'ConferenceMinutesSent',
    ]);
    const otherTrack = testshire((p) => {
      const rule = p.deadlines.find((d) => d.id === 'complain');
      if (rule) rule.stage = 'stage-9';
      p.stages.push({ id: 'stage-9', name: 'Stage 9', clause: 'testshire 9', terminal: true });
      p.tracks.push({
        id: 'professional-dissent',
        label: 'Dissent',
        clause: 'testshire 9',
        startStage: 'stage-9',
        raisedBy: ['professional'],
        aspects: [{ aspect: 'decision', clause: 'testshire 9' }],
        conferenceTypes: ['initial'],
        raisedMilestone: 'complaint.received',
      });
    });
    otherTrack.raise({ conferenceAt: CONFERENCE, receivedAt: '2027-03-17T00:00', now: '2027-03-17T10:00' });
    expect(eventsOf(otherTrack.decide(minutes('2027-03-02T12:00', '2027-03-17T10:00'))).map((e) => e.type)).toEqual([
      'ConferenceMinutesSent',
    ]);
  });
});

describe('RecordReceipt', () => {
  it('given the letter sent, when its actual receipt is recorded, then the escalation runs from that day', () => {
    const s = letterSent();
    expect(eventsOf(s.decide(receipt('stage1.letter.received', '2027-03-09', '2027-03-09T10:00')))).toEqual([
      {
        type: 'ReceiptRecorded',
        at: london('2027-03-09T10:00'),
        by: ref(officer),
        milestone: 'stage1.letter.received',
        receivedOn: '2027-03-09',
      },
    ]);
    s.command(receipt('stage1.letter.received', '2027-03-09', '2027-03-09T10:00'));
    // 10 working days after Tue 9 Mar 2027: Tue 23 Mar 2027
    s.expectDue('escalate', '2027-03-09T10:00', '2027-03-23');
  });

  it('records the actual receipt of the minutes, which a later deemed receipt does not replace', () => {
    const s = raised();
    s.command(minutes('2027-03-02T12:00', '2027-03-03T11:00', 'first-class-post'));
    expect(s.command(receipt('conference.minutes-received', '2027-03-05', '2027-03-05T10:00'))).toEqual({ ok: true });
    s.command(minutes('2027-03-02T12:00', '2027-03-05T11:00', 'email'));
    // 10 working days after Fri 5 Mar 2027: Fri 19 Mar 2027
    s.expectDue('complain', '2027-03-05T11:00', '2027-03-19');
  });

  it.each([
    ['a milestone that is not a receipt', 'stage1.letter', '2027-03-09', 'Only the receipt of a letter or of the minutes can be recorded'],
    ['a receipt of something never sent', 'stage1.route.received', '2027-03-09', 'Nothing has been sent that this receipt could be for'],
    ['a receipt before it was sent', 'stage1.letter.received', '2027-03-07', 'It cannot be received before it was sent'],
    ['a receipt dated in the future', 'stage1.letter.received', '2027-03-10', 'The date received cannot be in the future'],
  ])('refuses %s as invalid', (_, milestone, receivedOn, message) => {
    const s = letterSent();
    expect(refusalOf(s.decide(receipt(milestone, receivedOn, '2027-03-09T23:00')))).toEqual({ code: 'invalid', message });
  });

  it('accepts a receipt on the day it was sent or on the day it is recorded', () => {
    const s = letterSent();
    expect(s.decide(receipt('stage1.letter.received', '2027-03-08', '2027-03-09T10:00')).ok).toBe(true);
    expect(s.decide(receipt('stage1.letter.received', '2027-03-09', '2027-03-09T00:00')).ok).toBe(true);
  });

  it('refuses a receipt of the minutes before they are recorded as sent', () => {
    const s = raised();
    expect(refusalOf(s.decide(receipt('conference.minutes-received', '2027-03-03', '2027-03-03T11:00')))).toMatchObject({
      message: 'Nothing has been sent that this receipt could be for',
    });
  });

  it('given minutes deemed received later than they were, when the actual receipt is recorded, then a complaint it makes late waits for a decision', () => {
    const s = testshire();
    s.raise({ conferenceAt: CONFERENCE, receivedAt: '2027-03-17T00:00', now: '2027-03-17T10:00' });
    // posted Tue 2 Mar 2027, deemed received Thu 4 Mar: due Thu 18 Mar, so the complaint is in time
    expect(eventsOf(s.decide(minutes('2027-03-02T12:00', '2027-03-17T10:00', 'first-class-post'))).map((e) => e.type)).toEqual([
      'ConferenceMinutesSent',
    ]);
    s.command(minutes('2027-03-02T12:00', '2027-03-17T10:00', 'first-class-post'));
    // actually received Tue 2 Mar: due Tue 16 Mar, so the complaint of Wed 17 Mar is late
    expect(eventsOf(s.decide(receipt('conference.minutes-received', '2027-03-02', '2027-03-17T11:00'))).map((e) => e.type)).toEqual([
      'ReceiptRecorded',
      'ArrivedAfterTimeLimit',
    ]);
  });
});

describe('DecideLateArrival', () => {
  it('given a late complaint, when the officer accepts it with reasons, then the case carries on', () => {
    const s = receivedLate();
    expect(eventsOf(s.decide(decideLate('complain', true)))).toEqual([
      {
        type: 'LateArrivalDecided',
        at: london('2027-03-17T12:00'),
        occurredAt: london('2027-03-17T12:00'),
        by: ref(officer),
        deadline: 'complain',
        accepted: true,
        reason: 'The parent was in hospital',
        clause: 'testshire 14',
      },
    ]);
    s.command(decideLate('complain', true));
    expect(s.tryAct('stage1.noted', officer, '2027-03-17T13:00')).toEqual({ ok: true });
  });

  it('given a late complaint, when the officer does not accept it, then the challenge closes as not accepted', () => {
    const s = receivedLate();
    expect(eventsOf(s.decide(decideLate('complain', false)))[1]).toEqual({
      type: 'ChallengeClosed',
      at: london('2027-03-17T12:00'),
      occurredAt: london('2027-03-17T12:00'),
      by: ref(officer),
      outcome: 'not-accepted',
      summary: 'Not accepted: it arrived after the time limit',
      clause: 'testshire 14',
    });
  });

  it('refuses a decision where nothing is waiting for one, or already decided, as invalid', () => {
    expect(refusalOf(raised().decide(decideLate('complain', true)))).toEqual({
      code: 'invalid',
      message: 'Nothing is waiting for a decision on a late arrival',
    });
    const s = receivedLate();
    expect(refusalOf(s.decide(decideLate('meet', true)))).toMatchObject({ code: 'invalid' });
    s.command(decideLate('complain', true));
    expect(refusalOf(s.decide(decideLate('complain', true)))).toMatchObject({ code: 'invalid' });
  });

  it('refuses anyone but the role the procedure names as not permitted, and an empty reason as invalid', () => {
    const s = receivedLate();
    expect(refusalOf(s.decide(decideLate('complain', true, 'x', chair)))).toEqual({
      code: 'not-permitted',
      message: 'Only Complaints officer may do this',
      clause: 'testshire 14',
    });
    expect(refusalOf(s.decide(decideLate('complain', true, '  ')))).toEqual({
      code: 'invalid',
      message: 'Record the exceptional circumstances behind the decision',
      clause: 'testshire 14',
    });
  });
});

describe('DecideLateArrival for a time limit that nothing arrived after', () => {
  it('refuses a decision on a time limit other than the one missed', () => {
    const s = receivedLate();
    expect(refusalOf(s.decide(decideLate('escalate', true)))).toEqual({
      code: 'invalid',
      message: 'Nothing is waiting for a decision on a late arrival',
    });
  });
});

describe('DecideLimitation', () => {
  it('given legal proceedings, when the officer decides the challenge can proceed, then it does', () => {
    const s = raised(undefined, ['legal-proceedings']);
    expect(eventsOf(s.decide(decideLimitation(true)))).toEqual([
      {
        type: 'LimitationDecided',
        at: london('2027-03-04T10:00'),
        occurredAt: london('2027-03-04T10:00'),
        by: ref(officer),
        flag: 'legal-proceedings',
        proceed: true,
        reason: 'The proceedings concern other matters',
        clause: 'testshire 20',
      },
    ]);
    s.command(decideLimitation(true));
    expect(s.open.pendingLimitations).toEqual([]);
  });

  it.each([
    ['cannot-address', 'Not considered: the matters are the subject of legal proceedings'],
    ['authority-discretion', 'Not considered: considering it would prejudice concurrent proceedings'],
  ] as const)('given a limitation that %s, when it stops the challenge, then the challenge closes saying why', (effect, summary) => {
    const s = raised(
      (p) => {
        p.limitations = p.limitations.map((l) => ({ ...l, effect }));
      },
      ['legal-proceedings'],
    );
    expect(eventsOf(s.decide(decideLimitation(false)))[1]).toEqual({
      type: 'ChallengeClosed',
      at: london('2027-03-04T10:00'),
      occurredAt: london('2027-03-04T10:00'),
      by: ref(officer),
      outcome: 'not-accepted',
      summary,
      clause: 'testshire 20',
    });
  });

  it('refuses a decision where no limitation waits, anyone but the role named, and an empty reason', () => {
    expect(refusalOf(raised().decide(decideLimitation(true)))).toEqual({
      code: 'invalid',
      message: 'No limitation is waiting for a decision',
    });
    const s = raised(undefined, ['legal-proceedings']);
    expect(refusalOf(s.decide(decideLimitation(true, 'x', manager)))).toEqual({
      code: 'not-permitted',
      message: 'Only Complaints officer may do this',
      clause: 'testshire 20',
    });
    expect(refusalOf(s.decide(decideLimitation(true, ' ')))).toEqual({
      code: 'invalid',
      message: 'Record the reason for the decision',
      clause: 'testshire 20',
    });
  });

  it('says which limitation waits where it is not legal proceedings', () => {
    const s = raised(
      (p) => {
        p.limitations = [
          { flag: 'issues-outside-procedure', effect: 'authority-discretion', decidedBy: ['officer'], clause: 'testshire 20' },
        ];
      },
      ['issues-outside-procedure'],
    );
    expect(refusalOf(s.decide(s.perform('stage1.noted', officer, '2027-03-04T10:00')))).toMatchObject({
      code: 'awaiting-decision',
      message: 'First decide whether the limitation on this challenge applies',
    });
  });
  it('given two limitations, when one is decided, then the other still holds up the case', () => {
    const s = raised(
      (p) => {
        p.limitations = [
          ...p.limitations,
          { flag: 'issues-outside-procedure', effect: 'authority-discretion', decidedBy: ['officer'], clause: 'testshire 19' },
        ];
      },
      ['legal-proceedings', 'issues-outside-procedure'],
    );
    s.command(decideLimitation(true));
    expect(s.open.pendingLimitations).toEqual([{ flag: 'issues-outside-procedure', clause: 'testshire 19' }]);
    expect(refusalOf(s.decide(s.perform('stage1.noted', officer, '2027-03-04T11:00')))).toEqual({
      code: 'awaiting-decision',
      message: 'First decide whether the limitation on this challenge applies',
      clause: 'testshire 19',
    });
  });
  it('decides only the limitation named: one that does not wait is refused, and each is decided by the role its own rule names', () => {
    const s = raised(
      (p) => {
        p.limitations = [
          ...p.limitations,
          { flag: 'issues-outside-procedure', effect: 'authority-discretion', decidedBy: ['manager'], clause: 'testshire 19' },
        ];
      },
      ['issues-outside-procedure'],
    );
    expect(refusalOf(s.decide(decideLimitation(true)))).toEqual({ code: 'invalid', message: 'No limitation is waiting for a decision' });
    const outside = (by: typeof officer): Command => ({
      type: 'DecideLimitation',
      actor: by,
      now: london('2027-03-04T10:00'),
      flag: 'issues-outside-procedure',
      proceed: true,
      reason: 'Within the procedure',
    });
    expect(refusalOf(s.decide(outside(officer)))).toEqual({
      code: 'not-permitted',
      message: 'Only Service manager may do this',
      clause: 'testshire 19',
    });
    expect(s.decide(outside(manager)).ok).toBe(true);
  });
});

describe('WithdrawChallenge', () => {
  it('given an open case, when it is withdrawn with a reason, then it closes as withdrawn', () => {
    const s = raised();
    expect(eventsOf(s.decide(withdraw('Resolved with the social worker', '2027-03-04T10:00', complainant)))).toEqual([
      {
        type: 'ChallengeClosed',
        at: london('2027-03-04T10:00'),
        occurredAt: london('2027-03-04T10:00'),
        by: ref(complainant),
        outcome: 'withdrawn',
        summary: 'Resolved with the social worker',
        withdrawn: true,
      },
    ]);
  });

  it('refuses a withdrawal without a reason as invalid, and leaves who may record it to the service', () => {
    const s = raised();
    expect(refusalOf(s.decide(withdraw(' ')))).toEqual({ code: 'invalid', message: 'Record why the challenge was withdrawn' });
    expect(s.decide(withdraw('Recorded at the parent’s request', '2027-03-04T10:00', panelChair)).ok).toBe(true);
  });
});
