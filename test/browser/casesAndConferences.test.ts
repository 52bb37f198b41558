/**
 * The case list and the conference register in a real browser (Debian's chromium): every page
 * passes axe's WCAG 2.2 AA rules, with and without errors, and works without JavaScript.
 */
import { expect, it } from 'vitest';
import { browserSuite, expectAccessible, signIn } from '../support/browser.js';

const SHOTS = process.env['SCREENSHOTS'];
const shot = async (page: import('playwright-core').Page, name: string) => {
  if (SHOTS !== undefined) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
};

browserSuite('cases and conferences, in a real browser', { now: new Date('2026-11-23T10:00:00Z') }, (harness) => {
  it('lists, filters, searches, sorts and pages the cases by links, without JavaScript, passing WCAG 2.2 AA', async () => {
    const { app } = harness();
    const cm = await app.signIn('complaints-manager@pan-sussex.demo');
    const csm = await app.signIn('conference-service-manager@pan-sussex.demo');
    for (let i = 0; i < 27; i += 1) {
      const conference = await csm.post('/api/v1/conferences', {
        type: 'initial',
        heldAt: '2026-11-19T10:00',
        chairId: 'pan-sussex.conference-chair',
        localArea: 'east-sussex',
        decision: 'child-protection-plan',
        category: 'neglect',
        children: [
          { socialCareId: `SC-${String(i)}`, name: i === 4 ? 'Zoë <b>Quinn</b>' : `Child ${String(i)} Example`, dateOfBirth: '2018-03-03' },
        ],
      });
      const raised = await cm.post('/api/v1/cases', {
        conferenceId: conference.json<{ id: string }>().id,
        track: i % 3 === 0 ? 'professional-dissent' : 'family',
        complainant: { kind: i % 3 === 0 ? 'professional' : 'parent' },
        aspects: ['decision'],
        receivedAt: '2026-11-23T09:00',
      });
      expect(raised.statusCode, raised.body).toBe(201);
    }
    // Without JavaScript: sort by the column's link, page on, search, filter.
    const page = await (await harness().context({ javaScript: false })).newPage();
    await signIn(page, 'complaints-manager@pan-sussex.demo');
    await page.goto('/cases');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Cases');
    expect(await page.locator('[data-test=showing]').textContent()).toBe('Showing 1 to 25 of 27 cases');
    await page.getByRole('link', { name: 'Reference', exact: true }).click();
    expect(await page.locator('th[aria-sort="ascending"]').textContent()).toContain('Reference');
    expect(await page.locator('tbody tr').first().locator('td').first().textContent()).toBe('PS-2026-0001');
    await page.locator('.govuk-pagination__next a').click();
    expect(await page.locator('[data-test=showing]').textContent()).toBe('Showing 26 to 27 of 27 cases');
    // Search by part of a child's name: shown escaped, never as markup.
    await page.getByLabel('Search by case reference or child’s name').fill('quinn');
    await page.getByRole('button', { name: 'Search' }).click();
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(await page.locator('tbody td').nth(1).textContent()).toBe('Zoë <b>Quinn</b>');
    // A filter, then a date that cannot be: the error summary names it, the other filters still apply.
    await page.goto('/cases');
    await page.getByLabel('Track').selectOption('professional-dissent');
    await page.locator('#conferenceFrom-day').fill('31');
    await page.locator('#conferenceFrom-month').fill('2');
    await page.locator('#conferenceFrom-year').fill('2026');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('The earliest conference date must be a real date');
    expect(await page.locator('[data-test=showing]').textContent()).toBe('Showing 1 to 9 of 9 cases');
    expect(await page.locator('#conferenceFrom-day').inputValue()).toBe('31');

    // With JavaScript, as most will see them: WCAG 2.2 AA, with and without errors.
    const checked = await (await harness().context()).newPage();
    await signIn(checked, 'complaints-manager@pan-sussex.demo');
    for (const url of [
      '/cases',
      '/cases?sort=reference&direction=asc&page=2',
      '/cases?search=quinn',
      '/cases?track=professional-dissent&conferenceFrom-day=31&conferenceFrom-month=2&conferenceFrom-year=2026',
    ]) {
      await checked.goto(url);
      await expectAccessible(checked);
    }
    await shot(checked, 'cases-filtered-error');
    await checked.goto('/cases');
    await shot(checked, 'cases-list');

    // Beside the filter at 1000px, and alone at 400px, the table scrolls in its own named, focusable region; the page never scrolls sideways.
    for (const width of [1000, 400]) {
      await checked.setViewportSize({ width, height: 800 });
      await checked.goto('/cases');
      // A string, as the test's own types know no DOM.
      const widths = await checked.evaluate<{ page: number; viewport: number }>(
        '({ page: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth })',
      );
      expect(widths.page, `at ${String(width)}px`).toBeLessThanOrEqual(widths.viewport);
      const region = checked.getByRole('region', { name: 'Cases, Showing 1 to 25 of 27 cases' });
      expect(await region.getAttribute('tabindex')).toBe('0');
      expect(await region.locator('table').count()).toBe(1);
      await expectAccessible(checked);
      await shot(checked, `cases-list-${String(width)}`);
    }
    // On a narrow screen the filter waits behind its button rather than covering the list.
    expect(await checked.locator('.moj-filter').isVisible()).toBe(false);
    await checked.getByRole('button', { name: 'Show filter' }).click();
    expect(await checked.getByLabel('Track').isVisible()).toBe(true);
  }, 120_000);

  it('walks the conference register, the add-or-book form with its errors, a conference and the import preview, passing WCAG 2.2 AA', async () => {
    const page = await (await harness().context()).newPage();
    await signIn(page, 'conference-service-manager@kent.demo');
    await page.goto('/conferences');
    await expectAccessible(page);
    await shot(page, 'conferences-register');
    await page.getByRole('button', { name: 'Add or book a conference' }).click();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Save conference' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Select the type of conference');
    await expectAccessible(page);
    await shot(page, 'conference-form-errors');
    await page.getByLabel('Review child protection conference').check();
    await page.locator('#heldOn-day').fill('8');
    await page.locator('#heldOn-month').fill('12');
    await page.locator('#heldOn-year').fill('2026');
    await page.getByLabel('Time').fill('10:00');
    await page.getByLabel('Chair').selectOption('kent.conference-chair');
    await page.locator('#child1-socialCareId').fill('SC-500');
    await page.locator('#child1-name').fill('Amy Smith');
    await page.getByRole('button', { name: 'Save conference' }).click();
    await page.getByText('Conference booked').waitFor();
    expect(await page.locator('[data-test=children]').textContent()).toContain('Amy Smith');
    await expectAccessible(page);
    await shot(page, 'conference-page');
    await page.goto('/conferences/import');
    await expectAccessible(page);
    await page
      .getByLabel('The CSV file’s contents')
      .fill(
        'external_ref,type,held_at,chair_id,child_social_care_ids,child_names\nLCS-1,initial,2026-11-16T10:00,kent.conference-chair,SC-1,Cara Jones\nLCS-2,tea-party,2026-11-16T10:00,nobody,SC-2,Dan\n',
      );
    await page.getByRole('button', { name: 'Check the pasted contents' }).click();
    await page.locator('[data-test=row-errors]').waitFor();
    await expectAccessible(page);
    await shot(page, 'import-preview-errors');
    // The same register as a file, as a spreadsheet saves it (with a byte order mark).
    await page.goto('/conferences/import');
    await page.getByLabel('Upload a CSV file').setInputFiles({
      name: 'register.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        '\uFEFFexternal_ref,type,held_at,chair_id,child_social_care_ids,child_names\nLCS-1,initial,2026-11-16T10:00,kent.conference-chair,SC-1,Cara Jones\n',
      ),
    });
    await page.getByRole('button', { name: 'Check the file' }).click();
    await expectAccessible(page);
    await shot(page, 'import-preview');
    await page.getByRole('button', { name: 'Import 1 conference' }).click();
    await page.getByText('Conferences imported').waitFor();
    await expectAccessible(page);
  }, 120_000);
});
