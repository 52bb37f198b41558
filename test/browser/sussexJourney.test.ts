/**
 * Pan-Sussex (procedure 5.7) through the pages, each member of the demo staff signed in as
 * themselves: a parent's complaint received by letter, raised through the raise pages, taken
 * through Stage 1, Stage 2 and the Complaint and Appeal Panel (one panel refused under the
 * rules of 5.7.23 and 5.7.29) to the panel's conclusions drafted, previewed, downloaded and
 * recorded as sent; and a professional's dissent raised through the pages and taken to the Head of
 * Safeguarding and Review's decision. Axe checks each type of page once.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { APIResponse, BrowserContext, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { browserSuite, expectAccessible, picture, type BrowserHarness } from '../support/browser.js';
import { as, fillLetter } from '../support/caseJourney.js';
import { raiseThroughPages } from '../support/raisePages.js';

const START = new Date('2026-11-23T10:00:00Z');
/** Set SCREENSHOT_DIR to keep a full-page picture of the pages the journeys pass. */
const shot = (page: Page, name: string) => picture(page, `sussex-${name}`);

/** Axe runs once for each type of page (CI's time is short): the first time each is seen. */
const checked = new Set<string>();
async function accessibleOnce(page: Page, type: string): Promise<void> {
  if (checked.has(type)) return;
  checked.add(type);
  await expectAccessible(page);
}

/** Opens the step from the case page by its procedure label (a form of this kind). */
async function open(page: Page, caseUrl: string, kind: string, label: string): Promise<void> {
  await page.goto(caseUrl);
  await accessibleOnce(page, 'case');
  await page.getByRole('link', { name: label, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: label }).waitFor();
  await accessibleOnce(page, `${kind} form`);
}

/** Sends the form and expects to be back on the case with the success banner. */
async function record(page: Page, caseUrl: string): Promise<void> {
  await page.getByRole('button', { name: 'Record' }).click();
  await page.waitForURL((url) => url.pathname === caseUrl);
  await page.locator('.govuk-notification-banner--success').waitFor();
  await accessibleOnce(page, 'case, after a step');
}

/** Opens a step, lets `fill` complete its form, and records it. */
async function step(page: Page, caseUrl: string, kind: string, label: string, fill?: (page: Page) => Promise<void>): Promise<void> {
  await open(page, caseUrl, kind, label);
  if (fill !== undefined) await fill(page);
  await record(page, caseUrl);
}

/** The row of the case page's deadlines table for this step. */
async function deadline(page: Page, label: string): Promise<string> {
  const row = page.locator('[data-test="deadlines"] tbody tr').filter({ hasText: label });
  return ((await row.first().textContent()) ?? '').replace(/\s+/g, ' ');
}

/** The text of a downloaded PDF as Debian's poppler reads it: proves the file opens. */
async function pdfText(response: APIResponse): Promise<string> {
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/pdf');
  const dir = mkdtempSync(join(tmpdir(), 'cc-sussex-'));
  try {
    const file = join(dir, 'letter.pdf');
    writeFileSync(file, await response.body());
    return execFileSync('/usr/bin/pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The words of a downloaded .docx's body, unzipped: proves the file opens as a Word package. */
async function docxWords(response: APIResponse): Promise<string> {
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  const xml = unzipSync(new Uint8Array(await response.body()))['word/document.xml'];
  if (xml === undefined) throw new Error('no word/document.xml in the .docx');
  return strFromU8(xml)
    .replace(/<w:br\/>/g, ' ')
    .replace(/<\/w:p>/g, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ');
}

browserSuite('the Pan-Sussex journeys, through the pages', { now: START }, (harness) => {
  it(
    'a parent’s letter of complaint, raised through the raise pages, to the Complaint and Appeal Panel’s conclusions, sent',
    { timeout: 400_000 },
    async () => {
      const h: BrowserHarness = harness();
      const contexts: BrowserContext[] = [];
      const at = (iso: string) => {
        h.app.setNow(new Date(iso));
      };

      // The demo conference was held on Thu 19 Nov 2026 (two working days before START); the
      // mother's letter arrived on Mon 23 Nov at 09:00 and is raised that morning.
      const manager = await as(h, 'complaints-manager@pan-sussex.demo', contexts);
      const caseId = await raiseThroughPages(manager, {
        conference: /DEMO-1:/,
        track: 'Complaint by a child, young person, family member, carer or advocate',
        complainant: { kind: 'A parent', name: 'Jo Demo-Parent', relationship: 'Mother', contact: '1 Demo Street, Brighton BN1 1AA' },
        received: { method: 'Letter, first class post', on: '2026-11-23', time: '09:00' },
        aspects: ['The decision on a child protection plan'],
        summary: 'Letter disagreeing with the decision to make a child protection plan',
      });
      const caseUrl = `/cases/${caseId}`;
      await manager.goto(caseUrl);
      await accessibleOnce(manager, 'case');
      await expect(manager.locator('[data-test="summary"]').textContent()).resolves.toContain('Stage 1');
      // pan-sussex 5.7.14: the chair meets the complainant within 10 working days of receipt:
      // received Mon 23 Nov, ten working days on is Mon 7 Dec.
      expect(await deadline(manager, 'Meet the complainant')).toContain('By the end of Mon 7 Dec 2026');
      await shot(manager, 'case-raised');

      // Stage 1: the conference chair tells their manager, meets the mother with a note taker, writes back.
      at('2026-11-23T11:00:00Z');
      const chair = await as(h, 'conference-chair@pan-sussex.demo', contexts);
      await step(chair, caseUrl, 'record', "Tell the chair's manager that the complaint has been received");
      at('2026-11-30T15:00:00Z');
      await step(chair, caseUrl, 'meeting', 'Meet the complainant', async (p) => {
        await p.getByLabel('Who took the minutes?').selectOption('pan-sussex.minute-taker');
      });
      at('2026-12-03T10:00:00Z');
      await step(chair, caseUrl, 'letter', 'Send the Stage 1 written response', fillLetter);

      // Stage 2: the Reviewing Manager records the request, holds the complaint meeting and writes.
      at('2026-12-07T10:00:00Z');
      const reviewingManager = await as(h, 'conference-service-manager@pan-sussex.demo', contexts);
      await step(reviewingManager, caseUrl, 'request', 'Record the request for Stage 2', async (p) => {
        await p.getByLabel('The reasons given (optional)').fill('Still disagrees with the plan');
      });
      at('2026-12-14T10:00:00Z');
      await step(reviewingManager, caseUrl, 'meeting', 'Hold the Stage 2 complaint meeting', async (p) => {
        await p.getByLabel('Who took the minutes?').selectOption('pan-sussex.minute-taker');
      });
      at('2026-12-15T10:00:00Z');
      await step(reviewingManager, caseUrl, 'letter', 'Send the Stage 2 letter', fillLetter);

      // Stage 3: the mother tells the Complaints Manager she remains dissatisfied.
      at('2027-01-05T10:00:00Z');
      await step(manager, caseUrl, 'request', 'Record the notice of continued dissatisfaction, with reasons', async (p) => {
        await p.getByLabel('The reasons given (optional)').fill('The meeting did not address the plan');
      });
      // pan-sussex 5.7.28: the panel is convened within 20 working days of the complainant's letter,
      // received Tue 5 Jan 2027: twenty working days on is Tue 2 Feb 2027.
      expect(await deadline(manager, 'Convene the Complaint and Appeal Panel')).toContain('By the end of Tue 2 Feb 2027');
      await step(manager, caseUrl, 'record', 'Tell the Business Manager the complainant is appealing to the panel');

      at('2027-01-11T10:00:00Z');
      await open(manager, caseUrl, 'panel', 'Convene the Complaint and Appeal Panel');
      // Refused: two members where the panel needs at least three (pan-sussex 5.7.23), one of them
      // the chair of the conference being challenged (pan-sussex 5.7.29).
      await manager.getByLabel('Demo Conference chair (pan-sussex)').check();
      await manager.getByLabel('Demo panel member, health (pan-sussex)').check();
      await manager.getByLabel('Who chairs it?').selectOption({ label: 'Demo panel member, health (pan-sussex)' });
      await manager.getByRole('button', { name: 'Record' }).click();
      await manager.locator('.govuk-error-summary').waitFor();
      const refusal = (await manager.locator('.govuk-error-summary').textContent()) ?? '';
      expect(refusal).toMatch(/\(pan-sussex 5\.7\.23\)/);
      expect(refusal).toMatch(/chaired the conference[^(]*\(pan-sussex 5\.7\.29\)/);
      await expectAccessible(manager);
      await shot(manager, 'panel-refused');
      // What was chosen is still chosen; a valid panel now.
      await expect(manager.getByLabel('Demo panel member, health (pan-sussex)').isChecked()).resolves.toBe(true);
      await manager.getByLabel('Demo Conference chair (pan-sussex)').uncheck();
      await manager.getByLabel('Demo Panel member (pan-sussex)').check();
      await manager.getByLabel('Demo panel member, police (pan-sussex)').check();
      await manager.getByLabel('Who chairs it?').selectOption({ label: 'Demo Panel member (pan-sussex)' });
      await record(manager, caseUrl);

      // Each member declares their independence as themselves, on the panel page.
      at('2027-01-12T10:00:00Z');
      const members: Page[] = [];
      for (const email of ['panel-member', 'panel-member-health', 'panel-member-police']) {
        const member = await as(h, `${email}@pan-sussex.demo`, contexts);
        members.push(member);
        await member.goto(`${caseUrl}/panel`);
        await member.getByLabel('Member', { exact: true }).selectOption(`pan-sussex.${email}`);
        await member.getByLabel('Yes, they declare independence').check();
        await member.getByRole('button', { name: 'Record declaration' }).click();
        await member.getByRole('heading', { name: 'Declaration recorded' }).waitFor();
      }
      const panelChair = members[0];
      if (panelChair === undefined) throw new Error('no panel chair');
      await panelChair.goto(`${caseUrl}/panel`);
      expect(await panelChair.locator('#declarations').textContent()).not.toContain('Outstanding');
      await expectAccessible(panelChair);
      await shot(panelChair, 'panel-declared');

      at('2027-01-13T10:00:00Z');
      await step(manager, caseUrl, 'record', 'Provide the panel with its papers');
      at('2027-01-20T14:00:00Z');
      await step(panelChair, caseUrl, 'meeting', 'Hold the panel meeting');
      at('2027-01-20T16:00:00Z');
      await step(panelChair, caseUrl, 'decision', "Record the panel's decision", async (p) => {
        await p.getByLabel('Confirm the conference decision stands, to be reviewed at the review conference').check();
        await p.getByRole('group', { name: 'Were the procedures followed?' }).getByLabel('Yes').check();
        await p.getByRole('group', { name: 'Was the decision reasonable?' }).getByLabel('Yes').check();
        await p
          .getByLabel('Reasons for the decision')
          .fill('The conference followed the procedures and its decision follows from the reports.');
      });
      // pan-sussex 5.7.30: the conclusions in writing within 10 working days of the meeting on
      // Wed 20 Jan 2027: Wed 3 Feb 2027.
      expect(await deadline(panelChair, "Put the panel's conclusions in writing")).toContain('By the end of Wed 3 Feb 2027');

      // The conclusions: drafted from the case, edited, previewed, downloaded, recorded as sent.
      at('2027-01-22T10:00:00Z');
      await panelChair.goto(`${caseUrl}/letters`);
      await expectAccessible(panelChair);
      await panelChair.getByRole('link', { name: "The Complaint and Appeal Panel's conclusions" }).click();
      await panelChair.waitForURL((url) => url.pathname.endsWith('/letters/panel-decision'));
      await expectAccessible(panelChair);
      await panelChair.locator('#section-reasons').fill('The panel heard from the mother and the conference chair and read the reports.');
      await panelChair.getByRole('button', { name: 'Save draft' }).click();
      await panelChair.getByText('Draft saved').first().waitFor();
      await panelChair.getByRole('link', { name: 'Preview the letter' }).click();
      await panelChair.waitForURL((url) => url.pathname.endsWith('/preview'));
      expect(await panelChair.locator('article').textContent()).toContain('The panel heard from the mother and the conference chair');
      await expectAccessible(panelChair);
      await shot(panelChair, 'letter-preview');
      const letterUrl = `${caseUrl}/letters/panel-decision`;
      const pdf = await pdfText(await panelChair.request.get(`${letterUrl}/letter.pdf`));
      const docx = await docxWords(await panelChair.request.get(`${letterUrl}/letter.docx`));
      for (const text of [pdf, docx]) {
        expect(text).toContain('Demo Panel member (pan-sussex), chair');
        expect(text).toContain('Demo panel member, health (pan-sussex)');
        expect(text).toContain('confirm the conference decision stands');
        expect(text).toContain('The panel heard from the mother and the conference chair and read the reports.');
        expect(text).toContain('Ombudsman');
        expect(text).toContain('judicial review');
      }
      await panelChair.getByRole('link', { name: 'Back to the letter' }).click();
      await panelChair.getByLabel('Email', { exact: true }).check();
      await panelChair.getByLabel('Day').fill('22');
      await panelChair.getByLabel('Month').fill('1');
      await panelChair.getByLabel('Year').fill('2027');
      await panelChair.getByRole('button', { name: 'Record as sent' }).click();
      await panelChair.getByText('Letter recorded as sent').first().waitFor();
      await expectAccessible(panelChair);

      // The Complaints Manager closes it: no further internal process (pan-sussex 5.7.37).
      at('2027-01-25T10:00:00Z');
      await step(manager, caseUrl, 'record', 'Close: the decision stands and will be reviewed at the review conference');
      await expect(manager.locator('[data-test="status"]').textContent()).resolves.toBe('Closed');
      await expect(manager.locator('[data-test="summary"]').textContent()).resolves.toContain(
        'The panel confirmed the conference decision stands',
      );
      const timeline = (await manager.locator('[data-test="timeline"]').textContent()) ?? '';
      expect(timeline).toContain("Send the panel's conclusions");
      expect(timeline).toContain('Convene the Complaint and Appeal Panel');
      expect(timeline).toContain('A panel member declared their independence from the case');
      expect(timeline).not.toContain('IndependenceDeclared');
      expect(await deadline(manager, "Put the panel's conclusions in writing")).toMatch(/Met/);
      await shot(manager, 'case-end');
      for (const context of contexts) await context.close();
    },
  );

  it(
    'a professional’s dissent, raised through the raise pages, to the Head of Safeguarding and Review’s decision',
    { timeout: 300_000 },
    async () => {
      const h: BrowserHarness = harness();
      const contexts: BrowserContext[] = [];
      const at = (iso: string) => {
        h.app.setNow(new Date(iso));
      };
      // A review conference held on Tue 24 Nov 2026 at 10:00, recorded as the conference service would.
      at('2026-11-24T12:00:00Z');
      await h.app.services.conferences.record(
        { kind: 'user', id: 'pan-sussex.conference-service-manager', role: 'conference-service-manager', partnershipId: 'pan-sussex' },
        [
          {
            externalRef: 'PS-DISSENT-1',
            type: 'review',
            heldAt: new Date('2026-11-24T10:00:00Z'),
            chairId: 'pan-sussex.conference-chair',
            localArea: 'west-sussex',
            decision: 'child-protection-plan',
            category: 'emotional-abuse',
          },
        ],
        new Date('2026-11-24T12:00:00Z'),
        (row, name) => `conference ${String(row)} ${name}`,
      );

      // The GP's email of dissent arrived that afternoon, inside the 72 hours (pan-sussex 5.7.4 ¶2);
      // the conference chair raises it the next morning.
      at('2026-11-25T09:00:00Z');
      const chair = await as(h, 'conference-chair@pan-sussex.demo', contexts);
      const caseId = await raiseThroughPages(chair, {
        conference: /PS-DISSENT-1:/,
        track: 'Formal dissent by a professional',
        complainant: { kind: 'A professional', name: 'Dr Demo Rao', relationship: 'GP, Demo Surgery', contact: 'demo.rao@example.org' },
        received: { method: 'Email', on: '2026-11-24', time: '16:30' },
        aspects: ['The decision on a child protection plan'],
        summary: 'The threshold for a plan was not met',
        look: async (page, name) => {
          // The pages a dissent adds to the flow: which process, and a professional's details.
          if (name === 'track' || name === 'complainant') {
            await expectAccessible(page);
            await shot(page, `dissent-raise-${name}`);
          }
        },
      });
      const caseUrl = `/cases/${caseId}`;
      await chair.goto(caseUrl);
      await expect(chair.locator('[data-test="summary"]').textContent()).resolves.toContain('Professional dissent');
      // pan-sussex 5.7.7(4): the decision within 10 working days of the conference on Tue 24 Nov: Tue 8 Dec 2026.
      expect(await deadline(chair, 'Decide whether to uphold the dissent')).toContain('By the end of Tue 8 Dec 2026');
      // pan-sussex 5.7.4 ¶2: raised within 72 hours of the conference, so met.
      expect(await deadline(chair, 'Raise the dissent')).toMatch(/Met/);

      await step(chair, caseUrl, 'record', "Record the dissent in the Chair's Summary and Plan");
      await step(chair, caseUrl, 'record', "Tell the chair's line manager of the dissent");

      at('2026-11-30T10:00:00Z');
      const head = await as(h, 'senior-safeguarding-manager@pan-sussex.demo', contexts);
      await step(head, caseUrl, 'record', "Review the reports and the Chair's Summary and Plan");
      at('2026-12-01T10:00:00Z');
      await step(head, caseUrl, 'record', 'Speak to the dissenting professional');
      at('2026-12-03T10:00:00Z');
      await step(head, caseUrl, 'choice', 'Decide whether to uphold the dissent and reconvene the conference', async (p) => {
        await p.getByLabel('Do not uphold the dissent').check();
        await p.getByLabel('Reason', { exact: true }).fill('The reports support the threshold for a plan');
      });
      await expect(head.locator('[data-test="status"]').textContent()).resolves.toBe('Closed');
      expect(await deadline(head, 'Decide whether to uphold the dissent')).toMatch(/Met/);
      await expect(head.locator('[data-test="summary"]').textContent()).resolves.toContain('The dissent was not upheld');
      await shot(head, 'dissent-end');
      for (const context of contexts) await context.close();
    },
  );
});
