/**
 * THE JOURNEY (issue 12): the demo Camden complaints manager raises a case from a letter of
 * complaint, and it is taken through Stage 1 and the CSCP Complaints Panel (one invalid panel
 * refused with its clause) to the panel's decision letter recorded as sent, entirely through the
 * case pages, each person signed in as themselves, with axe checking every page.
 */
import type { BrowserContext } from 'playwright-core';
import { expect, it } from 'vitest';
import { browserSuite, expectAccessible, type BrowserHarness } from '../support/browser.js';
import { as, open, record } from '../support/caseJourney.js';

const START = new Date('2026-11-23T10:00:00Z');

/**
 * Raises the Camden case from the letter of complaint. No raise page has landed yet, so this goes
 * through the service as the complaints manager; when /cases/new lands, this is the one function
 * to swap for its pages.
 */
async function raiseFromLetter(h: BrowserHarness): Promise<string> {
  const manager = await h.app.services.staff.principalOfUser('camden.complaints-manager');
  if (manager === undefined) throw new Error('no demo complaints manager');
  const raised = await h.app.services.cases.raise(
    manager,
    {
      conferenceId: 'camden.conference.demo',
      track: 'family',
      subject: 'conference',
      complainant: { kind: 'parent' },
      aspects: ['decision'],
      receivedAt: START,
      receivedBy: 'first-class-post',
      summary: 'Letter of complaint about the decision to make a child protection plan',
    },
    START,
  );
  return raised.id;
}

browserSuite('the Camden journey, through the case pages', { now: START }, (harness) => {
  it('from a letter of complaint to the panel’s decision letter, sent', { timeout: 240_000 }, async () => {
    const h = harness();
    const contexts: BrowserContext[] = [];
    const at = (iso: string) => {
      h.app.setNow(new Date(iso));
    };

    const manager = await as(h, 'complaints-manager@camden.demo', contexts);
    const caseId = await raiseFromLetter(h);
    const caseUrl = `/cases/${caseId}`;
    await manager.goto(caseUrl);
    await expectAccessible(manager);
    await expect(manager.locator('[data-test="decision-stands"]').textContent()).resolves.toContain(
      'stands while the challenge is considered',
    );
    await expect(manager.locator('[data-test="summary"]').textContent()).resolves.toContain('Stage 1');
    await manager.screenshot({ path: '/tmp/casepage-case.png', fullPage: true });

    // Stage 1: the conference chair shares the complaint, meets the complainant, writes back.
    at('2026-11-23T14:00:00Z');
    const chair = await as(h, 'conference-chair@camden.demo', contexts);
    await open(chair, caseUrl, 'Share the complaint with the Head of Quality Assurance and the Local Authority Complaints Officer');
    await record(chair, caseUrl);

    at('2026-11-26T15:00:00Z');
    await open(chair, caseUrl, 'Meet the complainant');
    await chair.getByRole('group', { name: 'When was the meeting held?' }).getByLabel('Day').fill('26');
    await chair.getByLabel('Time').fill('11:00');
    await chair.screenshot({ path: '/tmp/casepage-meeting.png', fullPage: true });
    await record(chair, caseUrl);

    at('2026-11-27T16:00:00Z');
    await open(chair, caseUrl, 'Send the Stage 1 written response');
    // Sent without its content: each missing item named with its clause.
    await chair.getByRole('button', { name: 'Record' }).click();
    await chair.locator('.govuk-error-summary').waitFor();
    await expect(chair.locator('.govuk-error-summary').textContent()).resolves.toMatch(/Select how the letter was sent/);
    await expectAccessible(chair);
    await chair.getByLabel('Email', { exact: true }).check();
    await chair.getByLabel('Notes of the meeting').fill('We met on 26 November and went through your concerns.');
    await chair.getByLabel('The outcome of the meeting').fill('The decision stands.');
    await chair.getByLabel('How to take the concerns further').fill('Write to the CSCP asking for the Complaints Panel.');
    await chair.screenshot({ path: '/tmp/casepage-letter.png', fullPage: true });
    await record(chair, caseUrl);

    // Stage 2: the complainant asks for the panel; the CSCP Development Officer convenes it.
    at('2026-12-02T10:00:00Z');
    const coordinator = await as(h, 'panel-coordinator@camden.demo', contexts);
    await open(coordinator, caseUrl, 'Record the written complaint to the CSCP asking for a panel');
    await coordinator.getByLabel('The reasons given (optional)').fill('Still disagrees with the plan.');
    await record(coordinator, caseUrl);

    at('2026-12-03T10:00:00Z');
    await open(coordinator, caseUrl, 'Convene the CSCP Complaints Panel');
    // An invalid panel: one member, the challenged conference's chair in the chair.
    await coordinator.getByLabel('Demo panel member, health (camden)').check();
    await coordinator.getByLabel('Who chairs it?').selectOption({ label: 'Demo Conference chair (camden)' });
    await coordinator.getByRole('button', { name: 'Record' }).click();
    await coordinator.locator('.govuk-error-summary').waitFor();
    const refusal = (await coordinator.locator('.govuk-error-summary').textContent()) ?? '';
    expect(refusal).toMatch(/\(camden 4\.5\)/);
    expect(refusal).toMatch(/\(camden 4\.8\)/);
    await expectAccessible(coordinator);
    await coordinator.screenshot({ path: '/tmp/casepage-panel-refused.png', fullPage: true });
    // Everything chosen is still chosen; a valid panel now.
    await expect(coordinator.getByLabel('Demo panel member, health (camden)').isChecked()).resolves.toBe(true);
    await coordinator.getByLabel('Demo Panel member (camden)').check();
    await coordinator.getByLabel('Demo panel member, police (camden)').check();
    await coordinator.getByLabel('Who chairs it?').selectOption({ label: 'Demo Panel member (camden)' });
    await record(coordinator, caseUrl);

    at('2026-12-04T10:00:00Z');
    await open(coordinator, caseUrl, 'Provide the panel with its papers');
    await record(coordinator, caseUrl);
    at('2026-12-08T15:00:00Z');
    await open(coordinator, caseUrl, 'Meet the complainant, the conference chair and other relevant people');
    await coordinator.getByLabel('Who took the minutes?').selectOption('camden.panel-coordinator');
    await record(coordinator, caseUrl);
    at('2026-12-10T15:00:00Z');
    await open(coordinator, caseUrl, 'Hold the panel meeting to reach a decision');
    await coordinator.getByLabel('Who took the minutes?').selectOption('camden.panel-coordinator');
    await record(coordinator, caseUrl);

    // The panel decides; its chair records the decision and the decision letter.
    at('2026-12-10T16:00:00Z');
    const panelChair = await as(h, 'panel-member@camden.demo', contexts);
    await open(panelChair, caseUrl, "Record the panel's decision");
    await panelChair.getByLabel('Confirm the conference decision stands and will be reviewed at the review conference').check();
    await panelChair.getByRole('group', { name: 'Were the procedures followed?' }).getByLabel('Yes').check();
    await panelChair.getByRole('group', { name: 'Was the decision reasonable?' }).getByLabel('Yes').check();
    await panelChair.getByLabel('Reasons for the decision').fill('The conference followed the procedure and its decision was reasonable.');
    await panelChair.screenshot({ path: '/tmp/casepage-decision.png', fullPage: true });
    await record(panelChair, caseUrl);

    at('2026-12-11T11:00:00Z');
    await open(panelChair, caseUrl, "Send the panel's decision letter");
    await panelChair.getByLabel('Email', { exact: true }).check();
    for (const box of await panelChair.locator('main textarea').all()) {
      const id = (await box.getAttribute('id')) ?? '';
      if (id !== 'content-delay-explanation') await box.fill(`The panel's ${id.replace(/^content-/, '').replace(/-/g, ' ')}.`);
    }
    await panelChair.screenshot({ path: '/tmp/casepage-decision-letter.png', fullPage: true });
    await record(panelChair, caseUrl);

    const timeline = (await panelChair.locator('[data-test="timeline"]').textContent()) ?? '';
    expect(timeline).toContain("Send the panel's decision letter");
    expect(timeline).toContain('Convene the CSCP Complaints Panel');
    await panelChair.screenshot({ path: '/tmp/casepage-journey-end.png', fullPage: true });
    for (const context of contexts) await context.close();
  });
});
