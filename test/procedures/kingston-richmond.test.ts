import { describe, expect, it } from 'vitest';
import type { PanelMember } from '../../src/core/engine/model.js';
import { kingstonRichmond } from '../../src/core/procedures/definitions/kingston-richmond.js';
import { loadProcedure } from '../../src/core/procedures/validate.js';
import { actor, london, scenario, panelMember as member } from '../support/scenario.js';
import { isoDate } from '../../src/core/calendar/index.js';
import {
  atStage3,
  chair,
  complained,
  laChair,
  manager,
  minuteTaker,
  panel,
  panelChair,
  panelLetter,
  panelSat,
  partnership,
  stage1Letter,
} from '../support/kingstonRichmondCase.js';

describe('Kingston and Richmond', () => {
  it('kingston-richmond "Introduction" ¶1: the definition loads and covers risk outside the home reviews', () => {
    expect(loadProcedure(kingstonRichmond).tracks[0]?.conferenceTypes).toContain('risk-outside-the-home-review');
    expect(complained().open.conference.type).toBe('risk-outside-the-home-review');
  });

  it('kingston-richmond "Stage One" ¶2: the complaint is due within 10 working days of the review', () => {
    // Thu 10 Dec 2026: 11 (1), 14-18 (6), 21-24 (10) -> Thu 24 Dec 2026
    complained().expectDue('complaint-in-writing', '2026-12-16T11:00', '2026-12-24');
  });

  it('kingston-richmond "Stage One" ¶4: acknowledged within 3 working days, answered within 10, across Christmas', () => {
    const s = complained();
    // Wed 16 Dec 2026: 17, 18, 21 -> Mon 21 Dec
    s.expectDue('stage1-acknowledgement', '2026-12-16T11:00', '2026-12-21');
    // 17, 18 (2), 21-24 (6), (25, 28) 29-31 (9), (1 Jan) Mon 4 Jan 2027 (10)
    s.expectDue('stage1-response', '2026-12-16T11:00', '2027-01-04');
  });

  it('kingston-richmond "Eligibility" ¶3: an advocate needs the complainant\'s recorded consent', () => {
    const s = scenario(kingstonRichmond);
    const base = { conferenceAt: '2026-12-10T10:00', receivedAt: '2026-12-16T10:00' };
    expect(s.tryRaise({ ...base, advocate: { name: 'Advocate A' } })).toMatchObject({
      ok: false,
      refusal: { clause: 'kingston-richmond "Eligibility" ¶3' },
    });
    expect(s.tryRaise({ ...base, advocate: { name: 'Advocate A', consentRecordedAt: london('2026-12-15T10:00') } })).toEqual({ ok: true });
  });

  it('kingston-richmond "Eligibility" ¶1: a child needs sufficient understanding', () => {
    const s = scenario(kingstonRichmond);
    expect(s.tryRaise({ conferenceAt: '2026-12-10T10:00', receivedAt: '2026-12-16T10:00', complainant: { kind: 'child' } })).toMatchObject({
      ok: false,
      refusal: { clause: 'kingston-richmond "Eligibility" ¶1' },
    });
  });

  it('kingston-richmond "Stage One" ¶6: the Stage One letter states the right to Stage Two within 28 days; "Stage One" ¶7: copied to the Complaints Manager and senior manager', () => {
    const s = complained();
    s.act('stage1.acknowledged', chair, '2026-12-17T10:00');
    s.act('stage1.responded', manager, '2027-01-04T10:00', { kind: 'choice', option: 'written-response', reason: 'Written reply' });
    expect(
      s.tryAct('stage1.letter-sent', manager, '2027-01-05T10:00', { ...stage1Letter, copiedTo: ['complaints-manager'] }),
    ).toMatchObject({ ok: false, refusal: { clause: 'kingston-richmond "Stage One" ¶7' } });
    s.act('stage1.letter-sent', manager, '2027-01-05T10:00', stage1Letter);
    // emailed Tue 5 Jan 2027 + 28 days = Tue 2 Feb 2027
    expect(s.open.letters[0]?.escalateBy).toBe('2027-02-02');
  });

  it('kingston-richmond "Stage Two" ¶5: the Stage Two letter gives 28 days from deemed receipt by post', () => {
    const s = atStage3();
    // posted Fri 5 Feb 2027, deemed received Tue 9 Feb; + 28 days = Tue 9 Mar 2027
    expect(s.open.letters[1]?.escalateBy).toBe('2027-03-09');
    s.expectDue('stage2-meeting', '2027-01-12T10:00', '2027-02-08');
  });

  it('kingston-richmond "Stage Three" ¶1: the panel is convened within 15 working days of the notice', () => {
    // Mon 15 Feb 2027: 16-19 (4), 22-26 (9), 1-5 Mar (14), Mon 8 Mar (15)
    atStage3().expectDue('panel-convened', '2027-02-16T10:00', '2027-03-08');
  });

  it('kingston-richmond "Stage Three" ¶6: a chair and at least two members; "Stage Three" ¶3: senior, inter-agency, no line management', () => {
    const s = atStage3();
    const clauses = (members: PanelMember[]) => s.engine.checkPanel(s.state, 'stage3.panel-convened', members).map((p) => p.clause);
    expect(clauses(panel)).toEqual([]);
    expect(clauses(panel.slice(0, 2))).toEqual(['kingston-richmond "Stage Three" ¶6']);
    expect(
      clauses([laChair, member('la-2', 'local-authority-childrens-services'), member('la-3', 'local-authority-childrens-services')]),
    ).toEqual(['kingston-richmond "Stage Three" ¶3']);
    expect(
      clauses([
        laChair,
        member('panel-police', 'police', 'member', { senior: false }),
        member('panel-health', 'health', 'member', { declaresLineManagement: true }),
      ]),
    ).toEqual(['kingston-richmond "Stage Three" ¶3', 'kingston-richmond "Stage Three" ¶3']);
    expect(clauses([...panel, member('adviser', 'education', 'co-opted-adviser', { senior: false })])).toEqual([]);
  });

  it('kingston-richmond "Stage Three" ¶4: the KRSCP minute-taker minutes the panel', () => {
    const s = atStage3();
    s.act('stage3.panel-convened', partnership, '2027-02-22T10:00', { kind: 'panel', members: panel });
    expect(s.tryAct('stage3.meeting-held', partnership, '2027-03-03T10:00', { kind: 'meeting' })).toMatchObject({
      ok: false,
      refusal: { clause: 'kingston-richmond "Stage Three" ¶4' },
    });
  });

  it('kingston-richmond "Stage Three" ¶7: decisions are by majority, with the votes recorded', () => {
    const s = atStage3();
    panelSat(s);
    const decision = {
      kind: 'decision' as const,
      options: ['procedures-followed', 'support-original'],
      findings: { proceduresFollowed: true },
      reasons: 'Followed',
    };
    expect(s.tryAct('stage3.decided', panelChair, '2027-03-03T15:00', decision)).toMatchObject({
      ok: false,
      refusal: { clause: 'kingston-richmond "Stage Three" ¶7', message: expect.stringContaining('majority') as unknown },
    });
    expect(s.tryAct('stage3.decided', panelChair, '2027-03-03T15:00', { ...decision, votes: { for: 1, against: 2 } })).toMatchObject({
      ok: false,
    });
    // "Stage Three" ¶2, ¶9: the majority's decision is recorded, and its letter seen sent, by the panel's chair, not another member.
    expect(
      s.tryAct('stage3.decided', actor('panel-member', 'panel-police'), '2027-03-03T15:00', { ...decision, votes: { for: 2, against: 1 } }),
    ).toMatchObject({
      ok: false,
      refusal: {
        code: 'not-permitted',
        clause: 'kingston-richmond "Stage Three" ¶7',
        message: expect.stringContaining('chair of the panel') as unknown,
      },
    });
    expect(s.tryAct('stage3.decided', panelChair, '2027-03-03T15:00', { ...decision, votes: { for: 3, against: 1 } })).toMatchObject({
      ok: false,
      refusal: { message: expect.stringContaining('More votes') as unknown },
    });
    s.act('stage3.decided', panelChair, '2027-03-03T15:00', { ...decision, votes: { for: 2, against: 1 } });
    // Wed 3 Mar 2027 + 5 working days: 4, 5, 8, 9, 10 -> Wed 10 Mar 2027
    s.expectDue('panel-decision-sent', '2027-03-04T10:00', '2027-03-10');
    expect(s.tryAct('stage3.letter-sent', panelChair, '2027-03-05T10:00', { ...panelLetter, copiedTo: [] })).toMatchObject({
      ok: false,
      refusal: { clause: 'kingston-richmond "Stage Three" ¶9' },
    });
    s.act('stage3.letter-sent', panelChair, '2027-03-05T10:00', panelLetter);
    s.act('stage3.concluded', partnership, '2027-03-05T11:00');
    expect(s.open.closed?.outcome).toBe('concluded');
  });

  it('kingston-richmond "Stage Three" ¶7: each decision the panel may make is worded as what it decided to do, as the decision letter states it', () => {
    // The letter's draft reads "The panel decided to <the options chosen>" (src/core/letters/draft.ts).
    const outcome = kingstonRichmond.outcomes.find((o) => o.id === 'appeal-panel-outcome');
    const labels = (outcome?.options ?? []).map((o) => o.label);
    expect(labels).toHaveLength(7);
    for (const label of labels) expect(label).toMatch(/^(Find|Support|Recommend|Set|Give|Communicate) /);
  });

  it('kingston-richmond "Stage Three" ¶7: with insufficient information the panel sets a timescale and a further panel date, then sits again', () => {
    const s = atStage3();
    panelSat(s);
    const insufficient = {
      kind: 'decision' as const,
      options: ['insufficient-information'],
      findings: { proceduresFollowed: true },
      reasons: 'Police report missing',
      votes: { for: 3, against: 0 },
    };
    expect(s.tryAct('stage3.decided', panelChair, '2027-03-03T15:00', insufficient)).toMatchObject({
      ok: false,
      refusal: { message: expect.stringContaining('further panel') as unknown },
    });
    s.act('stage3.decided', panelChair, '2027-03-03T15:00', { ...insufficient, furtherPanelDate: isoDate('2027-03-24') });
    expect(s.tryAct('stage3.letter-sent', panelChair, '2027-03-05T10:00', panelLetter)).toMatchObject({
      ok: false,
      refusal: { clause: 'kingston-richmond "Stage Three" ¶7' },
    });
    s.act('stage3.letter-sent', panelChair, '2027-03-05T10:00', {
      ...panelLetter,
      content: { ...panelLetter.content, 'further-panel-date': 'Wed 24 Mar 2027' },
    });
    s.act('stage3.meeting-held', partnership, '2027-03-24T10:00', { kind: 'meeting', minuteTaker });
    s.act('stage3.decided', panelChair, '2027-03-24T15:00', {
      kind: 'decision',
      options: ['procedures-not-followed', 'reconvene', 'learning-points'],
      findings: { proceduresFollowed: false },
      reasons: 'Category not discussed',
      votes: { for: 2, against: 1 },
    });
    // The letter reports the latest decision, which sets no further panel: no date is asked for.
    s.act('stage3.letter-sent', panelChair, '2027-03-26T10:00', panelLetter);
    s.act('stage3.move-to-reconvened-conference', partnership, '2027-03-26T11:00');
    s.expectStage('reconvened-conference');
  });

  it('kingston-richmond "Stage Three" ¶8: the panel cannot reverse the decision, and procedures not followed needs a remedy', () => {
    const s = atStage3();
    panelSat(s);
    expect(
      s.tryAct('stage3.decided', panelChair, '2027-03-03T15:00', {
        kind: 'decision',
        options: ['reverse-decision'],
        findings: { proceduresFollowed: true },
        reasons: 'x',
        votes: { for: 3, against: 0 },
      }),
    ).toMatchObject({ ok: false });
    expect(
      s.tryAct('stage3.decided', panelChair, '2027-03-03T15:00', {
        kind: 'decision',
        options: ['reconvene'],
        findings: { proceduresFollowed: false },
        reasons: 'x',
        votes: { for: 3, against: 0 },
      }),
    ).toMatchObject({ ok: false, refusal: { message: expect.stringContaining('remedy') as unknown } });
  });

  it('kingston-richmond "Conference/Review Records" ¶3: a different conclusion at the reconvened review means every agency endorses its records', () => {
    const s = atStage3();
    panelSat(s);
    s.act('stage3.decided', panelChair, '2027-03-03T15:00', {
      kind: 'decision',
      options: ['procedures-not-followed', 'reconvene'],
      findings: { proceduresFollowed: false },
      reasons: 'x',
      votes: { for: 2, against: 1 },
    });
    s.act('stage3.letter-sent', panelChair, '2027-03-05T10:00', panelLetter);
    s.act('stage3.move-to-reconvened-conference', partnership, '2027-03-05T11:00');
    const newChair = actor('conference-chair', 'chair-1');
    expect(s.tryAct('reconvened.held', newChair, '2027-03-19T10:00', { kind: 'meeting', chairId: 'chair-1', briefed: true })).toMatchObject(
      { ok: false, refusal: { code: 'not-available' } },
    );
    s.act('reconvened.minutes-to-chair', partnership, '2027-03-08T10:00');
    expect(s.tryAct('reconvened.held', newChair, '2027-03-19T10:00', { kind: 'meeting', chairId: 'chair-1' })).toMatchObject({
      ok: false,
      refusal: { clause: 'kingston-richmond "Reconvened Conference/Review" ¶1' },
    });
    s.act('reconvened.held', newChair, '2027-03-19T10:00', { kind: 'meeting', chairId: 'chair-1', briefed: true });
    s.act('reconvened.outcome', manager, '2027-03-19T15:00', { kind: 'choice', option: 'different-conclusion', reason: 'Plan ended' });
    s.act('records.endorsed', manager, '2027-03-30T10:00');
    expect(s.open.closed?.summary).toContain('endorsed');
  });

  it('kingston-richmond "Eligibility" ¶4: complaints about an agency go to its own process', () => {
    const s = scenario(kingstonRichmond);
    expect(s.tryRaise({ conferenceAt: '2026-12-10T10:00', receivedAt: '2026-12-16T10:00', subject: 'agency' })).toMatchObject({
      ok: false,
      refusal: { code: 'redirected' },
    });
  });
});
