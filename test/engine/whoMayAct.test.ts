/**
 * Who may take a step, as the procedure says, and what a refused person is told: the roles that may
 * act, and, where the refusal is of a named colleague (a step recorded for them, ADR 0030), their name.
 */
import { describe, expect, it } from 'vitest';
import type { Actor, Command } from '../../src/core/engine/model.js';
import { london, actor } from '../support/scenario.js';
import {
  CONFERENCE,
  chair,
  complainant,
  decision,
  deputy,
  letterDetails,
  letterSent,
  manager,
  meetingDetails,
  member,
  officer,
  otherChair,
  panel,
  panelChair,
  panelConvened,
  raised,
  refusalOf,
  testshire,
  type Tweak,
} from './given.js';

const named = (who: Actor, name: string): Actor => ({ ...who, name });

describe('who may act: the refusal a named colleague is given', () => {
  it('names someone whose role fills none of the roles the procedure names', () => {
    const s = raised();
    expect(refusalOf(s.decide(s.perform('stage1.noted', named(chair, 'Sam Chair'), '2027-03-04T10:00')))).toEqual({
      code: 'not-permitted',
      message: 'Only Complaints officer may do this: Sam Chair is not',
      clause: 'testshire 1',
    });
  });

  it('names someone who took part at an earlier stage where the role must not have', () => {
    const s = letterSent(undefined, manager);
    s.act('stage1.escalation-requested', complainant, '2027-03-10T10:00', { kind: 'request' });
    const convened = s.perform('stage2.panel-convened', named(manager, 'Pat Manager'), '2027-03-11T10:00', {
      kind: 'panel',
      members: panel,
    });
    expect(refusalOf(s.decide(convened)).message).toBe(
      'Service manager must be someone who was not involved at an earlier stage: Pat Manager was',
    );
  });
});

describe('who may act: a step the procedure gives to more than one role', () => {
  const byOfficerOrDeputy = () =>
    raised((p) => {
      const noted = p.actions.find((a) => a.id === 'stage1.noted');
      if (noted === undefined) throw new Error('no stage1.noted');
      noted.by = ['officer', 'deputy'];
    });

  it('names every role that may take it, and lets each take it', () => {
    const s = byOfficerOrDeputy();
    expect(refusalOf(s.decide(s.perform('stage1.noted', chair, '2027-03-04T10:00'))).message).toBe(
      'Only Complaints officer or Deputy chair may do this',
    );
    expect(s.tryAct('stage1.noted', officer, '2027-03-04T10:00')).toEqual({ ok: true });
    expect(s.tryAct('stage1.noted', deputy, '2027-03-04T11:00')).toEqual({ ok: true });
  });
});

describe('who may act: a role that must be the conference chair and not involved earlier', () => {
  const chairedAndNotInvolved = () => {
    const s = letterSent((p) => {
      const role = p.roles.find((r) => r.id === 'manager');
      if (role === undefined) throw new Error('no manager role');
      role.productRole = 'conference-chair';
      role.mustBe = ['chaired-the-conference', 'not-involved-earlier'];
    });
    s.act('stage1.escalation-requested', complainant, '2027-03-10T10:00', { kind: 'request' });
    return s;
  };
  const convene = (s: ReturnType<typeof chairedAndNotInvolved>, by: Actor) =>
    s.decide(s.perform('stage2.panel-convened', by, '2027-03-11T10:00', { kind: 'panel', members: panel }));

  it('tells the conference chair who met the family at Stage 1 that they were involved earlier, not that they did not chair it', () => {
    expect(refusalOf(convene(chairedAndNotInvolved(), named(chair, 'Sam Chair'))).message).toBe(
      'Service manager must be someone who was not involved at an earlier stage: Sam Chair was',
    );
  });

  it('tells another chair that they did not chair the conference', () => {
    expect(refusalOf(convene(chairedAndNotInvolved(), named(otherChair, 'Kim Chair'))).message).toBe(
      'Only the chair of the conference being challenged may do this as Service manager: Kim Chair did not chair it',
    );
  });
});

describe("who may act: a role that must be the panel's chair", () => {
  const chairsThePanel = () =>
    panelConvened((p) => {
      const role = p.roles.find((r) => r.id === 'panel-chair');
      if (role === undefined) throw new Error('no panel-chair role');
      role.mustBe = ['chairs-the-panel'];
    });
  const decide = (s: ReturnType<typeof chairsThePanel>, by: Actor) =>
    s.decide(s.perform('stage2.decided', by, '2027-03-12T10:00', decision(['stands'])));

  it('refuses a member who sits on the panel but was not convened as its chair, citing the step', () => {
    expect(refusalOf(decide(chairsThePanel(), named(actor('panel-member', 'panel-2'), 'Lee Member')))).toEqual({
      code: 'not-permitted',
      message: "Only the member convened as chair of the panel may do this as Panel chair: Lee Member is not the panel's chair",
      clause: 'testshire 11',
    });
  });

  it('refuses a panel member of the partnership who does not sit on this panel', () => {
    expect(refusalOf(decide(chairsThePanel(), actor('panel-member', 'panel-9')))).toMatchObject({
      code: 'not-permitted',
      message: 'Only the member convened as chair of the panel may do this as Panel chair',
    });
  });

  it('lets the member convened as chair act, and gives the step to that person alone', () => {
    const s = chairsThePanel();
    expect(decide(s, panelChair).ok).toBe(true);
    const owed = s.engine.work(s.state, london('2027-03-12T10:00')).find((item) => item.id === 'decide');
    expect(owed?.owners).toEqual([{ productRole: 'panel-member', title: 'Panel chair', personId: 'panel-1' }]);
  });

  it('a booking and a decision stored from another member, before the rule, still replay (ADR 0039)', () => {
    const alsoMeets: Tweak = (p) => {
      const meeting = p.actions.find((a) => a.id === 'stage1.meeting');
      if (meeting === undefined) throw new Error('no stage1.meeting');
      meeting.by = ['chair', 'panel-chair'];
    };
    const before = raised(alsoMeets);
    const another = actor('panel-member', 'panel-9');
    const booking: Command = {
      type: 'BookAction',
      action: 'stage1.meeting',
      actor: another,
      now: london('2027-03-04T09:00'),
      bookedFor: london('2027-03-09T10:00'),
    };
    expect(before.command(booking)).toEqual({ ok: true });
    before.act('stage1.meeting', chair, '2027-03-05T10:00', meetingDetails);
    before.act('stage1.letter', chair, '2027-03-08T10:00', letterDetails());
    before.act('stage1.escalation-requested', complainant, '2027-03-10T10:00', { kind: 'request' });
    before.act('stage2.panel-convened', manager, '2027-03-11T10:00', { kind: 'panel', members: panel });
    before.act('stage2.decided', another, '2027-03-12T10:00', decision(['stands']));
    const after = testshire((p) => {
      alsoMeets(p);
      const role = p.roles.find((r) => r.id === 'panel-chair');
      if (role === undefined) throw new Error('no panel-chair role');
      role.mustBe = ['chairs-the-panel'];
    });
    const replayed = after.engine.replay(before.events);
    expect(replayed.ok && replayed.state.status).toBe('closed');
  });

  it('finds the chair by the role they were convened in, wherever they are listed', () => {
    const s = letterSent((p) => {
      const role = p.roles.find((r) => r.id === 'panel-chair');
      if (role === undefined) throw new Error('no panel-chair role');
      role.mustBe = ['chairs-the-panel'];
    });
    s.act('stage1.escalation-requested', complainant, '2027-03-10T10:00', { kind: 'request' });
    s.act('stage2.panel-convened', manager, '2027-03-11T10:00', {
      kind: 'panel',
      members: [member('panel-2'), member('panel-1', 'chair')],
    });
    expect(refusalOf(decide(s, actor('panel-member', 'panel-2')))).toMatchObject({ code: 'not-permitted' });
    expect(decide(s, panelChair).ok).toBe(true);
  });

  it('refuses the role to everyone, and gives its work to no one person, before a panel is convened', () => {
    const s = raised((p) => {
      const meeting = p.actions.find((a) => a.id === 'stage1.meeting');
      const role = p.roles.find((r) => r.id === 'panel-chair');
      if (meeting === undefined || role === undefined) throw new Error('no stage1.meeting or panel-chair role');
      meeting.by = ['panel-chair'];
      role.mustBe = ['chairs-the-panel'];
    });
    expect(refusalOf(s.decide(s.perform('stage1.meeting', panelChair, '2027-03-05T10:00', meetingDetails)))).toMatchObject({
      code: 'not-permitted',
      message: 'Only the member convened as chair of the panel may do this as Panel chair',
    });
    const owed = s.engine.work(s.state, london('2027-03-05T10:00')).filter((item) => item.owners.some((o) => o.title === 'Panel chair'));
    expect(owed.length).toBeGreaterThan(0);
    for (const item of owed) expect(item.owners).toEqual([{ productRole: 'panel-member', title: 'Panel chair' }]);
  });

  describe('asked afresh of the steps that are not actions: declarations, limitations and late arrivals', () => {
    const chairsThePanelFor =
      (give: Tweak): Tweak =>
      (p) => {
        const role = p.roles.find((r) => r.id === 'panel-chair');
        if (role === undefined) throw new Error('no panel-chair role');
        role.mustBe = ['chairs-the-panel'];
        give(p);
      };
    const otherMember = named(actor('panel-member', 'panel-2'), 'Lee Member');

    it("records another member's declaration only if convened as the panel's chair, where convening is the role's", () => {
      const s = panelConvened(
        chairsThePanelFor((p) => {
          const convene = p.actions.find((a) => a.id === 'stage2.panel-convened');
          if (convene === undefined) throw new Error('no stage2.panel-convened');
          convene.by = ['manager', 'panel-chair'];
        }),
      );
      const declare = (by: Actor, personId: string): Command => ({
        type: 'DeclareIndependence',
        actor: by,
        now: london('2027-03-11T12:00'),
        personId,
        independent: true,
      });
      expect(s.engine.mayRecordDeclarations(s.state, otherMember)).toBe(false);
      expect(refusalOf(s.decide(declare(otherMember, 'panel-1')))).toMatchObject({ code: 'not-permitted' });
      expect(s.engine.mayRecordDeclarations(s.state, panelChair)).toBe(true);
      expect(s.decide(declare(panelChair, 'panel-2')).ok).toBe(true);
    });

    it("decides a limitation raised once the panel sits only if convened as the panel's chair", () => {
      const s = panelConvened(
        chairsThePanelFor((p) => {
          p.limitations = p.limitations.map((l) => ({ ...l, decidedBy: ['panel-chair'] }));
        }),
      );
      s.command({
        type: 'ChangeCaseFacts',
        actor: officer,
        now: london('2027-03-11T12:00'),
        reason: 'Proceedings began',
        flags: ['legal-proceedings'],
      });
      const proceeds = { type: 'DecideLimitation', now: london('2027-03-11T13:00'), flag: 'legal-proceedings', proceed: true } as const;
      const reason = 'The proceedings concern other matters';
      expect(refusalOf(s.decide({ ...proceeds, actor: otherMember, reason }))).toEqual({
        code: 'not-permitted',
        message: "Only the member convened as chair of the panel may do this as Panel chair: Lee Member is not the panel's chair",
        clause: 'testshire 20',
      });
      expect(s.decide({ ...proceeds, actor: panelChair, reason }).ok).toBe(true);
    });

    it('refuses a late arrival to the role before any panel is convened', () => {
      const s = testshire(
        chairsThePanelFor((p) => {
          const complain = p.deadlines.find((d) => d.id === 'complain');
          if (complain?.lateAcceptance === undefined) throw new Error('no late acceptance of complain');
          complain.lateAcceptance.by = ['panel-chair'];
        }),
      );
      // The minutes went by email on Tue 2 Mar 2027: the complaint was due by Tue 16 Mar, and came on Wed 17 Mar.
      s.raise({ conferenceAt: CONFERENCE, receivedAt: '2027-03-17T00:00', now: '2027-03-17T10:00' });
      s.minutesSent(officer, '2027-03-02T12:00');
      expect(refusalOf(s.decideLate(panelChair, '2027-03-17T11:00', 'complain', true))).toEqual({
        code: 'not-permitted',
        message: 'Only the member convened as chair of the panel may do this as Panel chair',
        clause: 'testshire 14',
      });
    });
  });

  it('without the condition, any panel member may act and the step falls to the role', () => {
    const s = panelConvened();
    expect(decide(s, actor('panel-member', 'panel-9')).ok).toBe(true);
    const owed = s.engine.work(s.state, london('2027-03-12T10:00')).find((item) => item.id === 'decide');
    expect(owed?.owners).toEqual([{ productRole: 'panel-member', title: 'Panel chair' }]);
  });
});
