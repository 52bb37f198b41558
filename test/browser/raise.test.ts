import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { browserSuite, expectAccessible, signIn } from '../support/browser.js';

const NOW = new Date('2026-11-23T10:00:00Z');
/** Set SCREENSHOT_DIR to keep a full-page picture of every page the journey passes (to look at them). */
const SCREENSHOTS = process.env['SCREENSHOT_DIR'];

async function look(page: Page, name: string): Promise<void> {
  await expectAccessible(page);
  if (SCREENSHOTS !== undefined) await page.screenshot({ path: `${SCREENSHOTS}/raise-${name}.png`, fullPage: true });
}

const continueButton = (page: Page) => page.getByRole('button', { name: 'Continue' }).click();

browserSuite('raising a case, in a real browser', { now: NOW }, (harness) => {
  it(
    'passes WCAG 2.2 AA on every page of the flow, with its errors, from the start page to the confirmation',
    { timeout: 240_000 },
    async () => {
      const { services } = harness().app;
      // A conference whose minutes went out two months ago: a challenge now is late (camden 2.2), which Camden lets the chair accept (camden 3.2).
      const principal = {
        kind: 'user',
        id: 'camden.conference-service-manager',
        role: 'conference-service-manager',
        partnershipId: 'camden',
      } as const;
      await services.conferences.record(
        principal,
        [
          {
            externalRef: 'CAM-LATE-1',
            type: 'review',
            heldAt: new Date('2026-09-14T09:00:00Z'),
            chairId: 'camden.conference-chair',
            minutesSent: { at: new Date('2026-09-18T09:00:00Z'), method: 'email' },
          },
        ],
        NOW,
        (index, name) => `conferences[${String(index)}].${name}`,
      );
      const page = await (await harness().context()).newPage();
      page.setDefaultTimeout(20_000);
      await signIn(page, 'conference-chair@camden.demo');
      await page.goto('/cases/new');
      await look(page, '00-start');
      await page.getByRole('button', { name: 'Start now' }).click();

      await page.waitForURL('**/cases/new/conference');
      await continueButton(page);
      await page.locator('.govuk-error-summary:focus').waitFor();
      await look(page, '01-conference-error');
      await page.getByLabel(/CAM-LATE-1/).check();
      await continueButton(page);

      await page.waitForURL('**/cases/new/subject');
      await look(page, '02-subject');
      await page.getByLabel('An agency’s own service, not the conference').check();
      await continueButton(page);
      await page.waitForURL('**/cases/new/agency');
      await continueButton(page);
      await page.locator('.govuk-error-summary:focus').waitFor();
      await look(page, '03-agency-error');
      await page.getByLabel('Camden Police (demo)').check();
      await continueButton(page);
      await page.waitForURL('**/cases/new/elsewhere');
      const redirected = await page.locator('main').textContent();
      expect(redirected).toContain('camden 1.5');
      expect(redirected).toContain('complaints@police.camden.example.org');
      await look(page, '03-elsewhere');
      // An agency with no complaints contact recorded: said plainly, and who may add it.
      await page.getByRole('link', { name: 'Change which agency' }).click();
      await page.getByLabel('Another partner agency').check();
      await continueButton(page);
      await page.waitForURL('**/cases/new/elsewhere');
      expect(await page.locator('main').textContent()).toContain('No complaints contact is recorded for Another partner agency.');
      await look(page, '03-elsewhere-no-contact');
      await page.getByRole('link', { name: 'Change what it is about' }).click();
      await page.getByLabel('The conference: how it was run, or its decision').check();
      await continueButton(page);

      await page.waitForURL('**/cases/new/complainant');
      await page.getByLabel('The child or young person').check();
      await page.getByLabel('Their full name').fill('<script>alert(1)</script>');
      await continueButton(page);
      await page.locator('.govuk-error-summary:focus').waitFor();
      await look(page, '04-complainant-error');
      expect(await page.getByLabel('Their full name').inputValue()).toBe('<script>alert(1)</script>');
      await page.getByLabel('A parent').check();
      await page.getByLabel('Their relationship to the child').fill('Father');
      await page.getByLabel('How to contact them').fill('07700 900123');
      await continueButton(page);

      await page.waitForURL('**/cases/new/advocate');
      await look(page, '05-advocate');
      await page.getByLabel('Yes').check();
      await continueButton(page);
      await page.waitForURL('**/cases/new/advocate-details');
      await page.getByLabel('The advocate’s full name').fill('Sam Advocate');
      await page.getByLabel('Day').fill('40');
      await continueButton(page);
      await page.locator('.govuk-error-summary:focus').waitFor();
      await look(page, '05-advocate-details-error');
      await page.getByLabel('Day').fill('');
      await continueButton(page);

      await page.waitForURL('**/cases/new/received');
      await continueButton(page);
      await page.locator('.govuk-error-summary:focus').waitFor();
      await look(page, '06-received-error');
      await page.getByLabel('Letter delivered by hand').check();
      await page.getByLabel('Day').fill('20');
      await page.getByLabel('Month').fill('11');
      await page.getByLabel('Year').fill('2026');
      await page.getByLabel('Time received').fill('2:15pm');
      await continueButton(page);

      await page.waitForURL('**/cases/new/aspects');
      await look(page, '07-aspects');
      await page.getByLabel('The decision on a child protection plan').check();
      await continueButton(page);

      await page.waitForURL('**/cases/new/triage');
      await look(page, '08-triage');
      await page.locator('#aboutChair-2').check();
      await page.locator('#legalProceedings-2').check();
      await page.locator('#otherIssues-2').check();
      await continueButton(page);

      await page.waitForURL('**/cases/new/late');
      await page.getByLabel('Yes, accept it').check();
      await continueButton(page);
      await page.locator('.govuk-error-summary:focus').waitFor();
      await look(page, '09-late-error');
      await page.getByLabel('The reason for the decision').fill('The father was in hospital for most of October');
      await continueButton(page);

      await page.waitForURL('**/cases/new/check');
      await look(page, '10-check');
      expect(await page.locator('main').textContent()).toContain('Sam Advocate');
      await page.getByRole('button', { name: 'Raise the case' }).click();
      await page.waitForURL('**/cases/new/raised');
      await look(page, '11-raised');
      expect(await page.locator('.govuk-panel__title').textContent()).toContain('Case raised');
      // The confirmation gives the case's human reference, the one the case list and letters use.
      expect(await page.locator('.govuk-panel__body').textContent()).toMatch(/Its reference\s*[A-Z-]+-2026-\d{4}\s*$/);
    },
  );

  it(
    'raises a Kent case with JavaScript off and the keyboard, and a reload of the confirm raises nothing more',
    { timeout: 120_000 },
    async () => {
      const page = await (await harness().context({ javaScript: false })).newPage();
      page.setDefaultTimeout(20_000);
      await signIn(page, 'complaints-manager@kent.demo');
      const before = await harness().app.database.db.selectFrom('cases').select('case_id').where('partnership_id', '=', 'kent').execute();
      await page.goto('/cases/new');
      await page.getByRole('button', { name: 'Start now' }).click();
      await page.getByLabel(/DEMO-1/).check();
      await continueButton(page);
      await page.getByLabel('The conference: how it was run, or its decision').check();
      await continueButton(page);
      await page.getByLabel('A carer').check();
      await page.getByLabel('Their full name').fill('Alex Carer');
      await page.getByLabel('Their relationship to the child').fill('Foster carer');
      await page.getByLabel('How to contact them').fill('alex@example.org');
      await continueButton(page);
      await page.getByLabel('No').check();
      await continueButton(page);
      await page.getByLabel('Email').check();
      await page.getByLabel('Day').fill('23');
      await page.getByLabel('Month').fill('11');
      await page.getByLabel('Year').fill('2026');
      await page.getByLabel('Time received').fill('09:05');
      await continueButton(page);
      await page.getByLabel('The category of the plan').check();
      await continueButton(page);
      await page.waitForURL('**/cases/new/triage');
      // Kent decides complaint or representation at triage, after the case is raised (kent 2 ¶2).
      expect(await page.locator('main').textContent()).toContain('kent 2 ¶2');
      // axe needs JavaScript in the page, so this run is checked by what it reaches, not by axe.
      await page.locator('#aboutChair-2').check();
      await page.locator('#legalProceedings-2').check();
      await page.locator('#otherIssues-2').check();
      await continueButton(page);
      await page.waitForURL('**/cases/new/check');
      await page.getByRole('button', { name: 'Raise the case' }).focus();
      await page.keyboard.press('Enter');
      await page.waitForURL('**/cases/new/raised');
      const reference = (await page.locator('.govuk-panel__body strong').textContent()) ?? '';
      expect(reference).toMatch(/^KENT-2026-\d{4}$/);
      await page.goBack();
      await page.reload();
      await page.goto('/cases/new/raised');
      const after = await harness().app.database.db.selectFrom('cases').select('case_id').where('partnership_id', '=', 'kent').execute();
      expect(after).toHaveLength(before.length + 1);
      // The reload shows the same case's reference again.
      expect(await page.locator('.govuk-panel__body strong').textContent()).toBe(reference);
    },
  );
});
