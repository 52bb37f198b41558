import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { browserSuite, expectAccessible, signIn } from '../support/browser.js';

/** Set SCREENSHOTS to a directory to keep a picture of each page (to look at, not compared). */
const SHOTS = process.env['SCREENSHOTS'];
const shot = async (page: Page, name: string) => {
  if (SHOTS !== undefined) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
};
const SLOW = 180_000;

browserSuite('the procedures, in a real browser', { now: new Date('2026-11-23T10:00:00Z') }, (harness) => {
  let page: Page | undefined;
  const signedIn = async () => {
    if (page === undefined) {
      page = await (await harness().context()).newPage();
      await signIn(page, 'conference-chair@kent.demo');
    }
    return page;
  };

  it(
    'passes WCAG 2.2 AA on the list, reached from the header',
    async () => {
      const p = await signedIn();
      await p.getByRole('link', { name: 'Procedures', exact: true }).first().click();
      await p.waitForURL((url) => url.pathname === '/procedures');
      await expectAccessible(p);
      await shot(p, 'procedures');
    },
    SLOW,
  );

  for (const id of ['kent', 'pan-sussex', 'camden', 'kingston-richmond', 'cambridgeshire-peterborough']) {
    it(
      `passes WCAG 2.2 AA on ${id}’s page`,
      async () => {
        const p = await signedIn();
        await p.goto(`/procedures/${id}`);
        await expectAccessible(p);
        await shot(p, `procedure-${id}`);
      },
      SLOW,
    );
  }

  it(
    'passes WCAG 2.2 AA on the comparison table',
    async () => {
      const p = await signedIn();
      await p.goto('/procedures/compare');
      await expectAccessible(p);
      await shot(p, 'compare');
    },
    SLOW,
  );

  it(
    'shows the comparison on a phone without JavaScript: the table scrolls inside the page, not the page',
    async () => {
      const phone = await (await harness().context({ javaScript: false })).newPage();
      await phone.setViewportSize({ width: 390, height: 844 });
      await signIn(phone, 'auditor@kent.demo');
      await phone.goto('/procedures/compare');
      // Evaluated in the page (a string: the tests are type-checked without the DOM's types).
      const widths = await phone.evaluate<{ page: number; viewport: number; table: number }>(
        `({ page: document.documentElement.scrollWidth, viewport: window.innerWidth, table: document.querySelector('.app-table-scroll table')?.scrollWidth ?? 0 })`,
      );
      expect(widths.page).toBeLessThanOrEqual(widths.viewport);
      expect(widths.table).toBeGreaterThan(widths.viewport);
      // axe runs as script in the page: it is checked above, with JavaScript on.
      await shot(phone, 'compare-phone');
    },
    SLOW,
  );
});
