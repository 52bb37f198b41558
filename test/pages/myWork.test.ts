/**
 * The My work page (issue 12 point 2): the home page after signing in, four groups with each
 * item's case, step, due date and the engine's explanation; escaped output; other roles see
 * their sections instead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { signedInBrowser } from '../support/pages.js';

let harness: TestApp;
let caseId: string;
beforeAll(async () => {
  harness = await testApp({ now: new Date('2026-12-14T08:00:00Z') });
  const csm = await harness.signIn('conference-service-manager@kent.demo');
  const manager = await harness.signIn('complaints-manager@kent.demo');
  harness.setNow(new Date('2026-12-21T12:00:00Z'));
  // A conference reference that would be markup if it were not escaped.
  const conference = await csm.post('/api/v1/conferences', {
    externalRef: '<script>alert(1)</script>',
    type: 'initial',
    heldAt: '2026-12-14T10:00',
    chairId: 'kent.conference-chair',
    decision: 'child-protection-plan',
    category: 'neglect',
  });
  const raised = await manager.post('/api/v1/cases', {
    conferenceId: conference.json<{ id: string }>().id,
    track: 'family',
    complainant: { kind: 'parent' },
    aspects: ['decision'],
    receivedAt: '2026-12-15T09:00',
  });
  caseId = raised.json<{ id: string }>().id;
}, 30_000);
afterAll(async () => {
  await harness.close();
});

describe('My work', () => {
  it('is the chair’s home page: overdue, due today, this week and later, with the engine’s explanations', async () => {
    const browser = await signedInBrowser(harness, 'conference-chair@kent.demo');
    const page = await browser.get('/');
    expect(page.status).toBe(200);
    expect(page.heading).toBe('My work');
    expect(page.root.querySelectorAll('main h2').map((h) => h.text.trim())).toEqual([
      'Overdue (2)',
      'Due today (0)',
      'Due this week (0)',
      'Later (1)',
    ]);
    const overdue = page.root.querySelector('section[aria-labelledby="overdue"]');
    const rows = overdue?.querySelectorAll('tbody tr') ?? [];
    expect(rows.map((r) => r.querySelector('td:nth-child(2)')?.text.trim().split('\n')[0])).toEqual([
      'Try to resolve the concern by phone or in person',
      'Send the conference minutes, if not already available',
    ]);
    expect(rows[0]?.text).toContain('Thu 17 Dec 2026');
    expect(rows[0]?.querySelector('a')?.getAttribute('href')).toBe(`/cases/${caseId}`);
    const later = page.root.querySelector('section[aria-labelledby="later"]');
    expect(later?.querySelector('details')?.text).toContain('25 and 28 December and 1 January (bank holidays)');
    expect(page.text).toContain('Nothing is due today.');
    expect(page.text).toContain('to Wed 30 Dec 2026');
    // Escaped, never run.
    expect(page.html).not.toContain('<script>alert(1)</script>');
    expect(page.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('shows the complaints manager the step the procedure gives them, with no time limit', async () => {
    const browser = await signedInBrowser(harness, 'complaints-manager@kent.demo');
    const page = await browser.get('/');
    const later = page.root.querySelector('section[aria-labelledby="later"]');
    expect(later?.text).toContain('No time limit');
    expect(later?.text).toContain('kent 2 ¶2');
  });

  it('gives a role that does not act on cases its sections instead', async () => {
    const browser = await signedInBrowser(harness, 'auditor@kent.demo');
    const page = await browser.get('/');
    expect(page.status).toBe(200);
    expect(page.heading).toBe('Home');
    expect(page.root.querySelector('main a[href="/audit"]')).not.toBeNull();
  });
});
