/**
 * The work a case gives staff (ADR 0024), over the Testshire procedure: each deadline still owed
 * goes to its owner, the chair's work to the chair of the challenged conference alone; a required
 * step goes to whoever may take it unless they already owe its deadline; a challenge about the
 * chair routes the chair's work to the deputy; a met deadline and a closed case give no work.
 */
import { describe, expect, it } from 'vitest';
import type { WorkItem } from '../../src/core/engine/work.js';
import { london } from '../support/scenario.js';
import { chair, meetingDetails, officer, raised, type Testshire } from './given.js';

const theChair = { productRole: 'conference-chair', title: 'Conference chair', personId: 'chair-1' };
const theDeputy = { productRole: 'conference-service-manager', title: 'Deputy chair' };
const theComplainant = { productRole: 'complainant', title: 'the complainant' };

/** The work as a list of what, to whom, and which deadline (with its status) it carries. */
function workOf(s: Testshire, now: string) {
  return s.engine.work(s.state, london(now)).map((item: WorkItem) => ({
    kind: item.kind,
    id: item.id,
    label: item.label,
    stage: item.stage,
    clause: item.clause,
    owners: item.owners,
    ...(item.due === undefined ? {} : { due: `${item.due.rule.id} ${item.due.status}` }),
  }));
}

const escalation = {
  kind: 'step',
  id: 'stage1.escalation-requested',
  label: 'Ask for Stage 2',
  stage: 'stage-1',
  clause: 'testshire 9',
  owners: [theComplainant],
};

describe('the work a case gives', () => {
  it('raised: the meeting is the chair’s deadline (not also a step), the letter a step, escalation the complainant’s', () => {
    expect(workOf(raised(), '2027-03-04T10:00')).toEqual([
      { kind: 'deadline', id: 'meet', label: 'Meet', stage: 'stage-1', clause: 'testshire 2', owners: [theChair], due: 'meet open' },
      { kind: 'step', id: 'stage1.letter', label: 'Write to the complainant', stage: 'stage-1', clause: 'testshire 2', owners: [theChair] },
      escalation,
    ]);
  });

  it('a missed deadline is still owed', () => {
    expect(workOf(raised(), '2027-03-12T10:00')[0]).toMatchObject({ kind: 'deadline', id: 'meet', due: 'meet missed' });
  });

  it('a met deadline is no longer work; the next one is', () => {
    const s = raised();
    s.act('stage1.meeting', chair, '2027-03-05T10:00', meetingDetails);
    expect(workOf(s, '2027-03-05T12:00')).toEqual([
      { kind: 'deadline', id: 'write', label: 'Write', stage: 'stage-1', clause: 'testshire 2', owners: [theChair], due: 'write open' },
      escalation,
    ]);
  });

  it('about the chair: the deputy owes the meeting and tells the chair, and no work names the chair', () => {
    expect(workOf(raised(undefined, ['about-the-chair']), '2027-03-04T10:00')).toEqual([
      { kind: 'deadline', id: 'meet', label: 'Meet', stage: 'stage-1', clause: 'testshire 2', owners: [theDeputy], due: 'meet open' },
      {
        kind: 'step',
        id: 'stage1.chair-informed',
        label: 'Tell the chair of a complaint about them',
        stage: 'stage-1',
        clause: 'testshire 4',
        owners: [theDeputy],
      },
      {
        kind: 'step',
        id: 'stage1.letter',
        label: 'Write to the complainant',
        stage: 'stage-1',
        clause: 'testshire 2',
        owners: [theDeputy],
      },
      escalation,
    ]);
  });
});

/** Testshire with the Stage 1 letter given to other roles than the chair alone. */
const letterBy = (by: string[], extraRole?: { id: string; title: string }) =>
  raised((p) => {
    if (extraRole !== undefined) p.roles.push({ ...extraRole, productRole: 'conference-chair', clause: 'testshire 2' });
    const letter = p.actions.find((a) => a.id === 'stage1.letter');
    if (letter === undefined) throw new Error('no stage1.letter');
    letter.by = by;
  });
const letterStep = (s: Testshire, now: string) => workOf(s, now).find((item) => item.id === 'stage1.letter');

describe('who a step is for, where the procedure gives it to more than one role', () => {
  it('roles of different staff: each sees it under its own title, the chair alone as the chair of the conference', () => {
    expect(letterStep(letterBy(['chair', 'deputy']), '2027-03-04T10:00')?.owners).toEqual([theChair, theDeputy]);
  });

  it('two roles one kind of staff fills, only one of which must have chaired the conference: any of them sees it, under both titles', () => {
    const s = letterBy(['chair', 'acting-chair'], { id: 'acting-chair', title: 'Acting chair' });
    expect(letterStep(s, '2027-03-04T10:00')?.owners).toEqual([
      { productRole: 'conference-chair', title: 'Conference chair or Acting chair' },
    ]);
  });

  it('a step whose deadline someone else owes carries that deadline, so whoever takes it sees when it is due', () => {
    const s = letterBy(['officer']);
    s.act('stage1.meeting', chair, '2027-03-05T10:00', meetingDetails);
    expect(letterStep(s, '2027-03-05T12:00')).toEqual({
      kind: 'step',
      id: 'stage1.letter',
      label: 'Write to the complainant',
      stage: 'stage-1',
      clause: 'testshire 2',
      owners: [{ productRole: 'complaints-manager', title: 'Complaints officer' }],
      due: 'write open',
    });
  });
});

describe('a closed case', () => {
  it('gives no work, though its deadlines were still owed when it closed', () => {
    const s = raised();
    expect(workOf(s, '2027-03-04T10:00')).not.toEqual([]);
    s.command({ type: 'WithdrawChallenge', actor: officer, now: london('2027-03-04T11:00'), reason: 'The parent withdrew' });
    expect(workOf(s, '2027-03-04T12:00')).toEqual([]);
  });
});
