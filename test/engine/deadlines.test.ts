import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../src/core/calendar/index.js';
import { computeRule, rememberingDueOf } from '../../src/core/engine/deadlines.js';
import { loadProcedure } from '../../src/core/procedures/validate.js';
import { engineProcedure } from '../support/engineProcedure.js';
import { london } from '../support/scenario.js';
import {
  CONFERENCE,
  RECEIVED,
  chair,
  complainant,
  decision,
  letterSent,
  manager,
  meetingDetails,
  officer,
  panelChair,
  panelConvened,
  raised,
  testshire,
} from './given.js';

describe("a case's deadlines", () => {
  it('given a complaint received Wed 3 Mar 2027, then the meeting is due Wed 10 Mar and open until the end of that day, then missed', () => {
    const s = raised();
    // 5 working days after Wed 3 Mar 2027: Wed 10 Mar 2027
    s.expectDue('meet', '2027-03-04T10:00', '2027-03-10');
    expect(s.deadline('meet', '2027-03-10T23:59').status).toBe('open');
    expect(s.deadline('meet', '2027-03-11T00:00').status).toBe('missed');
    expect(s.deadline('meet', '2027-03-04T10:00').ownerTitle).toBe('Conference chair');
  });

  it('is met by the end of the due day, and met late after it', () => {
    const inTime = raised();
    inTime.act('stage1.meeting', chair, '2027-03-10T23:59', meetingDetails);
    expect(inTime.deadline('meet', '2027-03-12T10:00')).toMatchObject({ status: 'met', metAt: london('2027-03-10T23:59') });
    const late = raised();
    late.act('stage1.meeting', chair, '2027-03-11T00:00', meetingDetails);
    expect(late.deadline('meet', '2027-03-12T10:00').status).toBe('met-late');
  });

  it("lapses (not missed) when it is the family's time limit that passes", () => {
    const s = letterSent();
    // the letter received Mon 8 Mar 2027: 10 working days, Mon 22 Mar 2027
    expect(s.deadline('escalate', '2027-03-22T23:59').status).toBe('open');
    expect(s.deadline('escalate', '2027-03-23T00:00').status).toBe('lapsed');
  });

  it('is no longer needed once the case closes before it falls due, and still missed if it closed after', () => {
    const early = raised();
    early.command({ type: 'WithdrawChallenge', actor: officer, now: london('2027-03-04T10:00'), reason: 'Withdrawn' });
    expect(early.deadline('meet', '2027-03-20T10:00').status).toBe('not-needed');
    const after = raised();
    after.command({ type: 'WithdrawChallenge', actor: officer, now: london('2027-03-11T00:00'), reason: 'Withdrawn' });
    expect(after.deadline('meet', '2027-03-20T10:00').status).toBe('missed');
  });

  it('is no longer needed once the case leaves the stage where alone it could be met', () => {
    const s = panelConvened();
    s.act('stage2.decided', panelChair, '2027-03-12T10:00', decision(['apology', 'reconsider']));
    s.expectStage('stage-3');
    expect(s.deadline('apologise', '2027-03-30T10:00').status).toBe('not-needed');
  });

  it('stays open after the case leaves the stage where a later stage can still meet it', () => {
    const s = panelConvened((p) => {
      p.actions.push({
        id: 'stage3.apology-sent',
        label: 'Send the apology',
        stage: 'stage-3',
        kind: 'record',
        by: ['officer'],
        clause: 'testshire 12',
        records: 'stage2.apology-sent',
        optional: true,
      });
    });
    s.act('stage2.decided', panelChair, '2027-03-12T10:00', decision(['apology', 'reconsider']));
    // 5 working days after Fri 12 Mar 2027: Fri 19 Mar 2027
    expect(s.deadline('apologise', '2027-03-15T10:00')).toMatchObject({ status: 'open', due: { dueDate: '2027-03-19' } });
  });

  it('starts a deadline that applies only after an outcome only once that outcome is chosen', () => {
    const s = panelConvened();
    s.act('stage2.decided', panelChair, '2027-03-12T10:00', decision(['reconsider']));
    expect(s.deadlines('2027-03-12T10:00').map((d) => d.rule.id)).not.toContain('apologise');
  });

  it('lists the started deadlines of the case track, soonest first', () => {
    const s = raised();
    s.minutesSent(officer, '2027-03-02T12:00');
    s.act('stage1.meeting', chair, '2027-03-05T10:00', meetingDetails);
    // meet Wed 10 Mar; write Fri 12 Mar; complain Tue 16 Mar
    expect(s.deadlines('2027-03-05T10:00').map((d) => [d.rule.id, d.due.dueDate])).toEqual([
      ['meet', '2027-03-10'],
      ['write', '2027-03-12'],
      ['complain', '2027-03-16'],
    ]);
    const otherTrack = testshire((p) => {
      p.stages.push({ id: 'stage-9', name: 'Stage 9', clause: 'testshire 9', terminal: true });
      p.deadlines.push({
        id: 'other',
        label: 'Other',
        stage: 'stage-9',
        owner: 'officer',
        from: 'complaint.received',
        fromDescription: 'x',
        limit: { unit: 'days', amount: 1 },
        binds: 'authority',
        metBy: 'stage1.meeting',
        clause: 'testshire 9',
      });
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
    otherTrack.raise({ conferenceAt: CONFERENCE, receivedAt: RECEIVED });
    expect(otherTrack.deadlines('2027-03-05T10:00').map((d) => d.rule.id)).toEqual(['meet']);
  });
});

describe('who may act, from the procedure roles', () => {
  it('lets a role that must not have been involved earlier act again in the same stage', () => {
    const s = testshire();
    s.raise({ conferenceAt: CONFERENCE, receivedAt: RECEIVED, actor: manager });
    s.act('stage1.meeting', chair, '2027-03-05T10:00', meetingDetails);
    s.act('stage1.letter', chair, '2027-03-08T10:00', {
      kind: 'letter',
      method: 'email',
      content: { 'outcome-of-meeting': 'Agreed' },
      copiedTo: ['officer'],
    });
    expect(s.tryAct('stage1.route', manager, '2027-03-09T10:00', { kind: 'choice', option: 'note', reason: 'Noted' })).toEqual({
      ok: true,
    });
    expect(s.open.actorsByStage['stage-1']).toEqual(['manager-1', 'chair-1']);
    s.act('stage1.escalation-requested', complainant, '2027-03-10T10:00', { kind: 'request' });
    expect(s.open.actorsByStage).toEqual({ 'stage-1': ['manager-1', 'chair-1'], 'stage-2': ['parent-1'] });
  });
});

describe('how a deadline counts', () => {
  const inDays = (binds: 'authority' | 'family', roll?: 'forward' | 'none') =>
    raised((p) => {
      p.deadlines.push({
        id: 'days',
        label: 'Days',
        stage: 'stage-1',
        owner: 'officer',
        from: 'complaint.received',
        fromDescription: 'the complaint was received',
        limit: { unit: 'days', amount: 3 },
        binds,
        ...(roll === undefined ? {} : { roll }),
        metBy: 'stage1.noted',
        clause: 'testshire 1',
      });
    });

  it("lets a duty fall on a weekend, but carries the family's time limit to the next working day", () => {
    // 3 days after Wed 3 Mar 2027: Sat 6 Mar 2027; the next working day is Mon 8 Mar 2027
    inDays('authority').expectDue('days', '2027-03-04T10:00', '2027-03-06');
    inDays('family').expectDue('days', '2027-03-04T10:00', '2027-03-08');
    inDays('authority', 'forward').expectDue('days', '2027-03-04T10:00', '2027-03-08');
    inDays('family', 'none').expectDue('days', '2027-03-04T10:00', '2027-03-06');
  });

  it('explains itself from what the procedure says it runs from, citing the clause', () => {
    const { due } = raised().deadline('meet', '2027-03-04T10:00');
    expect(due.explanation).toContain('the complaint was received');
    expect(due.explanation).toContain('testshire 2');
  });

  it('keeps open a duty met by a milestone any stage can record, after the case leaves its stage', () => {
    const s = letterSent((p) => {
      p.deadlines.push({
        id: 'minutes',
        label: 'Send the minutes',
        stage: 'stage-1',
        owner: 'officer',
        from: 'complaint.received',
        fromDescription: 'the complaint was received',
        limit: { unit: 'working-days', amount: 20 },
        binds: 'authority',
        metBy: 'conference.minutes-sent',
        clause: 'testshire 1',
      });
    });
    s.act('stage1.escalation-requested', complainant, '2027-03-10T10:00', { kind: 'request' });
    // 20 working days after Wed 3 Mar 2027, skipping Good Friday and Easter Monday: Fri 2 Apr 2027
    expect(s.deadline('minutes', '2027-03-11T10:00')).toMatchObject({ status: 'open', due: { dueDate: '2027-04-02' } });
  });

  it('is met by a milestone no action records, such as a letter deemed received, counted once (ADR 0034 counts only actions)', () => {
    const s = letterSent((p) => {
      const write = p.deadlines.find((d) => d.id === 'write');
      if (write === undefined) throw new Error('no write deadline');
      p.deadlines.push({ ...write, id: 'reach', label: 'The letter reaches the family', metBy: 'stage1.letter.received' });
    });
    // The meeting Fri 5 Mar 2027, so due 5 working days later, Fri 12 Mar; the letter emailed Mon 8 Mar 2027 is received that day.
    expect(s.deadline('reach', '2027-03-09T10:00')).toMatchObject({
      status: 'met',
      metAt: london('2027-03-08T10:00'),
      due: { dueDate: '2027-03-12' },
    });
  });

  it('ends a duty when the case leaves the only stage that could meet it, before or after it falls due', () => {
    const s = letterSent((p) => {
      p.deadlines.push({
        id: 'route',
        label: 'Route',
        stage: 'stage-1',
        owner: 'manager',
        from: 'stage1.letter',
        fromDescription: 'the letter',
        limit: { unit: 'working-days', amount: 10 },
        binds: 'authority',
        metBy: 'stage1.route',
        clause: 'testshire 3',
      });
    });
    expect(s.deadline('route', '2027-03-09T10:00').status).toBe('open');
    s.act('stage1.escalation-requested', complainant, '2027-03-10T10:00', { kind: 'request' });
    expect(s.deadline('route', '2027-03-09T10:00').status).toBe('not-needed');
    expect(s.deadline('route', '2027-03-30T10:00').status).toBe('not-needed');
  });
});

describe('remembering when a deadline falls due', () => {
  it("gives the answer it worked out before for the same rule and instant, and forgets a rule's answers once it holds as many as its limit", () => {
    const calendar = WorkingCalendar.create();
    const dueOf = rememberingDueOf(calendar, 2);
    const rule = loadProcedure(engineProcedure()).deadlines.find((d) => d.id === 'meet');
    if (rule === undefined) throw new Error('no meet deadline');
    const [first, second, third] = ['2027-03-03T10:00', '2027-03-04T10:00', '2027-03-05T10:00'].map(london);
    if (first === undefined || second === undefined || third === undefined) throw new Error('three instants');
    const remembered = dueOf(rule, first);
    expect(remembered).toEqual(computeRule(calendar, rule, first));
    expect(dueOf(rule, first)).toBe(remembered);
    dueOf(rule, second);
    expect(dueOf(rule, first)).toBe(remembered);
    // Two answers held: the third instant clears them first.
    dueOf(rule, third);
    const again = dueOf(rule, first);
    expect(again).not.toBe(remembered);
    expect(again).toEqual(remembered);
  });
});
