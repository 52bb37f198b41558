/**
 * A Kent case through the case pages, from the representation to the Review Panel's decision
 * letter (kent 5 to kent 9), with one invalid Review Panel refused with its clauses; every page
 * checked by axe.
 */
import type { BrowserContext } from 'playwright-core';
import { expect, it } from 'vitest';
import { browserSuite, expectAccessible, picture, type BrowserHarness } from '../support/browser.js';
import { as, fillLetter, open, record, step } from '../support/caseJourney.js';

const START = new Date('2026-11-23T10:00:00Z');

/** Raised through the service (no raise page has landed yet): the one function to swap for the raise pages. */
async function raiseFromLetter(h: BrowserHarness): Promise<string> {
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
      receivedBy: 'first-class-post',
      summary: 'Letter disagreeing with the decision to make a plan',
    },
    START,
  );
  return raised.id;
}

browserSuite('the Kent journey, through the case pages', { now: START }, (harness) => {
  it('from the representation to the Review Panel’s decision letter, sent', { timeout: 300_000 }, async () => {
    const h = harness();
    const contexts: BrowserContext[] = [];
    const at = (iso: string) => {
      h.app.setNow(new Date(iso));
    };
    const caseUrl = `/cases/${await raiseFromLetter(h)}`;

    at('2026-11-23T11:00:00Z');
    const careManager = await as(h, 'complaints-manager@kent.demo', contexts);
    await step(careManager, caseUrl, 'Decide, with the conference chair, whether this is a complaint or a representation', async (p) => {
      await p.getByLabel('A representation about the conference decision').check();
      await p.getByLabel('Reason', { exact: true }).fill('About the decision, not the service');
    });

    at('2026-11-23T12:00:00Z');
    const chair = await as(h, 'conference-chair@kent.demo', contexts);
    await step(
      chair,
      caseUrl,
      "Tell the Customer Care Manager, the Chair's Manager and everyone invited to the conference that an appeal has been made",
    );
    at('2026-11-30T11:00:00Z');
    await step(chair, caseUrl, 'Meet the appellant', async (p) => {
      await p.getByLabel('Who took the minutes?').selectOption('kent.minute-taker');
    });
    at('2026-12-01T10:00:00Z');
    await step(chair, caseUrl, 'Send the Stage 1 written response', fillLetter);

    at('2026-12-02T10:00:00Z');
    const chairsManager = await as(h, 'conference-service-manager@kent.demo', contexts);
    await step(chairsManager, caseUrl, 'Record the written request for Stage 2', async (p) => {
      await p.getByLabel('The reasons given (optional)').fill('Still disagrees');
    });
    at('2026-12-04T10:00:00Z');
    await step(chairsManager, caseUrl, 'Hold the Stage 2 meeting');
    at('2026-12-07T10:00:00Z');
    await step(chairsManager, caseUrl, 'Send the Stage 2 letter', fillLetter);

    at('2026-12-08T10:00:00Z');
    const director = await as(h, 'senior-safeguarding-manager@kent.demo', contexts);
    await step(director, caseUrl, 'Record the letter to the Assistant Area Director stating the reasons');
    at('2026-12-08T11:00:00Z');
    await step(chairsManager, caseUrl, 'Tell the KSCMP Systems Improvement Manager a Review Panel is sought');
    at('2026-12-09T10:00:00Z');
    await step(director, caseUrl, 'Decide whether to refer to the formal Review Panel', async (p) => {
      await p.locator('input[name="option"]').first().check();
      await p.getByLabel('Reason', { exact: true }).fill('The appraisal supports a Review Panel');
    });

    at('2026-12-10T10:00:00Z');
    await open(chairsManager, caseUrl, 'Convene the formal Review Panel');
    await chairsManager.getByLabel('Demo panel member, health (kent)').check();
    await chairsManager.getByLabel('Who chairs it?').selectOption({ label: 'Demo Conference chair (kent)' });
    await chairsManager.getByRole('button', { name: 'Record' }).click();
    await chairsManager.locator('.govuk-error-summary').waitFor();
    expect((await chairsManager.locator('.govuk-error-summary').textContent()) ?? '').toMatch(/\(kent 9 ¶\d+\)/);
    await expectAccessible(chairsManager);
    await chairsManager.getByLabel('Demo Panel member (kent)').check();
    await chairsManager.getByLabel('Demo panel member, police (kent)').check();
    await chairsManager.getByLabel('Who chairs it?').selectOption({ label: 'Demo Panel member (kent)' });
    await record(chairsManager, caseUrl);
    await step(chairsManager, caseUrl, 'Provide the panel with its papers');

    at('2026-12-22T12:00:00Z');
    const panelChair = await as(h, 'panel-member@kent.demo', contexts);
    await step(panelChair, caseUrl, 'Hold the Review Panel meeting');
    at('2026-12-22T15:00:00Z');
    await step(panelChair, caseUrl, "Record the Review Panel's decision", async (p) => {
      await p.getByLabel('Confirm the conference decision stands, to be reviewed at the review conference').check();
      await p.getByRole('group', { name: 'Were the procedures followed?' }).getByLabel('Yes').check();
      await p.getByRole('group', { name: 'Was the decision reasonable?' }).getByLabel('Yes').check();
      await p.getByLabel('Reasons for the decision').fill('The procedures were followed and the decision was reasonable.');
    });
    at('2026-12-23T10:00:00Z');
    await step(panelChair, caseUrl, "Send the Review Panel's decision letter", fillLetter);
    expect((await panelChair.locator('[data-test="timeline"]').textContent()) ?? '').toContain("Send the Review Panel's decision letter");
    await picture(panelChair, 'casepage-kent-end');
    for (const context of contexts) await context.close();
  });
});
