/**
 * A Cambridgeshire and Peterborough case walked with the KEYBOARD ALONE: raised through the raise
 * pages from a letter, then Stage One, the Stage Two investigation and its response, the request to
 * the Assistant Director, Stage Three routed to a Review Panel, one invalid panel refused with its
 * clause, a valid one convened, each member's declaration, the panel's decision and the outcome
 * letter drafted, previewed, downloaded as PDF and Word and recorded as sent. Every control is
 * reached with Tab or Shift+Tab and operated with Enter, Space or the arrow keys: no clicks, no
 * `fill`. The address bar (page.goto) only opens the sign-in page and goes back to the case page,
 * as a person types an address. Each person signs in as themselves, in their own browser context;
 * axe checks each type of page once. SCREENSHOT_DIR=/some/dir keeps a full-page picture of each.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../support/app.js';
import { browserSuite, expectAccessible, type BrowserHarness } from '../support/browser.js';

const START = new Date('2026-11-23T10:00:00Z');
const SHOTS = process.env['SCREENSHOT_DIR'];

/** The little of the DOM the focus checks read, run in the page (the tests are type-checked without the DOM's types). */
interface DomNode {
  contains(other: DomNode | null): boolean;
  compareDocumentPosition(other: DomNode): number;
  readonly selectedIndex?: number;
}
type InPage = typeof globalThis & { readonly document: { readonly activeElement: DomNode | null; readonly body: DomNode } };

/** How many presses of Tab (or Shift+Tab) a control may be from the focus before the page is judged unusable by keyboard. */
const TAB_BOUND = 150;

/** The focus is on one of these elements, or (`within`) inside one. Run in the page. */
const focusIn = (elements: DomNode[], within: boolean) => {
  const active = (globalThis as InPage).document.activeElement;
  return active !== null && elements.some((el) => el === active || (within && el.contains(active)));
};

/** The focus lies after the first of these elements, so Shift+Tab reaches it sooner. Run in the page. */
const focusAfter = (elements: DomNode[]) => {
  const { activeElement: active, body } = (globalThis as InPage).document;
  const first = elements[0];
  if (first === undefined || active === null || active === body || first.contains(active)) return false;
  // 4: Node.DOCUMENT_POSITION_FOLLOWING (a literal: this runs in the page).
  return (first.compareDocumentPosition(active) & 4) !== 0;
};

/**
 * Moves the focus with Tab (or Shift+Tab, when the control lies above the focus) to the control, or
 * to any of the elements it matches (a radio group: Tab stops on one radio), failing if it is not
 * reached within `TAB_BOUND` presses. `within`: reaching an element inside it counts.
 */
async function tabTo(page: Page, control: Locator, within = false): Promise<void> {
  await control.first().waitFor();
  const backwards = await control.evaluateAll(focusAfter);
  for (let presses = 0; presses <= TAB_BOUND; presses += 1) {
    if (await control.evaluateAll(focusIn, within)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(
    `${control.toString()} was not reached within ${String(TAB_BOUND)} presses of ${backwards ? 'Shift+Tab' : 'Tab'} on ${page.url()}`,
  );
}

/** Types into a text field reached by Tab, replacing what it held. */
async function type(page: Page, control: Locator, text: string): Promise<void> {
  await tabTo(page, control);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

/** Chooses a radio: Tab into its group (Tab stops on one radio), then the arrow keys to it (which selects it), or Space. */
async function choose(page: Page, radio: Locator): Promise<void> {
  const name = await radio.getAttribute('name');
  if (name === null) throw new Error(`${radio.toString()} has no name`);
  const group = page.locator(`input[type="radio"][name="${name}"]`);
  await tabTo(page, group);
  for (let presses = 0, count = await group.count(); presses <= count; presses += 1) {
    if (await radio.evaluateAll(focusIn, false)) {
      if (!(await radio.isChecked())) await page.keyboard.press('Space');
      expect(await radio.isChecked()).toBe(true);
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`${radio.toString()} was not reached with the arrow keys`);
}

/** Ticks a checkbox with Space. */
async function tick(page: Page, checkbox: Locator): Promise<void> {
  await tabTo(page, checkbox);
  if (!(await checkbox.isChecked())) await page.keyboard.press('Space');
  expect(await checkbox.isChecked()).toBe(true);
}

/** Chooses an option of a closed select with the arrow keys. */
async function select(page: Page, control: Locator, optionText: string): Promise<void> {
  await tabTo(page, control);
  const options = await control.locator('option').allTextContents();
  const want = options.findIndex((o) => o.trim() === optionText);
  if (want < 0) throw new Error(`${control.toString()} has no option "${optionText}": ${options.join(' | ')}`);
  for (let presses = 0; presses <= options.length; presses += 1) {
    const at = await control.evaluate((el: DomNode) => el.selectedIndex ?? -1);
    if (at === want) return;
    await page.keyboard.press(at < want ? 'ArrowDown' : 'ArrowUp');
  }
  throw new Error(`${control.toString()}: "${optionText}" not reached with the arrow keys`);
}

/** Presses a button or follows a link with Enter. */
async function press(page: Page, control: Locator): Promise<void> {
  await tabTo(page, control);
  await page.keyboard.press('Enter');
}

const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });
const link = (page: Page, name: string) => page.getByRole('link', { name, exact: true });

async function look(page: Page, name: string, axe = true): Promise<void> {
  if (axe) await expectAccessible(page);
  if (SHOTS !== undefined) await page.screenshot({ path: `${SHOTS}/cp-${name}.png`, fullPage: true });
}

/** A page signed in through the sign-in page with the keyboard, in the person's own browser context. */
async function signedIn(h: BrowserHarness, email: string, contexts: BrowserContext[]): Promise<Page> {
  const context = await h.context();
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto('/sign-in');
  await type(page, page.getByLabel('Email address'), email);
  await type(page, page.getByLabel('Password', { exact: true }), DEMO_PASSWORD);
  await press(page, button(page, 'Sign in'));
  await page.waitForURL((url) => url.pathname !== '/sign-in');
  return page;
}

browserSuite('the Cambridgeshire and Peterborough journey, by keyboard alone', { now: START }, (harness) => {
  it('from a letter of complaint to the Review Panel’s outcome letter, sent', { timeout: 300_000 }, async () => {
    const h = harness();
    const contexts: BrowserContext[] = [];
    const at = (iso: string) => {
      h.app.setNow(new Date(iso));
    };

    // ---- Raised through the raise pages (ADR 0029) from a letter received that morning.
    at('2026-11-23T10:00:00Z');
    const manager = await signedIn(h, 'complaints-manager@cambridgeshire-peterborough.demo', contexts);
    await press(manager, link(manager, 'Cases'));
    await manager.waitForURL('**/cases');
    // A link drawn as a button.
    await press(manager, manager.getByRole('button', { name: 'Raise a case' }).or(link(manager, 'Raise a case')));
    await manager.waitForURL('**/cases/new');
    await press(manager, button(manager, 'Start now'));
    await manager.waitForURL('**/cases/new/conference');
    await choose(manager, manager.getByLabel(/DEMO-1\b/));
    await press(manager, button(manager, 'Continue'));
    await manager.waitForURL('**/cases/new/subject');
    await choose(manager, manager.getByLabel('The conference: how it was run, or its decision'));
    await press(manager, button(manager, 'Continue'));
    await manager.waitForURL('**/cases/new/complainant');
    await choose(manager, manager.getByLabel('A parent'));
    await type(manager, manager.getByLabel('Their full name'), 'Pat Parent');
    await type(manager, manager.getByLabel('Their relationship to the child'), 'Mother');
    await type(manager, manager.getByLabel('How to contact them'), '1 Fen Road, Peterborough PE1 1AA');
    await press(manager, button(manager, 'Continue'));
    await manager.waitForURL('**/cases/new/advocate');
    await choose(manager, manager.getByLabel('No'));
    await press(manager, button(manager, 'Continue'));
    await manager.waitForURL('**/cases/new/received');
    await choose(manager, manager.getByLabel('Letter, first class post'));
    await type(manager, manager.getByLabel('Day'), '23');
    await type(manager, manager.getByLabel('Month'), '11');
    await type(manager, manager.getByLabel('Year'), '2026');
    await type(manager, manager.getByLabel('Time received'), '09:00');
    await press(manager, button(manager, 'Continue'));
    await manager.waitForURL('**/cases/new/aspects');
    await tick(manager, manager.getByLabel('The decision on a child protection plan'));
    await press(manager, button(manager, 'Continue'));
    await manager.waitForURL('**/cases/new/triage');
    await choose(manager, manager.locator('#aboutChair-2'));
    await choose(manager, manager.locator('#legalProceedings-2'));
    await choose(manager, manager.locator('#otherIssues-2'));
    await choose(manager, manager.getByLabel('Peterborough'));
    await look(manager, 'triage');
    await press(manager, button(manager, 'Continue'));
    await manager.waitForURL('**/cases/new/check');
    await look(manager, 'check');
    await press(manager, button(manager, 'Raise the case'));
    await manager.waitForURL('**/cases/new/raised');
    await press(manager, link(manager, 'Go to the case'));
    await manager.waitForURL(/\/cases\/[^/]+$/);
    const caseUrl = new URL(manager.url()).pathname;
    await look(manager, 'case');
    // The case page shows what was taken down: who complained and what about.
    const summary = ((await manager.locator('[data-test="summary"]').textContent()) ?? '').replace(/\s+/g, ' ');
    expect(summary).toContain('Pat Parent, Mother: Parent');
    expect(summary).toContain('The decision on a child protection plan');

    /** Opens a step from the case page by its procedure label, lets `fill` complete the form, and records it. */
    const step = async (page: Page, label: string, fill?: () => Promise<void>, check = false) => {
      if (new URL(page.url()).pathname !== caseUrl) await page.goto(caseUrl);
      await press(page, link(page, label));
      await page.getByRole('heading', { level: 1, name: label }).waitFor();
      if (check) await look(page, `step-${label.slice(0, 30).replace(/\W+/g, '-')}`);
      if (fill !== undefined) await fill();
      await press(page, button(page, 'Record'));
      await page.waitForURL((url) => url.pathname === caseUrl);
      await page.locator('.govuk-notification-banner--success').waitFor();
    };
    const deadline = async (page: Page, label: string) => {
      const row = page.locator('[data-test="deadlines"] tr', { hasText: label });
      return ((await row.textContent()) ?? '').replace(/\s+/g, ' ');
    };

    // ---- Stage One: the chair who chaired the conference listens and tries to resolve it ("Stage One" ¶1).
    at('2026-11-24T10:00:00Z');
    const chair = await signedIn(h, 'conference-chair@cambridgeshire-peterborough.demo', contexts);
    await step(
      chair,
      'Listen to the complainant and try to resolve the complaint',
      async () => {
        await type(chair, chair.getByLabel('Note (optional)'), 'Spoke with the mother by phone; she still disagrees with the plan.');
      },
      true,
    );

    // ---- Stage Two: the Peterborough investigating manager, who had no part in Stage One ("Stage Two" ¶1).
    at('2026-11-30T10:00:00Z');
    const investigator = await signedIn(h, 'conference-service-manager@cambridgeshire-peterborough.demo', contexts);
    await step(
      investigator,
      'Record the request for a formal investigation',
      async () => {
        await type(investigator, investigator.getByLabel('The reasons given (optional)'), 'Asks for a formal investigation.');
      },
      true,
    );
    // "Stage Two" ¶1: the response within 20 working days of the request. From Mon 30 Nov 2026, skipping
    // Fri 25 Dec and Mon 28 Dec (Christmas, and Boxing Day's substitute): Wed 30 Dec 2026.
    expect(await deadline(investigator, 'Provide the Stage Two response')).toContain('By the end of Wed 30 Dec 2026');
    expect(await deadline(investigator, 'Provide the Stage Two response')).toContain('"Stage Two" ¶1');
    await look(investigator, 'stage2', false);

    at('2026-12-10T10:00:00Z');
    await step(investigator, 'Investigate the complaint');
    at('2026-12-14T10:00:00Z');
    await step(
      investigator,
      "Record the investigating manager's decision",
      async () => {
        await choose(investigator, investigator.getByLabel('Do not uphold the complaint'));
        await type(investigator, investigator.getByLabel('Reasons for the decision'), 'The conference followed the procedure.');
      },
      true,
    );
    at('2026-12-15T10:00:00Z');
    await step(
      investigator,
      'Send the Stage Two response',
      async () => {
        await choose(investigator, investigator.getByLabel('Email', { exact: true }));
        for (const box of await investigator.locator('main textarea').all()) {
          const id = (await box.getAttribute('id')) ?? '';
          if (id !== 'content-delay-explanation')
            await type(investigator, box, `The response's ${id.replace(/^content-/, '').replace(/-/g, ' ')}.`);
        }
      },
      true,
    );

    // ---- Stage Three: the request to the Assistant Director, who routes it to a Review Panel ("Stage Three" ¶1).
    at('2027-01-04T10:00:00Z');
    const director = await signedIn(h, 'senior-safeguarding-manager@cambridgeshire-peterborough.demo', contexts);
    await step(director, 'Record the request to the Assistant Director for a further review');
    // "Stage Three" ¶3: the outcome confirmed in writing within 28 days, counted as calendar days from the
    // request (the definition's choice): Mon 4 Jan 2027 + 28 days = Mon 1 Feb 2027.
    expect(await deadline(director, 'Confirm the outcome of the review in writing')).toContain('By the end of Mon 1 Feb 2027');
    expect(await deadline(director, 'Confirm the outcome of the review in writing')).toContain('"Stage Three" ¶3');
    expect(await deadline(director, 'Provide the Stage Two response')).toMatch(/Met/i);
    at('2027-01-05T10:00:00Z');
    await step(director, 'Consult the Independent Chair of the Safeguarding Children Board');
    at('2027-01-06T10:00:00Z');
    await step(
      director,
      'Decide how the complaint will be further investigated',
      async () => {
        await choose(director, director.getByLabel('A Review Panel, for a more complex case'));
        await type(director, director.getByLabel('Reason', { exact: true }), 'A complex case: the Independent Chair advises a panel.');
      },
      true,
    );
    await look(director, 'stage3', false);

    // ---- The Review Panel: a senior manager from children's services, health and police ("Stage Three" ¶1).
    at('2027-01-07T10:00:00Z');
    await press(director, link(director, 'Panel'));
    await director.getByRole('heading', { level: 1, name: 'Review Panel' }).waitFor();
    // First proposed with the Stage Two investigating manager on it: refused, as the investigator of an
    // earlier stage may not sit ("Stage Two" ¶1, applied to the panel by the definition's choice).
    const serviceManager = director.getByLabel('Demo Conference service manager (cambridgeshire-peterborough)');
    await tick(director, serviceManager);
    await tick(director, director.getByLabel('Demo panel member, health (cambridgeshire-peterborough)'));
    await tick(director, director.getByLabel('Demo panel member, police (cambridgeshire-peterborough)'));
    await select(
      director,
      director.getByLabel('Chair', { exact: true }),
      'Demo panel member, health (cambridgeshire-peterborough) (Health)',
    );
    await press(director, button(director, 'Check panel'));
    await director.locator('.govuk-error-summary').waitFor();
    const refusal = ((await director.locator('.govuk-error-summary').textContent()) ?? '').replace(/\s+/g, ' ');
    expect(refusal).toContain('cambridgeshire-peterborough "Stage Two" ¶1');
    await look(director, 'panel-refused');
    // What was ticked is kept; the investigator is taken off and the children's services panel member put on.
    expect(await serviceManager.isChecked()).toBe(true);
    await tabTo(director, serviceManager);
    await director.keyboard.press('Space');
    expect(await serviceManager.isChecked()).toBe(false);
    await tick(director, director.getByLabel('Demo Panel member (cambridgeshire-peterborough)'));
    await press(director, button(director, 'Check panel'));
    await director.locator('[data-test="panel-valid"]').waitFor();
    await press(director, button(director, 'Set up the Review Panel'));
    await director.getByText('Panel convened').first().waitFor();
    await look(director, 'panel-convened', false);

    // ---- Each member declares their independence from the case, signed in as themselves.
    const panelUrl = `${caseUrl}/panel`;
    const members = ['panel-member-health', 'panel-member', 'panel-member-police'] as const;
    const memberPages = new Map<string, Page>();
    for (const [index, member] of members.entries()) {
      at(`2027-01-08T1${String(index)}:00:00Z`);
      const page = await signedIn(h, `${member}@cambridgeshire-peterborough.demo`, contexts);
      memberPages.set(member, page);
      await page.goto(caseUrl);
      await press(page, link(page, 'Panel'));
      await page.waitForURL((url) => url.pathname === panelUrl);
      const me = (await page.getByLabel('Member', { exact: true }).locator('option').allTextContents()).filter((o) => o.startsWith('Demo'));
      expect(me).toHaveLength(1);
      await select(page, page.getByLabel('Member', { exact: true }), me[0] ?? '');
      await choose(page, page.getByLabel('Yes, they declare independence'));
      await press(page, button(page, 'Record declaration'));
      await page.getByText('Independence declared.').first().waitFor();
    }
    const lead = memberPages.get('panel-member-health');
    if (lead === undefined) throw new Error('no lead member');
    at('2027-01-20T15:00:00Z');
    await lead.reload();
    expect(((await lead.locator('#declarations').textContent()) ?? '').match(/Declared/g)).toHaveLength(3);

    // ---- The panel meets and decides by consensus whether procedures were followed and the matter is reasonable ("Stage Three" ¶2).
    await choose(lead, lead.getByLabel('The outcome is confirmed; no reconvened conference'));
    await choose(lead, lead.getByRole('group', { name: 'Were the procedures followed?' }).getByLabel('Yes'));
    await choose(lead, lead.getByRole('group', { name: 'Was the conference decision reasonable?' }).getByLabel('Yes'));
    await type(lead, lead.getByLabel('Reasons for the decision'), 'The conference followed the procedure and its decision was reasonable.');
    await type(lead, lead.getByLabel('Learning points (optional)'), 'Explain the plan to parents in plain words.');
    await look(lead, 'panel-decision');
    await press(lead, button(lead, 'Record decision'));
    await lead.waitForURL((url) => url.pathname === `${caseUrl}/outcomes`);
    await look(lead, 'outcomes', false);

    // ---- The outcome letter within 28 days ("Stage Three" ¶3): drafted, previewed, downloaded, recorded as sent.
    at('2027-01-21T10:00:00Z');
    await lead.goto(caseUrl);
    await press(lead, link(lead, 'Letters'));
    await press(lead, link(lead, 'Outcome of the Stage Three review'));
    await lead.waitForURL((url) => url.pathname === `${caseUrl}/letters/stage3-outcome`);
    const draft = lead.locator('form').filter({ has: button(lead, 'Save draft') });
    for (const box of await draft.locator('textarea').all()) {
      if ((await box.inputValue()).trim() === '') await type(lead, box, `Written by the panel: ${(await box.getAttribute('id')) ?? ''}.`);
    }
    await look(lead, 'letter-draft');
    await press(lead, button(lead, 'Save draft'));
    await lead.getByText('Draft saved').first().waitFor();
    await press(lead, link(lead, 'Preview the letter'));
    await lead.waitForURL((url) => url.pathname.endsWith('/preview'));
    await look(lead, 'letter-preview');
    const preview = (await lead.locator('article').textContent()) ?? '';
    await press(lead, link(lead, 'Back to the letter'));
    await lead.waitForURL((url) => url.pathname === `${caseUrl}/letters/stage3-outcome`);
    // The required content: the decision and its reasons ("Stage Three" ¶3 and ¶2).
    const required = [
      'The outcome is confirmed; no reconvened conference',
      'The conference followed the procedure and its decision was reasonable.',
    ];
    for (const said of required) expect(preview.replace(/\s+/g, ' ').toLowerCase()).toContain(said.toLowerCase());

    // The PDF opens (Debian's pdftotext reads it) and the Word file unzips, each saying what the letter must.
    const download = async (name: string) => {
      const [file] = await Promise.all([lead.waitForEvent('download'), press(lead, link(lead, name))]);
      const path = await file.path();
      return { path, bytes: readFileSync(path) };
    };
    const pdf = await download('Download PDF');
    const pdfText = execFileSync('/usr/bin/pdftotext', ['-layout', pdf.path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    const docx = strFromU8(
      unzipSync(new Uint8Array((await download('Download Word (.docx)')).bytes))['word/document.xml'] ?? new Uint8Array(),
    );
    const docxText = docx
      .replace(/<\/w:p>/g, ' ')
      .replace(/<[^>]+>/g, '')
      .replace(/\s+/g, ' ');
    for (const text of [pdfText, docxText]) {
      expect(text).toContain('Cambridgeshire and Peterborough Safeguarding Children Partnership');
      for (const said of required) expect(text.toLowerCase()).toContain(said.toLowerCase());
    }

    await choose(lead, lead.getByLabel('Email', { exact: true }));
    await type(lead, lead.getByLabel('Day'), '21');
    await type(lead, lead.getByLabel('Month'), '1');
    await type(lead, lead.getByLabel('Year'), '2027');
    await press(lead, button(lead, 'Record as sent'));
    await lead.getByText('Letter recorded as sent').first().waitFor();
    await look(lead, 'letter-sent', false);

    // The deadline is met, on the case page, with the letter in the timeline.
    await lead.goto(caseUrl);
    expect(await deadline(lead, 'Confirm the outcome of the review in writing')).toMatch(/Met/);
    expect((await lead.locator('[data-test="timeline"]').textContent()) ?? '').toContain('Write to confirm the outcome of the review');
    await look(lead, 'end', false);
    for (const context of contexts) await context.close();
  });
});
