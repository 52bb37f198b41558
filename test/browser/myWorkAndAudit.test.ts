/**
 * My work and the Audit page in Debian's chromium: zero axe violations (WCAG 2.2 AA) with and
 * without errors, the details of a date opening, the filter working without JavaScript.
 */
import { expect, it } from 'vitest';
import { browserSuite, expectAccessible, picture, signIn } from '../support/browser.js';

browserSuite('My work and Audit, in a real browser', { now: new Date('2026-12-14T08:00:00Z') }, (harness) => {
  const setUp = async () => {
    const t = harness().app;
    const csm = await t.signIn('conference-service-manager@kent.demo');
    const manager = await t.signIn('complaints-manager@kent.demo');
    t.setNow(new Date('2026-12-21T12:00:00Z'));
    for (const [ref, heldAt, receivedAt] of [
      ['KENT-A', '2026-12-14T10:00', '2026-12-15T09:00'],
      ['KENT-B', '2026-12-21T09:00', '2026-12-21T11:00'],
      ['KENT-C', '2026-12-18T10:00', '2026-12-18T12:00'],
    ] as const) {
      const conference = await csm.post('/api/v1/conferences', {
        externalRef: ref,
        type: 'initial',
        heldAt,
        chairId: 'kent.conference-chair',
        decision: 'child-protection-plan',
        category: 'neglect',
      });
      await manager.post('/api/v1/cases', {
        conferenceId: conference.json<{ id: string }>().id,
        track: 'family',
        complainant: { kind: 'parent' },
        aspects: ['decision'],
        receivedAt,
      });
    }
  };

  it('shows the chair’s work in four groups, accessibly, and opens how a date was worked out', async () => {
    await setUp();
    const page = await (await harness().context()).newPage();
    await signIn(page, 'conference-chair@kent.demo');
    expect(new URL(page.url()).pathname).toBe('/');
    await expect(page.getByRole('heading', { level: 2, name: 'Overdue (2)' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('heading', { level: 2, name: 'Due today (1)' }).isVisible()).resolves.toBe(true);
    await expectAccessible(page);
    const details = page.locator('section[aria-labelledby="later"] details').first();
    await details.locator('summary').click();
    await expect(details.getByText('bank holidays').isVisible()).resolves.toBe(true);
    await expectAccessible(page);
    await page.setViewportSize({ width: 1100, height: 1400 });
    await picture(page, 'my-work');
    // A page of one whole group, as "See all" links to it.
    await page.goto('/work/overdue');
    await expect(page.getByRole('heading', { level: 1, name: 'Overdue (2)' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('link', { name: 'Back to My work' }).getAttribute('href')).resolves.toBe('/');
    await expectAccessible(page);
    await picture(page, 'my-work-overdue');
  }, 120_000);

  it('shows the complaints manager the whole of what is due from colleagues on a page of its own, accessibly', async () => {
    // The cases set up above: what their chair owes is due from a colleague of the complaints manager.
    const page = await (await harness().context()).newPage();
    await signIn(page, 'complaints-manager@kent.demo');
    const heading = (await page.locator('[data-test="colleagues-work"] h2').textContent()) ?? '';
    expect(heading).toMatch(/^Due from colleagues on cases you keep \(\d+\)$/);
    await page.goto('/work/colleagues');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(heading);
    await expect(page.getByText(/Showing 1 to \d+ of \d+, soonest due first/).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('link', { name: 'Back to My work' }).getAttribute('href')).resolves.toBe('/');
    await expectAccessible(page);
    await page.setViewportSize({ width: 1100, height: 1400 });
    await picture(page, 'my-work-colleagues');
  }, 120_000);

  it('filters the audit trail, shows errors accessibly, and offers the export', async () => {
    const page = await (await harness().context()).newPage();
    await signIn(page, 'auditor@kent.demo');
    await page.goto('/audit');
    await expectAccessible(page);
    await page.locator('#person').selectOption('kent.complaints-manager');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL((url) => url.searchParams.get('person') === 'kent.complaints-manager');
    await expect(page.getByText(/Showing 1 to \d+ of \d+/).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('link', { name: /Export CSV/ }).getAttribute('href')).resolves.toBe(
      '/audit/export.csv?person=kent.complaints-manager',
    );
    await expectAccessible(page);
    await page.setViewportSize({ width: 1200, height: 1400 });
    await picture(page, 'audit');
    await page.locator('#from-day').fill('31');
    await page.locator('#from-month').fill('2');
    await page.locator('#from-year').fill('2026');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    await expect(page.locator('#from-day').inputValue()).resolves.toBe('31');
    await expectAccessible(page);
    await picture(page, 'audit-errors');
  }, 120_000);

  it('filters the audit trail without JavaScript', async () => {
    const page = await (await harness().context({ javaScript: false })).newPage();
    await signIn(page, 'auditor@kent.demo');
    await page.goto('/audit');
    await page.locator('#action').selectOption('session.sign-in');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL((url) => url.searchParams.get('action') === 'session.sign-in');
    await expect(page.locator('tbody tr').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('tbody').textContent()).resolves.not.toContain('case.read');
  }, 120_000);
});
