/**
 * The letters pages in Debian's chromium, each checked with axe for WCAG 2.2 AA: the list, the
 * draft editor (and its error summary), the preview, "Record as sent" (once without JavaScript),
 * and the administrator's letterhead. Screenshots go to $LETTER_SCREENSHOTS when it is set.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { browserSuite, expectAccessible, signIn, type BrowserHarness } from '../support/browser.js';
import { camdenAtStage1Letter } from '../support/camdenLetter.js';

const SHOTS = process.env['LETTER_SCREENSHOTS'];

async function look(page: Page, name: string): Promise<void> {
  await expectAccessible(page);
  if (SHOTS !== undefined) await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** A Camden case whose Stage 1 meeting was held on Wed 25 Nov 2026, read on Thu 26 Nov. */
async function camdenCase(harness: BrowserHarness): Promise<string> {
  harness.app.setNow(new Date('2026-11-23T10:00:00Z'));
  return (await camdenAtStage1Letter(harness.app, ['decision'])).id;
}

browserSuite('letters, in a real browser', { now: new Date('2026-11-23T10:00:00Z') }, (harness) => {
  it('camden 3.5: drafts, corrects after the error summary, previews and records the Stage 1 response as sent, every page accessible', async () => {
    const id = await camdenCase(harness());
    const page = await (await harness().context()).newPage();
    await signIn(page, 'conference-chair@camden.demo');
    await page.goto(`/cases/${id}/letters`);
    await look(page, 'letters-list');
    await page.getByRole('link', { name: 'Stage 1 response from the conference chair' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/letters/stage1-response'));
    await look(page, 'letter-draft');

    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.locator('.govuk-error-summary:focus').waitFor();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Enter the outcome of the meeting');
    await look(page, 'letter-draft-error');
    await page.getByRole('link', { name: /Enter the outcome of the meeting/ }).click();
    await page.keyboard.type('The decision stands. <b>Nothing</b> here is bold.');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Draft saved').first().waitFor();

    await page.getByRole('link', { name: 'Preview the letter' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/preview'));
    expect(await page.locator('article').textContent()).toContain('The decision stands. <b>Nothing</b> here is bold.');
    await look(page, 'letter-preview');
    await page.getByRole('link', { name: 'Back to the letter' }).click();

    await page.getByLabel('Email', { exact: true }).check();
    await page.getByLabel('Day').fill('26');
    await page.getByLabel('Month').fill('11');
    await page.getByLabel('Year').fill('2026');
    await page.getByRole('button', { name: 'Record as sent' }).click();
    await page.getByText('Letter recorded as sent').first().waitFor();
    expect(await page.locator('main').textContent()).toContain('Your request must reach us by 24 December 2026.');
    await look(page, 'letter-sent');
    // The send's record links to correcting its date and method (ADR 0034).
    await page.getByRole('link', { name: 'Correct when or how it was sent' }).click();
    await page.getByRole('group', { name: 'How was the letter really sent?' }).waitFor();
    expect(await page.getByLabel('Email', { exact: true }).isChecked()).toBe(true);
    await look(page, 'letter-correct-send');
  });

  it('refuses "Record as sent" without JavaScript while content is missing, with the error summary', async () => {
    const id = await camdenCase(harness());
    const page = await (await harness().context({ javaScript: false })).newPage();
    await signIn(page, 'conference-chair@camden.demo');
    await page.goto(`/cases/${id}/letters/stage1-response`);
    await page.getByLabel('First class post').check();
    await page.getByLabel('Day').fill('26');
    await page.getByLabel('Month').fill('11');
    await page.getByLabel('Year').fill('2026');
    await page.getByRole('button', { name: 'Record as sent' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain(
      'The letter must include the outcome of the meeting (camden 3.5)',
    );
    // What was chosen is kept. (axe runs in the page, so it is checked on this page with JavaScript, above.)
    expect(await page.getByLabel('First class post').isChecked()).toBe(true);
    expect(await page.getByLabel('Day').inputValue()).toBe('26');
    if (SHOTS !== undefined) await page.screenshot({ path: join(SHOTS, 'letter-send-refused.png'), fullPage: true });
  });

  it("the administrator's letterhead page, with and without errors", async () => {
    const page = await (await harness().context()).newPage();
    await signIn(page, 'administrator@kent.demo');
    await page.goto('/admin/letterhead');
    await look(page, 'letterhead');
    await page.getByLabel('Partnership name').fill('');
    await page.getByLabel('Email address').fill('not an address');
    await page.getByRole('button', { name: 'Save letterhead' }).click();
    await page.locator('.govuk-error-summary:focus').waitFor();
    await look(page, 'letterhead-errors');
    await page.getByLabel('Partnership name').fill('Kent Safeguarding Children Multi-Agency Partnership');
    await page.getByLabel('Address', { exact: true }).fill('Sessions House\nCounty Hall\nMaidstone');
    await page.getByLabel('Postcode').fill('ME14 1XQ');
    await page.getByLabel('Email address').fill('kscmp@kent.example');
    await page.getByRole('button', { name: 'Save letterhead' }).click();
    await page.getByText('Letterhead saved').first().waitFor();
    await look(page, 'letterhead-saved');
  });
});
