/**
 * Correcting a recorded panel's members through the pages (ADR 0015): offered on the panel page to
 * whoever recorded it, re-checked against the procedure (each failure with its clause), a reason
 * required, nothing recorded in part; then corrected, with the correction on the case's timeline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { kentCaseAtReviewPanel } from '../support/kentJourney.js';
import { signedInBrowser, type Browser, type Page } from '../support/pages.js';

let t: TestApp;
let caseId: string;

beforeAll(async () => {
  t = await testApp({ now: new Date('2026-11-23T10:00:00Z') });
  caseId = await kentCaseAtReviewPanel(t);
}, 60_000);
afterAll(async () => {
  await t.close();
});

const versionOn = (page: Page) => page.root.querySelector('input[name="version"]')?.getAttribute('value') ?? '';

describe('correcting the panel’s members', () => {
  let manager: Browser;
  const url = () => `/cases/${caseId}/panel/correct`;
  beforeAll(async () => {
    manager = await signedInBrowser(t, 'conference-service-manager@kent.demo');
    const page = await manager.get(`/cases/${caseId}/panel`);
    expect(page.root.querySelector('[data-test="correct-panel"]')).toBeNull();
    const convened = await manager.post(
      `/cases/${caseId}/panel/members`,
      {
        version: versionOn(page),
        members: ['kent.panel-member-health', 'kent.panel-member-police'],
        chair: 'kent.panel-member',
        intent: 'convene',
      },
      page,
    );
    expect(convened.status, convened.errorSummary.join('; ')).toBe(303);
  }, 30_000);

  it('is offered on the panel page to whoever recorded it, drawn with the members as recorded', async () => {
    const page = await manager.get(`/cases/${caseId}/panel`);
    expect(page.root.querySelector('[data-test="correct-panel"]')?.getAttribute('href')).toBe(url());
    const form = await manager.get(url());
    expect(form.status).toBe(200);
    expect(form.heading).toBe('Correct the panel’s members');
    expect(form.root.querySelector('#chair option[selected]')?.getAttribute('value')).toBe('kent.panel-member');
    expect(form.root.querySelectorAll('input[name="members"][checked]').map((i) => i.getAttribute('value'))).toEqual(
      expect.arrayContaining(['kent.panel-member-health', 'kent.panel-member-police']),
    );
    // Not to a minute-taker, who neither recorded it nor may correct any record.
    const other = await signedInBrowser(t, 'minute-taker@kent.demo');
    expect((await other.get(`/cases/${caseId}/panel`)).root.querySelector('[data-test="correct-panel"]')).toBeNull();
    expect([403, 404]).toContain((await other.get(url())).status);
  });

  it('requires a reason, and re-checks the members against the procedure, each failure with its clause; nothing recorded', async () => {
    const form = await manager.get(url());
    const noReason = await manager.post(
      url(),
      {
        version: versionOn(form),
        members: ['kent.panel-member-health', 'kent.panel-member-police'],
        chair: 'kent.panel-member',
        intent: 'convene',
      },
      form,
    );
    expect(noReason.status).toBe(400);
    expect(noReason.errorSummary).toEqual(['Enter why the panel’s members are being corrected']);
    expect(noReason.fieldError('reason')).toBe('Enter why the panel’s members are being corrected');
    const invalid = await manager.post(
      url(),
      {
        version: versionOn(form),
        members: ['kent.panel-member-health'],
        chair: 'kent.panel-member-health',
        reason: 'Wrong members',
        intent: 'convene',
      },
      form,
    );
    expect(invalid.status).toBe(422);
    expect(invalid.errorSummary).toEqual(
      expect.arrayContaining([
        'The panel needs at least 3 members; it has 1 (kent 9 ¶3)',
        'The panel needs a member from the police (kent 9 ¶3)',
      ]),
    );
    expect(invalid.fieldError('members')).toBe('The panel needs at least 3 members; it has 1 (kent 9 ¶3)');
    expect(invalid.root.querySelector('#reason')?.text).toBe('Wrong members');
    expect(invalid.root.querySelector('#chair option[selected]')?.getAttribute('value')).toBe('kent.panel-member-health');
    const after = await manager.get(url());
    expect(versionOn(after)).toBe(versionOn(form));
  });

  it('checks, then records the correction: the panel as corrected, the correction with its reason on the timeline', async () => {
    const form = await manager.get(url());
    const corrected = {
      version: versionOn(form),
      members: ['kent.panel-member-health', 'kent.panel-member-police', 'kent.panel-member-education'],
      chair: 'kent.panel-member',
      reason: 'The education member sat too <b>and was left off</b>',
    };
    const valid = await manager.post(url(), { ...corrected, intent: 'check' }, form);
    expect(valid.status, valid.errorSummary.join('; ')).toBe(200);
    expect(valid.root.querySelector('[data-test="panel-valid"]')?.text).toContain('meets every rule');
    const sent = await manager.post(url(), { ...corrected, intent: 'convene' }, valid);
    expect(sent.status, sent.errorSummary.join('; ')).toBe(303);
    const panel = await manager.follow(sent);
    expect(panel.text).toContain('Panel corrected');
    expect(panel.root.querySelector('#declarations')?.text).toContain('Demo panel member, education (kent)');
    const casePage = await manager.get(`/cases/${caseId}`);
    expect(casePage.html).toContain('The education member sat too &lt;b&gt;and was left off&lt;/b&gt;');
    // The same form sent again is stale: refused, nothing recorded twice.
    const again = await manager.post(url(), { ...corrected, intent: 'convene' }, valid);
    expect(again.status).toBe(409);
    expect(again.errorSummary[0]).toMatch(/Someone else has changed this case/);
  });
});
