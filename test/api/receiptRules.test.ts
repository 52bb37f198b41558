/**
 * Each partnership sets when each way of sending counts as received (ADR 0016): read by its
 * staff, changed by an administrator (audited), checked whole before anything is saved, and used
 * by every deadline that runs from a receipt from the next request. A recorded actual receipt
 * still wins. Dates worked by hand in each test.
 */
import { expect, it } from 'vitest';
import { problemOf, type Session } from '../support/app.js';
import { appEachTest } from '../support/appEachTest.js';
import { onBothDatabases } from './backends.js';

const NOW = new Date('2026-11-23T10:00:00Z');

interface Rule {
  method: string;
  workingDays: number;
  source: string;
  isDefault: boolean;
}

onBothDatabases('receipt rules per partnership', (backend) => {
  const t = appEachTest(backend, { now: NOW });

  const put = (s: Session, body: unknown) =>
    t.app.inject({
      method: 'PUT',
      url: '/api/v1/partnership/receipt-rules',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
  const rules = async (s: Session) => (await s.get('/api/v1/partnership/receipt-rules')).json<Rule[]>();
  const rule = async (s: Session, method: string) => (await rules(s)).find((r) => r.method === method);

  /** Minutes posted second class on Tue 3 Nov 2026 from a Camden conference on Mon 2 Nov; the complaint deadline (camden 2.2). */
  async function camdenComplaintDue(): Promise<{ cm: Session; id: string; version: number; dueDate: string | undefined }> {
    const csm = await t.signIn('conference-service-manager@camden.demo');
    const created = await csm.post('/api/v1/conferences', {
      type: 'initial',
      heldAt: '2026-11-02T10:00',
      chairId: 'camden.conference-chair',
      minutesSent: { at: '2026-11-03T16:00', method: 'second-class-post' },
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
    const id = raised.json<{ id: string }>().id;
    const view = (await cm.get(`/api/v1/cases/${id}`)).json<{ version: number; deadlines: { id: string; dueDate: string }[] }>();
    return { cm, id, version: view.version, dueDate: view.deadlines.find((d) => d.id === 'complaint-in-writing')?.dueDate };
  }

  it('gives every method, in person and by phone included, with the defaults until the partnership sets its own', async () => {
    const cm = await t.signIn('complaints-manager@camden.demo');
    const all = await rules(cm);
    expect(all.map((r) => r.method)).toEqual([
      'email',
      'secure-portal',
      'hand',
      'first-class-post',
      'second-class-post',
      'signed-for',
      'in-person',
      'phone',
    ]);
    expect(all.every((r) => r.isDefault)).toBe(true);
    expect(all.find((r) => r.method === 'phone')?.workingDays).toBe(0);
    expect(all.find((r) => r.method === 'second-class-post')?.workingDays).toBe(4);
  });

  it("camden 2.2: a partnership's own second-class rule (2 working days) governs minutes sent from then on, and is audited", async () => {
    // Default: Wed 4, Thu 5, Fri 6, Mon 9 Nov received; 28 days on: Mon 7 Dec.
    const before = await camdenComplaintDue();
    expect(before.dueDate).toBe('2026-12-07');
    const admin = await t.signIn('administrator@camden.demo');
    const changed = await put(admin, {
      'second-class-post': { workingDays: 2, source: 'Camden: second class is treated as received on the second working day' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json<Rule[]>().find((r) => r.method === 'second-class-post')).toMatchObject({ workingDays: 2, isDefault: false });
    // Minutes recorded as sent from now: Wed 4, Thu 5 Nov received; 28 days on: Thu 3 Dec.
    const after = await camdenComplaintDue();
    expect(after.dueDate).toBe('2026-12-03');
    const view = (await after.cm.get(`/api/v1/cases/${after.id}`)).json<{ deadlines: { id: string; explanation: string }[] }>();
    expect(view.deadlines.find((d) => d.id === 'complaint-in-writing')?.explanation).toContain('Thu 5 Nov 2026');
    // Minutes already recorded keep the date they were given when they were sent.
    const earlier = (await before.cm.get(`/api/v1/cases/${before.id}`)).json<{ deadlines: { id: string; dueDate: string }[] }>();
    expect(earlier.deadlines.find((d) => d.id === 'complaint-in-writing')?.dueDate).toBe('2026-12-07');
    const auditor = await t.signIn('auditor@camden.demo');
    const entries = (await auditor.get('/api/v1/audit?limit=200')).json<{ action: string; outcome: string }[]>();
    expect(entries.filter((e) => e.action === 'receipt-rules.changed')).toEqual([expect.objectContaining({ outcome: 'ok' })]);
    // Leaving the method out puts the default back.
    expect((await put(admin, {})).statusCode).toBe(200);
    expect(await rule(admin, 'second-class-post')).toMatchObject({ workingDays: 4, isDefault: true });
  });

  it('a recorded actual receipt still wins over the partnership’s rule', async () => {
    const admin = await t.signIn('administrator@camden.demo');
    expect((await put(admin, { 'second-class-post': { workingDays: 2, source: 'Camden: two working days' } })).statusCode).toBe(200);
    const { cm, id, version, dueDate } = await camdenComplaintDue();
    expect(dueDate).toBe('2026-12-03');
    const received = await cm.post(`/api/v1/cases/${id}/actions`, {
      type: 'receipt',
      expectedVersion: version,
      milestone: 'conference.minutes-received',
      receivedOn: '2026-11-12',
    });
    expect(received.statusCode, received.body).toBe(200);
    // Received Thu 12 Nov; 28 days on: Thu 10 Dec.
    const view = (await cm.get(`/api/v1/cases/${id}`)).json<{ deadlines: { id: string; dueDate: string }[] }>();
    expect(view.deadlines.find((d) => d.id === 'complaint-in-writing')?.dueDate).toBe('2026-12-10');
  });

  it('refuses a bad rule with a 400 naming the field, and saves nothing', async () => {
    const admin = await t.signIn('administrator@camden.demo');
    const refused = await put(admin, {
      email: { workingDays: 1, source: 'Camden: the next working day' },
      'second-class-post': { workingDays: 2.5, source: 'Camden: two and a half days' },
      phone: { workingDays: 21, source: 'Camden: a month' },
    });
    expect(refused.statusCode, refused.body).toBe(400);
    expect(problemOf(refused)['invalid-params']).toEqual([
      { name: 'body.second-class-post.workingDays', reason: 'received a whole number of working days (0 to 20) after sending, not 2.5' },
      { name: 'body.phone.workingDays', reason: 'received a whole number of working days (0 to 20) after sending, not 21' },
    ]);
    expect((await rules(admin)).every((r) => r.isDefault)).toBe(true);
    const unknown = await put(admin, { 'carrier-pigeon': { workingDays: 1, source: 'x' } });
    expect(unknown.statusCode).toBe(400);
    expect(JSON.stringify(problemOf(unknown)['invalid-params'])).toContain('carrier-pigeon');
  });

  it('records a challenge made by phone, received that day, and refuses a channel it does not know', async () => {
    const csm = await t.signIn('conference-service-manager@camden.demo');
    const created = await csm.post('/api/v1/conferences', {
      type: 'initial',
      heldAt: '2026-11-02T10:00',
      chairId: 'camden.conference-chair',
    });
    expect(created.statusCode, created.body).toBe(201);
    const cm = await t.signIn('complaints-manager@camden.demo');
    const body = {
      conferenceId: created.json<{ id: string }>().id,
      track: 'family',
      complainant: { kind: 'parent' },
      aspects: ['decision'],
      receivedAt: '2026-11-20T09:00',
    };
    const unknown = await cm.post('/api/v1/cases', { ...body, receivedBy: 'carrier-pigeon' });
    expect(unknown.statusCode).toBe(400);
    expect(problemOf(unknown)['invalid-params']?.map((p) => p.name)).toEqual(['body.receivedBy']);
    const raised = await cm.post('/api/v1/cases', { ...body, receivedBy: 'phone' });
    expect(raised.statusCode, raised.body).toBe(201);
    const view = (await cm.get(`/api/v1/cases/${raised.json<{ id: string }>().id}`)).json<{
      timeline: { type: string; receivedBy?: string; receivedAt?: string }[];
    }>();
    expect(view.timeline[0]).toMatchObject({ type: 'ChallengeRaised', receivedBy: 'phone', receivedAt: '2026-11-20T09:00:00.000Z' });
  });

  it('lets only an administrator change them', async () => {
    const cm = await t.signIn('complaints-manager@camden.demo');
    expect((await put(cm, { email: { workingDays: 1, source: 'x' } })).statusCode).toBe(403);
    expect((await rule(cm, 'email'))?.isDefault).toBe(true);
  });
});
