/**
 * Kingston and Richmond, recorded afterwards: every step typed in days after it happened, across
 * the summer bank holiday. Due dates are worked by hand below, never asked of the code under
 * test. Working days skip Saturdays, Sundays and England and Wales bank holidays (ADR 0001): here
 * the summer bank holiday, Mon 31 Aug 2026. First-class post is deemed received the second
 * working day after posting (ADR 0001); a known actual receipt wins. London is on BST (10:00
 * London is 09:00Z).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { type Session } from '../../support/app.js';
import { appEachTest } from '../../support/appEachTest.js';
import { recordedAfterwards, type RecordedAfterwards } from '../../support/recordedAfterwards.js';
import { onBothDatabases } from '../backends.js';

const P = 'kingston-richmond';

onBothDatabases('Kingston and Richmond, the whole case recorded afterwards', (backend) => {
  const t = appEachTest(backend, { now: new Date('2026-08-20T12:00:00Z') });
  let r: RecordedAfterwards;
  beforeEach(() => {
    r = recordedAfterwards(t);
  });

  const letter = {
    kind: 'letter',
    method: 'first-class-post',
    content: { 'points-of-complaint': 'The decision to make a plan', 'agreed-actions': 'None', 'right-to-escalate': 'Stage Two' },
    copiedTo: ['complaints-manager', 'senior-manager'],
  };

  /** Conference Thu 20 Aug; the complaint arrived Thu 27 Aug and was typed in on Wed 2 Sep. */
  const raised = async (): Promise<{ manager: Session }> => {
    const manager = await t.signIn(`conference-service-manager@${P}.demo`);
    const officer = await t.signIn(`complaints-manager@${P}.demo`);
    const conferenceId = await r.conference(manager, '2026-08-20T12:00:00Z', {
      type: 'initial',
      heldAt: '2026-08-20T10:00',
      chairId: `${P}.conference-chair`,
      decision: 'child-protection-plan',
      category: 'neglect',
    });
    await r.raise(officer, '2026-09-02T08:00:00Z', {
      conferenceId,
      track: 'family',
      complainant: { kind: 'parent' },
      aspects: ['decision'],
      receivedAt: '2026-08-27T09:00',
    });
    return { manager };
  };

  it('kingston-richmond "Stage One" ¶2, ¶4, ¶6: limits run from when things happened, not when typed', async () => {
    const { manager } = await raised();
    const typed = await r.view(manager, '2026-09-02T08:30:00Z');
    expect(typed.stage.id).toBe('stage-1');
    // 10 working days after the conference on Thu 20 Aug: Fri 21 (1), Mon 24 (2), Tue 25 (3),
    // Wed 26 (4), Thu 27 (5), Fri 28 (6); Sat 29, Sun 30 and Mon 31 Aug (summer bank holiday)
    // skipped; Tue 1 Sep (7), Wed 2 (8), Thu 3 (9), Fri 4 Sep (10). Received Thu 27 Aug: met.
    expect(typed.deadlines.find((d) => d.id === 'complaint-in-writing')).toMatchObject({ dueDate: '2026-09-04', status: 'met' });
    // 3 working days after Thu 27 Aug: Fri 28 (1), then over the weekend and the bank holiday,
    // Tue 1 Sep (2), Wed 2 Sep (3).
    const acknowledgement = typed.deadlines.find((d) => d.id === 'stage1-acknowledgement');
    expect(acknowledgement).toMatchObject({ dueDate: '2026-09-02', status: 'open' });
    expect(acknowledgement?.explanation).toContain('skipping 31 August (bank holiday)');
    // 10 working days after Thu 27 Aug: Fri 28 (1), Tue 1 (2), Wed 2 (3), Thu 3 (4), Fri 4 (5),
    // Mon 7 (6), Tue 8 (7), Wed 9 (8), Thu 10 (9), Fri 11 Sep (10).
    expect(typed.deadlines.find((d) => d.id === 'stage1-response')).toMatchObject({ dueDate: '2026-09-11', status: 'open' });

    // Acknowledged and answered in writing on Fri 28 Aug, typed on Thu 3 Sep (after the
    // acknowledgement was due): both met, because they happened in time.
    await r.perform(manager, '2026-09-03T08:00:00Z', 'stage1.acknowledged', '2026-08-28T10:00');
    await r.perform(manager, '2026-09-03T08:05:00Z', 'stage1.responded', '2026-08-28T14:00', {
      kind: 'choice',
      option: 'written-response',
      reason: 'A letter answers every point',
    });
    // The letter was posted first class on Fri 28 Aug: deemed received on the second working day
    // after posting, skipping the weekend and Mon 31 Aug: Tue 1 Sep (1), Wed 2 Sep (2).
    // 28 calendar days after Wed 2 Sep is Wed 30 Sep.
    await r.perform(manager, '2026-09-03T08:10:00Z', 'stage1.letter-sent', '2026-08-28T16:00', letter);
    const answered = await r.view(manager, '2026-09-03T09:00:00Z');
    expect(answered.deadlines.find((d) => d.id === 'stage1-acknowledgement')?.status).toBe('met');
    expect(answered.deadlines.find((d) => d.id === 'stage1-response')?.status).toBe('met');
    expect(answered.deadlines.find((d) => d.id === 'stage2-request')).toMatchObject({ dueDate: '2026-09-30', status: 'open' });

    // The parent says it arrived on Thu 3 Sep: the actual receipt wins, and 28 days after it is Thu 1 Oct.
    await r.ok(manager, '2026-09-07T08:00:00Z', { type: 'receipt', milestone: 'stage1.letter-sent.received', receivedOn: '2026-09-03' });
    expect((await r.deadline(manager, '2026-09-07T09:00:00Z', 'stage2-request')).dueDate).toBe('2026-10-01');

    // Stage Two asked for on Mon 28 Sep, typed on Fri 2 Oct: in time, and the meeting's 28 days
    // run from Mon 28 Sep to Mon 26 Oct (2 days left in September, 26 in October).
    await r.perform(manager, '2026-10-02T08:00:00Z', 'stage2.requested', '2026-09-28T11:00', { kind: 'request', reasons: 'Still unhappy' });
    const stage2 = await r.view(manager, '2026-10-02T09:00:00Z');
    expect(stage2.stage.id).toBe('stage-2');
    expect(stage2.deadlines.find((d) => d.id === 'stage2-request')?.status).toBe('met');
    expect(stage2.deadlines.find((d) => d.id === 'stage2-meeting')).toMatchObject({ dueDate: '2026-10-26', status: 'open' });
    // Stage One from the complaint (Thu 27 Aug, 09:00 BST), Stage Two from the request (Mon 28
    // Sep, 11:00 BST), not from the days they were typed in.
    expect(stage2.stageHistory?.map((s) => [s.stage, s.enteredAt])).toEqual([
      ['stage-1', '2026-08-27T08:00:00.000Z'],
      ['stage-2', '2026-09-28T10:00:00.000Z'],
    ]);
    expect(stage2.timeline.find((e) => e.action === 'stage1.letter-sent')).toMatchObject({
      occurredAt: '2026-08-28T15:00:00.000Z',
      recordedAt: '2026-09-03T08:10:00.000Z',
      status: 'as-recorded',
    });
  });

  describe('corrections and voids', () => {
    it('kingston-richmond "Stage One" ¶4, ¶6: a corrected acknowledgement turns late into met; a corrected posting date moves the time to ask for Stage Two', async () => {
      const { manager } = await raised();
      // Acknowledged Fri 28 Aug, typed on Thu 3 Sep as that day: after Wed 2 Sep, so late...
      await r.perform(manager, '2026-09-03T13:00:00Z', 'stage1.acknowledged', '2026-09-03T12:00');
      expect((await r.deadline(manager, '2026-09-03T13:30:00Z', 'stage1-acknowledgement')).status).toBe('met-late');
      // ...until corrected to Fri 28 Aug: met.
      const ackSeq = await r.seqOf(manager, '2026-09-03T13:40:00Z', 'stage1.acknowledged');
      await r.correct(manager, '2026-09-03T14:00:00Z', ackSeq, 'The acknowledgement went on 28 August', {
        occurredAt: '2026-08-28T10:00',
      });
      expect((await r.deadline(manager, '2026-09-03T14:05:00Z', 'stage1-acknowledgement')).status).toBe('met');

      // The complaints manager was marked informed on this case by mistake: voided.
      await r.perform(manager, '2026-09-03T14:10:00Z', 'stage1.complaints-manager-informed', '2026-09-03T14:00');
      const informedSeq = await r.seqOf(manager, '2026-09-03T14:15:00Z', 'stage1.complaints-manager-informed');
      await r.void(manager, '2026-09-03T14:20:00Z', informedSeq, 'That was another family');
      expect((await r.view(manager, '2026-09-03T14:25:00Z')).timeline.find((e) => e.seq === informedSeq)).toMatchObject({
        status: 'voided',
      });

      await r.perform(manager, '2026-09-03T14:30:00Z', 'stage1.responded', '2026-08-28T14:00', {
        kind: 'choice',
        option: 'written-response',
        reason: 'A letter answers every point',
      });
      // Posted first class on Fri 28 Aug, typed as Tue 1 Sep: deemed received Wed 2 (1), Thu 3
      // Sep (2); 28 days later is Thu 1 Oct.
      await r.perform(manager, '2026-09-03T14:40:00Z', 'stage1.letter-sent', '2026-09-01T16:00', letter);
      expect((await r.deadline(manager, '2026-09-03T14:45:00Z', 'stage2-request')).dueDate).toBe('2026-10-01');
      // Corrected to Fri 28 Aug: deemed received Tue 1 Sep (1), Wed 2 Sep (2), skipping Mon 31
      // Aug (summer bank holiday); 28 days later is Wed 30 Sep.
      const letterSeq = await r.seqOf(manager, '2026-09-04T08:00:00Z', 'stage1.letter-sent');
      await r.correct(manager, '2026-09-04T09:00:00Z', letterSeq, 'The post book says 28 August', { occurredAt: '2026-08-28T16:00' });
      expect((await r.deadline(manager, '2026-09-04T10:00:00Z', 'stage2-request')).dueDate).toBe('2026-09-30');

      await r.perform(manager, '2026-10-02T08:00:00Z', 'stage2.requested', '2026-09-28T11:00', {
        kind: 'request',
        reasons: 'Still unhappy',
      });
      const stage2 = await r.view(manager, '2026-10-02T09:00:00Z');
      // Stage One from the complaint (Thu 27 Aug 09:00 BST), Stage Two from the request (Mon 28
      // Sep 11:00 BST), not from the days they were typed.
      expect(stage2.stageHistory?.map((s) => [s.stage, s.enteredAt])).toEqual([
        ['stage-1', '2026-08-27T08:00:00.000Z'],
        ['stage-2', '2026-09-28T10:00:00.000Z'],
      ]);
      expect(stage2.timeline.find((e) => e.seq === letterSeq)).toMatchObject({ status: 'corrected' });
    });
  });
});
