/**
 * The reference a page about a case shows in its caption (its letters, panel, outcomes and
 * documents pages): given only to someone who may see the case, as the case read itself is, on
 * both databases, whether the case is kept in memory or not.
 */
import { expect, it } from 'vitest';
import type { Principal } from '../../src/service/principal.js';
import { instancesOverOneDatabase, onBothDatabases } from '../api/backends.js';
import { kentParentChallenge } from '../support/kentChallenge.js';

const NOW = new Date('2026-12-21T12:00:00Z');
const manager: Principal = { kind: 'user', id: 'kent.complaints-manager', role: 'complaints-manager', partnershipId: 'kent' };
const unseated: Principal = { kind: 'user', id: 'kent.panel-member-health', role: 'panel-member', partnershipId: 'kent' };
const elsewhere: Principal = { kind: 'user', id: 'camden.complaints-manager', role: 'complaints-manager', partnershipId: 'camden' };

onBothDatabases('A case’s reference for a page’s caption', (backend) => {
  const { first, instance } = instancesOverOneDatabase(backend, NOW);

  it('is the case’s reference to those who may see it, and nothing to anyone else', async () => {
    const { id, reference } = await first().services.cases.raise(manager, kentParentChallenge(new Date('2026-12-21T09:00:00Z')), NOW);
    expect(reference).toMatch(/^KENT-2026-\d{4}$/);
    // Kept in memory by the instance that raised it, and read afresh by another.
    const other = (await instance()).services;
    for (const services of [first().services, other]) {
      expect(await services.cases.referenceFor(manager, id)).toBe(reference);
      expect(await services.cases.referenceFor(unseated, id)).toBeNull();
      expect(await services.cases.referenceFor(elsewhere, id)).toBeNull();
      expect(await services.cases.referenceFor(manager, '00000000-0000-4000-8000-000000000000')).toBeNull();
    }
  }, 60_000);
});
