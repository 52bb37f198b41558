/**
 * Migration 0010 on a database that already has cases (ADR 0022): each partnership gets its prefix,
 * existing cases their references in the order they were raised, per London year, and the counters
 * carry on from there; the case summaries get the list's columns from what is stored. On both
 * databases.
 */
import { expect, it } from 'vitest';
import { derivePrefix, nextReference, uniquePrefix } from '../../src/store/caseReferences.js';
import { sql } from '../../src/store/database.js';
import { freshDatabaseEachTest, onBothDatabases } from '../api/backends.js';

it('derives a prefix from the partnership: one word whole, several by their initials, never one already taken', () => {
  expect(derivePrefix('kent')).toBe('KENT');
  expect(derivePrefix('kingston-richmond')).toBe('KR');
  expect(derivePrefix('cambridgeshire-peterborough')).toBe('CP');
  expect(derivePrefix('pan-sussex')).toBe('PS');
  expect(derivePrefix('northamptonshire')).toBe('NORTHAMPTO');
  expect(uniquePrefix('kent', new Set(['KENT', 'KENT2']))).toBe('KENT3');
});

onBothDatabases('migration 0010', (backend) => {
  const open = freshDatabaseEachTest(backend);

  it('numbers existing cases in the order they were raised, per partnership and year, and fills the list columns', async () => {
    const before = await open({ migrateTo: '0009-token-expiry-and-people-creators' });
    const run = (query: ReturnType<typeof sql>) => query.execute(before.db);
    for (const id of ['kent', 'camden'])
      await run(
        sql`insert into partnerships (id, name, procedure_id, created_at) values (${id}, ${id}, ${id}, '2025-01-01T00:00:00.000Z')`,
      );
    await run(sql`insert into users (id, partnership_id, email, name, role, password_hash, agency, created_at, disabled)
      values ('chair', 'kent', 'chair@kent.example', 'Chair', 'conference-chair', 'x', 'local-authority-childrens-services', '2025-01-01T00:00:00.000Z', 0)`);
    await run(sql`insert into conferences (id, partnership_id, type, held_at, chair_id, created_at, created_by)
      values ('conf', 'kent', 'initial', '2025-12-10T10:00:00.000Z', 'chair', '2025-12-10T12:00:00.000Z', 'chair')`);
    await run(sql`insert into conferences (id, partnership_id, type, held_at, chair_id, created_at, created_by)
      values ('conf-camden', 'camden', 'initial', '2026-01-10T10:00:00.000Z', 'chair', '2026-01-10T12:00:00.000Z', 'chair')`);
    // Inserted out of order: the references follow when each was raised.
    const cases = [
      ['c-2026-b', 'kent', 'conf', '2026-02-01T09:00:00.000Z', 'stage-2'],
      ['c-2025', 'kent', 'conf', '2025-12-31T23:59:00.000Z', 'triage'],
      ['c-2026-a', 'kent', 'conf', '2026-01-01T00:00:00.000Z', 'stage-1'],
      ['c-camden', 'camden', 'conf-camden', '2026-01-12T09:00:00.000Z', 'no-such-stage'],
    ] as const;
    for (const [id, partnership, conference, at, stage] of cases) {
      await run(
        sql`insert into cases (case_id, partnership_id, conference_id, created_at) values (${id}, ${partnership}, ${conference}, ${at})`,
      );
      await run(sql`insert into case_summary (case_id, partnership_id, conference_id, track, procedure_id, stage, status, version, raised_at, updated_at)
        values (${id}, ${partnership}, ${conference}, 'family', ${partnership}, ${stage}, 'open', 1, ${at}, ${at})`);
    }
    for (const [deadline, due] of [
      ['a', '2026-03-01T17:00:00.000Z'],
      ['b', '2026-02-20T17:00:00.000Z'],
    ] as const) {
      await run(sql`insert into open_deadlines (case_id, deadline_id, partnership_id, label, due_instant, status, owner, clause)
        values ('c-2026-b', ${deadline}, 'kent', 'x', ${due}, 'open', 'x', 'x')`);
    }
    await before.close();

    const database = await open();
    const { db } = database;
    expect(await db.selectFrom('partnerships').select(['id', 'case_reference_prefix']).orderBy('id').execute()).toEqual([
      { id: 'camden', case_reference_prefix: 'CAMDEN' },
      { id: 'kent', case_reference_prefix: 'KENT' },
    ]);
    expect(
      await db.selectFrom('cases').select(['case_id', 'reference', 'reference_year', 'reference_seq']).orderBy('case_id').execute(),
    ).toEqual([
      { case_id: 'c-2025', reference: 'KENT-2025-0001', reference_year: 2025, reference_seq: 1 },
      { case_id: 'c-2026-a', reference: 'KENT-2026-0001', reference_year: 2026, reference_seq: 1 },
      { case_id: 'c-2026-b', reference: 'KENT-2026-0002', reference_year: 2026, reference_seq: 2 },
      { case_id: 'c-camden', reference: 'CAMDEN-2026-0001', reference_year: 2026, reference_seq: 1 },
    ]);
    expect(
      await db
        .selectFrom('case_summary')
        .select(['case_id', 'next_deadline_at', 'stage_order', 'conference_held_at'])
        .orderBy('case_id')
        .execute(),
    ).toEqual([
      { case_id: 'c-2025', next_deadline_at: null, stage_order: 0, conference_held_at: '2025-12-10T10:00:00.000Z' },
      { case_id: 'c-2026-a', next_deadline_at: null, stage_order: 1, conference_held_at: '2025-12-10T10:00:00.000Z' },
      { case_id: 'c-2026-b', next_deadline_at: '2026-02-20T17:00:00.000Z', stage_order: 2, conference_held_at: '2025-12-10T10:00:00.000Z' },
      { case_id: 'c-camden', next_deadline_at: null, stage_order: 0, conference_held_at: '2026-01-10T10:00:00.000Z' },
    ]);
    // The counters carry on: the next Kent case of 2026 is the third, never a number already given.
    const next = await db.transaction().execute((trx) => nextReference(trx, 'kent', new Date('2026-06-01T10:00:00Z')));
    expect(next.reference).toBe('KENT-2026-0003');
    // A reference is unique within its partnership.
    await expect(
      db.updateTable('cases').set({ reference: 'KENT-2026-0001' }).where('case_id', '=', 'c-2026-b').execute(),
    ).rejects.toThrow();
  });
});
