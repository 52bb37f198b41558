/**
 * Walking a case through the case pages in a real browser: each person signed in in their own
 * browser context, each step opened from the case page by the procedure's own label, every page
 * checked by axe (each state of a page once).
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

/**
 * The main content of the page as it stands, less a success banner, to tell whether the case page
 * is the one last checked: run in the page (written as text, the tests being type-checked without
 * the DOM's types).
 */
const MAIN_CONTENT = `(() => {
  const main = document.querySelector('main');
  if (main === null) return '';
  const copy = main.cloneNode(true);
  for (const banner of copy.querySelectorAll('.govuk-notification-banner--success')) banner.remove();
  return location.pathname + '\\n' + copy.innerHTML.replace(/>\\s+</g, '><').replace(/\\s+/g, ' ');
})()`;

/** What each browser page showed when axe last checked it. */
const lastChecked = new WeakMap<Page, string>();

/**
 * axe on the page, unless this browser page was last checked showing the same main content (the
 * case page reopened with nothing changed since the step recorded on it was checked, bar its
 * success banner): each state of each page is checked once.
 */
async function checkChanged(page: Page): Promise<void> {
  const content = await page.evaluate<string>(MAIN_CONTENT);
  if (lastChecked.get(page) === content) return;
  await expectAccessible(page);
  lastChecked.set(page, content);
}

/** Opens the step from the case page by its procedure label, checking both pages. */
export async function open(page: Page, caseUrl: string, label: string): Promise<void> {
  await page.goto(caseUrl);
  await checkChanged(page);
  await page.getByRole('link', { name: label, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: label }).waitFor();
  await expectAccessible(page);
}

/** Sends the form and expects to be back on the case with the success banner. */
export async function record(page: Page, caseUrl: string): Promise<void> {
  await page.getByRole('button', { name: 'Record' }).click();
  await page.waitForURL((url) => url.pathname === caseUrl);
  await page.locator('.govuk-notification-banner--success').waitFor();
  await checkChanged(page);
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
