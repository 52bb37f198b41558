/**
 * A Kent case recorded afterwards, corrected and voided through the API (ADR 0015), on both
 * databases. The demo conference was held Thu 19 Nov 2026. The Stage 1 meeting is due 18 working
 * days after it (kent 6 ¶3): 20, 23-27, 30 Nov, 1-4, 7-11, 14, 15 Dec, so Tue 15 Dec 2026. The
 * response is due 5 working days after the meeting (kent 6 ¶6): after Wed 16 Dec that is 17, 18,
 * 21, 22, 23 Dec (Wed 23 Dec 2026); after Mon 30 Nov it is 1, 2, 3, 4, 7 Dec (Mon 7 Dec 2026).
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { problemOf, type Session, type TestApp } from '../support/app.js';
import { KENT_STAGE1_MEETING, KENT_STAGE1_RESPONSE, KENT_TRIAGE } from '../support/kentJourney.js';
import { recordedAfterwards, type CaseSeen, type RecordedAfterwards } from '../support/recordedAfterwards.js';
import { appOn, onBothDatabases } from './backends.js';

/** Everything is typed in on Fri 18 Dec 2026. */
const RECORDED = new Date('2026-12-18T10:00:00Z');

onBothDatabases('corrections and voids through the API', (backend) => {
  let t: TestApp;
  let r: RecordedAfterwards;
  beforeEach(async () => {
    // The demo conference is seeded two working days before the service first starts: Thu 19 Nov.
    t = await appOn(backend(), { now: new Date('2026-11-23T10:00:00Z') });
    t.setNow(RECORDED);
    r = recordedAfterwards(t);
  }, 30_000);
  afterEach(async () => {
    await t.close();
  });

  const on = RECORDED.toISOString();
  const read = (s: Session) => r.view(s, on);
  const post = (s: Session, body: Record<string, unknown>) => r.act(s, on, body);
  const ok = (s: Session, body: Record<string, unknown>) => r.ok(s, on, body);
  const seqOf = (view: CaseSeen, action: string) => {
    const entry = view.timeline.find((e) => e.action === action);
    if (entry === undefined) throw new Error(`no ${action} in the timeline`);
    return entry.seq;
  };

  /** A Kent case typed in on 18 Dec: received 23 Nov, triaged and notified that day, the meeting mistyped as 16 Dec. */
  async function recordedLate() {
    const careManager = await t.signIn('complaints-manager@kent.demo');
    const chair = await t.signIn('conference-chair@kent.demo');
    await r.raise(careManager, on, {
      conferenceId: 'kent.conference.demo',
      track: 'family',
      complainant: { kind: 'parent' },
      aspects: ['decision'],
      receivedAt: '2026-11-23T09:00',
    });
    await r.perform(careManager, on, 'triage.decided', '2026-11-23T10:00', KENT_TRIAGE);
    await r.perform(chair, on, 'stage1.appeal-notified', '2026-11-23T11:00');
    await r.perform(chair, on, 'stage1.meeting-held', '2026-12-16T10:00', KENT_STAGE1_MEETING);
    return { careManager, chair, id: r.caseId() };
  }

  it('dates the stages by when things happened and moves deadlines with a correction, met late to met', async () => {
    const { chair } = await recordedLate();
    const before = await read(chair);
    expect(before.stageHistory?.map((s) => [s.stage, s.enteredAt])).toEqual([
      ['triage', '2026-11-23T09:00:00.000Z'],
      ['stage-1', '2026-11-23T10:00:00.000Z'],
    ]);
    expect(before.deadlines.find((d) => d.id === 'stage1-meeting')?.status).toBe('met-late');
    expect(before.deadlines.find((d) => d.id === 'stage1-response')?.dueDate).toBe('2026-12-23');

    const meeting = seqOf(before, 'stage1.meeting-held');
    await ok(chair, { type: 'correct', target: meeting, occurredAt: '2026-11-30T10:00', reason: 'Typed 16 Dec for 30 Nov' });
    const after = await read(chair);
    expect(after.deadlines.find((d) => d.id === 'stage1-meeting')?.status).toBe('met');
    expect(after.deadlines.find((d) => d.id === 'stage1-response')?.dueDate).toBe('2026-12-07');
    const entry = after.timeline.find((e) => e.seq === meeting);
    expect(entry).toMatchObject({ status: 'corrected', when: 'held Mon 30 Nov 2026, recorded Fri 18 Dec 2026' });
    expect(entry?.corrections).toEqual([
      expect.objectContaining({
        reason: 'Typed 16 Dec for 30 Nov',
        changes: [{ field: 'occurredAt', from: '2026-12-16T10:00:00.000Z', to: '2026-11-30T10:00:00.000Z' }],
      }),
    ]);
  });

  it('refuses out-of-order facts with 422 naming both, and dates before 2000 with 400 naming the field', async () => {
    const { chair } = await recordedLate();
    const early = await post(chair, {
      type: 'perform',
      action: 'stage1.response-sent',
      occurredAt: '2026-12-10T10:00',
      details: KENT_STAGE1_RESPONSE,
    });
    expect(early.statusCode).toBe(422);
    expect(problemOf(early).detail).toMatch(/dated Thu 10 Dec 2026 .*cannot come before the "[^"]+" it follows, dated Wed 16 Dec 2026/);
    const ancient = await post(chair, {
      type: 'perform',
      action: 'stage1.response-sent',
      occurredAt: '1999-12-31T10:00',
      details: KENT_STAGE1_RESPONSE,
    });
    expect(ancient.statusCode).toBe(400);
    expect(ancient.body).toContain('occurredAt');
    expect((await read(chair)).timeline.map((e) => e.action ?? e.type)).not.toContain('stage1.response-sent');
  });

  it('refuses corrections of corrections, missing targets and voids others depend on; 403 for another person\u2019s record', async () => {
    const { careManager, chair, id } = await recordedLate();
    const view = await read(chair);
    const meeting = seqOf(view, 'stage1.meeting-held');
    await ok(chair, { type: 'correct', target: meeting, occurredAt: '2026-11-30T10:00', reason: 'Wrong date' });
    const correction = (await read(chair)).version;
    const again = await post(chair, { type: 'correct', target: correction, occurredAt: '2026-11-30T11:00', reason: 'Again' });
    expect(again.statusCode).toBe(422);
    expect(problemOf(again).detail).toContain(`correct event ${String(meeting)} instead`);

    const other = recordedAfterwards(t);
    await other.raise(careManager, on, {
      conferenceId: 'kent.conference.demo',
      track: 'family',
      complainant: { kind: 'parent' },
      aspects: ['decision'],
      receivedAt: '2026-11-24T09:00',
    });
    const foreign = await other.act(careManager, on, { type: 'void', target: meeting, reason: 'Meant the other case' });
    expect(foreign.statusCode).toBe(422);
    expect(problemOf(foreign).detail).toContain(`no event ${String(meeting)}`);

    const triage = seqOf(view, 'triage.decided');
    const depended = await post(careManager, { type: 'void', target: triage, reason: 'Recorded by mistake' });
    expect(depended.statusCode).toBe(422);
    expect(problemOf(depended).detail).toContain('which would be void');

    const forbidden = await post(chair, { type: 'correct', target: triage, occurredAt: '2026-11-23T12:00', reason: 'Not mine' });
    expect(forbidden.statusCode).toBe(403);
    const auditor = await t.signIn('auditor@kent.demo');
    const entries = (await auditor.get(`/api/v1/audit?subjectId=${id}`)).json<{ action: string; outcome: string }[]>();
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'case.correct', outcome: 'ok' }),
        expect.objectContaining({ action: 'case.correct', outcome: 'denied' }),
      ]),
    );
  });

  it('gives 409 to the second of two simultaneous corrections', async () => {
    const { chair, id } = await recordedLate();
    const view = await read(chair);
    const meeting = seqOf(view, 'stage1.meeting-held');
    const body = (day: string) => ({
      type: 'correct',
      expectedVersion: view.version,
      target: meeting,
      occurredAt: day,
      reason: 'Wrong date',
    });
    const results = await Promise.all([
      chair.post(`/api/v1/cases/${id}/actions`, body('2026-11-30T10:00')),
      chair.post(`/api/v1/cases/${id}/actions`, body('2026-12-01T10:00')),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect((await read(chair)).version).toBe(view.version + 1);
  });
});
