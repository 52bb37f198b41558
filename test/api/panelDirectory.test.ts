/**
 * Panel members are people in the partnership's directory (issue 10 point 8, ADR 0014): their
 * agency, seniority and partnership membership are read from it, a request that contradicts it is
 * refused naming the member, and line management counts from the directory's own history as at
 * the day the panel sits. Through the API on both databases, on a Kent case taken to its Review
 * Panel (kent 9).
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { problemOf, type Session, type TestApp } from '../support/app.js';
import { appOn, onBothDatabases } from './backends.js';
import { walkKentToReviewPanel } from '../support/kentJourney.js';

const LAST_YEAR = new Date('2025-11-20T10:00:00Z');
const MONDAY = new Date('2026-11-23T10:00:00Z');

interface Member {
  personId: string;
  role: string;
  agency?: string;
  senior?: boolean;
  partnershipAgency?: boolean;
}

onBothDatabases('panels from the directory', (backend) => {
  let t: TestApp;
  let caseId: string;
  let chairsManager: Session;
  let formerId: string;
  beforeEach(async () => {
    t = await appOn(backend(), { now: MONDAY });
    const admin = await t.signIn('administrator@kent.demo');
    t.setNow(LAST_YEAR);
    const account = async (email: string, name: string, extra: Record<string, unknown>) => {
      const created = await admin.post('/api/v1/partnership/staff', {
        email,
        name,
        role: 'panel-member',
        password: 'a-long-enough-password',
        agency: 'local-authority-childrens-services',
        ...extra,
      });
      expect(created.statusCode, created.body).toBe(201);
      return created.json<{ id: string }>().id;
    };
    // A year ago the social worker was line-managed by Fay Former; since then by the service manager.
    formerId = await account('fay.former@kent.example', 'Fay Former', { senior: true });
    const socialWorker = await account('sam.social@kent.example', 'Sam Social', { lineManagerId: formerId });
    t.setNow(MONDAY);
    const changed = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/partnership/staff/${socialWorker}`,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' },
      payload: JSON.stringify({ lineManagerId: 'kent.conference-service-manager' }),
    });
    expect(changed.statusCode, changed.body).toBe(200);

    const cm = await t.signIn('complaints-manager@kent.demo');
    const chair = await t.signIn('conference-chair@kent.demo');
    chairsManager = await t.signIn('conference-service-manager@kent.demo');
    const aad = await t.signIn('senior-safeguarding-manager@kent.demo');
    const raised = await cm.post('/api/v1/cases', {
      conferenceId: 'kent.conference.demo',
      track: 'family',
      complainant: { kind: 'parent' },
      aspects: ['decision'],
      receivedAt: '2026-11-23T09:00',
      caseWorkerIds: [socialWorker],
    });
    expect(raised.statusCode, raised.body).toBe(201);
    caseId = raised.json<{ id: string }>().id;
    const ok = async (s: Session, now: string, body: Record<string, unknown>) => {
      const response = await perform(s, now, body);
      expect(response.statusCode, response.body).toBe(200);
    };
    await walkKentToReviewPanel(ok, { careManager: cm, chair, chairsManager, assistantAreaDirector: aad });
  }, 60_000);
  afterEach(async () => {
    await t.close();
  });

  const perform = async (s: Session, now: string, body: Record<string, unknown>) => {
    t.setNow(new Date(now));
    const { version } = (await s.get(`/api/v1/cases/${caseId}`)).json<{ version: number }>();
    return s.post(`/api/v1/cases/${caseId}/actions`, { type: 'perform', expectedVersion: version, ...body });
  };
  const convene = (members: Member[]) =>
    perform(chairsManager, '2026-12-10T10:00:00Z', { action: 'stage4.panel-convened', details: { kind: 'panel', members } });
  const health: Member = { personId: 'kent.panel-member-health', role: 'member' };
  const police: Member = { personId: 'kent.panel-member-police', role: 'member' };
  const chair: Member = { personId: 'kent.panel-member', role: 'chair' };

  it('refuses a member from education declared as police, naming the member and what the directory says', async () => {
    const refused = await convene([chair, health, { personId: 'kent.panel-member-education', role: 'member', agency: 'police' }]);
    expect(refused.statusCode).toBe(400);
    expect(problemOf(refused)['invalid-params']).toEqual([
      {
        name: 'body.details.members.2.agency',
        reason: 'the directory records Demo panel member, education (kent) (kent.panel-member-education) as from education, not the police',
      },
    ]);
  });

  it('refuses someone the directory does not know, and a member declared senior whom it does not record as senior', async () => {
    const refused = await convene([
      chair,
      health,
      police,
      { personId: 'kent.nobody', role: 'member' },
      { personId: 'kent.minute-taker', role: 'member', senior: true },
    ]);
    expect(refused.statusCode).toBe(400);
    expect(problemOf(refused)['invalid-params']).toEqual([
      { name: 'body.details.members.3.personId', reason: "no one in this partnership's directory has the id kent.nobody" },
      {
        name: 'body.details.members.4.senior',
        reason: 'the directory does not record Demo Minute taker (kent) (kent.minute-taker) as a senior manager',
      },
    ]);
  });

  it('kent 9 ¶3: refuses someone who line-managed the social worker last year, though they manage them no longer', async () => {
    const refused = await convene([{ personId: formerId, role: 'chair' }, health, police]);
    expect(refused.statusCode, refused.body).toBe(422);
    expect(problemOf(refused).problems).toEqual(
      expect.arrayContaining([
        {
          message: 'Fay Former has present or previous direct line management responsibility for the case',
          clause: 'kent 9 ¶3',
          personId: formerId,
        },
      ]),
    );
  });

  it('reads seniority an administrator records, from the next panel', async () => {
    const coordinator: Member = { personId: 'kent.panel-coordinator', role: 'member', senior: true };
    expect(problemOf(await convene([chair, health, police, coordinator]))['invalid-params']?.map((p) => p.name)).toEqual([
      'body.details.members.3.senior',
    ]);
    const admin = await t.signIn('administrator@kent.demo');
    const recorded = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/partnership/staff/kent.panel-coordinator',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' },
      payload: JSON.stringify({ senior: true }),
    });
    expect(recorded.json()).toMatchObject({ senior: true, partnershipAgency: true });
    const convened = await convene([chair, health, police, coordinator]);
    expect(convened.statusCode, convened.body).toBe(200);
  });

  it('seats a panel the directory agrees with, recording the members as the directory has them', async () => {
    const convened = await convene([chair, { ...health, agency: 'health', senior: true, partnershipAgency: true }, police]);
    expect(convened.statusCode, convened.body).toBe(200);
    const timeline = (await chairsManager.get(`/api/v1/cases/${caseId}`)).json<{
      timeline: { type: string; details?: { members?: unknown[] } }[];
    }>().timeline;
    const members = timeline.find((e) => e.type === 'ActionPerformed' && e.details?.members !== undefined)?.details?.members;
    expect(members).toEqual(
      expect.arrayContaining([
        {
          personId: 'kent.panel-member-police',
          name: 'Demo panel member, police (kent)',
          agency: 'police',
          partnershipAgency: true,
          senior: true,
          role: 'member',
        },
      ]),
    );
  });
});
