import { describe, expect, it } from 'vitest';
import { camden } from '../../src/core/procedures/definitions/camden.js';
import { loadProcedure } from '../../src/core/procedures/validate.js';
import { isoDate } from '../../src/core/calendar/index.js';
import { actor, scenario, panelMember as member } from '../support/scenario.js';

const chair = actor('conference-chair', 'chair-1');
const otherChair = actor('conference-chair', 'chair-2');
const headOfQa = actor('senior-safeguarding-manager', 'hoqa-1');
const officer = actor('panel-coordinator', 'dev-officer-1');
const panelChair = actor('panel-member', 'panel-la');
const minutes = { personId: 'dev-officer-1', role: 'development-officer' };

const goodPanel = [
  member('panel-la', 'local-authority-childrens-services', 'chair'),
  member('panel-police', 'police'),
  member('panel-health', 'health'),
];

const stage1Letter = {
  kind: 'letter' as const,
  method: 'first-class-post' as const,
  content: {
    'meeting-notes': 'Notes of our meeting',
    'outcome-of-meeting': 'We agreed...',
    'how-to-take-further': 'Camden complaints system',
  },
  copiedTo: ['head-of-quality-assurance', 'director-safeguarding', 'childrens-complaints-unit'],
};

/** Conference Tue 1 Dec 2026; minutes emailed Mon 7 Dec (received that day); complaint Thu 10 Dec. */
function raisedInTime() {
  const s = scenario(camden);
  s.raise({ conferenceAt: '2026-12-01T10:00', receivedAt: '2026-12-10T09:00', now: '2026-12-10T09:00' });
  s.minutesSent(actor('minute-taker', 'mt-1'), '2026-12-07T12:00');
  return s;
}

function throughStage1(s: ReturnType<typeof raisedInTime>) {
  s.act('stage1.complaint-shared', chair, '2026-12-10T10:00');
  s.act('stage1.meeting-held', chair, '2026-12-17T10:00', { kind: 'meeting', supporterPresent: true });
  s.act('stage1.response-sent', chair, '2026-12-24T10:00', stage1Letter);
}

function atStage2() {
  const s = raisedInTime();
  throughStage1(s);
  s.act('stage2.requested', officer, '2027-01-11T10:00', { kind: 'request', reasons: 'Still dissatisfied' });
  return s;
}

function panelDecided(findings: { proceduresFollowed: boolean; decisionReasonable: boolean }, options: string[]) {
  const s = atStage2();
  s.act('stage2.panel-convened', officer, '2027-01-20T10:00', { kind: 'panel', members: goodPanel });
  s.act('stage2.pack-provided', officer, '2027-01-21T10:00');
  s.act('stage2.interviews-held', officer, '2027-02-01T10:00', { kind: 'meeting', minuteTaker: minutes, supporterPresent: true });
  s.act('stage2.decision-meeting-held', officer, '2027-02-03T10:00', { kind: 'meeting', minuteTaker: minutes });
  s.act('stage2.decided', panelChair, '2027-02-03T16:00', {
    kind: 'decision',
    options,
    findings,
    reasons: 'Considered the papers and interviews',
  });
  return s;
}

const decisionLetter = {
  kind: 'letter' as const,
  method: 'email' as const,
  content: { 'panel-membership': 'A, B, C', decision: 'Upheld', reasons: 'Because', 'ombudsman-and-judicial-review': 'LGSCO details' },
  copiedTo: ['childrens-complaints-unit'],
};

describe('Camden', () => {
  it('camden 1.2: the definition loads and validates', () => {
    expect(loadProcedure(camden).id).toBe('camden');
  });

  it('camden 2.2: the complaint is due 28 days after the minutes were received', () => {
    const s = raisedInTime();
    // minutes received Mon 7 Dec 2026 + 28 days = Mon 4 Jan 2027 (a working day: 1 Jan is the holiday)
    s.expectDue('complaint-in-writing', '2026-12-10T09:00', '2027-01-04');
    expect(s.deadline('complaint-in-writing', '2026-12-10T09:00').status).toBe('met');
  });

  it('camden 2.2: a family time limit ending on a bank holiday extends to the next working day', () => {
    const s = scenario(camden);
    s.raise({ conferenceAt: '2026-11-27T10:00', receivedAt: '2026-12-10T09:00' });
    // minutes emailed Fri 4 Dec 2026 + 28 days = Fri 1 Jan 2027, New Year's Day: moves to Mon 4 Jan 2027
    s.minutesSent(actor('minute-taker', 'mt-1'), '2026-12-04T12:00');
    const d = s.deadline('complaint-in-writing', '2026-12-10T09:00');
    expect(d.due.dueDate).toBe('2027-01-04');
    expect(d.due.rolled).toBe(true);
  });

  it('camden 3.2: a complaint after the 28 days waits for the chair to accept it, with the reason recorded', () => {
    const s = scenario(camden);
    s.raise({ conferenceAt: '2026-12-01T10:00', receivedAt: '2027-01-05T09:00' });
    s.minutesSent(actor('minute-taker', 'mt-1'), '2026-12-07T12:00');
    const blocked = s.tryAct('stage1.complaint-shared', chair, '2027-01-05T10:00');
    expect(blocked).toMatchObject({ ok: false, refusal: { code: 'awaiting-decision', clause: 'camden 3.2' } });
    expect(s.decideLate(headOfQa, '2027-01-05T10:00', 'complaint-in-writing', true)).toMatchObject({
      ok: false,
      refusal: { code: 'not-permitted' },
    });
    expect(s.decideLate(chair, '2027-01-05T10:00', 'complaint-in-writing', true, ' ')).toMatchObject({
      ok: false,
      refusal: { clause: 'camden 3.2' },
    });
    expect(s.decideLate(chair, '2027-01-05T10:00', 'complaint-in-writing', true)).toEqual({ ok: true });
    s.act('stage1.complaint-shared', chair, '2027-01-05T11:00');
    expect(s.deadline('complaint-in-writing', '2027-01-05T11:00').status).toBe('met-late');
  });

  it('camden 3.2: a late complaint the chair declines closes as not accepted', () => {
    const s = scenario(camden);
    s.raise({ conferenceAt: '2026-12-01T10:00', receivedAt: '2027-01-05T09:00' });
    s.minutesSent(actor('minute-taker', 'mt-1'), '2026-12-07T12:00');
    expect(s.decideLate(chair, '2027-01-05T10:00', 'complaint-in-writing', false, 'No exceptional circumstances')).toEqual({ ok: true });
    expect(s.open.status).toBe('closed');
    expect(s.open.closed?.outcome).toBe('not-accepted');
  });

  it('camden 3.3: the chair meets the complainant within 5 working days of receipt', () => {
    const s = raisedInTime();
    // Thu 10 Dec 2026: Fri 11, Mon 14, Tue 15, Wed 16, Thu 17 -> Thu 17 Dec 2026
    s.expectDue('stage1-meeting', '2026-12-10T09:00', '2026-12-17');
    expect(s.deadline('stage1-meeting', '2026-12-18T09:00').status).toBe('missed');
  });

  it('camden 3.5: the written response is due 5 working days after the meeting, across Christmas', () => {
    const s = raisedInTime();
    s.act('stage1.meeting-held', chair, '2026-12-22T10:00', { kind: 'meeting' });
    // Tue 22 Dec 2026: Wed 23, Thu 24, (Fri 25 and Mon 28 bank holidays) Tue 29, Wed 30, Thu 31 -> Thu 31 Dec 2026
    const d = s.deadline('stage1-response', '2026-12-22T10:00');
    expect(d.due.dueDate).toBe('2026-12-31');
    expect(d.due.explanation).toContain('25 and 28 December');
  });

  it('camden 3.3: only the chair of the conference being challenged may meet the complainant', () => {
    const s = raisedInTime();
    expect(s.tryAct('stage1.meeting-held', otherChair, '2026-12-11T10:00', { kind: 'meeting' })).toMatchObject({
      ok: false,
      refusal: { code: 'not-permitted', clause: 'camden 3.3' },
    });
    expect(s.tryAct('stage1.meeting-held', officer, '2026-12-11T10:00', { kind: 'meeting' })).toMatchObject({
      ok: false,
      refusal: { code: 'not-permitted' },
    });
  });

  it("camden 3.6: the Stage 1 letter must be copied to the Head of QA, the Director and the Children's Complaints Unit", () => {
    const s = raisedInTime();
    s.act('stage1.meeting-held', chair, '2026-12-17T10:00', { kind: 'meeting' });
    const result = s.tryAct('stage1.response-sent', chair, '2026-12-18T10:00', {
      ...stage1Letter,
      copiedTo: ['head-of-quality-assurance'],
    });
    expect(result).toMatchObject({ ok: false, refusal: { clause: 'camden 3.6' } });
    if (!result.ok) expect(result.refusal.problems).toHaveLength(2);
  });

  it('camden 3.5: the Stage 1 letter must include the meeting notes and how to take the complaint further', () => {
    const s = raisedInTime();
    s.act('stage1.meeting-held', chair, '2026-12-17T10:00', { kind: 'meeting' });
    const result = s.tryAct('stage1.response-sent', chair, '2026-12-18T10:00', {
      ...stage1Letter,
      content: { 'meeting-notes': 'x', 'outcome-of-meeting': 'y' },
    });
    expect(result).toMatchObject({
      ok: false,
      refusal: { clause: 'camden 3.5', message: expect.stringContaining('take the concerns further') as unknown },
    });
  });

  it('camden 4.1: the letter states the date by which to ask for the panel, from deemed receipt by post', () => {
    const s = raisedInTime();
    throughStage1(s);
    // posted Thu 24 Dec 2026; deemed received the 2nd working day after: (25, 28 holidays) Tue 29 (1), Wed 30 (2)
    // 28 days after Wed 30 Dec 2026 = Wed 27 Jan 2027
    expect(s.open.letters[0]?.escalateBy).toBe('2027-01-27');
    expect(s.deadline('stage2-request', '2027-01-02T10:00').due.dueDate).toBe('2027-01-27');
    expect(s.engine.lettersDue(s.state, new Date('2027-01-02T10:00Z'))).toEqual([]);
  });

  it('camden 4.1: with no request in 28 days the right lapses and the case can be closed', () => {
    const s = raisedInTime();
    throughStage1(s);
    expect(s.deadline('stage2-request', '2027-01-28T10:00').status).toBe('lapsed');
    s.act('stage1.no-further-request', officer, '2027-01-28T10:00');
    expect(s.open.closed?.outcome).toBe('concluded');
  });

  it('camden 4.2: the panel must meet within 28 days of the formal complaint to the CSCP', () => {
    const s = atStage2();
    s.expectStage('stage-2');
    // Mon 11 Jan 2027 + 28 days = Mon 8 Feb 2027
    s.expectDue('panel-convened', '2027-01-11T10:00', '2027-02-08');
  });

  it('camden 4.4: a member with line management responsibility for the case may not sit', () => {
    const s = atStage2();
    const result = s.tryAct('stage2.panel-convened', officer, '2027-01-20T10:00', {
      kind: 'panel',
      members: [...goodPanel.slice(0, 2), member('panel-health', 'health', 'member', { declaresLineManagement: true })],
    });
    expect(result).toMatchObject({ ok: false, refusal: { code: 'panel-invalid', clause: 'camden 4.4' } });
  });

  it('camden 4.4: a known line manager of the case is excluded even if they do not declare it', () => {
    const s = scenario(camden);
    s.raise({ conferenceAt: '2026-12-01T10:00', receivedAt: '2026-12-10T09:00', caseLineManagers: ['panel-police'] });
    s.minutesSent(actor('minute-taker', 'mt-1'), '2026-12-07T12:00');
    s.act('stage1.meeting-held', chair, '2026-12-17T10:00', { kind: 'meeting' });
    s.act('stage1.response-sent', chair, '2026-12-24T10:00', stage1Letter);
    s.act('stage2.requested', officer, '2027-01-11T10:00', { kind: 'request' });
    const problems = s.engine.checkPanel(s.state, 'stage2.panel-convened', goodPanel);
    expect(problems.map((p) => p.clause)).toEqual(['camden 4.4']);
  });

  it("camden 4.5: the panel needs three members including the police, health and children's services", () => {
    const s = atStage2();
    const problems = s.engine.checkPanel(s.state, 'stage2.panel-convened', goodPanel.slice(0, 2));
    expect(problems.map((p) => p.clause)).toEqual(['camden 4.5', 'camden 4.5']);
    expect(problems[0]?.message).toContain('at least 3');
    expect(problems[1]?.message).toContain('health');
  });

  it('camden 4.8: the chair of the challenged conference cannot sit on the panel', () => {
    const s = atStage2();
    const problems = s.engine.checkPanel(s.state, 'stage2.panel-convened', [
      ...goodPanel,
      member('chair-1', 'local-authority-childrens-services'),
    ]);
    expect(problems.map((p) => p.clause)).toEqual(['camden 4.8']);
  });

  it('camden 4.5 ¶2: panel meetings must be minuted by the CSCP Development Officer', () => {
    const s = atStage2();
    s.act('stage2.panel-convened', officer, '2027-01-20T10:00', { kind: 'panel', members: goodPanel });
    s.act('stage2.pack-provided', officer, '2027-01-21T10:00');
    expect(s.tryAct('stage2.interviews-held', officer, '2027-02-01T10:00', { kind: 'meeting' })).toMatchObject({
      ok: false,
      refusal: { clause: 'camden 4.5 ¶2' },
    });
    expect(
      s.tryAct('stage2.interviews-held', officer, '2027-02-01T10:00', {
        kind: 'meeting',
        minuteTaker: { personId: 'x', role: 'panel-chair' },
      }),
    ).toMatchObject({ ok: false });
  });

  it('camden 4.6: the papers must be provided before the panel meets', () => {
    const s = atStage2();
    s.act('stage2.panel-convened', officer, '2027-01-20T10:00', { kind: 'panel', members: goodPanel });
    expect(s.tryAct('stage2.interviews-held', officer, '2027-02-01T10:00', { kind: 'meeting', minuteTaker: minutes })).toMatchObject({
      ok: false,
      refusal: { code: 'not-available' },
    });
  });

  it('camden 4.12: if procedures were not followed the panel must recommend reconvening under a different chair', () => {
    const s = atStage2();
    s.act('stage2.panel-convened', officer, '2027-01-20T10:00', { kind: 'panel', members: goodPanel });
    s.act('stage2.pack-provided', officer, '2027-01-21T10:00');
    s.act('stage2.interviews-held', officer, '2027-02-01T10:00', { kind: 'meeting', minuteTaker: minutes });
    s.act('stage2.decision-meeting-held', officer, '2027-02-03T10:00', { kind: 'meeting', minuteTaker: minutes });
    const result = s.tryAct('stage2.decided', panelChair, '2027-02-03T16:00', {
      kind: 'decision',
      options: ['decision-stands'],
      findings: { proceduresFollowed: false, decisionReasonable: true },
      reasons: 'x',
    });
    expect(result).toMatchObject({ ok: false, refusal: { clause: 'camden 4.12' } });
    // camden 4.9: the member the panel chose as its chair records the decision; another member is refused.
    const notTheChair = s.tryAct('stage2.decided', actor('panel-member', 'panel-police'), '2027-02-03T16:00', {
      kind: 'decision',
      options: ['reconvene-different-chair'],
      findings: { proceduresFollowed: false, decisionReasonable: true },
      reasons: 'x',
    });
    expect(notTheChair).toMatchObject({ ok: false, refusal: { code: 'not-permitted', clause: 'camden 4.7' } });
    const both = s.tryAct('stage2.decided', panelChair, '2027-02-03T16:00', {
      kind: 'decision',
      options: ['reconvene-different-chair', 'decision-stands'],
      findings: { proceduresFollowed: false, decisionReasonable: true },
      reasons: 'x',
    });
    expect(both).toMatchObject({ ok: false, refusal: { message: expect.stringContaining('Choose only one') as unknown } });
  });

  it('camden 4.13: if followed and reasonable the panel must confirm the decision stands; then the case concludes (camden 6.1)', () => {
    const s = panelDecided({ proceduresFollowed: true, decisionReasonable: true }, ['decision-stands', 'concerns-to-agencies']);
    s.act('stage2.decision-letter-sent', officer, '2027-02-05T10:00', decisionLetter);
    s.act('stage2.concluded', officer, '2027-02-05T11:00');
    expect(s.open.closed?.outcome).toBe('concluded');
    expect(s.deadline('panel-decision-letter', '2027-02-05T11:00').status).toBe('met');
  });

  it('camden 4.10: a late decision letter must explain the delay', () => {
    const s = panelDecided({ proceduresFollowed: true, decisionReasonable: true }, ['decision-stands']);
    // meeting Wed 3 Feb 2027 + 5 working days: Thu 4, Fri 5, Mon 8, Tue 9, Wed 10 -> Wed 10 Feb 2027
    s.expectDue('panel-decision-letter', '2027-02-04T10:00', '2027-02-10');
    expect(s.tryAct('stage2.decision-letter-sent', officer, '2027-02-12T10:00', decisionLetter)).toMatchObject({
      ok: false,
      refusal: { clause: 'camden 4.10' },
    });
    s.act('stage2.decision-letter-sent', officer, '2027-02-12T10:00', {
      ...decisionLetter,
      content: { ...decisionLetter.content, 'delay-explanation': 'The conference chair was unavailable' },
    });
    expect(s.deadline('panel-decision-letter', '2027-02-12T10:00').status).toBe('met-late');
  });

  it("camden 4.11: the decision letter must confirm the panel membership; camden 4.15: and go to the Children's Complaints Unit", () => {
    const s = panelDecided({ proceduresFollowed: true, decisionReasonable: true }, ['decision-stands']);
    const result = s.tryAct('stage2.decision-letter-sent', officer, '2027-02-05T10:00', {
      ...decisionLetter,
      content: { decision: 'x', reasons: 'y', 'ombudsman-and-judicial-review': 'z' },
      copiedTo: [],
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.refusal.problems?.map((p) => p.clause)).toEqual(['camden 4.11', 'camden 4.15']);
  });

  it("camden 5.1: the reconvened conference needs a different chair and a briefing on the panel's decision", () => {
    const s = panelDecided({ proceduresFollowed: false, decisionReasonable: true }, ['reconvene-different-chair']);
    s.act('stage2.decision-letter-sent', officer, '2027-02-05T10:00', decisionLetter);
    s.act('stage2.move-to-reconvened-conference', officer, '2027-02-05T11:00');
    s.expectStage('reconvened-conference');
    const newChair = actor('conference-chair', 'chair-9');
    expect(s.tryAct('reconvened.held', newChair, '2027-02-20T10:00', { kind: 'meeting', chairId: 'chair-1', briefed: true })).toMatchObject(
      { ok: false, refusal: { clause: 'camden 4.12' } },
    );
    expect(s.tryAct('reconvened.held', newChair, '2027-02-20T10:00', { kind: 'meeting', chairId: 'chair-9' })).toMatchObject({
      ok: false,
      refusal: { clause: 'camden 5.1' },
    });
    s.act('reconvened.held', newChair, '2027-02-20T10:00', { kind: 'meeting', chairId: 'chair-9', briefed: true });
  });

  it('camden 6.3: rarely, the same panel reviews remaining concerns after a reconvened conference', () => {
    const s = panelDecided({ proceduresFollowed: true, decisionReasonable: false }, ['reconvene-different-chair']);
    s.act('stage2.decision-letter-sent', officer, '2027-02-05T10:00', decisionLetter);
    s.act('stage2.move-to-reconvened-conference', officer, '2027-02-05T11:00');
    s.act('reconvened.held', actor('conference-chair', 'chair-9'), '2027-02-20T10:00', {
      kind: 'meeting',
      chairId: 'chair-9',
      briefed: true,
    });
    s.act('reconvened.complainant-response', officer, '2027-03-01T10:00', {
      kind: 'choice',
      option: 'does-not-accept',
      reason: 'Specified concerns about the category',
    });
    s.expectStage('panel-re-review');
    const different = [...goodPanel.slice(0, 2), member('panel-health-2', 'health')];
    expect(s.tryAct('re-review.panel-reconvened', officer, '2027-03-05T10:00', { kind: 'panel', members: different })).toMatchObject({
      ok: false,
      refusal: { clause: 'camden 6.3' },
    });
    s.act('re-review.panel-reconvened', officer, '2027-03-05T10:00', { kind: 'panel', members: goodPanel });
    s.act('re-review.decided', panelChair, '2027-03-10T10:00', {
      kind: 'decision',
      options: ['re-review-concluded'],
      findings: {},
      reasons: 'Reviewed',
    });
    expect(s.open.closed?.outcome).toBe('concluded');
  });

  it("camden 6.3: the re-review's outcome is the review of the concerns that remain; the clause says nothing of findings given to the complainant", () => {
    const outcome = camden.outcomes.find((o) => o.id === 're-review-outcome');
    expect(outcome?.options.map((o) => [o.id, o.label, o.clause])).toEqual([
      ['re-review-concluded', 'Review the concerns that remain, each clearly set out', 'camden 6.3'],
    ]);
  });

  it('camden 1.4: the panel may recommend the review conference is brought forward', () => {
    const s = panelDecided({ proceduresFollowed: true, decisionReasonable: false }, ['reconvene-different-chair']);
    expect(s.open.decisions[0]?.options).toEqual(['reconvene-different-chair']);
    const t = panelDecided({ proceduresFollowed: true, decisionReasonable: true }, ['decision-stands']);
    expect(t.open.stage).toBe('stage-2');
  });

  it("camden 1.5: a complaint about an agency's own service is sent to that agency's process", () => {
    const s = scenario(camden);
    expect(s.tryRaise({ conferenceAt: '2026-12-01T10:00', receivedAt: '2026-12-10T09:00', subject: 'agency' })).toMatchObject({
      ok: false,
      refusal: { code: 'redirected', clause: 'camden 1.5' },
    });
  });

  it('camden 1.2: a professional may not use the family complaints procedure, nor complain about information', () => {
    const s = scenario(camden);
    expect(
      s.tryRaise({ conferenceAt: '2026-12-01T10:00', receivedAt: '2026-12-10T09:00', complainant: { kind: 'professional' } }),
    ).toMatchObject({ ok: false, refusal: { code: 'not-eligible', clause: 'camden 1.2' } });
    expect(s.tryRaise({ conferenceAt: '2026-12-01T10:00', receivedAt: '2026-12-10T09:00', aspects: ['information'] })).toMatchObject({
      ok: false,
      refusal: { code: 'not-eligible' },
    });
  });

  it('camden 7.1: matters subject to legal proceedings need a decision first, and can be closed', () => {
    const s = scenario(camden);
    s.raise({ conferenceAt: '2026-12-01T10:00', receivedAt: '2026-12-10T09:00', flags: ['legal-proceedings'] });
    expect(s.tryAct('stage1.complaint-shared', chair, '2026-12-10T10:00')).toMatchObject({
      ok: false,
      refusal: { code: 'awaiting-decision', clause: 'camden 7.1' },
    });
    expect(
      s.command({
        type: 'DecideLimitation',
        actor: chair,
        now: new Date('2026-12-10T11:00Z'),
        flag: 'legal-proceedings',
        proceed: false,
        reason: 'Care proceedings cover the same matters',
      }),
    ).toEqual({ ok: true });
    expect(s.open.closed?.outcome).toBe('not-accepted');
  });

  it('camden 3.1: a complaint about the chair is explored by the Head of Quality Assurance instead', () => {
    const s = scenario(camden);
    s.raise({ conferenceAt: '2026-12-01T10:00', receivedAt: '2026-12-10T09:00', flags: ['about-the-chair'] });
    expect(s.tryAct('stage1.meeting-held', chair, '2026-12-11T10:00', { kind: 'meeting' })).toMatchObject({
      ok: false,
      refusal: { code: 'not-permitted' },
    });
    s.act('stage1.meeting-held', headOfQa, '2026-12-11T10:00', { kind: 'meeting' });
  });

  it('camden 1.3: nothing in the process changes the conference decision; the stage 2 panel cannot be convened at stage 1', () => {
    const s = raisedInTime();
    expect(s.tryAct('stage2.panel-convened', officer, '2026-12-11T10:00', { kind: 'panel', members: goodPanel })).toMatchObject({
      ok: false,
      refusal: { code: 'not-available' },
    });
    expect(s.open.conference.heldAt.toISOString()).toBe('2026-12-01T10:00:00.000Z');
  });

  it('camden 3.3: each role sees what it may do now, and why not', () => {
    const s = raisedInTime();
    const forChair = s.engine.availableActions(s.state, chair);
    expect(forChair.filter((a) => a.allowed).map((a) => a.action.id)).toEqual([
      'stage1.immediate-resolution-noted',
      'stage1.complaint-shared',
      'stage1.meeting-held',
    ]);
    const blocked = forChair.find((a) => a.action.id === 'stage1.response-sent');
    expect(blocked).toMatchObject({ allowed: false, reason: 'This needs first: Meet the complainant' });
    const forPanel = s.engine.availableActions(s.state, panelChair);
    expect(forPanel.every((a) => !a.allowed)).toBe(true);
  });

  it('camden 3.6: the letters due name their recipients, copy list and deadline', () => {
    const s = raisedInTime();
    s.act('stage1.meeting-held', chair, '2026-12-17T10:00', { kind: 'meeting' });
    const [due] = s.engine.lettersDue(s.state, new Date('2026-12-18T10:00Z'));
    expect(due?.letter.id).toBe('stage1-response');
    expect(due?.to).toEqual(['the complainant']);
    expect(due?.copies.map((c) => c.title)).toEqual([
      'Head of the Quality Assurance Service',
      "Director of Children's Safeguarding and Family Help",
      "Children's Complaints Unit",
    ]);
    // Thu 17 Dec 2026 + 5 working days: 18, 21, 22, 23, 24 -> Thu 24 Dec 2026
    expect(due?.deadline?.due.dueDate).toBe('2026-12-24');
  });

  it('camden 4.12: what the outcome obliges next is listed with its deadline', () => {
    const s = panelDecided({ proceduresFollowed: false, decisionReasonable: false }, ['reconvene-different-chair']);
    const next = s.engine.obligations(s.state, new Date('2027-02-04T10:00Z'));
    expect(next.map((o) => o.label)).toEqual([
      "Send the panel's decision letter",
      'Arrange the reconvened conference under a different chair',
    ]);
    expect(next[0]?.due?.due.dueDate).toBe('2027-02-10');
  });

  it('camden 4.1: a recorded date of receipt replaces deemed receipt for the time to ask for the panel', () => {
    const s = raisedInTime();
    throughStage1(s);
    const record = (receivedOn: string, at = '2027-01-05T10:00') =>
      s.command({
        type: 'RecordReceipt',
        actor: officer,
        now: new Date(`${at}Z`),
        milestone: 'stage1.response-sent.received',
        receivedOn: isoDate(receivedOn),
      });
    expect(record('2026-12-23')).toMatchObject({ ok: false, refusal: { message: 'It cannot be received before it was sent' } });
    expect(record('2027-01-09')).toMatchObject({ ok: false, refusal: { message: 'The date received cannot be in the future' } });
    expect(
      s.command({
        type: 'RecordReceipt',
        actor: officer,
        now: new Date('2027-01-05T10:00Z'),
        milestone: 'stage9.received',
        receivedOn: isoDate('2027-01-04'),
      }),
    ).toMatchObject({ ok: false });
    expect(record('2027-01-04')).toEqual({ ok: true });
    // actually received Mon 4 Jan 2027 (not the deemed Wed 30 Dec): + 28 days = Mon 1 Feb 2027
    s.expectDue('stage2-request', '2027-01-05T10:00', '2027-02-01');
  });

  it('camden 1.3: a complainant may withdraw at any point; nothing further can then be done', () => {
    const s = raisedInTime();
    // Who may record a withdrawal is the service's permission (withdraw-case: test/api/raiseAndPermissions.test.ts); the engine wants the reason.
    expect(
      s.command({ type: 'WithdrawChallenge', actor: actor('complainant', 'parent-1'), now: new Date('2026-12-11T10:00Z'), reason: ' ' }),
    ).toMatchObject({ ok: false, refusal: { code: 'invalid' } });
    expect(
      s.command({
        type: 'WithdrawChallenge',
        actor: actor('complainant', 'parent-1'),
        now: new Date('2026-12-11T10:00Z'),
        reason: 'Resolved with the social worker',
      }),
    ).toEqual({ ok: true });
    expect(s.open.closed?.outcome).toBe('withdrawn');
    expect(s.tryAct('stage1.meeting-held', chair, '2026-12-12T10:00', { kind: 'meeting' })).toMatchObject({
      ok: false,
      refusal: { code: 'closed' },
    });
    // the open duty is no longer owed once the challenge is withdrawn
    expect(s.deadline('stage1-meeting', '2026-12-20T10:00').status).toBe('not-needed');
  });
});
