/**
 * The letters pages through inject, as a browser without JavaScript uses them: the list, the
 * draft editor with its error summary, the preview, the downloads, the "Record as sent" form that
 * refuses while content is missing, and the administrator's letterhead.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type Session, type TestApp } from '../support/app.js';
import { addOtherCamdenChair, camdenAtStage1Letter } from '../support/camdenLetter.js';
import { signedInBrowser, type Browser, type Page } from '../support/pages.js';

let t: TestApp;
beforeEach(async () => {
  t = await testApp({ now: new Date('2026-11-23T10:00:00Z') });
}, 30_000);
afterEach(async () => {
  await t.close();
});

/** A Camden case whose Stage 1 meeting was held on Wed 25 Nov 2026; read on Thu 26 Nov. */
async function camdenCase(): Promise<{ id: string; chairApi: Session; chair: Browser }> {
  const { id, chair: chairApi } = await camdenAtStage1Letter(t, ['decision']);
  return { id, chairApi, chair: await signedInBrowser(t, 'conference-chair@camden.demo') };
}

/** The editor's fields as they stand on the page: what a browser would send back. */
function editorForm(page: Page): Record<string, string> {
  const form: Record<string, string> = {};
  const editor = page.root.querySelectorAll('form').find((f) => f.querySelector('textarea#addressee') !== null);
  for (const area of editor?.querySelectorAll('textarea') ?? []) form[area.getAttribute('name') ?? ''] = area.text;
  for (const input of editor?.querySelectorAll('input') ?? []) form[input.getAttribute('name') ?? ''] = input.getAttribute('value') ?? '';
  return form;
}

const decode = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

describe('the letters pages', () => {
  it('camden 3.5: lists the letter due, edits it with an error summary when a required section is empty, previews and downloads it', async () => {
    const { id, chair } = await camdenCase();
    const list = await chair.get(`/cases/${id}/letters`);
    expect(list.status).toBe(200);
    const link = list.root.querySelectorAll('main a').find((a) => a.text.includes('Stage 1 response'));
    expect(link?.getAttribute('href')).toBe(`/cases/${id}/letters/stage1-response`);
    // The way back to the case, as the case's other pages have, and which case it is.
    expect(list.root.querySelector('.govuk-back-link')?.getAttribute('href')).toBe(`/cases/${id}`);
    expect(list.root.querySelector('.govuk-caption-l')?.text).toMatch(/^Case CAMDEN-2026-\d{4}$/);

    const page = await chair.get(`/cases/${id}/letters/stage1-response`);
    expect(page.status).toBe(200);
    expect(page.heading).toBe('Stage 1 response from the conference chair');
    expect(page.root.querySelector('.govuk-caption-l')?.text).toMatch(/^Case CAMDEN-2026-\d{4} · Draft$/);
    // The header keeps its sections (the letter's own sections must not replace them).
    expect(page.root.querySelector('.govuk-service-navigation')?.text).toContain('Cases');
    expect(page.root.querySelector('label[for="section-meeting-notes"]')?.text.trim()).toBe('The notes of the meeting (required)');
    expect(page.root.querySelector('#section-meeting-notes-hint')?.text).toContain('camden 3.5');
    expect(page.text).toContain('This letter cannot be sent until it includes the outcome of the meeting.');
    expect(page.text).toContain('Head of the Quality Assurance Service');

    // Saved with the outcome still empty: the error summary names it, and what was typed stays.
    const form = editorForm(page);
    const refused = await chair.post(`/cases/${id}/letters/stage1-response`, { ...form, addressee: 'Ms A Parent\n1 High Street' }, page);
    expect(refused.status).toBe(400);
    expect(refused.errorSummary).toEqual(['Enter the outcome of the meeting: the letter must include it']);
    expect(refused.fieldError('section-outcome-of-meeting')).toBe('Enter the outcome of the meeting: the letter must include it');
    expect(refused.root.querySelector('a[href="#section-outcome-of-meeting"]')).not.toBeNull();
    expect(refused.root.getElementById('addressee')?.text).toBe('Ms A Parent\n1 High Street');
    expect(
      (await chair.get(`/cases/${id}/letters/stage1-response`)).root.querySelector('input[name="version"]')?.getAttribute('value'),
    ).toBe('0');

    // Script typed into a section is shown as text, never run, on the editor and the preview.
    const script = '<script>alert("x")</script> The chair will ask for the minutes to be corrected.';
    const saved = await chair.post(
      `/cases/${id}/letters/stage1-response`,
      { ...form, addressee: 'Ms A Parent\n1 High Street', 'section-outcome-of-meeting': script },
      page,
    );
    expect(saved.status).toBe(303);
    const after = await chair.follow(saved);
    expect(after.text).toContain('Draft saved');
    expect(after.html).not.toContain('<script>alert');
    expect(after.root.getElementById('section-outcome-of-meeting')?.text).toBe(script);
    expect(after.text).not.toContain('This letter cannot be sent until');

    const preview = await chair.get(`/cases/${id}/letters/stage1-response/preview`);
    expect(preview.status).toBe(200);
    expect(preview.html).not.toContain('<script>alert');
    expect(decode(preview.root.querySelector('article')?.innerHTML ?? '')).toContain(script);
    expect(preview.text).toContain('Camden Safeguarding Children Partnership');
    expect(preview.text).toContain('Copies to:');
    expect(preview.text).not.toContain('camden 3.6');
    expect(preview.root.querySelector('article')?.text).toMatch(/Our reference: CAMDEN-2026-\d{4}/);

    const pdf = await t.app.inject({
      method: 'GET',
      url: `/cases/${id}/letters/stage1-response/letter.pdf`,
      headers: { cookie: chair.cookie ?? '' },
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const docx = await t.app.inject({
      method: 'GET',
      url: `/cases/${id}/letters/stage1-response/letter.docx`,
      headers: { cookie: chair.cookie ?? '' },
    });
    expect(docx.statusCode).toBe(200);
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('camden 3.5, 4.1: "Record as sent" asks for the method and date, refuses while content is missing, then sends', async () => {
    const { id, chair, chairApi } = await camdenCase();
    const page = await chair.get(`/cases/${id}/letters/stage1-response`);
    const blank = await chair.post(`/cases/${id}/letters/stage1-response/send`, { version: '0' }, page);
    expect(blank.status).toBe(400);
    expect(blank.errorSummary).toEqual(['Select how the letter was sent', 'Enter the date the letter was sent']);

    const future = await chair.post(
      `/cases/${id}/letters/stage1-response/send`,
      { version: '0', method: 'email', 'sent-day': '27', 'sent-month': '11', 'sent-year': '2026' },
      page,
    );
    expect(future.errorSummary).toEqual(['The date the letter was sent must be today or in the past']);
    expect(future.root.getElementById('sent-day')?.getAttribute('value')).toBe('27');

    // The outcome of the meeting is still empty: refused, naming it with its clause, linking to it.
    const { version } = (await chairApi.get(`/api/v1/cases/${id}`)).json<{ version: number }>();
    const sendForm = { version: String(version), method: 'email', 'sent-day': '26', 'sent-month': '11', 'sent-year': '2026' };
    const missing = await chair.post(`/cases/${id}/letters/stage1-response/send`, sendForm, page);
    expect(missing.status).toBe(400);
    expect(missing.errorSummary).toEqual(['The letter must include the outcome of the meeting (camden 3.5)']);
    expect(missing.root.querySelector('.govuk-error-summary a')?.getAttribute('href')).toBe('#section-outcome-of-meeting');
    expect(missing.root.querySelector('#method-2')?.getAttribute('checked')).toBeUndefined();
    expect(missing.root.querySelector('input[name="method"][value="email"]')?.hasAttribute('checked')).toBe(true);

    const saved = await chair.post(
      `/cases/${id}/letters/stage1-response`,
      { ...editorForm(page), 'section-outcome-of-meeting': 'The decision stands.' },
      page,
    );
    expect(saved.status).toBe(303);
    const sent = await chair.post(
      `/cases/${id}/letters/stage1-response/send`,
      sendForm,
      await chair.get(`/cases/${id}/letters/stage1-response`),
    );
    expect(sent.status).toBe(303);
    const shown = await chair.follow(sent);
    expect(shown.text).toContain('Letter recorded as sent');
    expect(shown.text).toContain('Your request must reach us by 24 December 2026.');
    expect(shown.root.querySelector('textarea')).toBeNull();
    const stage2 = (await chairApi.get(`/api/v1/cases/${id}`)).json<{ version: number; deadlines: { id: string; dueDate: string }[] }>();
    expect(stage2.deadlines.find((d) => d.id === 'stage2-request')?.dueDate).toBe('2026-12-24');
    // The same form sent again (a second press, a resubmitted page): an error summary says it went once, nothing more recorded.
    const again = await chair.post(`/cases/${id}/letters/stage1-response/send`, sendForm, page);
    expect(again.status).toBe(400);
    expect(again.errorSummary).toEqual([
      'Stage 1 response from the conference chair has already been recorded as sent: nothing more was recorded. This has already been done (camden 3.5)',
    ]);
    expect(again.root.querySelector('.govuk-error-summary a')?.getAttribute('href')).toBe('#sent-record');
    expect(again.root.getElementById('sent-record')).not.toBeNull();
    expect((await chairApi.get(`/api/v1/cases/${id}`)).json<{ version: number }>().version).toBe(stage2.version);
  });

  it('ADR 0030: the complaints manager records the chair’s letter as sent for them; another chair is refused by name with the clause', async () => {
    const { id, chairApi } = await camdenCase();
    await addOtherCamdenChair(t, new Date('2026-11-26T10:00:00Z'));
    const keeper = await signedInBrowser(t, 'complaints-manager@camden.demo');
    const url = `/cases/${id}/letters/stage1-response`;
    const page = await keeper.get(url);
    const question = page.root.querySelector('#takenBy')?.closest('fieldset');
    expect(question?.querySelector('legend')?.text.trim()).toBe('Who took this step?');
    // The conference's own chair first: the one the procedure lets send it.
    expect(question?.querySelectorAll('input[name="takenBy"]').map((i) => i.getAttribute('value'))).toEqual([
      'camden.conference-chair',
      'camden.other-chair',
    ]);
    expect((await keeper.post(url, { ...editorForm(page), 'section-outcome-of-meeting': 'The decision stands.' }, page)).status).toBe(303);
    const { version } = (await chairApi.get(`/api/v1/cases/${id}`)).json<{ version: number }>();
    const sendForm = { version: String(version), method: 'email', 'sent-day': '26', 'sent-month': '11', 'sent-year': '2026' };

    const unanswered = await keeper.post(`${url}/send`, sendForm, page);
    expect(unanswered.status).toBe(400);
    expect(unanswered.errorSummary).toEqual(['Select who took this step']);
    expect(unanswered.fieldError('takenBy')).toBe('Select who took this step');
    expect(unanswered.root.querySelector('input[name="method"][value="email"]')?.hasAttribute('checked')).toBe(true);
    const otherChair = await keeper.post(`${url}/send`, { ...sendForm, takenBy: 'camden.other-chair' }, page);
    expect(otherChair.status).toBe(400);
    expect(otherChair.errorSummary).toEqual([
      'Only the chair of the conference being challenged may do this as Conference chair: Sam Chair did not chair it (camden 3.5)',
    ]);
    expect(otherChair.root.querySelector('input[name="takenBy"][value="camden.other-chair"]')?.hasAttribute('checked')).toBe(true);

    const sent = await keeper.post(`${url}/send`, { ...sendForm, takenBy: 'camden.conference-chair' }, page);
    expect(sent.status, sent.html.slice(0, 300)).toBe(303);
    // The letter as it went states the date by which to escalate, as when the chair sends it.
    expect((await keeper.follow(sent)).text).toContain('Your request must reach us by 24 December 2026.');
    const entry = (await chairApi.get(`/api/v1/cases/${id}`))
      .json<{ timeline: { action?: string; by: { id: string }; recordedBy?: { id: string } }[] }>()
      .timeline.find((e) => e.action === 'stage1.response-sent');
    expect(entry).toMatchObject({ by: { id: 'camden.conference-chair' }, recordedBy: { id: 'camden.complaints-manager' } });
  });

  it('ADR 0030: a takenBy sent by someone who may not record for others is refused with 403, audited as denied; nothing is sent', async () => {
    const { id, chair, chairApi } = await camdenCase();
    const url = `/cases/${id}/letters/stage1-response`;
    const page = await chair.get(url);
    expect(page.root.querySelector('input[name="takenBy"]')).toBeNull();
    expect((await chair.post(url, { ...editorForm(page), 'section-outcome-of-meeting': 'The decision stands.' }, page)).status).toBe(303);
    const { version } = (await chairApi.get(`/api/v1/cases/${id}`)).json<{ version: number }>();
    const forged = await chair.post(
      `${url}/send`,
      {
        version: String(version),
        method: 'email',
        'sent-day': '26',
        'sent-month': '11',
        'sent-year': '2026',
        takenBy: 'camden.panel-coordinator',
      },
      page,
    );
    expect(forged.status).toBe(403);
    expect(forged.errorSummary).toEqual(['Your role may not record a step on behalf of someone else: record only what you did yourself']);
    const audited = await t.database.db
      .selectFrom('audit_log')
      .select(['actor_id', 'outcome', 'subject_id'])
      .where('action', '=', 'case.act:for:camden.panel-coordinator')
      .execute();
    expect(audited).toEqual([{ actor_id: 'camden.conference-chair', outcome: 'denied', subject_id: id }]);
    expect((await chairApi.get(`/api/v1/cases/${id}`)).json<{ version: number }>().version).toBe(version);
    expect((await chair.get(url)).text).toContain('Record as sent');
  });

  it('ADR 0034: a sent letter shows how it was sent and links to correcting it; the clock from its receipt follows the correction, the wording stays', async () => {
    const { id, chair, chairApi } = await camdenCase();
    const saved = await chair.post(
      `/cases/${id}/letters/stage1-response`,
      { ...editorForm(await chair.get(`/cases/${id}/letters/stage1-response`)), 'section-outcome-of-meeting': 'The decision stands.' },
      await chair.get(`/cases/${id}/letters/stage1-response`),
    );
    expect(saved.status).toBe(303);
    const { version } = (await chairApi.get(`/api/v1/cases/${id}`)).json<{ version: number }>();
    // Recorded as emailed on Thu 26 Nov 2026: received that day, Stage 2 asked for within 20 working days, by Thu 24 Dec.
    const sendForm = { version: String(version), method: 'email', 'sent-day': '26', 'sent-month': '11', 'sent-year': '2026' };
    const sent = await chair.post(
      `/cases/${id}/letters/stage1-response/send`,
      sendForm,
      await chair.get(`/cases/${id}/letters/stage1-response`),
    );
    expect(sent.status).toBe(303);
    const stage2Due = async () =>
      (await chairApi.get(`/api/v1/cases/${id}`))
        .json<{ deadlines: { id: string; dueDate: string }[] }>()
        .deadlines.find((d) => d.id === 'stage2-request')?.dueDate;
    expect(await stage2Due()).toBe('2026-12-24');
    const record = async () => {
      const shown = await chair.get(`/cases/${id}/letters/stage1-response`);
      const rows = shown.root.querySelectorAll('#sent-record + dl .govuk-summary-list__row');
      const pairs = rows.map((r): [string, string] => [r.querySelector('dt')?.text.trim() ?? '', r.querySelector('dd')?.text.trim() ?? '']);
      return { shown, rows: new Map(pairs) };
    };
    const before = await record();
    expect(Object.fromEntries(before.rows)).toMatchObject({
      How: 'Email',
      'Counts as received': 'Thu 26 Nov 2026 (deemed from how it was sent)',
      'May be taken further until': 'Thu 24 Dec 2026',
      'Sent by': 'Demo Conference chair (camden)',
      'Recorded by': 'Demo Conference chair (camden)',
    });
    expect(before.shown.text).toContain("The letter's wording is kept exactly as it went and is never changed");
    const correctHref = before.shown.root
      .querySelectorAll('a')
      .find((a) => a.text.trim() === 'Correct when or how it was sent')
      ?.getAttribute('href');
    expect(correctHref).toMatch(new RegExp(`^/cases/${id}/timeline/\\d+/correct$`));

    // It really went on Wed 25 Nov at 5pm: received that day, so 20 working days end a day earlier, Wed 23 Dec.
    const form = await chair.get(correctHref ?? '');
    expect(form.root.querySelector('input[name="method"][value="email"]')?.hasAttribute('checked')).toBe(true);
    const fields = {
      version: form.root.querySelector('input[name="version"]')?.getAttribute('value') ?? '',
      'occurredAt-day': '25',
      'occurredAt-month': '11',
      'occurredAt-year': '2026',
      'occurredAt-time': '17:00',
      reason: 'Sent the evening of the meeting',
    };
    const noMethod = await chair.post(correctHref ?? '', { ...fields, method: 'pigeon' }, form);
    expect(noMethod.errorSummary).toEqual(['Select how the letter was really sent']);
    expect((await chair.post(correctHref ?? '', { ...fields, method: 'email' }, form)).status).toBe(303);
    expect(await stage2Due()).toBe('2026-12-23');
    // And by first class post, not email: deemed received the second working day after, Fri 27 Nov; due Tue 29 Dec.
    const again = await chair.get(correctHref ?? '');
    const byPost = await chair.post(
      correctHref ?? '',
      {
        ...fields,
        version: again.root.querySelector('input[name="version"]')?.getAttribute('value') ?? '',
        method: 'first-class-post',
        reason: 'It was posted',
      },
      again,
    );
    expect(byPost.status).toBe(303);
    expect(await stage2Due()).toBe('2026-12-29');
    const after = await record();
    expect(Object.fromEntries(after.rows)).toMatchObject({
      Sent: 'Wed 25 Nov 2026 at 5:00pm',
      How: 'First class post',
      'Counts as received': 'Fri 27 Nov 2026 (deemed from how it was sent)',
      'May be taken further until': 'Tue 29 Dec 2026',
    });
    expect(after.rows.get('Corrected')).toContain('First recorded as sent Thu 26 Nov 2026');
    // The frozen letter still says what it said when it went.
    expect(after.shown.text).toContain('Your request must reach us by 24 December 2026.');
  });

  it('the administrator sets the letterhead, with an error per field; others may not open it', async () => {
    const admin = await signedInBrowser(t, 'administrator@kent.demo');
    const page = await admin.get('/admin/letterhead');
    expect(page.status).toBe(200);
    // Until it is set, the letterhead is the partnership's name alone.
    expect(page.root.getElementById('name')?.getAttribute('value')).toContain('Kent Safeguarding Children Multi-Agency Partnership');
    expect(page.root.getElementById('postcode')?.getAttribute('value') ?? '').toBe('');
    const values = {
      name: 'Kent Safeguarding Children Multi-Agency Partnership',
      address: 'Sessions House\nCounty Hall\nMaidstone',
      postcode: 'ME14 1XQ',
      phone: '03000 41 41 41',
      email: 'kscmp@kent.example',
      website: 'www.kscmp.example',
    };
    const bad = await admin.post('/admin/letterhead', { ...values, name: '', email: 'nope' }, page);
    expect(bad.status).toBe(400);
    expect(bad.errorSummary).toEqual([
      'Enter the name of the partnership',
      'Enter an email address in the correct format, like name@example.org',
    ]);
    expect(bad.root.getElementById('email')?.getAttribute('value')).toBe('nope');
    const ok = await admin.post('/admin/letterhead', values, page);
    expect(ok.status).toBe(303);
    expect((await admin.follow(ok)).text).toContain('Letterhead saved');
    const head = await t.services.letterheads.get('kent');
    expect(head).toMatchObject({ addressLines: ['Sessions House', 'County Hall', 'Maidstone'], postcode: 'ME14 1XQ' });
    const cm = await signedInBrowser(t, 'complaints-manager@kent.demo');
    expect((await cm.get('/admin/letterhead')).status).toBe(403);
  });
});
