/**
 * Raising a case through the raise pages (/cases/new, ADR 0029) in a real browser, as the person
 * signed in on `page`: the answers in, the new case's id out. Generic over procedures: each
 * question page is answered only when the flow shows it.
 */
import type { Page } from 'playwright-core';

export interface RaiseAnswers {
  /** The label (or part of it) of the conference's radio, e.g. /DEMO-1:/. */
  readonly conference: string | RegExp;
  /** What it is about: defaults to the conference itself. */
  readonly about?: string;
  /** The process's label, where the procedure has more than one. */
  readonly process?: string;
  readonly raisedBy: {
    /** The radio's label, e.g. 'A parent', 'A professional'. */
    readonly kind: string;
    readonly name: string;
    /** Their relationship to the child, or a professional's role and agency. */
    readonly relationship: string;
    readonly contact: string;
  };
  readonly received: {
    /** The radio's label, e.g. 'Email', 'Letter, first class post'. */
    readonly method: string;
    /** London date, YYYY-MM-DD. */
    readonly date: string;
    /** London time, e.g. 09:15. */
    readonly time: string;
  };
  /** The labels of what is being challenged. */
  readonly challenged: readonly string[];
  readonly summary?: string;
  /** The local area's label, where the procedure has them (the conference's own area is chosen already). */
  readonly localArea?: string;
}

/** Called on each page of the flow once it has loaded (for axe or a screenshot), with its step name. */
export type OnRaisePage = (page: Page, step: string) => Promise<void>;

/** Presses the button and waits for the page the flow answers with; a page of errors fails with its summary. */
async function press(page: Page, button: string): Promise<void> {
  const landed = page.waitForResponse((r) => r.request().isNavigationRequest() && (r.status() < 300 || r.status() >= 400));
  await page.getByRole('button', { name: button }).click();
  const response = await landed;
  await page.waitForLoadState('domcontentloaded');
  if (response.status() >= 400) {
    const summary = await page.locator('.govuk-error-summary').textContent();
    throw new Error(`the raise flow refused ${page.url()}: ${(summary ?? '').replace(/\s+/g, ' ').trim()}`);
  }
}

/** Walks the raise flow from its start page to "Case raised" and returns the new case's id. */
export async function raiseThroughPages(page: Page, answers: RaiseAnswers, onPage?: OnRaisePage): Promise<string> {
  await page.goto('/cases/new');
  await onPage?.(page, 'start');
  await press(page, 'Start now');
  for (;;) {
    const step = new URL(page.url()).pathname.replace('/cases/new/', '');
    await onPage?.(page, step);
    switch (step) {
      case 'conference':
        await page.getByLabel(answers.conference).check();
        break;
      case 'subject':
        await page.getByLabel(answers.about ?? 'The conference: how it was run, or its decision').check();
        break;
      case 'track':
        if (answers.process === undefined) throw new Error('the procedure has more than one process: say which');
        await page.getByLabel(answers.process, { exact: true }).check();
        break;
      case 'complainant':
        await page.getByLabel(answers.raisedBy.kind, { exact: true }).check();
        await page.getByLabel('Their full name').fill(answers.raisedBy.name);
        await page.locator('#relationship').fill(answers.raisedBy.relationship);
        await page.getByLabel('How to contact them').fill(answers.raisedBy.contact);
        break;
      case 'advocate':
        await page.getByLabel('No', { exact: true }).check();
        break;
      case 'received': {
        const [year = '', month = '', day = ''] = answers.received.date.split('-');
        await page.getByLabel(answers.received.method, { exact: true }).check();
        await page.getByLabel('Day').fill(day);
        await page.getByLabel('Month').fill(month);
        await page.getByLabel('Year').fill(year);
        await page.getByLabel('Time received').fill(answers.received.time);
        break;
      }
      case 'aspects':
        for (const label of answers.challenged) await page.getByLabel(label, { exact: true }).check();
        if (answers.summary !== undefined) await page.locator('#summary').fill(answers.summary);
        break;
      case 'triage':
        for (const name of ['aboutChair', 'legalProceedings', 'otherIssues']) await page.locator(`#${name}-2`).check();
        if (answers.localArea !== undefined) await page.getByLabel(answers.localArea, { exact: true }).check();
        break;
      case 'check':
        await press(page, 'Raise the case');
        await onPage?.(page, 'raised');
        return ((await page.locator('.govuk-panel__body strong').textContent()) ?? '').trim();
      default:
        throw new Error(`the raise flow asked something this helper does not answer: ${step} (${page.url()})`);
    }
    await press(page, 'Continue');
  }
}
