/**
 * A Kingston and Richmond case through the pages (issue 12), each of the demo staff signed in as
 * themselves: a letter of complaint that arrived after the time limit is raised through the raise
 * pages and accepted late with the reason; Stage One (a stale form seen by the second of two
 * people on it), the Stage Two complaint meeting, then the Stage Three appeal panel, refused first
 * (the conference's own chair in the chair, too few members) and then convened, declarations, the
 * hearing and the majority decision; the panel's decision letter drafted, previewed, downloaded as
 * PDF and Word and recorded as sent; the case closed. Dates are real: the clock moves between
 * steps and the deadlines the case page shows are checked against the procedure. axe checks each
 * kind of page once.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { BrowserContext, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { browserSuite, expectAccessible } from '../support/browser.js';
import { as, fillLetter } from '../support/caseJourney.js';
import { raiseThroughPages } from '../support/raisePages.js';

/** The demo partnership is seeded on Mon 23 Nov 2026; its conference (DEMO-1) was held two working days before, Thu 19 Nov at 10:00. */
const START = new Date('2026-11-23T10:00:00Z');
const KR = 'kingston-richmond';
const email = (role: string) => `${role}@${KR}.demo`;
/** Set KR_SCREENSHOTS to a folder to keep a full-page picture of each kind of page. */
const SHOTS = process.env['KR_SCREENSHOTS'];

browserSuite('the Kingston and Richmond journey, through the pages', { now: START }, (harness) => {
  it('from a late letter of complaint, through Stage Two, to the appeal panel’s decision letter, sent', { timeout: 300_000 }, async () => {
    const h = harness();
    const contexts: BrowserContext[] = [];
    const at = (iso: string) => {
      h.app.setNow(new Date(iso));
    };
    const seen = new Set<string>();
    /** axe (and a screenshot) the first time a kind of page is shown. */
    const look = async (page: Page, kind: string) => {
      if (seen.has(kind)) return;
      seen.add(kind);
      await expectAccessible(page);
      if (SHOTS !== undefined) await page.screenshot({ path: join(SHOTS, `kr-${kind}.png`), fullPage: true });
    };
    let caseUrl = '';
    const open = async (page: Page, label: string, kind: string) => {
      await page.goto(caseUrl);
      await look(page, 'case');
      await page.getByRole('link', { name: label, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: label }).waitFor();
      await look(page, `form-${kind}`);
    };
    const record = async (page: Page) => {
      await page.getByRole('button', { name: 'Record' }).click();
      await page.waitForURL((url) => url.pathname === caseUrl);
      await page.locator('.govuk-notification-banner--success').waitFor();
    };
    const step = async (page: Page, label: string, kind: string, fill?: (p: Page) => Promise<void>) => {
      await open(page, label, kind);
      if (fill !== undefined) await fill(page);
      await record(page);
    };
    /** The case page's deadlines table, a row's text (step, owner, clause, due date, status) each. */
    const deadlines = async (page: Page) => {
      await page.goto(caseUrl);
      const rows = await page.locator('[data-test="deadlines"] tbody tr').allTextContents();
      return rows.map((text) => text.replace(/\s+/g, ' ').trim());
    };
    const row = (rows: string[], label: string) => rows.find((r) => r.startsWith(label)) ?? `no row for ${label}`;

    // The letter of complaint reached the complaints manager on Fri 4 Dec, a day after the ten
    // working days from the conference ended (Thu 3 Dec, kingston-richmond "Stage One" ¶2).
    at('2026-12-04T11:00:00Z');
    const manager = await as(h, email('complaints-manager'), contexts);
    const caseId = await raiseThroughPages(manager, {
      conference: /DEMO-1/,
      complainant: { kind: 'A parent', name: 'Robin Demo-Parent', relationship: 'Mother', contact: '1 Demo Road, Kingston KT1 1AA' },
      received: { method: 'Letter, first class post', on: '2026-12-04', time: '09:30' },
      aspects: ['The decision on a child protection plan', 'Information the conference relied on'],
      summary: 'The conference relied on a school report about another child.',
      late: { decision: 'leave' },
      look: async (page, raiseStep) => {
        if (['late', 'check', 'raised'].includes(raiseStep)) await look(page, `raise-${raiseStep}`);
        if (raiseStep === 'late') {
          const text = (await page.locator('main').textContent()) ?? '';
          expect(text).toContain('ended on Thu 3 Dec 2026');
          expect(text).toContain('kingston-richmond "Stage One" ¶2');
        }
      },
    });
    caseUrl = `/cases/${caseId}`;

    // Nothing moves until the chair (or the service manager) decides on the late complaint, giving the reason.
    at('2026-12-04T14:00:00Z');
    const chair = await as(h, email('conference-chair'), contexts);
    await chair.goto(caseUrl);
    await look(chair, 'case');
    await chair.getByRole('link', { name: 'Decide: Send the complaint in writing to the chair' }).click();
    await chair.getByRole('heading', { level: 1, name: 'Decide whether to accept something that arrived late' }).waitFor();
    expect(await chair.locator('[data-test="lateness"]').textContent()).toContain(
      'It was due by the end of Thu 3 Dec 2026 and arrived Fri 4 Dec 2026 at 9:30am',
    );
    await chair.getByRole('group', { name: 'Accept it although it is late?' }).getByLabel('Yes').check();
    await chair.getByRole('button', { name: 'Record the decision' }).click();
    await chair.locator('.govuk-error-summary').waitFor();
    expect(await chair.locator('.govuk-error-summary').textContent()).toContain('Enter the reason for the decision');
    await look(chair, 'decide-late-error');
    await chair.getByLabel('Reason', { exact: true }).fill('Posted on 1 December; the post was delayed by the strike.');
    await record(chair).catch(async () => {
      throw new Error((await chair.locator('main').textContent()) ?? 'the late decision was not recorded');
    });

    // kingston-richmond "Stage One" ¶4: acknowledged within 3 working days of receipt (Fri 4 Dec ->
    // Wed 9 Dec) and answered within 10 (-> Fri 18 Dec).
    const stageOne = await deadlines(chair);
    expect(row(stageOne, 'Acknowledge the complaint in writing')).toContain('By the end of Wed 9 Dec 2026');
    expect(row(stageOne, 'Send a written response, or hold a meeting to resolve it')).toContain('By the end of Fri 18 Dec 2026');
    expect(row(stageOne, 'Send the complaint in writing to the chair')).toContain('Met late');

    // Two people open the same form; the second to send it is shown what changed.
    at('2026-12-07T10:00:00Z');
    const serviceManager = await as(h, email('conference-service-manager'), contexts);
    await open(chair, 'Acknowledge the complaint in writing', 'record');
    await open(serviceManager, 'Acknowledge the complaint in writing', 'record');
    await serviceManager.getByLabel('Note (optional)').fill('Acknowledged by letter.');
    await record(serviceManager);
    await chair.getByLabel('Note (optional)').fill('Acknowledged by phone and letter.');
    await chair.getByRole('button', { name: 'Record' }).click();
    await chair.locator('[data-test="changed"]').waitFor();
    expect(await chair.locator('[data-test="changed"]').textContent()).toContain('Acknowledge the complaint in writing');
    expect(await chair.getByLabel('Note (optional)').inputValue()).toBe('Acknowledged by phone and letter.');
    await look(chair, 'form-stale');

    await step(chair, 'Tell the Complaints Manager about the complaint (and redirect anything outside this procedure)', 'record');
    at('2026-12-10T11:00:00Z');
    await step(serviceManager, 'Answer the complaint: a written response, or a meeting to resolve it', 'choice', async (p) => {
      await p.getByLabel('Meeting held to attempt resolution').check();
      await p.getByLabel('Reason', { exact: true }).fill('The mother asked to meet.');
    });
    at('2026-12-10T15:00:00Z');
    await step(serviceManager, 'Send the Stage One letter', 'letter', fillLetter);

    // Stage Two: the mother asks to go on; the senior manager holds the complaint meeting.
    at('2026-12-14T10:00:00Z');
    await step(serviceManager, 'Record the request for Stage Two', 'request', async (p) => {
      await p.getByLabel('The reasons given (optional)').fill('The school report is still on the file.');
    });
    at('2026-12-21T11:00:00Z');
    const senior = await as(h, email('senior-safeguarding-manager'), contexts);
    await step(senior, 'Hold the Stage Two complaint meeting', 'meeting', async (p) => {
      await p.getByLabel('The complainant brought a supporter').check();
    });
    at('2026-12-21T15:00:00Z');
    await step(senior, 'Send the Stage Two letter', 'letter', fillLetter);

    // Stage Three: the written notice, then the appeal panel.
    at('2027-01-04T10:00:00Z');
    const coordinator = await as(h, email('panel-coordinator'), contexts);
    await step(coordinator, 'Record the written notice asking for the appeal panel', 'request');
    await step(coordinator, 'Tell the KRSCP Partnership Manager the complainant is going to Stage Three', 'record');
    // kingston-richmond "Stage Three" ¶1: convened within 15 working days of the notice (Mon 4 Jan 2027 -> Mon 25 Jan).
    expect(row(await deadlines(coordinator), 'Convene the appeal panel')).toContain('By the end of Mon 25 Jan 2027');

    at('2027-01-05T10:00:00Z');
    await coordinator.goto(`${caseUrl}/panel`);
    await look(coordinator, 'panel');
    // Refused: one member, and the challenged conference's own chair in the chair.
    await coordinator.getByLabel('Demo panel member, health (kingston-richmond)').check();
    await coordinator.getByLabel('Chair', { exact: true }).selectOption(`${KR}.conference-chair`);
    await coordinator.getByRole('button', { name: 'Convene the appeal panel' }).click();
    await coordinator.locator('.govuk-error-summary').waitFor();
    const refusal = (await coordinator.locator('.govuk-error-summary').textContent()) ?? '';
    expect(refusal).toContain('chaired the conference being challenged (kingston-richmond "Stage Three" ¶3)');
    expect(refusal).toMatch(/\(kingston-richmond "Stage Three" ¶6\)/);
    await look(coordinator, 'panel-refused');
    expect(await coordinator.getByLabel('Demo panel member, health (kingston-richmond)').isChecked()).toBe(true);
    // Valid: a senior manager of a partnership agency in the chair, two senior members from two other agencies.
    await coordinator.getByLabel('Demo panel member, police (kingston-richmond)').check();
    await coordinator.getByLabel('Chair', { exact: true }).selectOption(`${KR}.panel-member`);
    await coordinator.getByRole('button', { name: 'Convene the appeal panel' }).click();
    await coordinator.getByRole('heading', { name: 'Panel convened' }).waitFor();
    await look(coordinator, 'panel-convened');

    // Declarations: the panel's chair declares for themselves; the coordinator records the two members' on paper.
    const panelChair = await as(h, email('panel-member'), contexts);
    await panelChair.goto(`${caseUrl}/panel`);
    await panelChair.getByLabel('Member', { exact: true }).selectOption(`${KR}.panel-member`);
    await panelChair.getByLabel('Yes, they declare independence').check();
    await panelChair.getByRole('button', { name: 'Record declaration' }).click();
    await panelChair.getByRole('heading', { name: 'Declaration recorded' }).waitFor();
    await coordinator.goto(`${caseUrl}/panel`);
    for (const member of ['health', 'police']) {
      await coordinator.getByLabel('Member', { exact: true }).selectOption(`${KR}.panel-member-${member}`);
      await coordinator.getByLabel('Yes, they declare independence').check();
      await coordinator.getByRole('button', { name: 'Record declaration' }).click();
      await coordinator.getByRole('heading', { name: 'Declaration recorded' }).waitFor();
    }
    expect(await coordinator.locator('#declarations').textContent()).not.toContain('Outstanding');

    // The hearing, minuted by the KRSCP minute-taker (kingston-richmond "Stage Three" ¶4).
    at('2027-01-19T15:00:00Z');
    await coordinator.goto(`${caseUrl}/panel`);
    await coordinator.getByLabel(/Minutes taken by/).selectOption(`${KR}.minute-taker`);
    await coordinator.getByRole('button', { name: 'Hold the appeal panel' }).click();
    await coordinator.getByText('Hold the appeal panel: done.', { exact: true }).waitFor();
    // kingston-richmond "Stage Three" ¶9: the decision and minutes go out within 5 working days of the panel (Tue 19 Jan -> Tue 26 Jan).
    expect(row(await deadlines(coordinator), "Send the panel's decision and minutes")).toContain('By the end of Tue 26 Jan 2027');

    // The decision, by majority (kingston-richmond "Stage Three" ¶7).
    at('2027-01-19T16:00:00Z');
    await panelChair.goto(`${caseUrl}/panel`);
    await panelChair.getByLabel('Find that the procedures were followed correctly').check();
    await panelChair.getByLabel('Support the original decision').check();
    await panelChair.getByRole('group', { name: 'Were the procedures followed?' }).getByLabel('Yes').check();
    await panelChair.getByLabel('Reasons for the decision').fill('The plan rested on more than the school report; the criteria were met.');
    await panelChair.getByLabel('For the decision', { exact: true }).fill('2');
    await panelChair.getByLabel('Against it').fill('1');
    await panelChair.getByLabel('Learning points (optional)').fill('Check each report is about the right child before the conference');
    await panelChair.getByLabel('Recommendation 1: agency').selectOption('education');
    await panelChair.getByLabel('Recommendation 1', { exact: true }).fill('Name the child on every page of a school report');
    await panelChair.getByRole('button', { name: 'Record decision' }).click();
    await panelChair.waitForURL((url) => url.pathname === `${caseUrl}/outcomes`);
    await look(panelChair, 'outcomes');

    // The decision letter: drafted, previewed, downloaded, recorded as sent.
    at('2027-01-21T10:00:00Z');
    await panelChair.goto(`${caseUrl}/letters`);
    await look(panelChair, 'letters');
    await panelChair.getByRole('link', { name: "The appeal panel's decision and minutes" }).click();
    await panelChair.waitForURL((url) => url.pathname === `${caseUrl}/letters/panel-decision`);
    await look(panelChair, 'letter');
    await panelChair.getByLabel('Who the letter is to (required)').fill('Robin Demo-Parent\n1 Demo Road\nKingston KT1 1AA');
    await panelChair.getByLabel('Subject (required)').fill('Your appeal: the panel’s decision');
    for (const box of await panelChair.locator('form textarea').all()) {
      const id = (await box.getAttribute('id')) ?? '';
      if (id !== 'addressee' && (await box.inputValue()).trim() === '') await box.fill(`The panel on ${id.replace(/-/g, ' ')}.`);
    }
    await panelChair.getByRole('button', { name: 'Save draft' }).click();
    await panelChair.getByText('Draft saved').first().waitFor();
    await panelChair.getByRole('link', { name: 'Preview the letter' }).click();
    await panelChair.waitForURL((url) => url.pathname.endsWith('/preview'));
    await look(panelChair, 'letter-preview');
    const preview = (await panelChair.locator('article').textContent()) ?? '';
    expect(preview).toContain('Your appeal: the panel’s decision');
    expect(preview).toMatch(/Ombudsman/);
    await panelChair.getByRole('link', { name: 'Back to the letter' }).click();

    const pdfHref = (await panelChair.getByRole('link', { name: 'Download PDF' }).getAttribute('href')) ?? '';
    const docxHref = (await panelChair.getByRole('link', { name: 'Download Word (.docx)' }).getAttribute('href')) ?? '';
    const pdf = await panelChair.request.get(pdfHref);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const pdfWords = pdfText(await pdf.body());
    const docx = await panelChair.request.get(docxHref);
    const docxText = docxWords(await docx.body());
    for (const text of [pdfWords, docxText]) {
      expect(text).toContain('Your appeal: the panel’s decision');
      expect(text).toContain('Robin Demo-Parent');
      expect(text).toMatch(/Ombudsman/);
      expect(text).toContain('The panel decided to find that the procedures were followed correctly and support the original decision.');
    }

    await panelChair.getByLabel('Email', { exact: true }).check();
    await panelChair.getByLabel('Day').fill('21');
    await panelChair.getByLabel('Month').fill('1');
    await panelChair.getByLabel('Year').fill('2027');
    await panelChair.getByRole('button', { name: 'Record as sent' }).click();
    await panelChair.getByText('Letter recorded as sent').first().waitFor();
    await look(panelChair, 'letter-sent');

    // The panel supported the original decision: the Partnership Manager closes the case.
    at('2027-01-22T10:00:00Z');
    await step(coordinator, 'Close: the panel supported the original decision', 'record');
    await expect(coordinator.locator('[data-test="status"]').textContent()).resolves.toContain('Closed');
    const timeline = (await coordinator.locator('[data-test="timeline"]').textContent()) ?? '';
    for (const done of [
      'Acknowledge the complaint in writing',
      'Hold the Stage Two complaint meeting',
      "Send the panel's written decision and minutes",
    ])
      expect(timeline).toContain(done);
    expect(timeline).toContain('A panel member declared their independence from the case');
    expect(timeline).toContain('Demo panel member, health (kingston-richmond) declares independence');
    expect(row(await deadlines(coordinator), "Send the panel's decision and minutes")).toContain('Met');
    if (SHOTS !== undefined) await coordinator.screenshot({ path: join(SHOTS, 'kr-end.png'), fullPage: true });
    for (const context of contexts) await context.close();
  });
});

/** The text of a PDF as Debian's poppler reads it: proves the file opens. */
function pdfText(body: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'cc-kr-letter-'));
  try {
    const file = join(dir, 'letter.pdf');
    writeFileSync(file, body);
    return execFileSync('/usr/bin/pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The words of a .docx's body, unzipped: proves the file opens as a Word package. */
function docxWords(body: Buffer): string {
  const xml = unzipSync(new Uint8Array(body))['word/document.xml'];
  if (xml === undefined) throw new Error('no word/document.xml in the .docx');
  return strFromU8(xml)
    .replace(/<w:br\/>/g, ' ')
    .replace(/<\/w:p>/g, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ');
}
