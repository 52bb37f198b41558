/**
 * Walking a case through the case pages in a real browser: each person signed in in their own
 * browser context, each step opened from the case page by the procedure's own label, every page
 * checked by axe.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { expectAccessible, signIn, type BrowserHarness } from './browser.js';

/** A page signed in as this demo account, in its own browser context. */
export async function as(h: BrowserHarness, email: string, contexts: BrowserContext[]): Promise<Page> {
  const context = await h.context();
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await signIn(page, email);
  return page;
}

/** Opens the step from the case page by its procedure label, checking both pages. */
export async function open(page: Page, caseUrl: string, label: string): Promise<void> {
  await page.goto(caseUrl);
  await expectAccessible(page);
  await page.getByRole('link', { name: label, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: label }).waitFor();
  await expectAccessible(page);
}

/** Sends the form and expects to be back on the case with the success banner. */
export async function record(page: Page, caseUrl: string): Promise<void> {
  await page.getByRole('button', { name: 'Record' }).click();
  await page.waitForURL((url) => url.pathname === caseUrl);
  await page.locator('.govuk-notification-banner--success').waitFor();
  await expectAccessible(page);
}

/** A letter sent by email with every section the procedure asks for written (the delay's reason only when late). */
export async function fillLetter(page: Page): Promise<void> {
  await page.getByLabel('Email', { exact: true }).check();
  for (const box of await page.locator('main textarea').all()) {
    const id = (await box.getAttribute('id')) ?? '';
    if (id !== 'content-delay-explanation') await box.fill(`The letter's ${id.replace(/^content-/, '').replace(/-/g, ' ')}.`);
  }
}

/** Opens a step, lets `fill` complete its form, and records it. */
export async function step(page: Page, caseUrl: string, label: string, fill?: (page: Page) => Promise<void>): Promise<void> {
  await open(page, caseUrl, label);
  if (fill !== undefined) await fill(page);
  await record(page, caseUrl);
}
