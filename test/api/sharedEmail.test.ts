/**
 * Issue 11 point 9: adding an account whose email has an account in another partnership answered
 * 409, telling one partnership's administrator that the address is known elsewhere. Emails are
 * now unique within a partnership only (migration 0012, ADR 0021); signing in checks the password
 * against every account with that email, with the same number of checks however many there are,
 * and a person whose password is right in several partnerships chooses one. On both databases.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import argon2 from 'argon2';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SIGN_IN_CHECKS } from '../../src/service/staffAccounts.js';
import { openDatabase, sql, type Database } from '../../src/store/database.js';
import { problemOf, testApp, type Session, type TestApp } from '../support/app.js';
import { appOn, onBothDatabases } from './backends.js';

const NOW = new Date('2026-11-23T10:00:00Z');
const EMAIL = 'independent.chair@example.org';
const FIRST_PASSWORD = 'heron lantern quarry 7';
const SECOND_PASSWORD = 'walnut glacier tambourine';

onBothDatabases('one email in several partnerships', (backend) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await appOn(backend(), { now: NOW });
  }, 30_000);
  afterEach(() => t.close());

  const addAccount = (admin: Session, email: string, password: string) =>
    admin.post('/api/v1/partnership/staff', {
      email,
      name: 'An Independent Chair',
      role: 'conference-chair',
      password,
      agency: 'other-partner',
    });
  const signIn = (body: Record<string, string>) => t.app.inject({ method: 'POST', url: '/api/v1/session', payload: body });

  it('adds an account whose email has one in another partnership, and refuses a second in the same partnership', async () => {
    const kent = await t.signIn('administrator@kent.demo');
    const camden = await t.signIn('administrator@camden.demo');
    // An address the demo gave another partnership: nothing says it exists there.
    expect((await addAccount(kent, 'complaints-manager@camden.demo', FIRST_PASSWORD)).statusCode).toBe(201);
    expect((await addAccount(kent, EMAIL, FIRST_PASSWORD)).statusCode).toBe(201);
    expect((await addAccount(camden, EMAIL.toUpperCase(), FIRST_PASSWORD)).statusCode).toBe(201);
    const again = await addAccount(kent, 'Independent.Chair@example.org', SECOND_PASSWORD);
    expect(again.statusCode).toBe(409);
    expect(problemOf(again).detail).toBe('Someone in this partnership already has an account with that email address');
  });

  it('lets the person choose among only the partnerships whose password they gave, and signs in to the one chosen', async () => {
    expect((await addAccount(await t.signIn('administrator@kent.demo'), EMAIL, FIRST_PASSWORD)).statusCode).toBe(201);
    expect((await addAccount(await t.signIn('administrator@camden.demo'), EMAIL, FIRST_PASSWORD)).statusCode).toBe(201);
    expect((await addAccount(await t.signIn('administrator@pan-sussex.demo'), EMAIL, SECOND_PASSWORD)).statusCode).toBe(201);

    const choose = await signIn({ email: EMAIL, password: FIRST_PASSWORD });
    expect(choose.statusCode).toBe(409);
    expect(choose.cookies.find((c) => c.name === 'cc_session')).toBeUndefined();
    const problem = choose.json<{ type: string; partnerships: { id: string; name: string }[] }>();
    expect(problem.type).toMatch(/choose-partnership$/);
    expect(problem.partnerships.map((p) => p.id)).toEqual(['camden', 'kent']);

    const chosen = await signIn({ email: EMAIL, password: FIRST_PASSWORD, partnershipId: 'kent' });
    expect(chosen.statusCode).toBe(200);
    expect(chosen.json<{ user: { partnershipId: string } }>().user.partnershipId).toBe('kent');
    // The password of the third account signs in to it alone, with no choice to make.
    const third = await signIn({ email: EMAIL, password: SECOND_PASSWORD });
    expect(third.statusCode).toBe(200);
    expect(third.json<{ user: { partnershipId: string } }>().user.partnershipId).toBe('pan-sussex');
    // Naming a partnership whose account has another password, or none, is a refused sign-in like any other.
    expect((await signIn({ email: EMAIL, password: FIRST_PASSWORD, partnershipId: 'pan-sussex' })).statusCode).toBe(401);
    expect((await signIn({ email: EMAIL, password: FIRST_PASSWORD, partnershipId: 'kent-nowhere' })).statusCode).toBe(401);
  });

  it('records a refused sign-in in the trail of every partnership with an account for that email', async () => {
    const ids: Record<string, string> = {};
    for (const partnership of ['kent', 'camden']) {
      const added = await addAccount(await t.signIn(`administrator@${partnership}.demo`), EMAIL, FIRST_PASSWORD);
      expect(added.statusCode).toBe(201);
      ids[partnership] = added.json<{ id: string }>().id;
    }
    expect((await signIn({ email: EMAIL, password: 'not the password at all' })).statusCode).toBe(401);
    for (const partnership of ['kent', 'camden']) {
      const auditor = await t.signIn(`auditor@${partnership}.demo`);
      const trail = (await auditor.get(`/api/v1/audit?subjectId=${ids[partnership] ?? ''}`)).json<{ action: string; outcome: string }[]>();
      expect(trail.filter((e) => e.action === 'session.sign-in').map((e) => e.outcome)).toEqual(['denied']);
    }
  });
});

describe('the work of a sign-in does not depend on how many accounts an email has', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp({ now: NOW });
  }, 30_000);
  afterEach(async () => {
    vi.restoreAllMocks();
    await t.close();
  });

  it(`checks the password ${String(SIGN_IN_CHECKS)} times for an email with no, one, two or three accounts`, async () => {
    const verify = vi.spyOn(argon2, 'verify');
    const checksFor = async (email: string) => {
      verify.mockClear();
      await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password: 'a wrong password here' } });
      return verify.mock.calls.length;
    };
    const counts = [await checksFor('nobody@example.org')];
    for (const partnership of ['kent', 'camden', 'pan-sussex']) {
      const admin = await t.signIn(`administrator@${partnership}.demo`);
      const added = await admin.post('/api/v1/partnership/staff', {
        email: EMAIL,
        name: 'An Independent Chair',
        role: 'conference-chair',
        password: FIRST_PASSWORD,
        agency: 'other-partner',
      });
      expect(added.statusCode).toBe(201);
      counts.push(await checksFor(EMAIL));
    }
    expect(counts).toEqual([SIGN_IN_CHECKS, SIGN_IN_CHECKS, SIGN_IN_CHECKS, SIGN_IN_CHECKS]);
  });
});

onBothDatabases('migration 0012: emails unique per partnership', (backend) => {
  let dir: string | undefined;
  const opened: Database[] = [];
  afterEach(async () => {
    for (const database of opened.splice(0)) await database.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('keeps every account and its line manager, allows one email per partnership, and still enforces line managers', async () => {
    let location = await backend().fresh();
    if (location === undefined) {
      dir = mkdtempSync(join(tmpdir(), 'cc-email-'));
      location = join(dir, 'email.sqlite');
    }
    const before = await openDatabase(location, { migrateTo: '0009-token-expiry-and-people-creators' });
    opened.push(before);
    for (const p of ['p', 'q'])
      await sql`insert into partnerships (id, name, procedure_id, created_at) values (${p}, ${p}, 'kent', '2025-01-01T00:00:00.000Z')`.execute(
        before.db,
      );
    const user = (db: Database, id: string, partnership: string, email: string, manager: string | null) =>
      sql`insert into users (id, partnership_id, email, name, role, password_hash, line_manager_id, agency, created_at, disabled)
          values (${id}, ${partnership}, ${email}, ${id}, 'panel-member', 'x', ${manager}, 'health', '2025-06-01T00:00:00.000Z', 0)`.execute(
        db.db,
      );
    await user(before, 'manager', 'p', 'manager@example.org', null);
    await user(before, 'worker', 'p', 'worker@example.org', 'manager');
    // Before 0012 the address is unique across partnerships.
    await expect(user(before, 'elsewhere', 'q', 'worker@example.org', null)).rejects.toThrow();
    await before.close();
    opened.splice(0);

    const after = await openDatabase(location);
    opened.push(after);
    expect(await after.db.selectFrom('users').select(['id', 'line_manager_id']).orderBy('id').execute()).toEqual([
      { id: 'manager', line_manager_id: null },
      { id: 'worker', line_manager_id: 'manager' },
    ]);
    await user(after, 'elsewhere', 'q', 'worker@example.org', null);
    await expect(user(after, 'twice', 'p', 'worker@example.org', null)).rejects.toThrow();
    await expect(user(after, 'unmanaged', 'p', 'unmanaged@example.org', 'nobody-at-all')).rejects.toThrow();
  });
});
