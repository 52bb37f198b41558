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
  letterSent,
  manager,
  officer,
  panelChair,
  panelConvened,
  raised,
  testshire,
} from './given.js';

const allowedOf = (s: ReturnType<typeof raised>, who: typeof officer) =>
  Object.fromEntries(s.engine.availableActions(s.state, who).map((a) => [a.action.id, a.allowed ? true : a.reason]));

describe('what each person may do now', () => {
  it('given a case just raised, then the officer sees every Stage 1 action, each allowed or with why not', () => {
    const s = raised();
    expect(allowedOf(s, officer)).toEqual({
      'stage1.noted': true,
      'stage1.reminded': true,
      'stage1.chair-informed': 'This does not apply to this challenge',
      'stage1.meeting': 'Only Conference chair may do this',
      'stage1.letter': 'This needs first: Meet the complainant',
      'stage1.route': 'This needs first: Write to the complainant',
      'stage1.escalation-requested': 'This needs first: Write to the complainant',
    });
    expect(s.engine.availableActions(s.state, chair).find((a) => a.action.id === 'stage1.meeting')).toMatchObject({
      allowed: true,
      clause: 'testshire 2',
    });
  });

  it('gives the clause of the refusal, which may differ from the action', () => {
    const s = raised(undefined, ['legal-proceedings']);
    expect(s.engine.availableActions(s.state, officer).find((a) => a.action.id === 'stage1.noted')).toEqual(
      expect.objectContaining({
        allowed: false,
        reason: 'First decide whether legal proceedings prevent this challenge being considered',
        clause: 'testshire 20',
      }),
    );
  });

  it('given the letter sent, then the complainant may ask for Stage 2 and the reminder is no longer available', () => {
    const s = letterSent();
    expect(allowedOf(s, complainant)).toMatchObject({
      'stage1.escalation-requested': true,
      'stage1.reminded': 'This is no longer available at this point',
    });
    expect(allowedOf(s, manager)).toMatchObject({ 'stage1.route': true });
  });

  it('given nothing raised, or the case closed, then nobody may do anything', () => {
    const s = testshire();
    expect(s.engine.availableActions(INITIAL_STATE, officer)).toEqual([]);
    const closed = raised();
    closed.command({ type: 'WithdrawChallenge', actor: officer, now: london('2027-03-04T10:00'), reason: 'Withdrawn' });
    expect(closed.engine.availableActions(closed.state, officer)).toEqual([]);
  });
});

describe('letters due', () => {
  it('given the meeting held, then the Stage 1 letter is due, with its writer, recipients, copies and deadline', () => {
    const s = raised();
    expect(s.engine.lettersDue(s.state, london('2027-03-04T10:00'))).toEqual([]);
    s.act('stage1.meeting', chair, '2027-03-05T10:00', { kind: 'meeting', minuteTaker: { personId: 'officer-1', role: 'officer' } });
    const [due, ...rest] = s.engine.lettersDue(s.state, london('2027-03-05T10:00'));
    expect(rest).toEqual([]);
    expect(due).toMatchObject({
      action: { id: 'stage1.letter' },
      letter: { id: 'stage1-response' },
      from: 'Conference chair',
      to: ['the complainant'],
      copies: [{ to: 'officer', title: 'Complaints officer', clause: 'testshire 2' }],
      deadline: { rule: { id: 'write' }, due: { dueDate: '2027-03-12' } },
    });
  });

  it('lists the copies the case calls for, and none once the letter is sent or the case is closed', () => {
    const s = raised(undefined, ['separate-complaints']);
    s.act('stage1.meeting', chair, '2027-03-05T10:00', { kind: 'meeting', minuteTaker: { personId: 'officer-1', role: 'officer' } });
    expect(s.engine.lettersDue(s.state, london('2027-03-05T10:00'))[0]?.copies.map((c) => c.to)).toEqual(['officer', 'deputy']);
    const sent = letterSent();
    expect(sent.engine.lettersDue(sent.state, london('2027-03-08T10:00'))).toEqual([]);
    expect(testshire().engine.lettersDue(INITIAL_STATE, london(RECEIVED))).toEqual([]);
  });

  it('lists a letter with an occasion again only once the occasion comes again (ADR 0034), and not one that does not apply to the case', () => {
    const again = letterSent((p) => {
      const meeting = p.actions.find((a) => a.id === 'stage1.meeting');
      const letter = p.actions.find((a) => a.id === 'stage1.letter');
      if (meeting) meeting.repeatable = true;
      if (letter) letter.occasion = { milestone: 'stage1.meeting', clause: 'testshire 2' };
    });
    expect(again.engine.lettersDue(again.state, london('2027-03-08T10:00'))).toEqual([]);
    again.act('stage1.meeting', chair, '2027-03-09T10:00', { kind: 'meeting', minuteTaker: { personId: 'officer-1', role: 'officer' } });
    expect(again.engine.lettersDue(again.state, london('2027-03-09T10:00')).map((l) => l.action.id)).toEqual(['stage1.letter']);
    const flagged = raised((p) => {
      const letter = p.actions.find((a) => a.id === 'stage1.letter');
      if (letter) {
        letter.when = 'about-the-chair';
        delete letter.requires;
      }
    });
    expect(flagged.engine.lettersDue(flagged.state, london('2027-03-04T10:00'))).toEqual([]);
  });
});

describe('what the case is owed', () => {
  it('given a case just raised, then the meeting and the letter are owed, the meeting by a deadline, and not the optional or inapplicable actions', () => {
    const s = raised();
    const owed = s.engine.obligations(s.state, london('2027-03-04T10:00'));
    expect(owed.map((o) => [o.action, o.roles, o.due?.due.dueDate])).toEqual([
      ['stage1.meeting', ['conference-chair'], '2027-03-10'],
      ['stage1.letter', ['conference-chair'], undefined],
      ['stage1.escalation-requested', ['complainant'], undefined],
    ]);
    expect(owed[0]).toMatchObject({ label: 'Meet the complainant', clause: 'testshire 2' });
  });

  it('given a complaint about the chair, then what the chair owes goes to the deputy', () => {
    const s = raised(undefined, ['about-the-chair']);
    expect(s.engine.obligations(s.state, london('2027-03-04T10:00')).map((o) => [o.action, o.roles])).toEqual([
      ['stage1.chair-informed', ['conference-service-manager']],
      ['stage1.meeting', ['conference-service-manager']],
      ['stage1.letter', ['conference-service-manager']],
      ['stage1.escalation-requested', ['complainant']],
    ]);
    expect(s.engine.availableActions(s.state, deputy).find((a) => a.action.id === 'stage1.meeting')?.allowed).toBe(true);
  });

  it('owes a missed deadline, but not one met; and nothing once done', () => {
    const s = raised();
    expect(s.engine.obligations(s.state, london('2027-03-11T10:00'))[0]).toMatchObject({
      action: 'stage1.meeting',
      due: { status: 'missed' },
    });
    s.act('stage1.meeting', chair, '2027-03-05T10:00', { kind: 'meeting', minuteTaker: { personId: 'officer-1', role: 'officer' } });
    expect(s.engine.obligations(s.state, london('2027-03-05T10:00')).map((o) => o.action)).toEqual([
      'stage1.letter',
      'stage1.escalation-requested',
    ]);
  });

  it('owes the follow-up to an outcome only once that outcome is chosen, with its deadline', () => {
    const s = panelConvened();
    expect(s.engine.obligations(s.state, london('2027-03-11T10:00')).map((o) => o.action)).toEqual(['stage2.decided']);
    s.act('stage2.decided', panelChair, '2027-03-12T10:00', decision(['apology']));
    const owed = s.engine.obligations(s.state, london('2027-03-12T10:00'));
    // 5 working days after Fri 12 Mar 2027 10:00: Fri 19 Mar 2027
    expect(owed.map((o) => [o.action, o.roles, o.due?.due.dueDate])).toEqual([
      ['stage2.apology-sent', ['complaints-manager'], '2027-03-19'],
    ]);
  });

  it('owes a repeatable required action until it is first done, and nothing on a closed case', () => {
    const s = raised((p) => {
      const noted = p.actions.find((a) => a.id === 'stage1.noted');
      if (noted) delete noted.optional;
    });
    expect(s.engine.obligations(s.state, london('2027-03-04T10:00')).map((o) => o.action)).toContain('stage1.noted');
    s.act('stage1.noted', officer, '2027-03-04T10:00');
    expect(s.engine.obligations(s.state, london('2027-03-04T10:00')).map((o) => o.action)).not.toContain('stage1.noted');
    s.command({ type: 'WithdrawChallenge', actor: officer, now: london('2027-03-04T11:00'), reason: 'Withdrawn' });
    expect(s.engine.obligations(s.state, london('2027-03-04T11:00'))).toEqual([]);
    expect(testshire().engine.obligations(INITIAL_STATE, london(CONFERENCE))).toEqual([]);
  });
});

describe('deadlines and stages', () => {
  it('names stages, and has no deadlines before a challenge is raised', () => {
    const s = testshire();
    expect(s.engine.stageName('stage-2')).toBe('Stage 2');
    expect(s.engine.stageName('stage-9')).toBe('stage-9');
    expect(s.engine.deadlines(INITIAL_STATE, london(CONFERENCE))).toEqual([]);
    expect([...(s.engine.trackStages.get('family') ?? [])]).toEqual(['stage-1', 'stage-2', 'stage-3']);
  });
});
