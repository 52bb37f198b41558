/**
 * Cambridgeshire and Peterborough, recorded afterwards: every step typed in days after it
 * happened, across the spring bank holiday. Due dates are worked by hand below, never asked of
 * the code under test. Working days skip Saturdays, Sundays and England and Wales bank holidays
 * (ADR 0001): here the spring bank holiday, Mon 25 May 2026. A date deadline ends at the end of
 * its day, London time (BST, so 10:00 London is 09:00Z).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { appEachTest } from '../../support/appEachTest.js';
import { recordedAfterwards, type RecordedAfterwards } from '../../support/recordedAfterwards.js';
import { onBothDatabases } from '../backends.js';

const P = 'cambridgeshire-peterborough';

onBothDatabases('Cambridgeshire and Peterborough, the whole case recorded afterwards', (backend) => {
  const t = appEachTest(backend, { now: new Date('2026-05-12T12:00:00Z') });
  let r: RecordedAfterwards;
  beforeEach(() => {
    r = recordedAfterwards(t);
  });

  const decision = { kind: 'decision', options: ['complaint-not-upheld'], findings: {}, reasons: 'The threshold was met' };
  const response = {
    kind: 'letter',
    method: 'email',
    content: { decision: 'Not upheld', reasons: 'The threshold was met', 'how-to-take-further': 'Ask the Assistant Director' },
    copiedTo: [],
  };

  /** Conference Tue 12 May; complaint Wed 13 May, typed Mon 18 May; Stage One tried Thu 14 May, typed Tue 19 May. */
  const raised = async () => {
    const csm = await t.signIn(`conference-service-manager@${P}.demo`);
    const officer = await t.signIn(`complaints-manager@${P}.demo`);
    const chair = await t.signIn(`conference-chair@${P}.demo`);
    const conferenceId = await r.conference(csm, '2026-05-12T12:00:00Z', {
      type: 'initial',
      heldAt: '2026-05-12T10:00',
      chairId: `${P}.conference-chair`,
      localArea: 'peterborough',
      decision: 'child-protection-plan',
      category: 'neglect',
    });
    await r.raise(officer, '2026-05-18T09:00:00Z', {
      conferenceId,
      track: 'family',
      complainant: { kind: 'parent' },
      aspects: ['decision'],
      receivedAt: '2026-05-13T09:00',
    });
    await r.perform(chair, '2026-05-19T09:00:00Z', 'stage1.resolution-attempted', '2026-05-14T15:00');
    // The Service Manager for Safeguarding and QA investigates at Stage Two.
    return { chair, investigator: csm };
  };

  it('cambridgeshire-peterborough "Stage Two" ¶1: 20 working days from the request, as it happened, not as typed', async () => {
    const { investigator } = await raised();
    // The request for a formal investigation came on Mon 18 May; typed on Wed 20 May.
    await r.perform(investigator, '2026-05-20T09:00:00Z', 'stage2.requested', '2026-05-18T11:00', {
      kind: 'request',
      reasons: 'Wants the decision investigated',
    });
    const seen = await r.view(investigator, '2026-05-20T10:00:00Z');
    expect(seen.stage.id).toBe('stage-2');
    // Stage One from the complaint (Wed 13 May, 09:00 BST), Stage Two from the request (Mon 18
    // May, 11:00 BST), not from the days they were typed in.
    expect(seen.stageHistory?.map((s) => [s.stage, s.enteredAt])).toEqual([
      ['stage-1', '2026-05-13T08:00:00.000Z'],
      ['stage-2', '2026-05-18T10:00:00.000Z'],
    ]);
    // 20 working days after Mon 18 May: Tue 19 (1), Wed 20 (2), Thu 21 (3), Fri 22 (4); Sat 23,
    // Sun 24 and Mon 25 May (spring bank holiday) skipped; Tue 26 (5), Wed 27 (6), Thu 28 (7),
    // Fri 29 (8), Mon 1 Jun (9), Tue 2 (10), Wed 3 (11), Thu 4 (12), Fri 5 (13), Mon 8 (14),
    // Tue 9 (15), Wed 10 (16), Thu 11 (17), Fri 12 (18), Mon 15 (19), Tue 16 Jun (20).
    // Counting from the typing day, Wed 20 May, would have given Thu 18 Jun.
    const due = seen.deadlines.find((d) => d.id === 'stage2-response');
    expect(due).toMatchObject({ dueDate: '2026-06-16', status: 'open' });
    expect(due?.explanation).toContain('skipping 25 May (bank holiday)');

    await r.perform(investigator, '2026-06-12T09:00:00Z', 'stage2.investigated', '2026-06-08T10:00');
    await r.perform(investigator, '2026-06-12T09:05:00Z', 'stage2.decided', '2026-06-10T10:00', decision);
    // Emailed Tue 16 Jun, the last day; typed on Fri 19 Jun, after the deadline had passed: met.
    expect((await r.deadline(investigator, '2026-06-19T08:00:00Z', 'stage2-response')).status).toBe('missed');
    await r.perform(investigator, '2026-06-19T09:00:00Z', 'stage2.response-sent', '2026-06-16T16:30', response);
    expect(await r.deadline(investigator, '2026-06-19T10:00:00Z', 'stage2-response')).toMatchObject({
      status: 'met',
      metAt: '2026-06-16T15:30:00.000Z',
    });
  });

  describe('corrections and voids', () => {
    it('cambridgeshire-peterborough "Stage Two" ¶1: a corrected request moves the deadline and the stage history; a corrected letter date turns late into met', async () => {
      const { investigator } = await raised();
      // The request was typed on Wed 20 May as received Fri 15 May. 20 working days after Fri 15
      // May: Mon 18 (1), Tue 19 (2), Wed 20 (3), Thu 21 (4), Fri 22 (5); Mon 25 May (spring bank
      // holiday) skipped; Tue 26 (6), Wed 27 (7), Thu 28 (8), Fri 29 (9), Mon 1 Jun (10), Tue 2
      // (11), Wed 3 (12), Thu 4 (13), Fri 5 (14), Mon 8 (15), Tue 9 (16), Wed 10 (17), Thu 11 (18),
      // Fri 12 (19), Mon 15 Jun (20).
      await r.perform(investigator, '2026-05-20T09:00:00Z', 'stage2.requested', '2026-05-15T11:00', {
        kind: 'request',
        reasons: 'Wants the decision investigated',
      });
      const typed = await r.view(investigator, '2026-05-20T10:00:00Z');
      expect(typed.deadlines.find((d) => d.id === 'stage2-response')?.dueDate).toBe('2026-06-15');
      // It came on Mon 18 May: corrected, the 20 working days end Tue 16 Jun (worked above), and
      // Stage Two began on Mon 18 May (11:00 BST is 10:00Z).
      const requestSeq = await r.seqOf(investigator, '2026-05-21T08:00:00Z', 'stage2.requested');
      await r.correct(investigator, '2026-05-21T09:00:00Z', requestSeq, 'The request is stamped 18 May', {
        occurredAt: '2026-05-18T11:00',
      });
      const corrected = await r.view(investigator, '2026-05-21T10:00:00Z');
      expect(corrected.deadlines.find((d) => d.id === 'stage2-response')).toMatchObject({ dueDate: '2026-06-16', status: 'open' });
      expect(corrected.stageHistory?.map((s) => [s.stage, s.enteredAt])).toEqual([
        ['stage-1', '2026-05-13T08:00:00.000Z'],
        ['stage-2', '2026-05-18T10:00:00.000Z'],
      ]);
      expect(corrected.timeline.find((e) => e.seq === requestSeq)).toMatchObject({ status: 'corrected' });

      // An investigation recorded on this case by mistake is voided, then recorded when it happened.
      await r.perform(investigator, '2026-05-22T09:00:00Z', 'stage2.investigated', '2026-05-22T09:00');
      const mistakeSeq = await r.seqOf(investigator, '2026-05-22T09:30:00Z', 'stage2.investigated');
      const decide = (seen: { actions: readonly { id: string; allowed: boolean }[] }) =>
        seen.actions.find((a) => a.id === 'stage2.decided');
      expect(decide(await r.view(investigator, '2026-05-22T09:40:00Z'))?.allowed).toBe(true);
      await r.void(investigator, '2026-05-22T10:00:00Z', mistakeSeq, 'Recorded against the wrong family');
      const voided = await r.view(investigator, '2026-05-22T10:30:00Z');
      expect(voided.timeline.find((e) => e.seq === mistakeSeq)).toMatchObject({ status: 'voided' });
      // A voided investigation counts for nothing: the decision waits for a real one.
      expect(decide(voided)?.allowed).toBe(false);
      await r.perform(investigator, '2026-06-12T09:00:00Z', 'stage2.investigated', '2026-06-08T10:00');
      await r.perform(investigator, '2026-06-12T09:05:00Z', 'stage2.decided', '2026-06-10T10:00', decision);

      // Emailed Tue 16 Jun, typed on Fri 19 Jun as Wed 17 Jun: late, until corrected.
      await r.perform(investigator, '2026-06-19T09:00:00Z', 'stage2.response-sent', '2026-06-17T16:30', response);
      expect((await r.deadline(investigator, '2026-06-19T10:00:00Z', 'stage2-response')).status).toBe('met-late');
      const letterSeq = await r.seqOf(investigator, '2026-06-19T10:30:00Z', 'stage2.response-sent');
      await r.correct(investigator, '2026-06-19T11:00:00Z', letterSeq, 'The email went on the 16th', { occurredAt: '2026-06-16T16:30' });
      expect((await r.deadline(investigator, '2026-06-19T12:00:00Z', 'stage2-response')).status).toBe('met');
    });
  });
});
