import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { PanelMember } from '../../src/core/engine/model.js';
import { kent } from '../../src/core/procedures/definitions/kent.js';
import { loadProcedure } from '../../src/core/procedures/validate.js';
import { actor, london, scenario, panelMember as member } from '../support/scenario.js';

const chair = actor('conference-chair', 'chair-1');
const careManager = actor('complaints-manager', 'ccm-1');
const chairsManager = actor('conference-service-manager', 'cm-1');
const aad = actor('senior-safeguarding-manager', 'aad-1');
const panelChair = actor('panel-member', 'kcc-director');
const noteTaker = { personId: 'colleague-1', role: 'note-taker' };

const kccDirector = member('kcc-director', 'local-authority-childrens-services', 'chair');
const icbAd = member('icb-ad', 'health');
const reviewPanel = [kccDirector, icbAd, member('police-ds', 'police')];

const stage1Letter = {
  kind: 'letter' as const,
  method: 'email' as const,
  content: {
    'meeting-notes': 'Notes',
    'outcome-of-meeting': 'Remains dissatisfied',
    'how-to-take-further': "Write to the Customer Care Manager and Chair's Manager",
  },
  copiedTo: ['customer-care-manager', 'chairs-manager', 'conference-attendees-and-invitees'],
};
const stage2Letter = {
  kind: 'letter' as const,
  method: 'first-class-post' as const,
  content: { 'agreed-actions': 'Agreed' },
  copiedTo: [],
};
const panelLetter = {
  kind: 'letter' as const,
  method: 'email' as const,
  content: {
    'panel-membership': 'KCC Director ICS (chair), ICB AD, Det Supt',
    decision: 'Review conference recommended',
    reasons: 'Procedures not followed',
    'original-decision-not-expunged': 'The original decisions remain on file',
    'ombudsman-and-judicial-review': 'LGSCO',
  },
  copiedTo: ['customer-care-manager', 'chairs-manager', 'ics-service-manager', 'conference-chair', 'conference-attendees-and-invitees'],
};

/** Conference Tue 15 Dec 2026 10:00; representation received Wed 23 Dec 2026. */
function represented() {
  const s = scenario(kent);
  s.raise({ conferenceAt: '2026-12-15T10:00', receivedAt: '2026-12-23T10:00' });
  s.act('triage.decided', careManager, '2026-12-23T12:00', {
    kind: 'choice',
    option: 'representation',
    reason: 'About the decision to make a plan',
  });
  return s;
}

function atStage2() {
  const s = represented();
  s.act('stage1.appeal-notified', chair, '2026-12-24T10:00');
  s.act('stage1.meeting-held', chair, '2027-01-12T10:00', { kind: 'meeting', minuteTaker: noteTaker, supporterPresent: true });
  s.act('stage1.response-sent', chair, '2027-01-15T10:00', stage1Letter);
  s.act('stage2.requested', chairsManager, '2027-01-18T10:00', { kind: 'request', reasons: 'Still disagrees' });
  return s;
}

function atStage4() {
  const s = atStage2();
  s.act('stage2.meeting-held', chairsManager, '2027-01-27T10:00', { kind: 'meeting' });
  s.act('stage2.letter-sent', chairsManager, '2027-01-29T10:00', stage2Letter);
  s.act('stage3.requested', aad, '2027-02-15T10:00', { kind: 'request', reasons: 'Reasons given' });
  s.act('stage3.systems-improvement-informed', chairsManager, '2027-02-15T11:00');
  s.act('stage3.referral-decided', aad, '2027-02-16T10:00', { kind: 'choice', option: 'refer', reason: 'Full appraisal of Stage 2 done' });
  return s;
}

describe('Kent', () => {
  it('kent 3 ¶1: the definition loads and validates', () => {
    expect(loadProcedure(kent).id).toBe('kent');
  });

  it('kent 5 ¶5: the representation is due 10 working days after the conference, explained', () => {
    const s = represented();
    const d = s.deadline('representation-in-writing', '2026-12-23T12:00');
    expect(d.due.explanation).toBe(
      '10 working days after the conference on Tue 15 Dec 2026, skipping 25 and 28 December (bank holidays): Thu 31 Dec 2026. Source: kent 5 ¶5',
    );
    expect(d.status).toBe('met');
  });

  it('kent 2 ¶2: the Customer Care Manager triages with the chair; a complaint goes to statutory complaints (kent 5 ¶4)', () => {
    const s = scenario(kent);
    s.raise({ conferenceAt: '2026-12-15T10:00', receivedAt: '2026-12-23T10:00' });
    expect(s.tryAct('triage.decided', chair, '2026-12-23T12:00', { kind: 'choice', option: 'complaint', reason: 'x' })).toMatchObject({
      ok: false,
      refusal: { code: 'not-permitted' },
    });
    s.act('triage.decided', careManager, '2026-12-23T12:00', { kind: 'choice', option: 'complaint', reason: "About the chair's attitude" });
    expect(s.open.closed?.outcome).toBe('redirected');
  });

  it('kent 5 ¶6: the minutes are due within 3 working days of the notice of appeal', () => {
    const s = represented();
    // Wed 23 Dec 2026: Thu 24 (1), (25, 28 holidays) Tue 29 (2), Wed 30 (3)
    s.expectDue('minutes-sent', '2026-12-24T10:00', '2026-12-30');
    s.minutesSent(chair, '2026-12-24T12:00');
    expect(s.deadline('minutes-sent', '2026-12-24T12:00').status).toBe('met');
  });

  it('kent 6 ¶2: a late representation waits for the chair, who may accept it for exceptional reasons', () => {
    const s = scenario(kent);
    s.raise({ conferenceAt: '2026-12-15T10:00', receivedAt: '2027-01-04T10:00' });
    expect(
      s.tryAct('triage.decided', careManager, '2027-01-04T12:00', { kind: 'choice', option: 'representation', reason: 'x' }),
    ).toMatchObject({ ok: false, refusal: { code: 'awaiting-decision', clause: 'kent 6 ¶2' } });
    expect(s.decideLate(chair, '2027-01-04T12:00', 'representation-in-writing', true)).toEqual({ ok: true });
    s.act('triage.decided', careManager, '2027-01-04T13:00', { kind: 'choice', option: 'representation', reason: 'About the decision' });
    s.expectStage('stage-1');
  });

  it('kent 3 ¶1: a child may make representations only if judged to have sufficient understanding', () => {
    const s = scenario(kent);
    expect(s.tryRaise({ conferenceAt: '2026-12-15T10:00', receivedAt: '2026-12-16T10:00', complainant: { kind: 'child' } })).toMatchObject({
      ok: false,
      refusal: { clause: 'kent 3 ¶1' },
    });
    expect(
      s.tryRaise({
        conferenceAt: '2026-12-15T10:00',
        receivedAt: '2026-12-16T10:00',
        complainant: { kind: 'child', sufficientUnderstanding: true },
      }),
    ).toEqual({ ok: true });
  });

  it('kent 3 ¶4: the local authority decides whether concurrent proceedings prevent considering it', () => {
    const s = scenario(kent);
    s.raise({ conferenceAt: '2026-12-15T10:00', receivedAt: '2026-12-16T10:00', flags: ['legal-proceedings'] });
    expect(
      s.command({
        type: 'DecideLimitation',
        actor: chair,
        now: new Date('2026-12-16T12:00Z'),
        flag: 'legal-proceedings',
        proceed: true,
        reason: 'x',
      }),
    ).toMatchObject({ ok: false, refusal: { code: 'not-permitted' } });
    expect(
      s.command({
        type: 'DecideLimitation',
        actor: careManager,
        now: new Date('2026-12-16T12:00Z'),
        flag: 'legal-proceedings',
        proceed: true,
        reason: 'Criminal investigation concerns other matters',
      }),
    ).toEqual({ ok: true });
    s.act('triage.decided', careManager, '2026-12-16T13:00', { kind: 'choice', option: 'representation', reason: 'About the category' });
  });

  it('kent 6 ¶3: the chair meets the appellant within 18 working days of the initial conference, across Christmas', () => {
    const s = represented();
    // from Tue 15 Dec 2026: 16-18 (3), 21-24 (7), 29-31 (10), (1 Jan) 4-8 Jan (15), 11, 12, 13 (18) -> Wed 13 Jan 2027
    s.expectDue('stage1-meeting', '2026-12-24T10:00', '2027-01-13');
  });

  it('kent 6 ¶4: a colleague must take notes at the Stage 1 meeting', () => {
    const s = represented();
    expect(s.tryAct('stage1.meeting-held', chair, '2027-01-12T10:00', { kind: 'meeting' })).toMatchObject({
      ok: false,
      refusal: { clause: 'kent 6 ¶4' },
    });
  });

  it('kent 6 ¶7: the Stage 1 response is copied to everyone invited to the conference', () => {
    const s = represented();
    s.act('stage1.meeting-held', chair, '2027-01-12T10:00', { kind: 'meeting', minuteTaker: noteTaker });
    expect(
      s.tryAct('stage1.response-sent', chair, '2027-01-15T10:00', {
        ...stage1Letter,
        copiedTo: ['customer-care-manager', 'chairs-manager'],
      }),
    ).toMatchObject({ ok: false, refusal: { clause: 'kent 6 ¶7' } });
  });

  it('kent 6 ¶9: the letter states the date by which to ask for Stage 2 (5 days from receipt)', () => {
    const s = atStage2();
    // emailed Fri 15 Jan 2027, received that day; + 5 days = Wed 20 Jan 2027
    expect(s.open.letters[0]?.escalateBy).toBe('2027-01-20');
    expect(s.deadline('stage2-request', '2027-01-18T10:00').status).toBe('met');
    s.expectStage('stage-2');
  });

  it('kent 6 ¶8: an appellant who accepts the decision closes the case once everyone is told', () => {
    const s = represented();
    s.act('stage1.meeting-held', chair, '2027-01-12T10:00', { kind: 'meeting', minuteTaker: noteTaker });
    s.act('stage1.response-sent', chair, '2027-01-15T10:00', stage1Letter);
    expect(s.tryAct('stage1.accepted', chair, '2027-01-16T10:00')).toMatchObject({ ok: false, refusal: { code: 'not-available' } });
    s.act('stage1.no-further-action-notified', chair, '2027-01-16T10:00');
    s.act('stage1.accepted', chair, '2027-01-16T11:00');
    expect(s.open.closed?.outcome).toBe('resolved');
  });

  it('kent 7 ¶3: the Stage 2 meeting is due 10 working days after the notification', () => {
    const s = atStage2();
    // Mon 18 Jan 2027: 19-22 (4), 25-29 (9), Mon 1 Feb (10)
    s.expectDue('stage2-meeting', '2027-01-19T10:00', '2027-02-01');
    expect(s.tryAct('stage2.meeting-held', chair, '2027-01-27T10:00', { kind: 'meeting' })).toMatchObject({
      ok: false,
      refusal: { code: 'not-permitted' },
    });
  });

  it('kent 7 ¶5: the Stage 2 letter gives 15 working days from deemed receipt by post to go to Stage 3', () => {
    const s = atStage2();
    s.act('stage2.meeting-held', chairsManager, '2027-01-27T10:00', { kind: 'meeting' });
    s.act('stage2.letter-sent', chairsManager, '2027-01-29T10:00', stage2Letter);
    // posted Fri 29 Jan 2027; deemed received Tue 2 Feb; + 15 working days: 3-5 (3), 8-12 (8), 15-19 (13), 22, 23 -> Tue 23 Feb 2027
    expect(s.open.letters[1]?.escalateBy).toBe('2027-02-23');
  });

  it('kent 7 ¶6: where issues fall outside the procedure the Stage 2 letter goes to the Customer Care Manager', () => {
    const s = scenario(kent);
    s.raise({ conferenceAt: '2026-12-15T10:00', receivedAt: '2026-12-23T10:00', flags: ['issues-outside-procedure'] });
    s.act('triage.decided', careManager, '2026-12-23T12:00', { kind: 'choice', option: 'representation', reason: 'x' });
    s.act('stage1.meeting-held', chair, '2027-01-12T10:00', { kind: 'meeting', minuteTaker: noteTaker });
    s.act('stage1.response-sent', chair, '2027-01-15T10:00', stage1Letter);
    s.act('stage2.requested', chairsManager, '2027-01-18T10:00', { kind: 'request' });
    s.act('stage2.meeting-held', chairsManager, '2027-01-27T10:00', { kind: 'meeting' });
    expect(s.tryAct('stage2.letter-sent', chairsManager, '2027-01-29T10:00', stage2Letter)).toMatchObject({
      ok: false,
      refusal: { clause: 'kent 7 ¶6' },
    });
  });

  it('kent 8 ¶1: the Assistant Area Director alone decides whether to refer to the Review Panel', () => {
    const s = atStage2();
    s.act('stage2.meeting-held', chairsManager, '2027-01-27T10:00', { kind: 'meeting' });
    s.act('stage2.letter-sent', chairsManager, '2027-01-29T10:00', stage2Letter);
    s.act('stage3.requested', careManager, '2027-02-15T10:00', { kind: 'request', reasons: 'x' });
    expect(
      s.tryAct('stage3.referral-decided', chairsManager, '2027-02-16T10:00', { kind: 'choice', option: 'refer', reason: 'x' }),
    ).toMatchObject({ ok: false, refusal: { code: 'not-permitted', clause: 'kent 8 ¶1' } });
    s.act('stage3.referral-decided', aad, '2027-02-16T10:00', {
      kind: 'choice',
      option: 'do-not-refer',
      reason: 'Stage 2 was thorough and procedures followed',
    });
    expect(s.open.closed?.outcome).toBe('concluded');
  });

  it('kent 9 ¶3: the Review Panel is chaired by KCC, senior, from the three partners, with no line management', () => {
    const s = atStage4();
    const check = (members: PanelMember[]) => s.engine.checkPanel(s.state, 'stage4.panel-convened', members).map((p) => p.clause);
    expect(check(reviewPanel)).toEqual([]);
    expect(check([...reviewPanel, member('adviser', 'education', 'co-opted-adviser', { senior: false })])).toEqual([]);
    expect(
      check([
        member('kcc-director', 'local-authority-childrens-services'),
        member('icb-ad', 'health'),
        member('police-ds', 'police', 'chair'),
      ]),
    ).toEqual(['kent 9 ¶3']);
    expect(check([kccDirector, icbAd, member('police-di', 'police', 'member', { senior: false })])).toEqual(['kent 9 ¶3']);
    expect(check([kccDirector, icbAd, member('police-ds', 'police', 'member', { declaresLineManagement: true })])).toEqual(['kent 9 ¶3']);
  });

  it("kent 9 ¶3: the original chair and the Chair's Manager who ran Stage 2 attend the Review Panel but may not sit on it", () => {
    const s = atStage4();
    // cm-1 ran Stage 2 as the Chair's Manager; chair-1 chaired the conference being challenged.
    const asMember = (personId: string, agency: PanelMember['agency']) =>
      s.engine.checkPanel(s.state, 'stage4.panel-convened', [...reviewPanel, member(personId, agency)]);
    expect(asMember('cm-1', 'local-authority-childrens-services')).toEqual([
      {
        message:
          "cm-1 is the ICS Child Protection Conference Chair's Manager for this case, whom the procedure lists as in attendance at the Formal Review Panel, not as a member",
        clause: 'kent 9 ¶3',
        personId: 'cm-1',
      },
    ]);
    expect(asMember('chair-1', 'local-authority-childrens-services')).toEqual([
      {
        message:
          'chair-1 is the Conference chair for this case, whom the procedure lists as in attendance at the Formal Review Panel, not as a member',
        clause: 'kent 9 ¶3',
        personId: 'chair-1',
      },
    ]);
    // Another conference service manager who took no step in the case is not in attendance.
    expect(asMember('cm-2', 'local-authority-childrens-services')).toEqual([]);
    expect(
      s.tryAct('stage4.panel-convened', chairsManager, '2027-02-22T10:00', {
        kind: 'panel',
        members: [...reviewPanel, member('cm-1', 'local-authority-childrens-services')],
      }),
    ).toMatchObject({ ok: false, refusal: { clause: 'kent 9 ¶3' } });
  });

  it('kent 9 ¶11: the letter need not say the decision cannot be expunged when the panel confirms the decision', () => {
    const s = atStage4();
    s.act('stage4.panel-convened', chairsManager, '2027-02-22T10:00', { kind: 'panel', members: reviewPanel });
    s.act('stage4.pack-provided', chairsManager, '2027-02-23T10:00');
    s.act('stage4.meeting-held', chairsManager, '2027-03-03T10:00', { kind: 'meeting' });
    s.act('stage4.decided', panelChair, '2027-03-03T15:00', {
      kind: 'decision',
      options: ['decision-stands'],
      findings: { proceduresFollowed: true, decisionReasonable: true },
      reasons: 'Followed and reasonable',
    });
    const due = s.engine.lettersDue(s.state, london('2027-03-04T10:00')).find((l) => l.letter.id === 'review-panel-decision');
    expect(due?.requiredContent.map((c) => c.item)).not.toContain('original-decision-not-expunged');
    const { 'original-decision-not-expunged': _notExpunged, ...withoutIt } = panelLetter.content;
    expect(s.tryAct('stage4.letter-sent', panelChair, '2027-03-05T10:00', { ...panelLetter, content: withoutIt })).toEqual({ ok: true });
  });

  it('kent 9 ¶6: the panel must sit within 15 working days of the letter; kent 9 ¶8: and write within 10 more', () => {
    const s = atStage4();
    // Mon 15 Feb 2027: 16-19 (4), 22-26 (9), 1-5 Mar (14), Mon 8 Mar (15)
    s.expectDue('review-panel-convened', '2027-02-16T10:00', '2027-03-08');
    s.act('stage4.panel-convened', chairsManager, '2027-02-22T10:00', { kind: 'panel', members: reviewPanel });
    s.act('stage4.pack-provided', chairsManager, '2027-02-23T10:00');
    s.act('stage4.meeting-held', chairsManager, '2027-03-03T10:00', { kind: 'meeting' });
    // Wed 3 Mar 2027: 4, 5 (2), 8-12 (7), 15, 16, 17 (10) -> Wed 17 Mar 2027
    s.expectDue('review-panel-letter', '2027-03-03T12:00', '2027-03-17');
  });

  it("kent 9 ¶3, ¶8: the member convened as the panel's (KCC) chair records its decision and sends its letter; another member is refused", () => {
    const s = atStage4();
    s.act('stage4.panel-convened', chairsManager, '2027-02-22T10:00', { kind: 'panel', members: reviewPanel });
    s.act('stage4.pack-provided', chairsManager, '2027-02-23T10:00');
    s.act('stage4.meeting-held', chairsManager, '2027-03-03T10:00', { kind: 'meeting' });
    const decided = {
      kind: 'decision' as const,
      options: ['decision-stands'],
      findings: { proceduresFollowed: true, decisionReasonable: true },
      reasons: 'Procedures followed and the decision followed reasonably',
    };
    const healthMember = { ...actor('panel-member', 'icb-ad'), name: 'ICB AD' };
    expect(s.tryAct('stage4.decided', healthMember, '2027-03-03T15:00', decided)).toEqual({
      ok: false,
      refusal: {
        code: 'not-permitted',
        message:
          "Only the member convened as chair of the panel may do this as Chair of the formal Review Panel (KCC): ICB AD is not the panel's chair",
        clause: 'kent 9 ¶6',
      },
    });
    s.act('stage4.decided', panelChair, '2027-03-03T15:00', decided);
    expect(s.tryAct('stage4.letter-sent', healthMember, '2027-03-05T10:00', panelLetter)).toMatchObject({
      ok: false,
      refusal: { code: 'not-permitted', clause: 'kent 9 ¶8' },
    });
    expect(s.tryAct('stage4.letter-sent', panelChair, '2027-03-05T10:00', panelLetter)).toEqual({ ok: true });
  });

  it('kent 9 ¶10: procedures not followed obliges a review conference under a different chair, within 3 months (kent 9 ¶19)', () => {
    const s = atStage4();
    s.act('stage4.panel-convened', chairsManager, '2027-02-22T10:00', { kind: 'panel', members: reviewPanel });
    s.act('stage4.pack-provided', chairsManager, '2027-02-23T10:00');
    s.act('stage4.meeting-held', chairsManager, '2027-03-03T10:00', { kind: 'meeting' });
    const findings = { proceduresFollowed: false, decisionReasonable: true };
    expect(
      s.tryAct('stage4.decided', panelChair, '2027-03-03T15:00', {
        kind: 'decision',
        options: ['decision-stands'],
        findings,
        reasons: 'x',
      }),
    ).toMatchObject({ ok: false, refusal: { clause: 'kent 9 ¶10' } });
    s.act('stage4.decided', panelChair, '2027-03-03T15:00', {
      kind: 'decision',
      options: ['review-conference-different-chair', 'concerns-to-agencies'],
      findings,
      reasons: "The conference did not consider the father's report",
    });
    // the original conference was Tue 15 Dec 2026; 3 months later: Mon 15 Mar 2027
    s.expectDue('review-conference', '2027-03-04T10:00', '2027-03-15');
    expect(
      s.tryAct('stage4.letter-sent', panelChair, '2027-03-05T10:00', {
        ...panelLetter,
        content: { ...panelLetter.content, 'original-decision-not-expunged': '' },
      }),
    ).toMatchObject({ ok: false, refusal: { clause: 'kent 9 ¶11' } });
    expect(
      s.tryAct('stage4.letter-sent', panelChair, '2027-03-05T10:00', { ...panelLetter, copiedTo: panelLetter.copiedTo.slice(0, 4) }),
    ).toMatchObject({ ok: false, refusal: { clause: 'kent 9 ¶9' } });
    s.act('stage4.letter-sent', panelChair, '2027-03-05T10:00', panelLetter);
    s.act('stage4.move-to-review-conference', chairsManager, '2027-03-05T11:00');
    s.act('review-conference.chair-discussed', chairsManager, '2027-03-08T10:00');
    const newChair = actor('conference-chair', 'chair-2');
    expect(
      s.tryAct('review-conference.held', newChair, '2027-03-12T10:00', { kind: 'meeting', chairId: 'chair-1', briefed: true }),
    ).toMatchObject({ ok: false, refusal: { clause: 'kent 9 ¶10' } });
    expect(s.tryAct('review-conference.held', newChair, '2027-03-12T10:00', { kind: 'meeting', chairId: 'chair-2' })).toMatchObject({
      ok: false,
      refusal: { clause: 'kent 9 ¶17' },
    });
    s.act('review-conference.held', newChair, '2027-03-12T10:00', { kind: 'meeting', chairId: 'chair-2', briefed: true });
    expect(s.deadline('review-conference', '2027-03-12T11:00').status).toBe('met');
    s.act('review-conference.outcome-recorded', newChair, '2027-03-12T15:00', {
      kind: 'choice',
      option: 'supports-original',
      reason: 'Plan remains necessary',
    });
    expect(s.open.closed?.outcome).toBe('concluded');
  });

  it('kent 9 ¶12: procedures followed and decision reasonable confirms the decision stands', () => {
    const s = atStage4();
    s.act('stage4.panel-convened', chairsManager, '2027-02-22T10:00', { kind: 'panel', members: reviewPanel });
    s.act('stage4.pack-provided', chairsManager, '2027-02-23T10:00');
    s.act('stage4.meeting-held', chairsManager, '2027-03-03T10:00', { kind: 'meeting' });
    s.act('stage4.decided', panelChair, '2027-03-03T15:00', {
      kind: 'decision',
      options: ['decision-stands'],
      findings: { proceduresFollowed: true, decisionReasonable: true },
      reasons: 'Followed and reasonable',
    });
    s.act('stage4.letter-sent', panelChair, '2027-03-05T10:00', panelLetter);
    s.act('stage4.concluded', chairsManager, '2027-03-05T11:00');
    expect(s.open.closed?.outcome).toBe('concluded');
    expect(s.deadlines('2027-03-05T11:00').some((d) => d.rule.id === 'review-conference')).toBe(false);
  });

  it('kent 1 ¶1: a complaint about an agency is redirected at once', () => {
    const s = scenario(kent);
    expect(s.tryRaise({ conferenceAt: '2026-12-15T10:00', receivedAt: '2026-12-16T10:00', subject: 'agency' })).toMatchObject({
      ok: false,
      refusal: { code: 'redirected', clause: 'kent 1 ¶1' },
    });
  });

  it('kent 9 ¶6: the schedule runs every step on its last day, across Easter 2027', async () => {
    let out = '';
    const code = await main(['schedule', '--procedure', 'kent', '--conference', '2026-12-15T10:00', '--json'], {
      stdout: (t) => (out += t),
      stderr: () => undefined,
    });
    expect(code).toBe(0);
    const due = Object.fromEntries((JSON.parse(out) as { id: string; due: string }[]).map((e) => [e.id, e.due]));
    expect(due).toMatchObject({
      'representation-in-writing': '2026-12-31',
      // Thu 31 Dec: (1 Jan) Mon 4, Tue 5, Wed 6 Jan 2027
      'minutes-sent': '2027-01-06',
      'stage1-meeting': '2027-01-13',
      // Wed 13 Jan + 5 working days: 14, 15, 18, 19, 20
      'stage1-response': '2027-01-20',
      // posted Wed 20 Jan, deemed received Fri 22 Jan; + 5 days = Wed 27 Jan
      'stage2-request': '2027-01-27',
      // Wed 27 Jan + 10 working days: 28, 29, 1-5 Feb, 8, 9, 10
      'stage2-meeting': '2027-02-10',
      // letter assumed sent Wed 10 Feb by post, deemed received Fri 12 Feb; + 15 working days: 15 Feb-5 Mar
      'stage3-request': '2027-03-05',
      // Fri 5 Mar + 15 working days: 8-12 (5), 15-19 (10), 22-25 (14), (26 Good Friday, 29 Easter Monday) Tue 30 Mar (15)
      'review-panel-convened': '2027-03-30',
      // Tue 30 Mar + 10 working days: 31, 1, 2 (3), 5-9 Apr (8), 12, 13 (10)
      'review-panel-letter': '2027-04-13',
      'review-conference': '2027-03-15',
    });
  });
});
