/**
 * The recommendations report in Debian's chromium: reached from the header, filtered by a plain GET form (no
 * script needed), checked once with axe for WCAG 2.2 AA. Screenshots go to $REPORT_SCREENSHOTS when set.
 */
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { browserSuite, expectAccessible, signIn } from '../support/browser.js';
import { kentCaseWithRecommendations } from '../support/recommendations.js';

const SHOTS = process.env['REPORT_SCREENSHOTS'];

browserSuite('the recommendations report, in a real browser', { now: new Date('2026-11-23T10:00:00Z') }, (harness) => {
  let reference = '';
  // Recorded through the API: fifteen steps of a Kent case, slow on a loaded machine, so apart from the page's test.
  beforeAll(async () => {
    ({ reference } = await kentCaseWithRecommendations(harness().app));
  }, 120_000);

  it('is reached from the header, filters by agency with a plain GET form, and is accessible', async () => {
    harness().app.setNow(new Date('2026-12-15T10:00:00Z'));
    const page = await (await harness().context()).newPage();
    await signIn(page, 'complaints-manager@kent.demo');
    await page.getByRole('link', { name: 'Recommendations' }).click();
    await page.waitForURL((url) => url.pathname === '/reports/recommendations');
    expect(await page.locator('tbody tr').count()).toBe(3);
    expect(await page.locator('tbody tr').first().textContent()).toContain(reference);
    await expectAccessible(page);
    if (SHOTS !== undefined) await page.screenshot({ path: join(SHOTS, 'recommendations.png'), fullPage: true });

    await page.getByLabel('Agency').selectOption('police');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL((url) => url.search.includes('agency=police'));
    expect(await page.locator('tbody tr').count()).toBe(2);
    expect(await page.locator('main').textContent()).not.toContain('Send health reports');
    if (SHOTS !== undefined) await page.screenshot({ path: join(SHOTS, 'recommendations-police.png'), fullPage: true });
  });
});
