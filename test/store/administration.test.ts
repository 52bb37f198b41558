/**
 * What the administration pages needed from the service that the API had not: removing a closure
 * day (the calendar rebuilt, as when one is added), changing a person's directory entry, and a
 * person's line-management history, including a line manager recorded without a history row (an
 * account seeded after the history was kept), which a change must not lose. On both databases.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { isoDate } from '../../src/core/calendar/index.js';
import { ServiceError } from '../../src/service/errors.js';
import { Partnerships } from '../../src/service/partnerships.js';
import { People } from '../../src/service/people.js';
import type { Principal } from '../../src/service/principal.js';
import { StaffAccounts } from '../../src/service/staffAccounts.js';
import { openDatabase, sql, type Database } from '../../src/store/database.js';
import { onBothDatabases } from '../api/backends.js';

const NOW = new Date('2026-11-23T10:00:00Z');
const admin: Principal = { kind: 'user', id: 'admin', role: 'administrator', partnershipId: 'p' };

onBothDatabases('administration services', (backend) => {
  let database: Database;
  let dir: string | undefined;
  beforeEach(async () => {
    let location = await backend().fresh();
    if (location === undefined) {
      dir = mkdtempSync(join(tmpdir(), 'cc-admin-'));
      location = join(dir, 'admin.sqlite');
    }
    database = await openDatabase(location);
    for (const id of ['p', 'q'])
      await sql`insert into partnerships (id, name, procedure_id, created_at) values (${id}, ${id}, 'kent', '2025-01-01T00:00:00.000Z')`.execute(
        database.db,
      );
  }, 30_000);
  afterEach(async () => {
    await database.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  const calendarVersion = async (id: string) =>
    (await database.db.selectFrom('partnerships').select('calendar_version').where('id', '=', id).executeTakeFirstOrThrow())
      .calendar_version;

  it('removes a closure day and rebuilds the calendar; a day the partnership does not have is not found', async () => {
    const partnerships = new Partnerships(database.db);
    await partnerships.addClosureDay('p', { date: isoDate('2026-12-29'), reason: 'Closed' });
    await partnerships.addClosureDay('q', { date: isoDate('2026-12-29'), reason: 'Closed too' });
    const before = await calendarVersion('p');
    await partnerships.removeClosureDay('p', isoDate('2026-12-29'));
    expect(await partnerships.closureDays('p')).toEqual([]);
    expect(await calendarVersion('p')).toBe(before + 1);
    // Another partnership's day is its own.
    expect(await partnerships.closureDays('q')).toHaveLength(1);
    const again = await partnerships.removeClosureDay('p', isoDate('2026-12-29')).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(ServiceError);
    expect((again as ServiceError).kind).toBe('not-found');
    expect(await calendarVersion('p')).toBe(before + 1);
  });

  it('changes a person’s entry whole, within their partnership only', async () => {
    const people = new People(database.db);
    const id = await people.add('p', { name: 'Ann', agency: 'health', jobTitle: 'Nurse', senior: true }, NOW, 'admin');
    expect(await people.update('p', id, { name: 'Ann Smith', agency: 'police', senior: false, partnershipAgency: false })).toEqual({
      id,
      name: 'Ann Smith',
      agency: 'police',
      jobTitle: null,
      senior: false,
      partnershipAgency: false,
    });
    const elsewhere = await people
      .update('q', id, { name: 'Taken', agency: 'health', senior: true, partnershipAgency: true })
      .catch((error: unknown) => error);
    expect((elsewhere as ServiceError).kind).toBe('not-found');
    expect((await people.get('p', id)).name).toBe('Ann Smith');
  });

  it('keeps a line manager who had no history row when the line manager changes, and lists the history newest first', async () => {
    const user = (id: string, manager: string | null) =>
      sql`insert into users (id, partnership_id, email, name, role, password_hash, line_manager_id, agency, created_at, disabled)
          values (${id}, 'p', ${`${id}@p.example`}, ${id}, 'panel-member', 'x', ${manager}, 'health', '2025-06-01T00:00:00.000Z', 0)`.execute(
        database.db,
      );
    await user('manager', null);
    await user('next-manager', null);
    // Inserted as the seed does: a line manager, but no history row.
    await user('worker', 'manager');
    const staff = new StaffAccounts(database.db);
    expect(await staff.lineManagementHistory('p', 'worker')).toEqual([
      { lineManagerId: 'manager', from: '2025-06-01T00:00:00.000Z', to: null },
    ]);
    await staff.update('p', 'worker', { lineManagerId: 'next-manager' }, admin, NOW);
    expect(await staff.lineManagementHistory('p', 'worker')).toEqual([
      { lineManagerId: 'next-manager', from: NOW.toISOString(), to: null },
      { lineManagerId: 'manager', from: '2025-06-01T00:00:00.000Z', to: NOW.toISOString() },
    ]);
    // The previous line manager still counts for a panel sitting after the change.
    expect([...(await staff.lineManagementAsAt('p', ['worker'], new Date('2026-12-01T00:00:00Z')))].sort()).toEqual([
      'manager',
      'next-manager',
      'worker',
    ]);
    await staff.update('p', 'worker', { lineManagerId: null }, admin, new Date('2026-11-24T10:00:00Z'));
    expect((await staff.lineManagementHistory('p', 'worker')).map((h) => [h.lineManagerId, h.to])).toEqual([
      ['next-manager', '2026-11-24T10:00:00.000Z'],
      ['manager', NOW.toISOString()],
    ]);
  });
});
