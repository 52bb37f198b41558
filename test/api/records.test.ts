/**
 * The records around a case, through the API on both databases: conferences (one at a time and
 * from CSV), people, documents with their checksum and size limit, API tokens scoped to a
 * partnership, closure days, and panels kept independent of the case's line management.
 */
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { problemOf, type Session } from '../support/app.js';
import { appEachTest } from '../support/appEachTest.js';
import { onBothDatabases } from './backends.js';
import { walkKentToReviewPanel } from '../support/kentJourney.js';

const MONDAY = new Date('2026-11-23T10:00:00Z');

onBothDatabases('records', (backend) => {
  const t = appEachTest(backend, { now: MONDAY, maxDocumentBytes: 64 * 1024 });

  const raise = async (s: Session, extra: Record<string, unknown> = {}) => {
    const response = await s.post('/api/v1/cases', {
      conferenceId: 'kent.conference.demo',
      track: 'family',
      complainant: { kind: 'parent' },
      aspects: ['decision'],
      receivedAt: '2026-11-23T09:00',
      ...extra,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string }>().id;
  };

  it('records a conference with its chair, invitees, attendees, decision and category', async () => {
    const csm = await t.signIn('conference-service-manager@kent.demo');
    const created = await csm.post('/api/v1/conferences', {
      externalRef: 'LCS-1001',
      type: 'review',
      heldAt: '2026-11-18T14:30',
      chairId: 'kent.conference-chair',
      decision: 'plan-continues',
      category: 'emotional-abuse',
      minutesSent: { at: '2026-11-20T12:00', method: 'email' },
      participants: [
        { personId: 'kent.person.police-officer', invited: true, attended: true },
        { personId: 'kent.person.teacher', invited: true, attended: false },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const conference = created.json<{
      id: string;
      heldAt: string;
      participants: { personId: string; attended: boolean }[];
      minutesSent: unknown;
    }>();
    expect(conference.heldAt).toBe('2026-11-18T14:30:00.000Z');
    expect(conference.minutesSent).toEqual({ at: '2026-11-20T12:00:00.000Z', method: 'email' });
    expect(conference.participants.map((p) => [p.personId, p.attended])).toEqual([
      ['kent.person.teacher', false],
      ['kent.person.police-officer', true],
    ]);
    const again = await csm.post('/api/v1/conferences', {
      externalRef: 'LCS-1001',
      type: 'initial',
      heldAt: '2026-11-18T14:30',
      chairId: 'kent.conference-service-manager',
      participants: [{ personId: 'nobody', attended: true }],
    });
    expect(problemOf(again)['invalid-params']).toEqual([
      { name: 'body.chairId', reason: 'must be a conference chair' },
      { name: 'body.participants.0.personId', reason: 'no person in this partnership has that id' },
      { name: 'body.externalRef', reason: 'a conference with this reference has already been recorded' },
    ]);
  });

  it('kent 5 ¶6: minutes recorded as sent with the conference count towards the case raised against it', async () => {
    const csm = await t.signIn('conference-service-manager@kent.demo');
    const conference = (
      await csm.post('/api/v1/conferences', {
        type: 'initial',
        heldAt: '2026-11-19T10:00',
        chairId: 'kent.conference-chair',
        minutesSent: { at: '2026-11-20T16:00', method: 'email' },
      })
    ).json<{ id: string }>();
    const cm = await t.signIn('complaints-manager@kent.demo');
    const id = await raise(cm, { conferenceId: conference.id });
    const view = (await cm.get(`/api/v1/cases/${id}`)).json<{
      deadlines: { id: string; status: string }[];
      timeline: { type: string }[];
    }>();
    expect(view.timeline.map((e) => e.type)).toContain('ConferenceMinutesSent');
    expect(view.deadlines.find((d) => d.id === 'minutes-sent')?.status).toBe('met');
  });

  it('imports conferences from CSV all or nothing, naming each bad row and column', async () => {
    const csm = await t.signIn('conference-service-manager@kent.demo');
    const header = 'external_ref,type,held_at,chair_id,decision,category,minutes_sent_at,invitees,attendees';
    const good = `${header}\nLCS-1,initial,2026-11-16T10:00,kent.conference-chair,child-protection-plan,neglect,2026-11-17T09:00,kent.person.teacher;kent.person.police-officer,kent.person.police-officer\nLCS-2,review,2026-11-17T13:00,kent.conference-chair,plan-ends,,,,\n`;
    const bad = `${header}\nLCS-3,initial,2026-02-30T10:00,kent.conference-chair,,,,,\nLCS-4,tea-party,2026-11-17T13:00,someone-else,,,,,\n`;
    const refused = await csm.post('/api/v1/conferences/import', bad, { 'content-type': 'text/csv' });
    expect(refused.statusCode).toBe(400);
    expect(problemOf(refused)['invalid-params']?.map((p) => p.name)).toEqual(['row 2: held_at', 'row 3: type']);
    const unknownChair = await csm.post('/api/v1/conferences/import', `${header}\nLCS-5,initial,2026-11-16T10:00,someone-else,,,,,\n`, {
      'content-type': 'text/csv',
    });
    expect(problemOf(unknownChair)['invalid-params']).toEqual([
      { name: 'row 2: chair_id', reason: 'no member of staff in this partnership has that id' },
    ]);
    expect(
      problemOf(await csm.post('/api/v1/conferences/import', 'colour,type\nblue,initial\n', { 'content-type': 'text/csv' }))[
        'invalid-params'
      ]?.map((p) => p.name),
    ).toEqual(['body.columns.colour', 'body.columns.held_at', 'body.columns.chair_id']);
    expect(problemOf(await csm.post('/api/v1/conferences/import', 'a,b\n"unclosed,1\n', { 'content-type': 'text/csv' })).status).toBe(400);
    const imported = await csm.post('/api/v1/conferences/import', good, { 'content-type': 'text/csv' });
    expect(imported.statusCode, imported.body).toBe(201);
    const { ids } = imported.json<{ imported: number; ids: string[] }>();
    expect(ids).toHaveLength(2);
    const first = (await csm.get(`/api/v1/conferences/${ids[0] ?? ''}`)).json<{
      participants: { personId: string; invited: boolean; attended: boolean }[];
    }>();
    expect(first.participants).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ personId: 'kent.person.police-officer', invited: true, attended: true }),
        expect.objectContaining({ personId: 'kent.person.teacher', invited: true, attended: false }),
      ]),
    );
    // Importing the same file again adds nothing: the references are already recorded, and left as they are.
    const again = await csm.post('/api/v1/conferences/import', good, { 'content-type': 'text/csv' });
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual({ imported: 0, ids: [], alreadyRecorded: ['LCS-1', 'LCS-2'] });
    expect((await csm.get('/api/v1/conferences')).json<unknown[]>()).toHaveLength(3);
  });

  it('stores a document with its checksum, serves it back audited, and refuses one over the limit clearly', async () => {
    const cm = await t.signIn('complaints-manager@kent.demo');
    const id = await raise(cm);
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 7)]);
    const stored = await cm.post(`/api/v1/documents?caseId=${id}&type=correspondence&filename=letter%20from%20parent.pdf`, pdf, {
      'content-type': 'application/pdf',
    });
    expect(stored.statusCode, stored.body).toBe(201);
    const { id: documentId, sha256 } = stored.json<{ id: string; sha256: string }>();
    expect(sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    const download = await cm.get(`/api/v1/documents/${documentId}/content`);
    expect(download.rawPayload.equals(pdf)).toBe(true);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['repr-digest']).toBe(`sha-256=:${createHash('sha256').update(pdf).digest('base64')}:`);
    expect((await cm.get(`/api/v1/cases/${id}/documents`)).json()).toEqual([
      expect.objectContaining({ id: documentId, type: 'correspondence', sizeBytes: pdf.length }),
    ]);

    const tooBig = await cm.post(`/api/v1/documents?caseId=${id}&type=report&filename=big.pdf`, Buffer.alloc(65 * 1024, 1), {
      'content-type': 'application/pdf',
    });
    expect(tooBig.statusCode).toBe(413);
    expect(problemOf(tooBig)).toMatchObject({ title: 'The document is too large', detail: 'A document may be at most 64 KB' });
    const exe = await cm.post(`/api/v1/documents?caseId=${id}&type=report&filename=x.exe`, Buffer.from('MZ'), {
      'content-type': 'application/x-msdownload',
    });
    expect(exe.statusCode).toBe(415);
    expect((await cm.get(`/api/v1/cases/${id}/documents`)).json<unknown[]>()).toHaveLength(1);

    const auditor = await t.signIn('auditor@kent.demo');
    const trail = (await auditor.get(`/api/v1/audit?subjectId=${documentId}`)).json<{ action: string; actor: { id: string } }[]>();
    expect(trail.map((e) => e.action)).toContain('document.read');
    // Another partnership cannot read it.
    expect((await (await t.signIn('complaints-manager@camden.demo')).get(`/api/v1/documents/${documentId}`)).statusCode).toBe(404);
  });

  it('lets an integration post conferences with a token scoped to its partnership, until revoked', async () => {
    // A role that reads case content: a senior safeguarding manager creates it (ADR 0019); an administrator revokes it.
    const admin = await t.signIn('administrator@kent.demo');
    const ssm = await t.signIn('senior-safeguarding-manager@kent.demo');
    const created = await ssm.post('/api/v1/api-tokens', { name: 'Social care system', role: 'conference-service-manager' });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json<{ id: string; token: string }>();
    const bearer = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const posted = await t.app.inject({
      method: 'POST',
      url: '/api/v1/conferences',
      headers: bearer,
      payload: { type: 'initial', heldAt: '2026-11-20T10:00', chairId: 'kent.conference-chair' },
    });
    expect(posted.statusCode, posted.body).toBe(201);
    // Scoped: Camden's conference is not there for it, and its role may not read cases' audit trail.
    expect((await t.app.inject({ url: '/api/v1/conferences/camden.conference.demo', headers: bearer })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/api/v1/audit', headers: bearer })).statusCode).toBe(403);
    expect((await admin.get('/api/v1/api-tokens')).json()).toEqual([
      expect.objectContaining({ id, name: 'Social care system', revokedAt: null }),
    ]);
    expect(JSON.stringify((await admin.get('/api/v1/api-tokens')).json())).not.toContain(token.split('.')[1] ?? 'x');
    expect((await admin.delete(`/api/v1/api-tokens/${id}`)).statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/v1/conferences', headers: bearer })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/v1/conferences', headers: { authorization: 'Bearer cc_nonsense' } })).statusCode).toBe(401);
  });

  it("counts a partnership's closure days out of its working-day limits", async () => {
    const cm = await t.signIn('complaints-manager@kent.demo');
    const before = (await cm.get(`/api/v1/cases/${await raise(cm)}`)).json<{ deadlines: { id: string; dueDate: string }[] }>();
    const due = before.deadlines.find((d) => d.id === 'representation-in-writing')?.dueDate;
    const admin = await t.signIn('administrator@kent.demo');
    expect((await admin.post('/api/v1/partnership/closure-days', { date: '2026-11-24', reason: 'Office move' })).statusCode).toBe(201);
    expect((await admin.post('/api/v1/partnership/closure-days', { date: '2026-11-31', reason: 'x' })).statusCode).toBe(400);
    const after = (await cm.get(`/api/v1/cases/${await raise(cm)}`)).json<{
      deadlines: { id: string; dueDate: string; explanation: string }[];
    }>();
    const moved = after.deadlines.find((d) => d.id === 'representation-in-writing');
    // 10 working days from Thu 19 Nov 2026 is Thu 3 Dec; with Tue 24 Nov closed it is Fri 4 Dec.
    expect(due).toBe('2026-12-03');
    expect(moved?.dueDate).toBe('2026-12-04');
    expect(moved?.explanation).toContain('skipping 24 November (partnership closure day)');
  });

  it('kent 9 ¶3: keeps anyone who line-manages the case off its panel, and opens the case to those who sit', async () => {
    const cm = await t.signIn('complaints-manager@kent.demo');
    const chair = await t.signIn('conference-chair@kent.demo');
    const chairsManager = await t.signIn('conference-service-manager@kent.demo');
    const aad = await t.signIn('senior-safeguarding-manager@kent.demo');
    // The minute-taker worked the case; the service manager line-manages them.
    const id = await raise(cm, { caseWorkerIds: ['kent.minute-taker'] });
    const step = async (s: Session, now: string, body: Record<string, unknown>) => {
      t.setNow(new Date(now));
      const { version } = (await s.get(`/api/v1/cases/${id}`)).json<{ version: number }>();
      const response = await s.post(`/api/v1/cases/${id}/actions`, { type: 'perform', expectedVersion: version, ...body });
      return response;
    };
    const ok = async (s: Session, now: string, body: Record<string, unknown>) => {
      const response = await step(s, now, body);
      expect(response.statusCode, response.body).toBe(200);
    };
    await walkKentToReviewPanel(ok, { careManager: cm, chair, chairsManager, assistantAreaDirector: aad });

    const member = (personId: string, agency: string, role = 'member') => ({
      personId,
      agency,
      partnershipAgency: true,
      senior: true,
      role,
    });
    const health = member('kent.panel-member-health', 'health');
    const police = member('kent.panel-member-police', 'police');
    const refused = await step(chairsManager, '2026-12-10T10:00:00Z', {
      action: 'stage4.panel-convened',
      details: {
        kind: 'panel',
        members: [member('kent.conference-service-manager', 'local-authority-childrens-services', 'chair'), health, police],
      },
    });
    expect(refused.statusCode).toBe(422);
    expect(problemOf(refused).problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ clause: 'kent 9 ¶3', message: expect.stringContaining('line management') as unknown }),
      ]),
    );

    const panelMember = await t.signIn('panel-member-health@kent.demo');
    expect((await panelMember.get(`/api/v1/cases/${id}`)).statusCode).toBe(404);
    await ok(chairsManager, '2026-12-10T10:00:00Z', {
      action: 'stage4.panel-convened',
      details: { kind: 'panel', members: [member('kent.panel-member', 'local-authority-childrens-services', 'chair'), health, police] },
    });
    expect((await panelMember.get(`/api/v1/cases/${id}`)).statusCode).toBe(200);
    expect((await panelMember.get('/api/v1/cases')).json<{ cases: { id: string }[] }>().cases.map((c) => c.id)).toEqual([id]);
  });
});
