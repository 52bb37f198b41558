/**
 * Every kind of case form in a real browser, each checked by axe (WCAG 2.2 AA) as drawn and with
 * its errors: a choice, a record, a booking, a correction, a void, a change of the case's facts
 * (form and check your answers) and a withdrawal, on a Kent
 * case. One form is sent with the keyboard alone; the same steps work with JavaScript turned off
 * (axe needs script, so those pages are checked in the first test).
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { browserSuite, expectAccessible, picture, signIn, type BrowserHarness } from '../support/browser.js';

const START = new Date('2026-11-23T10:00:00Z');

async function raiseKentCase(h: BrowserHarness): Promise<string> {
  const manager = await h.app.services.staff.principalOfUser('kent.complaints-manager');
  if (manager === undefined) throw new Error('no demo complaints manager');
  const raised = await h.app.services.cases.raise(
    manager,
    {
      conferenceId: 'kent.conference.demo',
      track: 'family',
      subject: 'conference',
      complainant: { kind: 'parent' },
      aspects: ['decision'],
      receivedAt: START,
      receivedBy: 'email',
    },
    START,
  );
  return raised.id;
}

async function as(h: BrowserHarness, email: string, javaScript = true): Promise<Page> {
  const page = await (await h.context({ javaScript })).newPage();
  page.setDefaultTimeout(20_000);
  await signIn(page, email);
  return page;
}

/** Sends the form with nothing filled in, checks the error page, then returns. */
async function errorsChecked(page: Page, button: string): Promise<string> {
  await page.getByRole('button', { name: button }).click();
  await page.locator('.govuk-error-summary').waitFor();
  await expectAccessible(page);
  return (await page.locator('.govuk-error-summary').textContent()) ?? '';
}

browserSuite('case forms in a real browser, each checked by axe', { now: START }, (harness) => {
  it('a choice, a record, a booking, a correction, a void and a withdrawal', { timeout: 180_000 }, async () => {
    const h = harness();
    const caseUrl = `/cases/${await raiseKentCase(h)}`;
    h.app.setNow(new Date('2026-11-23T11:00:00Z'));

    const manager = await as(h, 'complaints-manager@kent.demo');
    await manager.goto(caseUrl);
    await expectAccessible(manager);
    await manager.getByRole('link', { name: 'Decide, with the conference chair, whether this is a complaint or a representation' }).click();
    await expectAccessible(manager);
    expect(await errorsChecked(manager, 'Record')).toContain('Select what was decided');
    await picture(manager, 'casepage-choice-errors');
    // With the keyboard alone: focus the first option, choose it with the space bar, type the reason, send with Enter.
    await manager.getByLabel('A representation about the conference decision').focus();
    await manager.keyboard.press('Space');
    await manager.keyboard.press('Tab');
    await manager.keyboard.press('Tab');
    await manager.getByLabel('Reason', { exact: true }).focus();
    await manager.keyboard.type('About the decision, not the service');
    await manager.getByRole('button', { name: 'Record' }).focus();
    await manager.keyboard.press('Enter');
    await manager.waitForURL((url) => url.pathname === caseUrl);
    await expectAccessible(manager);

    h.app.setNow(new Date('2026-11-23T12:00:00Z'));
    const chair = await as(h, 'conference-chair@kent.demo');
    await chair.goto(`${caseUrl}/actions/stage1.appeal-notified`);
    await chair.getByRole('button', { name: 'Record' }).click();
    await chair.waitForURL((url) => url.pathname === caseUrl);

    // A booking: in the past refused, then booked.
    await chair
      .getByRole('link', { name: /^Book a date/ })
      .first()
      .click();
    await expectAccessible(chair);
    expect(await errorsChecked(chair, 'Book')).toContain('Enter the date it is booked for');
    await chair.getByLabel('Day').fill('27');
    await chair.getByLabel('Month').fill('11');
    await chair.getByLabel('Year').fill('2026');
    await chair.getByLabel('Time').fill('10:00');
    await chair.getByRole('button', { name: 'Book' }).click();
    await chair.waitForURL((url) => url.pathname === caseUrl);
    await expect(chair.locator('[data-test="bookings"]').textContent()).resolves.toContain('Fri 27 Nov 2026');
    await expectAccessible(chair);
    await picture(chair, 'casepage-booked');

    // A correction and a void of the chair's own record.
    await chair
      .getByRole('link', { name: /^Correct / })
      .first()
      .click();
    await expectAccessible(chair);
    expect(await errorsChecked(chair, 'Correct the record')).toContain('Enter why the record is being corrected');
    await chair.getByLabel('Reason').fill('Typed at the wrong time');
    await chair.getByLabel('Time').fill('11:30');
    await chair.getByRole('button', { name: 'Correct the record' }).click();
    await chair.waitForURL((url) => url.pathname === caseUrl);
    await expect(chair.locator('[data-test="correction"]').first().textContent()).resolves.toContain('Typed at the wrong time');
    await chair
      .getByRole('link', { name: /^Void / })
      .first()
      .click();
    await expectAccessible(chair);
    expect(await errorsChecked(chair, 'Void the record')).toContain('Enter why the record is being voided');
    await picture(chair, 'casepage-void-errors');

    // The case's facts changed from the summary's Change link, through check your answers.
    await manager.goto(caseUrl);
    await manager.getByRole('link', { name: 'Change what is recorded about the case' }).click();
    await expectAccessible(manager);
    expect(await errorsChecked(manager, 'Continue')).toContain('Enter why the case’s facts are changing');
    await manager.getByLabel('There are separate complaints').check();
    await manager.getByLabel('Reason for the change').fill('The family complained separately about the school');
    await manager.getByRole('button', { name: 'Continue' }).click();
    await manager.getByRole('heading', { name: 'Check the change to the case’s facts' }).waitFor();
    await expectAccessible(manager);
    await picture(manager, 'casepage-facts-check');
    await manager.getByRole('button', { name: 'Confirm and record the change' }).click();
    await manager.waitForURL((url) => url.pathname === caseUrl);
    await expect(manager.locator('[data-test="summary"]').textContent()).resolves.toContain('There are separate complaints');

    // Withdrawn.
    await manager.goto(caseUrl);
    await manager.getByRole('link', { name: 'Withdraw the challenge' }).click();
    await expectAccessible(manager);
    expect(await errorsChecked(manager, 'Withdraw the challenge')).toContain('Enter why the complainant is withdrawing the challenge');
    await manager.getByLabel('Reason').fill('The family and the chair resolved it');
    await manager.getByRole('button', { name: 'Withdraw the challenge' }).click();
    await manager.waitForURL((url) => url.pathname === caseUrl);
    await expect(manager.locator('[data-test="status"]').textContent()).resolves.toBe('Closed');
    await expectAccessible(manager);
  });
  it('works with JavaScript turned off: a choice, a record and a correction', { timeout: 120_000 }, async () => {
    const h = harness();
    h.app.setNow(START);
    const caseUrl = `/cases/${await raiseKentCase(h)}`;
    h.app.setNow(new Date('2026-11-23T11:00:00Z'));
    const manager = await as(h, 'complaints-manager@kent.demo', false);
    await manager.goto(`${caseUrl}/actions/triage.decided`);
    await manager.getByRole('button', { name: 'Record' }).click();
    await manager.locator('.govuk-error-summary').waitFor();
    await manager.getByLabel('A representation about the conference decision').check();
    await manager.getByLabel('Reason', { exact: true }).fill('About the decision');
    await manager.getByRole('button', { name: 'Record' }).click();
    await manager.waitForURL((url) => url.pathname === caseUrl);
    h.app.setNow(new Date('2026-11-23T12:00:00Z'));
    const chair = await as(h, 'conference-chair@kent.demo', false);
    await chair.goto(caseUrl);
    await chair
      .getByRole('link', { name: 'Tell the appellant' })
      .or(chair.locator(`a[href="${caseUrl}/actions/stage1.appeal-notified"]`))
      .first()
      .click();
    await chair.getByRole('button', { name: 'Record' }).click();
    await chair.waitForURL((url) => url.pathname === caseUrl);
    await chair
      .getByRole('link', { name: /^Correct / })
      .first()
      .click();
    await chair.getByLabel('Reason').fill('Typed at the wrong time');
    await chair.getByLabel('Time').fill('11:30');
    await chair.getByRole('button', { name: 'Correct the record' }).click();
    await chair.waitForURL((url) => url.pathname === caseUrl);
    await expect(chair.locator('[data-test="correction"]').first().textContent()).resolves.toContain('Typed at the wrong time');
  });
});
