/**
 * Pan-Sussex, recorded afterwards: every step typed in days after it happened, over Christmas and
 * New Year. Due dates are worked by hand below, never asked of the code under test. Working days
 * skip Saturdays, Sundays and England and Wales bank holidays (ADR 0001): Christmas Day Fri 25 Dec
 * 2026, Boxing Day's substitute Mon 28 Dec (26 December is a Saturday), New Year's Day Fri 1 Jan
 * 2027. London is on GMT, so London times and UTC agree.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { type Session } from '../../support/app.js';
import { appEachTest } from '../../support/appEachTest.js';
import { recordedAfterwards, type RecordedAfterwards } from '../../support/recordedAfterwards.js';
import { onBothDatabases } from '../backends.js';

const P = 'pan-sussex';

onBothDatabases('Pan-Sussex, the whole case recorded afterwards', (backend) => {
  const t = appEachTest(backend, { now: new Date('2026-12-17T12:00:00Z') });
  let r: RecordedAfterwards;
  beforeEach(() => {
    r = recordedAfterwards(t);
  });

  const meetingDetails = { kind: 'meeting', minuteTaker: { personId: `${P}.minute-taker`, role: 'note-taker' } };
  const letter = {
    kind: 'letter',
    method: 'email',
    content: { 'meeting-notes': 'Notes of the meeting', 'how-to-take-further': 'Ask for Stage 2' },
    copiedTo: ['complaints-manager'],
  };

  /** Conference Thu 17 Dec 2026; the complaint arrived Mon 21 Dec and was typed in on Tue 29 Dec. */
  const raised = async (): Promise<{ chair: Session; reviewingManager: Session }> => {
    const reviewingManager = await t.signIn(`conference-service-manager@${P}.demo`);
    const officer = await t.signIn(`complaints-manager@${P}.demo`);
    const chair = await t.signIn(`conference-chair@${P}.demo`);
    const conferenceId = await r.conference(reviewingManager, '2026-12-17T12:00:00Z', {
      type: 'initial',
      heldAt: '2026-12-17T10:00',
      chairId: `${P}.conference-chair`,
      localArea: 'east-sussex',
      decision: 'child-protection-plan',
      category: 'neglect',
    });
    await r.raise(officer, '2026-12-29T09:00:00Z', {
      conferenceId,
      track: 'family',
      complainant: { kind: 'parent' },
      aspects: ['decision'],
      receivedAt: '2026-12-21T09:00',
    });
    await r.perform(chair, '2026-12-29T10:00:00Z', 'stage1.manager-informed', '2026-12-22T10:00');
    return { chair, reviewingManager };
  };

  it('pan-sussex 5.7.13, 5.7.14, 5.7.16, 5.7.19: limits run from when things happened, not when typed', async () => {
    const { chair, reviewingManager } = await raised();
    const typed = await r.view(chair, '2026-12-29T11:00:00Z');
    expect(typed.stage.id).toBe('stage-1');
    // 10 working days after the conference on Thu 17 Dec: Fri 18 (1), Mon 21 (2), Tue 22 (3),
    // Wed 23 (4), Thu 24 (5); Fri 25 and Mon 28 Dec (bank holidays) and the weekend skipped;
    // Tue 29 (6), Wed 30 (7), Thu 31 (8); Fri 1 Jan (bank holiday) and the weekend skipped;
    // Mon 4 Jan (9), Tue 5 Jan 2027 (10). Received Mon 21 Dec: met.
    const inWriting = typed.deadlines.find((d) => d.id === 'complaint-in-writing');
    expect(inWriting).toMatchObject({ dueDate: '2027-01-05', status: 'met', clause: 'pan-sussex 5.7.13' });
    // 10 working days after Mon 21 Dec: Tue 22 (1), Wed 23 (2), Thu 24 (3), Tue 29 (4), Wed 30
    // (5), Thu 31 (6), Mon 4 Jan (7), Tue 5 (8), Wed 6 (9), Thu 7 Jan (10). Typing the complaint
    // on Tue 29 Dec would have given Wed 13 Jan.
    const meeting = typed.deadlines.find((d) => d.id === 'stage1-meeting');
    expect(meeting).toMatchObject({ dueDate: '2027-01-07', status: 'open' });
    expect(meeting?.explanation).toContain('skipping 25 and 28 December and 1 January (bank holidays)');

    // Met on Wed 6 Jan, typed on Mon 11 Jan, after the deadline had passed: met.
    expect((await r.deadline(chair, '2027-01-11T08:00:00Z', 'stage1-meeting')).status).toBe('missed');
    await r.perform(chair, '2027-01-11T09:00:00Z', 'stage1.meeting-held', '2027-01-06T14:00', meetingDetails);
    const met = await r.view(chair, '2027-01-11T10:00:00Z');
    expect(met.deadlines.find((d) => d.id === 'stage1-meeting')).toMatchObject({ status: 'met', metAt: '2027-01-06T14:00:00.000Z' });
    // 10 working days after Wed 6 Jan: Thu 7 (1), Fri 8 (2), Mon 11 (3), Tue 12 (4), Wed 13 (5),
    // Thu 14 (6), Fri 15 (7), Mon 18 (8), Tue 19 (9), Wed 20 Jan (10).
    expect(met.deadlines.find((d) => d.id === 'stage1-response')).toMatchObject({ dueDate: '2027-01-20', status: 'open' });

    // The response was emailed Mon 18 Jan, typed Thu 21 Jan; Stage 2 asked for Mon 25 Jan,
    // typed Fri 29 Jan. The Stage 2 meeting's 28 days run to Mon 22 Feb (6 days left in
    // January, 22 in February).
    await r.perform(chair, '2027-01-21T09:00:00Z', 'stage1.response-sent', '2027-01-18T15:00', letter);
    expect((await r.deadline(chair, '2027-01-21T10:00:00Z', 'stage1-response')).status).toBe('met');
    await r.perform(reviewingManager, '2027-01-29T09:00:00Z', 'stage2.requested', '2027-01-25T11:00', {
      kind: 'request',
      reasons: 'Still disagrees',
    });
    const stage2 = await r.view(reviewingManager, '2027-01-29T10:00:00Z');
    expect(stage2.stage.id).toBe('stage-2');
    expect(stage2.deadlines.find((d) => d.id === 'stage2-meeting')).toMatchObject({ dueDate: '2027-02-22', status: 'open' });
    // Stage 1 from the complaint (Mon 21 Dec), Stage 2 from the request (Mon 25 Jan), not from
    // the days they were typed in.
    expect(stage2.stageHistory?.map((s) => [s.stage, s.enteredAt])).toEqual([
      ['stage-1', '2026-12-21T09:00:00.000Z'],
      ['stage-2', '2027-01-25T11:00:00.000Z'],
    ]);
  });

  describe('corrections and voids', () => {
    it('pan-sussex 5.7.14, 5.7.16: a corrected meeting date turns late into met and moves the response deadline; a void undoes a mistake', async () => {
      const { chair, reviewingManager } = await raised();
      // Met on Wed 6 Jan, typed on Mon 11 Jan as Fri 8 Jan: after Thu 7 Jan, so late, with the
      // response due 10 working days after Fri 8 Jan: Mon 11 (1) to Fri 22 Jan (10).
      await r.perform(chair, '2027-01-11T09:00:00Z', 'stage1.meeting-held', '2027-01-08T14:00', meetingDetails);
      const typed = await r.view(chair, '2027-01-11T10:00:00Z');
      expect(typed.deadlines.find((d) => d.id === 'stage1-meeting')?.status).toBe('met-late');
      expect(typed.deadlines.find((d) => d.id === 'stage1-response')?.dueDate).toBe('2027-01-22');
      // Corrected to Wed 6 Jan: met, and the response is due Wed 20 Jan (Thu 7 (1), Fri 8 (2),
      // Mon 11 (3), Tue 12 (4), Wed 13 (5), Thu 14 (6), Fri 15 (7), Mon 18 (8), Tue 19 (9), Wed 20 (10)).
      const meetingSeq = await r.seqOf(chair, '2027-01-11T10:30:00Z', 'stage1.meeting-held');
      await r.correct(chair, '2027-01-11T11:00:00Z', meetingSeq, 'The meeting was on the 6th', { occurredAt: '2027-01-06T14:00' });
      const corrected = await r.view(chair, '2027-01-11T12:00:00Z');
      expect(corrected.deadlines.find((d) => d.id === 'stage1-meeting')?.status).toBe('met');
      expect(corrected.deadlines.find((d) => d.id === 'stage1-response')?.dueDate).toBe('2027-01-20');
      expect(corrected.timeline.find((e) => e.seq === meetingSeq)).toMatchObject({ status: 'corrected' });

      // Informing the chair's manager was recorded on this case by mistake: voided.
      const informedSeq = await r.seqOf(chair, '2027-01-11T12:10:00Z', 'stage1.manager-informed');
      await r.void(chair, '2027-01-11T12:20:00Z', informedSeq, 'That was another family');
      expect((await r.view(chair, '2027-01-11T12:30:00Z')).timeline.find((e) => e.seq === informedSeq)).toMatchObject({
        status: 'voided',
      });

      await r.perform(chair, '2027-01-21T09:00:00Z', 'stage1.response-sent', '2027-01-18T15:00', letter);
      await r.perform(reviewingManager, '2027-01-29T09:00:00Z', 'stage2.requested', '2027-01-25T11:00', {
        kind: 'request',
        reasons: 'Still disagrees',
      });
      const stage2 = await r.view(reviewingManager, '2027-01-29T10:00:00Z');
      // Stage 1 from the complaint on Mon 21 Dec, Stage 2 from the request on Mon 25 Jan (GMT).
      expect(stage2.stageHistory?.map((s) => [s.stage, s.enteredAt])).toEqual([
        ['stage-1', '2026-12-21T09:00:00.000Z'],
        ['stage-2', '2027-01-25T11:00:00.000Z'],
      ]);
      expect(stage2.timeline.find((e) => e.action === 'stage2.requested')).toMatchObject({
        occurredAt: '2027-01-25T11:00:00.000Z',
        recordedAt: '2027-01-29T09:00:00.000Z',
        status: 'as-recorded',
      });
    });
  });
});
