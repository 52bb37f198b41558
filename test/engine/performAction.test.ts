import { describe, expect, it } from 'vitest';
import { INITIAL_STATE } from '../../src/core/engine/model.js';
import { london } from '../support/scenario.js';
import {
  CONFERENCE,
  RECEIVED,
  chair,
  complainant,
  decision,
  deputy,
  eventsOf,
  letterDetails,
  letterSent,
  manager,
  meetingDetails,
  member,
  officer,
  otherChair,
  otherManager,
  panel,
  panelChair,
  panelConvened,
  raised,
  refusalOf,
  testshire,
} from './given.js';

const ref = (a: { id: string; role: string }) => ({ id: a.id, role: a.role });

describe('PerformAction: refusals before the details are looked at', () => {
  it('given nothing raised, then it is refused as not raised', () => {
    const s = testshire();
    expect(s.engine.decide(INITIAL_STATE, s.perform('stage1.noted', officer, RECEIVED))).toEqual({
      ok: false,
      refusal: { code: 'not-raised', message: 'No challenge has been raised yet' },
    });
  });

  it('given the challenge closed, then it is refused as closed', () => {
    const s = raised();
    s.command({ type: 'WithdrawChallenge', actor: officer, now: london('2027-03-04T10:00'), reason: 'The parent withdrew' });
    expect(refusalOf(s.decide(s.perform('stage1.noted', officer, '2027-03-04T11:00')))).toEqual({
      code: 'closed',
      message: 'The challenge is closed',
    });
  });

  it('refuses an action the procedure does not have as invalid', () => {
    const s = raised();
    expect(refusalOf(s.decide(s.perform('stage1.invented', officer, RECEIVED)))).toEqual({
      code: 'invalid',
      message: 'This procedure has no action "stage1.invented"',
    });
  });

  it('refuses an action of another stage as not available, naming both stages', () => {
    const s = raised();
    expect(refusalOf(s.decide(s.perform('stage2.panel-convened', manager, RECEIVED, { kind: 'panel', members: panel })))).toEqual({
      code: 'not-available',
      message: 'This belongs to Stage 2; the challenge is at Stage 1',
      clause: 'testshire 10',
    });
  });

  it('refuses a one-off action done a second time as not available', () => {
    const s = raised();
    s.act('stage1.meeting', chair, '2027-03-05T10:00', meetingDetails);
    expect(refusalOf(s.decide(s.perform('stage1.meeting', chair, '2027-03-05T11:00', meetingDetails)))).toEqual({
      code: 'not-available',
      message: 'This has already been done',
      clause: 'testshire 2',
    });
  });

  it('lets a repeatable action be done again', () => {
    const s = raised();
    s.act('stage1.noted', officer, '2027-03-04T10:00');
    s.act('stage1.noted', officer, '2027-03-04T11:00');
    expect(s.open.actionCounts['stage1.noted']).toBe(2);
  });

  it('refuses an action before what it needs first, naming it', () => {
    const s = raised();
    expect(refusalOf(s.decide(s.perform('stage1.letter', chair, '2027-03-04T10:00', letterDetails())))).toEqual({
      code: 'not-available',
      message: 'This needs first: Meet the complainant',
      clause: 'testshire 2',
    });
  });

  it('names a needed outcome by its label, or a milestone by the action that records it', () => {
    const s = panelConvened((p) => {
      const apology = p.actions.find((a) => a.id === 'stage2.apology-sent');
      if (apology) apology.requires = ['outcome:apology', 'stage2.decided'];
    });
    expect(refusalOf(s.decide(s.perform('stage2.apology-sent', officer, '2027-03-12T10:00')))).toMatchObject({
      message: 'This needs first: the outcome: Apologise; Record the decision',
    });
    const named = panelConvened((p) => {
      const apology = p.actions.find((a) => a.id === 'stage2.apology-sent');
      if (apology) apology.requires = ['chair.reminded'];
      const reminded = p.actions.find((a) => a.id === 'stage1.reminded');
      if (reminded) reminded.records = 'chair.reminded';
    });
    expect(refusalOf(named.decide(named.perform('stage2.apology-sent', officer, '2027-03-12T10:00')))).toMatchObject({
      message: 'This needs first: Remind the chair',
    });
  });

  it('refuses an action once what ends it has happened', () => {
    const s = letterSent();
    expect(refusalOf(s.decide(s.perform('stage1.reminded', officer, '2027-03-09T10:00')))).toEqual({
      code: 'not-available',
      message: 'This is no longer available at this point',
      clause: 'testshire 1',
    });
    expect(raised().tryAct('stage1.reminded', officer, '2027-03-04T10:00')).toEqual({ ok: true });
  });

  it('refuses an action for a kind of case this is not', () => {
    const s = raised();
    expect(refusalOf(s.decide(s.perform('stage1.chair-informed', deputy, '2027-03-04T10:00')))).toEqual({
      code: 'not-available',
      message: 'This does not apply to this challenge',
      clause: 'testshire 4',
    });
    expect(raised(undefined, ['about-the-chair']).tryAct('stage1.chair-informed', deputy, '2027-03-04T10:00')).toEqual({ ok: true });
  });

  it('refuses someone whose product role fills none of the procedure roles named, naming them', () => {
    const s = raised();
    expect(refusalOf(s.decide(s.perform('stage1.noted', chair, '2027-03-04T10:00')))).toEqual({
      code: 'not-permitted',
      message: 'Only Complaints officer may do this',
      clause: 'testshire 1',
    });
    const l = letterSent();
    expect(refusalOf(l.decide(l.perform('stage1.escalation-requested', officer, '2027-03-10T10:00', { kind: 'request' })))).toMatchObject({
      code: 'not-permitted',
      message: 'Only the complainant may do this',
    });
  });

  it('refuses a conference chair who did not chair the conference being challenged', () => {
    const s = raised();
    expect(refusalOf(s.decide(s.perform('stage1.meeting', otherChair, '2027-03-05T10:00', meetingDetails)))).toEqual({
      code: 'not-permitted',
      message: 'Only the chair of the conference being challenged may do this as Conference chair',
      clause: 'testshire 2',
    });
  });

  it('refuses someone involved at an earlier stage where the role must not have been', () => {
    const s = testshire();
    s.raise({ conferenceAt: CONFERENCE, receivedAt: RECEIVED, actor: manager });
    s.act('stage1.meeting', chair, '2027-03-05T10:00', meetingDetails);
    s.act('stage1.letter', chair, '2027-03-08T10:00', letterDetails());
    s.act('stage1.escalation-requested', complainant, '2027-03-10T10:00', { kind: 'request' });
    expect(refusalOf(s.decide(s.perform('stage2.panel-convened', manager, '2027-03-11T10:00', { kind: 'panel', members: panel })))).toEqual(
      {
        code: 'not-permitted',
        message: 'Service manager must be someone who was not involved at an earlier stage',
        clause: 'testshire 10',
      },
    );
    expect(s.tryAct('stage2.panel-convened', otherManager, '2027-03-11T10:00', { kind: 'panel', members: panel })).toEqual({ ok: true });
  });

  it('given a complaint about the chair, then what the chair would do goes to the deputy', () => {
    const s = raised(undefined, ['about-the-chair']);
    expect(refusalOf(s.decide(s.perform('stage1.meeting', chair, '2027-03-05T10:00', meetingDetails)))).toMatchObject({
      code: 'not-permitted',
      message: 'Only Deputy chair may do this',
    });
    expect(s.tryAct('stage1.meeting', deputy, '2027-03-05T10:00', meetingDetails)).toEqual({ ok: true });
  });

  it('given a limitation waiting for a decision, then every action waits for it', () => {
    const s = raised(undefined, ['legal-proceedings']);
    expect(refusalOf(s.decide(s.perform('stage1.noted', officer, '2027-03-04T10:00')))).toEqual({
      code: 'awaiting-decision',
      message: 'First decide whether legal proceedings prevent this challenge being considered',
      clause: 'testshire 20',
    });
  });

  it('given a late arrival waiting for a decision, then every action waits for it', () => {
    const s = raised();
    s.minutesSent(officer, '2027-03-02T12:00');
    const late = testshire();
    late.raise({ conferenceAt: CONFERENCE, receivedAt: '2027-03-17T00:00' });
    late.minutesSent(officer, '2027-03-02T12:00');
    expect(refusalOf(late.decide(late.perform('stage1.noted', officer, '2027-03-17T10:00')))).toEqual({
      code: 'awaiting-decision',
      message: 'First decide whether to accept what arrived after the time limit, and record why',
      clause: 'testshire 14',
    });
    expect(s.tryAct('stage1.noted', officer, '2027-03-04T10:00')).toEqual({ ok: true });
  });

  it('refuses a time it happened that is in the future or before the conference, and the wrong kind of details', () => {
    const s = raised();
    expect(refusalOf(s.decide(s.perform('stage1.noted', officer, '2027-03-04T10:00', { kind: 'record' }, '2027-03-04T10:01')))).toEqual({
      code: 'invalid',
      message: 'This cannot be recorded as happening in the future',
    });
    expect(refusalOf(s.decide(s.perform('stage1.noted', officer, '2027-03-04T10:00', { kind: 'record' }, '2027-03-02T09:59')))).toEqual({
      code: 'invalid',
      message: 'This cannot have happened before the conference',
    });
    expect(refusalOf(s.decide(s.perform('stage1.noted', officer, '2027-03-04T10:00', { kind: 'request' })))).toEqual({
      code: 'invalid',
      message: '"Note contact" needs record details, not request',
    });
    expect(
      eventsOf(s.decide(s.perform('stage1.noted', officer, '2027-03-04T10:00', { kind: 'record' }, '2027-03-02T10:00')))[0],
    ).toMatchObject({ occurredAt: london(CONFERENCE) });
    expect(
      eventsOf(s.decide(s.perform('stage1.noted', officer, '2027-03-04T10:00', { kind: 'record' }, '2027-03-04T10:00')))[0],
    ).toMatchObject({ occurredAt: london('2027-03-04T10:00') });
  });
});

describe('PerformAction: record', () => {
  it('given a case at Stage 1, when a contact is noted, then the action is recorded at its stage with its milestone', () => {
    const s = raised();
    expect(
      eventsOf(s.decide(s.perform('stage1.noted', officer, '2027-03-04T10:00', { kind: 'record', note: 'Phoned' }, '2027-03-04T09:00'))),
    ).toEqual([
      {
        type: 'ActionPerformed',
        at: london('2027-03-04T10:00'),
        by: ref(officer),
        action: 'stage1.noted',
        stage: 'stage-1',
        occurredAt: london('2027-03-04T09:00'),
        milestones: ['stage1.noted'],
        details: { kind: 'record', note: 'Phoned' },
      },
    ]);
  });
});

describe('PerformAction: meeting', () => {
  it('refuses a meeting whose minute-taker is missing or not of the role the procedure names', () => {
    const s = raised();
    expect(refusalOf(s.decide(s.perform('stage1.meeting', chair, '2027-03-05T10:00', { kind: 'meeting' })))).toEqual({
      code: 'invalid',
      message: 'Record who took the minutes of the meeting',
      clause: 'testshire 2',
      problems: [{ message: 'Record who took the minutes of the meeting', clause: 'testshire 2' }],
    });
    expect(
      refusalOf(
        s.decide(
          s.perform('stage1.meeting', chair, '2027-03-05T10:00', { kind: 'meeting', minuteTaker: { personId: 'x', role: 'chair' } }),
        ),
      ),
    ).toMatchObject({
      code: 'invalid',
      message: 'The minutes must be taken by Complaints officer',
    });
  });

  it('refuses a meeting chaired by the challenged chair, or without briefing, where the procedure says so', () => {
    const s = raised((p) => {
      const meeting = p.actions.find((a) => a.id === 'stage1.meeting');
      if (meeting?.meeting) meeting.meeting = { ...meeting.meeting, chairMustDiffer: 'testshire 7', briefingRequired: 'testshire 8' };
    });
    const problems = (details: { chairId?: string; briefed?: boolean }) => {
      const refusal = refusalOf(s.decide(s.perform('stage1.meeting', chair, '2027-03-05T10:00', { ...meetingDetails, ...details })));
      return refusal.problems?.map((p) => p.clause);
    };
    expect(problems({})).toEqual(['testshire 7', 'testshire 8']);
    expect(problems({ chairId: 'chair-1', briefed: true })).toEqual(['testshire 7']);
    expect(problems({ chairId: 'chair-2', briefed: false })).toEqual(['testshire 8']);
    expect(s.tryAct('stage1.meeting', chair, '2027-03-05T10:00', { ...meetingDetails, chairId: 'chair-2', briefed: true })).toEqual({
      ok: true,
    });
  });

  it('given a meeting held, then its deadline is met and the next one runs from it', () => {
    const s = raised();
    const events = eventsOf(s.decide(s.perform('stage1.meeting', chair, '2027-03-05T10:00', meetingDetails)));
    expect(events).toEqual([
      expect.objectContaining({
        type: 'ActionPerformed',
        action: 'stage1.meeting',
        stage: 'stage-1',
        milestones: ['stage1.meeting'],
        details: meetingDetails,
      }),
    ]);
    s.act('stage1.meeting', chair, '2027-03-05T10:00', meetingDetails);
    expect(s.deadline('meet', '2027-03-05T10:00').status).toBe('met');
    // 5 working days after Fri 5 Mar 2027 10:00: Fri 12 Mar 2027
    s.expectDue('write', '2027-03-05T10:00', '2027-03-12');
  });
});

describe('PerformAction: letter', () => {
  it('given the meeting held, when the letter is sent by email, then it is deemed received that day and states the date to escalate by', () => {
    const s = raised();
    s.act('stage1.meeting', chair, '2027-03-05T10:00', meetingDetails);
    const events = eventsOf(s.decide(s.perform('stage1.letter', chair, '2027-03-08T10:00', letterDetails())));
    // 10 working days after receipt on Mon 8 Mar 2027: Mon 22 Mar 2027
    expect(events).toEqual([
      expect.objectContaining({
        type: 'ActionPerformed',
        milestones: ['stage1.letter'],
        deemedReceivedOn: '2027-03-08',
        escalateBy: '2027-03-22',
      }),
    ]);
    s.act('stage1.letter', chair, '2027-03-08T10:00', letterDetails());
    s.expectDue('escalate', '2027-03-08T10:00', '2027-03-22');
    expect(s.open.letters).toEqual([expect.objectContaining({ letter: 'stage1.letter', escalateBy: '2027-03-22' })]);
  });

  it('given a letter posted first class, then it is deemed received two working days later and the escalation runs from then', () => {
    const s = raised();
    s.act('stage1.meeting', chair, '2027-03-05T10:00', meetingDetails);
    // posted Mon 8 Mar 2027: deemed received Wed 10 Mar; 10 working days later: Wed 24 Mar 2027
    expect(
      eventsOf(s.decide(s.perform('stage1.letter', chair, '2027-03-08T10:00', { ...letterDetails(), method: 'first-class-post' })))[0],
    ).toMatchObject({
      deemedReceivedOn: '2027-03-10',
      escalateBy: '2027-03-24',
    });
  });

  it('refuses a letter missing required content or a copy, citing each clause', () => {
    const s = raised();
    s.act('stage1.meeting', chair, '2027-03-05T10:00', meetingDetails);
    const refusal = refusalOf(
      s.decide(
        s.perform('stage1.letter', chair, '2027-03-08T10:00', {
          kind: 'letter',
          method: 'email',
          content: { 'outcome-of-meeting': ' ' },
          copiedTo: [],
        }),
      ),
    );
    expect(refusal).toMatchObject({
      code: 'invalid',
      message: 'The letter must include the outcome of the meeting',
      clause: 'testshire 2',
    });
    expect(refusal.problems).toEqual([
      { message: 'The letter must include the outcome of the meeting', clause: 'testshire 2' },
      { message: 'The letter must be copied to Complaints officer', clause: 'testshire 2' },
    ]);
  });

  it('asks for a copy only to those the case calls for', () => {
    const s = raised(undefined, ['separate-complaints']);
    s.act('stage1.meeting', chair, '2027-03-05T10:00', meetingDetails);
    expect(refusalOf(s.decide(s.perform('stage1.letter', chair, '2027-03-08T10:00', letterDetails())))).toMatchObject({
      message: 'The letter must be copied to Deputy chair',
      clause: 'testshire 17',
    });
    expect(s.tryAct('stage1.letter', chair, '2027-03-08T10:00', letterDetails({}, ['officer', 'deputy']))).toEqual({ ok: true });
  });

  it('asks for an explanation of the delay only in a letter sent after its deadline', () => {
    const s = raised();
    s.act('stage1.meeting', chair, '2027-03-05T10:00', meetingDetails);
    // the letter is due by the end of Fri 12 Mar 2027
    expect(s.tryAct('stage1.letter', chair, '2027-03-12T23:59', letterDetails())).toEqual({ ok: true });
    const late = raised();
    late.act('stage1.meeting', chair, '2027-03-05T10:00', meetingDetails);
    expect(refusalOf(late.decide(late.perform('stage1.letter', chair, '2027-03-13T00:00', letterDetails())))).toMatchObject({
      message: 'The letter must include an explanation of the delay',
      clause: 'testshire 16',
    });
    expect(late.tryAct('stage1.letter', chair, '2027-03-15T10:00', letterDetails({ 'delay-explanation': 'The chair was ill' }))).toEqual({
      ok: true,
    });
  });
});

describe('PerformAction: request', () => {
  it('given the letter received, when the complainant asks for Stage 2 in time, then the case moves on and the request counts as Stage 2 involvement', () => {
    const s = letterSent();
    const events = eventsOf(
      s.decide(s.perform('stage1.escalation-requested', complainant, '2027-03-22T23:59', { kind: 'request', reasons: 'Still wrong' })),
    );
    expect(events).toEqual([
      expect.objectContaining({
        type: 'ActionPerformed',
        action: 'stage1.escalation-requested',
        stage: 'stage-2',
        milestones: ['stage1.escalation-requested'],
      }),
      {
        type: 'StageEntered',
        at: london('2027-03-22T23:59'),
        occurredAt: london('2027-03-22T23:59'),
        by: ref(complainant),
        stage: 'stage-2',
      },
    ]);
  });

  it('given the escalation deadline passed, when the complainant asks, then the late arrival waits for a decision', () => {
    const s = letterSent();
    const events = eventsOf(s.decide(s.perform('stage1.escalation-requested', complainant, '2027-03-23T00:00', { kind: 'request' })));
    expect(events.map((e) => e.type)).toEqual(['ActionPerformed', 'StageEntered', 'ArrivedAfterTimeLimit']);
    expect(events[2]).toEqual({
      type: 'ArrivedAfterTimeLimit',
      at: london('2027-03-23T00:00'),
      occurredAt: london('2027-03-23T00:00'),
      by: ref(complainant),
      deadline: 'escalate',
      due: '2027-03-22',
      clause: 'testshire 15',
    });
  });
});

describe('PerformAction: panel', () => {
  it('given Stage 2, when a valid panel is convened, then it is recorded', () => {
    const s = panelConvened();
    expect(s.open.panels).toEqual([{ action: 'stage2.panel-convened', members: panel, at: london('2027-03-11T10:00') }]);
    expect(s.open.actorsByStage['stage-2']).toEqual(['parent-1', 'manager-1']);
  });

  it('refuses a panel that breaks the panel rule as panel-invalid, citing each clause', () => {
    const s = letterSent();
    s.act('stage1.escalation-requested', complainant, '2027-03-10T10:00', { kind: 'request' });
    const refusal = refusalOf(
      s.decide(s.perform('stage2.panel-convened', manager, '2027-03-11T10:00', { kind: 'panel', members: [member('chair-1', 'chair')] })),
    );
    expect(refusal).toMatchObject({
      code: 'panel-invalid',
      message: 'The panel needs at least 2 members; it has 1',
      clause: 'testshire 10',
    });
    expect(refusal.problems).toEqual([
      { message: 'The panel needs at least 2 members; it has 1', clause: 'testshire 10' },
      { message: 'chair-1 chaired the conference being challenged', clause: 'testshire 18', personId: 'chair-1' },
    ]);
  });

  it('given the panel reconsidering, then the same panel must sit again', () => {
    const s = panelConvened();
    s.act('stage2.decided', panelChair, '2027-03-12T10:00', decision(['reconsider']));
    s.expectStage('stage-3');
    const other = [member('panel-1', 'chair'), member('panel-3')];
    expect(
      refusalOf(s.decide(s.perform('stage3.panel-reconvened', officer, '2027-03-15T10:00', { kind: 'panel', members: other }))),
    ).toEqual({
      code: 'panel-invalid',
      message: 'The same panel as before must sit again',
      clause: 'testshire 13',
      problems: [{ message: 'The same panel as before must sit again', clause: 'testshire 13' }],
    });
    expect(
      refusalOf(
        s.decide(
          s.perform('stage3.panel-reconvened', officer, '2027-03-15T10:00', { kind: 'panel', members: [...panel, member('panel-3')] }),
        ),
      ),
    ).toMatchObject({
      message: 'The same panel as before must sit again',
    });
    expect(s.engine.checkPanel(s.state, 'stage3.panel-reconvened', other)).toEqual([
      { message: 'The same panel as before must sit again', clause: 'testshire 13' },
    ]);
    expect(s.engine.checkPanel(s.state, 'stage3.panel-reconvened', [...panel].reverse())).toEqual([]);
    expect(s.tryAct('stage3.panel-reconvened', officer, '2027-03-15T10:00', { kind: 'panel', members: [...panel].reverse() })).toEqual({
      ok: true,
    });
  });

  it('checks only the panel rule where no panel sat before', () => {
    const s = letterSent((p) => {
      const convene = p.actions.find((a) => a.id === 'stage2.panel-convened');
      if (convene) convene.samePanelAsBefore = true;
    });
    s.act('stage1.escalation-requested', complainant, '2027-03-10T10:00', { kind: 'request' });
    expect(s.engine.checkPanel(s.state, 'stage2.panel-convened', panel)).toEqual([]);
  });

  it('checks a proposed panel only where there is one to check', () => {
    const s = testshire();
    const none = [{ message: 'There is no panel to check here', clause: 'testshire 1' }];
    expect(s.engine.checkPanel(s.state, 'stage2.panel-convened', panel)).toEqual(none);
    const r = raised();
    expect(r.engine.checkPanel(r.state, 'stage1.meeting', panel)).toEqual(none);
    expect(r.engine.checkPanel(r.state, 'stage9.none', panel)).toEqual(none);
    expect(r.engine.checkPanel(r.state, 'stage2.panel-convened', [member('panel-1')])).toEqual([
      { message: 'The panel has no chair', clause: 'testshire 10' },
      { message: 'The panel needs at least 2 members; it has 1', clause: 'testshire 10' },
    ]);
  });
});

describe('PerformAction: decision', () => {
  it('given the panel decides the decision stands, then the challenge closes citing the outcome', () => {
    const s = panelConvened();
    const events = eventsOf(s.decide(s.perform('stage2.decided', panelChair, '2027-03-12T10:00', decision(['stands']))));
    expect(events).toEqual([
      expect.objectContaining({ type: 'ActionPerformed', action: 'stage2.decided', milestones: ['stage2.decided', 'outcome:stands'] }),
      {
        type: 'ChallengeClosed',
        at: london('2027-03-12T10:00'),
        occurredAt: london('2027-03-12T10:00'),
        by: ref(panelChair),
        outcome: 'concluded',
        summary: 'The decision stands',
        clause: 'testshire 11',
      },
    ]);
  });

  it('given an outcome that moves the case and one that does not, then the case moves and both are recorded', () => {
    const s = panelConvened();
    const events = eventsOf(s.decide(s.perform('stage2.decided', panelChair, '2027-03-12T10:00', decision(['apology', 'reconsider']))));
    expect(events).toEqual([
      expect.objectContaining({ milestones: ['stage2.decided', 'outcome:reconsider', 'outcome:apology'] }),
      expect.objectContaining({ type: 'StageEntered', stage: 'stage-3' }),
    ]);
  });

  it('given an outcome that neither moves nor closes the case, then the case stays and the follow-up is owed', () => {
    const s = panelConvened();
    const events = eventsOf(s.decide(s.perform('stage2.decided', panelChair, '2027-03-12T10:00', decision(['apology']))));
    expect(events.map((e) => e.type)).toEqual(['ActionPerformed']);
  });

  it('falls back to the rule default, then to the action, where no outcome chosen moves the case', () => {
    const withDefault = panelConvened((p) => {
      const rule = p.outcomes[0];
      if (rule) rule.default = { close: 'concluded', summary: 'Done' };
    });
    expect(
      eventsOf(withDefault.decide(withDefault.perform('stage2.decided', panelChair, '2027-03-12T10:00', decision(['apology']))))[1],
    ).toEqual(expect.objectContaining({ type: 'ChallengeClosed', summary: 'Done', clause: 'testshire 11' }));
    const withThen = panelConvened((p) => {
      const decided = p.actions.find((a) => a.id === 'stage2.decided');
      if (decided) decided.then = { stage: 'stage-3' };
    });
    expect(eventsOf(withThen.decide(withThen.perform('stage2.decided', panelChair, '2027-03-12T10:00', decision(['apology']))))[1]).toEqual(
      expect.objectContaining({ type: 'StageEntered', stage: 'stage-3' }),
    );
  });

  it.each([
    ['no outcome', decision([]), 'Choose an outcome', 'testshire 11'],
    [
      'an outcome the procedure does not allow',
      decision(['overturn']),
      'Outcome 1 is not one this procedure allows; choose from: The decision stands; Reconsider; Apologise',
      'testshire 11',
    ],
    ['two main outcomes', decision(['stands', 'reconsider']), 'Choose only one of: The decision stands; Reconsider', 'testshire 11'],
    ['the same outcome twice', decision(['apology', 'apology']), 'An outcome is chosen twice', 'testshire 11'],
    [
      'no finding on whether procedures were followed',
      decision(['stands'], { findings: {} }),
      'State whether the procedures were followed',
      'testshire 11',
    ],
    [
      'an outcome the findings do not allow',
      decision(['stands'], { findings: { proceduresFollowed: false } }),
      'Given these findings the outcome must include: Apologise',
      'testshire 12',
    ],
    ['no reasons', decision(['stands'], { reasons: ' ' }), 'Give the reasons for the decision', 'testshire 11'],
    [
      'no votes where the panel decides by majority',
      { kind: 'decision' as const, options: ['stands'], findings: { proceduresFollowed: true }, reasons: 'r' },
      'Record the votes: the panel decides by majority',
      'testshire 11',
    ],
    ['a tie', decision(['stands'], { votes: { for: 1, against: 1 } }), 'A majority of the panel must support the decision', 'testshire 11'],
    [
      'more votes than members sitting',
      decision(['stands'], { votes: { for: 2, against: 1 } }),
      'More votes than the 2 members sitting',
      'testshire 11',
    ],
  ])('refuses %s as invalid', (_, details, message, clause) => {
    const s = panelConvened();
    expect(refusalOf(s.decide(s.perform('stage2.decided', panelChair, '2027-03-12T10:00', details)))).toMatchObject({
      code: 'invalid',
      message,
      clause,
    });
  });

  it('accepts the outcome the findings oblige, with the decision stated', () => {
    const s = panelConvened();
    expect(
      s.tryAct(
        'stage2.decided',
        panelChair,
        '2027-03-12T10:00',
        decision(['apology'], { findings: { proceduresFollowed: false }, votes: { for: 1, against: 0 } }),
      ),
    ).toEqual({ ok: true });
    expect(s.open.decisions).toEqual([expect.objectContaining({ options: ['apology'], findings: { proceduresFollowed: false } })]);
  });

  it('refuses two outcomes where the procedure allows only one', () => {
    const s = panelConvened((p) => {
      const rule = p.outcomes[0];
      if (rule) rule.multiple = false;
    });
    expect(refusalOf(s.decide(s.perform('stage2.decided', panelChair, '2027-03-12T10:00', decision(['stands', 'apology']))))).toMatchObject(
      {
        code: 'invalid',
        message: 'Choose only one outcome',
        clause: 'testshire 11',
      },
    );
    expect(s.tryAct('stage2.decided', panelChair, '2027-03-12T10:00', decision(['apology']))).toEqual({ ok: true });
  });

  it('refuses two outcomes marked exclusive, though neither moves the case', () => {
    const s = panelConvened((p) => {
      const rule = p.outcomes[0];
      if (rule) {
        rule.options = [...rule.options, { id: 'advice', label: 'Give advice', clause: 'testshire 12', exclusive: true }];
        rule.options = rule.options.map((o) => (o.id === 'apology' ? { ...o, exclusive: true } : o));
      }
    });
    expect(refusalOf(s.decide(s.perform('stage2.decided', panelChair, '2027-03-12T10:00', decision(['apology', 'advice']))))).toMatchObject(
      {
        message: 'Choose only one of: The decision stands; Reconsider; Apologise; Give advice',
      },
    );
  });

  it('asks for a later date for a further panel where the outcome needs one', () => {
    const s = panelConvened((p) => {
      const rule = p.outcomes[0];
      if (rule) rule.options = rule.options.map((o) => (o.id === 'apology' ? { ...o, needsFurtherPanelDate: true } : o));
    });
    const attempt = (furtherPanelDate?: string) =>
      s.decide(
        s.perform(
          'stage2.decided',
          panelChair,
          '2027-03-12T10:00',
          decision(['apology'], furtherPanelDate === undefined ? {} : { furtherPanelDate: furtherPanelDate as never }),
        ),
      );
    expect(refusalOf(attempt())).toMatchObject({
      message: 'Set the date of the further panel and the timescale for completing the task',
      clause: 'testshire 12',
    });
    expect(refusalOf(attempt('2027-03-12'))).toMatchObject({
      message: 'The further panel must be on a later date',
      clause: 'testshire 12',
    });
    expect(attempt('2027-03-13').ok).toBe(true);
  });

  it('needs no votes where the panel decides by consensus, and counts only voting members', () => {
    const consensus = panelConvened((p) => {
      const rule = p.panels[0];
      if (rule) rule.decisionBy = { rule: 'consensus', clause: 'testshire 11' };
    });
    expect(
      consensus.tryAct('stage2.decided', panelChair, '2027-03-12T10:00', {
        kind: 'decision',
        options: ['stands'],
        findings: { proceduresFollowed: true },
        reasons: 'r',
      }),
    ).toEqual({ ok: true });
    const advised = letterSent((p) => {
      const rule = p.panels[0];
      if (rule) rule.coOptedAdvisers = { allowed: true, clause: 'testshire 10' };
    });
    advised.act('stage1.escalation-requested', complainant, '2027-03-10T10:00', { kind: 'request' });
    advised.act('stage2.panel-convened', manager, '2027-03-11T10:00', {
      kind: 'panel',
      members: [...panel, member('adviser-1', 'co-opted-adviser')],
    });
    expect(
      refusalOf(
        advised.decide(
          advised.perform('stage2.decided', panelChair, '2027-03-12T10:00', decision(['stands'], { votes: { for: 2, against: 1 } })),
        ),
      ),
    ).toMatchObject({
      message: 'More votes than the 2 members sitting',
    });
  });
});

describe('PerformAction: choice', () => {
  it('given the letter sent, when the manager chooses to resolve it, then the challenge closes citing the option', () => {
    const s = letterSent();
    const events = eventsOf(
      s.decide(s.perform('stage1.route', manager, '2027-03-09T10:00', { kind: 'choice', option: 'resolve', reason: 'Agreed a new plan' })),
    );
    expect(events).toEqual([
      expect.objectContaining({ type: 'ActionPerformed', action: 'stage1.route', milestones: ['stage1.route', 'stage1.route:resolve'] }),
      {
        type: 'ChallengeClosed',
        at: london('2027-03-09T10:00'),
        occurredAt: london('2027-03-09T10:00'),
        by: ref(manager),
        outcome: 'resolved',
        summary: 'Resolved by the manager',
        clause: 'testshire 3',
      },
    ]);
  });

  it('records the milestone an option names, and stays where the option leads nowhere', () => {
    const s = letterSent();
    const events = eventsOf(
      s.decide(s.perform('stage1.route', manager, '2027-03-09T10:00', { kind: 'choice', option: 'note', reason: 'Noted' })),
    );
    expect(events).toEqual([expect.objectContaining({ milestones: ['stage1.route', 'stage1.route-noted'] })]);
  });

  it('refuses an option the action does not offer, or no reason, as invalid', () => {
    const s = letterSent();
    expect(
      refusalOf(s.decide(s.perform('stage1.route', manager, '2027-03-09T10:00', { kind: 'choice', option: 'ignore', reason: 'x' }))),
    ).toEqual({
      code: 'invalid',
      message: 'Choose one of: Resolve it; Note it',
      clause: 'testshire 3',
      problems: [{ message: 'Choose one of: Resolve it; Note it', clause: 'testshire 3' }],
    });
    expect(
      refusalOf(s.decide(s.perform('stage1.route', manager, '2027-03-09T10:00', { kind: 'choice', option: 'note', reason: ' ' }))),
    ).toMatchObject({
      code: 'invalid',
      message: 'Record the reason for this choice',
      clause: 'testshire 3',
    });
  });
});

describe('PerformAction: what follows', () => {
  const lateRouting = () =>
    letterSent((p) => {
      p.deadlines.push({
        id: 'route',
        label: 'Route',
        stage: 'stage-1',
        owner: 'manager',
        from: 'stage1.letter',
        fromDescription: 'the letter',
        limit: { unit: 'working-days', amount: 1 },
        binds: 'family',
        metBy: 'stage1.route',
        clause: 'testshire 3',
        lateAcceptance: { by: ['officer'], clause: 'testshire 3' },
      });
    });

  it('notices a step taken after a time limit the authority may waive, unless the step closes the case', () => {
    // the letter of Mon 8 Mar 2027 10:00: 1 working day, Tue 9 Mar 2027
    const s = lateRouting();
    expect(
      eventsOf(s.decide(s.perform('stage1.route', manager, '2027-03-10T10:00', { kind: 'choice', option: 'note', reason: 'Noted' }))).map(
        (e) => e.type,
      ),
    ).toEqual(['ActionPerformed', 'ArrivedAfterTimeLimit']);
    expect(
      eventsOf(
        s.decide(s.perform('stage1.route', manager, '2027-03-10T10:00', { kind: 'choice', option: 'resolve', reason: 'Resolved' })),
      ).map((e) => e.type),
    ).toEqual(['ActionPerformed', 'ChallengeClosed']);
    expect(
      eventsOf(s.decide(s.perform('stage1.route', manager, '2027-03-09T23:59', { kind: 'choice', option: 'note', reason: 'Noted' }))).map(
        (e) => e.type,
      ),
    ).toEqual(['ActionPerformed']);
  });

  it('counts a request that opens no stage as involvement in its own stage', () => {
    const s = letterSent((p) => {
      p.actions.push({
        id: 'stage1.copy-requested',
        label: 'Ask for a copy of the minutes',
        stage: 'stage-1',
        kind: 'request',
        by: ['complainant'],
        clause: 'testshire 9',
        optional: true,
      });
    });
    expect(eventsOf(s.decide(s.perform('stage1.copy-requested', complainant, '2027-03-09T10:00', { kind: 'request' })))).toEqual([
      expect.objectContaining({ type: 'ActionPerformed', stage: 'stage-1', milestones: ['stage1.copy-requested'] }),
    ]);
  });

  it('states no date to escalate by in a letter that gives no right to escalate', () => {
    const s = raised((p) => {
      const letter = p.letters[0];
      if (letter) {
        letter.requiredContent = letter.requiredContent.filter((c) => c.item !== 'right-to-escalate');
        delete letter.escalationDeadline;
      }
    });
    s.act('stage1.meeting', chair, '2027-03-05T10:00', meetingDetails);
    const [event] = eventsOf(s.decide(s.perform('stage1.letter', chair, '2027-03-08T10:00', letterDetails())));
    expect(event).toMatchObject({ deemedReceivedOn: '2027-03-08' });
    expect(event).not.toHaveProperty('escalateBy');
  });
});
