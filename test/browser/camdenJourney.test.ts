/**
 * THE JOURNEY (issue 12, "Done when"): a newcomer signs in as the demo Camden complaints manager
 * and, without reading any documentation, takes a case from a letter of complaint through Stage 1
 * and the CSCP Complaints Panel to the panel's decision letter recorded as sent. Nobody else signs
 * in: the complaints manager keeps the case file and records each step on behalf of the colleague
 * who took it (ADR 0030), from the raise pages to the last letter, with JavaScript off.
 *
 * axe needs script in the page it checks, so each page type the no-JavaScript browser reaches is
 * checked as it was served: its HTML is loaded into a second, script-enabled page of the same
 * origin (same stylesheets), once per page type.
 */
import { expect, it } from 'vitest';
import { browserSuite, expectAccessible, signIn } from '../support/browser.js';

const START = new Date('2026-11-23T10:00:00Z');
const SCREENSHOTS = process.env['SCREENSHOT_DIR'];

browserSuite('the Camden journey: the complaints manager alone, JavaScript off', { now: START }, (harness) => {
  it('from a letter of complaint to the panel’s decision letter, sent', { timeout: 120_000 }, async () => {
    const h = harness();
    const at = (iso: string) => {
      h.app.setNow(new Date(iso));
    };
    const page = await (await h.context({ javaScript: false })).newPage();
    page.setDefaultTimeout(20_000);
    const axePage = await (await h.context()).newPage();
    await axePage.goto('/sign-in');
    const checked = new Set<string>();
    /** axe on what the no-JavaScript browser was served, once per page type; a screenshot of each when asked for. */
    const look = async (type: string) => {
      if (SCREENSHOTS !== undefined) await page.screenshot({ path: `${SCREENSHOTS}/camden-${type}.png`, fullPage: true });
      if (checked.has(type)) return;
      checked.add(type);
      await axePage.setContent(await page.content(), { waitUntil: 'load' });
      await expectAccessible(axePage);
    };
    const next = () => page.getByRole('button', { name: 'Continue' }).click();
    const errorSummary = async () => (await page.locator('.govuk-error-summary').textContent()) ?? '';

    await signIn(page, 'complaints-manager@camden.demo');
    // My work has a section for what is due from colleagues (the demo cases fill it under npm start).
    await expect(page.locator('[data-test="colleagues-work"] h2').textContent()).resolves.toMatch(/Due from colleagues/);
    await look('my-work');

    // The letter of complaint, raised through the raise pages (ADR 0029).
    await page.getByRole('link', { name: 'Cases', exact: true }).first().click();
    await page
      .getByRole('button', { name: 'Raise a case' })
      .or(page.getByRole('link', { name: 'Raise a case' }))
      .first()
      .click();
    await page.getByRole('button', { name: 'Start now' }).click();
    await page.getByLabel(/DEMO-1/).check();
    await next();
    await page.getByLabel('The conference: how it was run, or its decision').check();
    await next();
    await page.getByLabel('A parent').check();
    await page.getByLabel('Their full name').fill('Jo Parent');
    await page.getByLabel('Their relationship to the child').fill('Mother');
    await page.getByLabel('How to contact them').fill('1 High Street, London NW1');
    await next();
    await page.getByLabel('No').check();
    await next();
    await page.getByLabel('Letter, first class post').check();
    await page.getByLabel('Day').fill('23');
    await page.getByLabel('Month').fill('11');
    await page.getByLabel('Year').fill('2026');
    await page.getByLabel('Time received').fill('09:30');
    await next();
    await page.getByLabel('The decision on a child protection plan').check();
    await next();
    await page.waitForURL('**/cases/new/triage');
    await page.locator('#aboutChair-2').check();
    await page.locator('#legalProceedings-2').check();
    await page.locator('#otherIssues-2').check();
    await next();
    await page.waitForURL('**/cases/new/check');
    await page.getByRole('button', { name: 'Raise the case' }).click();
    await page.waitForURL('**/cases/new/raised');
    await page.getByRole('link', { name: /Go to the case|Open the case|View the case/ }).click();
    const caseUrl = new URL(page.url()).pathname;
    expect(caseUrl).toMatch(/^\/cases\/[^/]+$/);
    await expect(page.locator('[data-test="decision-stands"]').textContent()).resolves.toContain(
      'stands while the challenge is considered',
    );
    await look('case');
    // My work now says what is due, and from whom: the chair's meeting, to record for them.
    await page.getByRole('link', { name: 'My work' }).click();
    const due = (await page.locator('[data-test="colleagues-work"]').textContent()) ?? '';
    expect(due.replace(/\s+/g, ' ')).toMatch(/Meet the complainant.*Demo Conference chair \(camden\) \(Conference chair\)/);

    /** From the case page, records a step the procedure gives to a colleague, for that colleague. */
    const recordFor = async (label: string, who: RegExp, fill?: () => Promise<void>) => {
      await page.goto(caseUrl);
      const item = page.locator('[data-test="recordable-actions"] li').filter({ hasText: label });
      await item.getByRole('link', { name: /Record it for them/ }).click();
      await page.getByRole('heading', { level: 1, name: label }).waitFor();
      await page.getByRole('group', { name: 'Who took this step?' }).getByLabel(who).check();
      if (fill !== undefined) await fill();
      await page.getByRole('button', { name: 'Record' }).click();
      await page.waitForURL((url) => url.pathname === caseUrl);
      await page.locator('.govuk-notification-banner--success').waitFor();
    };
    const chair = /Demo Conference chair/;
    const coordinator = /Demo Panel coordinator/;

    // Stage 1: the conference chair's steps, recorded from the chair's notes.
    at('2026-11-23T14:00:00Z');
    await recordFor('Share the complaint with the Head of Quality Assurance and the Local Authority Complaints Officer', chair, () =>
      look('record-for'),
    );
    at('2026-11-26T15:00:00Z');
    await recordFor('Meet the complainant', chair, async () => {
      await page.getByRole('group', { name: 'When was the meeting held?' }).getByLabel('Day').fill('26');
      await page.getByLabel('Time').fill('11:00');
    });
    at('2026-11-27T16:00:00Z');
    await recordFor('Send the Stage 1 written response', chair, async () => {
      await page.getByLabel('Email', { exact: true }).check();
      await page.getByLabel('Notes of the meeting').fill('We met on 26 November and went through your concerns.');
      await page.getByLabel('The outcome of the meeting').fill('The decision stands.');
      await page.getByLabel('How to take the concerns further').fill('Write to the CSCP asking for the Complaints Panel.');
    });

    // Stage 2: the complainant writes to the CSCP; the Development Officer's steps, recorded for them.
    at('2026-12-02T10:00:00Z');
    await recordFor('Record the written complaint to the CSCP asking for a panel', coordinator, () =>
      page.getByLabel('The reasons given (optional)').fill('Still disagrees with the plan.'),
    );

    at('2026-12-03T10:00:00Z');
    await page.goto(caseUrl);
    const convene = 'Convene the CSCP Complaints Panel';
    await page.locator('[data-test="recordable-actions"] li').filter({ hasText: convene }).getByRole('link').click();
    await page.getByRole('group', { name: 'Who took this step?' }).getByLabel(coordinator).check();
    // An invalid panel first: one member, the challenged conference's chair in the chair.
    await page.getByLabel('Demo panel member, health (camden)').check();
    await page.getByLabel('Who chairs it?').selectOption({ label: 'Demo Conference chair (camden)' });
    await page.getByRole('button', { name: 'Record' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    const refusal = await errorSummary();
    expect(refusal).toMatch(/\(camden 4\.5\)/);
    await look('panel-refused');
    // Nothing typed is lost; a valid panel now.
    await expect(page.getByRole('group', { name: 'Who took this step?' }).getByLabel(coordinator).isChecked()).resolves.toBe(true);
    await expect(page.getByLabel('Demo panel member, health (camden)').isChecked()).resolves.toBe(true);
    await page.getByLabel('Demo Panel member (camden)').check();
    await page.getByLabel('Demo panel member, police (camden)').check();
    await page.getByLabel('Who chairs it?').selectOption({ label: 'Demo Panel member (camden)' });
    await page.getByRole('button', { name: 'Record' }).click();
    await page.waitForURL((url) => url.pathname === caseUrl);

    at('2026-12-04T10:00:00Z');
    await recordFor('Provide the panel with its papers', coordinator);
    at('2026-12-08T15:00:00Z');
    await recordFor('Meet the complainant, the conference chair and other relevant people', coordinator, () =>
      page
        .getByLabel('Who took the minutes?')
        .selectOption('camden.panel-coordinator')
        .then(() => undefined),
    );
    at('2026-12-10T15:00:00Z');
    await recordFor('Hold the panel meeting to reach a decision', coordinator, () =>
      page
        .getByLabel('Who took the minutes?')
        .selectOption('camden.panel-coordinator')
        .then(() => undefined),
    );

    // The panel's chair decides; the complaints manager records it from the minutes.
    at('2026-12-10T16:00:00Z');
    await recordFor("Record the panel's decision", /Demo Panel member \(/, async () => {
      await page.getByLabel('Confirm the conference decision stands and will be reviewed at the review conference').check();
      await page.getByRole('group', { name: 'Were the procedures followed?' }).getByLabel('Yes').check();
      await page.getByRole('group', { name: 'Was the decision reasonable?' }).getByLabel('Yes').check();
      await page.getByLabel('Reasons for the decision').fill('The conference followed the procedure and its decision was reasonable.');
    });

    at('2026-12-11T11:00:00Z');
    await recordFor("Send the panel's decision letter", coordinator, async () => {
      await page.getByLabel('Email', { exact: true }).check();
      for (const box of await page.locator('main textarea').all()) {
        const id = (await box.getAttribute('id')) ?? '';
        if (id !== 'content-delay-explanation') await box.fill(`The panel's ${id.replace(/^content-/, '').replace(/-/g, ' ')}.`);
      }
    });

    const timeline = (await page.locator('[data-test="timeline"]').textContent()) ?? '';
    expect(timeline).toContain("Send the panel's decision letter");
    expect(timeline).toMatch(/Recorded by Demo Complaints manager \(camden\)\s+for Demo Panel coordinator/);
    expect(timeline).toMatch(/Recorded by Demo Complaints manager \(camden\)\s+for Demo Conference chair/);
    await look('case-end');
  });
});
