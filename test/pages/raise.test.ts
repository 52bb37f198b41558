/**
 * Raise a case through the pages, as a browser without JavaScript: each question's errors, the
 * triage each procedure asks for, escaping, the engine's refusals as form errors with their
 * clause, and one case however often the confirm is sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { signedInBrowser, type Browser, type Page } from '../support/pages.js';

const NOW = new Date('2026-11-23T10:00:00Z');

let harness: TestApp;
beforeAll(async () => {
  harness = await testApp({ now: NOW });
});
afterAll(async () => {
  await harness.close();
});

type Form = Readonly<Record<string, string | readonly string[]>>;

const casesIn = async (partnershipId: string) =>
  (await harness.database.db.selectFrom('cases').select('case_id').where('partnership_id', '=', partnershipId).execute()).map(
    (r) => r.case_id,
  );

/** Starts a fresh flow and answers each question in turn; returns the last page reached (a redirect followed). */
async function answer(browser: Browser, steps: readonly (readonly [string, Form])[]): Promise<Page> {
  const start = await browser.get('/cases/new');
  expect(start.status).toBe(200);
  let page = await browser.follow(await browser.post('/cases/new', {}, start));
  for (const [step, form] of steps) {
    expect(page.status, `${step}: ${page.errorSummary.join('; ')}`).toBe(200);
    const url = `/cases/new/${step}`;
    expect(
      page.root.querySelector('form[method="post"][action="' + url + '"]'),
      `expected the ${step} question, got ${page.heading}`,
    ).not.toBeNull();
    const sent = await browser.post(url, form, page);
    expect(sent.status, `${step}: ${sent.errorSummary.join('; ')}`).toBe(303);
    page = await browser.follow(sent);
  }
  return page;
}

const received = (day: string, month: string, year: string, time = '09:30', method = 'email'): Form => ({
  method,
  'receivedAt-day': day,
  'receivedAt-month': month,
  'receivedAt-year': year,
  receivedTime: time,
});

const triage = (extra: Form = {}): Form => ({ aboutChair: 'no', legalProceedings: 'no', otherIssues: 'no', ...extra });

const camdenFamily = (extra: { complainant?: Form; triage?: Form } = {}) =>
  [
    ['conference', { conferenceId: 'camden.conference.demo' }],
    ['subject', { subject: 'conference' }],
    [
      'complainant',
      { kind: 'parent', name: 'Jo Bloggs', relationship: 'Mother', contact: '1 High Street, London NW1', ...extra.complainant },
    ],
    ['advocate', { hasAdvocate: 'no' }],
    ['received', received('20', '11', '2026')],
    ['aspects', { aspects: ['decision', 'category'], summary: 'Disagrees with the plan' }],
    ['triage', triage(extra.triage)],
  ] as const;

describe('raising a case through the pages', () => {
  it('walks Camden from the start page to check your answers and a confirmation, saving nothing until confirmed', async () => {
    const browser = await signedInBrowser(harness, 'complaints-manager@camden.demo');
    const before = await casesIn('camden');
    const check = await answer(browser, camdenFamily());
    expect(check.heading).toBe('Check your answers before raising the case');
    expect(check.text).toContain('Jo Bloggs');
    expect(check.text).toContain('The decision on a child protection plan, The category of the plan');
    expect(await casesIn('camden')).toEqual(before);
    const raised = await browser.post('/cases/new/check', {}, check);
    expect(raised.status).toBe(303);
    const confirmation = await browser.follow(raised);
    expect(confirmation.root.querySelector('.govuk-panel__title')?.text.trim()).toBe('Case raised');
    const after = await casesIn('camden');
    expect(after).toHaveLength(before.length + 1);
    const id = after.find((c) => !before.includes(c)) ?? '';
    expect(confirmation.root.querySelector(`a[href="/cases/${id}"]`)).not.toBeNull();
    const stored = await harness.database.db
      .selectFrom('case_events')
      .select('payload')
      .where('case_id', '=', id)
      .where('seq', '=', 1)
      .executeTakeFirstOrThrow();
    const { event } = JSON.parse(stored.payload) as {
      event: { complainant: unknown; aspects: unknown; receivedBy: unknown; track: unknown };
    };
    expect(event.complainant).toEqual({ kind: 'parent', name: 'Jo Bloggs', relationship: 'Mother', contact: '1 High Street, London NW1' });
    expect(event.aspects).toEqual(['decision', 'category']);
    expect(event.receivedBy).toBe('email');
    expect(event.track).toBe('family');
  });
});
