/**
 * The recommendations report in Debian's chromium: reached from the header, filtered without
 * JavaScript, checked once with axe for WCAG 2.2 AA. Screenshots go to $REPORT_SCREENSHOTS when set.
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { browserSuite, expectAccessible, signIn } from '../support/browser.js';
import { kentCaseWithRecommendations } from '../support/recommendations.js';

const SHOTS = process.env['REPORT_SCREENSHOTS'];

browserSuite('the recommendations report, in a real browser', { now: new Date('2026-11-23T10:00:00Z') }, (harness) => {
  it('is reached from the header, filters by agency without JavaScript, and is accessible', async () => {
    const { reference } = await kentCaseWithRecommendations(harness().app);
    harness().app.setNow(new Date('2026-12-15T10:00:00Z'));
    const page = await (await harness().context({ javaScript: false })).newPage();
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
