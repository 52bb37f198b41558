/** Rules that mutation testing found unguarded: each test names what would otherwise go unnoticed. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEEMED_RECEIPT, WorkingCalendar } from '../../src/core/calendar/index.js';
import { roleTitle } from '../../src/core/engine/deadlines.js';
import { createEngine } from '../../src/core/engine/engine.js';
import { INITIAL_STATE } from '../../src/core/engine/model.js';
import { loadProcedure } from '../../src/core/procedures/validate.js';
import { engineProcedure } from '../support/engineProcedure.js';
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
  panel,
  panelChair,
  panelConvened,
  raised,
  refusalOf,
  testshire,
} from './given.js';

describe('late arrivals', () => {
  it('notices a second late arrival while the first is still recorded', () => {
    const s = testshire();
    s.raise({ conferenceAt: CONFERENCE, receivedAt: '2027-03-17T00:00', now: '2027-03-17T10:00' });
    s.minutesSent(officer, '2027-03-02T12:00');
    expect(s.decideLate(officer, '2027-03-17T11:00', 'complain', true)).toEqual({ ok: true });
    s.act('stage1.meeting', chair, '2027-03-18T10:00', meetingDetails);
    s.act('stage1.letter', chair, '2027-03-18T11:00', {
      kind: 'letter',
      method: 'email',
      content: { 'outcome-of-meeting': 'Agreed', 'delay-explanation': 'Late complaint' },
      copiedTo: ['officer'],
    });
    // the letter received Thu 18 Mar 2027: 10 working days skipping Easter, Mon 5 Apr 2027
    const events = eventsOf(s.decide(s.perform('stage1.escalation-requested', complainant, '2027-04-06T10:00', { kind: 'request' })));
    expect(events.map((e) => e.type)).toEqual(['ActionPerformed', 'StageEntered', 'ArrivedAfterTimeLimit']);
    expect(events[2]).toMatchObject({ deadline: 'escalate', due: '2027-04-05' });
  });
});

describe('what the case is owed', () => {
  it('owes a step without a due date once its time limit has lapsed', () => {
    const s = letterSent();
    const owed = (now: string) => s.engine.obligations(s.state, london(now)).find((o) => o.action === 'stage1.escalation-requested');
    expect(owed('2027-03-22T10:00')?.due?.due.dueDate).toBe('2027-03-22');
    expect(owed('2027-03-23T10:00')).toBeDefined();
    expect(owed('2027-03-23T10:00')).not.toHaveProperty('due');
  });

  it('does not owe a follow-up that lacks its outcome, even if it lacks other things too', () => {
    const s = panelConvened((p) => {
      const apology = p.actions.find((a) => a.id === 'stage2.apology-sent');
      if (apology) apology.requires = ['outcome:apology', 'stage1.route'];
    });
    expect(s.engine.obligations(s.state, london('2027-03-11T10:00')).map((o) => o.action)).toEqual(['stage2.decided']);
  });
});

describe('who may act', () => {
  it('leaves roles unchanged for a complaint about the chair where the procedure routes none', () => {
    const s = raised(
      (p) => {
        delete p.chairComplaintRouting;
      },
      ['about-the-chair'],
    );
    expect(s.tryAct('stage1.meeting', chair, '2027-03-05T10:00', meetingDetails)).toEqual({ ok: true });
    expect(s.engine.obligations(s.state, london('2027-03-05T10:00')).find((o) => o.action === 'stage1.letter')?.roles).toEqual([
      'conference-chair',
    ]);
  });

  it('names every role that may act', () => {
    const s = raised((p) => {
      const noted = p.actions.find((a) => a.id === 'stage1.noted');
      if (noted) noted.by = ['officer', 'deputy'];
    });
    expect(refusalOf(s.decide(s.perform('stage1.noted', chair, '2027-03-04T10:00')))).toMatchObject({
      message: 'Only Complaints officer or Deputy chair may do this',
    });
    expect(s.tryAct('stage1.noted', deputy, '2027-03-04T10:00')).toEqual({ ok: true });
  });

  it("gives a role its local area's title, and a group its own name", () => {
    const procedure = loadProcedure(
      (() => {
        const p = engineProcedure();
        p.localAreas = [{ id: 'north', name: 'North', clause: 'testshire 1' }];
        const officerRole = p.roles.find((r) => r.id === 'officer');
        if (officerRole) officerRole.byArea = { north: { title: 'Northern complaints lead', clause: 'testshire 1' } };
        return p;
      })(),
    );
    expect(roleTitle(procedure, 'officer', 'north')).toBe('Northern complaints lead');
    expect(roleTitle(procedure, 'officer', 'south')).toBe('Complaints officer');
    expect(roleTitle(procedure, 'officer')).toBe('Complaints officer');
    expect(roleTitle(procedure, 'conference-attendees-and-invitees')).toBe('everyone who attended or was invited to the conference');
    expect(roleTitle(procedure, 'professional')).toBe('the dissenting professional');
  });
});

describe('the stages a track reaches', () => {
  it('does not depend on the order the actions are listed in', () => {
    const s = testshire((p) => {
      p.actions.reverse();
    });
    expect([...(s.engine.trackStages.get('family') ?? [])].sort()).toEqual(['stage-1', 'stage-2', 'stage-3']);
  });
});

describe('deemed receipt', () => {
  it('uses the deemed-receipt rules the engine is given', () => {
    const engine = createEngine(loadProcedure(engineProcedure()), WorkingCalendar.create(), {
      deemedReceipt: { ...DEFAULT_DEEMED_RECEIPT, 'first-class-post': { workingDays: 3, source: 'test' } },
    });
    const raisedResult = engine.execute(INITIAL_STATE, {
      type: 'RaiseChallenge',
      caseId: 'case-1',
      actor: officer,
      now: london(RECEIVED),
      track: 'family',
      conference: { id: 'conf-1', type: 'initial', heldAt: london(CONFERENCE), chairId: 'chair-1' },
      complainant: { kind: 'parent' },
      aspects: ['decision'],
      receivedAt: london(RECEIVED),
      subject: 'conference',
    });
    if (!raisedResult.ok) throw new Error('not raised');
    // posted Tue 2 Mar 2027, received 3 working days later: Fri 5 Mar 2027
    expect(
      engine.decide(raisedResult.state, {
        type: 'RecordConferenceMinutesSent',
        actor: officer,
        now: london(RECEIVED),
        sentAt: london('2027-03-02T12:00'),
        method: 'first-class-post',
      }),
    ).toMatchObject({
      ok: true,
      events: [{ deemedReceivedOn: '2027-03-05' }],
    });
  });
});

describe('panels', () => {
  it('lets a different panel sit for a panel action that does not ask for the same one', () => {
    const s = panelConvened((p) => {
      const reconvene = p.actions.find((a) => a.id === 'stage3.panel-reconvened');
      if (reconvene) reconvene.samePanelAsBefore = false;
    });
    s.act('stage2.decided', panelChair, '2027-03-12T10:00', decision(['reconsider']));
    expect(
      s.tryAct('stage3.panel-reconvened', officer, '2027-03-15T10:00', {
        kind: 'panel',
        members: [member('panel-1', 'chair'), member('panel-3')],
      }),
    ).toEqual({ ok: true });
    expect(s.open.panels.map((p) => p.members.length)).toEqual([panel.length, 2]);
  });
});

describe('decisions under every kind of finding', () => {
  const strict = () =>
    panelConvened((p) => {
      const rule = p.outcomes[0];
      if (rule) {
        rule.findings = ['procedures-followed', 'decision-reasonable'];
        rule.obligations = [
          { when: 'procedures-not-followed', mustChoose: 'apology', clause: 'testshire 12' },
          { when: 'decision-unreasonable', mustChoose: 'reconsider', clause: 'testshire 13' },
          { when: 'followed-and-reasonable', mustChoose: 'stands', clause: 'testshire 11' },
        ];
      }
    });
  const attempt = (options: string[], findings: { proceduresFollowed?: boolean; decisionReasonable?: boolean }) => {
    const s = strict();
    return s.decide(s.perform('stage2.decided', panelChair, '2027-03-12T10:00', decision(options, { findings })));
  };

  it('asks whether the decision was reasonable where the procedure needs that finding', () => {
    expect(refusalOf(attempt(['stands'], { proceduresFollowed: true }))).toMatchObject({
      message: 'State whether the decision was reasonable',
      clause: 'testshire 11',
    });
  });

  it('holds each finding to the outcome it obliges', () => {
    expect(refusalOf(attempt(['stands'], { proceduresFollowed: true, decisionReasonable: false }))).toMatchObject({
      message: 'Given these findings the outcome must include: Reconsider',
      clause: 'testshire 13',
    });
    expect(attempt(['reconsider'], { proceduresFollowed: true, decisionReasonable: false }).ok).toBe(true);
    expect(refusalOf(attempt(['reconsider'], { proceduresFollowed: true, decisionReasonable: true }))).toMatchObject({
      message: 'Given these findings the outcome must include: The decision stands',
    });
    expect(attempt(['stands'], { proceduresFollowed: true, decisionReasonable: true }).ok).toBe(true);
    expect(attempt(['apology', 'reconsider'], { proceduresFollowed: false, decisionReasonable: false }).ok).toBe(true);
    expect(refusalOf(attempt(['reconsider'], { proceduresFollowed: false, decisionReasonable: false }))).toMatchObject({
      message: 'Given these findings the outcome must include: Apologise',
    });
    expect(attempt(['apology'], { proceduresFollowed: false, decisionReasonable: true }).ok).toBe(true);
    expect(attempt(['reconsider'], { proceduresFollowed: true, decisionReasonable: false }).ok).toBe(true);
  });

  it('needs no votes where the outcome names no panel, and checks votes against no panel where none has sat', () => {
    const noPanel = panelConvened((p) => {
      const rule = p.outcomes[0];
      if (rule) delete rule.panel;
    });
    expect(
      noPanel.tryAct('stage2.decided', panelChair, '2027-03-12T10:00', {
        kind: 'decision',
        options: ['stands'],
        findings: { proceduresFollowed: true },
        reasons: 'r',
      }),
    ).toEqual({ ok: true });
    const unsat = letterSent((p) => {
      const decided = p.actions.find((a) => a.id === 'stage2.decided');
      if (decided) delete decided.requires;
    });
    unsat.act('stage1.escalation-requested', complainant, '2027-03-10T10:00', { kind: 'request' });
    expect(unsat.tryAct('stage2.decided', panelChair, '2027-03-12T10:00', decision(['stands'], { votes: { for: 3, against: 0 } }))).toEqual(
      { ok: true },
    );
  });
});

describe('raising and acting where the procedure asks less', () => {
  it('takes an advocate without recorded consent where the procedure does not ask for it', () => {
    const s = testshire((p) => {
      p.advocates = { allowedAtAllStages: true, consentRequired: false, clause: 'testshire 6' };
    });
    expect(s.tryRaise({ conferenceAt: CONFERENCE, receivedAt: RECEIVED, advocate: { name: 'A. Advocate' } })).toEqual({ ok: true });
  });

  it('takes a meeting the procedure sets no conditions for', () => {
    const s = raised((p) => {
      const meeting = p.actions.find((a) => a.id === 'stage1.meeting');
      if (meeting) delete meeting.meeting;
    });
    expect(s.tryAct('stage1.meeting', chair, '2027-03-05T10:00', { kind: 'meeting' })).toEqual({ ok: true });
  });

  it('takes a meeting without a minute-taker where the procedure names none', () => {
    const s = raised((p) => {
      const meeting = p.actions.find((a) => a.id === 'stage1.meeting');
      if (meeting) meeting.meeting = { supporterAllowed: true, clause: 'testshire 2' };
    });
    expect(s.tryAct('stage1.meeting', chair, '2027-03-05T10:00', { kind: 'meeting' })).toEqual({ ok: true });
  });

  it('moves where the choice action leads when the option chosen leads nowhere of its own', () => {
    const s = letterSent((p) => {
      const route = p.actions.find((a) => a.id === 'stage1.route');
      if (route) route.then = { stage: 'stage-2' };
    });
    const events = eventsOf(
      s.decide(s.perform('stage1.route', manager, '2027-03-09T10:00', { kind: 'choice', option: 'note', reason: 'Noted' })),
    );
    expect(events[1]).toMatchObject({ type: 'StageEntered', stage: 'stage-2' });
    expect(
      eventsOf(s.decide(s.perform('stage1.route', manager, '2027-03-09T10:00', { kind: 'choice', option: 'resolve', reason: 'Done' })))[1],
    ).toMatchObject({ type: 'ChallengeClosed', clause: 'testshire 3' });
  });
});

describe('when the clock to complain starts', () => {
  it('given minutes re-sent after a first deemed receipt, then the time to complain runs from the later deemed receipt', () => {
    const s = raised();
    // posted Tue 2 Mar: deemed received Thu 4 Mar
    s.minutesSent(officer, '2027-03-02T12:00', 'first-class-post');
    s.expectDue('complain', '2027-03-04T10:00', '2027-03-18');
    // sent again by email on Fri 5 Mar: received that day; 10 working days later, Fri 19 Mar
    s.minutesSent(officer, '2027-03-05T12:00', 'email');
    s.expectDue('complain', '2027-03-05T12:00', '2027-03-19');
  });
});

describe('a letter that records a milestone of another name', () => {
  it('starts the time to escalate from the receipt of the milestone it records', () => {
    const s = letterSent((p) => {
      const letter = p.actions.find((a) => a.id === 'stage1.letter');
      if (letter) letter.records = 'stage1.response';
      for (const a of p.actions) if (a.requires) a.requires = a.requires.map((m) => (m === 'stage1.letter' ? 'stage1.response' : m));
      for (const a of p.actions) if (a.unless) a.unless = a.unless.map((m) => (m === 'stage1.letter' ? 'stage1.response' : m));
      for (const d of p.deadlines) {
        if (d.metBy === 'stage1.letter') d.metBy = 'stage1.response';
        if (d.from === 'stage1.letter.received') d.from = 'stage1.response.received';
      }
    });
    // emailed Mon 8 Mar, received that day: 10 working days later, Mon 22 Mar
    s.expectDue('escalate', '2027-03-08T10:00', '2027-03-22');
  });
});

describe('what a letter must say', () => {
  it('sends a letter that meets a deadline whose start is not yet recorded, without asking why it is late', () => {
    const s = raised((p) => {
      const letter = p.actions.find((a) => a.id === 'stage1.letter');
      if (letter) delete letter.requires;
    });
    expect(s.tryAct('stage1.letter', chair, '2027-03-05T10:00', letterDetails())).toEqual({ ok: true });
  });
  it('asks for content tied to an outcome only once a decision has chosen it', () => {
    const s = raised((p) => {
      p.letters[0]?.requiredContent.push({ item: 'further-panel-date', clause: 'testshire 13', whenOutcome: ['reconsider'] });
    });
    s.act('stage1.meeting', chair, '2027-03-05T10:00', meetingDetails);
    expect(s.tryAct('stage1.letter', chair, '2027-03-08T10:00', letterDetails())).toEqual({ ok: true });
  });
});

describe('who was involved at which stage', () => {
  it('counts a step that moves the case on, other than a request, as involvement in the stage it leaves', () => {
    const s = letterSent((p) => {
      const route = p.actions.find((a) => a.id === 'stage1.route');
      const note = route?.choice?.find((c) => c.id === 'note');
      if (note) note.then = { stage: 'stage-2' };
    });
    s.act('stage1.route', manager, '2027-03-09T10:00', { kind: 'choice', option: 'note', reason: 'Needs a panel' });
    expect(s.open.stage).toBe('stage-2');
    expect(
      refusalOf(s.decide(s.perform('stage2.panel-convened', manager, '2027-03-10T10:00', { kind: 'panel', members: panel }))),
    ).toMatchObject({
      code: 'not-permitted',
      message: 'Service manager must be someone who was not involved at an earlier stage',
    });
  });
});

describe('deciding one late arrival among several', () => {
  it('records the decision against its own time limit only', () => {
    const s = testshire();
    s.raise({ conferenceAt: CONFERENCE, receivedAt: '2027-03-17T00:00', now: '2027-03-17T10:00' });
    s.minutesSent(officer, '2027-03-02T12:00');
    s.decideLate(officer, '2027-03-17T11:00', 'complain', true, 'The parent was in hospital');
    s.act('stage1.meeting', chair, '2027-03-18T10:00', meetingDetails);
    s.act('stage1.letter', chair, '2027-03-18T11:00', letterDetails({ 'delay-explanation': 'Late complaint' }));
    s.act('stage1.escalation-requested', complainant, '2027-04-06T10:00', { kind: 'request' });
    s.decideLate(officer, '2027-04-06T11:00', 'escalate', true, 'The letter went astray');
    expect(s.open.lateArrivals.map((l) => [l.deadline, l.decision?.reason])).toEqual([
      ['complain', 'The parent was in hospital'],
      ['escalate', 'The letter went astray'],
    ]);
  });
});
