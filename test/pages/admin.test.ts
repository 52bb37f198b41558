import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { signedInBrowser, type Page } from '../support/pages.js';

let harness: TestApp;
beforeAll(async () => {
  harness = await testApp({ now: new Date('2026-11-23T10:00:00Z') });
});
afterAll(async () => {
  await harness.close();
});

/** Audit entries written since `since` (an audit id), oldest first. */
const auditSince = async (since: number) =>
  harness.database.db
    .selectFrom('audit_log')
    .select(['action', 'outcome', 'subject_id', 'actor_id'])
    .where('id', '>', since)
    .orderBy('id')
    .execute();
const lastAuditId = async () =>
  (
    await harness.database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirst()
  )?.id ?? 0;

const SCRIPT = '<script>alert("x")</script>';
const banner = (page: Page) => page.root.querySelector('.govuk-notification-banner__heading')?.text.trim();

describe('the administration index', () => {
  it('lists what the role may manage, and refuses a role that manages nothing with the 403 page, audited', async () => {
    const admin = await (await signedInBrowser(harness, 'administrator@kent.demo')).get('/admin');
    expect(admin.status).toBe(200);
    const areas = admin.root.querySelectorAll('main h2 a').map((a) => a.text.trim());
    expect(areas).toEqual([
      'Staff accounts and roles',
      'Who line-manages whom',
      'People and agencies',
      'Agencies’ complaints contacts',
      'Closure days',
      'API tokens',
      'Local areas',
    ]);
    const manager = await (await signedInBrowser(harness, 'complaints-manager@kent.demo')).get('/admin');
    expect(manager.root.querySelectorAll('main h2 a').map((a) => a.text.trim())).toEqual([
      'People and agencies',
      'Agencies’ complaints contacts',
      'Local areas',
    ]);
    const since = await lastAuditId();
    const member = await (await signedInBrowser(harness, 'panel-member@kent.demo')).get('/admin');
    expect(member.status).toBe(403);
    expect(member.heading).toBe('You do not have permission to see this');
    expect(await auditSince(since)).toContainEqual(expect.objectContaining({ action: 'denied:page:/admin', outcome: 'denied' }));
  });

  it('shows the local areas the procedure names, with their clauses', async () => {
    const page = await (await signedInBrowser(harness, 'administrator@cambridgeshire-peterborough.demo')).get('/admin/local-areas');
    expect(page.status).toBe(200);
    expect(page.root.querySelectorAll('tbody tr').length).toBeGreaterThan(0);
    expect(page.text).toMatch(/cambridgeshire-peterborough/);
  });
});

describe('closure days', () => {
  it('says what is wrong with each field, keeps what was typed, and saves nothing', async () => {
    const browser = await signedInBrowser(harness, 'administrator@kent.demo');
    const form = await browser.get('/admin/closure-days');
    expect(form.text).toContain('A closure day moves deadlines');
    const empty = await browser.post('/admin/closure-days', {}, form);
    expect(empty.status).toBe(400);
    expect(empty.errorSummary).toEqual(['Enter the date', 'Enter why the partnership is closed']);
    expect(empty.root.querySelector('title')?.text).toMatch(/^Error: Closure days/);
    const unreal = await browser.post(
      '/admin/closure-days',
      { 'date-day': '31', 'date-month': '2', 'date-year': '2027', reason: SCRIPT },
      form,
    );
    expect(unreal.errorSummary).toEqual(['The date must be a real date']);
    expect(unreal.fieldError('date')).toBe('The date must be a real date');
    expect(unreal.root.getElementById('reason')?.getAttribute('value')).toBe(SCRIPT);
    expect(unreal.html).not.toContain(SCRIPT);
    expect(await harness.services.partnerships.closureDays('kent')).toEqual([]);
  });

  it('adds a day and removes it, each audited, and the calendar moves each time', async () => {
    const browser = await signedInBrowser(harness, 'administrator@kent.demo');
    const calendarVersion = async () =>
      (await harness.database.db.selectFrom('partnerships').select('calendar_version').where('id', '=', 'kent').executeTakeFirstOrThrow())
        .calendar_version;
    const before = await calendarVersion();
    const since = await lastAuditId();
    const form = await browser.get('/admin/closure-days');
    const added = await browser.post(
      '/admin/closure-days',
      { 'date-day': '29', 'date-month': '12', 'date-year': '2026', reason: `Office closed ${SCRIPT}` },
      form,
    );
    expect(added.status).toBe(303);
    const list = await browser.follow(added);
    expect(banner(list)).toBe('Closure day added');
    expect(list.text).toContain('Tue 29 Dec 2026');
    expect(list.html).not.toContain(SCRIPT);
    expect(list.text).toContain(`Office closed ${SCRIPT}`);
    expect(await calendarVersion()).toBe(before + 1);
    const confirm = await browser.get('/admin/closure-days/2026-12-29/remove');
    expect(confirm.heading).toBe('Are you sure you want to remove this closure day?');
    expect(confirm.text).toContain('deadlines of open cases');
    const removed = await browser.post('/admin/closure-days/2026-12-29/remove', {}, confirm);
    expect(removed.status).toBe(303);
    expect(banner(await browser.follow(removed))).toBe('Closure day removed');
    expect(await harness.services.partnerships.closureDays('kent')).toEqual([]);
    expect(await calendarVersion()).toBe(before + 2);
    expect((await auditSince(since)).filter((e) => e.action.startsWith('closure-day'))).toEqual([
      { action: 'closure-day.added', outcome: 'ok', subject_id: '2026-12-29', actor_id: 'kent.administrator' },
      { action: 'closure-day.removed', outcome: 'ok', subject_id: '2026-12-29', actor_id: 'kent.administrator' },
    ]);
    // Gone: removing it again is the page-not-found page.
    expect((await browser.post('/admin/closure-days/2026-12-29/remove', {}, confirm)).status).toBe(404);
  });

  it('shows the days to anyone but refuses a change from a role without the permission, with the 403 page, audited', async () => {
    const browser = await signedInBrowser(harness, 'complaints-manager@kent.demo');
    const list = await browser.get('/admin/closure-days');
    expect(list.status).toBe(200);
    expect(list.root.querySelector('form[action="/admin/closure-days"]')).toBeNull();
    const since = await lastAuditId();
    const refused = await browser.post(
      '/admin/closure-days',
      { 'date-day': '1', 'date-month': '1', 'date-year': '2027', reason: 'x' },
      list,
    );
    expect(refused.status).toBe(403);
    expect(refused.heading).toBe('You do not have permission to see this');
    expect(await auditSince(since)).toContainEqual(
      expect.objectContaining({ action: 'denied:page:/admin/closure-days', outcome: 'denied' }),
    );
    expect(await harness.services.partnerships.closureDays('kent')).toEqual([]);
  });
});

describe('people and agencies', () => {
  it('adds a person, with errors first, shows script in their name as text, and edits them; each audited', async () => {
    const browser = await signedInBrowser(harness, 'conference-service-manager@kent.demo');
    const form = await browser.get('/admin/people/new');
    expect(form.heading).toBe('Add a person');
    const empty = await browser.post('/admin/people/new', { about: 'partnership-agency' }, form);
    expect(empty.status).toBe(400);
    expect(empty.errorSummary).toEqual(['Enter the person’s name', 'Select the person’s agency']);
    expect(empty.root.querySelector('input[name="about"][value="partnership-agency"]')?.hasAttribute('checked')).toBe(true);
    const tooLong = await browser.post(
      '/admin/people/new',
      { name: 'x'.repeat(201), agency: 'police', formId: form.root.querySelector('input[name="formId"]')?.getAttribute('value') ?? '' },
      form,
    );
    expect(tooLong.errorSummary).toEqual(['Name must be 200 characters or fewer']);
    expect(tooLong.root.querySelector('input[name="agency"][value="police"]')?.hasAttribute('checked')).toBe(true);
    const count = (await harness.services.people.list('kent')).length;
    const since = await lastAuditId();
    const once = form.root.querySelector('input[name="formId"]')?.getAttribute('value') ?? '';
    expect(tooLong.root.querySelector('input[name="formId"]')?.getAttribute('value')).toBe(once);
    const annForm = {
      name: `Ann ${SCRIPT}`,
      jobTitle: 'Named nurse',
      agency: 'health',
      about: ['senior', 'partnership-agency'],
      formId: once,
    };
    const added = await browser.post('/admin/people/new', annForm, form);
    expect(added.status).toBe(303);
    // The same form sent again (a reload, a second press) adds nobody more.
    expect((await browser.post('/admin/people/new', annForm, form)).status).toBe(303);
    const list = await browser.follow(added);
    expect(banner(list)).toBe('Person added');
    expect(list.html).not.toContain(SCRIPT);
    expect(list.text).toContain(`Ann ${SCRIPT}`);
    const people = await harness.services.people.list('kent');
    expect(people).toHaveLength(count + 1);
    const ann = people.find((p) => p.name === `Ann ${SCRIPT}`);
    expect(ann).toMatchObject({ agency: 'health', jobTitle: 'Named nurse', senior: true, partnershipAgency: true });
    const edit = await browser.get(`/admin/people/${ann?.id ?? ''}`);
    expect(edit.root.getElementById('name')?.getAttribute('value')).toBe(`Ann ${SCRIPT}`);
    const bad = await browser.post(`/admin/people/${ann?.id ?? ''}`, { name: '', agency: 'education' }, edit);
    expect(bad.errorSummary).toEqual(['Enter the person’s name']);
    const changed = await browser.post(`/admin/people/${ann?.id ?? ''}`, { name: 'Ann Smith', agency: 'education', jobTitle: '' }, edit);
    expect(changed.status).toBe(303);
    expect(await harness.services.people.get('kent', ann?.id ?? '')).toMatchObject({
      name: 'Ann Smith',
      agency: 'education',
      jobTitle: null,
      senior: false,
      partnershipAgency: false,
    });
    expect((await auditSince(since)).map((e) => [e.action, e.subject_id])).toEqual([
      ['person.added', ann?.id],
      ['person.updated', ann?.id],
    ]);
  });

  it('lets a role that reads people see them but not add them', async () => {
    const browser = await signedInBrowser(harness, 'auditor@kent.demo');
    const list = await browser.get('/admin/people');
    expect(list.status).toBe(200);
    expect(list.text).not.toContain('Add a person');
    const since = await lastAuditId();
    expect((await browser.get('/admin/people/new')).status).toBe(403);
    expect(await auditSince(since)).toContainEqual(expect.objectContaining({ action: 'denied:page:/admin/people/new' }));
  });
});

describe('agencies’ complaints contacts', () => {
  const formIdOf = (page: Page) => page.root.querySelector('input[name="formId"]')?.getAttribute('value') ?? '';

  it('lists each agency with its contact or none, adds one with every field’s error first, once, escaped and audited', async () => {
    const browser = await signedInBrowser(harness, 'administrator@camden.demo');
    const list = await browser.get('/admin/agencies');
    expect(list.status).toBe(200);
    // The demo's four contacts, and the fifth agency with none.
    expect(list.root.querySelectorAll('main h2').map((h) => h.text.trim())).toEqual([
      'Camden Council children’s services (demo)',
      'Camden Police (demo)',
      'Camden NHS Trust (demo)',
      'Camden schools service (demo)',
      'Another partner agency',
    ]);
    expect(list.text).toContain('complaints@police.camden.example.org');
    expect(list.text).toContain('No complaints contact recorded.');
    const form = await browser.get('/admin/agencies/new?agency=other-partner');
    expect(form.heading).toBe('Add an agency’s complaints contact');
    // Only the agency without a contact can be added.
    expect(form.root.querySelectorAll('input[name="agency"]').map((i) => i.getAttribute('value'))).toEqual(['other-partner']);
    expect(form.root.querySelector('input[name="agency"]')?.hasAttribute('checked')).toBe(true);

    const none = await browser.post('/admin/agencies/new', { formId: formIdOf(form) }, form);
    expect(none.status).toBe(400);
    expect(none.errorSummary).toEqual([
      'Select the agency',
      'Enter the agency’s name',
      'Enter at least one way to make a complaint: a postal address, email, telephone or web page',
    ]);
    const badForm = {
      agency: 'other-partner',
      name: `Youth ${SCRIPT}`,
      address: Array.from({ length: 9 }, (_, i) => `Line ${String(i + 1)}`).join('\n'),
      email: 'complaints at example.org',
      phone: '01632 96',
      website: 'http://youth.example.org',
      formId: formIdOf(form),
    };
    const bad = await browser.post('/admin/agencies/new', badForm, form);
    expect(bad.status).toBe(400);
    expect(bad.errorSummary).toEqual([
      'Postal address must be 8 lines or fewer',
      'Enter an email address in the correct format, like complaints@example.org',
      'Enter a UK telephone number, like 01632 960 001',
      'Enter a web address starting with https://, like https://www.example.org/complaints',
    ]);
    expect(bad.fieldError('website')).toBe('Enter a web address starting with https://, like https://www.example.org/complaints');
    // Nothing typed is lost, and nothing saved.
    expect(bad.root.getElementById('name')?.getAttribute('value')).toBe(`Youth ${SCRIPT}`);
    expect(bad.root.getElementById('address')?.text).toContain('Line 9');
    expect(bad.root.getElementById('email')?.getAttribute('value')).toBe('complaints at example.org');
    expect(bad.root.getElementById('phone')?.getAttribute('value')).toBe('01632 96');
    expect(bad.root.getElementById('website')?.getAttribute('value')).toBe('http://youth.example.org');
    expect(formIdOf(bad)).toBe(formIdOf(form));
    expect(await harness.services.agencies.find('camden', 'other-partner')).toBeUndefined();
    const tooLong = await browser.post(
      '/admin/agencies/new',
      { ...badForm, name: 'x'.repeat(201), address: '', email: '', phone: '', website: 'https://youth.example.org' },
      form,
    );
    expect(tooLong.errorSummary).toEqual(['Name must be 200 characters or fewer']);

    const since = await lastAuditId();
    const good = { agency: 'other-partner', name: `Youth ${SCRIPT}`, phone: '+44 1632 960999', formId: formIdOf(form) };
    const added = await browser.post('/admin/agencies/new', good, form);
    expect(added.status).toBe(303);
    // The same form sent again adds nothing more.
    expect((await browser.post('/admin/agencies/new', { ...good, name: 'Twice' }, form)).status).toBe(303);
    const after = await browser.follow(added);
    expect(banner(after)).toBe('Complaints contact added');
    expect(after.html).not.toContain(SCRIPT);
    expect(after.text).toContain(`Youth ${SCRIPT}`);
    expect(after.text).toContain('+44 1632 960999');
    expect(await harness.services.agencies.find('camden', 'other-partner')).toMatchObject({ name: `Youth ${SCRIPT}`, version: 1 });
    expect((await auditSince(since)).map((e) => [e.action, e.subject_id, e.outcome])).toEqual([
      ['agency-contact.added', 'other-partner', 'ok'],
    ]);
  });

  it('changes a contact; a form drawn before someone else’s change is shown again with theirs, nothing typed lost', async () => {
    const first = await signedInBrowser(harness, 'administrator@kent.demo');
    const second = await signedInBrowser(harness, 'complaints-manager@kent.demo');
    const mine = await first.get('/admin/agencies/police');
    const theirs = await second.get('/admin/agencies/police');
    expect(mine.heading).toBe('Change the complaints contact of Kent Police (demo)');
    expect(mine.root.getElementById('email')?.getAttribute('value')).toBe('complaints@police.kent.example.org');
    const empty = await first.post('/admin/agencies/police', { version: '1', name: 'Kent Police (demo)' }, mine);
    expect(empty.status).toBe(400);
    expect(empty.errorSummary).toEqual(['Enter at least one way to make a complaint: a postal address, email, telephone or web page']);
    expect(empty.fieldError('address')).toBeUndefined();

    const since = await lastAuditId();
    const saved = await second.post(
      '/admin/agencies/police',
      { version: '1', name: 'Kent Police', email: 'feedback@police.kent.example.org' },
      theirs,
    );
    expect(saved.status).toBe(303);
    const stale = await first.post('/admin/agencies/police', { version: '1', name: 'Kent Constabulary', phone: '01632 960500' }, mine);
    expect(stale.status).toBe(409);
    expect(stale.root.querySelector('[data-test="changed"]')?.text).toContain('feedback@police.kent.example.org');
    expect(stale.root.getElementById('name')?.getAttribute('value')).toBe('Kent Constabulary');
    expect(stale.root.getElementById('phone')?.getAttribute('value')).toBe('01632 960500');
    expect(stale.root.querySelector('input[name="version"]')?.getAttribute('value')).toBe('2');
    expect(await harness.services.agencies.find('kent', 'police')).toMatchObject({ name: 'Kent Police', version: 2 });
    // Sent again from the page that showed the change, it is saved.
    expect(
      (await first.post('/admin/agencies/police', { version: '2', name: 'Kent Constabulary', phone: '01632 960500' }, stale)).status,
    ).toBe(303);
    expect(await harness.services.agencies.find('kent', 'police')).toEqual(
      expect.objectContaining({ name: 'Kent Constabulary', phone: '01632 960500', version: 3 }),
    );
    expect((await harness.services.agencies.find('kent', 'police'))?.email).toBeUndefined();
    expect((await auditSince(since)).map((e) => [e.action, e.actor_id])).toEqual([
      ['agency-contact.changed', 'kent.complaints-manager'],
      ['agency-contact.changed', 'kent.administrator'],
    ]);
  });

  it('lets a role that reads people see the contacts but not add or change them', async () => {
    const browser = await signedInBrowser(harness, 'auditor@kent.demo');
    const list = await browser.get('/admin/agencies');
    expect(list.status).toBe(200);
    expect(list.text).not.toContain('Add a complaints contact');
    expect(list.root.querySelectorAll('main a[href^="/admin/agencies/"]')).toHaveLength(0);
    const since = await lastAuditId();
    expect((await browser.get('/admin/agencies/new')).status).toBe(403);
    expect((await browser.get('/admin/agencies/police')).status).toBe(403);
    expect(await auditSince(since)).toContainEqual(expect.objectContaining({ action: 'denied:page:/admin/agencies/new' }));
    // An agency kind that does not exist is not found, even to an administrator.
    expect((await (await signedInBrowser(harness, 'administrator@kent.demo')).get('/admin/agencies/nonsense')).status).toBe(404);
  });
});

describe('staff accounts and roles', () => {
  it('adds an account with a password that meets the policy, never showing the password again', async () => {
    const browser = await signedInBrowser(harness, 'administrator@kent.demo');
    const form = await browser.get('/admin/staff/new');
    const empty = await browser.post('/admin/staff/new', {}, form);
    expect(empty.errorSummary).toEqual([
      'Enter the person’s full name',
      'Enter their email address',
      'Select a role',
      'Select their agency',
      'Enter a password for the account',
    ]);
    const typed = {
      name: `Bea ${SCRIPT}`,
      email: 'bea@kent.demo',
      role: 'conference-chair',
      agency: 'local-authority-childrens-services',
      lineManagerId: 'kent.conference-service-manager',
      about: ['partnership-agency'],
    };
    const weak = await browser.post('/admin/staff/new', { ...typed, password: 'passwordpassword' }, form);
    expect(weak.status).toBe(400);
    expect(weak.fieldError('password')).toMatch(/^Password is one of the most used passwords/);
    expect(weak.html).not.toContain('value="passwordpassword"');
    expect(weak.root.getElementById('name')?.getAttribute('value')).toBe(typed.name);
    expect(weak.html).not.toContain(SCRIPT);
    expect(weak.root.querySelector('#lineManagerId option[selected]')?.getAttribute('value')).toBe('kent.conference-service-manager');
    const taken = await browser.post(
      '/admin/staff/new',
      { ...typed, email: 'auditor@kent.demo', password: 'three random words here' },
      form,
    );
    expect(taken.errorSummary).toEqual(['Someone already has an account with that email address']);
    const since = await lastAuditId();
    const added = await browser.post('/admin/staff/new', { ...typed, password: 'three random words here' }, form);
    expect(added.status).toBe(303);
    const page = await browser.follow(added);
    expect(banner(page)).toBe('Account added');
    expect(page.heading).toBe(typed.name);
    expect(page.html).not.toContain(SCRIPT);
    const id = String(added.headers.location).split('/').pop() ?? '';
    expect(await auditSince(since)).toEqual([{ action: 'staff.added', outcome: 'ok', subject_id: id, actor_id: 'kent.administrator' }]);
    expect((await harness.services.staff.lineManagementHistory('kent', id)).map((h) => h.lineManagerId)).toEqual([
      'kent.conference-service-manager',
    ]);
    // The new account signs in with the password given.
    const signed = await harness.services.staff.signIn('bea@kent.demo', 'three random words here');
    expect(signed.outcome).toBe('ok');
  });

  it('changes a role, refuses changing one’s own, and disabling ends the person’s sessions for good', async () => {
    const admin = await signedInBrowser(harness, 'administrator@kent.demo');
    const minuteTaker = await signedInBrowser(harness, 'minute-taker@kent.demo');
    const since = await lastAuditId();
    const roleForm = await admin.get('/admin/staff/kent.minute-taker/role');
    expect(roleForm.heading).toBe('Change Demo Minute taker (kent)’s role');
    expect(roleForm.root.querySelector('input[name="role"][checked]')?.getAttribute('value')).toBe('minute-taker');
    expect((await admin.post('/admin/staff/kent.minute-taker/role', {}, roleForm)).errorSummary).toEqual(['Select a role']);
    const changed = await admin.post('/admin/staff/kent.minute-taker/role', { role: 'auditor' }, roleForm);
    expect(changed.status).toBe(303);
    expect((await harness.services.staff.get('kent', 'kent.minute-taker')).role).toBe('auditor');
    const own = await admin.post('/admin/staff/kent.administrator/role', { role: 'auditor' }, roleForm);
    expect(own.status).toBe(400);
    expect(own.fieldError('role')).toMatch(/^You cannot change your own role/);
    const confirm = await admin.get('/admin/staff/kent.minute-taker/disable');
    expect(confirm.text).toContain('signed out at once');
    const disabled = await admin.post('/admin/staff/kent.minute-taker/disable', {}, confirm);
    expect(disabled.status).toBe(303);
    const shown = await admin.follow(disabled);
    expect(banner(shown)).toBe('Account disabled');
    expect(shown.text).toContain('Disabled');
    expect((await minuteTaker.get('/')).status).toBe(303);
    const enabled = await admin.post('/admin/staff/kent.minute-taker/enable', {}, shown);
    expect(enabled.status).toBe(303);
    expect((await harness.services.staff.get('kent', 'kent.minute-taker')).disabled).toBe(false);
    // Re-enabling does not bring the old session back.
    expect((await minuteTaker.get('/')).status).toBe(303);
    await admin.post('/admin/staff/kent.minute-taker/role', { role: 'minute-taker' }, roleForm);
    expect((await auditSince(since)).filter((e) => e.outcome === 'ok').map((e) => e.action)).toEqual(
      expect.arrayContaining(['staff.updated:role', 'staff.updated:disabled', 'staff.updated:enabled']),
    );
  });

  it('disabling someone revokes the API tokens they created, each revocation audited as the API audits it', async () => {
    const creator = await harness.services.staff.principalOfUser('kent.senior-safeguarding-manager');
    if (creator === undefined) throw new Error('no creator');
    const made = await harness.services.tokens.create(creator, { name: 'Reader', role: 'auditor' }, new Date('2026-11-23T10:00:00Z'));
    const admin = await signedInBrowser(harness, 'administrator@kent.demo');
    const confirm = await admin.get('/admin/staff/kent.senior-safeguarding-manager/disable');
    const since = await lastAuditId();
    expect((await admin.post('/admin/staff/kent.senior-safeguarding-manager/disable', {}, confirm)).status).toBe(303);
    expect((await auditSince(since)).map((e) => [e.action, e.subject_id])).toEqual([
      ['staff.updated:disabled', 'kent.senior-safeguarding-manager'],
      ['api-token.revoked', made.id],
    ]);
    expect((await harness.services.tokens.list('kent')).find((t) => t.id === made.id)?.revokedAt).not.toBeNull();
    await admin.post('/admin/staff/kent.senior-safeguarding-manager/enable', {}, confirm);
  });

  it('lets a role that reads staff see them but not change them', async () => {
    const browser = await signedInBrowser(harness, 'complaints-manager@kent.demo');
    const list = await browser.get('/admin/staff');
    expect(list.status).toBe(200);
    expect(list.text).not.toContain('Add a staff account');
    const member = await browser.get('/admin/staff/kent.conference-chair');
    expect(member.root.querySelector('a[href="/admin/staff/kent.conference-chair/role"]')).toBeNull();
    const since = await lastAuditId();
    const refused = await browser.post('/admin/staff/kent.conference-chair/disable', {}, member);
    expect(refused.status).toBe(403);
    expect(await auditSince(since)).toContainEqual(expect.objectContaining({ action: 'denied:page:/admin/staff/:id/disable' }));
    expect((await harness.services.staff.get('kent', 'kent.conference-chair')).disabled).toBe(false);
  });
});

describe('who line-manages whom', () => {
  it('changes a line manager, keeps the earlier one in the history, and refuses a loop', async () => {
    const browser = await signedInBrowser(harness, 'administrator@kent.demo');
    const overview = await browser.get('/admin/line-management');
    expect(overview.status).toBe(200);
    const before = (await harness.services.staff.get('kent', 'kent.conference-chair')).lineManagerId;
    const form = await browser.get('/admin/staff/kent.conference-chair/line-manager');
    expect(form.root.querySelector('#lineManagerId option[selected]')?.getAttribute('value')).toBe(before ?? '');
    const unknown = await browser.post('/admin/staff/kent.conference-chair/line-manager', { lineManagerId: 'nobody-at-all' }, form);
    expect(unknown.errorSummary).toEqual(['Select a line manager from the list']);
    const since = await lastAuditId();
    const changed = await browser.post(
      '/admin/staff/kent.conference-chair/line-manager',
      { lineManagerId: 'kent.senior-safeguarding-manager' },
      form,
    );
    expect(changed.status).toBe(303);
    const page = await browser.follow(changed);
    expect(banner(page)).toBe('Line manager changed');
    const history = await harness.services.staff.lineManagementHistory('kent', 'kent.conference-chair');
    expect(history[0]).toMatchObject({ lineManagerId: 'kent.senior-safeguarding-manager', to: null });
    if (before !== null) expect(history[1]).toMatchObject({ lineManagerId: before });
    expect(page.root.querySelectorAll('table tbody tr').length).toBe(history.length);
    expect(await auditSince(since)).toEqual([
      { action: 'staff.updated:line-manager', outcome: 'ok', subject_id: 'kent.conference-chair', actor_id: 'kent.administrator' },
    ]);
    // The senior safeguarding manager now line-manages the chair: the chair cannot line-manage them.
    const loop = await browser.post(
      '/admin/staff/kent.senior-safeguarding-manager/line-manager',
      { lineManagerId: 'kent.conference-chair' },
      form,
    );
    expect(loop.status).toBe(400);
    expect(loop.fieldError('lineManagerId')).toBe(
      'That line manager is this person, or is managed by them. Nobody may line-manage themselves.',
    );
  });
});

describe('API tokens', () => {
  it('refuses an administrator a case-reading token as a form error, then creates one shown once, lists it and revokes it', async () => {
    const browser = await signedInBrowser(harness, 'administrator@kent.demo');
    const form = await browser.get('/admin/api-tokens/new');
    expect(form.root.getElementById('expiresInDays')?.getAttribute('value')).toBe('90');
    const empty = await browser.post('/admin/api-tokens/new', { expiresInDays: '' }, form);
    expect(empty.errorSummary).toEqual([
      'Enter a name for the token',
      'Select the role the token acts with',
      'Enter how many days until the token expires',
    ]);
    const tooLong = await browser.post('/admin/api-tokens/new', { name: 'Feed', role: 'administrator', expiresInDays: '366' }, form);
    expect(tooLong.errorSummary).toEqual(['Days until it expires must be a whole number from 1 to 365']);
    const since = await lastAuditId();
    const caseReading = await browser.post('/admin/api-tokens/new', { name: `Feed ${SCRIPT}`, role: 'auditor', expiresInDays: '30' }, form);
    expect(caseReading.status).toBe(400);
    expect(caseReading.fieldError('role')).toBe(
      'A token for a role that reads case content is created by a senior safeguarding manager: choose a role that does not read case content',
    );
    expect(caseReading.root.getElementById('name')?.getAttribute('value')).toBe(`Feed ${SCRIPT}`);
    expect(caseReading.html).not.toContain(SCRIPT);
    expect((await harness.services.tokens.list('kent')).filter((t) => t.name.startsWith('Feed'))).toEqual([]);
    const once = form.root.querySelector('input[name="formId"]')?.getAttribute('value') ?? '';
    const sync = { name: 'Staff sync', role: 'administrator', expiresInDays: '30', formId: once };
    const created = await browser.post('/admin/api-tokens/new', sync, form);
    expect(created.status).toBe(200);
    const resent = await browser.post('/admin/api-tokens/new', sync, form);
    expect(resent.heading).toBe('This token was already created');
    expect((await harness.services.tokens.list('kent')).filter((t) => t.name === 'Staff sync')).toHaveLength(1);
    const token = created.root.getElementById('token')?.text.trim() ?? '';
    expect(token).toMatch(/^cc_[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/);
    expect(created.text).toContain('Copy the token now');
    const api = await harness.app.inject({ url: '/api/v1/partnership', headers: { authorization: `Bearer ${token}` } });
    expect(api.statusCode).toBe(200);
    const list = await browser.get('/admin/api-tokens');
    expect(list.text).toContain('Staff sync');
    expect(list.html).not.toContain(token);
    expect(list.html).not.toContain(token.split('.')[1] ?? 'never');
    const stored = (await harness.services.tokens.list('kent')).find((t) => t.name === 'Staff sync');
    const confirm = await browser.get(`/admin/api-tokens/${stored?.id ?? ''}/revoke`);
    expect(confirm.heading).toBe('Are you sure you want to revoke the token “Staff sync”?');
    const revoked = await browser.post(`/admin/api-tokens/${stored?.id ?? ''}/revoke`, {}, confirm);
    expect(revoked.status).toBe(303);
    expect((await harness.app.inject({ url: '/api/v1/partnership', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
    expect((await browser.follow(revoked)).text).toContain('Revoked');
    expect((await auditSince(since)).map((e) => [e.action, e.outcome])).toEqual([
      ['api-token.created', 'denied'],
      ['api-token.created', 'ok'],
      ['api-token.revoked', 'ok'],
    ]);
  });

  it('lets a senior safeguarding manager create a case-reading token, but not list the tokens', async () => {
    const browser = await signedInBrowser(harness, 'senior-safeguarding-manager@kent.demo');
    const form = await browser.get('/admin/api-tokens/new');
    const created = await browser.post('/admin/api-tokens/new', { name: 'Case reader', role: 'auditor', expiresInDays: '7' }, form);
    expect(created.status).toBe(200);
    expect(created.text).toContain('acts as Auditor');
    const since = await lastAuditId();
    expect((await browser.get('/admin/api-tokens')).status).toBe(403);
    expect(await auditSince(since)).toContainEqual(expect.objectContaining({ action: 'denied:page:/admin/api-tokens' }));
  });

  it('refuses the pages to a role without the permission', async () => {
    const browser = await signedInBrowser(harness, 'conference-chair@kent.demo');
    expect((await browser.get('/admin/api-tokens/new')).status).toBe(403);
  });
});
