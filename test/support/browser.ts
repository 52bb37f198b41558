/**
 * A real browser over the running service: Debian's chromium driven by playwright-core (never a
 * downloaded browser), with axe-core checking every page against WCAG 2.2 AA. Required in CI
 * (.ci/run installs chromium); skipped locally where it is not installed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { DEMO_PASSWORD, testApp, type TestApp } from './app.js';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export function browserUnavailable(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `no chromium at ${CHROMIUM} (apt-get install chromium)`;
}

export interface BrowserHarness {
  readonly app: TestApp;
  /** http://127.0.0.1:<port> */
  readonly baseUrl: string;
  readonly browser: Browser;
  /** A fresh browser context (its own cookies); `javaScript: false` for the no-JavaScript journey. */
  context(options?: { javaScript?: boolean }): Promise<BrowserContext>;
}

/**
 * A suite against the service listening on a real port, with one browser for the suite.
 * `options.now` fixes the service's clock.
 */
export function browserSuite(title: string, options: { now: Date }, suite: (harness: () => BrowserHarness) => void): void {
  const unavailable = browserUnavailable();
  if (unavailable !== undefined && process.env['CI'] === 'true') throw new Error(`CI must run the browser tests: ${unavailable}`);
  describe.skipIf(unavailable !== undefined)(title, { timeout: 60_000 }, () => {
    let harness: BrowserHarness | undefined;
    const contexts: BrowserContext[] = [];
    beforeAll(async () => {
      const app = await testApp({ now: options.now });
      await app.app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = app.app.server.address() as AddressInfo;
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-dev-shm-usage'],
      });
      harness = {
        app,
        baseUrl: `http://127.0.0.1:${String(port)}`,
        browser,
        async context(contextOptions = {}) {
          const context = await browser.newContext({
            javaScriptEnabled: contextOptions.javaScript ?? true,
            baseURL: `http://127.0.0.1:${String(port)}`,
          });
          // axe-core in every page from its start, ready for the accessibility check (ADR 0046).
          await context.addInitScript({ content: AXE_SOURCE });
          contexts.push(context);
          return context;
        },
      };
    }, 60_000);
    afterAll(async () => {
      for (const context of contexts) await context.close();
      await harness?.browser.close();
      await harness?.app.close();
    });
    suite(() => {
      if (harness === undefined) throw new Error('the browser harness did not start');
      return harness;
    });
  });
}

/** Signs in through the sign-in page as a demo account. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/sign-in');
}

/** Where full-page pictures of the pages go, when set (to look at, never compared). */
const PICTURES = process.env['SCREENSHOT_DIR'];

/**
 * A full-page picture of the page as `${SCREENSHOT_DIR}/${name}.png`, only when SCREENSHOT_DIR is
 * set: a picture costs about half a second and nothing reads it in CI.
 */
export async function picture(page: Page, name: string): Promise<void> {
  if (PICTURES !== undefined) await page.screenshot({ path: `${PICTURES}/${name}.png`, fullPage: true });
}

/** The WCAG 2.2 AA rules (and the A and 2.0/2.1 rules they include). */
export const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * axe-core's minified build, from the copy @axe-core/playwright runs (its own `source` is the
 * 1.3 MB unminified build). Every context of the harness runs it in each page as the page starts.
 */
const AXE_SOURCE = readFileSync(
  createRequire(createRequire(import.meta.url).resolve('@axe-core/playwright')).resolve('axe-core/axe.min.js'),
  'utf8',
);

/** Whether axe-core is in the page already: written as text, the tests being type-checked without the DOM's types. */
const AXE_PRESENT = `typeof window.axe === 'object' && window.axe !== null && typeof window.axe.run === 'function'`;

/** Fails with each violation's rule, impact and the elements it found, if axe finds any on the page as it stands. */
export async function expectAccessible(page: Page): Promise<void> {
  // The service's pages have no frames, so axe runs in the page itself ("legacy mode"), as one
  // `axe.run`. By default @axe-core/playwright runs axe in each frame and then opens a blank page to
  // put the frames' results together: that doubled every check (ADR 0040). Were a page ever to have
  // a frame, this check would say so rather than miss it.
  expect(
    page.frames().map((frame) => frame.url()),
    `${page.url()} has frames: axe must check each`,
  ).toHaveLength(1);
  // AxeBuilder puts its axe-core into the page twice for every check; the page has it from its start
  // (the harness's init script), so AxeBuilder is given nothing more to put in. A page without it
  // (script disabled in its context, or a context made elsewhere) is given the minified build (ADR 0046).
  const present = await page.evaluate<boolean>(AXE_PRESENT);
  // Only violations are gathered: the rules and what they check are the same, but the nodes that
  // passed are not collected and sent back (axe-core's `resultTypes`).
  const results = await new AxeBuilder({ page, axeSource: present ? ';' : AXE_SOURCE })
    .options({ runOnly: { type: 'tag', values: WCAG_22_AA }, resultTypes: ['violations'] })
    .setLegacyMode()
    .analyze();
  const violations = results.violations.map(
    (v) => `${v.id} (${v.impact ?? 'unknown'}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(violations, `axe found violations on ${page.url()}`).toEqual([]);
}
