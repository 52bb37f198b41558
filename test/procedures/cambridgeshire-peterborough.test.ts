import { describe, expect, it } from 'vitest';
import { cambridgeshirePeterborough } from '../../src/core/procedures/definitions/cambridgeshire-peterborough.js';
import { loadProcedure } from '../../src/core/procedures/validate.js';
import { actor, scenario, panelMember as member } from '../support/scenario.js';

const chair = actor('conference-chair', 'chair-1');
const lineManager = actor('conference-service-manager', 'chair-manager-1');
const investigator = actor('conference-service-manager', 'investigator-1');
const ad = actor('senior-safeguarding-manager', 'ad-1');
const panelLead = actor('panel-member', 'panel-la');

const panel = [
  member('panel-la', 'local-authority-childrens-services', 'chair'),
  member('panel-health', 'health'),
  member('panel-police', 'police'),
];
const response = {
  kind: 'letter' as const,
  method: 'email' as const,
  content: { decision: 'Not upheld', reasons: 'Procedures followed', 'how-to-take-further': 'Contact the Assistant Director' },
  copiedTo: [],
};
const outcomeLetter = {
  kind: 'letter' as const,
  method: 'email' as const,
  content: { decision: 'Confirmed', reasons: 'Reasonable' },
  copiedTo: [],
};

/** Conference Mon 7 Dec 2026; the parent phones the chair on Wed 9 Dec. */
function raised(localArea: 'cambridgeshire' | 'peterborough' = 'cambridgeshire', flags: 'about-the-chair'[] = []) {
  const s = scenario(cambridgeshirePeterborough);
  s.raise({ conferenceAt: '2026-12-07T10:00', receivedAt: '2026-12-09T10:00', localArea, flags, aspects: ['information'] });
  return s;
}

function atStage2(localArea: 'cambridgeshire' | 'peterborough' = 'cambridgeshire') {
  const s = raised(localArea);
  s.act('stage1.resolution-attempted', chair, '2026-12-09T11:00');
  s.act('stage2.requested', investigator, '2026-12-14T10:00', { kind: 'request', reasons: 'Information was wrong' });
  return s;
}

function notUpheldAtStage3() {
  const s = atStage2();
  s.act('stage2.investigated', investigator, '2026-12-21T10:00');
  s.act('stage2.decided', investigator, '2027-01-05T10:00', {
    kind: 'decision',
    options: ['complaint-not-upheld'],
    findings: {},
    reasons: 'The information was accurate',
  });
  s.act('stage2.response-sent', investigator, '2027-01-06T10:00', response);
  s.act('stage3.requested', ad, '2027-01-11T10:00', { kind: 'request' });
  s.act('stage3.independent-chair-consulted', ad, '2027-01-12T10:00');
  return s;
}

describe('Cambridgeshire and Peterborough', () => {
  it('cambridgeshire-peterborough "Introduction" ¶3: the definition loads; information is a ground', () => {
    expect(loadProcedure(cambridgeshirePeterborough).id).toBe('cambridgeshire-peterborough');
    expect(raised().open.aspects).toEqual(['information']);
  });

  it('cambridgeshire-peterborough "Stage Two" ¶1: the case must say which local area it is in', () => {
    const s = scenario(cambridgeshirePeterborough);
    expect(s.tryRaise({ conferenceAt: '2026-12-07T10:00', receivedAt: '2026-12-09T10:00' })).toMatchObject({
      ok: false,
      refusal: { code: 'not-eligible', message: expect.stringContaining('Cambridgeshire or Peterborough') as unknown },
    });
  });

  it('cambridgeshire-peterborough "Introduction" ¶1: agency complaints go to the agency', () => {
    const s = scenario(cambridgeshirePeterborough);
    expect(
      s.tryRaise({ conferenceAt: '2026-12-07T10:00', receivedAt: '2026-12-09T10:00', localArea: 'peterborough', subject: 'agency' }),
    ).toMatchObject({ ok: false, refusal: { code: 'redirected' } });
  });

  it('cambridgeshire-peterborough "Stage One" ¶1: only the chair who chaired the meeting takes Stage One', () => {
    const s = raised();
    expect(s.tryAct('stage1.resolution-attempted', actor('conference-chair', 'chair-2'), '2026-12-09T11:00')).toMatchObject({
      ok: false,
      refusal: { code: 'not-permitted' },
    });
    s.act('stage1.resolution-attempted', chair, '2026-12-09T11:00');
    s.act('stage1.resolved', chair, '2026-12-10T11:00');
    expect(s.open.closed?.outcome).toBe('resolved');
  });

  it('cambridgeshire-peterborough "Stage One" ¶2: a complaint about the chair goes to the chair\'s line manager', () => {
    const s = raised('cambridgeshire', ['about-the-chair']);
    expect(s.tryAct('stage1.resolution-attempted', chair, '2026-12-09T11:00')).toMatchObject({
      ok: false,
      refusal: { code: 'not-permitted' },
    });
    s.act('stage1.resolution-attempted', lineManager, '2026-12-09T11:00');
  });

  it('cambridgeshire-peterborough "Stage Two" ¶1: the response is due within 20 working days, across Christmas', () => {
    const s = atStage2();
    // Mon 14 Dec 2026: 15-18 (4), 21-24 (8), 29-31 (11), (1 Jan) 4-8 (16), 11, 12, 13, 14 (20) -> Thu 14 Jan 2027
    s.expectDue('stage2-response', '2026-12-15T10:00', '2027-01-14');
  });

  it('cambridgeshire-peterborough "Stage Two" ¶1: the investigator differs by area and must not have taken part in Stage One', () => {
    const s = scenario(cambridgeshirePeterborough);
    s.raise({ conferenceAt: '2026-12-07T10:00', receivedAt: '2026-12-09T10:00', localArea: 'peterborough', flags: ['about-the-chair'] });
    s.act('stage1.resolution-attempted', lineManager, '2026-12-09T11:00');
    s.act('stage2.requested', investigator, '2026-12-14T10:00', { kind: 'request' });
    const refused = s.tryAct('stage2.investigated', lineManager, '2026-12-15T10:00');
    expect(refused).toMatchObject({
      ok: false,
      refusal: { code: 'not-permitted', message: expect.stringContaining('Deputy Safeguarding Lead') as unknown },
    });
    s.act('stage2.investigated', investigator, '2026-12-15T10:00');
    expect(s.deadline('stage2-response', '2026-12-15T10:00').ownerTitle).toBe(
      'Deputy Safeguarding Lead for Safeguarding and Quality Assurance',
    );
    expect(atStage2('cambridgeshire').deadline('stage2-response', '2026-12-15T10:00').ownerTitle).toBe(
      'Service Manager for Safeguarding and Quality Assurance',
    );
  });

  it('cambridgeshire-peterborough "Stage Two" ¶1: a reconvened conference decided at Stage Two is final; no Stage Three', () => {
    const s = atStage2();
    s.act('stage2.investigated', investigator, '2026-12-21T10:00');
    s.act('stage2.decided', investigator, '2027-01-05T10:00', {
      kind: 'decision',
      options: ['reconvene-conference'],
      findings: {},
      reasons: 'The information was wrong',
    });
    s.act('stage2.response-sent', investigator, '2027-01-06T10:00', response);
    expect(s.tryAct('stage3.requested', ad, '2027-01-11T10:00', { kind: 'request' })).toMatchObject({
      ok: false,
      refusal: { code: 'not-available' },
    });
    s.act('stage2.move-to-reconvened-conference', investigator, '2027-01-06T11:00');
    s.act('reconvened.held', actor('conference-chair', 'chair-5'), '2027-01-20T10:00', { kind: 'meeting' });
    expect(s.open.closed?.summary).toContain('final');
  });

  it('cambridgeshire-peterborough "Stage Three" ¶1: the Assistant Director consults the Independent Chair, then investigates personally', () => {
    const s = notUpheldAtStage3();
    s.act('stage3.route-decided', ad, '2027-01-12T11:00', { kind: 'choice', option: 'assistant-director', reason: 'Not complex' });
    expect(s.tryAct('stage3.panel-convened', ad, '2027-01-13T10:00', { kind: 'panel', members: panel })).toMatchObject({
      ok: false,
      refusal: { code: 'not-available' },
    });
    s.act('stage3.assistant-director-decided', ad, '2027-01-20T10:00', {
      kind: 'decision',
      options: ['decision-stands'],
      findings: { proceduresFollowed: true, decisionReasonable: true },
      reasons: 'Followed',
    });
    s.act('stage3.outcome-sent', ad, '2027-01-21T10:00', outcomeLetter);
    s.act('stage3.concluded', ad, '2027-01-21T11:00');
    expect(s.open.closed?.outcome).toBe('concluded');
  });

  it('cambridgeshire-peterborough "Stage Three" ¶3: the outcome is due in writing within 28 days of the request', () => {
    const s = notUpheldAtStage3();
    // Mon 11 Jan 2027 + 28 days = Mon 8 Feb 2027
    s.expectDue('stage3-outcome', '2027-01-12T10:00', '2027-02-08');
  });

  it('cambridgeshire-peterborough "Stage Three" ¶1: a complex case goes to a Review Panel of children\'s services, health and police', () => {
    const s = notUpheldAtStage3();
    s.act('stage3.route-decided', ad, '2027-01-12T11:00', { kind: 'choice', option: 'review-panel', reason: 'Complex' });
    expect(s.engine.checkPanel(s.state, 'stage3.panel-convened', panel.slice(0, 2)).map((p) => p.clause)).toEqual([
      'cambridgeshire-peterborough "Stage Three" ¶1',
      'cambridgeshire-peterborough "Stage Three" ¶1',
    ]);
    expect(
      s.engine
        .checkPanel(s.state, 'stage3.panel-convened', [...panel.slice(0, 2), member('investigator-1', 'police')])
        .map((p) => p.message),
    ).toEqual(['investigator-1 was involved in the case at an earlier stage']);
    s.act('stage3.panel-convened', ad, '2027-01-13T10:00', { kind: 'panel', members: panel });
    const decided = {
      kind: 'decision' as const,
      options: ['reconvene-conference'],
      findings: { proceduresFollowed: false, decisionReasonable: true },
      reasons: 'Not followed',
    };
    // "Stage Three" ¶3: the lead member (convened as the panel's chair) writes the outcome; another member may not record it.
    expect(s.tryAct('stage3.panel-decided', actor('panel-member', 'panel-police'), '2027-01-27T10:00', decided)).toMatchObject({
      ok: false,
      refusal: { code: 'not-permitted' },
    });
    s.act('stage3.panel-decided', panelLead, '2027-01-27T10:00', decided);
    s.act('stage3.outcome-sent', panelLead, '2027-01-28T10:00', outcomeLetter);
    expect(s.deadline('stage3-outcome', '2027-01-28T10:00').status).toBe('met');
    s.act('stage3.move-to-reconvened-conference', ad, '2027-01-28T11:00');
    s.expectStage('reconvened-conference');
  });
});
