/**
 * Changing a case's facts through the pages (ADR 0017): the "Change" links on the summary, the form,
 * check your answers, the change on the case; errors per field with nothing saved, a stale form
 * shown again with what changed, a flag the procedure limits raising its decision, script as text;
 * and the summary's Children row, from the case's conference.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { signedInBrowser, type Browser, type Page } from '../support/pages.js';
import { recordedAfterwards, type RecordedAfterwards } from '../support/recordedAfterwards.js';

const SCRIPT = '<script>alert("x")</script>';

/** The form's hidden fields and checked boxes, as a browser would send them. */
function formValues(page: Page, selector = 'main form[method="post"]'): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  const form = page.root.querySelector(selector);
  for (const input of form?.querySelectorAll('input') ?? []) {
    const name = input.getAttribute('name');
    const type = input.getAttribute('type') ?? 'text';
    if (name === undefined || name === '_csrf') continue;
    if ((type === 'checkbox' || type === 'radio') && input.getAttribute('checked') === undefined) continue;
    const value = input.getAttribute('value') ?? '';
    const before = values[name];
    if (type === 'checkbox' || (type === 'hidden' && before !== undefined && name !== 'version' && name !== 'step'))
      values[name] = [...(Array.isArray(before) ? before : before === undefined ? [] : [before]), value];
    else values[name] = value;
  }
  for (const area of form?.querySelectorAll('textarea') ?? []) values[area.getAttribute('name') ?? ''] = area.text;
  return values;
}

describe('Camden: changing the case’s facts', () => {
  let t: TestApp;
  let r: RecordedAfterwards;
  let caseUrl: string;
  let officer: Browser;
  beforeAll(async () => {
    t = await testApp({ now: new Date('2026-04-01T08:00:00Z') });
    r = recordedAfterwards(t);
    const csm = await t.signIn('conference-service-manager@camden.demo');
    const manager = await t.signIn('complaints-manager@camden.demo');
    const conferenceId = await r.conference(csm, '2026-04-01T08:00:00Z', {
      type: 'initial',
      heldAt: '2026-03-24T10:00',
      chairId: 'camden.conference-chair',
      decision: 'child-protection-plan',
      category: 'neglect',
      minutesSent: { at: '2026-03-31T12:00', method: 'email' },
      children: [
        { socialCareId: 'SC-1001', name: `Ada ${SCRIPT}`, dateOfBirth: '2019-05-04' },
        { socialCareId: 'SC-1002', name: 'Ben Example' },
      ],
    });
    await r.raise(manager, '2026-04-02T09:00:00Z', {
      conferenceId,
      track: 'family',
      complainant: { kind: 'parent' },
      aspects: ['decision'],
      receivedAt: '2026-04-02T09:00',
    });
    caseUrl = `/cases/${r.caseId()}`;
    t.setNow(new Date('2026-04-02T10:00:00Z'));
    officer = await signedInBrowser(t, 'complaints-manager@camden.demo');
  }, 30_000);
  afterAll(async () => {
    await t.close();
  });

  it('links each changeable summary row to the form, which shows the case as it stands', async () => {
    const page = await officer.get(caseUrl);
    const rows = page.root.querySelectorAll('[data-test="summary"] .govuk-summary-list__row');
    const row = (key: string) => rows.find((r) => r.querySelector('.govuk-summary-list__key')?.text.trim() === key);
    expect(row('Case workers')?.querySelector('.govuk-summary-list__value')?.text.trim()).toBe('None recorded');
    // The children the case concerns, from its conference, their names as text.
    const children = row('Children')
      ?.querySelectorAll('[data-test="children"] li')
      .map((li) => li.text.replace(/\s+/g, ' ').trim());
    expect(children).toEqual([
      `Ada ${SCRIPT} Born Sat 4 May 2019 · social care id SC-1001`,
      'Ben Example Not yet born · social care id SC-1002',
    ]);
    expect(page.html).not.toContain(SCRIPT);
    expect(row('Case workers')?.querySelector('a')?.getAttribute('href')).toBe(`${caseUrl}/facts#caseWorkerIds`);
    expect(row('Also recorded')?.querySelector('a')?.getAttribute('href')).toBe(`${caseUrl}/facts#flags`);
    expect(row('Also recorded')?.querySelector('a')?.text).toContain('what is recorded about the case');
    const form = await officer.get(`${caseUrl}/facts`);
    expect(form.status).toBe(200);
    expect(form.heading).toBe('Change the case’s facts');
    expect(form.root.querySelectorAll('input[name="caseWorkerIds"]').length).toBeGreaterThan(2);
    expect(form.root.querySelectorAll('input[name="flags"]').map((i) => i.getAttribute('value'))).not.toContain('child-complainant');
    expect(form.root.querySelectorAll('input[name="caseWorkerIds"][checked]')).toHaveLength(0);
  });

  it('refuses a form with no reason, no change, or an id not offered, each at its field, saving nothing', async () => {
    const form = await officer.get(`${caseUrl}/facts`);
    const before = await officer.get(caseUrl);
    const empty = await officer.post(`${caseUrl}/facts`, { ...formValues(form), reason: '' }, form);
    expect(empty.status).toBe(400);
    expect(empty.errorSummary).toEqual(['Enter why the case’s facts are changing']);
    expect(empty.fieldError('reason')).toBe('Enter why the case’s facts are changing');
    const unchanged = await officer.post(`${caseUrl}/facts`, { ...formValues(form), reason: 'Allocated' }, form);
    expect(unchanged.status).toBe(400);
    expect(unchanged.errorSummary).toEqual(['Change the case workers or what is recorded about the case, or cancel']);
    expect(unchanged.root.querySelector('#reason')?.text).toBe('Allocated');
    const forged = await officer.post(
      `${caseUrl}/facts`,
      { ...formValues(form), caseWorkerIds: ['nobody-here'], flags: ['child-complainant'], reason: 'x' },
      form,
    );
    expect(forged.status).toBe(400);
    expect(forged.errorSummary).toEqual(['Choose case workers from the partnership’s directory', 'Choose from the things listed']);
    expect(forged.fieldError('caseWorkerIds')).toBe('Choose case workers from the partnership’s directory');
    expect((await officer.get(caseUrl)).root.querySelector('[data-test="summary"]')?.text).toBe(
      before.root.querySelector('[data-test="summary"]')?.text,
    );
  });

  it('checks the answers, lets them be changed, then records them on the case and its timeline', async () => {
    const form = await officer.get(`${caseUrl}/facts`);
    const worker = form.root.querySelectorAll('input[name="caseWorkerIds"]')[0];
    const workerId = worker?.getAttribute('value') ?? '';
    const workerName = form.root.querySelector(`label[for="${worker?.getAttribute('id') ?? ''}"]`)?.text.trim() ?? '';
    expect(workerName).not.toBe('');
    const check = await officer.post(
      `${caseUrl}/facts`,
      { ...formValues(form), caseWorkerIds: [workerId], flags: ['separate-complaints'], reason: `Allocated ${SCRIPT}` },
      form,
    );
    expect(check.status, check.errorSummary.join('; ')).toBe(200);
    expect(check.heading).toBe('Check the change to the case’s facts');
    const summary = check.root.querySelector('[data-test="check"]')?.text.replace(/\s+/g, ' ') ?? '';
    expect(summary).toContain(`Added: ${workerName}`);
    expect(summary).toContain('Added: There are separate complaints');
    expect(summary).toContain(`Allocated ${SCRIPT}`);
    expect(check.html).not.toContain(SCRIPT);
    // Change your answers: the form again with what was chosen.
    const forms = check.root.querySelectorAll('main form');
    expect(forms).toHaveLength(2);
    const again = await officer.post(`${caseUrl}/facts`, formValues(check, 'main form:first-of-type'), check);
    expect(again.status).toBe(200);
    expect(again.root.querySelector(`input[name="caseWorkerIds"][value="${workerId}"]`)?.getAttribute('checked')).toBeDefined();
    expect(again.root.querySelector('input[name="flags"][value="separate-complaints"]')?.getAttribute('checked')).toBeDefined();
    expect(again.root.querySelector('#reason')?.text).toBe(`Allocated ${SCRIPT}`);
    const confirm = formValues(check, 'main form:last-of-type');
    expect(confirm['step']).toBe('confirm');
    const sent = await officer.post(`${caseUrl}/facts`, confirm, check);
    expect(sent.status, sent.errorSummary.join('; ')).toBe(303);
    const casePage = await officer.follow(sent);
    expect(casePage.text).toContain('the case’s facts are changed');
    const rows = casePage.root.querySelector('[data-test="summary"]')?.text.replace(/\s+/g, ' ') ?? '';
    expect(rows).toContain(`Case workers ${workerName}`);
    expect(rows).toContain('There are separate complaints');
    expect(casePage.text).toContain('Case facts changed');
    // The same confirmation sent again is drawn from an older version: shown again with what changed, nothing recorded twice.
    const twice = await officer.post(`${caseUrl}/facts`, confirm, check);
    expect(twice.status).toBe(409);
    expect(twice.root.querySelector('[data-test="changed"]')?.text).toContain('Case facts changed');
    expect(twice.root.querySelector('input[name="version"]')?.getAttribute('value')).not.toBe(confirm['version']);
    expect((await officer.get(caseUrl)).text.match(/Case facts changed/g)).toHaveLength(1);
  });

  it('adding legal proceedings raises the decision the procedure asks for, with its clause', async () => {
    const form = await officer.get(`${caseUrl}/facts`);
    const hint = form.root.querySelector('input[name="flags"][value="legal-proceedings"]')?.parentNode?.text ?? '';
    expect(hint).toMatch(/\(camden/);
    const values = formValues(form);
    const check = await officer.post(
      `${caseUrl}/facts`,
      {
        ...values,
        flags: [...(Array.isArray(values['flags']) ? values['flags'] : []), 'legal-proceedings'],
        reason: 'Care proceedings issued',
      },
      form,
    );
    expect(check.status, check.errorSummary.join('; ')).toBe(200);
    const sent = await officer.post(`${caseUrl}/facts`, formValues(check, 'main form:last-of-type'), check);
    expect(sent.status, sent.errorSummary.join('; ')).toBe(303);
    const casePage = await officer.follow(sent);
    expect(casePage.text).toContain('Waiting for a decision');
  });

  it('is not offered to a reader without act-on-case (an auditor), who is refused the form', async () => {
    const auditor = await signedInBrowser(t, 'auditor@camden.demo');
    const page = await auditor.get(caseUrl);
    expect(page.status).toBe(200);
    expect(page.root.querySelector('a[href*="/facts"]')).toBeNull();
    expect((await auditor.get(`${caseUrl}/facts`)).status).toBe(403);
  });
});
