import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { PanelMember } from '../../src/core/engine/model.js';
import { panSussex } from '../../src/core/procedures/definitions/pan-sussex.js';
import { loadProcedure } from '../../src/core/procedures/validate.js';
import { actor, scenario, panelMember as member } from '../support/scenario.js';

const chair = actor('conference-chair', 'chair-1');
const chairsManager = actor('conference-service-manager', 'chairs-manager-1');
const head = actor('senior-safeguarding-manager', 'head-1');
const complaints = actor('complaints-manager', 'cm-1');
const reviewing = actor('conference-service-manager', 'rm-1');
const panelChair = actor('panel-member', 'panel-la');
const noteTaker = { personId: 'nt-1', role: 'note-taker' };

const panel = [
  member('panel-la', 'local-authority-childrens-services', 'chair'),
  member('panel-police', 'police'),
  member('panel-education', 'education'),
];
const stage1Letter = {
  kind: 'letter' as const,
  method: 'email' as const,
  content: { 'meeting-notes': 'Notes', 'how-to-take-further': 'Stage 2' },
  copiedTo: ['complaints-manager'],
};
const stage2Letter = { kind: 'letter' as const, method: 'email' as const, content: { 'agreed-actions': 'Agreed' }, copiedTo: [] };
const panelLetter = {
  kind: 'letter' as const,
  method: 'email' as const,
  content: { 'panel-membership': 'A, B, C', decision: 'd', reasons: 'r', 'ombudsman-and-judicial-review': 'LGSCO' },
  copiedTo: [],
};

/** Dissent at a conference on Fri 23 Oct 2026, 10:00 (the clocks go back on Sun 25 Oct). */
function dissent(receivedAt = '2026-10-25T20:00') {
  const s = scenario(panSussex);
  s.raise({
    conferenceAt: '2026-10-23T10:00',
    receivedAt,
    track: 'professional-dissent',
    complainant: { kind: 'professional' },
    localArea: 'west-sussex',
  });
  return s;
}

/** Family complaint: conference Tue 1 Dec 2026, complaint received Mon 14 Dec 2026. */
function complaint() {
  const s = scenario(panSussex);
  s.raise({ conferenceAt: '2026-12-01T10:00', receivedAt: '2026-12-14T10:00', localArea: 'east-sussex' });
  return s;
}

function atStage3() {
  const s = complaint();
  s.act('stage1.manager-informed', chair, '2026-12-14T11:00');
  s.act('stage1.meeting-held', chair, '2026-12-22T10:00', { kind: 'meeting', minuteTaker: noteTaker });
  s.act('stage1.response-sent', chair, '2027-01-06T10:00', stage1Letter);
  s.act('stage2.requested', reviewing, '2027-01-11T10:00', { kind: 'request' });
  s.act('stage2.meeting-held', reviewing, '2027-02-03T10:00', { kind: 'meeting', minuteTaker: noteTaker });
  s.act('stage2.letter-sent', reviewing, '2027-02-05T10:00', stage2Letter);
  s.act('stage3.requested', complaints, '2027-02-15T10:00', { kind: 'request', reasons: 'Category wrong' });
  return s;
}

function panelMet(s: ReturnType<typeof atStage3>) {
  s.act('stage3.business-manager-informed', complaints, '2027-02-15T11:00');
  s.act('stage3.panel-convened', complaints, '2027-02-22T10:00', { kind: 'panel', members: panel });
  s.act('stage3.pack-provided', complaints, '2027-02-23T10:00');
  s.act('stage3.meeting-held', complaints, '2027-03-10T10:00', { kind: 'meeting' });
}

describe('Pan-Sussex: professional dissent', () => {
  it('pan-sussex 5.7.4 ¶2: dissent is due 72 hours after the conference, across the clock change', () => {
    const s = dissent();
    const d = s.deadline('dissent-raised', '2026-10-25T20:00');
    expect(d.due.display).toBe('2026-10-26T09:00');
    expect(d.due.explanation).toContain('the clocks went back');
    expect(d.status).toBe('met');
    expect(dissent('2026-10-26T09:30').deadline('dissent-raised', '2026-10-26T09:30').status).toBe('met-late');
  });

  it('pan-sussex 5.7.3: only professionals may dissent', () => {
    const s = scenario(panSussex);
    expect(
      s.tryRaise({
        conferenceAt: '2026-10-23T10:00',
        receivedAt: '2026-10-24T10:00',
        track: 'professional-dissent',
        complainant: { kind: 'parent' },
        localArea: 'west-sussex',
      }),
    ).toMatchObject({ ok: false, refusal: { clause: 'pan-sussex 5.7.3' } });
  });

  it('pan-sussex 5.7.7(4): the Head of Safeguarding decides within 10 working days of the conference; a reconvened conference follows within 15', () => {
    const s = dissent();
    // Fri 23 Oct 2026: 26-30 Oct (5), 2-6 Nov (10) -> Fri 6 Nov 2026
    s.expectDue('dissent-decision', '2026-10-26T10:00', '2026-11-06');
    s.act('dissent.recorded', chair, '2026-10-26T10:00');
    s.act('dissent.line-manager-told', chair, '2026-10-26T10:05');
    s.act('dissent.reports-reviewed', head, '2026-11-02T10:00');
    expect(s.tryAct('dissent.decided', head, '2026-11-04T10:00', { kind: 'choice', option: 'uphold', reason: 'x' })).toMatchObject({
      ok: false,
      refusal: { code: 'not-available', clause: 'pan-sussex 5.7.7(3)' },
    });
    s.act('dissent.professional-consulted', head, '2026-11-03T10:00');
    s.act('dissent.decided', head, '2026-11-04T10:00', { kind: 'choice', option: 'uphold', reason: 'Threshold not met on the evidence' });
    s.expectStage('dissent-reconvened');
    // Wed 4 Nov 2026: 5, 6 (2), 9-13 (7), 16-20 (12), 23, 24, 25 (15) -> Wed 25 Nov 2026
    s.expectDue('dissent-reconvened', '2026-11-04T11:00', '2026-11-25');
  });

  it('pan-sussex 5.7.7(5): a dissent not upheld closes, with the Brighton & Hove briefing named', () => {
    const s = dissent();
    s.act('dissent.recorded', chair, '2026-10-26T10:00');
    s.act('dissent.reports-reviewed', head, '2026-11-02T10:00');
    s.act('dissent.professional-consulted', head, '2026-11-03T10:00');
    s.act('dissent.decided', head, '2026-11-04T10:00', { kind: 'choice', option: 'not-upheld', reason: 'Threshold met' });
    expect(s.open.closed?.outcome).toBe('concluded');
    expect(s.deadlines('2026-12-01T10:00').some((d) => d.rule.id === 'dissent-reconvened')).toBe(false);
  });
});

describe('Pan-Sussex: complaints by children and families', () => {
  it('pan-sussex 5.7.8: the definition loads; families may complain about the category', () => {
    expect(loadProcedure(panSussex).tracks.map((t) => t.id)).toEqual(['professional-dissent', 'family']);
  });

  it("pan-sussex 5.7.13: a complaint after 10 working days needs the chair's exceptional discretion", () => {
    const s = scenario(panSussex);
    // Tue 1 Dec 2026 + 10 working days: 2-4 (3), 7-11 (8), 14, 15 (10) -> Tue 15 Dec; Wed 16 Dec is late
    s.raise({ conferenceAt: '2026-12-01T10:00', receivedAt: '2026-12-16T10:00', localArea: 'brighton-and-hove' });
    expect(s.deadline('complaint-in-writing', '2026-12-16T10:00').due.dueDate).toBe('2026-12-15');
    expect(s.tryAct('stage1.manager-informed', chair, '2026-12-16T11:00')).toMatchObject({
      ok: false,
      refusal: { clause: 'pan-sussex 5.7.13' },
    });
    expect(s.decideLate(chairsManager, '2026-12-16T11:00', 'complaint-in-writing', true)).toEqual({ ok: true });
  });

  it('pan-sussex 5.7.14: the chair meets within 10 working days of receipt; pan-sussex 5.7.16: and writes within a further 10', () => {
    const s = complaint();
    // Mon 14 Dec 2026: 15-18 (4), 21-24 (8), (25, 28) 29, 30 (10) -> Wed 30 Dec 2026
    s.expectDue('stage1-meeting', '2026-12-14T11:00', '2026-12-30');
    s.act('stage1.meeting-held', chair, '2026-12-22T10:00', { kind: 'meeting', minuteTaker: noteTaker });
    // Tue 22 Dec: 23, 24 (2), 29-31 (5), (1 Jan) 4-8 Jan (10) -> Fri 8 Jan 2027
    s.expectDue('stage1-response', '2026-12-22T11:00', '2027-01-08');
  });

  it('pan-sussex 5.7.15: a colleague must take minutes; pan-sussex 5.7.17: the response goes to the Complaints Manager', () => {
    const s = complaint();
    expect(s.tryAct('stage1.meeting-held', chair, '2026-12-22T10:00', { kind: 'meeting' })).toMatchObject({
      ok: false,
      refusal: { clause: 'pan-sussex 5.7.15' },
    });
    s.act('stage1.meeting-held', chair, '2026-12-22T10:00', { kind: 'meeting', minuteTaker: noteTaker });
    expect(s.tryAct('stage1.response-sent', chair, '2027-01-06T10:00', { ...stage1Letter, copiedTo: [] })).toMatchObject({
      ok: false,
      refusal: { clause: 'pan-sussex 5.7.17' },
    });
  });

  it('pan-sussex 5.7.19: the Stage 2 meeting within 28 days; pan-sussex 5.7.23: the letter gives 20 working days to appeal', () => {
    const s = atStage3();
    expect(s.deadline('stage2-meeting', '2027-02-03T11:00').due.dueDate).toBe('2027-02-08');
    // emailed Fri 5 Feb 2027: 8-12 (5), 15-19 (10), 22-26 (15), 1-5 Mar (20) -> Fri 5 Mar 2027
    expect(s.open.letters[1]?.escalateBy).toBe('2027-03-05');
    s.expectStage('stage-3');
  });

  it("pan-sussex 5.7.25: at least two members from police, children's social care, education and health, and at least three in all (pan-sussex 5.7.23)", () => {
    const s = atStage3();
    const clauses = (members: PanelMember[]) => s.engine.checkPanel(s.state, 'stage3.panel-convened', members).map((p) => p.clause);
    expect(clauses(panel)).toEqual([]);
    expect(clauses([member('a', 'other-partner', 'chair'), member('b', 'other-partner'), member('c', 'police')])).toEqual([
      'pan-sussex 5.7.25',
    ]);
    expect(clauses(panel.slice(0, 2))).toEqual(['pan-sussex 5.7.23']);
  });

  it('pan-sussex 5.7.27: the Complaints Manager is available at the panel to advise, not a member of it', () => {
    const s = atStage3();
    // cm-1 recorded the request for Stage 3 as the Children's Social Care Complaints Manager.
    expect(s.engine.checkPanel(s.state, 'stage3.panel-convened', [...panel, member('cm-1', 'local-authority-childrens-services')])).toEqual(
      [
        {
          message:
            "cm-1 is the Children's Social Care Complaints Manager for this case, whom the procedure lists as in attendance at the Complaint and Appeal Panel, not as a member",
          clause: 'pan-sussex 5.7.27',
          personId: 'cm-1',
        },
      ],
    );
    expect(s.engine.checkPanel(s.state, 'stage3.panel-convened', [...panel, member('cm-2', 'local-authority-childrens-services')])).toEqual(
      [],
    );
  });

  it('pan-sussex 5.7.28: the panel sits within 20 working days; pan-sussex 5.7.30: and writes within 10', () => {
    const s = atStage3();
    // Mon 15 Feb 2027: 16-19 (4), 22-26 (9), 1-5 Mar (14), 8-12 (19), 15 (20) -> Mon 15 Mar 2027
    s.expectDue('panel-convened', '2027-02-15T11:00', '2027-03-15');
    panelMet(s);
    // Wed 10 Mar 2027: 11, 12 (2), 15-19 (7), 22, 23, 24 (10) -> Wed 24 Mar 2027
    s.expectDue('panel-letter', '2027-03-10T11:00', '2027-03-24');
  });

  it('pan-sussex 5.7.31: procedures not followed obliges reconvening under a different chair; pan-sussex 5.7.34: with a briefing', () => {
    const s = atStage3();
    panelMet(s);
    const findings = { proceduresFollowed: false, decisionReasonable: true };
    expect(
      s.tryAct('stage3.decided', panelChair, '2027-03-10T15:00', {
        kind: 'decision',
        options: ['bring-review-forward'],
        findings,
        reasons: 'x',
      }),
    ).toMatchObject({ ok: false, refusal: { clause: 'pan-sussex 5.7.31' } });
    // pan-sussex 5.7.24, 5.7.30: the chair records the panel's decision; another member of the panel may not.
    const policeMember = actor('panel-member', 'panel-police');
    expect(
      s.tryAct('stage3.decided', policeMember, '2027-03-10T15:00', {
        kind: 'decision',
        options: ['reconvene-different-chair'],
        findings,
        reasons: 'x',
      }),
    ).toMatchObject({ ok: false, refusal: { code: 'not-permitted', message: expect.stringContaining('chair of the panel') as unknown } });
    s.act('stage3.decided', panelChair, '2027-03-10T15:00', {
      kind: 'decision',
      options: ['reconvene-different-chair'],
      findings,
      reasons: 'The category was not discussed',
    });
    s.act('stage3.letter-sent', panelChair, '2027-03-12T10:00', panelLetter);
    s.act('stage3.move-to-reconvened-conference', complaints, '2027-03-12T11:00');
    const newChair = actor('conference-chair', 'chair-7');
    expect(s.tryAct('reconvened.held', newChair, '2027-03-26T10:00', { kind: 'meeting', chairId: 'chair-7' })).toMatchObject({
      ok: false,
      refusal: { clause: 'pan-sussex 5.7.34' },
    });
    s.act('reconvened.held', newChair, '2027-03-26T10:00', { kind: 'meeting', chairId: 'chair-7', briefed: true });
    s.act('reconvened.complainant-response', complaints, '2027-04-01T10:00', {
      kind: 'choice',
      option: 'same-panel-to-review',
      reason: 'Specified concerns remain about the plan',
    });
    s.act('re-review.panel-reconvened', complaints, '2027-04-08T10:00', { kind: 'panel', members: panel });
    s.act('re-review.decided', panelChair, '2027-04-15T10:00', {
      kind: 'decision',
      options: ['re-review-concluded'],
      findings: {},
      reasons: 'Reviewed',
    });
    expect(s.open.closed?.outcome).toBe('concluded');
  });

  it("pan-sussex 5.7.39: the re-review's outcome is the review of the remaining, clearly specified concerns; the clause says nothing of findings given to the complainant", () => {
    const outcome = panSussex.outcomes.find((o) => o.id === 're-review-outcome');
    expect(outcome?.options.map((o) => [o.id, o.label, o.clause])).toEqual([
      ['re-review-concluded', 'Review the remaining concerns, each clearly specified', 'pan-sussex 5.7.39'],
    ]);
  });

  it('pan-sussex 5.7.32: followed and reasonable confirms the decision stands; pan-sussex 5.7.37: no further process', () => {
    const s = atStage3();
    panelMet(s);
    s.act('stage3.decided', panelChair, '2027-03-10T15:00', {
      kind: 'decision',
      options: ['decision-stands'],
      findings: { proceduresFollowed: true, decisionReasonable: true },
      reasons: 'Sound',
    });
    s.act('stage3.letter-sent', panelChair, '2027-03-12T10:00', panelLetter);
    s.act('stage3.concluded', complaints, '2027-03-12T11:00');
    expect(s.open.closed?.outcome).toBe('concluded');
  });

  it('pan-sussex 5.7.11: complaints about an agency go to its own process', () => {
    const s = scenario(panSussex);
    expect(
      s.tryRaise({ conferenceAt: '2026-12-01T10:00', receivedAt: '2026-12-02T10:00', subject: 'agency', localArea: 'west-sussex' }),
    ).toMatchObject({ ok: false, refusal: { code: 'redirected', clause: 'pan-sussex 5.7.11' } });
  });

  it('pan-sussex 5.7.7(4): the schedule lists both tracks, the dissent in hours', async () => {
    let out = '';
    expect(
      await main(['schedule', '--procedure', 'pan-sussex', '--conference', '2026-10-23T10:00', '--json'], {
        stdout: (t) => (out += t),
        stderr: () => undefined,
      }),
    ).toBe(0);
    const due = Object.fromEntries((JSON.parse(out) as { id: string; due: string }[]).map((e) => [e.id, e.due]));
    // decision Fri 6 Nov 2026 + 15 working days: 9-13 (5), 16-20 (10), 23-27 (15) -> Fri 27 Nov 2026
    expect(due).toMatchObject({
      'dissent-raised': '2026-10-26T09:00',
      'dissent-decision': '2026-11-06',
      'dissent-reconvened': '2026-11-27',
      'complaint-in-writing': '2026-11-06',
    });
  });
});
