/**
 * A case's documents as pages (issue 12 point 8): upload with GOV.UK's file upload (multipart),
 * each problem beside the field, the list, and downloads audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { signedInBrowser, type Browser, type Page } from '../support/pages.js';

let t: TestApp;
let caseId: string;
let browser: Browser;

beforeAll(async () => {
  t = await testApp({ now: new Date('2026-11-23T10:00:00Z'), maxDocumentBytes: 2048 });
  const cm = await t.signIn('complaints-manager@kent.demo');
  const raised = await cm.post('/api/v1/cases', {
    conferenceId: 'kent.conference.demo',
    track: 'family',
    complainant: { kind: 'parent' },
    aspects: ['decision'],
    receivedAt: '2026-11-23T09:00',
  });
  caseId = raised.json<{ id: string }>().id;
  browser = await signedInBrowser(t, 'complaints-manager@kent.demo');
}, 60_000);
afterAll(async () => {
  await t.close();
});

/** Sends the upload form as a browser does: multipart, with the page's CSRF token. */
async function upload(
  from: Page,
  fields: Record<string, string>,
  file?: { name: string; type: string; content: string | Buffer },
): Promise<Page> {
  const boundary = '----cc-test-boundary';
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries({ _csrf: from.csrf ?? '', ...fields })) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file !== undefined) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="document"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content),
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  const response = await t.app.inject({
    method: 'POST',
    url: `/cases/${caseId}/documents`,
    headers: { accept: 'text/html', 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: browser.cookie ?? '' },
    payload: Buffer.concat(parts),
  });
  const { pageOf } = await import('../support/pages.js');
  return pageOf(response);
}

describe('the documents page', () => {
  it('asks for a file and its kind, each beside its field', async () => {
    const page = await browser.get(`/cases/${caseId}/documents`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('No documents have been uploaded to this case.');
    expect(page.root.querySelector('.govuk-caption-l')?.text).toMatch(/^Case [A-Z-]+-2026-\d{4}$/);
    const empty = await upload(page, {});
    expect(empty.status).toBe(400);
    expect(empty.errorSummary).toEqual(['Select a file', 'Select what kind of document it is']);
    expect(empty.fieldError('document')).toBe('Select a file');
  });

  it('refuses a file too large, and one that is not what it claims, keeping the kind chosen', async () => {
    const page = await browser.get(`/cases/${caseId}/documents`);
    const large = await upload(page, { type: 'report' }, { name: 'big.txt', type: 'text/plain', content: 'x'.repeat(4096) });
    expect(large.status).toBe(400);
    expect(large.errorSummary).toEqual(['The selected file must be smaller than 2 KB']);
    expect(large.root.querySelector('input[name="type"][value="report"]')?.hasAttribute('checked')).toBe(true);
    const html = await upload(
      page,
      { type: 'report' },
      { name: 'x.pdf', type: 'application/pdf', content: '<html><script>alert(1)</script>' },
    );
    expect(html.status).toBe(400);
    expect(html.fieldError('document')).toMatch(/^The document is not the application\/pdf it is declared as/);
  });

  it('uploads, lists and downloads a document, the download audited', async () => {
    const page = await browser.get(`/cases/${caseId}/documents`);
    const done = await upload(
      page,
      { type: 'conference-minutes' },
      { name: 'minutes <1>.txt', type: 'text/plain', content: 'The minutes' },
    );
    expect(done.status, done.errorSummary.join()).toBe(303);
    const listed = await browser.follow(done);
    expect(listed.text).toContain('Document uploaded');
    expect(listed.html).toContain('minutes &lt;1&gt;.txt');
    const link = listed.root.querySelector('table a.govuk-link')?.getAttribute('href') ?? '';
    expect(link).toMatch(new RegExp(`^/cases/${caseId}/documents/`));
    const download = await t.app.inject({ method: 'GET', url: link, headers: { cookie: browser.cookie ?? '' } });
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe('The minutes');
    expect(download.headers['content-disposition']).toContain('attachment');
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'outcome']).where('action', '=', 'document.read').execute();
    expect(audit).toEqual([{ action: 'document.read', outcome: 'ok' }]);
  });

  it('offers no upload to a role that may only read, and no page to one that may not read documents', async () => {
    const auditor = await signedInBrowser(t, 'auditor@kent.demo');
    const page = await auditor.get(`/cases/${caseId}/documents`);
    expect(page.status).toBe(200);
    expect(page.root.querySelectorAll('input[type="file"]')).toHaveLength(0);
    const admin = await signedInBrowser(t, 'administrator@kent.demo');
    expect((await admin.get(`/cases/${caseId}/documents`)).status).toBe(403);
  });
});
