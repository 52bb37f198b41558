/**
 * Raising a case through the raise pages (/cases/new, ADR 0029) in a real browser: answers in,
 * case id out. Each page is answered by the step its address names, so the steps a procedure adds
 * or skips (the process, a child's understanding, the advocate's details, a late arrival) need no
 * change here. A page that comes back with an error summary fails the raise with its text.
 */
import type { Page } from 'playwright-core';

export interface RaiseAnswers {
  /** The conference's radio label, or part of it (e.g. /DEMO-1/). */
  readonly conference: string | RegExp;
  /** The subject's label; the conference itself unless said. */
  readonly subject?: string;
  /** The process's label, where the procedure has more than one. */
  readonly track?: string;
  /** Who raised it: their kind as the page words it (e.g. 'A parent'), name, relationship (a professional's role and agency) and contact. */
  readonly complainant: { readonly kind: string; readonly name: string; readonly relationship: string; readonly contact: string };
  /** Whether a child complainant was judged to have sufficient understanding. */
  readonly sufficientUnderstanding?: boolean;
  /** An advocate supporting them, with the day they consented (YYYY-MM-DD); none unless given. */
  readonly advocate?: { readonly name: string; readonly consentOn?: string };
  /** How it arrived (the page's words, e.g. 'Letter, first class post' or 'Email'), the day (YYYY-MM-DD) and the time (HH:MM). */
  readonly received: { readonly method: string; readonly on: string; readonly time: string };
  /** What is challenged, by the page's labels. */
  readonly aspects: readonly string[];
  readonly summary?: string;
  /** Triage: each is "no" unless said; the local area by its label where the procedure has areas. */
  readonly triage?: {
    readonly aboutChair?: boolean;
    readonly legalProceedings?: boolean;
    readonly otherIssues?: boolean;
    readonly localArea?: string;
  };
  /** If it arrived late: accept it, refuse it (each with a reason), or leave it to the role the procedure names. */
  readonly late?: { readonly decision: 'accept' | 'refuse' | 'leave'; readonly reason?: string };
  /** Called on each page as it is first shown, before it is answered (e.g. axe, a screenshot). */
  readonly look?: (page: Page, step: string) => Promise<void>;
}

const dateParts = (iso: string) => {
  const [year = '', month = '', day = ''] = iso.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year };
};

async function fillDate(page: Page, prefix: string, iso: string): Promise<void> {
  const { day, month, year } = dateParts(iso);
  await page.locator(`#${prefix}-day`).fill(day);
  await page.locator(`#${prefix}-month`).fill(month);
  await page.locator(`#${prefix}-year`).fill(year);
}

const yesNo = (page: Page, name: string, yes: boolean | undefined) => page.locator(yes === true ? `#${name}` : `#${name}-2`).check();

/** Walks the raise pages from the start page to "Case raised", answering each; returns the new case's id. */
export async function raiseThroughPages(page: Page, answers: RaiseAnswers): Promise<string> {
  await page.goto('/cases/new');
  await answers.look?.(page, 'start');
  await page.getByRole('button', { name: 'Start now' }).click();
  const seen = new Set<string>();
  for (let pages = 0; pages < 20; pages += 1) {
    await page.waitForURL((url) => url.pathname.startsWith('/cases/new/'));
    const step = new URL(page.url()).pathname.slice('/cases/new/'.length);
    if (step === 'raised') {
      await answers.look?.(page, step);
      const href = await page.getByRole('link', { name: 'Go to the case' }).getAttribute('href');
      const id = /^\/cases\/([^/]+)$/.exec(href ?? '')?.[1];
      if (id === undefined) throw new Error(`no case link on the raised page: ${String(href)}`);
      return id;
    }
    if (seen.has(step)) {
      const summary = await page.locator('.govuk-error-summary').textContent();
      throw new Error(`the raise page ${step} was shown again: ${summary ?? 'no error summary'}`);
    }
    seen.add(step);
    await answers.look?.(page, step);
    const url = page.url();
    switch (step) {
      case 'conference':
        await page.getByLabel(answers.conference).check();
        break;
      case 'subject':
        await page.getByLabel(answers.subject ?? 'The conference: how it was run, or its decision').check();
        break;
      case 'track':
        if (answers.track === undefined) throw new Error('the procedure asks which process: give answers.track');
        await page.getByLabel(answers.track, { exact: true }).check();
        break;
      case 'complainant':
        await page.getByLabel(answers.complainant.kind, { exact: true }).check();
        await page.getByLabel('Their full name').fill(answers.complainant.name);
        // Labelled "Their role and agency" for a professional, "Their relationship to the child" otherwise.
        await page.locator('#relationship').fill(answers.complainant.relationship);
        await page.getByLabel('How to contact them').fill(answers.complainant.contact);
        break;
      case 'understanding':
        await yesNo(page, 'sufficientUnderstanding', answers.sufficientUnderstanding);
        break;
      case 'advocate':
        await yesNo(page, 'hasAdvocate', answers.advocate !== undefined);
        break;
      case 'advocate-details':
        await page.getByLabel('The advocate’s full name').fill(answers.advocate?.name ?? '');
        if (answers.advocate?.consentOn !== undefined) await fillDate(page, 'consentAt', answers.advocate.consentOn);
        break;
      case 'received':
        await page.getByLabel(answers.received.method, { exact: true }).check();
        await fillDate(page, 'receivedAt', answers.received.on);
        await page.getByLabel('Time received').fill(answers.received.time);
        break;
      case 'aspects':
        for (const aspect of answers.aspects) await page.getByLabel(aspect).check();
        if (answers.summary !== undefined) await page.getByLabel('Summary of the challenge (optional)').fill(answers.summary);
        break;
      case 'triage':
        await yesNo(page, 'aboutChair', answers.triage?.aboutChair);
        await yesNo(page, 'legalProceedings', answers.triage?.legalProceedings);
        await yesNo(page, 'otherIssues', answers.triage?.otherIssues);
        if (answers.triage?.localArea !== undefined) await page.getByLabel(answers.triage.localArea).check();
        break;
      case 'late': {
        const late = answers.late;
        if (late === undefined) throw new Error('the challenge arrived late: give answers.late');
        await page
          .getByLabel({ accept: 'Yes, accept it', refuse: 'No, do not accept it', leave: 'Leave the decision to' }[late.decision])
          .check();
        if (late.reason !== undefined) await page.getByLabel('The reason for the decision').fill(late.reason);
        break;
      }
      case 'check':
        await page.getByRole('button', { name: 'Raise the case' }).click();
        await page.waitForURL((next) => next.pathname === '/cases/new/raised');
        continue;
      default:
        throw new Error(`a raise page this helper does not know: ${step}`);
    }
    await page.getByRole('button', { name: 'Continue' }).click();
    // The next page, or this one again with its error summary.
    await Promise.race([
      page.waitForURL((next) => next.href !== url).catch(() => undefined),
      page
        .locator('.govuk-error-summary')
        .waitFor()
        .catch(() => undefined),
    ]);
  }
  throw new Error('the raise did not end within 20 pages');
}
