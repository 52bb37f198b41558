/**
 * Panels after they are convened (ADR 0026): members' declarations of independence, learning
 * points and recommendations with the decision, and what each outcome requires tracked to done.
 * Pure engine tests on the Kent and Kingston and Richmond procedures, dates worked by hand.
 */
import { describe, expect, it } from 'vitest';
import type { ActionDetails, CaseEvent, Command } from '../../src/core/engine/model.js';
import { kent } from '../../src/core/procedures/definitions/kent.js';
import { kingstonRichmond } from '../../src/core/procedures/definitions/kingston-richmond.js';
import { actor, london, member, scenario } from '../support/scenario.js';

const chair = actor('conference-chair', 'chair-1');
const careManager = actor('complaints-manager', 'ccm-1');
const chairsManager = actor('conference-service-manager', 'cm-1');
const aad = actor('senior-safeguarding-manager', 'aad-1');
const panelChair = actor('panel-member', 'kcc-director');
const policeMember = actor('panel-member', 'police-ds');

const reviewPanel = [
  member('kcc-director', 'local-authority-childrens-services', 'chair'),
  member('icb-ad', 'health'),
  member('police-ds', 'police'),
];

/** A Kent case whose events are kept, so that it can be replayed as the store would. */
function kentCase() {
  const s = scenario(kent);
  const events: CaseEvent[] = [];
  const run = (command: Command) => {
    const decided = s.decide(command);
    if (!decided.ok) return decided;
    events.push(...decided.events);
    s.command(command);
    return decided;
  };
  const act = (action: string, by: typeof chair, at: string, details: ActionDetails = { kind: 'record' }) => {
    const result = run(s.perform(action, by, at, details));
    if (!result.ok) throw new Error(`${action} refused: ${result.refusal.message}`);
  };
  const raise = s.raiseCommand({ conferenceAt: '2026-12-15T10:00', receivedAt: '2026-12-23T10:00' });
  run(raise);
  act('triage.decided', careManager, '2026-12-23T12:00', { kind: 'choice', option: 'representation', reason: 'About the decision' });
  act('stage1.appeal-notified', chair, '2026-12-24T10:00');
  act('stage1.meeting-held', chair, '2027-01-12T10:00', { kind: 'meeting', minuteTaker: { personId: 'colleague-1', role: 'note-taker' } });
  act('stage1.response-sent', chair, '2027-01-15T10:00', {
    kind: 'letter',
    method: 'email',
    content: { 'meeting-notes': 'Notes', 'outcome-of-meeting': 'Dissatisfied', 'how-to-take-further': 'Write to the manager' },
    copiedTo: ['customer-care-manager', 'chairs-manager', 'conference-attendees-and-invitees'],
  });
  act('stage2.requested', chairsManager, '2027-01-18T10:00', { kind: 'request', reasons: 'Still disagrees' });
  act('stage2.meeting-held', chairsManager, '2027-01-27T10:00', { kind: 'meeting' });
  act('stage2.letter-sent', chairsManager, '2027-01-29T10:00', {
    kind: 'letter',
    method: 'first-class-post',
    content: { 'agreed-actions': 'Agreed' },
    copiedTo: [],
  });
  act('stage3.requested', aad, '2027-02-15T10:00', { kind: 'request', reasons: 'Reasons given' });
  act('stage3.systems-improvement-informed', chairsManager, '2027-02-15T11:00');
  act('stage3.referral-decided', aad, '2027-02-16T10:00', { kind: 'choice', option: 'refer', reason: 'Appraisal done' });
  const declare = (by: typeof chair, at: string, personId: string, independent: boolean, reason?: string) =>
    run({ type: 'DeclareIndependence', actor: by, now: london(at), personId, independent, ...(reason === undefined ? {} : { reason }) });
  return { s, events, run, act, declare };
}

const panelLetter: ActionDetails = {
  kind: 'letter',
  method: 'email',
  content: {
    'panel-membership': 'KCC Director ICS (chair), ICB AD, Det Supt',
    decision: 'Review conference recommended',
    reasons: 'Procedures not followed',
    'original-decision-not-expunged': 'The original decisions remain on file',
    'ombudsman-and-judicial-review': 'LGSCO',
  },
  copiedTo: ['customer-care-manager', 'chairs-manager', 'ics-service-manager', 'conference-chair', 'conference-attendees-and-invitees'],
};

describe('declarations of independence', () => {
  it('cannot be made before a panel is convened', () => {
    const c = kentCase();
    expect(c.declare(policeMember, '2027-02-22T10:00', 'police-ds', true)).toMatchObject({
      ok: false,
      refusal: { code: 'not-available', message: 'No panel has been convened on this case yet' },
    });
  });

  it('each member declares, or declines with the reason; until then they are outstanding, never a refusal', () => {
    const c = kentCase();
    c.act('stage4.panel-convened', chairsManager, '2027-02-22T10:00', { kind: 'panel', members: reviewPanel });
    const before = c.s.engine.convenedPanel(c.s.state);
    expect(before?.members.map((m) => m.status)).toEqual(['outstanding', 'outstanding', 'outstanding']);
    expect(before?.problems).toEqual([]);
    // Undeclared members do not stop the hearing: no Kent clause makes declarations a condition of it.
    c.act('stage4.pack-provided', chairsManager, '2027-02-23T10:00');

    expect(c.declare(panelChair, '2027-02-23T11:00', 'kcc-director', true)).toMatchObject({ ok: true });
    expect(c.declare(policeMember, '2027-02-23T11:00', 'police-ds', false)).toMatchObject({
      ok: false,
      refusal: { code: 'invalid', message: 'Give the reason police-ds cannot declare independence from the case', clause: 'kent 9 ¶3' },
    });
    expect(c.declare(policeMember, '2027-02-23T11:05', 'police-ds', false, 'I supervised the social worker in 2025')).toMatchObject({
      ok: true,
    });
    const after = c.s.engine.convenedPanel(c.s.state);
    expect(after?.members.map((m) => [m.member.personId, m.status])).toEqual([
      ['kcc-director', 'declared'],
      ['icb-ad', 'outstanding'],
      ['police-ds', 'declined'],
    ]);
    expect(after?.problems).toEqual([
      {
        message:
          'police-ds has declined to declare independence from the case (I supervised the social worker in 2025): they may not sit on the Formal Review Panel',
        clause: 'kent 9 ¶3',
        personId: 'police-ds',
      },
    ]);
  });

  it("the convener may record a member's declaration; nobody else may, and only members of the panel as convened declare", () => {
    const c = kentCase();
    c.act('stage4.panel-convened', chairsManager, '2027-02-22T10:00', { kind: 'panel', members: reviewPanel });
    expect(c.declare(chairsManager, '2027-02-22T12:00', 'icb-ad', true)).toMatchObject({ ok: true });
    expect(c.s.engine.convenedPanel(c.s.state)?.members[1]).toMatchObject({
      status: 'declared',
      declaration: { by: { id: 'cm-1', role: 'conference-service-manager' } },
    });
    expect(c.declare(aad, '2027-02-22T12:00', 'police-ds', true)).toMatchObject({
      ok: false,
      refusal: {
        code: 'not-permitted',
        message: "Only police-ds, or whoever convenes the Formal Review Panel, may record police-ds's declaration",
      },
    });
    expect(c.declare(policeMember, '2027-02-22T12:00', 'someone-else', true)).toMatchObject({
      ok: false,
      refusal: { code: 'invalid', message: 'someone-else is not a member of the Formal Review Panel as convened' },
    });
  });

  it('a later declaration replaces an earlier one, and the declarations replay from the stored facts', () => {
    const c = kentCase();
    c.act('stage4.panel-convened', chairsManager, '2027-02-22T10:00', { kind: 'panel', members: reviewPanel });
    c.declare(policeMember, '2027-02-22T11:00', 'police-ds', false, 'Not sure yet');
    c.declare(policeMember, '2027-02-22T15:00', 'police-ds', true);
    expect(c.s.engine.convenedPanel(c.s.state)?.members[2]?.status).toBe('declared');
    expect(c.s.engine.convenedPanel(c.s.state)?.problems).toEqual([]);
    const facts = c.events.filter((e) => e.type !== 'StageEntered' && e.type !== 'ChallengeClosed');
    const replayed = c.s.engine.replay(facts);
    expect(replayed.ok).toBe(true);
    if (!replayed.ok) return;
    expect(replayed.state.status !== 'not-raised' && replayed.state.declarations).toEqual([
      { panel: 1, personId: 'police-ds', independent: true, at: london('2027-02-22T15:00'), by: { id: 'police-ds', role: 'panel-member' } },
    ]);
    const entry = replayed.history.find((e) => e.fact.type === 'IndependenceDeclared');
    expect(entry?.status).toBe('as-recorded');
  });
});

describe('the decision: learning points and recommendations to named agencies', () => {
  function decided(details: Partial<Extract<ActionDetails, { kind: 'decision' }>>) {
    const c = kentCase();
    c.act('stage4.panel-convened', chairsManager, '2027-02-22T10:00', { kind: 'panel', members: reviewPanel });
    c.act('stage4.pack-provided', chairsManager, '2027-02-23T10:00');
    c.act('stage4.meeting-held', chairsManager, '2027-03-03T10:00', { kind: 'meeting' });
    const result = c.run(
      c.s.perform('stage4.decided', panelChair, '2027-03-03T15:00', {
        kind: 'decision',
        options: ['review-conference-different-chair', 'concerns-to-agencies'],
        findings: { proceduresFollowed: false, decisionReasonable: true },
        reasons: "The conference did not consider the father's report",
        ...details,
      }),
    );
    return { c, result };
  }

  it('are kept with the decision', () => {
    const { c, result } = decided({
      learningPoints: ['Reports from a parent are circulated before the conference'],
      recommendations: [{ agency: 'health', text: 'Health visitors send reports three working days ahead' }],
    });
    expect(result.ok).toBe(true);
    expect(c.s.open.decisions[0]).toMatchObject({
      learningPoints: ['Reports from a parent are circulated before the conference'],
      recommendations: [{ agency: 'health', text: 'Health visitors send reports three working days ahead' }],
    });
  });

  it('an empty learning point or recommendation is refused, naming which', () => {
    const { result } = decided({ learningPoints: ['  '], recommendations: [{ agency: 'police', text: '' }] });
    expect(result).toMatchObject({
      ok: false,
      refusal: {
        problems: [
          { message: 'Learning point 1 is empty', clause: 'kent 9 ¶6' },
          { message: 'Recommendation 1 says nothing: write what the agency is asked to do', clause: 'kent 9 ¶6' },
        ],
      },
    });
  });

  it('a decision recorded without them has none', () => {
    const { c } = decided({});
    expect(c.s.open.decisions[0]).toMatchObject({ learningPoints: [], recommendations: [] });
  });
});

describe('what the outcome requires, tracked to done', () => {
  it('kent 9 ¶10: a review conference under a different chair, step by step; concerns to agencies stand in the decision', () => {
    const c = kentCase();
    c.act('stage4.panel-convened', chairsManager, '2027-02-22T10:00', { kind: 'panel', members: reviewPanel });
    c.act('stage4.pack-provided', chairsManager, '2027-02-23T10:00');
    c.act('stage4.meeting-held', chairsManager, '2027-03-03T10:00', { kind: 'meeting' });
    expect(c.s.engine.outcomeRequirements(c.s.state)).toEqual([]);
    c.act('stage4.decided', panelChair, '2027-03-03T15:00', {
      kind: 'decision',
      options: ['review-conference-different-chair', 'concerns-to-agencies'],
      findings: { proceduresFollowed: false, decisionReasonable: true },
      reasons: 'Not followed',
    });
    const open = c.s.engine.outcomeRequirements(c.s.state);
    expect(open.map((r) => [r.option.id, r.status])).toEqual([
      ['review-conference-different-chair', 'open'],
      ['concerns-to-agencies', 'recorded'],
    ]);
    const [review] = open;
    expect(review?.stages).toEqual(['Child Protection Review Conference']);
    expect(review?.steps.map((s) => [s.action.id, s.done === undefined])).toEqual([
      ['stage4.move-to-review-conference', true],
      ['review-conference.chair-discussed', true],
      ['review-conference.held', true],
      ['review-conference.outcome-recorded', true],
    ]);
    expect(review?.steps[2]).toMatchObject({
      chairMustDiffer: 'kent 9 ¶10',
      briefingRequired: 'kent 9 ¶17',
      by: 'Chair of the Child Protection Review Conference',
    });

    c.act('stage4.letter-sent', panelChair, '2027-03-05T10:00', panelLetter);
    c.act('stage4.move-to-review-conference', chairsManager, '2027-03-05T11:00');
    c.act('review-conference.chair-discussed', chairsManager, '2027-03-08T10:00');
    const newChair = actor('conference-chair', 'chair-2');
    // The chair is checked against the original conference's chair, and the briefing is required.
    expect(
      c.run(c.s.perform('review-conference.held', newChair, '2027-03-12T10:00', { kind: 'meeting', chairId: 'chair-1', briefed: true })),
    ).toMatchObject({ ok: false, refusal: { clause: 'kent 9 ¶10' } });
    expect(
      c.run(c.s.perform('review-conference.held', newChair, '2027-03-12T10:00', { kind: 'meeting', chairId: 'chair-2' })),
    ).toMatchObject({
      ok: false,
      refusal: { clause: 'kent 9 ¶17' },
    });
    c.act('review-conference.held', newChair, '2027-03-12T10:00', { kind: 'meeting', chairId: 'chair-2', briefed: true });
    const midway = c.s.engine.outcomeRequirements(c.s.state)[0];
    expect(midway?.status).toBe('open');
    expect(midway?.steps[2]?.done).toEqual({ at: london('2027-03-12T10:00'), by: { id: 'chair-2', role: 'conference-chair' } });
    c.act('review-conference.outcome-recorded', newChair, '2027-03-12T15:00', {
      kind: 'choice',
      option: 'supports-original',
      reason: 'Plan remains necessary',
    });
    expect(c.s.engine.outcomeRequirements(c.s.state)[0]?.status).toBe('done');
  });

  it('kingston-richmond "Conference/Review Records" ¶3: a reconvened review that reaches a different conclusion requires the records endorsed', () => {
    const s = scenario(kingstonRichmond);
    const chair1 = actor('conference-chair', 'chair-1');
    const manager = actor('conference-service-manager', 'sm-1');
    const partnership = actor('panel-coordinator', 'pm-1');
    const laChair = actor('panel-member', 'panel-la');
    s.raise({ conferenceAt: '2026-12-10T10:00', receivedAt: '2026-12-16T10:00', conferenceType: 'risk-outside-the-home-review' });
    s.act('stage1.complaints-manager-informed', chair1, '2026-12-16T11:00');
    s.act('stage1.acknowledged', chair1, '2026-12-17T10:00');
    s.act('stage1.responded', manager, '2027-01-04T10:00', { kind: 'choice', option: 'meeting', reason: 'Family asked to meet' });
    s.act('stage1.letter-sent', manager, '2027-01-05T10:00', {
      kind: 'letter',
      method: 'email',
      content: { 'points-of-complaint': 'Points', 'agreed-actions': 'Actions' },
      copiedTo: ['complaints-manager', 'senior-manager'],
    });
    s.act('stage2.requested', manager, '2027-01-11T10:00', { kind: 'request' });
    s.act('stage2.meeting-held', manager, '2027-02-03T10:00', { kind: 'meeting' });
    s.act('stage2.letter-sent', manager, '2027-02-05T10:00', {
      kind: 'letter',
      method: 'first-class-post',
      content: { 'agreed-actions': 'Agreed' },
      copiedTo: [],
    });
    s.act('stage3.requested', partnership, '2027-02-15T10:00', { kind: 'request', reasons: 'Still dissatisfied' });
    s.act('stage3.partnership-manager-informed', manager, '2027-02-15T11:00');
    s.act('stage3.panel-convened', partnership, '2027-02-22T10:00', {
      kind: 'panel',
      members: [
        member('panel-la', 'local-authority-childrens-services', 'chair'),
        member('panel-police', 'police'),
        member('panel-health', 'health'),
      ],
    });
    s.act('stage3.meeting-held', partnership, '2027-03-03T10:00', {
      kind: 'meeting',
      minuteTaker: { personId: 'mt-1', role: 'minute-taker' },
    });
    s.act('stage3.decided', laChair, '2027-03-03T15:00', {
      kind: 'decision',
      options: ['procedures-not-followed', 'reconvene', 'learning-points'],
      findings: { proceduresFollowed: false },
      reasons: 'x',
      votes: { for: 2, against: 1 },
      learningPoints: ['Minutes reach the family within the time set'],
    });
    expect(s.open.decisions[0]?.votes).toEqual({ for: 2, against: 1 });
    const steps = () =>
      s.engine
        .outcomeRequirements(s.state)
        .find((r) => r.option.id === 'reconvene')
        ?.steps.map((x) => x.action.id);
    expect(steps()).toEqual([
      'stage3.move-to-reconvened-conference',
      'reconvened.minutes-to-chair',
      'reconvened.held',
      'reconvened.outcome',
    ]);
    s.act('stage3.letter-sent', laChair, '2027-03-05T10:00', {
      kind: 'letter',
      method: 'email',
      content: { decision: 'Decision', 'ombudsman-and-judicial-review': 'LGSCO' },
      copiedTo: ['conference-minutes-recipients'],
    });
    s.act('stage3.move-to-reconvened-conference', partnership, '2027-03-05T11:00');
    s.act('reconvened.minutes-to-chair', partnership, '2027-03-08T10:00');
    s.act('reconvened.held', chair1, '2027-03-19T10:00', { kind: 'meeting', chairId: 'chair-1', briefed: true });
    s.act('reconvened.outcome', manager, '2027-03-19T15:00', { kind: 'choice', option: 'different-conclusion', reason: 'Plan ended' });
    // The choice leads on: the records endorsed become a step of the requirement.
    expect(steps()).toEqual([
      'stage3.move-to-reconvened-conference',
      'reconvened.minutes-to-chair',
      'reconvened.held',
      'reconvened.outcome',
      'records.endorsed',
    ]);
    expect(s.engine.outcomeRequirements(s.state).find((r) => r.option.id === 'reconvene')?.status).toBe('open');
    s.act('records.endorsed', manager, '2027-03-30T10:00');
    const reconvene = s.engine.outcomeRequirements(s.state).find((r) => r.option.id === 'reconvene');
    expect(reconvene?.status).toBe('done');
    expect(reconvene?.steps.at(-1)?.done).toEqual({
      at: london('2027-03-30T10:00'),
      by: { id: 'sm-1', role: 'conference-service-manager' },
    });
    expect(s.engine.outcomeRequirements(s.state).find((r) => r.option.id === 'learning-points')?.status).toBe('recorded');
  });
});
