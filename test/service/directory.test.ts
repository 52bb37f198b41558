/**
 * The partnership's directory lookup (People.directory): members of staff and people of the
 * directory by id at once, from one compiled statement run over as many ids as are asked for, on
 * both databases. The case, panel and facts pages name everyone on a case through it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { IDS_AT_ONCE } from '../../src/service/people.js';
import { appOn, onBothDatabases } from '../api/backends.js';
import type { TestApp } from '../support/app.js';

const NOW = new Date('2026-12-21T12:00:00Z');

onBothDatabases('The directory lookup', (backend) => {
  let t: TestApp;
  const added: string[] = [];
  beforeAll(async () => {
    t = await appOn(backend(), { now: NOW });
    // More people than one run of the lookup takes.
    for (let i = 0; i < IDS_AT_ONCE + 5; i += 1) {
      added.push(
        await t.services.people.add(
          'kent',
          { name: `Person ${String(i).padStart(2, '0')}`, agency: 'health', senior: i % 2 === 0, partnershipAgency: i % 3 !== 0 },
          NOW,
          'kent.complaints-manager',
        ),
      );
    }
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('finds staff and people alike, each with what the directory says of them', async () => {
    const found = await t.services.people.directory('kent', ['kent.conference-chair', added[0] ?? '', added[1] ?? '']);
    expect([...found.keys()].sort()).toEqual(['kent.conference-chair', added[0], added[1]].sort());
    expect(found.get(added[0] ?? '')).toEqual({
      id: added[0],
      name: 'Person 00',
      agency: 'health',
      senior: true,
      partnershipAgency: false,
    });
    expect(found.get(added[1] ?? '')).toEqual({
      id: added[1],
      name: 'Person 01',
      agency: 'health',
      senior: false,
      partnershipAgency: true,
    });
    expect(found.get('kent.conference-chair')?.name).toBeTruthy();
  });

  it('answers every id of a list longer than one run, each once however often asked', async () => {
    const asked = [...added, ...added.slice(0, 3), 'kent.complaints-manager'];
    const found = await t.services.people.directory('kent', asked);
    expect(found.size).toBe(added.length + 1);
    for (const [index, id] of added.entries()) expect(found.get(id)?.name).toBe(`Person ${String(index).padStart(2, '0')}`);
  });

  it('gives the member of staff where a person of the directory has the same id', async () => {
    const staff = (await t.services.people.directory('kent', ['kent.panel-coordinator'])).get('kent.panel-coordinator');
    expect(staff).toBeDefined();
    await t.services.people.add(
      'kent',
      { id: 'kent.panel-coordinator', name: 'A namesake', agency: 'police' },
      NOW,
      'kent.complaints-manager',
    );
    expect((await t.services.people.directory('kent', ['kent.panel-coordinator'])).get('kent.panel-coordinator')).toEqual(staff);
  });

  it('leaves out an unknown id, and anyone of another partnership', async () => {
    const found = await t.services.people.directory('camden', [
      added[0] ?? '',
      'kent.conference-chair',
      'nobody',
      'camden.conference-chair',
    ]);
    expect([...found.keys()]).toEqual(['camden.conference-chair']);
    expect((await t.services.people.directory('kent', [])).size).toBe(0);
  });
});
