/**
 * Raising a case against a conference whose minutes were sent, whoever raises it, and the
 * permissions the service checks itself: recording minutes, withdrawing, and which cases a panel
 * member sees in their tasks. Dates are worked by hand from the procedures' clauses.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { problemOf, testApp, type Session, type TestApp } from '../support/app.js';

const MONDAY = new Date('2026-11-23T10:00:00Z');

interface CaseView {
  version: number;
  deadlines: { id: string; status: string; dueDate: string }[];
  timeline: { type: string; by?: { role: string } }[];
}

let t: TestApp;
beforeEach(async () => {
  t = await testApp({ now: MONDAY });
}, 30_000);
afterEach(async () => {
  await t.close();
});

const recordConference = async (partnership: string, minutesSent: { at: string; method: string }) => {
  const csm = await t.signIn(`conference-service-manager@${partnership}.demo`);
  const created = await csm.post('/api/v1/conferences', {
    type: 'initial',
    heldAt: '2026-11-19T10:00',
    chairId: `${partnership}.conference-chair`,
    minutesSent,
  });
  expect(created.statusCode, created.body).toBe(201);
  return created.json<{ id: string }>().id;
};

const raise = (s: Session, conferenceId: string) =>
  s.post('/api/v1/cases', {
    conferenceId,
    track: 'family',
    complainant: { kind: 'parent' },
    aspects: ['decision'],
    receivedAt: '2026-11-23T09:00',
  });

describe('a case raised against a conference whose minutes were sent', () => {
  it('kent 5 ¶6: a senior safeguarding manager raising it records the minutes too, so their deadline is met', async () => {
    const conferenceId = await recordConference('kent', { at: '2026-11-20T16:00', method: 'email' });
    const ssm = await t.signIn('senior-safeguarding-manager@kent.demo');
    const raised = await raise(ssm, conferenceId);
    expect(raised.statusCode, raised.body).toBe(201);
    const view = (await ssm.get(`/api/v1/cases/${raised.json<{ id: string }>().id}`)).json<CaseView>();
    expect(view.timeline.map((e) => e.type)).toContain('ConferenceMinutesSent');
    // Received Mon 23 Nov; 3 working days: Tue 24, Wed 25, Thu 26 Nov.
    expect(view.deadlines.find((d) => d.id === 'minutes-sent')).toMatchObject({ dueDate: '2026-11-26', status: 'met' });
  });

  it('camden 2.2: the 28 days to write run from the minutes posted with the conference, whoever raises the case', async () => {
    // Posted first class on Fri 20 Nov: deemed received two working days later, Tue 24 Nov; 28 days on: Tue 22 Dec.
    const conferenceId = await recordConference('camden', { at: '2026-11-20T16:00', method: 'first-class-post' });
    const ssm = await t.signIn('senior-safeguarding-manager@camden.demo');
    const raised = await raise(ssm, conferenceId);
    expect(raised.statusCode, raised.body).toBe(201);
    const view = (await ssm.get(`/api/v1/cases/${raised.json<{ id: string }>().id}`)).json<CaseView>();
    expect(view.deadlines.find((d) => d.id === 'complaint-in-writing')?.dueDate).toBe('2026-12-22');
  });

  it('refuses minutes sent after now when the conference is recorded, naming the field (ADR 0014)', async () => {
    const csm = await t.signIn('conference-service-manager@kent.demo');
    const refused = await csm.post('/api/v1/conferences', {
      type: 'initial',
      heldAt: '2026-11-19T10:00',
      chairId: 'kent.conference-chair',
      minutesSent: { at: '2026-11-24T12:00', method: 'email' },
    });
    expect(refused.statusCode).toBe(400);
    expect(problemOf(refused)['invalid-params']?.map((p) => p.name)).toEqual(['body.minutesSent.at']);
  });

  it('refuses the raise, saying why, when the minutes cannot be recorded (sent after now), rather than dropping them', async () => {
    // A conference recorded before minutes in the future were refused at recording (here: by a
    // clock ahead of this one) still cannot start a case with its minutes silently dropped.
    t.setNow(new Date('2026-11-25T10:00:00Z'));
    const conferenceId = await recordConference('kent', { at: '2026-11-24T12:00', method: 'email' });
    t.setNow(MONDAY);
    const cm = await t.signIn('complaints-manager@kent.demo');
    const refused = await raise(cm, conferenceId);
    expect(refused.statusCode).toBe(422);
    expect(problemOf(refused).detail).toBe('The minutes cannot be sent in the future');
    expect((await cm.get('/api/v1/cases')).json()).toMatchObject({ cases: [], total: 0 });
  });
});

describe('permissions the service checks', () => {
  const raiseDemo = async () => {
    const cm = await t.signIn('complaints-manager@kent.demo');
    const raised = await raise(cm, 'kent.conference.demo');
    const id = raised.json<{ id: string }>().id;
    return { cm, id, version: (await cm.get(`/api/v1/cases/${id}`)).json<CaseView>().version };
  };

  it('records minutes sent only with the conference-recording permission, and says so when refused', async () => {
    const { cm, id, version } = await raiseDemo();
    const ssm = await t.signIn('senior-safeguarding-manager@kent.demo');
    const minutes = { type: 'minutes-sent', expectedVersion: version, sentAt: '2026-11-23T09:30', method: 'email' };
    const refused = await ssm.post(`/api/v1/cases/${id}/actions`, minutes);
    expect(refused.statusCode).toBe(403);
    expect(problemOf(refused).detail).toBe('Only conference service staff may record when the minutes were sent');
    expect((await cm.post(`/api/v1/cases/${id}/actions`, minutes)).statusCode).toBe(200);
  });

  it('lets a panel member act on a case they sit on, but not withdraw it', async () => {
    const { cm, id, version } = await raiseDemo();
    await t.database.db.insertInto('case_access').values({ case_id: id, user_id: 'kent.panel-member', reason: 'panel-member' }).execute();
    const panelMember = await t.signIn('panel-member@kent.demo');
    const withdraw = { type: 'withdraw', expectedVersion: version, reason: 'The parent asked to withdraw' };
    const refused = await panelMember.post(`/api/v1/cases/${id}/actions`, withdraw);
    expect(refused.statusCode).toBe(403);
    expect(problemOf(refused).detail).toBe('Only the complainant, or staff recording their wish, may withdraw a challenge');
    expect((await cm.post(`/api/v1/cases/${id}/actions`, withdraw)).statusCode).toBe(200);
  });
});

describe('the cases a panel member may see', () => {
  it('lists in their tasks only the tasks of cases of panels they sit on', async () => {
    const cm = await t.signIn('complaints-manager@kent.demo');
    const id = (await raise(cm, 'kent.conference.demo')).json<{ id: string }>().id;
    // A task the read model owes panel members on this case, as it would record it at the panel stage.
    await t.database.db
      .insertInto('tasks')
      .values({
        case_id: id,
        action_id: 'panel-decision',
        role: 'panel-member',
        partnership_id: 'kent',
        label: 'Decide',
        clause: 'kent 9',
        due_instant: '2026-12-01T17:00:00.000Z',
      })
      .execute();
    const panelMember = await t.signIn('panel-member@kent.demo');
    expect((await panelMember.get('/api/v1/tasks')).json()).toEqual([]);
    await t.database.db.insertInto('case_access').values({ case_id: id, user_id: 'kent.panel-member', reason: 'panel-member' }).execute();
    expect((await panelMember.get('/api/v1/tasks')).json()).toEqual([
      { caseId: id, action: 'panel-decision', label: 'Decide', clause: 'kent 9', due: '2026-12-01T17:00:00.000Z' },
    ]);
  });
});

describe('errors that reach the caller', () => {
  it('answers a damaged password hash as a failure, not as a wrong password', async () => {
    await t.database.db.updateTable('users').set({ password_hash: 'not-an-argon2-hash' }).where('id', '=', 'kent.auditor').execute();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: 'auditor@kent.demo', password: 'demo-password-for-tests' },
    });
    expect(response.statusCode).toBe(500);
    expect(problemOf(response).title).toBe('Something went wrong');
  });
});
