/**
 * The conference register (issue 12 point 4) on both databases: listed by date, booked or held,
 * or child; a CSV import previewed row by row (every problem by row, column and message, nothing
 * saved), then confirmed all in one transaction; importing the same file again records nothing
 * twice, neither conference nor child.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { problemOf, type Session, type TestApp } from '../support/app.js';
import { onBothDatabases, twoInstances, appOn } from './backends.js';

const MONDAY = new Date('2026-11-23T10:00:00Z');
const HEADER = 'external_ref,type,held_at,chair_id,decision,category,child_social_care_ids,child_names,child_dates_of_birth';
const GOOD = [
  HEADER,
  'LCS-1,initial,2026-11-16T10:00,kent.conference-chair,child-protection-plan,neglect,SC-1;SC-2,Amy Smith;Ben Smith,2019-04-02;2021-06-30',
  'LCS-2,review,2026-11-17T13:00,kent.conference-chair,plan-continues,,SC-1,Amy Smith,2019-04-02',
  'LCS-3,initial,2026-12-08T10:00,kent.conference-chair,,,SC-3,Baby Jones,',
].join('\n');

interface Preview {
  rows: {
    row: number;
    status: string;
    externalRef: string | null;
    children: { socialCareId: string; name: string; dateOfBirth: string | null }[];
  }[];
  errors: { row: number; column: string; message: string }[];
}

onBothDatabases('the conference register', (backend) => {
  let t: TestApp;
  let csm: Session;
  beforeEach(async () => {
    t = await appOn(backend(), { now: MONDAY });
    csm = await t.signIn('conference-service-manager@kent.demo');
  }, 30_000);
  afterEach(async () => {
    await t.close();
  });

  const csv = (path: string, body: string) => csm.post(path, body, { 'content-type': 'text/csv' });
  const counts = async () => ({
    conferences: (await t.database.db.selectFrom('conferences').select('id').where('partnership_id', '=', 'kent').execute()).length,
    children: (await t.database.db.selectFrom('children').select('id').execute()).length,
    links: (await t.database.db.selectFrom('conference_children').select('child_id').execute()).length,
  });

  describe('import', () => {
    it('previews every row, saving nothing, then imports them all with their children, and a second import records nothing twice', async () => {
      const before = await counts();
      const preview = await csv('/api/v1/conferences/import/preview', GOOD);
      expect(preview.statusCode, preview.body).toBe(200);
      const shown = preview.json<Preview>();
      expect(shown.errors).toEqual([]);
      expect(shown.rows.map((r) => [r.row, r.status, r.externalRef, r.children.map((c) => c.name)])).toEqual([
        [2, 'new', 'LCS-1', ['Amy Smith', 'Ben Smith']],
        [3, 'new', 'LCS-2', ['Amy Smith']],
        [4, 'new', 'LCS-3', ['Baby Jones']],
      ]);
      expect(shown.rows[2]?.children[0]?.dateOfBirth).toBeNull();
      expect(await counts()).toEqual(before);

      const imported = await csv('/api/v1/conferences/import', GOOD);
      expect(imported.statusCode, imported.body).toBe(201);
      expect(imported.json()).toMatchObject({ imported: 3, alreadyRecorded: [] });
      // Amy is one child at two conferences.
      expect(await counts()).toEqual({ conferences: before.conferences + 3, children: before.children + 3, links: before.links + 4 });

      const again = await csv(
        '/api/v1/conferences/import/preview',
        `${GOOD}\nLCS-4,initial,2026-11-18T10:00,kent.conference-chair,,,SC-2,Ben Smith,2021-06-30`,
      );
      expect(again.json<Preview>().rows.map((r) => r.status)).toEqual(['already-recorded', 'already-recorded', 'already-recorded', 'new']);
      const second = await csv(
        '/api/v1/conferences/import',
        `${GOOD}\nLCS-4,initial,2026-11-18T10:00,kent.conference-chair,,,SC-2,Ben Smith,2021-06-30`,
      );
      expect(second.json()).toMatchObject({ imported: 1, alreadyRecorded: ['LCS-1', 'LCS-2', 'LCS-3'] });
      expect(await counts()).toEqual({ conferences: before.conferences + 4, children: before.children + 3, links: before.links + 5 });
    });

    it('names every problem by row, column and message before anything is saved, and the import refuses the same file whole', async () => {
      const bad = [
        HEADER,
        'LCS-1,initial,2026-11-16T10:00,kent.conference-chair,child-protection-plan,neglect,SC-1,Amy Smith,2019-04-02',
        'LCS-2,tea-party,2026-02-30T10:00,kent.conference-chair,,,SC-2;SC-3,Ben Smith,2021-06-30',
        'LCS-1,initial,2026-11-16T10:00,someone-else,,,SC-1,Amy Smyth,2019-04-02',
        'LCS-4,initial,2026-12-08T10:00,kent.conference-chair,plan-continues,,SC-4,Cara <script>alert(1)</script>,2027-01-01',
      ].join('\n');
      const before = await counts();
      const preview = (await csv('/api/v1/conferences/import/preview', bad)).json<Preview>();
      expect(preview.errors).toEqual([
        { row: 3, column: 'child_names', message: 'gives 1 names for 2 social care ids' },
        { row: 3, column: 'type', message: expect.stringContaining('') as string },
        { row: 3, column: 'held_at', message: 'must be a real date (YYYY-MM-DD) or London time (YYYY-MM-DDTHH:MM)' },
        { row: 3, column: 'child_names', message: 'child 2: must not be empty' },
        { row: 4, column: 'external_ref', message: 'the same reference is on row 2' },
        { row: 4, column: 'chair_id', message: 'no member of staff in this partnership has that id' },
        {
          row: 4,
          column: 'child_social_care_ids',
          message: 'child 1: row 2 gives the child with social care id SC-1 a different name or date of birth',
        },
        {
          row: 5,
          column: 'decision',
          message:
            'the conference is booked for 10:00 on Tue 8 Dec 2026 and has not been held yet: record its decision once it has been held',
        },
        {
          row: 5,
          column: 'child_dates_of_birth',
          message: 'child 1: cannot be after the conference (10:00 on Tue 8 Dec 2026): leave it empty for a child not yet born',
        },
      ]);
      const refused = await csv('/api/v1/conferences/import', bad);
      expect(refused.statusCode).toBe(400);
      // The same problems as the preview, named as the API names them.
      expect(problemOf(refused)['invalid-params']).toEqual(
        preview.errors.map((e) => ({ name: `row ${String(e.row)}: ${e.column}`, reason: e.message })),
      );
      expect(await counts()).toEqual(before);
    });

    it('names a file it cannot read, and columns it does not know or lacks, as row 1', async () => {
      const unreadable = (await csv('/api/v1/conferences/import/preview', 'a,b\n"unclosed,1\n')).json<Preview>();
      expect(unreadable.errors).toEqual([
        { row: 1, column: 'file', message: expect.stringMatching(/^not a readable CSV file: /) as string },
      ]);
      const columns = (await csv('/api/v1/conferences/import/preview', 'colour,type\nblue,initial\n')).json<Preview>();
      expect(columns.errors.map((e) => [e.row, e.column])).toEqual([
        [1, 'colour'],
        [1, 'held_at'],
        [1, 'chair_id'],
      ]);
      const minuteTaker = await t.signIn('minute-taker@kent.demo');
      expect((await minuteTaker.post('/api/v1/conferences/import/preview', GOOD, { 'content-type': 'text/csv' })).statusCode).toBe(403);
    });
  });

  it('answers a file someone else imported while it was being checked as a conflict to check again, not as a bad file', async () => {
    // The race, made certain: the checks began before the other import committed (every row new) and
    // ended after it (a reference now recorded), as two instances can interleave on PostgreSQL.
    const service = t.services.conferences;
    const problems = (service as unknown as { problems: (...args: unknown[]) => Promise<unknown[]> }).problems.bind(service);
    // The first row's checks run before the other import commits; the rest after it.
    let checked = 0;
    const spy = vi
      .spyOn(service as unknown as { problems: (...args: unknown[]) => Promise<unknown[]> }, 'problems')
      .mockImplementation(async (...args) => {
        checked += 1;
        if (checked === 2) {
          const other = await t.signIn('conference-service-manager@kent.demo');
          expect((await other.post('/api/v1/conferences/import', GOOD, { 'content-type': 'text/csv' })).statusCode).toBe(201);
        }
        return problems(...args);
      });
    try {
      const answer = await csv('/api/v1/conferences/import', GOOD);
      expect(answer.statusCode).toBe(409);
      expect(problemOf(answer).detail).toMatch(/^Someone else recorded one of these conferences or children/);
    } finally {
      spy.mockRestore();
    }
    // A file with a real problem is still refused as one.
    const bad = await csv('/api/v1/conferences/import', GOOD.replace('LCS-1', 'LCS-9').replace(/kent\.conference-chair/, 'nobody'));
    expect(bad.statusCode).toBe(400);
  });

  it('imports one file sent twice at once, on two instances, once: the other finds it recorded or is told to check again', async () => {
    const shared = await twoInstances(backend(), { now: MONDAY });
    try {
      const sessions = [
        await shared.first.signIn('conference-service-manager@kent.demo'),
        await shared.second.signIn('conference-service-manager@kent.demo'),
      ];
      const responses = await Promise.all(sessions.map((s) => s.post('/api/v1/conferences/import', GOOD, { 'content-type': 'text/csv' })));
      const statuses = responses.map((r) => r.statusCode).sort();
      expect([
        [201, 201],
        [201, 409],
      ]).toContainEqual(statuses);
      const conflict = responses.find((r) => r.statusCode === 409);
      if (conflict !== undefined) expect(problemOf(conflict).detail).toMatch(/^Someone else recorded one of these conferences or children/);
      const db = shared.first.database.db;
      expect(
        await db.selectFrom('conferences').select('id').where('external_ref', 'in', ['LCS-1', 'LCS-2', 'LCS-3']).execute(),
      ).toHaveLength(3);
      // Three children, each once, besides the demo conferences' own.
      expect(await db.selectFrom('children').select('id').where('social_care_id', 'not like', 'DEMO-%').execute()).toHaveLength(3);
    } finally {
      await shared.close();
    }
  }, 60_000);

  describe('register', () => {
    it('lists by London date range, booked or held, and child, with children and chair named, audited', async () => {
      expect((await csv('/api/v1/conferences/import', GOOD)).statusCode).toBe(201);
      const refsOf = async (query: string) => {
        const response = await csm.get(`/api/v1/conferences${query}`);
        expect(response.statusCode, response.body).toBe(200);
        return response.json<{ externalRef: string | null }[]>().map((c) => c.externalRef);
      };
      expect(await refsOf('?status=booked')).toEqual(['LCS-3']);
      expect(await refsOf('?from=2026-11-16&to=2026-11-16')).toEqual(['LCS-1']);
      expect(await refsOf('?from=2026-11-17&to=2026-11-18&status=held')).toEqual(['LCS-2']);
      const amy = await t.database.db.selectFrom('children').select('id').where('social_care_id', '=', 'SC-1').executeTakeFirstOrThrow();
      expect(await refsOf(`?childId=${amy.id}`)).toEqual(['LCS-2', 'LCS-1']);
      const first = (await csm.get(`/api/v1/conferences?childId=${amy.id}`)).json<{ chairName: string; children: { name: string }[] }[]>();
      expect(first[1]).toMatchObject({
        chairName: 'Demo Conference chair (kent)',
        children: [{ name: 'Amy Smith' }, { name: 'Ben Smith' }],
      });
      expect(problemOf(await csm.get('/api/v1/conferences?from=2026-12-01&to=2026-11-01'))['invalid-params']).toEqual([
        { name: 'query.to', reason: 'from must not be after to' },
      ]);
      const audited = await t.database.db.selectFrom('audit_log').select('action').where('action', '=', 'conference.list').execute();
      expect(audited.length).toBeGreaterThanOrEqual(5);
    });
  });
});
