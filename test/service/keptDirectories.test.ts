/**
 * Each partnership's staff and names kept by each instance, exact by the partnership's directory
 * version (ADR 0049): the database raises the version for every change to the partnership's
 * people or staff accounts (not for a password, not for another partnership); a person renamed or
 * a colleague disabled through another instance over the same database shows on the next read;
 * while the version stands, the directory is not read again. On both databases.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { KEPT_PARTNERSHIPS, KeptDirectories } from '../../src/service/keptDirectories.js';
import type { People } from '../../src/service/people.js';
import type { Principal } from '../../src/service/principal.js';
import type { StaffAccounts } from '../../src/service/staffAccounts.js';
import type { Database } from '../../src/store/database.js';
import { instancesOverOneDatabase, onBothDatabases } from '../api/backends.js';
import { kentParentChallenge } from '../support/kentChallenge.js';

const NOW = new Date('2026-12-21T12:00:00Z');
const manager: Principal = { kind: 'user', id: 'kent.complaints-manager', role: 'complaints-manager', partnershipId: 'kent' };
const administrator: Principal = { kind: 'user', id: 'kent.administrator', role: 'administrator', partnershipId: 'kent' };

const versionOf = async (database: Database, partnershipId: string) =>
  (await database.db.selectFrom('partnerships').select('directory_version').where('id', '=', partnershipId).executeTakeFirstOrThrow())
    .directory_version;

onBothDatabases('Directories kept by version', (backend) => {
  const { first, instance } = instancesOverOneDatabase(backend, NOW);

  it('is raised by the database for every change to the partnership’s people and staff, and for nothing else', async () => {
    const { database, services } = first();
    const kent = () => versionOf(database, 'kent');
    const camden = await versionOf(database, 'camden');
    let version = await kent();

    const personId = await services.people.add('kent', { name: 'Pat Doe', agency: 'health' }, NOW, manager.id);
    expect(await kent()).toBe(version + 1);
    version += 1;
    await services.people.update('kent', personId, { name: 'Pat Roe', agency: 'health', senior: false, partnershipAgency: true });
    expect(await kent()).toBe(version + 1);
    version += 1;

    const staffId = await services.staff.add(
      {
        partnershipId: 'kent',
        email: 'new.chair@kent.example',
        name: 'Noor Chair',
        role: 'conference-chair',
        password: 'a-long-enough-password-for-tests',
        agency: 'local-authority-childrens-services',
      },
      NOW,
    );
    expect(await kent()).toBe(version + 1);
    version += 1;
    await services.staff.update('kent', staffId, { disabled: true }, administrator, NOW);
    expect(await kent()).toBe(version + 1);
    version += 1;

    // A password is not the directory's.
    await database.db.updateTable('users').set({ password_hash: 'another hash' }).where('id', '=', staffId).execute();
    expect(await kent()).toBe(version);
    // Nor is another partnership's directory changed by Kent's.
    expect(await versionOf(database, 'camden')).toBe(camden);
    await sql`delete from people where id = ${personId}`.execute(database.db);
    expect(await kent()).toBe(version + 1);
  }, 60_000);

  it('names a person renamed, and no longer offers a colleague disabled, through another instance, on the next read', async () => {
    const { services } = first();
    const { id } = await services.cases.raise(manager, kentParentChallenge(new Date('2026-12-21T09:00:00Z')), NOW);
    const personId = await services.people.add('kent', { name: 'Sam Before', agency: 'police' }, NOW, manager.id);
    const before = await services.cases.readWithNames(manager, id, NOW);
    expect(before.names.get(personId)).toBe('Sam Before');
    expect(before.names.get('kent.complaints-manager')).toBeTruthy();
    const takers = before.view.actions.flatMap((a) => a.recordFor ?? []);
    const [colleague] = takers;
    if (colleague === undefined) throw new Error('the test needs a step the manager may record for a colleague');

    const other = await instance();
    await other.services.people.update('kent', personId, { name: 'Sam After', agency: 'police', senior: false, partnershipAgency: true });
    await other.services.staff.update('kent', colleague.id, { disabled: true }, administrator, NOW);

    const after = await services.cases.readWithNames(manager, id, NOW);
    expect(after.names.get(personId)).toBe('Sam After');
    expect(after.view.actions.flatMap((a) => a.recordFor ?? []).map((t) => t.id)).not.toContain(colleague.id);
    // What an instance that has kept nothing reads.
    expect(after).toEqual(await (await instance()).services.cases.readWithNames(manager, id, NOW));
  }, 60_000);

  it('does not read the directory again while its version stands', async () => {
    const { database, services } = first();
    const { id } = await services.cases.raise(manager, kentParentChallenge(new Date('2026-12-21T09:00:00Z')), NOW);
    const personId = await services.people.add('kent', { name: 'Kim Kept', agency: 'education' }, NOW, manager.id);
    expect((await services.cases.readWithNames(manager, id, NOW)).names.get(personId)).toBe('Kim Kept');
    // Renamed behind the service's back, with the version put back, as no real writer can (the
    // database's triggers raise it): the copy kept for that version still answers.
    const version = await versionOf(database, 'kent');
    await database.db.updateTable('people').set({ name: 'Kim Renamed' }).where('id', '=', personId).execute();
    await database.db.updateTable('partnerships').set({ directory_version: version }).where('id', '=', 'kent').execute();
    expect((await services.cases.readWithNames(manager, id, NOW)).names.get(personId)).toBe('Kim Kept');
    await database.db
      .updateTable('partnerships')
      .set({ directory_version: version + 1 })
      .where('id', '=', 'kent')
      .execute();
    expect((await services.cases.readWithNames(manager, id, NOW)).names.get(personId)).toBe('Kim Renamed');
  }, 60_000);
});

describe('the kept copies', () => {
  const recording = () => {
    const asked: string[] = [];
    let failNext = false;
    const records = {
      staff: {
        list: (partnershipId: string) => {
          asked.push(partnershipId);
          if (failNext) {
            failNext = false;
            return Promise.reject(new Error('the database went away'));
          }
          return Promise.resolve([{ id: `${partnershipId}.one`, name: 'One' }]);
        },
      } as unknown as StaffAccounts,
      people: { list: () => Promise.resolve([{ id: 'p', name: 'Person' }]) } as unknown as People,
    };
    return { asked, kept: new KeptDirectories(records), failing: () => (failNext = true) };
  };

  it('shares one read among requests that arrive while it is under way, and answers an older version with a newer copy', async () => {
    const { asked, kept } = recording();
    const copies = await Promise.all([kept.at('kent', 3), kept.at('kent', 3), kept.at('kent', 2)]);
    expect(asked).toEqual(['kent']);
    expect(copies.every((c) => c === copies[0])).toBe(true);
    expect(copies[0].names.get('kent.one')).toBe('One');
    expect(await kept.at('kent', 1)).toBe(copies[0]);
    await kept.at('kent', 4);
    expect(asked).toEqual(['kent', 'kent']);
  });

  it('keeps no failed read: the next request reads again', async () => {
    const { asked, kept, failing } = recording();
    failing();
    await expect(kept.at('kent', 1)).rejects.toThrow('the database went away');
    expect((await kept.at('kent', 1)).version).toBe(1);
    expect(asked).toEqual(['kent', 'kent']);
  });

  it('keeps a bounded number of partnerships, the least recently used going first', async () => {
    const { asked, kept } = recording();
    for (let i = 0; i <= KEPT_PARTNERSHIPS; i += 1) await kept.at(`p${String(i)}`, 1);
    await kept.at(`p${String(KEPT_PARTNERSHIPS)}`, 1);
    expect(asked).toHaveLength(KEPT_PARTNERSHIPS + 1);
    await kept.at('p0', 1);
    expect(asked).toHaveLength(KEPT_PARTNERSHIPS + 2);
  });
});
