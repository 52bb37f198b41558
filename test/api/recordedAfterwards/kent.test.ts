/**
 * Kent, recorded afterwards: every step typed in days after it happened, over Christmas and New
 * Year. Due dates are worked by hand below, never asked of the code under test. Working days skip
 * Saturdays, Sundays and England and Wales bank holidays (ADR 0001): Christmas Day Fri 25 Dec
 * 2026, Boxing Day's substitute Mon 28 Dec (26 December is a Saturday), New Year's Day Fri 1 Jan
 * 2027. First-class post is deemed received the second working day after posting; a limit that
 * binds the family and ends on a non-working day moves to the next working day (ADR 0001).
 * London is on GMT, so London times and UTC agree.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { type Session } from '../../support/app.js';
import { appEachTest } from '../../support/appEachTest.js';
import { recordedAfterwards, type RecordedAfterwards } from '../../support/recordedAfterwards.js';
import { onBothDatabases } from '../backends.js';

const P = 'kent';

onBothDatabases('Kent, the whole case recorded afterwards', (backend) => {
  const t = appEachTest(backend, { now: new Date('2026-12-15T12:00:00Z') });
  let r: RecordedAfterwards;
  beforeEach(() => {
    r = recordedAfterwards(t);
  });

  const meeting = { kind: 'meeting', minuteTaker: { personId: `${P}.minute-taker`, role: 'note-taker' } };
  const response = {
    kind: 'letter',
    method: 'first-class-post',
    content: {
      'meeting-notes': 'Notes of the meeting',
      'outcome-of-meeting': 'Remains dissatisfied',
      'how-to-take-further': "Write to the Customer Care Manager and the Chair's Manager",
      'right-to-escalate': 'Stage 2 within 5 days',
    },
    copiedTo: ['customer-care-manager', 'chairs-manager', 'conference-attendees-and-invitees'],
  };

  interface Staff {
    readonly careManager: Session;
    readonly chair: Session;
    readonly chairsManager: Session;
  }

  /** Conference Tue 15 Dec 2026; the representation arrived Mon 21 Dec and was typed in on Tue 29 Dec. */
  const raised = async (): Promise<Staff> => {
    const chairsManager = await t.signIn(`conference-service-manager@${P}.demo`);
    const careManager = await t.signIn(`complaints-manager@${P}.demo`);
    const chair = await t.signIn(`conference-chair@${P}.demo`);
    const conferenceId = await r.conference(chairsManager, '2026-12-15T12:00:00Z', {
      type: 'initial',
      heldAt: '2026-12-15T10:00',
      chairId: `${P}.conference-chair`,
      decision: 'child-protection-plan',
      category: 'neglect',
    });
    await r.raise(careManager, '2026-12-29T09:00:00Z', {
      conferenceId,
      track: 'family',
      complainant: { kind: 'parent' },
      aspects: ['decision'],
      receivedAt: '2026-12-21T09:00',
    });
    return { careManager, chair, chairsManager };
  };

  /** Minutes emailed Wed 23 Dec, triaged Tue 22 Dec, the appeal notified Wed 23 Dec: all typed in on Tue 29 Dec. */
  const triaged = async (staff: Staff) => {
    await r.ok(staff.chair, '2026-12-29T09:10:00Z', { type: 'minutes-sent', sentAt: '2026-12-23T15:00', method: 'email' });
    await r.perform(staff.careManager, '2026-12-29T09:20:00Z', 'triage.decided', '2026-12-22T11:00', {
      kind: 'choice',
      option: 'representation',
      reason: 'About the decision to make a plan',
    });
    await r.perform(staff.chair, '2026-12-29T09:30:00Z', 'stage1.appeal-notified', '2026-12-23T10:00');
  };

  it('kent 5 ¶5, ¶6, 6 ¶3, ¶6, ¶9, 7 ¶3: limits run from when things happened, not when typed', async () => {
    const staff = await raised();
    const { careManager, chair, chairsManager } = staff;
    const typed = await r.view(careManager, '2026-12-29T09:05:00Z');
    expect(typed.stage.id).toBe('triage');
    // 10 working days after the conference on Tue 15 Dec: Wed 16 (1), Thu 17 (2), Fri 18 (3),
    // Mon 21 (4), Tue 22 (5), Wed 23 (6), Thu 24 (7); Fri 25 and Mon 28 Dec (bank holidays) and
    // the weekend skipped; Tue 29 (8), Wed 30 (9), Thu 31 Dec (10). Received Mon 21 Dec: met.
    const inWriting = typed.deadlines.find((d) => d.id === 'representation-in-writing');
    expect(inWriting).toMatchObject({ dueDate: '2026-12-31', status: 'met', clause: 'kent 5 ¶5' });
    expect(inWriting?.explanation).toContain('skipping 25 and 28 December (bank holidays)');
    // 3 working days after the representation on Mon 21 Dec: Tue 22 (1), Wed 23 (2), Thu 24 (3).
    // Read on Tue 29 Dec before the minutes are typed in, it looks missed.
    expect(typed.deadlines.find((d) => d.id === 'minutes-sent')).toMatchObject({ dueDate: '2026-12-24', status: 'missed' });
    // 18 working days after the conference: on from Thu 31 Dec (10): Fri 1 Jan (bank holiday)
    // and the weekend skipped; Mon 4 (11), Tue 5 (12), Wed 6 (13), Thu 7 (14), Fri 8 (15),
    // Mon 11 (16), Tue 12 (17), Wed 13 Jan 2027 (18).
    expect(typed.deadlines.find((d) => d.id === 'stage1-meeting')).toMatchObject({ dueDate: '2027-01-13', status: 'open' });

    // The minutes were emailed Wed 23 Dec, typed Tue 29 Dec: met.
    await triaged(staff);
    const stage1 = await r.view(chair, '2026-12-29T10:00:00Z');
    expect(stage1.stage.id).toBe('stage-1');
    expect(stage1.deadlines.find((d) => d.id === 'minutes-sent')?.status).toBe('met');

    // Met on Tue 12 Jan, typed Fri 15 Jan: met. The response's 5 working days run Wed 13 (1),
    // Thu 14 (2), Fri 15 (3), Mon 18 (4), Tue 19 Jan (5).
    await r.perform(chair, '2027-01-15T09:00:00Z', 'stage1.meeting-held', '2027-01-12T14:00', meeting);
    const met = await r.view(chair, '2027-01-15T10:00:00Z');
    expect(met.deadlines.find((d) => d.id === 'stage1-meeting')).toMatchObject({ status: 'met', metAt: '2027-01-12T14:00:00.000Z' });
    expect(met.deadlines.find((d) => d.id === 'stage1-response')).toMatchObject({ dueDate: '2027-01-19', status: 'open' });

    // Posted first class on Thu 14 Jan, typed Mon 18 Jan: deemed received on the second working
    // day after posting, Fri 15 (1), Mon 18 Jan (2). Five calendar days after Mon 18 Jan is
    // Sat 23 Jan; the limit binds the family, so it moves to Mon 25 Jan.
    await r.perform(chair, '2027-01-18T09:00:00Z', 'stage1.response-sent', '2027-01-14T15:00', response);
    const answered = await r.view(chair, '2027-01-18T10:00:00Z');
    expect(answered.deadlines.find((d) => d.id === 'stage1-response')?.status).toBe('met');
    expect(answered.deadlines.find((d) => d.id === 'stage2-request')).toMatchObject({ dueDate: '2027-01-25', status: 'open' });

    // Stage 2 asked for on Fri 22 Jan, typed Wed 27 Jan. The Stage 2 meeting's 10 working days:
    // Mon 25 (1), Tue 26 (2), Wed 27 (3), Thu 28 (4), Fri 29 (5), Mon 1 Feb (6), Tue 2 (7),
    // Wed 3 (8), Thu 4 (9), Fri 5 Feb (10).
    await r.perform(chairsManager, '2027-01-27T09:00:00Z', 'stage2.requested', '2027-01-22T10:00', {
      kind: 'request',
      reasons: 'Still disagrees',
    });
    const stage2 = await r.view(chairsManager, '2027-01-27T10:00:00Z');
    expect(stage2.stage.id).toBe('stage-2');
    expect(stage2.deadlines.find((d) => d.id === 'stage2-request')?.status).toBe('met');
    expect(stage2.deadlines.find((d) => d.id === 'stage2-meeting')).toMatchObject({ dueDate: '2027-02-05', status: 'open' });
    // Each stage began when the step that opened it happened, not when it was typed in.
    expect(stage2.stageHistory?.map((s) => [s.stage, s.enteredAt])).toEqual([
      ['triage', '2026-12-21T09:00:00.000Z'],
      ['stage-1', '2026-12-22T11:00:00.000Z'],
      ['stage-2', '2027-01-22T10:00:00.000Z'],
    ]);
    expect(stage2.timeline.find((e) => e.action === 'stage2.requested')).toMatchObject({
      occurredAt: '2027-01-22T10:00:00.000Z',
      recordedAt: '2027-01-27T09:00:00.000Z',
      status: 'as-recorded',
    });
  });

  describe('corrections and voids', () => {
    it('kent 5 ¶6, 6 ¶3, ¶6: a corrected receipt moves the minutes deadline; a corrected meeting date turns late into met; a void undoes a mistake', async () => {
      const staff = await raised();
      const { careManager, chair, chairsManager } = staff;
      // The representation really arrived Fri 18 Dec; Mon 21 Dec was typed. The minutes' 3
      // working days then run Mon 21 (1), Tue 22 (2), Wed 23 Dec (3); were Thu 24 Dec.
      await r.correct(careManager, '2026-12-29T09:05:00Z', 1, 'The letter was date-stamped 18 December', {
        occurredAt: '2026-12-18T09:00',
      });
      expect((await r.deadline(careManager, '2026-12-29T09:06:00Z', 'minutes-sent')).dueDate).toBe('2026-12-23');
      // Minutes emailed Wed 23 Dec, the last day: met.
      await triaged(staff);
      expect((await r.deadline(chair, '2026-12-29T10:00:00Z', 'minutes-sent')).status).toBe('met');

      // Met on Tue 12 Jan, typed on Fri 15 Jan as Thu 14 Jan: after Wed 13 Jan, so late...
      await r.perform(chair, '2027-01-15T09:00:00Z', 'stage1.meeting-held', '2027-01-14T14:00', meeting);
      const typed = await r.view(chair, '2027-01-15T10:00:00Z');
      expect(typed.deadlines.find((d) => d.id === 'stage1-meeting')?.status).toBe('met-late');
      // ...with the response due Fri 15 (1), Mon 18 (2), Tue 19 (3), Wed 20 (4), Thu 21 Jan (5).
      expect(typed.deadlines.find((d) => d.id === 'stage1-response')?.dueDate).toBe('2027-01-21');
      // Corrected to Tue 12 Jan: met, and the response is due Tue 19 Jan.
      const meetingSeq = await r.seqOf(chair, '2027-01-15T10:30:00Z', 'stage1.meeting-held');
      await r.correct(chair, '2027-01-15T11:00:00Z', meetingSeq, 'The meeting was on the 12th', { occurredAt: '2027-01-12T14:00' });
      const corrected = await r.view(chair, '2027-01-15T12:00:00Z');
      expect(corrected.deadlines.find((d) => d.id === 'stage1-meeting')?.status).toBe('met');
      expect(corrected.deadlines.find((d) => d.id === 'stage1-response')?.dueDate).toBe('2027-01-19');

      await r.perform(chair, '2027-01-18T09:00:00Z', 'stage1.response-sent', '2027-01-14T15:00', response);
      // "No further action" was recorded on this case by mistake: voided.
      await r.perform(chair, '2027-01-18T09:30:00Z', 'stage1.no-further-action-notified', '2027-01-18T09:30');
      const mistakeSeq = await r.seqOf(chair, '2027-01-18T09:40:00Z', 'stage1.no-further-action-notified');
      const accept = (seen: { actions: readonly { id: string; allowed: boolean }[] }) =>
        seen.actions.find((a) => a.id === 'stage1.accepted');
      expect(accept(await r.view(chair, '2027-01-18T09:45:00Z'))?.allowed).toBe(true);
      await r.void(chair, '2027-01-18T09:50:00Z', mistakeSeq, 'That was another family');
      const voided = await r.view(chair, '2027-01-18T10:00:00Z');
      expect(voided.timeline.find((e) => e.seq === mistakeSeq)).toMatchObject({ status: 'voided' });
      // Voided, the notice counts for nothing: the appellant cannot be recorded as accepting it (kent 6 ¶8).
      expect(accept(voided)?.allowed).toBe(false);

      await r.perform(chairsManager, '2027-01-27T09:00:00Z', 'stage2.requested', '2027-01-22T10:00', {
        kind: 'request',
        reasons: 'Still disagrees',
      });
      const stage2 = await r.view(chairsManager, '2027-01-27T10:00:00Z');
      // Triage from the corrected receipt (Fri 18 Dec), Stage 1 from the triage (Tue 22 Dec),
      // Stage 2 from the request (Fri 22 Jan): when they happened, not when they were typed.
      expect(stage2.stageHistory?.map((s) => [s.stage, s.enteredAt])).toEqual([
        ['triage', '2026-12-18T09:00:00.000Z'],
        ['stage-1', '2026-12-22T11:00:00.000Z'],
        ['stage-2', '2027-01-22T10:00:00.000Z'],
      ]);
      expect(stage2.timeline.find((e) => e.seq === 1)).toMatchObject({ status: 'corrected' });
      expect(stage2.timeline.find((e) => e.seq === meetingSeq)).toMatchObject({ status: 'corrected' });
    });
  });
});
