/**
 * Camden, recorded afterwards: every step typed in days after it happened, over Easter and the
 * early May bank holiday. Due dates are worked by hand below, never asked of the code under test.
 * Working days skip Saturdays, Sundays and England and Wales bank holidays (ADR 0001): in 2026,
 * Good Friday 3 April, Easter Monday 6 April, early May 4 May. A date deadline ends at the end
 * of its day, London time.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { appEachTest } from '../../support/appEachTest.js';
import { camdenComplaint, recordedAfterwards, type RecordedAfterwards } from '../../support/recordedAfterwards.js';
import { onBothDatabases } from '../backends.js';

onBothDatabases('Camden, the whole case recorded afterwards', (backend) => {
  const t = appEachTest(backend, { now: new Date('2026-03-24T12:00:00Z') });
  let r: RecordedAfterwards;
  beforeEach(() => {
    r = recordedAfterwards(t);
  });

  const letter = {
    kind: 'letter',
    method: 'email',
    content: {
      'meeting-notes': 'Notes of the meeting',
      'outcome-of-meeting': 'The decision stands',
      'how-to-take-further': 'Write to the CSCP',
      'right-to-escalate': 'You may ask for the CSCP Complaints Panel within 28 days',
    },
    copiedTo: ['head-of-quality-assurance', 'director-safeguarding', 'childrens-complaints-unit'],
  };

  /** Conference, complaint and the complaint shared, each typed days late. */
  const raised = async () => {
    // Conference Tue 24 Mar 2026; minutes emailed Tue 31 Mar; typed in on Wed 1 Apr.
    // The complaint arrived Thu 2 Apr, the day before Good Friday; typed on Tue 7 Apr.
    const officer = await camdenComplaint(t, r, {
      conferenceTypedOn: '2026-04-01T08:00:00Z',
      raisedTypedOn: '2026-04-07T09:00:00Z',
      receivedAt: '2026-04-02T09:00',
    });
    const chair = await t.signIn('conference-chair@camden.demo');
    const coordinator = await t.signIn('panel-coordinator@camden.demo');
    await r.perform(chair, '2026-04-09T09:00:00Z', 'stage1.complaint-shared', '2026-04-07T11:00');
    return { officer, chair, coordinator };
  };

  it('camden 2.2, 3.3: time limits run from the day things happened, not the day they were typed', async () => {
    const { chair } = await raised();
    const onTuesday = await r.view(chair, '2026-04-07T10:00:00Z');
    expect(onTuesday.stage.id).toBe('stage-1');
    // Stage 1 began when the complaint arrived (Thu 2 Apr, 09:00 BST), not when it was typed in.
    expect(onTuesday.stageHistory?.map((s) => [s.stage, s.enteredAt])).toEqual([['stage-1', '2026-04-02T08:00:00.000Z']]);
    expect(onTuesday.timeline.find((e) => e.seq === 1)).toMatchObject({
      occurredAt: '2026-04-02T08:00:00.000Z',
      recordedAt: '2026-04-07T09:00:00.000Z',
      status: 'as-recorded',
    });
    expect(onTuesday.deadlines.find((d) => d.id === 'complaint-in-writing')).toMatchObject({
      // Minutes emailed Tue 31 Mar are received that day (email: the day sent, ADR 0001);
      // 28 calendar days later is Tue 28 Apr. The complaint came on Thu 2 Apr: met.
      dueDate: '2026-04-28',
      status: 'met',
      clause: 'camden 2.2',
    });
    // 5 working days after Thu 2 Apr: Fri 3 (Good Friday), Sat 4, Sun 5 and Mon 6 (Easter Monday)
    // are skipped; Tue 7 (1), Wed 8 (2), Thu 9 (3), Fri 10 (4), Mon 13 (5). Typing the complaint
    // on Tue 7 Apr would have given Tue 14 Apr.
    const meeting = onTuesday.deadlines.find((d) => d.id === 'stage1-meeting');
    expect(meeting).toMatchObject({ dueDate: '2026-04-13', status: 'open', clause: 'camden 3.3' });
    expect(meeting?.explanation).toContain('skipping 3 and 6 April (bank holidays)');

    // Read on Wed 15 Apr before the meeting is typed in, the meeting looks missed...
    expect((await r.deadline(chair, '2026-04-15T09:00:00Z', 'stage1-meeting')).status).toBe('missed');
    // ...but it was held on Fri 10 Apr, and typed in on Wed 15 Apr: met.
    await r.perform(chair, '2026-04-15T10:00:00Z', 'stage1.meeting-held', '2026-04-10T14:00', { kind: 'meeting' });
    const afterMeeting = await r.view(chair, '2026-04-15T11:00:00Z');
    expect(afterMeeting.deadlines.find((d) => d.id === 'stage1-meeting')).toMatchObject({
      status: 'met',
      metAt: '2026-04-10T13:00:00.000Z',
    });
    // 5 working days after Fri 10 Apr: Mon 13 (1), Tue 14 (2), Wed 15 (3), Thu 16 (4), Fri 17 (5).
    expect(afterMeeting.deadlines.find((d) => d.id === 'stage1-response')).toMatchObject({ dueDate: '2026-04-17', status: 'open' });

    // The letter went by email on Fri 17 Apr, typed on Tue 21 Apr: in time.
    await r.perform(chair, '2026-04-21T09:00:00Z', 'stage1.response-sent', '2026-04-17T16:00', letter);
    const afterLetter = await r.view(chair, '2026-04-21T10:00:00Z');
    expect(afterLetter.deadlines.find((d) => d.id === 'stage1-response')?.status).toBe('met');
    // Emailed Fri 17 Apr, received that day; 28 calendar days later is Fri 15 May (13 days left
    // in April, 15 in May).
    expect(afterLetter.deadlines.find((d) => d.id === 'stage2-request')).toMatchObject({ dueDate: '2026-05-15', status: 'open' });
  });

  describe('corrections and voids', () => {
    it('camden 3.3, 3.5, 4.2: a corrected receipt moves a deadline, a corrected meeting date turns late into met, a void undoes a mistake', async () => {
      const { officer, chair, coordinator } = await raised();
      // The complaint really arrived Wed 1 Apr; Thu 2 Apr was typed. Corrected on Thu 9 Apr, the
      // meeting's 5 working days run from Wed 1 Apr: Thu 2 (1); Fri 3 (Good Friday), the weekend
      // and Mon 6 (Easter Monday) skipped; Tue 7 (2), Wed 8 (3), Thu 9 (4), Fri 10 (5). Was Mon 13 Apr.
      await r.correct(officer, '2026-04-09T10:00:00Z', 1, 'The date stamp on the letter says 1 April', {
        occurredAt: '2026-04-01T09:00',
      });
      const corrected = await r.view(chair, '2026-04-09T11:00:00Z');
      expect(corrected.deadlines.find((d) => d.id === 'stage1-meeting')).toMatchObject({ dueDate: '2026-04-10', status: 'open' });
      expect(corrected.timeline.find((e) => e.seq === 1)).toMatchObject({ status: 'corrected' });

      // The meeting was held Fri 10 Apr but typed in on Wed 15 Apr as Tue 14 Apr: late...
      await r.perform(chair, '2026-04-15T10:00:00Z', 'stage1.meeting-held', '2026-04-14T14:00', { kind: 'meeting' });
      const typedWrongly = await r.view(chair, '2026-04-15T11:00:00Z');
      expect(typedWrongly.deadlines.find((d) => d.id === 'stage1-meeting')?.status).toBe('met-late');
      // ...with the response due 5 working days after Tue 14 Apr: Wed 15 (1), Thu 16 (2), Fri 17
      // (3), Mon 20 (4), Tue 21 Apr (5).
      expect(typedWrongly.deadlines.find((d) => d.id === 'stage1-response')?.dueDate).toBe('2026-04-21');
      // ...until the date is corrected: met, and the response is due Fri 17 Apr (Mon 13 (1),
      // Tue 14 (2), Wed 15 (3), Thu 16 (4), Fri 17 (5)).
      const meetingSeq = await r.seqOf(chair, '2026-04-16T08:00:00Z', 'stage1.meeting-held');
      await r.correct(chair, '2026-04-16T09:00:00Z', meetingSeq, 'The meeting was on Friday; Tuesday was typed by mistake', {
        occurredAt: '2026-04-10T14:00',
      });
      const met = await r.view(chair, '2026-04-16T10:00:00Z');
      expect(met.deadlines.find((d) => d.id === 'stage1-meeting')).toMatchObject({ status: 'met', metAt: '2026-04-10T13:00:00.000Z' });
      expect(met.deadlines.find((d) => d.id === 'stage1-response')?.dueDate).toBe('2026-04-17');
      expect(met.timeline.find((e) => e.seq === meetingSeq)).toMatchObject({ status: 'corrected' });

      // The minutes were marked filed on the wrong case: voided, the entry stays in the timeline.
      await r.perform(chair, '2026-04-16T11:00:00Z', 'stage1.meeting-minuted', '2026-04-16T11:00');
      const minutedSeq = await r.seqOf(chair, '2026-04-16T11:30:00Z', 'stage1.meeting-minuted');
      await r.void(chair, '2026-04-16T12:00:00Z', minutedSeq, 'Filed against the wrong case');
      const voided = await r.view(chair, '2026-04-16T12:30:00Z');
      expect(voided.timeline.find((e) => e.seq === minutedSeq)).toMatchObject({ status: 'voided' });

      await r.perform(chair, '2026-04-21T09:00:00Z', 'stage1.response-sent', '2026-04-17T16:00', letter);
      // The formal complaint to the CSCP came Tue 5 May, the day after the early May bank
      // holiday; typed Mon 11 May. The panel must meet within 28 calendar days: Tue 2 Jun
      // (26 days left in May, then 2 in June).
      await r.perform(coordinator, '2026-05-11T09:00:00Z', 'stage2.requested', '2026-05-05T10:00', {
        kind: 'request',
        reasons: 'Asks for the CSCP Complaints Panel',
      });
      const stage2 = await r.view(coordinator, '2026-05-11T10:00:00Z');
      expect(stage2.deadlines.find((d) => d.id === 'panel-convened')).toMatchObject({ dueDate: '2026-06-02', status: 'open' });
      // The stage history follows when things happened: Stage 1 from the corrected receipt, Stage
      // 2 from the request, not from the days they were typed (London is on BST: 10:00 is 09:00Z).
      expect(stage2.stageHistory?.map((s) => [s.stage, s.enteredAt])).toEqual([
        ['stage-1', '2026-04-01T08:00:00.000Z'],
        ['stage-2', '2026-05-05T09:00:00.000Z'],
      ]);
      const request = stage2.timeline.find((e) => e.action === 'stage2.requested');
      expect(request).toMatchObject({
        occurredAt: '2026-05-05T09:00:00.000Z',
        recordedAt: '2026-05-11T09:00:00.000Z',
        status: 'as-recorded',
      });
    });
  });
});
