/**
 * A Camden case at its Stage 1 response letter, through the API, for the letters' tests: a parent's
 * challenge to the demo conference (Thu 19 Nov 2026) received Mon 23 Nov, the complaint shared with
 * the chair that day and the chair's meeting with the parent on Wed 25 Nov (camden 3.5). The app's
 * clock is left at Thu 26 Nov 2026 10:00. The challenge is to the decision and how the conference
 * was run unless `aspects` says otherwise.
 */
import { expect } from 'vitest';
import type { Session, TestApp } from './app.js';

export async function camdenAtStage1Letter(
  t: TestApp,
  aspects: readonly string[] = ['decision', 'process'],
): Promise<{ cm: Session; chair: Session; id: string }> {
  const cm = await t.signIn('complaints-manager@camden.demo');
  const chair = await t.signIn('conference-chair@camden.demo');
  const raised = await cm.post('/api/v1/cases', {
    conferenceId: 'camden.conference.demo',
    track: 'family',
    complainant: { kind: 'parent' },
    aspects,
    receivedAt: '2026-11-23T09:00',
  });
  expect(raised.statusCode, raised.body).toBe(201);
  const { id } = raised.json<{ id: string }>();
  const perform = async (at: string, body: Record<string, unknown>) => {
    t.setNow(new Date(at));
    const { version } = (await chair.get(`/api/v1/cases/${id}`)).json<{ version: number }>();
    const response = await chair.post(`/api/v1/cases/${id}/actions`, { type: 'perform', expectedVersion: version, ...body });
    expect(response.statusCode, response.body).toBe(200);
  };
  await perform('2026-11-23T11:00:00Z', { action: 'stage1.complaint-shared' });
  await perform('2026-11-25T15:00:00Z', { action: 'stage1.meeting-held', details: { kind: 'meeting' } });
  t.setNow(new Date('2026-11-26T10:00:00Z'));
  return { cm, chair, id };
}

/** A second Camden conference chair, Sam Chair (camden.other-chair), who did not chair the demo conference: the procedure refuses them its chair's steps. */
export async function addOtherCamdenChair(t: TestApp, at: Date): Promise<void> {
  await t.services.staff.add(
    {
      id: 'camden.other-chair',
      partnershipId: 'camden',
      email: 'other-chair@camden.example',
      name: 'Sam Chair',
      role: 'conference-chair',
      password: 'a long enough passphrase for tests',
      agency: 'local-authority-childrens-services',
    },
    at,
  );
}
