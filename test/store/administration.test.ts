/**
 * What the administration pages needed from the service that the API had not: removing a closure
 * day (the calendar rebuilt, as when one is added), changing a person's directory entry, and a
 * person's line-management history, including a line manager recorded without a history row (an
 * account seeded after the history was kept), which a change must not lose; and the agencies
 * directory's complaints contacts (ADR 0033): checked, audited, changed against a version. On both
 * databases.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { isoDate } from '../../src/core/calendar/index.js';
import { AgencyContacts, contactIssues, isHttpsUrl, isUkPhone } from '../../src/service/agencyContacts.js';
import { AuditLog } from '../../src/service/audit.js';
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

  it('keeps each agency’s complaints contact per partnership: added once, changed against its version, every write audited', async () => {
    const agencies = new AgencyContacts(database.db, new AuditLog(database));
    const police = { agency: 'police', name: 'Testshire Police', email: ' complaints@police.example.org ', phone: '01632 960001' } as const;
    const added = await agencies.add(admin, police, NOW);
    expect(added).toEqual({
      agency: 'police',
      name: 'Testshire Police',
      email: 'complaints@police.example.org',
      phone: '01632 960001',
      version: 1,
      updatedAt: NOW.toISOString(),
    });
    // Added twice (a second administrator, a resent form): the first stands.
    const twice = await agencies.add(admin, { ...police, name: 'Other' }, NOW).catch((error: unknown) => error);
    expect((twice as ServiceError).kind).toBe('conflict');
    // Another partnership's directory is its own.
    expect(await agencies.list('q')).toEqual([]);

    const later = new Date('2026-11-24T10:00:00Z');
    const changed = await agencies.change(
      admin,
      {
        agency: 'police',
        name: 'Testshire Constabulary',
        address: ' Complaints \r\n\n PO Box 1 ',
        website: 'https://police.example.org/complaints',
      },
      1,
      later,
    );
    expect(changed).toEqual({
      agency: 'police',
      name: 'Testshire Constabulary',
      address: 'Complaints\nPO Box 1',
      website: 'https://police.example.org/complaints',
      version: 2,
      updatedAt: later.toISOString(),
    });
    // A form drawn from version 1 is stale now: nothing changes, and the current version is said.
    const stale = await agencies.change(admin, { ...police }, 1, later).catch((error: unknown) => error);
    expect((stale as ServiceError).kind).toBe('stale');
    expect((stale as ServiceError).extra.currentVersion).toBe(2);
    expect((await agencies.find('p', 'police'))?.name).toBe('Testshire Constabulary');
    const absent = await agencies
      .change(admin, { agency: 'health', name: 'Nobody', phone: '01632 960002' }, 1, later)
      .catch((e: unknown) => e);
    expect((absent as ServiceError).kind).toBe('not-found');

    // Listed in the agency kinds' order.
    await agencies.add(admin, { agency: 'local-authority-childrens-services', name: 'Testshire Council', phone: '+44 1632 960003' }, NOW);
    expect((await agencies.list('p')).map((a) => a.agency)).toEqual(['local-authority-childrens-services', 'police']);

    // Bad input is refused whole, each field named, and nothing written.
    const bad = await agencies
      .add(admin, { agency: 'health', name: ' ', email: 'not-an-email', phone: '12345', website: 'http://nhs.example.org' }, NOW)
      .catch((error: unknown) => error);
    expect((bad as ServiceError).kind).toBe('invalid');
    expect((bad as ServiceError).extra.issues?.map((i) => i.name)).toEqual(['name', 'email', 'phone', 'website']);
    expect(await agencies.find('p', 'health')).toBeUndefined();
    // Somebody who may not manage people and agencies may not change the directory.
    const auditor: Principal = { ...admin, id: 'auditor', role: 'auditor' };
    const refused = await agencies.add(auditor, { agency: 'health', name: 'NHS', phone: '01632 960004' }, NOW).catch((e: unknown) => e);
    expect((refused as ServiceError).kind).toBe('forbidden');

    const trail = await database.db.selectFrom('audit_log').select(['action', 'subject_id', 'actor_id']).orderBy('id').execute();
    expect(trail.map((r) => [r.action, r.subject_id, r.actor_id])).toEqual([
      ['agency-contact.added', 'police', 'admin'],
      ['agency-contact.changed', 'police', 'admin'],
      ['agency-contact.added', 'local-authority-childrens-services', 'admin'],
    ]);
  });
});

it('checks a complaints contact’s shape: at least one way, an email, a UK number, an https page', () => {
  const agency = 'health' as const;
  expect(contactIssues({ agency, name: 'NHS' })).toEqual([
    { name: 'contact', reason: 'needs at least one of a postal address, email, telephone or web page' },
  ]);
  expect(contactIssues({ agency, name: 'NHS', address: 'A\nB\nC\nD\nE\nF\nG\nH\nI' }).map((i) => i.name)).toEqual(['address']);
  expect(contactIssues({ agency, name: 'x'.repeat(201), email: 'a@b.org' }).map((i) => i.name)).toEqual(['name']);
  for (const good of ['01632 960000', '0163 2960 000', '(01632) 960-000', '+44 1632 960000', '+44 (0)1632 960000', '0800 123456'])
    expect(isUkPhone(good), good).toBe(true);
  for (const bad of ['1632 960000', '01632 9600', '01632 9600000', '+33 1 23 45 67 89', '01632 960000 ext 2', 'phone me'])
    expect(isUkPhone(bad), bad).toBe(false);
  for (const good of ['https://nhs.example.org', 'https://nhs.example.org/complaints?x=1']) expect(isHttpsUrl(good), good).toBe(true);
  for (const bad of [
    'http://nhs.example.org',
    'https://localhost',
    'https://user:pw@nhs.example.org',
    'javascript:alert(1)',
    'nhs.example.org',
  ])
    expect(isHttpsUrl(bad), bad).toBe(false);
});
