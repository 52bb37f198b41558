import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { browserSuite, expectAccessible, signIn } from '../support/browser.js';

/** Set SCREENSHOTS to a directory to keep a picture of each page (to look at, not compared). */
const SHOTS = process.env['SCREENSHOTS'];
const shot = async (page: Page, name: string) => {
  if (SHOTS !== undefined) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
};
const SLOW = 180_000;

browserSuite('administration, in a real browser', { now: new Date('2026-11-23T10:00:00Z') }, (harness) => {
  let page: Page | undefined;
  const admin = async () => {
    if (page === undefined) {
      page = await (await harness().context()).newPage();
      await signIn(page, 'administrator@kent.demo');
    }
    return page;
  };

  it(
    'passes WCAG 2.2 AA on the index and every list',
    async () => {
      const p = await admin();
      await p.getByRole('link', { name: 'Administration', exact: true }).first().click();
      await p.waitForURL((url) => url.pathname === '/admin');
      await expectAccessible(p);
      await shot(p, 'admin');
      for (const path of [
        '/admin/staff',
        '/admin/staff/kent.conference-chair',
        '/admin/line-management',
        '/admin/people',
        '/admin/agencies',
        '/admin/agencies/police',
        '/admin/local-areas',
      ]) {
        await p.goto(path);
        await expectAccessible(p);
        await shot(p, path.slice(1).replace(/\//g, '-'));
      }
    },
    SLOW,
  );

  it(
    'adds a closure day after an error, then removes it, accessible at each step',
    async () => {
      const p = await admin();
      await p.goto('/admin/closure-days');
      await p.getByRole('button', { name: 'Add closure day' }).click();
      await p.locator('.govuk-error-summary:focus').waitFor();
      await expectAccessible(p);
      await shot(p, 'closure-days-errors');
      await p.getByLabel('Day').fill('24');
      await p.getByLabel('Month').fill('12');
      await p.getByLabel('Year').fill('2026');
      await p.getByLabel('Reason').fill('Christmas Eve closure');
      await p.getByRole('button', { name: 'Add closure day' }).click();
      await p.getByText('Closure day added').waitFor();
      await expectAccessible(p);
      await shot(p, 'closure-days');
      await p.getByRole('link', { name: 'Remove Thu 24 Dec 2026' }).click();
      await expectAccessible(p);
      await shot(p, 'closure-day-remove');
      await p.getByRole('button', { name: 'Yes, remove it' }).click();
      await p.getByText('Closure day removed').waitFor();
    },
    SLOW,
  );

  it(
    'shows the staff and token forms with their errors accessibly, and a refused case-reading token as a form error',
    async () => {
      const p = await admin();
      await p.goto('/admin/staff/new');
      await p.getByRole('button', { name: 'Add account' }).click();
      await p.locator('.govuk-error-summary:focus').waitFor();
      await expectAccessible(p);
      await shot(p, 'staff-new-errors');
      await p.goto('/admin/people/new');
      await p.getByRole('button', { name: 'Save' }).click();
      await p.locator('.govuk-error-summary:focus').waitFor();
      await expectAccessible(p);
      await shot(p, 'person-errors');
      await p.goto('/admin/agencies/new?agency=other-partner');
      await p.getByLabel('Web page (optional)').fill('http://youth.example.org');
      await p.getByRole('button', { name: 'Save' }).click();
      await p.locator('.govuk-error-summary:focus').waitFor();
      await expectAccessible(p);
      await shot(p, 'agency-errors');
      await p.goto('/admin/staff/kent.conference-chair/line-manager');
      await expectAccessible(p);
      await shot(p, 'line-manager');
      await p.goto('/admin/api-tokens/new');
      await p.getByLabel('Name').fill('Case feed');
      await p.getByLabel('Auditor').check();
      await p.getByRole('button', { name: 'Create token' }).click();
      await p.locator('.govuk-error-summary:focus').waitFor();
      expect(await p.locator('.govuk-error-summary').textContent()).toContain('senior safeguarding manager');
      await expectAccessible(p);
      await shot(p, 'token-refused');
      await p.getByLabel('Administrator').check();
      await p.getByRole('button', { name: 'Create token' }).click();
      await p.getByText('Copy the token now').waitFor();
      expect(await p.locator('#token').inputValue()).toMatch(/^cc_/);
      await expectAccessible(p);
      await shot(p, 'token-created');
      await p.goto('/admin/api-tokens');
      await expectAccessible(p);
      await shot(p, 'tokens');
    },
    SLOW,
  );
});
