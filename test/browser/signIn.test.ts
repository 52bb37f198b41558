import { expect, it } from 'vitest';
import { browserSuite, expectAccessible, signIn } from '../support/browser.js';

browserSuite('signing in, in a real browser', { now: new Date('2026-11-23T10:00:00Z') }, (harness) => {
  it('passes WCAG 2.2 AA on the sign-in page, with and without errors, and on the page after it', async () => {
    const page = await (await harness().context()).newPage();
    await page.goto('/sign-in');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // GOV.UK Frontend's script moves focus to the summary: it is running under the policy.
    await page.locator('.govuk-error-summary:focus').waitFor();
    await expectAccessible(page);
    await signIn(page, 'complaints-manager@camden.demo');
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.getByText('Signed in as').textContent()).toContain('Complaints manager');
    await expectAccessible(page);
  });

  it('signs in and out with the keyboard alone, and without JavaScript', async () => {
    const page = await (await harness().context({ javaScript: false })).newPage();
    await page.goto('/sign-in');
    await page.keyboard.press('Tab'); // the skip link
    await page.keyboard.press('Tab'); // GOV.UK logo
    await page.keyboard.press('Tab'); // service name
    await page.locator('#email').focus();
    await page.keyboard.type('auditor@kent.demo');
    await page.keyboard.press('Tab');
    await page.keyboard.type('demo-password-for-tests');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('button', { name: 'Sign out' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/sign-in');
  });

  it('fails the accessibility check on a page that breaks a WCAG rule (axe-core in the page from its start or not), and on a page with a frame axe would not look into', async () => {
    const page = await (await harness().context()).newPage();
    await page.goto('/sign-in');
    await page.evaluate(`document.querySelector('main').insertAdjacentHTML('beforeend', '<img src="/assets/images/favicon.ico">')`);
    const failure: unknown = await expectAccessible(page).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ message: expect.stringContaining('axe found violations') as unknown });
    expect(String((failure as { actual?: unknown }).actual)).toContain('image-alt');
    // The same from a page that did not have axe-core from its start (a context made without the harness).
    const bare = await harness().browser.newContext({ baseURL: harness().baseUrl });
    const barePage = await bare.newPage();
    await barePage.goto('/sign-in');
    expect(await barePage.evaluate('typeof window.axe')).toBe('undefined');
    await barePage.evaluate(`document.querySelector('main').insertAdjacentHTML('beforeend', '<img src="/assets/images/favicon.ico">')`);
    const bareFailure: unknown = await expectAccessible(barePage).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(String((bareFailure as { actual?: unknown } | undefined)?.actual)).toContain('image-alt');
    await bare.close();
    await page.goto('/sign-in');
    await page.evaluate(
      `document.querySelector('main').insertAdjacentHTML('beforeend', '<iframe title="A frame" srcdoc="<p>inside</p>"></iframe>')`,
    );
    await page.frameLocator('iframe').locator('p').waitFor();
    await expect(expectAccessible(page)).rejects.toThrow(/has frames/);
  });
});
