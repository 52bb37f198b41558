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
    // Named by the case's reference, as the case list names it.
    expect(rows[0]?.querySelector('a')?.text).toMatch(/^KENT-2026-\d{4}$/);
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

  it('shows ten of a group and links to all of it, a page of fifty at a time', async () => {
    // 26 more cases on the same conference: the chair owes two overdue items on each, 54 in all.
    const manager = await harness.signIn('complaints-manager@kent.demo');
    const conferenceId = (await manager.get(`/api/v1/cases/${caseId}`)).json<{ conference: { id: string } }>().conference.id;
    for (let i = 0; i < 26; i++) {
      const raised = await manager.post('/api/v1/cases', {
        conferenceId,
        track: 'family',
        complainant: { kind: 'parent' },
        aspects: ['decision'],
        receivedAt: '2026-12-15T09:00',
      });
      expect(raised.statusCode).toBe(201);
    }
    const browser = await signedInBrowser(harness, 'conference-chair@kent.demo');
    const home = await browser.get('/');
    const overdue = home.root.querySelector('section[aria-labelledby="overdue"]');
    expect(overdue?.querySelectorAll('tbody tr').length).toBe(10);
    const seeAll = overdue?.querySelector('a[href="/work/overdue"]');
    expect(seeAll?.text).toBe('See all 54 overdue items');
    // A group with no more than it shows has no link.
    expect(home.root.querySelector('a[href="/work/today"]') === null).toBe(true);
    expect(home.root.querySelector('a[href="/work/later"]')?.text).toBe('See all 27 items due later');

    const first = await browser.get('/work/overdue');
    expect(first.status).toBe(200);
    expect(first.heading).toBe('Overdue (54)');
    expect(first.root.querySelectorAll('tbody tr').length).toBe(50);
    expect(first.text).toContain('Showing 1 to 50 of 54');
    const next = first.root.querySelector('.govuk-pagination__next a');
    expect(next?.getAttribute('href')).toBe('/work/overdue?page=2');
    const second = await browser.get('/work/overdue?page=2');
    expect(second.root.querySelectorAll('tbody tr').length).toBe(4);
    expect(second.text).toContain('Showing 51 to 54 of 54');
    // The two pages together are the whole group, each item once, soonest due first.
    const keyOf = (row: { text: string }) => row.text.replace(/\s+/g, ' ').trim();
    const all = [...first.root.querySelectorAll('tbody tr'), ...second.root.querySelectorAll('tbody tr')].map(keyOf);
    expect(new Set(all).size).toBe(54);
    // A page past the end (the work moved on) shows the last page; a page that is not a number, the first.
    expect((await browser.get('/work/overdue?page=9')).text).toContain('Showing 51 to 54 of 54');
    expect((await browser.get('/work/overdue?page=x%3Cb%3E')).text).toContain('Showing 1 to 50 of 54');
    // Only the four groups exist.
    expect((await browser.get('/work/everything')).status).toBe(404);
  }, 60_000);

  // After the test above: 27 Kent cases on one conference, whose chair owes every item on them but the triage.
  it('gives the complaints manager what is due from colleagues: ten soonest, the count, and all of it fifty a page', async () => {
    // A Camden case: its chair's work is no Kent keeper's.
    const camden = await harness.signIn('complaints-manager@camden.demo');
    const raised = await camden.post('/api/v1/cases', {
      conferenceId: 'camden.conference.demo',
      track: 'family',
      complainant: { kind: 'parent' },
      aspects: ['decision'],
      receivedAt: '2026-12-15T09:00',
    });
    expect(raised.statusCode, raised.body).toBe(201);
    // What the Kent chair owes, counted by their own My work: every item due from colleagues here.
    const chairHome = await (await signedInBrowser(harness, 'conference-chair@kent.demo')).get('/');
    const owed = chairHome.root
      .querySelectorAll('ul[aria-label="Groups"] a')
      .reduce((sum, a) => sum + Number(/\((\d+)\)/.exec(a.text)?.[1] ?? 'NaN'), 0);
    expect(owed).toBe(81);

    const keeper = await signedInBrowser(harness, 'complaints-manager@kent.demo');
    const home = await keeper.get('/');
    const section = home.root.querySelector('[data-test="colleagues-work"]');
    expect(section?.querySelector('h2')?.text).toBe(`Due from colleagues on cases you keep (${String(owed)})`);
    const shown = section?.querySelectorAll('tbody tr') ?? [];
    expect(shown).toHaveLength(10);
    expect(shown.every((row) => row.text.includes('Demo Conference chair (kent)'))).toBe(true);
    expect(shown[0]?.text).toContain('Overdue');
    expect(section?.querySelector('a[href="/work/colleagues"]')?.text).toBe(`See all ${String(owed)} items due from colleagues`);

    const first = await keeper.get('/work/colleagues');
    expect(first.status).toBe(200);
    expect(first.heading).toBe(`Due from colleagues on cases you keep (${String(owed)})`);
    expect(first.root.querySelectorAll('tbody tr')).toHaveLength(50);
    expect(first.text).toContain(`Showing 1 to 50 of ${String(owed)}, soonest due first`);
    expect(first.root.querySelector('.govuk-pagination__next a')?.getAttribute('href')).toBe('/work/colleagues?page=2');
    const second = await keeper.get('/work/colleagues?page=2');
    expect(second.root.querySelectorAll('tbody tr')).toHaveLength(owed - 50);
    // The home page's ten are the first page's first ten; the pages together are every item once, overdue first.
    const keyOf = (row: { text: string }) => row.text.replace(/\s+/g, ' ').trim();
    const all = [...first.root.querySelectorAll('tbody tr'), ...second.root.querySelectorAll('tbody tr')].map(keyOf);
    expect(all.slice(0, 10)).toEqual(shown.map(keyOf));
    expect(new Set(all).size).toBe(owed);
    const overdue = all.map((row) => row.includes('Overdue'));
    expect(overdue.indexOf(false)).toBe(54);
    expect(overdue.slice(54).includes(true)).toBe(false);
    expect(all.some((row) => row.includes('camden'))).toBe(false);
    expect((await keeper.get('/work/colleagues?page=9')).text).toContain(`Showing 51 to ${String(owed)} of ${String(owed)}`);

    // Only for whoever records for others.
    expect((await (await signedInBrowser(harness, 'conference-chair@kent.demo')).get('/work/colleagues')).status).toBe(403);
  }, 60_000);

  it('refuses a page of one group to a role that does not act on cases', async () => {
    const browser = await signedInBrowser(harness, 'auditor@kent.demo');
    expect((await browser.get('/work/overdue')).status).toBe(403);
  });
});
