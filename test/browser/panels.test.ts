/**
 * The panel and outcomes pages in Debian's chromium with axe (WCAG 2.2 AA, zero violations), with
 * and without errors, one of them without JavaScript (ADR 0026).
 */
import { expect, it } from 'vitest';
import { browserSuite, expectAccessible, picture, signIn } from '../support/browser.js';
import { kentCaseAtReviewPanel, kentReviewPanelLetterSent } from '../support/kentJourney.js';

browserSuite('panel pages, in a real browser', { now: new Date('2026-11-23T10:00:00Z') }, (harness) => {
  it('proposes an invalid panel, is shown each failure with its clause, convenes a valid one, and records the decision; every page accessible', async () => {
    const t = harness().app;
    const { caseId } = await kentCaseAtReviewPanel(t);

    // Without JavaScript: the check is a plain form post.
    const noScript = await (await harness().context({ javaScript: false })).newPage();
    await signIn(noScript, 'conference-service-manager@kent.demo');
    await noScript.goto(`/cases/${caseId}/panel`);
    await noScript.getByLabel('Demo panel member, health (kent)').check();
    await noScript.getByLabel('Chair', { exact: true }).selectOption('kent.panel-member-health');
    await noScript.getByRole('button', { name: 'Check panel' }).click();
    await noScript.locator('.govuk-error-summary').waitFor();
    expect(await noScript.locator('.govuk-error-summary').textContent()).toContain('The panel needs a member from the police (kent 9 ¶3)');

    const page = await (await harness().context()).newPage();
    await signIn(page, 'conference-service-manager@kent.demo');
    await page.goto(`/cases/${caseId}/panel`);
    await expectAccessible(page);
    await picture(page, 'panel-propose');

    await page.getByLabel('Demo panel member, health (kent)').check();
    await page.getByLabel('Chair', { exact: true }).selectOption('kent.panel-member-health');
    await page.getByRole('button', { name: 'Check panel' }).click();
    await page.locator('.govuk-error-summary:focus').waitFor();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('The panel needs a member from the police (kent 9 ¶3)');
    await expectAccessible(page);
    await picture(page, 'panel-check-failed');

    await page.getByLabel('Demo panel member, police (kent)').check();
    await page.getByLabel('Chair', { exact: true }).selectOption('kent.panel-member');
    await page.getByRole('button', { name: 'Convene the formal Review Panel' }).click();
    await page.getByRole('heading', { name: 'Panel convened' }).waitFor();
    await expectAccessible(page);

    await page.getByLabel('Member', { exact: true }).selectOption('kent.panel-member-police');
    await page.getByLabel('No, they decline to declare it').check();
    await page.getByRole('button', { name: 'Record declaration' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    await expectAccessible(page);
    await page.getByLabel('If they decline, why').fill('Line-managed the social worker in 2025');
    await page.getByRole('button', { name: 'Record declaration' }).click();
    await page.getByRole('heading', { name: 'Declaration recorded' }).waitFor();
    // Correcting the panel's members: a reason is required; the page with its errors is accessible.
    await page.getByRole('link', { name: 'Correct the panel’s members' }).click();
    await page.getByRole('button', { name: 'Correct the panel' }).click();
    await page.locator('.govuk-error-summary:focus').waitFor();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Enter why the panel’s members are being corrected');
    await expectAccessible(page);
    await picture(page, 'panel-correct-errors');
    await page.getByRole('link', { name: 'Cancel and go back to the panel' }).click();
    await page.getByRole('button', { name: 'Provide the panel with its papers' }).click();
    await page.getByRole('button', { name: 'Hold the Review Panel meeting' }).click();
    await page.getByText('Hold the Review Panel meeting: done.', { exact: true }).waitFor();
    await expectAccessible(page);
    await picture(page, 'panel-convened');

    const member = await (await harness().context()).newPage();
    await signIn(member, 'panel-member@kent.demo');
    await member.goto(`/cases/${caseId}/panel`);
    await member.getByRole('button', { name: 'Record decision' }).click();
    await member.locator('.govuk-error-summary:focus').waitFor();
    await expectAccessible(member);
    await picture(member, 'panel-decision-errors');
    await member.getByLabel('Recommend a Child Protection Review Conference under a different chair').check();
    await member.locator('#proceduresFollowed-2').check();
    await member.locator('#decisionReasonable').check();
    await member.getByLabel('Reasons for the decision').fill('The father’s report was not considered');
    await member.getByLabel('Learning points (optional)').fill('Circulate reports before the conference');
    await member.getByLabel('Recommendation 1: agency').selectOption('police');
    await member.getByLabel('Recommendation 1', { exact: true }).fill('Share strategy discussion notes');
    await member.getByRole('button', { name: 'Record decision' }).click();
    await member.waitForURL((url) => url.pathname.endsWith('/outcomes'));
    await expectAccessible(member);
    await picture(member, 'outcomes');
    expect(await member.locator('main').textContent()).toContain('To do');

    // Once the decision letter has gone, the complaints manager records the chairs' manager's step for them (ADR 0030):
    // the question, its error and its answer are accessible.
    t.setNow(new Date('2026-12-11T10:00:00Z'));
    await kentReviewPanelLetterSent(t, caseId);
    const keeper = await (await harness().context()).newPage();
    await signIn(keeper, 'complaints-manager@kent.demo');
    await keeper.goto(`/cases/${caseId}/outcomes`);
    const arrange = keeper.getByRole('button', { name: 'Record: Arrange the Child Protection Review Conference' });
    await arrange.click();
    await keeper.locator('.govuk-error-summary:focus').waitFor();
    expect(await keeper.locator('.govuk-error-summary').textContent()).toContain('Select who took this step');
    await expectAccessible(keeper);
    await picture(keeper, 'outcomes-who-took');
    await keeper.getByLabel('Demo Conference service manager (kent) (Conference service manager)').check();
    await arrange.click();
    await keeper.getByText('Arrange the Child Protection Review Conference: done.', { exact: true }).waitFor();
    expect(await keeper.locator('main').textContent()).toContain(
      'recorded by Demo Complaints manager (kent) for Demo Conference service manager (kent)',
    );
    await expectAccessible(keeper);

    await page.goto(`/cases/${caseId}/documents`);
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.locator('.govuk-error-summary:focus').waitFor();
    await expectAccessible(page);
    await page.getByLabel('Report').check();
    await page.getByLabel('Upload a file').setInputFiles({ name: 'report.txt', mimeType: 'text/plain', buffer: Buffer.from('A report') });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByRole('heading', { name: 'Document uploaded' }).waitFor();
    await expectAccessible(page);
    await picture(page, 'documents');
  }, 400_000);
});
