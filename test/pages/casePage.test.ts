/**
 * The case page and its forms through inject, as a browser without JavaScript uses them: Camden
 * and Kent cases driven through the pages, each kind of action's form, errors per field, refusals
 * with their clause, a stale form, a double submission, and script shown as text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { signedInBrowser, type Browser, type Page } from '../support/pages.js';
import { walkKentFromStage2ToReviewPanel } from '../support/kentJourney.js';
import { camdenComplaint, recordedAfterwards, type RecordedAfterwards } from '../support/recordedAfterwards.js';

const SCRIPT = '<script>alert("x")</script>';

/** A form's values as the page drew them: hidden fields and defaults, as a browser would send them. */
function formValues(page: Page): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  const form = page.root.querySelector('main form[method="post"]');
  for (const input of form?.querySelectorAll('input') ?? []) {
    const name = input.getAttribute('name');
    const type = input.getAttribute('type') ?? 'text';
    if (name === undefined || name === '_csrf') continue;
    if ((type === 'checkbox' || type === 'radio') && input.getAttribute('checked') === undefined) continue;
    const value = input.getAttribute('value') ?? '';
    const before = values[name];
    if (type === 'checkbox') values[name] = [...(Array.isArray(before) ? before : before === undefined ? [] : [before]), value];
    else values[name] = value;
  }
  return values;
}

async function submit(browser: Browser, url: string, extra: Record<string, string | string[]>): Promise<Page> {
  const form = await browser.get(url);
  expect(form.status, form.text.slice(0, 300)).toBe(200);
  return browser.post(url, { ...formValues(form), ...extra }, form);
}

async function done(browser: Browser, url: string, extra: Record<string, string | string[]>): Promise<Page> {
  const sent = await submit(browser, url, extra);
  expect(sent.status, sent.errorSummary.join('; ')).toBe(303);
  return browser.follow(sent);
}

describe('Camden: the case page and a form for each kind of step', () => {
  let t: TestApp;
  let r: RecordedAfterwards;
  let caseUrl: string;
  beforeAll(async () => {
    t = await testApp({ now: new Date('2026-04-01T08:00:00Z') });
    r = recordedAfterwards(t);
    await camdenComplaint(
      t,
      r,
      { conferenceTypedOn: '2026-04-01T08:00:00Z', raisedTypedOn: '2026-04-02T09:00:00Z', receivedAt: '2026-04-02T09:00' },
      { advocate: { name: `Advocate ${SCRIPT}`, consentRecordedAt: '2026-04-02T09:00' } },
    );
    caseUrl = `/cases/${r.caseId()}`;
  }, 30_000);
  afterAll(async () => {
    await t.close();
  });

  it('shows the summary, the decision standing, the next deadline explained, and the steps the reader may take', async () => {
    t.setNow(new Date('2026-04-02T10:00:00Z'));
    const chair = await signedInBrowser(t, 'conference-chair@camden.demo');
    const page = await chair.get(caseUrl);
    expect(page.status).toBe(200);
    // Named by its human reference (issue 12 point 3), in the title, the heading and the breadcrumbs.
    expect(page.root.querySelector('title')?.text).toMatch(/^Case CAMDEN-2026-0001 /);
    expect(page.root.querySelector('h1')?.text).toMatch(/^Case CAMDEN-2026-0001 /);
    expect(page.root.querySelector('.govuk-breadcrumbs')?.text).toContain('Case CAMDEN-2026-0001');
    expect(page.root.querySelector('[data-test="decision-stands"]')?.text).toMatch(
      /child protection plan, neglect\) stands while the challenge is considered \(camden/,
    );
    const summary = page.root.querySelector('[data-test="summary"]')?.text.replace(/\s+/g, ' ') ?? '';
    expect(summary).toContain('Parent');
    // What it is about, in words, not the aspect's id.
    expect(summary).toContain('About The decision on a child protection plan');
    expect(summary).toContain('Stage 1: exploration by the conference chair');
    expect(summary).toContain('Consent recorded');
    expect(summary).toContain('Next deadline');
    expect(page.html).not.toContain(SCRIPT);
    expect(page.text).toContain(`Advocate ${SCRIPT}`);
    const actions = page.root.querySelectorAll('[data-test="actions"] a').map((a) => a.text.trim());
    expect(actions).toContain('Meet the complainant');
    expect(await auditCount(t, 'case.read')).toBeGreaterThan(0);
  });

  it('a record: done through its form, then on the timeline with both times', async () => {
    t.setNow(new Date('2026-04-07T10:00:00Z'));
    const chair = await signedInBrowser(t, 'conference-chair@camden.demo');
    const after = await done(chair, `${caseUrl}/actions/stage1.complaint-shared`, { note: `Shared ${SCRIPT}` });
    expect(after.root.querySelector('.govuk-notification-banner__heading')?.text).toBe('Recorded');
    const timeline = after.root.querySelector('[data-test="timeline"]')?.text.replace(/\s+/g, ' ') ?? '';
    expect(timeline).toContain('Share the complaint with the Head of Quality Assurance');
    expect(timeline).toContain(`Shared ${SCRIPT}`);
    expect(after.html).not.toContain(SCRIPT);
  });

  it('a meeting: every field’s error at once, nothing saved, everything typed kept', async () => {
    const chair = await signedInBrowser(t, 'conference-chair@camden.demo');
    const url = `${caseUrl}/actions/stage1.meeting-held`;
    const before = (await t.services.cases.read(await principal(t, 'camden.conference-chair'), r.caseId(), new Date())).version;
    const sent = await submit(chair, url, { 'occurredAt-day': '31', 'occurredAt-month': '2', 'occurredAt-time': 'teatime' });
    expect(sent.status).toBe(400);
    expect(sent.errorSummary).toEqual([
      'The date it happened must be a real date',
      'The time the date it happened must be a real time, like 14:30 or 2:30pm',
    ]);
    expect(sent.fieldError('occurredAt')).toBe('The date it happened must be a real date');
    expect(sent.root.getElementById('occurredAt-time')?.getAttribute('value')).toBe('teatime');
    const after = (await t.services.cases.read(await principal(t, 'camden.conference-chair'), r.caseId(), new Date())).version;
    expect(after).toBe(before);
    const future = await submit(chair, url, { 'occurredAt-day': '9', 'occurredAt-month': '4', 'occurredAt-year': '2026' });
    expect(future.errorSummary).toEqual(['The date it happened must be today or in the past']);
    await done(chair, url, { 'occurredAt-day': '7', 'occurredAt-month': '4', 'occurredAt-year': '2026', 'occurredAt-time': '9:30am' });
  });

  it('a letter: required content per field with its clause; the copy list; sent, and the next deadline runs from it', async () => {
    const chair = await signedInBrowser(t, 'conference-chair@camden.demo');
    const url = `${caseUrl}/actions/stage1.response-sent`;
    const missing = await submit(chair, url, {});
    expect(missing.status).toBe(400);
    expect(missing.errorSummary[0]).toBe('Select how the letter was sent');
    expect(missing.errorSummary.some((e) => e.startsWith('Enter notes of the meeting (camden'))).toBe(true);
    const uncopied = await submit(chair, url, {
      method: 'email',
      copiedTo: [],
      'content-meeting-notes': 'Notes',
      'content-outcome-of-meeting': 'Outcome',
      'content-how-to-take-further': 'Write to the CSCP',
    });
    expect(uncopied.status).toBe(422);
    expect(uncopied.errorSummary.join(' ')).toMatch(/The letter must be copied to .+ \(camden [^)]+\)/);
    expect(uncopied.root.getElementById('content-meeting-notes')?.text).toBe('Notes');
    const after = await done(chair, url, {
      method: 'email',
      'content-meeting-notes': `Notes ${SCRIPT}`,
      'content-outcome-of-meeting': 'Outcome',
      'content-how-to-take-further': 'Write to the CSCP',
    });
    expect(after.html).not.toContain(SCRIPT);
    expect(after.root.querySelector('[data-test="deadlines"]')?.text).toContain('camden');
  });

  it('a request, then a refused panel shown with its clause, then a valid panel', async () => {
    t.setNow(new Date('2026-04-14T10:00:00Z'));
    const coordinator = await signedInBrowser(t, 'panel-coordinator@camden.demo');
    await done(coordinator, `${caseUrl}/actions/stage2.requested`, { reasons: `Still unhappy ${SCRIPT}` });
    const url = `${caseUrl}/actions/stage2.panel-convened`;
    const noMembers = await submit(coordinator, url, {});
    expect(noMembers.errorSummary).toEqual(['Select the members of the panel', 'Select who chairs the panel']);
    const invalid = await submit(coordinator, url, { members: ['camden.panel-member-health'], chair: 'camden.conference-chair' });
    expect(invalid.status).toBe(422);
    expect(invalid.errorSummary.length).toBeGreaterThan(1);
    expect(invalid.errorSummary.join(' ')).toMatch(/\(camden 4\.5\)/);
    expect(invalid.errorSummary.join(' ')).toMatch(/\(camden 4\.8\)/);
    expect(invalid.fieldError('members')).toMatch(/camden/);
    expect(invalid.root.querySelector('input[name="members"][value="camden.panel-member-health"]')?.getAttribute('checked')).toBeDefined();
    await done(coordinator, url, {
      members: ['camden.panel-member', 'camden.panel-member-health', 'camden.panel-member-police'],
      chair: 'camden.panel-member',
    });
  });

  it('a stale form shows what changed and asks again; a double submission does one thing', async () => {
    const coordinator = await signedInBrowser(t, 'panel-coordinator@camden.demo');
    const url = `${caseUrl}/actions/stage2.pack-provided`;
    const form = await coordinator.get(url);
    const values = formValues(form);
    const first = await coordinator.post(url, values, form);
    expect(first.status).toBe(303);
    const second = await coordinator.post(url, values, form);
    expect(second.status).toBe(409);
    expect(second.root.querySelector('[data-test="changed"]')?.text).toContain('Provide the panel with its papers');
    const view = await coordinator.get(caseUrl);
    expect(
      view.root
        .querySelectorAll('[data-test="timeline"] .moj-timeline__title')
        .filter((h) => h.text.includes('Provide the panel with its papers')),
    ).toHaveLength(1);
    // Asked again, it carries the new version: sent again it is judged afresh.
    expect(Number(second.root.querySelector('input[name="version"]')?.getAttribute('value'))).toBeGreaterThan(Number(values['version']));
  });

  it('a meeting with its minute taker, chosen from the partnership’s people', async () => {
    const coordinator = await signedInBrowser(t, 'panel-coordinator@camden.demo');
    const url = `${caseUrl}/actions/stage2.interviews-held`;
    const noMinutes = await submit(coordinator, url, {});
    expect(noMinutes.errorSummary).toEqual(['Select who took the minutes']);
    await done(coordinator, url, { minuteTaker: 'camden.panel-coordinator', supporterPresent: 'yes' });
    await done(coordinator, `${caseUrl}/actions/stage2.decision-meeting-held`, { minuteTaker: 'camden.panel-coordinator' });
  });

  it('a decision: options, findings and reasons; refused with the clause when the findings oblige another outcome', async () => {
    const panelChair = await signedInBrowser(t, 'panel-member@camden.demo');
    const url = `${caseUrl}/actions/stage2.decided`;
    const empty = await submit(panelChair, url, {});
    expect(empty.errorSummary).toEqual([
      'Select the outcome',
      'Select whether the procedures were followed',
      'Select whether the decision was reasonable',
      'Enter the reasons for the decision',
    ]);
    const obliged = await submit(panelChair, url, {
      options: ['decision-stands'],
      proceduresFollowed: 'no',
      decisionReasonable: 'yes',
      reasons: 'R',
    });
    expect(obliged.status).toBe(422);
    expect(obliged.errorSummary.join(' ')).toMatch(/\(camden [0-9.]+\)/);
    await done(panelChair, url, {
      options: ['decision-stands'],
      proceduresFollowed: 'yes',
      decisionReasonable: 'yes',
      reasons: `Sound ${SCRIPT}`,
    });
  });

  it('correct and void a fact from the timeline, shown beside it', async () => {
    const chair = await signedInBrowser(t, 'conference-chair@camden.demo');
    const page = await chair.get(caseUrl);
    const meeting = page.root
      .querySelectorAll('[data-test="timeline"] .moj-timeline__item')
      .find((i) => i.querySelector('.moj-timeline__title')?.text.trim() === 'Meet the complainant');
    const seq = meeting?.getAttribute('data-seq') ?? '';
    const url = `${caseUrl}/timeline/${seq}/correct`;
    const noReason = await submit(chair, url, { reason: '' });
    expect(noReason.errorSummary).toEqual(['Enter why the record is being corrected']);
    const corrected = await done(chair, url, { 'occurredAt-time': '09:00', reason: `Wrong time ${SCRIPT}` });
    const item = corrected.root.querySelector(`[data-seq="${seq}"]`);
    expect(item?.text).toContain('Corrected');
    expect(item?.querySelector('[data-test="correction"]')?.text).toContain(`Wrong time ${SCRIPT}`);
    expect(corrected.html).not.toContain(SCRIPT);
    // The coordinator's papers cannot be voided while the meetings after them depend on them: refused, with the clause.
    const coordinator = await signedInBrowser(t, 'panel-coordinator@camden.demo');
    const itemOf = async (b: Browser, title: string) =>
      (await b.get(caseUrl)).root
        .querySelectorAll('[data-test="timeline"] .moj-timeline__item')
        .find((i) => i.querySelector('.moj-timeline__title')?.text.trim() === title)
        ?.getAttribute('data-seq') ?? '';
    const voidUrl = `${caseUrl}/timeline/${await itemOf(coordinator, 'Provide the panel with its papers')}/void`;
    expect((await submit(coordinator, voidUrl, {})).errorSummary).toEqual(['Enter why the record is being voided']);
    const dependedOn = await submit(coordinator, voidUrl, { reason: 'Recorded on the wrong case' });
    expect(dependedOn.status).toBe(422);
    expect(dependedOn.errorSummary[0]).toMatch(/depends on .+ \(camden 4\.8\)$/);
    // The chair voids the sharing they recorded: kept on the timeline, marked voided, with the reason.
    const shared = await itemOf(chair, 'Share the complaint with the Head of Quality Assurance and the Local Authority Complaints Officer');
    const voided = await done(chair, `${caseUrl}/timeline/${shared}/void`, { reason: `Wrong case ${SCRIPT}` });
    expect(voided.root.querySelector(`[data-seq="${shared}"] [data-test="void"]`)?.text).toContain(`Wrong case ${SCRIPT}`);
    expect(voided.html).not.toContain(SCRIPT);
    // The chair may not void what the coordinator recorded (only theirs, or with correct-any-record).
    expect((await chair.get(voidUrl)).status).toBe(404);
  });
});

async function principal(t: TestApp, userId: string) {
  const p = await t.services.staff.principalOfUser(userId);
  if (p === undefined) throw new Error(`no user ${userId}`);
  return p;
}

async function auditCount(t: TestApp, action: string): Promise<number> {
  return (await t.database.db.selectFrom('audit_log').select('id').where('action', '=', action).execute()).length;
}

describe('Kent: a choice, a meeting minuted by the note taker, bookings against the deadline, the Review Panel', () => {
  let t: TestApp;
  let r: RecordedAfterwards;
  let caseUrl: string;
  beforeAll(async () => {
    t = await testApp({ now: new Date('2026-11-23T09:30:00Z') });
    r = recordedAfterwards(t);
    const careManager = await t.signIn('complaints-manager@kent.demo');
    await r.raise(careManager, '2026-11-23T09:30:00Z', {
      conferenceId: 'kent.conference.demo',
      track: 'family',
      complainant: { kind: 'parent' },
      aspects: ['decision'],
      receivedAt: '2026-11-23T09:00',
    });
    caseUrl = `/cases/${r.caseId()}`;
  }, 30_000);
  afterAll(async () => {
    await t.close();
  });

  it('kent 2 ¶2: a choice needs an option and a reason; the chair is told why they may not triage, with the clause', async () => {
    t.setNow(new Date('2026-11-23T11:00:00Z'));
    const chair = await signedInBrowser(t, 'conference-chair@kent.demo');
    const notTheirs = await chair.get(`${caseUrl}/actions/triage.decided`);
    expect(notTheirs.status).toBe(422);
    expect(notTheirs.errorSummary[0]).toMatch(/\(kent 2 ¶2\)$/);
    const page = await chair.get(caseUrl);
    expect(page.root.querySelector('[data-test="refused-actions"]')?.text).toContain('kent 2 ¶2');
    const careManager = await signedInBrowser(t, 'complaints-manager@kent.demo');
    const url = `${caseUrl}/actions/triage.decided`;
    expect((await submit(careManager, url, { reason: `  ${SCRIPT}` })).errorSummary).toEqual(['Select what was decided']);
    const noReason = await submit(careManager, url, { option: 'representation' });
    expect(noReason.errorSummary).toEqual(['Enter the reason for this choice']);
    expect(noReason.root.querySelector('input[name="option"][value="representation"]')?.getAttribute('checked')).toBeDefined();
    const after = await done(careManager, url, { option: 'representation', reason: `About the decision ${SCRIPT}` });
    expect(after.text).toContain('Chosen: A representation about the conference decision');
    expect(after.html).not.toContain(SCRIPT);
  });

  it('kent 6: the meeting’s minutes taken by the note taker; the response letter with its copy list', async () => {
    t.setNow(new Date('2026-11-23T12:00:00Z'));
    const chair = await signedInBrowser(t, 'conference-chair@kent.demo');
    const notified = await done(chair, `${caseUrl}/actions/stage1.appeal-notified`, {});
    // Noon is 12:00pm, not 0:00pm (en-GB's hour12 quirk).
    expect(notified.root.querySelector('[data-test="timeline"]')?.text).toContain('Mon 23 Nov 2026 at 12:00pm');
    t.setNow(new Date('2026-11-30T10:00:00Z'));
    await done(chair, `${caseUrl}/actions/stage1.meeting-held`, { minuteTaker: 'kent.minute-taker' });
    t.setNow(new Date('2026-12-01T10:00:00Z'));
    await done(chair, `${caseUrl}/actions/stage1.response-sent`, {
      method: 'email',
      'content-meeting-notes': 'N',
      'content-outcome-of-meeting': 'O',
      'content-how-to-take-further': 'H',
    });
  });

  it('kent 9 ¶6: a booking after the deadline is flagged with the clause; moving it needs a reason; then the Review Panel sits and decides', async () => {
    const [chairsManager, aad] = await Promise.all([
      t.signIn('conference-service-manager@kent.demo'),
      t.signIn('senior-safeguarding-manager@kent.demo'),
    ]);
    await walkKentFromStage2ToReviewPanel((s, on, body) => r.ok(s, on, { type: 'perform', ...body }), {
      chairsManager,
      assistantAreaDirector: aad,
    });

    t.setNow(new Date('2026-12-09T12:00:00Z'));
    const manager = await signedInBrowser(t, 'conference-service-manager@kent.demo');
    const bookUrl = `${caseUrl}/actions/stage4.meeting-held/book`;
    const past = await submit(manager, bookUrl, {
      'bookedFor-day': '1',
      'bookedFor-month': '12',
      'bookedFor-year': '2026',
      'bookedFor-time': '10:00',
    });
    expect(past.errorSummary).toEqual(['The date it is booked for must be in the future']);
    const late = await done(manager, bookUrl, {
      'bookedFor-day': '5',
      'bookedFor-month': '1',
      'bookedFor-year': '2027',
      'bookedFor-time': '10:00',
    });
    expect(late.root.querySelector('[data-test="booking-late"]')?.text).toContain('kent 9 ¶6');
    expect(late.root.querySelector('[data-test="bookings"]')?.text).toContain('At or after its deadline (kent 9 ¶6)');
    const noReason = await submit(manager, bookUrl, {
      'bookedFor-day': '22',
      'bookedFor-month': '12',
      'bookedFor-year': '2026',
      'bookedFor-time': '10:00',
    });
    expect(noReason.errorSummary).toEqual(['Enter why the date is changing']);
    const moved = await done(manager, bookUrl, {
      'bookedFor-day': '22',
      'bookedFor-month': '12',
      'bookedFor-year': '2026',
      'bookedFor-time': '10:00',
      reason: `The chair can sit earlier ${SCRIPT}`,
    });
    expect(moved.root.querySelector('[data-test="booking-late"]')).toBeNull();
    expect(moved.root.querySelector('[data-test="bookings"]')?.text).toContain(`moved because The chair can sit earlier ${SCRIPT}`);
    expect(moved.html).not.toContain(SCRIPT);

    t.setNow(new Date('2026-12-10T10:00:00Z'));
    await done(manager, `${caseUrl}/actions/stage4.panel-convened`, {
      members: ['kent.panel-member', 'kent.panel-member-health', 'kent.panel-member-police'],
      chair: 'kent.panel-member',
    });
    await done(manager, `${caseUrl}/actions/stage4.pack-provided`, {});
    t.setNow(new Date('2026-12-22T12:00:00Z'));
    await done(manager, `${caseUrl}/actions/stage4.meeting-held`, { 'occurredAt-time': '10:00' });
    const panelChair = await signedInBrowser(t, 'panel-member@kent.demo');
    const decided = await done(panelChair, `${caseUrl}/actions/stage4.decided`, {
      options: ['decision-stands', 'concerns-to-agencies'],
      proceduresFollowed: 'yes',
      decisionReasonable: 'yes',
      reasons: 'Reasonable',
    });
    expect(decided.text).toContain(
      'Decided: Confirm the conference decision stands, to be reviewed at the review conference; Raise specific concerns',
    );
  });
});

describe('Camden: a complaint that arrived late, decided; then withdrawn', () => {
  let t: TestApp;
  let r: RecordedAfterwards;
  let caseUrl: string;
  beforeAll(async () => {
    t = await testApp({ now: new Date('2026-05-11T09:00:00Z') });
    r = recordedAfterwards(t);
    // Minutes emailed Tue 31 Mar: the complaint was due by Tue 28 Apr (camden 2.2). It came on 8 May.
    await camdenComplaint(t, r, {
      conferenceTypedOn: '2026-05-11T09:00:00Z',
      raisedTypedOn: '2026-05-11T09:00:00Z',
      receivedAt: '2026-05-08T09:00',
    });
    caseUrl = `/cases/${r.caseId()}`;
  }, 30_000);
  afterAll(async () => {
    await t.close();
  });

  it('camden 3.2: nothing else can be done until the chair decides whether to accept it; the decision needs an answer and a reason', async () => {
    t.setNow(new Date('2026-05-11T10:00:00Z'));
    const chair = await signedInBrowser(t, 'conference-chair@camden.demo');
    const page = await chair.get(caseUrl);
    const link = page.root.querySelectorAll('main a').find((a) => a.text.startsWith('Decide: '));
    expect(link?.parentNode?.text).toContain('camden 3.2');
    const url = link?.getAttribute('href') ?? '';
    expect(url).toBe(`${caseUrl}/decide/late-arrival/complaint-in-writing`);
    const empty = await submit(chair, url, {});
    expect(empty.errorSummary).toEqual(['Select whether to accept it', 'Enter the reason for the decision']);
    const accepted = await done(chair, url, { accept: 'yes', reason: `Illness in the family ${SCRIPT}` });
    expect(accepted.html).not.toContain(SCRIPT);
    expect(accepted.root.querySelectorAll('main a').some((a) => a.text.startsWith('Decide: '))).toBe(false);
  });

  it('withdrawn by the complaints manager with a reason; a panel member has no such form', async () => {
    const panelMember = await signedInBrowser(t, 'panel-member@camden.demo');
    expect((await panelMember.get(`${caseUrl}/withdraw`)).status).toBe(403);
    expect((await panelMember.get(caseUrl)).root.querySelectorAll('main a').some((a) => a.text === 'Withdraw the challenge')).toBe(false);
    const officer = await signedInBrowser(t, 'complaints-manager@camden.demo');
    const page = await officer.get(caseUrl);
    expect(page.root.querySelectorAll('main a').some((a) => a.text === 'Withdraw the challenge')).toBe(true);
    expect((await submit(officer, `${caseUrl}/withdraw`, {})).errorSummary).toEqual([
      'Enter why the complainant is withdrawing the challenge',
    ]);
    const withdrawn = await done(officer, `${caseUrl}/withdraw`, { reason: `Resolved informally ${SCRIPT}` });
    expect(withdrawn.root.querySelector('[data-test="status"]')?.text).toBe('Closed');
    expect(withdrawn.root.querySelector('[data-test="decision-stands"]')).toBeNull();
    expect(withdrawn.html).not.toContain(SCRIPT);
  });
});
