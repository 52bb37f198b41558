/**
 * Recording a step for the colleague who took it, through the pages as a browser without
 * JavaScript uses them (ADR 0030): My work lists what is due from colleagues; the case page says
 * who each such step is due from and offers to record it for them; the form asks who took it,
 * keeps everything typed on an error, and the timeline says who recorded it for whom.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { signedInBrowser, type Browser, type Page } from '../support/pages.js';

const SCRIPT = '<script>alert("x")</script>';

describe('the complaints manager records the Camden chair’s steps for them', () => {
  let t: TestApp;
  let manager: Browser;
  let caseUrl: string;
  beforeAll(async () => {
    t = await testApp({ now: new Date('2026-11-23T10:00:00Z') });
    const api = await t.signIn('complaints-manager@camden.demo');
    const raised = await api.post('/api/v1/cases', {
      conferenceId: 'camden.conference.demo',
      track: 'family',
      subject: 'conference',
      complainant: { kind: 'parent' },
      aspects: ['decision'],
      receivedAt: '2026-11-23T09:00',
    });
    expect(raised.statusCode, raised.body).toBe(201);
    caseUrl = `/cases/${raised.json<{ id: string }>().id}`;
    manager = await signedInBrowser(t, 'complaints-manager@camden.demo');
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  const section = (page: Page, test: string) => page.root.querySelector(`[data-test="${test}"]`)?.text.replace(/\s+/g, ' ') ?? '';

  it('shows on My work what is due from colleagues, with whom it is due from', async () => {
    const audited = () =>
      t.database.db
        .selectFrom('audit_log')
        .select(['action'])
        .where('actor_id', '=', 'camden.complaints-manager')
        .where('action', 'like', 'work.%')
        .orderBy('chain_seq')
        .execute();
    const before = (await audited()).length;
    const home = await manager.get('/');
    expect(home.status).toBe(200);
    // Both lists are read (together, ADR 0036), and each read is audited.
    expect(
      (await audited())
        .slice(before)
        .map((entry) => entry.action)
        .sort(),
    ).toEqual(['work.list', 'work.list-colleagues']);
    const colleagues = section(home, 'colleagues-work');
    expect(colleagues).toContain('Meet the complainant');
    expect(colleagues).toContain('Demo Conference chair (camden) (Conference chair)');
    // The chair, who may not record for others, has no such section.
    const chair = await signedInBrowser(t, 'conference-chair@camden.demo');
    expect(section(await chair.get('/'), 'colleagues-work')).toBe('');
    expect(section(await chair.get(caseUrl), 'recordable-actions')).toBe('');
  });

  it('offers each step due from a colleague on the case page, and records it for them with nothing typed lost', async () => {
    const casePage = await manager.get(caseUrl);
    const recordable = section(casePage, 'recordable-actions');
    expect(recordable).toContain('Meet the complainant (camden 3.3) Due from Demo Conference chair (camden) (Conference chair).');
    expect(recordable).toContain('Record it for them');

    const url = `${caseUrl}/actions/stage1.complaint-shared`;
    const form = await manager.get(url);
    expect(form.status).toBe(200);
    expect(form.root.querySelector('#takenBy')?.closest('fieldset')?.querySelector('legend')?.text.trim()).toBe('Who took this step?');
    const version = form.root.querySelector('input[name="version"]')?.getAttribute('value') ?? '';
    const typed = {
      version,
      'occurredAt-day': '23',
      'occurredAt-month': '11',
      'occurredAt-year': '2026',
      'occurredAt-time': '09:45',
      note: SCRIPT,
    };

    const unchosen = await manager.post(url, typed, form);
    expect(unchosen.status).toBe(400);
    expect(unchosen.errorSummary).toEqual(['Select who took this step']);
    expect(unchosen.fieldError('takenBy')).toBe('Select who took this step');
    expect(unchosen.root.querySelector('#note')?.text).toBe(SCRIPT);
    expect(unchosen.html).not.toContain(SCRIPT);

    const sent = await manager.post(url, { ...typed, takenBy: 'camden.conference-chair' }, unchosen);
    expect(sent.status, sent.errorSummary.join('; ')).toBe(303);
    const after = await manager.follow(sent);
    expect(section(after, 'timeline')).toContain('Recorded by Demo Complaints manager (camden) for Demo Conference chair (camden)');
  });

  it('asks on the panel page who convened the CSCP panel (camden 4.5 ¶2) and records it for the Development Officer', async () => {
    const caseId = caseUrl.replace('/cases/', '');
    const api = await t.signIn('complaints-manager@camden.demo');
    const forChair = async (when: string, body: Record<string, unknown>) => {
      t.setNow(new Date(when));
      const { version } = (await api.get(`/api/v1/cases/${caseId}`)).json<{ version: number }>();
      const done = await api.post(`/api/v1/cases/${caseId}/actions`, { type: 'perform', expectedVersion: version, ...body });
      expect(done.statusCode, done.body).toBe(200);
    };
    await forChair('2026-11-26T15:00:00Z', {
      action: 'stage1.meeting-held',
      details: { kind: 'meeting' },
      takenBy: 'camden.conference-chair',
    });
    await forChair('2026-11-27T16:00:00Z', {
      action: 'stage1.response-sent',
      takenBy: 'camden.conference-chair',
      details: {
        kind: 'letter',
        method: 'email',
        content: { 'meeting-notes': 'N', 'outcome-of-meeting': 'O', 'how-to-take-further': 'H', 'right-to-escalate': 'R' },
        copiedTo: ['head-of-quality-assurance', 'director-safeguarding', 'childrens-complaints-unit'],
      },
    });
    await forChair('2026-12-02T10:00:00Z', {
      action: 'stage2.requested',
      details: { kind: 'request', reasons: 'Still disagrees' },
      takenBy: 'camden.panel-coordinator',
    });
    t.setNow(new Date('2026-12-03T10:00:00Z'));

    const page = await manager.get(`/cases/${caseId}/panel`);
    const question = page.root.querySelector('#takenBy-convene')?.closest('fieldset');
    expect(question?.querySelector('legend')?.text.trim()).toBe('Who took this step?');
    expect(question?.querySelectorAll('input[name="takenBy"]').map((i) => i.getAttribute('value'))).toEqual(['camden.panel-coordinator']);
    const version = page.root.querySelector('input[name="version"]')?.getAttribute('value') ?? '';
    const panel = {
      version,
      members: ['camden.panel-member-health', 'camden.panel-member-police'],
      chair: 'camden.panel-member',
      intent: 'convene',
    };
    const unanswered = await manager.post(`/cases/${caseId}/panel/members`, panel, page);
    expect(unanswered.status).toBe(400);
    expect(unanswered.errorSummary).toEqual(['Select who took this step']);
    expect(unanswered.root.querySelector('input[name="members"][value="camden.panel-member-police"]')?.hasAttribute('checked')).toBe(true);
    const convened = await manager.post(`/cases/${caseId}/panel/members`, { ...panel, takenBy: 'camden.panel-coordinator' }, unanswered);
    expect(convened.status, (await manager.follow(convened)).errorSummary.join()).toBe(303);
    const entry = (await api.get(`/api/v1/cases/${caseId}`))
      .json<{ timeline: { action?: string; by: { id: string }; recordedBy?: { id: string } }[] }>()
      .timeline.find((e) => e.action === 'stage2.panel-convened');
    expect(entry).toMatchObject({ by: { id: 'camden.panel-coordinator' }, recordedBy: { id: 'camden.complaints-manager' } });
  });
});
