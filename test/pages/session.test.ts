import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, testApp, type TestApp } from '../support/app.js';
import { browserOver, signedInBrowser } from '../support/pages.js';

let harness: TestApp;
beforeAll(async () => {
  harness = await testApp({ now: new Date('2026-11-23T10:00:00Z') });
});
afterAll(async () => {
  await harness.close();
});

const auditActions = async (action: string) =>
  (await harness.database.db.selectFrom('audit_log').select(['action', 'outcome']).where('action', '=', action).execute()).map(
    (r) => r.outcome,
  );

describe('signing in', () => {
  it('sends someone not signed in to the sign-in page, remembering where they were going', async () => {
    const page = await browserOver(harness).get('/account/password?from=header');
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/sign-in?next=%2Faccount%2Fpassword%3Ffrom%3Dheader');
  });

  it('shows the sign-in page under a policy that allows no inline script but GOV.UK’s own line', async () => {
    const page = await browserOver(harness).get('/sign-in');
    expect(page.status).toBe(200);
    expect(page.heading).toBe('Sign in');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("form-action 'self'");
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.root.querySelector('label[for="email"]')?.text.trim()).toBe('Email address');
  });

  it('names each missing field in the error summary and beside it, keeping what was typed', async () => {
    const browser = browserOver(harness);
    const empty = await browser.post('/sign-in', { email: '', password: '' });
    expect(empty.status).toBe(400);
    expect(empty.errorSummary).toEqual(['Enter your email address', 'Enter your password']);
    expect(empty.fieldError('email')).toBe('Enter your email address');
    expect(empty.root.querySelector('title')?.text).toMatch(/^Error: Sign in/);
    const badFormat = await browser.post('/sign-in', { email: 'not-an-email', password: 'x' });
    expect(badFormat.errorSummary).toEqual(['Enter an email address in the correct format, like name@example.org']);
    expect(badFormat.root.getElementById('email')?.getAttribute('value')).toBe('not-an-email');
  });

  it('refuses a wrong password with the same words as an unknown email, keeps the email but never the password, and audits it', async () => {
    const browser = browserOver(harness);
    const wrong = await browser.post('/sign-in', { email: 'complaints-manager@camden.demo', password: 'not the password at all' });
    const unknown = await browser.post('/sign-in', { email: 'nobody@camden.demo', password: 'not the password at all' });
    expect(wrong.status).toBe(401);
    expect(wrong.errorSummary).toEqual(['Enter a correct email address and password']);
    expect(unknown.errorSummary).toEqual(wrong.errorSummary);
    expect(wrong.root.getElementById('email')?.getAttribute('value')).toBe('complaints-manager@camden.demo');
    expect(wrong.html).not.toContain('not the password at all');
    expect(await auditActions('session.sign-in')).toContain('denied');
  });

  it('shows script typed into a field as text, never as markup', async () => {
    const page = await browserOver(harness).post('/sign-in', { email: '"><script>alert(1)</script>@x', password: 'x' });
    expect(page.html).not.toContain('<script>alert(1)</script>');
    expect(page.root.getElementById('email')?.getAttribute('value')).toBe('"><script>alert(1)</script>@x');
  });

  it('signs in, lands where the person was going (only ever on this service), and the header says who, as what and where', async () => {
    const browser = browserOver(harness);
    const signedIn = await browser.post('/sign-in?next=%2Fprocedures', {
      email: 'complaints-manager@camden.demo',
      password: DEMO_PASSWORD,
    });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.location).toBe('/procedures');
    const elsewhere = await browserOver(harness).post('/sign-in?next=%2F%2Fevil.example', {
      email: 'auditor@kent.demo',
      password: DEMO_PASSWORD,
    });
    expect(elsewhere.headers.location).toBe('/');
    const home = await browser.get('/');
    expect(home.status).toBe(200);
    expect(home.root.querySelector('[data-test="signed-in-as"]')?.text.replace(/\s+/g, ' ').trim()).toBe(
      'Signed in as Demo Complaints manager (camden), Complaints manager, Camden Safeguarding Children Partnership (CSCP)',
    );
    expect(await auditActions('session.sign-in')).toContain('ok');
    // Signed in, the sign-in page sends them on.
    expect((await browser.get('/sign-in')).status).toBe(303);
  });

  it('names the person and partnership as they are now on every page: a change shows on the next page, not at the next sign-in', async () => {
    const browser = await signedInBrowser(harness, 'panel-coordinator@kent.demo');
    const header = async () => (await browser.get('/')).root.querySelector('[data-test="signed-in-as"]')?.text.replace(/\s+/g, ' ').trim();
    expect(await header()).toContain('Demo Panel coordinator (kent), Panel coordinator, ');
    await harness.database.db.updateTable('users').set({ name: 'Pat Renamed' }).where('id', '=', 'kent.panel-coordinator').execute();
    await harness.database.db.updateTable('partnerships').set({ name: 'Kent Renamed Partnership' }).where('id', '=', 'kent').execute();
    expect(await header()).toBe('Signed in as Pat Renamed, Panel coordinator, Kent Renamed Partnership');
  });

  it('shows each role only the sections it may open', async () => {
    const sections = async (email: string) =>
      (await (await signedInBrowser(harness, email)).get('/')).root
        .querySelectorAll('.govuk-service-navigation__item a')
        .map((a) => a.text.trim());
    expect(await sections('administrator@kent.demo')).toEqual(['Procedures', 'Administration', 'Audit']);
    expect(await sections('auditor@kent.demo')).toEqual(['Cases', 'Conferences', 'Procedures', 'Recommendations', 'Audit']);
    expect(await sections('complaints-manager@kent.demo')).toContain('My work');
    const panelMember = await sections('panel-member@kent.demo');
    expect(panelMember).toContain('My work');
    expect(panelMember).not.toContain('Administration');
    expect(panelMember).not.toContain('Audit');
  });

  it('refuses a sign-in form sent from another site', async () => {
    const response = await harness.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example', host: 'localhost' },
      payload: `email=complaints-manager%40camden.demo&password=${DEMO_PASSWORD}`,
    });
    expect(response.statusCode).toBe(403);
    expect(response.cookies.find((c) => c.name === 'cc_session')).toBeUndefined();
  });
});

describe('one email in two partnerships (ADR 0021)', () => {
  it('asks which partnership, offering only those the password is right for, then signs in to the one chosen', async () => {
    const email = 'two.partnerships@example.org';
    const password = 'a shared passphrase for two accounts';
    for (const partnershipId of ['kent', 'camden'])
      await harness.services.staff.add(
        {
          partnershipId,
          email,
          name: `Two ${partnershipId}`,
          role: 'conference-chair',
          password,
          agency: 'local-authority-childrens-services',
        },
        new Date('2026-11-23T10:00:00Z'),
      );
    const browser = browserOver(harness);
    const choose = await browser.post('/sign-in', { email, password });
    expect(choose.status).toBe(200);
    expect(choose.root.querySelectorAll('input[name="partnershipId"]').map((i) => i.getAttribute('value'))).toEqual(['camden', 'kent']);
    expect(browser.cookie).toBeUndefined();
    const unchosen = await browser.post('/sign-in', { email, password, partnershipId: '' });
    expect(unchosen.errorSummary).toEqual([]);
    const signedIn = await browser.post('/sign-in', { email, password, partnershipId: 'kent' });
    expect(signedIn.status).toBe(303);
    expect((await browser.get('/')).root.text).toContain('Two kent');
    const wrong = await browserOver(harness).post('/sign-in', { email, password: 'not the shared passphrase', partnershipId: 'kent' });
    expect(wrong.status).toBe(401);
  });
});

describe('signing out', () => {
  it('needs the form’s CSRF token, then ends the session and clears its cookie', async () => {
    const browser = await signedInBrowser(harness, 'conference-chair@kent.demo');
    const home = await browser.get('/');
    const forged = await browser.post('/sign-out', {});
    expect(forged.status).toBe(403);
    expect(forged.heading).toBe('This form has expired');
    expect((await browser.get('/')).status).toBe(200);
    const cookieBefore = browser.cookie;
    const out = await browser.post('/sign-out', {}, home);
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/sign-in');
    expect(browser.cookie).toBeUndefined();
    // The old cookie, kept by someone, no longer signs in.
    browser.cookie = cookieBefore;
    expect((await browser.get('/')).status).toBe(303);
  });
});

describe('changing one’s password', () => {
  it('says what is wrong with each field, and on success ends the person’s other sessions', async () => {
    const email = 'minute-taker@kent.demo';
    const other = await signedInBrowser(harness, email);
    const browser = await signedInBrowser(harness, email);
    const form = await browser.get('/account/password');
    expect(form.heading).toBe('Change your password');
    const empty = await browser.post('/account/password', {}, form);
    expect(empty.errorSummary).toEqual(['Enter your current password', 'Enter a new password']);
    const wrong = await browser.post(
      '/account/password',
      { currentPassword: 'wrong password', newPassword: 'a long enough new passphrase' },
      form,
    );
    expect(wrong.status).toBe(400);
    expect(wrong.fieldError('currentPassword')).toBe('Current password is not your current password');
    const short = await browser.post('/account/password', { currentPassword: DEMO_PASSWORD, newPassword: 'short' }, form);
    expect(short.errorSummary).toEqual(['New password must be 12 characters or more']);
    const common = await browser.post('/account/password', { currentPassword: DEMO_PASSWORD, newPassword: 'passwordpassword' }, form);
    expect(common.status).toBe(400);
    expect(common.fieldError('newPassword')).toMatch(/^New password /);
    const done = await browser.post(
      '/account/password',
      { currentPassword: DEMO_PASSWORD, newPassword: 'correct horse battery staple' },
      form,
    );
    expect(done.status).toBe(303);
    const home = await browser.follow(done);
    expect(home.root.querySelector('.govuk-notification-banner__heading')?.text).toBe('Password changed');
    // Shown once.
    expect((await browser.get('/')).root.querySelector('.govuk-notification-banner')).toBeNull();
    expect((await other.get('/')).status).toBe(303);
  });
});

describe('pages that do not exist, and assets', () => {
  it('answers a browser with a GOV.UK page-not-found page, and the API with problem JSON', async () => {
    const page = await browserOver(harness).get('/no-such-page');
    expect(page.status).toBe(404);
    expect(page.heading).toBe('Page not found');
    expect(String(page.headers['content-security-policy'])).toContain("default-src 'self'");
    const api = await harness.app.inject({ url: '/api/v1/no-such-thing', headers: { accept: 'text/html' } });
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('serves GOV.UK Frontend, MOJ Frontend and every font and image their stylesheets name, cacheable', async () => {
    const require = createRequire(import.meta.url);
    const stylesheets = [
      require.resolve('govuk-frontend/dist/govuk/govuk-frontend.min.css'),
      require.resolve('@ministryofjustice/frontend/moj/moj-frontend.min.css'),
    ];
    const urls = new Set([
      '/assets/govuk/govuk-frontend.min.css',
      '/assets/moj/moj-frontend.min.css',
      '/assets/application.mjs',
      '/assets/application.css',
    ]);
    for (const file of stylesheets)
      for (const match of readFileSync(file, 'utf8').matchAll(/url\((\/assets\/[^)]+)\)/g)) urls.add(match[1] ?? '');
    expect(urls.size).toBeGreaterThan(10);
    for (const url of urls) {
      const response = await harness.app.inject(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['cache-control'], url).toMatch(/max-age=86400/);
    }
    expect((await harness.app.inject('/assets/../package.json')).statusCode).toBe(404);
  });
});
