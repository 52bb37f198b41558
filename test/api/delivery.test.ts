/**
 * How the conference minutes travelled decides when they count as received, and so when the
 * complainant's time to write runs out (camden 2.2: 28 days from receiving the minutes). A recorded
 * actual receipt always wins over the deemed one. Dates worked by hand in each test.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type Session, type TestApp } from '../support/app.js';

const NOW = new Date('2026-11-23T10:00:00Z');

describe('delivery methods', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp({ now: NOW });
  }, 30_000);
  afterEach(async () => {
    await t.close();
  });

  async function camdenCase(method: string): Promise<{ cm: Session; id: string }> {
    const csm = await t.signIn('conference-service-manager@camden.demo');
    const created = await csm.post('/api/v1/conferences', {
      type: 'initial',
      heldAt: '2026-11-02T10:00',
      chairId: 'camden.conference-chair',
      minutesSent: { at: '2026-11-03T16:00', method },
    });
    expect(created.statusCode, created.body).toBe(201);
    const cm = await t.signIn('complaints-manager@camden.demo');
    const raised = await cm.post('/api/v1/cases', {
      conferenceId: created.json<{ id: string }>().id,
      track: 'family',
      complainant: { kind: 'parent' },
      aspects: ['decision'],
      receivedAt: '2026-11-20T09:00',
    });
    expect(raised.statusCode, raised.body).toBe(201);
    return { cm, id: raised.json<{ id: string }>().id };
  }

  const complaintDeadline = async (cm: Session, id: string) => {
    const view = (await cm.get(`/api/v1/cases/${id}`)).json<{
      version: number;
      deadlines: { id: string; dueDate: string; explanation: string }[];
    }>();
    return { version: view.version, deadline: view.deadlines.find((d) => d.id === 'complaint-in-writing') };
  };

  it('camden 2.2: minutes posted second class on Tue 3 Nov count as received on the fourth working day, Mon 9 Nov, so the complaint is due Mon 7 Dec', async () => {
    // Wed 4, Thu 5, Fri 6, Mon 9 November; then 28 days: Mon 7 December.
    const { cm, id } = await camdenCase('second-class-post');
    const { deadline } = await complaintDeadline(cm, id);
    expect(deadline?.dueDate).toBe('2026-12-07');
    expect(deadline?.explanation).toContain('Mon 9 Nov 2026');
  });

  it('camden 2.2: minutes sent through the secure portal count as received that day, Tue 3 Nov, so the complaint is due Tue 1 Dec', async () => {
    const { cm, id } = await camdenCase('secure-portal');
    expect((await complaintDeadline(cm, id)).deadline?.dueDate).toBe('2026-12-01');
  });

  it('camden 2.2: minutes sent signed for count as first class until signed for; the recorded signature date (Thu 12 Nov) then wins: due Thu 10 Dec', async () => {
    // First class: Wed 4, Thu 5 November, so 28 days on: Thu 3 December.
    const { cm, id } = await camdenCase('signed-for');
    const before = await complaintDeadline(cm, id);
    expect(before.deadline?.dueDate).toBe('2026-12-03');
    const signed = await cm.post(`/api/v1/cases/${id}/actions`, {
      type: 'receipt',
      expectedVersion: before.version,
      milestone: 'conference.minutes-received',
      receivedOn: '2026-11-12',
    });
    expect(signed.statusCode, signed.body).toBe(200);
    expect((await complaintDeadline(cm, id)).deadline?.dueDate).toBe('2026-12-10');
  });

  it('refuses a method it does not know, naming the field', async () => {
    const csm = await t.signIn('conference-service-manager@camden.demo');
    const refused = await csm.post('/api/v1/conferences', {
      type: 'initial',
      heldAt: '2026-11-02T10:00',
      chairId: 'camden.conference-chair',
      minutesSent: { at: '2026-11-03T16:00', method: 'carrier-pigeon' },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('body.minutesSent.method');
  });
});
