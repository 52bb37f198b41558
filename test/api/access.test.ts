/**
 * The permission matrix, generated from the permission table but written apart from the routes:
 * this file says which permission each operation should need, the table says which roles hold
 * it, and every route, called by every role (and by nobody), must give 401, 403 or go through
 * accordingly. A route added without an entry here fails the test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS, type Permission } from '../../src/service/permissions.js';
import { STAFF_ROLES, type StaffRole } from '../../src/service/principal.js';
import { ROUTES } from '../../src/web/routes/index.js';
import { testApp, type Session, type TestApp } from '../support/app.js';

/** What each operation should need: anyone, any member of staff, or a permission. */
const EXPECTED: Record<string, 'public' | 'signed-in' | Permission> = {
  listProcedures: 'public',
  getProcedure: 'public',
  getSchedule: 'public',
  computeDeadline: 'public',
  signIn: 'public',
  currentSession: 'signed-in',
  signOut: 'signed-in',
  changePassword: 'signed-in',
  getPartnership: 'signed-in',
  addClosureDay: 'manage-closure-days',
  getReceiptRules: 'signed-in',
  setReceiptRules: 'manage-receipt-rules',
  listStaff: 'read-staff',
  addStaff: 'manage-staff',
  getStaffMember: 'read-staff',
  updateStaff: 'manage-staff',
  listApiTokens: 'manage-tokens',
  createApiToken: 'create-tokens',
  revokeApiToken: 'manage-tokens',
  listAudit: 'read-audit',
  exportAudit: 'read-audit',
  listPeople: 'read-people',
  getPerson: 'read-people',
  addPerson: 'manage-people',
  listAgencyContacts: 'read-people',
  getAgencyContact: 'read-people',
  addAgencyContact: 'manage-people',
  changeAgencyContact: 'manage-people',
  createConference: 'record-conference',
  importConferences: 'import-conferences',
  previewConferenceImport: 'import-conferences',
  listChildren: 'read-conferences',
  getChild: 'read-conferences',
  listConferences: 'read-conferences',
  getConference: 'read-conferences',
  updateConference: 'record-conference',
  raiseChallenge: 'raise-case',
  listCases: 'read-case',
  getCase: 'read-case',
  actOnCase: 'act-on-case',
  myTasks: 'act-on-case',
  myWork: 'act-on-case',
  openDeadlines: 'read-all-deadlines',
  uploadDocument: 'upload-documents',
  getDocument: 'read-documents',
  downloadDocument: 'read-documents',
  listCaseDocuments: 'read-documents',
  getLetterhead: 'signed-in',
  setLetterhead: 'manage-letterhead',
  listCaseLetters: 'read-case',
  downloadLetterPdf: 'read-documents',
  downloadLetterDocx: 'read-documents',
  getCaseLetter: 'read-case',
  saveCaseLetterDraft: 'act-on-case',
  sendCaseLetter: 'act-on-case',
  getCasePanel: 'read-case',
  checkPanel: 'act-on-case',
  getCaseOutcomes: 'read-case',
  getDocumentPack: 'read-documents',
  linkPackDocument: 'act-on-case',
  recommendationsReport: 'read-case',
};

/** The roles the table lets through: `public` for anyone. */
function expectedRoles(operationId: string): 'public' | readonly StaffRole[] | undefined {
  const access = EXPECTED[operationId];
  if (access === undefined || access === 'public') return access;
  return STAFF_ROLES.filter((role) => access === 'signed-in' || ROLE_PERMISSIONS[role].includes(access));
}

let t: TestApp;
const sessions = new Map<StaffRole, Session>();

beforeAll(async () => {
  t = await testApp({ now: new Date('2026-11-23T10:00:00Z') });
  for (const role of STAFF_ROLES) sessions.set(role, await t.signIn(`${role}@kent.demo`));
}, 60_000);
afterAll(async () => {
  await t.close();
});

function urlOf(template: string): string {
  return template.replace(':id', 'kent.conference.demo').replace(':agency', 'police');
}

async function call(method: string, url: string, session: Session | undefined): Promise<number> {
  const headers: Record<string, string> = session === undefined ? {} : { cookie: session.cookie, 'x-csrf-token': session.csrf };
  const response = await t.app.inject({
    method: method as 'GET',
    url,
    headers: method === 'POST' ? { ...headers, 'content-type': 'application/json' } : headers,
    ...(method === 'POST' ? { payload: '{}' } : {}),
  });
  return response.statusCode;
}

describe('the permission table', () => {
  it('keeps administrators out of cases and auditors from changing anything', () => {
    const caseWork: Permission[] = ['read-case', 'see-every-case', 'act-on-case', 'raise-case', 'read-documents', 'upload-documents'];
    expect(ROLE_PERMISSIONS.administrator.filter((p) => caseWork.includes(p))).toEqual([]);
    expect(ROLE_PERMISSIONS.auditor.filter((p) => !p.startsWith('read-') && p !== 'see-every-case')).toEqual([]);
    expect(ROLE_PERMISSIONS['panel-member']).not.toContain('see-every-case');
  });
});

describe('who may call each route', () => {
  it('has an expected entry for every route, and no entry for a route that does not exist', () => {
    expect(ROUTES.map((r) => r.operationId).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const route of ROUTES) {
    it(`${route.method} ${route.url}`, async () => {
      const expected = expectedRoles(route.operationId);
      const url = urlOf(route.url);
      const anonymous = await call(route.method, url, undefined);
      if (expected === 'public') expect(anonymous).not.toBe(401);
      else expect(anonymous, 'signed out').toBe(401);
      for (const role of STAFF_ROLES) {
        // Signing out ends the session: use a fresh one for that route.
        const session = route.operationId === 'signOut' ? await t.signIn(`${role}@kent.demo`) : sessions.get(role);
        const status = await call(route.method, url, session);
        const allowed = expected === 'public' || expected?.includes(role) === true;
        if (allowed) expect([401, 403], `${role} should be let through`).not.toContain(status);
        else expect(status, `${role} should be refused`).toBe(403);
      }
    });
  }

  it('records each refusal in the audit trail', async () => {
    const auditor = sessions.get('auditor');
    // Every route is called by every role: read the trail page by page, newest first, rather than only its last 200 entries.
    const entries: { id: number; action: string; outcome: string; actor: { role: string } }[] = [];
    let before = '';
    for (let page = 0; page < 10; page += 1) {
      const batch = (await auditor?.get(`/api/v1/audit?limit=200${before}`))?.json<typeof entries>() ?? [];
      entries.push(...batch);
      const oldest = batch.at(-1);
      if (batch.length < 200 || oldest === undefined || entries.some((e) => e.action === 'denied:addStaff')) break;
      before = `&before=${String(oldest.id)}`;
    }
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'denied:addStaff',
          outcome: 'denied',
          actor: expect.objectContaining({ role: 'panel-member' }) as unknown,
        }),
      ]),
    );
  });
});

describe('sessions', () => {
  it('refuses a change made with a session cookie but no CSRF token', async () => {
    const session = sessions.get('complaints-manager');
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/people',
      headers: { cookie: session?.cookie ?? '', 'content-type': 'application/json' },
      payload: { name: 'X', agency: 'police' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ title: 'Missing or invalid CSRF token' });
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/people',
          headers: { cookie: session?.cookie ?? '', 'x-csrf-token': 'forged', 'content-type': 'application/json' },
          payload: { name: 'X', agency: 'police' },
        })
      ).statusCode,
    ).toBe(403);
    expect((await session?.post('/api/v1/people', { name: 'X', agency: 'police' }))?.statusCode).toBe(201);
  });

  it('sets an HttpOnly, SameSite session cookie and ends the session on sign-out', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: 'auditor@kent.demo', password: 'demo-password-for-tests' },
    });
    const cookie = response.cookies.find((c) => c.name === 'cc_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const session = await t.signIn('auditor@kent.demo');
    expect((await session.get('/api/v1/session')).statusCode).toBe(200);
    expect((await session.delete('/api/v1/session')).statusCode).toBe(204);
    expect((await session.get('/api/v1/session')).statusCode).toBe(401);
  });

  it('gives the same answer for an unknown email and a wrong password', async () => {
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: 'nobody@kent.demo', password: 'whatever-it-is' },
    });
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: 'auditor@kent.demo', password: 'whatever-it-is' },
    });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
  });
});

describe('sign-in rate limiting', () => {
  it('refuses further attempts after the limit, with 429 problem JSON', async () => {
    const limited = await testApp({ now: new Date('2026-11-23T10:00:00Z'), signInAttempts: 3 });
    try {
      const attempt = () =>
        limited.app.inject({
          method: 'POST',
          url: '/api/v1/session',
          payload: { email: 'auditor@kent.demo', password: 'guess-guess-guess' },
        });
      expect([(await attempt()).statusCode, (await attempt()).statusCode, (await attempt()).statusCode]).toEqual([401, 401, 401]);
      const blocked = await attempt();
      expect(blocked.statusCode).toBe(429);
      expect(blocked.headers['content-type']).toMatch(/^application\/problem\+json/);
    } finally {
      await limited.close();
    }
  });
});
