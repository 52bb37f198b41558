/**
 * The recommendations report page (ADR 0032): every recommendation a panel made to a named agency,
 * with the case's reference, filtered by agency and case status; its CSV export shows formulas as
 * text; only roles with read-all-deadlines see it in the header or may open it; each read audited.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { signedInBrowser } from '../support/pages.js';
import { kentCaseWithRecommendations } from '../support/recommendations.js';

let harness: TestApp;
let decided: { caseId: string; reference: string };
beforeAll(async () => {
  harness = await testApp({ now: new Date('2026-11-23T10:00:00Z') });
  decided = await kentCaseWithRecommendations(harness);
  harness.setNow(new Date('2026-12-15T10:00:00Z'));
}, 60_000);
afterAll(async () => {
  await harness.close();
});

const auditActions = async (action: string) =>
  (await harness.database.db.selectFrom('audit_log').select(['action', 'subject_id']).where('action', '=', action).execute()).length;

describe('the recommendations report', () => {
  it('lists each recommendation with its case, agency and status, escaped, linked from the header for those who may read it', async () => {
    const browser = await signedInBrowser(harness, 'complaints-manager@kent.demo');
    const home = await browser.get('/cases');
    expect(
      home.root.querySelector('.govuk-service-navigation a[href="/reports/recommendations"], header a[href="/reports/recommendations"]'),
    ).not.toBeNull();
    const before = await auditActions('report.recommendations');
    const page = await browser.get('/reports/recommendations');
    expect(page.status).toBe(200);
    expect(page.heading).toBe('Recommendations');
    const rows = page.root
      .querySelectorAll('tbody tr')
      .map((tr) => tr.querySelectorAll('td').map((td) => td.text.replace(/\s+/g, ' ').trim()));
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => r[1])).toEqual(expect.arrayContaining(['Health', 'Police']));
    for (const row of rows) {
      expect(row[0]).toBe(decided.reference);
      expect(row[4]).toBe('Case open');
      expect(row[3]).toContain('14 Dec 2026');
    }
    expect(page.root.querySelector('tbody a')?.getAttribute('href')).toBe(`/cases/${decided.caseId}`);
    expect(page.html).toContain('Share &lt;b&gt;police&lt;/b&gt; checks');
    expect(page.html).not.toContain('<b>police</b>');
    expect(await auditActions('report.recommendations')).toBe(before + 1);
  });

  it('filters by agency and by case status, and refuses a filter it does not know', async () => {
    const browser = await signedInBrowser(harness, 'panel-coordinator@kent.demo');
    const police = await browser.get('/reports/recommendations?agency=police&status=');
    expect(police.root.querySelectorAll('tbody tr')).toHaveLength(2);
    expect(police.text).not.toContain('Send health reports');
    expect(police.root.querySelector('#agency option[selected]')?.getAttribute('value')).toBe('police');
    expect(police.root.querySelector('a[download]')?.getAttribute('href')).toBe('/reports/recommendations.csv?agency=police');
    const open = await browser.get('/reports/recommendations?status=open');
    expect(open.root.querySelectorAll('tbody tr')).toHaveLength(3);
    const closed = await browser.get('/reports/recommendations?status=closed');
    expect(closed.root.querySelectorAll('tbody tr')).toHaveLength(0);
    expect(closed.text).toContain('No recommendations match.');
    expect(closed.root.querySelector('input[name="status"][value="closed"]')?.getAttribute('checked')).not.toBeUndefined();
    expect((await browser.get('/reports/recommendations?agency=nobody')).status).toBe(400);
  });

  it('exports the rows as CSV with formulas shown as text, audited', async () => {
    const browser = await signedInBrowser(harness, 'complaints-manager@kent.demo');
    const before = await auditActions('report.recommendations-export');
    const response = await harness.app.inject({
      method: 'GET',
      url: '/reports/recommendations.csv?agency=police',
      headers: { cookie: browser.cookie ?? '' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    const records = parse<Record<string, string>>(response.body, { columns: true });
    expect(records).toHaveLength(2);
    expect(records.map((r) => r['recommendation'])).toEqual(
      expect.arrayContaining([`'=HYPERLINK("http://evil.example","click")`, 'Share <b>police</b> checks before the conference']),
    );
    expect(records[0]).toMatchObject({ case_reference: decided.reference, agency: 'Police', case_status: 'open' });
    expect(await auditActions('report.recommendations-export')).toBe(before + 1);
  });

  it('is neither shown nor open to a role without read-all-deadlines', async () => {
    const browser = await signedInBrowser(harness, 'conference-chair@kent.demo');
    const cases = await browser.get('/cases');
    expect(cases.html).not.toContain('/reports/recommendations');
    expect((await browser.get('/reports/recommendations')).status).toBe(403);
  });
});
