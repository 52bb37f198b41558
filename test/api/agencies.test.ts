/**
 * The agencies directory through the API (ADR 0033, ADR 0037): read by whoever reads people,
 * added and changed by whoever manages them, as on its pages; every bad field named in one 400,
 * a change against a stale version refused 409 saying which fields differ, another partnership's
 * entries never seen, every write audited as the pages' are. Script in a field is data. On both
 * databases.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { agencyContact } from '../../src/web/responses.js';
import { problemOf, type Session, type TestApp } from '../support/app.js';
import { appOn, onBothDatabases } from './backends.js';

const NOW = new Date('2026-12-02T10:00:00Z');
const LIST = '/api/v1/partnership/agencies';
const SCRIPT = '<script>alert("x")</script>';

/** An entry as the API description says it is given. */
type Entry = z.output<typeof agencyContact>;

onBothDatabases('the agencies directory API', (backend) => {
  let t: TestApp;
  let admin: Session;
  beforeEach(async () => {
    t = await appOn(backend(), { now: NOW });
    admin = await t.signIn('administrator@kent.demo');
  }, 30_000);
  afterEach(async () => {
    await t.close();
  });

  const put = (s: Session | undefined, agency: string, body: unknown) =>
    t.app.inject({
      method: 'PUT',
      url: `${LIST}/${agency}`,
      headers: { ...(s === undefined ? {} : { cookie: s.cookie, 'x-csrf-token': s.csrf }), 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
  const entry = async (s: Session, agency: string) => (await s.get(`${LIST}/${agency}`)).json<Entry>();
  const invalidFields = (response: Awaited<ReturnType<typeof put>>) => (problemOf(response)['invalid-params'] ?? []).map((p) => p.name);
  /** The audit entries about one agency, oldest first. */
  const trail = async (agency: string) =>
    (await (await t.signIn('auditor@kent.demo')).get(`/api/v1/audit?subjectId=${agency}`))
      .json<{ action: string; actor: { id: string }; subject: { type: string }; outcome: string }[]>()
      .reverse()
      .map((e) => [e.action, e.actor.id, e.subject.type, e.outcome]);

  it('lists the entries recorded, adds one, reads it back at its address and changes it; each write audited', async () => {
    const listed = await admin.get(LIST);
    expect(listed.statusCode).toBe(200);
    // The demo records four kinds, in the kinds' order; "another partner agency" has none yet.
    expect(listed.json<Entry[]>().map((e) => e.agency)).toEqual(['local-authority-childrens-services', 'police', 'health', 'education']);
    expect(listed.json<Entry[]>()[1]).toEqual({
      agency: 'police',
      name: 'Kent Police (demo)',
      address: 'Complaints team\nKent Police (demo)\nPO Box 106\nKent',
      email: 'complaints@police.kent.example.org',
      phone: '01632 960121',
      website: 'https://police.kent.example.org/complaints',
      version: 1,
      updatedAt: NOW.toISOString(),
    });

    const added = await admin.post(LIST, {
      agency: 'other-partner',
      name: ` Youth ${SCRIPT} `,
      address: ` ${SCRIPT}\r\n\n PO Box 1 `,
      phone: '+44 1632 960999',
      email: '',
    });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.headers.location).toBe(`${LIST}/other-partner`);
    const expected: Entry = {
      agency: 'other-partner',
      name: `Youth ${SCRIPT}`,
      address: `${SCRIPT}\nPO Box 1`,
      email: null,
      phone: '+44 1632 960999',
      website: null,
      version: 1,
      updatedAt: NOW.toISOString(),
    };
    expect(added.json()).toEqual(expected);
    const read = await admin.get(String(added.headers.location));
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(expected);
    expect((await admin.get(LIST)).json<Entry[]>().map((e) => e.agency)).toContain('other-partner');
    // The page shows the script as text, never as markup.
    const page = await t.app.inject({ method: 'GET', url: '/admin/agencies', headers: { cookie: admin.cookie, accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(SCRIPT);
    expect(page.body).toContain('Youth &lt;script&gt;');

    const later = new Date('2026-12-03T09:00:00Z');
    t.setNow(later);
    const manager = await t.signIn('complaints-manager@kent.demo');
    const changed = await put(manager, 'other-partner', {
      expectedVersion: 1,
      name: 'Kent Youth Service',
      website: 'https://youth.example.org',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toEqual({
      ...expected,
      name: 'Kent Youth Service',
      address: null,
      phone: null,
      website: 'https://youth.example.org',
      version: 2,
      updatedAt: later.toISOString(),
    });
    expect(await entry(admin, 'other-partner')).toEqual(changed.json());
    expect(await trail('other-partner')).toEqual([
      ['agency-contact.added', 'kent.administrator', 'agency', 'ok'],
      ['agency-contact.changed', 'kent.complaints-manager', 'agency', 'ok'],
    ]);
  });

  describe('refuses bad fields with a 400 naming each, saving nothing', () => {
    const good = { agency: 'other-partner', name: 'Youth Service', phone: '01632 960001' };
    const cases: [string, Record<string, unknown>, string[]][] = [
      ['a name of spaces', { name: '   ' }, ['body.name']],
      ['a name over 200 characters', { name: 'x'.repeat(201) }, ['body.name']],
      ['a right-to-left override in the name', { name: 'Youth\u202Eecivres' }, ['body.name']],
      ['a control character', { name: 'Youth\u0007' }, ['body.name']],
      ['nine lines of address', { address: 'A\nB\nC\nD\nE\nF\nG\nH\nI' }, ['body.address']],
      ['an address over 1000 characters', { address: 'x'.repeat(1001) }, ['body.address']],
      ['an email that is not one', { email: 'complaints at example.org' }, ['body.email']],
      ['a number that is not a UK one', { phone: '+33 1 23 45 67 89' }, ['body.phone']],
      ['a web page not on https', { website: 'http://youth.example.org' }, ['body.website']],
      ['a javascript: link', { website: 'javascript:alert(1)' }, ['body.website']],
      ['no way of contact at all', { phone: ' ' }, ['body']],
      ['a kind of agency that does not exist', { agency: 'fire-service' }, ['body.agency']],
      ['a field the directory does not have', { notes: 'x' }, ['body']],
      ['a way of contact that is not text', { email: 42 }, ['body.email']],
    ];
    it('when adding, each bad field on its own', async () => {
      for (const [what, change, fields] of cases) {
        const refused = await admin.post(LIST, { ...good, ...change });
        expect(refused.statusCode, what).toBe(400);
        expect(problemOf(refused).type, what).toMatch(/invalid-request$/);
        expect(invalidFields(refused), what).toEqual(fields);
      }
      expect((await admin.get(`${LIST}/other-partner`)).statusCode).toBe(404);
      expect(await trail('other-partner')).toEqual([]);
    });

    it('names every bad field at once, when adding and when changing', async () => {
      const bad = { name: 'Youth\u202E', address: 'A\nB\nC\nD\nE\nF\nG\nH\nI', email: 'x', phone: '12345', website: 'http://x.org' };
      const refused = await admin.post(LIST, { agency: 'other-partner', ...bad });
      expect(invalidFields(refused)).toEqual(['body.name', 'body.address', 'body.email', 'body.phone', 'body.website']);
      const change = await put(admin, 'police', { expectedVersion: 1, ...bad });
      expect(change.statusCode).toBe(400);
      expect(invalidFields(change)).toEqual(['body.name', 'body.address', 'body.email', 'body.phone', 'body.website']);
      expect(await entry(admin, 'police')).toMatchObject({ name: 'Kent Police (demo)', version: 1 });
    });

    it('when changing: no version, no way of contact, a kind of agency that does not exist', async () => {
      const noVersion = await put(admin, 'police', { name: 'Kent Police', phone: '01632 960001' });
      expect(invalidFields(noVersion)).toEqual(['body.expectedVersion']);
      const noWay = await put(admin, 'police', { expectedVersion: 1, name: 'Kent Police', email: '' });
      expect(invalidFields(noWay)).toEqual(['body']);
      const noKind = await put(admin, 'fire-service', { expectedVersion: 1, name: 'Kent Fire', phone: '01632 960001' });
      expect(noKind.statusCode).toBe(400);
      expect(invalidFields(noKind)).toEqual(['params.agency']);
      expect((await admin.get(`${LIST}/fire-service`)).statusCode).toBe(400);
      expect(await entry(admin, 'police')).toMatchObject({ name: 'Kent Police (demo)', version: 1 });
      expect(await trail('police')).toEqual([]);
    });
  });

  it('refuses a change made against a stale version with 409, saying the version now and which fields differ', async () => {
    const manager = await t.signIn('complaints-manager@kent.demo');
    const read = await entry(admin, 'police');
    expect(read.version).toBe(1);
    const first = await put(manager, 'police', {
      expectedVersion: 1,
      name: 'Kent Police',
      email: 'feedback@police.kent.example.org',
      website: read.website,
    });
    expect(first.statusCode, first.body).toBe(200);
    const stale = await put(admin, 'police', { expectedVersion: 1, name: 'Kent Constabulary', email: 'feedback@police.kent.example.org' });
    expect(stale.statusCode).toBe(409);
    const refused = problemOf(stale);
    expect(refused.type).toMatch(/stale-version$/);
    expect(refused.currentVersion).toBe(2);
    expect(refused.detail).toContain('version 2 (changed 2026-12-02T10:00:00.000Z), not 1');
    expect(refused.detail).toContain('differs from what you sent in name, website');
    expect(await entry(admin, 'police')).toMatchObject({ name: 'Kent Police', version: 2 });
    // Sent again against the version now, it is saved.
    const again = await put(admin, 'police', { expectedVersion: 2, name: 'Kent Constabulary', phone: '01632 960500' });
    expect(again.json()).toMatchObject({ name: 'Kent Constabulary', email: null, phone: '01632 960500', version: 3 });
    expect((await trail('police')).map(([action, actor]) => [action, actor])).toEqual([
      ['agency-contact.changed', 'kent.complaints-manager'],
      ['agency-contact.changed', 'kent.administrator'],
    ]);
  });

  it('refuses to add a kind already in the directory (409), and to change one not in it (404)', async () => {
    const twice = await admin.post(LIST, { agency: 'police', name: 'Another', phone: '01632 960001' });
    expect(twice.statusCode).toBe(409);
    expect(problemOf(twice).detail).toBe('That agency is already in the directory: change it instead');
    const absent = await put(admin, 'other-partner', { expectedVersion: 1, name: 'Youth Service', phone: '01632 960001' });
    expect(absent.statusCode).toBe(404);
    expect((await admin.get(`${LIST}/other-partner`)).statusCode).toBe(404);
    expect(await entry(admin, 'police')).toMatchObject({ name: 'Kent Police (demo)', version: 1 });
  });

  it("never shows or changes another partnership's entries", async () => {
    expect((await admin.post(LIST, { agency: 'other-partner', name: 'Kent Youth Service', phone: '01632 960001' })).statusCode).toBe(201);
    const camden = await t.signIn('administrator@camden.demo');
    expect((await camden.get(`${LIST}/other-partner`)).statusCode).toBe(404);
    expect(problemOf(await camden.get(`${LIST}/other-partner`)).detail).toBe('That agency is not in the directory');
    expect((await put(camden, 'other-partner', { expectedVersion: 1, name: 'Taken over', phone: '01632 960002' })).statusCode).toBe(404);
    const camdens = (await camden.get(LIST)).json<Entry[]>();
    expect(camdens.map((e) => e.name).filter((name) => name.includes('Kent'))).toEqual([]);
    // Each partnership's police entry is its own: Camden's change leaves Kent's as it was.
    expect((await put(camden, 'police', { expectedVersion: 1, name: 'Camden Police', phone: '01632 960003' })).statusCode).toBe(200);
    expect(await entry(admin, 'police')).toMatchObject({ name: 'Kent Police (demo)', version: 1 });
    expect(await entry(admin, 'other-partner')).toMatchObject({ name: 'Kent Youth Service', version: 1 });
  });

  it('lets roles that read people read, only those that manage them write, and nobody signed out', async () => {
    const body = { agency: 'other-partner', name: 'Youth Service', phone: '01632 960001' };
    const change = { expectedVersion: 1, name: 'Kent Police', phone: '01632 960001' };
    // A panel member does not read people and agencies.
    const member = await t.signIn('panel-member@kent.demo');
    expect((await member.get(LIST)).statusCode).toBe(403);
    expect((await member.get(`${LIST}/police`)).statusCode).toBe(403);
    // An auditor and a conference chair read them, and may not change them.
    for (const email of ['auditor@kent.demo', 'conference-chair@kent.demo']) {
      const reader = await t.signIn(email);
      expect((await reader.get(LIST)).statusCode).toBe(200);
      expect((await reader.get(`${LIST}/police`)).statusCode).toBe(200);
      const added = await reader.post(LIST, body);
      expect(added.statusCode).toBe(403);
      expect(problemOf(added).type).toMatch(/forbidden$/);
      expect((await put(reader, 'police', change)).statusCode).toBe(403);
    }
    // A panel coordinator manages them.
    expect((await (await t.signIn('panel-coordinator@kent.demo')).post(LIST, body)).statusCode).toBe(201);
    for (const signedOut of [
      await t.app.inject({ method: 'GET', url: LIST }),
      await t.app.inject({ method: 'GET', url: `${LIST}/police` }),
      await t.app.inject({ method: 'POST', url: LIST, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) }),
      await put(undefined, 'police', change),
    ])
      expect(signedOut.statusCode).toBe(401);
    expect(await entry(admin, 'police')).toMatchObject({ name: 'Kent Police (demo)', version: 1 });
    expect((await trail('police')).filter(([action]) => action === 'agency-contact.changed')).toEqual([]);
    const refusals = (await (await t.signIn('auditor@kent.demo')).get('/api/v1/audit?action=denied:changeAgencyContact')).json<
      { actor: { role: string }; outcome: string }[]
    >();
    expect(refusals.map((e) => [e.actor.role, e.outcome]).sort()).toEqual([
      ['auditor', 'denied'],
      ['conference-chair', 'denied'],
    ]);
  });
});
