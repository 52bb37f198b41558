/**
 * The Audit page (issue 12 point 13): the MOJ filter (person, case, action, dates) with GOV.UK
 * error messages that keep what was typed, GOV.UK pagination, and the CSV export with formulas
 * neutralised, itself audited.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { browserOver, signedInBrowser } from '../support/pages.js';

let harness: TestApp;
beforeAll(async () => {
  harness = await testApp({ now: new Date('2026-12-21T12:00:00Z') });
  const record = (at: string, actor: string, action: string, subjectId: string) =>
    harness.services.audit.record({
      at: new Date(at),
      principal: { id: actor, role: 'complaints-manager', partnershipId: 'kent' },
      action,
      subjectType: 'case',
      subjectId,
      outcome: 'ok',
    });
  // 60 reads by the complaints manager on 16 Dec, so that the trail runs to two pages.
  for (let i = 0; i < 60; i += 1)
    await record(`2026-12-16T10:${String(i).padStart(2, '0')}:00Z`, 'kent.complaints-manager', 'case.read', `case-${String(i)}`);
  await record('2026-12-17T09:00:00Z', 'kent.conference-chair', 'case.act', '=HYPERLINK("http://evil","x")');
  await record('2026-12-17T09:30:00Z', 'kent.conference-chair', 'case.read', '<b>bold</b>');
}, 30_000);
afterAll(async () => {
  await harness.close();
});

describe('the Audit page', () => {
  it('lists the trail newest first, a page at a time, with GOV.UK pagination', async () => {
    const browser = await signedInBrowser(harness, 'auditor@kent.demo');
    const page = await browser.get('/audit?person=kent.complaints-manager');
    expect(page.status).toBe(200);
    expect(page.heading).toBe('Audit');
    expect(page.text).toContain('Showing 1 to 50 of 60 entries.');
    expect(page.root.querySelectorAll('tbody tr')).toHaveLength(50);
    expect(page.root.querySelector('tbody tr')?.text).toContain('case case-59');
    const next = page.root.querySelector('.govuk-pagination__next a')?.getAttribute('href');
    expect(next).toBe('/audit?person=kent.complaints-manager&page=2');
    const second = await browser.get(next ?? '');
    expect(second.text).toContain('Showing 51 to 60 of 60 entries.');
    expect(second.root.querySelector('.govuk-pagination__prev a')?.getAttribute('href')).toBe(
      '/audit?person=kent.complaints-manager&page=1',
    );
    // The person is selected in the filter, and shown as a selected filter that can be removed.
    expect(page.root.querySelector('#person option[selected]')?.getAttribute('value')).toBe('kent.complaints-manager');
    expect(page.root.querySelector('.moj-filter__tag')?.getAttribute('href')).toBe('/audit');
  });

  it('filters by case, action and dates, and shows hostile subjects escaped', async () => {
    const browser = await signedInBrowser(harness, 'auditor@kent.demo');
    const page = await browser.get('/audit?action=case.read&from-day=17&from-month=12&from-year=2026&to-day=17&to-month=12&to-year=2026');
    expect(page.text).toContain('Showing 1 to 1 of 1 entry.');
    expect(page.html).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(page.html).not.toContain('<b>bold</b>');
    const byCase = await browser.get('/audit?caseId=case-7');
    expect(byCase.text).toContain('Showing 1 to 1 of 1 entry.');
  });

  it('names each wrong filter in the error summary and beside it, keeping what was typed', async () => {
    const browser = await signedInBrowser(harness, 'auditor@kent.demo');
    const page = await browser.get('/audit?caseId=no%20spaces&from-day=31&from-month=2&from-year=2026&to-day=1&to-month=12');
    expect(page.status).toBe(400);
    expect(page.errorSummary).toEqual([
      'Case ID must only include letters, numbers, full stops, hyphens, colons and underscores',
      'The date from must be a real date',
      'The date to must include a year',
    ]);
    expect(page.fieldError('caseId')).toBe('Case ID must only include letters, numbers, full stops, hyphens, colons and underscores');
    expect(page.root.getElementById('caseId')?.getAttribute('value')).toBe('no spaces');
    expect(page.root.getElementById('from-day')?.getAttribute('value')).toBe('31');
    const backwards = await browser.get('/audit?from-day=18&from-month=12&from-year=2026&to-day=17&to-month=12&to-year=2026');
    expect(backwards.errorSummary).toEqual(['The date to must be the same as or after the date from']);
  });

  it('exports the filtered entries as CSV with formulas neutralised, and audits the export', async () => {
    const browser = await signedInBrowser(harness, 'auditor@kent.demo');
    const page = await browser.get('/audit?person=kent.conference-chair');
    const href = page.root.querySelector('a[download]')?.getAttribute('href');
    expect(href).toBe('/audit/export.csv?person=kent.conference-chair');
    const response = await harness.app.inject({ method: 'GET', url: href ?? '', headers: { cookie: browser.cookie ?? '' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    const records = parse(response.body);
    expect(records.slice(1).map((r) => r[6])).toEqual(['<b>bold</b>', `'=HYPERLINK("http://evil","x")`]);
    const exports = await harness.database.db.selectFrom('audit_log').select('actor_id').where('action', '=', 'audit.export').execute();
    expect(exports).toEqual([{ actor_id: 'kent.auditor' }]);
  });

  it('is refused to a role without read-audit', async () => {
    const browser = await signedInBrowser(harness, 'complaints-manager@kent.demo');
    expect((await browser.get('/audit')).status).toBe(403);
    expect((await browser.get('/audit/export.csv')).status).toBe(403);
    expect((await browserOver(harness).get('/audit')).status).toBe(303);
  });
});
