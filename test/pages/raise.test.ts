/**
 * Raise a case through the pages, as a browser without JavaScript: each question's errors, the
 * triage each procedure asks for, escaping, the engine's refusals as form errors with their
 * clause, and one case however often the confirm is sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { signedInBrowser, type Browser, type Page } from '../support/pages.js';

const NOW = new Date('2026-11-23T10:00:00Z');

let harness: TestApp;
beforeAll(async () => {
  harness = await testApp({ now: NOW });
});
afterAll(async () => {
  await harness.close();
});

type Form = Readonly<Record<string, string | readonly string[]>>;

const casesIn = async (partnershipId: string) =>
  (await harness.database.db.selectFrom('cases').select('case_id').where('partnership_id', '=', partnershipId).execute()).map(
    (r) => r.case_id,
  );

/** Starts a fresh flow and answers each question in turn; returns the last page reached (a redirect followed). */
async function answer(browser: Browser, steps: readonly (readonly [string, Form])[]): Promise<Page> {
  const start = await browser.get('/cases/new');
  expect(start.status).toBe(200);
  let page = await browser.follow(await browser.post('/cases/new', {}, start));
  for (const [step, form] of steps) {
    expect(page.status, `${step}: ${page.errorSummary.join('; ')}`).toBe(200);
    const url = `/cases/new/${step}`;
    expect(
      page.root.querySelector('form[method="post"][action="' + url + '"]'),
      `expected the ${step} question, got ${page.heading}`,
    ).not.toBeNull();
    const sent = await browser.post(url, form, page);
    expect(sent.status, `${step}: ${sent.errorSummary.join('; ')}`).toBe(303);
    page = await browser.follow(sent);
  }
  return page;
}

const received = (day: string, month: string, year: string, time = '09:30', method = 'email'): Form => ({
  method,
  'receivedAt-day': day,
  'receivedAt-month': month,
  'receivedAt-year': year,
  receivedTime: time,
});

const triage = (extra: Form = {}): Form => ({ aboutChair: 'no', legalProceedings: 'no', otherIssues: 'no', ...extra });

const camdenFamily = (extra: { complainant?: Form; triage?: Form } = {}) =>
  [
    ['conference', { conferenceId: 'camden.conference.demo' }],
    ['subject', { subject: 'conference' }],
    [
      'complainant',
      { kind: 'parent', name: 'Jo Bloggs', relationship: 'Mother', contact: '1 High Street, London NW1', ...extra.complainant },
    ],
    ['advocate', { hasAdvocate: 'no' }],
    ['received', received('20', '11', '2026')],
    ['aspects', { aspects: ['decision', 'category'], summary: 'Disagrees with the plan' }],
    ['triage', triage(extra.triage)],
  ] as const;

describe('raising a case through the pages', () => {
  it('walks Camden from the start page to check your answers and a confirmation, saving nothing until confirmed', async () => {
    const browser = await signedInBrowser(harness, 'complaints-manager@camden.demo');
    const before = await casesIn('camden');
    const check = await answer(browser, camdenFamily());
    expect(check.heading).toBe('Check your answers before raising the case');
    expect(check.text).toContain('Jo Bloggs');
    expect(check.text).toContain('The decision on a child protection plan, The category of the plan');
    expect(await casesIn('camden')).toEqual(before);
    const raised = await browser.post('/cases/new/check', {}, check);
    expect(raised.status).toBe(303);
    const confirmation = await browser.follow(raised);
    expect(confirmation.root.querySelector('.govuk-panel__title')?.text.trim()).toBe('Case raised');
    const after = await casesIn('camden');
    expect(after).toHaveLength(before.length + 1);
    const id = after.find((c) => !before.includes(c)) ?? '';
    expect(confirmation.root.querySelector(`a[href="/cases/${id}"]`)).not.toBeNull();
    const stored = await harness.database.db
      .selectFrom('case_events')
      .select('payload')
      .where('case_id', '=', id)
      .where('seq', '=', 1)
      .executeTakeFirstOrThrow();
    const { event } = JSON.parse(stored.payload) as {
      event: { complainant: unknown; aspects: unknown; receivedBy: unknown; track: unknown };
    };
    expect(event.complainant).toEqual({ kind: 'parent', name: 'Jo Bloggs', relationship: 'Mother', contact: '1 High Street, London NW1' });
    expect(event.aspects).toEqual(['decision', 'category']);
    expect(event.receivedBy).toBe('email');
    expect(event.track).toBe('family');
    // The API's case read still answers as its description says (the new complainant fields are not published there).
    const api = await harness.signIn('complaints-manager@camden.demo');
    const read = await api.get(`/api/v1/cases/${id}`);
    expect(read.statusCode).toBe(200);
  });

  it('shows each question’s problems in the summary and beside the field, keeping what was typed and saving nothing', async () => {
    const browser = await signedInBrowser(harness, 'complaints-manager@camden.demo');
    const before = await casesIn('camden');
    const start = await browser.get('/cases/new');
    const conference = await browser.follow(await browser.post('/cases/new', {}, start));
    const noConference = await browser.post('/cases/new/conference', { conferenceId: 'kent.conference.demo' }, conference);
    expect(noConference.status).toBe(400);
    expect(noConference.errorSummary).toEqual(['Select the conference being challenged']);
    expect(noConference.root.querySelector('title')?.text).toMatch(/^Error: /);
    await browser.post('/cases/new/conference', { conferenceId: 'camden.conference.demo' }, conference);
    const subject = await browser.get('/cases/new/subject');
    expect((await browser.post('/cases/new/subject', {}, subject)).errorSummary).toEqual(['Select what the challenge is about']);
    await browser.post('/cases/new/subject', { subject: 'conference' }, subject);

    const who = await browser.get('/cases/new/complainant');
    const whoErrors = await browser.post(
      '/cases/new/complainant',
      { kind: 'professional', name: '', relationship: 'x'.repeat(201), contact: '' },
      who,
    );
    expect(whoErrors.status).toBe(400);
    expect(whoErrors.errorSummary).toEqual([
      'Select who raised the challenge',
      'Enter the name of the person who raised it',
      'Their relationship to the child must be 200 characters or fewer',
      'Enter how to contact them',
    ]);
    expect(whoErrors.fieldError('contact')).toBe('Enter how to contact them');
    expect(whoErrors.root.getElementById('relationship')?.getAttribute('value')).toBe('x'.repeat(201));
    await browser.post('/cases/new/complainant', { kind: 'carer', name: 'Pat', relationship: 'Aunt', contact: 'pat@example.org' }, who);

    const advocate = await browser.get('/cases/new/advocate');
    expect((await browser.post('/cases/new/advocate', {}, advocate)).errorSummary).toEqual([
      'Select yes if an advocate is supporting them',
    ]);
    await browser.post('/cases/new/advocate', { hasAdvocate: 'yes' }, advocate);
    const details = await browser.get('/cases/new/advocate-details');
    const detailsErrors = await browser.post(
      '/cases/new/advocate-details',
      { advocateName: '', 'consentAt-day': '31', 'consentAt-month': '2', 'consentAt-year': '2026' },
      details,
    );
    expect(detailsErrors.errorSummary).toEqual(["Enter the advocate's name", 'The date they consented must be a real date']);
    expect(detailsErrors.root.querySelector('.govuk-error-summary__list a[href="#consentAt-day"]')).not.toBeNull();
    await browser.post('/cases/new/advocate-details', { advocateName: 'Lee' }, details);

    const when = await browser.get('/cases/new/received');
    const future = await browser.post('/cases/new/received', received('24', '11', '2026'), when);
    expect(future.errorSummary).toEqual(['The date it was received must be in the past']);
    const beforeConference = await browser.post('/cases/new/received', received('1', '11', '2026'), when);
    expect(beforeConference.errorSummary[0]).toMatch(/^The date it was received must be after the conference was held/);
    const badTime = await browser.post(
      '/cases/new/received',
      { ...received('20', '11', '2026'), receivedTime: '25:00', method: 'pigeon' },
      when,
    );
    expect(badTime.errorSummary).toEqual([
      'Select how the challenge was received',
      'The time it was received must be a real time, like 14:30 or 2:30pm',
    ]);
    expect(badTime.root.getElementById('receivedTime')?.getAttribute('value')).toBe('25:00');
    await browser.post('/cases/new/received', received('20', '11', '2026'), when);

    const aspects = await browser.get('/cases/new/aspects');
    expect((await browser.post('/cases/new/aspects', { aspects: 'not-an-aspect' }, aspects)).errorSummary).toEqual([
      'Select what is being challenged',
    ]);
    await browser.post('/cases/new/aspects', { aspects: 'process' }, aspects);

    const triagePage = await browser.get('/cases/new/triage');
    expect((await browser.post('/cases/new/triage', {}, triagePage)).errorSummary).toEqual([
      'Select yes if the challenge is about the conference chair',
      'Select yes if there are legal proceedings about the child',
      'Select yes if it raises matters this procedure does not cover',
    ]);
    expect(await casesIn('camden')).toEqual(before);
  });

  it('sends a complaint about an agency’s own service elsewhere, naming the agency, its complaints contact and the clause, and raises nothing', async () => {
    const browser = await signedInBrowser(harness, 'complaints-manager@camden.demo');
    const before = await casesIn('camden');
    const which = await answer(browser, [
      ['conference', { conferenceId: 'camden.conference.demo' }],
      ['subject', { subject: 'agency' }],
    ]);
    // Which agency: the partnership's directory by name, each kind once, and one not listed.
    expect(which.heading).toBe('Which agency’s service is it about?');
    expect(which.root.querySelectorAll('input[name="agency"]').map((i) => i.getAttribute('value'))).toEqual([
      'local-authority-childrens-services',
      'police',
      'health',
      'education',
      'other-partner',
      'other',
    ]);
    expect(which.text).toContain('Camden Police (demo)');
    // The redirection is not reached before the agency is known.
    expect((await browser.get('/cases/new/elsewhere')).headers.location).toBe('/cases/new/agency');
    for (const bad of [{}, { agency: 'nonsense' }]) {
      const refused = await browser.post('/cases/new/agency', bad, which);
      expect(refused.status).toBe(400);
      expect(refused.errorSummary).toEqual(['Select the agency the complaint is about']);
    }

    const police = await browser.follow(await browser.post('/cases/new/agency', { agency: 'police' }, which));
    expect(police.heading).toBe('This is not a challenge to the conference');
    expect(police.text).toContain("the agency's own complaints process");
    expect(police.text).toContain('camden 1.5');
    expect(police.root.querySelector('main h2')?.text).toBe('Camden Police (demo)');
    expect(police.text).toContain('complaints@police.camden.example.org');
    expect(police.text).toMatch(/Telephone 01632 960\d{3}/);
    expect(police.root.querySelector('a[href="https://police.camden.example.org/complaints"]')).not.toBeNull();
    expect(police.root.querySelector('a[href="mailto:complaints@police.camden.example.org"]')).not.toBeNull();
    expect(police.root.querySelector('.govuk-back-link')?.getAttribute('href')).toBe('/cases/new/agency');

    // An agency with no contact recorded: said plainly, with who may add it.
    const unrecorded = await browser.follow(await browser.post('/cases/new/agency', { agency: 'other-partner' }, which));
    expect(unrecorded.text).toContain('No complaints contact is recorded for Another partner agency.');
    expect(unrecorded.text).toContain(
      'Someone whose role is administrator, complaints manager, conference service manager or panel coordinator can add it',
    );
    expect(unrecorded.root.querySelector('a[href="/admin/agencies/new?agency=other-partner"]')).not.toBeNull();
    // A role that may not add it is not offered the link.
    const chair = await signedInBrowser(harness, 'conference-chair@camden.demo');
    const chairPage = await answer(chair, [
      ['conference', { conferenceId: 'camden.conference.demo' }],
      ['subject', { subject: 'agency' }],
      ['agency', { agency: 'other-partner' }],
    ]);
    expect(chairPage.text).toContain('No complaints contact is recorded');
    expect(chairPage.root.querySelector('a[href^="/admin/agencies"]')).toBeNull();

    const notListed = await browser.follow(await browser.post('/cases/new/agency', { agency: 'other' }, which));
    expect(notListed.text).toContain('The agency is not in the partnership’s directory');
    expect(notListed.text).toContain('camden 1.5');
    // Past it, the flow's later pages are not reachable.
    const skipped = await browser.get('/cases/new/check');
    expect(skipped.headers.location).toBe('/cases/new/elsewhere');
    expect(await casesIn('camden')).toEqual(before);
  });

  it('names an agency typed with markup as text on the redirection', async () => {
    const principal = { kind: 'user', id: 'camden.administrator', role: 'administrator', partnershipId: 'camden' } as const;
    await harness.services.agencies.change(principal, { agency: 'education', name: '<b>Schools</b>', phone: '01632 960777' }, 1, NOW);
    const browser = await signedInBrowser(harness, 'complaints-manager@camden.demo');
    const page = await answer(browser, [
      ['conference', { conferenceId: 'camden.conference.demo' }],
      ['subject', { subject: 'agency' }],
      ['agency', { agency: 'education' }],
    ]);
    expect(page.html).not.toContain('<b>Schools</b>');
    expect(page.root.querySelector('main h2')?.text).toBe('<b>Schools</b>');
    expect(page.text).toContain('01632 960777');
  });

  it('asks each procedure’s own triage questions', async () => {
    // Camden: a complaint about the chair goes to the head of quality assurance (camden 3.1); legal proceedings may stop it (camden 7.1).
    const camden = await signedInBrowser(harness, 'complaints-manager@camden.demo');
    const camdenTriage = await answer(camden, camdenFamily().slice(0, 6));
    expect(camdenTriage.text).toContain('camden 3.1');
    expect(camdenTriage.text).toContain('camden 7.1');
    expect(camdenTriage.root.querySelector('input[name="localArea"]')).toBeNull();

    // Kent: a representation or a complaint is decided at triage, after raising (kent 2 ¶2); the chair's conduct goes elsewhere (kent 1 ¶1).
    const kent = await signedInBrowser(harness, 'complaints-manager@kent.demo');
    const kentSubject = await answer(kent, [['conference', { conferenceId: 'kent.conference.demo' }]]);
    expect(kentSubject.root.querySelector('input[value="chair-conduct"]')).not.toBeNull();
    const chairConduct = await kent.follow(await kent.post('/cases/new/subject', { subject: 'chair-conduct' }, kentSubject));
    expect(chairConduct.text).toContain('kent 1 ¶1');
    const kentWho = await kent.follow(await kent.post('/cases/new/subject', { subject: 'conference' }, kentSubject));
    // A child may raise it only with sufficient understanding (kent 3 ¶1): asked on its own page.
    const understanding = await kent.follow(
      await kent.post('/cases/new/complainant', { kind: 'child', name: 'Kim', relationship: 'The child', contact: 'Via school' }, kentWho),
    );
    expect(understanding.heading).toBe('Has the child been judged to have sufficient understanding to raise it?');
    expect(understanding.text).toContain('kent 3 ¶1');
    const kentAdvocate = await kent.follow(await kent.post('/cases/new/understanding', { sufficientUnderstanding: 'no' }, understanding));
    await kent.post('/cases/new/advocate', { hasAdvocate: 'no' }, kentAdvocate);
    await kent.post('/cases/new/received', received('23', '11', '2026', '09:00'), kentAdvocate);
    await kent.post('/cases/new/aspects', { aspects: 'decision' }, kentAdvocate);
    const kentTriage = await kent.get('/cases/new/triage');
    expect(kentTriage.text).toContain('kent 2 ¶2');
    const kentCheck = await kent.follow(await kent.post('/cases/new/triage', triage(), kentTriage));
    // The engine refuses a child without sufficient understanding: shown as a form error with its clause.
    expect(kentCheck.errorSummary).toEqual(['A child may challenge only where judged to have sufficient understanding (kent 3 ¶1)']);
    const before = await casesIn('kent');
    const refused = await kent.post('/cases/new/check', {}, kentCheck);
    expect(refused.status).toBe(400);
    expect(refused.errorSummary).toEqual(['A child may challenge only where judged to have sufficient understanding (kent 3 ¶1)']);
    expect(await casesIn('kent')).toEqual(before);

    // Pan-Sussex: two processes, three local areas (pan-sussex 1 ¶2), and a professional disagreement goes elsewhere.
    const sussex = await signedInBrowser(harness, 'complaints-manager@pan-sussex.demo');
    const sussexSubject = await answer(sussex, [['conference', { conferenceId: 'pan-sussex.conference.demo' }]]);
    expect(sussexSubject.root.querySelector('input[value="professional-disagreement"]')).not.toBeNull();
    const track = await sussex.follow(await sussex.post('/cases/new/subject', { subject: 'conference' }, sussexSubject));
    expect(track.root.querySelectorAll('input[name="track"]').map((i) => i.getAttribute('value'))).toEqual([
      'professional-dissent',
      'family',
    ]);
    const professional = await sussex.follow(await sussex.post('/cases/new/track', { track: 'professional-dissent' }, track));
    expect(professional.root.querySelectorAll('input[name="kind"]').map((i) => i.getAttribute('value'))).toEqual(['professional']);
    expect(professional.text).toContain('Their role and agency');
    const noRole = await sussex.post(
      '/cases/new/complainant',
      { kind: 'professional', name: 'Dr Rao', contact: 'rao@example.nhs.uk' },
      professional,
    );
    expect(noRole.errorSummary).toEqual(['Enter their role and agency']);
    // A professional's dissent is their own: no question about an advocate (pan-sussex 5.7.3).
    const afterProfessional = await sussex.post(
      '/cases/new/complainant',
      { kind: 'professional', name: 'Dr Rao', relationship: 'GP', contact: 'rao@example.nhs.uk' },
      professional,
    );
    expect(afterProfessional.headers.location).toBe('/cases/new/received');
    await sussex.post('/cases/new/received', received('20', '11', '2026'), professional);
    await sussex.post('/cases/new/aspects', { aspects: 'decision' }, professional);
    const sussexTriage = await sussex.get('/cases/new/triage');
    expect(sussexTriage.root.querySelectorAll('input[name="localArea"]').map((i) => i.getAttribute('value'))).toEqual([
      'brighton-and-hove',
      'east-sussex',
      'west-sussex',
    ]);
    // The conference's own area is chosen already (the demo conference is in Brighton & Hove).
    expect(sussexTriage.root.querySelectorAll('input[name="localArea"][checked]').map((i) => i.getAttribute('value'))).toEqual([
      'brighton-and-hove',
    ]);
    const noArea = await sussex.post('/cases/new/triage', { ...triage(), localArea: '' }, sussexTriage);
    expect(noArea.errorSummary).toEqual(['Select the local area the case is in']);
    const sussexCheck = await sussex.follow(await sussex.post('/cases/new/triage', triage({ localArea: 'east-sussex' }), sussexTriage));
    expect(sussexCheck.heading).toBe('Check your answers before raising the case');
    expect(sussexCheck.text).toContain('East Sussex');
    expect(sussexCheck.text).toContain('Role and agency');
    expect(sussexCheck.text).not.toContain('Relationship to the child');
    expect(sussexCheck.text).not.toContain('Advocate');
  });

  it('asks about a late challenge, refuses a decision the raiser may not take with its clause, and saves the accepted case and decision together', async () => {
    const principal = {
      kind: 'user',
      id: 'camden.conference-service-manager',
      role: 'conference-service-manager',
      partnershipId: 'camden',
    } as const;
    const [conferenceId] = await harness.services.conferences.record(
      principal,
      [
        {
          externalRef: 'CAM-LATE-2',
          type: 'review',
          heldAt: new Date('2026-09-14T09:00:00Z'),
          chairId: 'camden.conference-chair',
          minutesSent: { at: new Date('2026-09-18T09:00:00Z'), method: 'email' },
        },
      ],
      NOW,
      (index, name) => `conferences[${String(index)}].${name}`,
    );
    const steps = camdenFamily().map(([step, form]) =>
      step === 'conference' ? ([step, { conferenceId: conferenceId ?? '' }] as const) : ([step, form] as const),
    );
    // The complaints manager may not accept it late: Camden gives that to the chair (camden 3.2).
    const manager = await signedInBrowser(harness, 'complaints-manager@camden.demo');
    const late = await answer(manager, steps);
    expect(late.heading).toBe('It arrived after the time limit');
    expect(late.text).toContain('camden 3.2');
    const noReason = await manager.post(
      '/cases/new/late',
      { deadline: late.root.querySelector('input[name="deadline"]')?.getAttribute('value') ?? '', decision: 'accept' },
      late,
    );
    expect(noReason.errorSummary).toEqual(['Enter the reason for the decision']);
    const deadline = late.root.querySelector('input[name="deadline"]')?.getAttribute('value') ?? '';
    const check = await manager.follow(await manager.post('/cases/new/late', { deadline, decision: 'accept', reason: 'Illness' }, late));
    const before = await casesIn('camden');
    const refused = await manager.post('/cases/new/check', {}, check);
    expect(refused.status).toBe(400);
    expect(refused.errorSummary[0]).toMatch(/\(camden 3\.2\)$/);
    expect(await casesIn('camden')).toEqual(before);

    // The chair may: the case and the decision are saved together, and the case is open.
    const chair = await signedInBrowser(harness, 'conference-chair@camden.demo');
    const chairLate = await answer(chair, steps);
    const chairCheck = await chair.follow(
      await chair.post('/cases/new/late', { deadline, decision: 'accept', reason: 'Illness <b>x</b>' }, chairLate),
    );
    expect(chairCheck.html).toContain('Illness &lt;b&gt;x&lt;/b&gt;');
    expect((await chair.post('/cases/new/check', {}, chairCheck)).status).toBe(303);
    const after = await casesIn('camden');
    const id = after.find((c) => !before.includes(c)) ?? '';
    const types = (
      await harness.database.db.selectFrom('case_events').select('type').where('case_id', '=', id).orderBy('seq').execute()
    ).map((r) => r.type);
    expect(types).toContain('LateArrivalDecided');
    const summary = await harness.database.db
      .selectFrom('case_summary')
      .select('status')
      .where('case_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(summary.status).toBe('open');
  });

  it('raises one case however often the confirm is sent, one after another or at once', async () => {
    const browser = await signedInBrowser(harness, 'conference-service-manager@camden.demo');
    const check = await answer(browser, camdenFamily());
    const before = await casesIn('camden');
    const [first, second] = await Promise.all([browser.post('/cases/new/check', {}, check), browser.post('/cases/new/check', {}, check)]);
    const third = await browser.post('/cases/new/check', {}, check);
    for (const response of [first, second, third]) {
      expect(response.status).toBe(303);
      expect(response.headers.location).toBe('/cases/new/raised');
    }
    expect(await casesIn('camden')).toHaveLength(before.length + 1);
  });

  it('shows script typed into any field as text on every page it appears', async () => {
    const browser = await signedInBrowser(harness, 'complaints-manager@camden.demo');
    const script = '<script>alert("x")</script>';
    const check = await answer(
      browser,
      camdenFamily({ complainant: { name: `A ${script}`, relationship: script, contact: `"><img src=x onerror=alert(1)>` } }),
    );
    expect(check.html).not.toContain(script);
    expect(check.html).not.toContain('<img src=x');
    expect(check.text).toContain(script);
    const who = await browser.get('/cases/new/complainant');
    expect(who.html).not.toContain(script);
    expect(who.root.getElementById('relationship')?.getAttribute('value')).toBe(script);
  });

  it('is only for those who may raise cases', async () => {
    const auditor = await signedInBrowser(harness, 'auditor@camden.demo');
    expect((await auditor.get('/cases/new')).status).toBe(403);
    expect((await auditor.get('/cases/new/conference')).status).toBe(403);
  });
});

describe('where raising starts', () => {
  it('offers "Raise a case" on the case list to a role that may raise, and not to an auditor', async () => {
    const manager = await (await signedInBrowser(harness, 'complaints-manager@camden.demo')).get('/cases');
    expect(manager.root.querySelector('a[href="/cases/new"]')?.text.trim()).toBe('Raise a case');
    const auditor = await (await signedInBrowser(harness, 'auditor@camden.demo')).get('/cases');
    expect(auditor.status).toBe(200);
    expect(auditor.root.querySelector('a[href="/cases/new"]')).toBeNull();
  });
});
