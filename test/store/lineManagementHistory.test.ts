/**
 * The directory keeps who line-managed whom (ADR 0014): migrating a database that has line
 * managers already starts their history from each account's creation, records nobody as senior,
 * and every change of line manager afterwards ends one line management and starts the next, so a
 * previous line manager still counts as at any day after their line management began. On both
 * databases.
 */
import { expect, it } from 'vitest';
import type { Principal } from '../../src/service/principal.js';
import { StaffAccounts } from '../../src/service/staffAccounts.js';
import { sql } from '../../src/store/database.js';
import { freshDatabaseEachTest, onBothDatabases } from '../api/backends.js';

onBothDatabases('line management history', (backend) => {
  const open = freshDatabaseEachTest(backend);

  it('starts the history of existing line managers at migration, and keeps a previous one after a change', async () => {
    const before = await open({ migrateTo: '0006-audit-chain' });
    await sql`insert into partnerships (id, name, procedure_id, created_at) values ('p', 'P', 'kent', '2025-01-01T00:00:00.000Z')`.execute(
      before.db,
    );
    const user = (id: string, manager: string | null) =>
      sql`insert into users (id, partnership_id, email, name, role, password_hash, line_manager_id, agency, created_at, disabled)
          values (${id}, 'p', ${`${id}@p.example`}, ${id}, 'panel-member', 'x', ${manager}, 'health', '2025-06-01T00:00:00.000Z', 0)`.execute(
        before.db,
      );
    await user('manager', null);
    await user('next-manager', null);
    await user('worker', 'manager');
    await before.close();

    const database = await open();
    const history = await database.db
      .selectFrom('line_management_history')
      .select(['user_id', 'line_manager_id', 'from_at', 'to_at'])
      .execute();
    expect(history).toEqual([{ user_id: 'worker', line_manager_id: 'manager', from_at: '2025-06-01T00:00:00.000Z', to_at: null }]);
    const seniority = await database.db
      .selectFrom('users')
      .select(['senior', 'partnership_agency'])
      .where('id', '=', 'manager')
      .executeTakeFirst();
    expect(seniority).toEqual({ senior: 0, partnership_agency: 1 });

    const staff = new StaffAccounts(database.db);
    const admin: Principal = { kind: 'user', id: 'admin', role: 'administrator', partnershipId: 'p' };
    await staff.update('p', 'worker', { lineManagerId: 'next-manager' }, admin, new Date('2026-11-23T10:00:00Z'));
    expect(await database.db.selectFrom('line_management_history').select(['line_manager_id', 'to_at']).orderBy('id').execute()).toEqual([
      { line_manager_id: 'manager', to_at: '2026-11-23T10:00:00.000Z' },
      { line_manager_id: 'next-manager', to_at: null },
    ]);
    // Present and previous as at a day after the change; before the new one began, only the old.
    expect([...(await staff.lineManagementAsAt('p', ['worker'], new Date('2026-12-01T00:00:00Z')))].sort()).toEqual([
      'manager',
      'next-manager',
      'worker',
    ]);
    expect([...(await staff.lineManagementAsAt('p', ['worker'], new Date('2026-01-01T00:00:00Z')))].sort()).toEqual(['manager', 'worker']);
    // Setting the same line manager again is no change: no new line management begins.
    await staff.update('p', 'worker', { lineManagerId: 'next-manager' }, admin, new Date('2026-11-24T10:00:00Z'));
    expect(await database.db.selectFrom('line_management_history').select('id').execute()).toHaveLength(2);
  });
});
