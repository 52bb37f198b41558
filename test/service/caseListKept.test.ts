/**
 * A page of the case list is kept between requests by each instance, exact by the partnership's
 * work version (ADR 0047): a case raised or moved on through another instance over the same
 * database is listed on the next read; while nothing changes, the page is not read again; the
 * overdue filter and whether a row is overdue follow the time, not what was kept; a list for
 * someone who sees only the cases they sit on is read every time. On both databases.
 */
import { expect, it } from 'vitest';
import { DEFAULT_CASE_LIST, keptListHits, type CaseListQuery } from '../../src/service/caseList.js';
import type { Principal } from '../../src/service/principal.js';
import type { Services } from '../../src/service/services.js';
import { raiseWorkVersion } from '../../src/store/readModels.js';
import { instancesOverOneDatabase, onBothDatabases } from '../api/backends.js';
import { kentParentChallenge } from '../support/kentChallenge.js';

const NOW = new Date('2026-12-21T12:00:00Z');
const manager: Principal = { kind: 'user', id: 'kent.complaints-manager', role: 'complaints-manager', partnershipId: 'kent' };
const panelMember: Principal = { kind: 'user', id: 'kent.panel-member-health', role: 'panel-member', partnershipId: 'kent' };
const FIRST_PAGE: CaseListQuery = { ...DEFAULT_CASE_LIST, pageSize: 25 };

onBothDatabases('Case list pages kept between requests', (backend) => {
  const { first, instance } = instancesOverOneDatabase(backend, NOW);

  const raise = (services: Services) => services.cases.raise(manager, kentParentChallenge(new Date('2026-12-21T09:00:00Z')), NOW);
  const list = (services: Services, query: Partial<CaseListQuery> = {}, at = NOW, who = manager) =>
    services.cases.list(who, { ...FIRST_PAGE, ...query }, at);
  /** What an instance that has kept nothing yet lists. */
  const freshly = async (query: Partial<CaseListQuery> = {}, at = NOW, who = manager) => list((await instance()).services, query, at, who);

  it('lists a case raised, then moved on, through another instance on the next read', async () => {
    const before = await list(first().services);
    const other = await instance();
    const { id } = await raise(other.services);
    const after = await list(first().services);
    expect(after).toEqual(await freshly());
    expect(after.total).toBe(before.total + 1);
    expect(after.cases[0]?.id).toBe(id);

    await other.services.cases.act(
      manager,
      id,
      { type: 'withdraw', reason: 'Sent in error', expectedVersion: after.cases[0]?.version ?? 0 },
      NOW,
    );
    const withdrawn = await list(first().services);
    expect(withdrawn).toEqual(await freshly());
    expect(withdrawn.cases[0]).toMatchObject({ id, status: 'closed' });
  }, 60_000);

  it('does not read a page again while the partnership’s work is unchanged, and reads it again once it moves on', async () => {
    const { id } = await raise(first().services);
    const shown = await list(first().services, { search: 'KENT' });
    const hits = keptListHits(first().database.db);
    // Written behind the service's back, as no real writer does (every writer projects the case,
    // which moves the work version on): a kept page does not show it.
    await first().database.db.updateTable('case_summary').set({ stage: 'stage-2' }).where('case_id', '=', id).execute();
    expect(await list(first().services, { search: 'KENT' })).toEqual(shown);
    expect(keptListHits(first().database.db)).toBe(hits + 1);
    await raiseWorkVersion(first().database.db, 'kent');
    const again = await list(first().services, { search: 'KENT' });
    expect(again.cases.find((c) => c.id === id)?.stage).toBe('stage-2');
    expect(keptListHits(first().database.db)).toBe(hits + 1);
  }, 60_000);

  it('keeps each filter, search, sort and page apart', async () => {
    await Promise.all(Array.from({ length: 3 }, () => raise(first().services)));
    const queries: Partial<CaseListQuery>[] = [
      {},
      { direction: 'asc' },
      { sort: 'reference' },
      { pageSize: 2 },
      { pageSize: 2, page: 2 },
      { status: 'closed' },
      { search: 'no such child' },
      { track: 'professional-dissent' },
    ];
    for (const query of queries) await list(first().services, query);
    for (const query of queries) expect(await list(first().services, query)).toEqual(await freshly(query));
  }, 60_000);

  it('follows the time on a kept page: a row turns overdue at its deadline, and the overdue filter is read each time', async () => {
    const { id } = await raise(first().services);
    const raised = await first()
      .database.db.selectFrom('case_summary')
      .select('next_deadline_at')
      .where('case_id', '=', id)
      .executeTakeFirstOrThrow();
    // Read at a millisecond before the raised case's next deadline and at it (times the list is
    // asked about need not be after the raise).
    const due = new Date(raised.next_deadline_at ?? '');
    const justBefore = new Date(due.getTime() - 1);
    const overdueRows = async (at: Date) => (await list(first().services, { pageSize: 100 }, at)).cases.filter((c) => c.overdue).length;
    expect(await overdueRows(due)).toBeGreaterThan(await overdueRows(justBefore));
    // The items of a kept page are the same objects each time (ADR 0049), one for each answer the time gives.
    const row = async (at: Date) => (await list(first().services, { pageSize: 100 }, at)).cases.find((c) => c.id === id);
    const before = await row(justBefore);
    expect(await row(justBefore)).toBe(before);
    expect(await row(due)).toMatchObject({ id, overdue: true });
    expect(await row(due)).not.toBe(before);
    expect(await row(justBefore)).toBe(before);

    const overdueTotal = async (at: Date) => {
      const shown = await list(first().services, { overdue: true }, at);
      expect(shown).toEqual(await freshly({ overdue: true }, at));
      return shown.total;
    };
    const hits = keptListHits(first().database.db);
    expect(await overdueTotal(due)).toBeGreaterThan(await overdueTotal(justBefore));
    // And back: what was overdue at the deadline is not, a millisecond before it.
    expect(await overdueTotal(justBefore)).toBeLessThan(await overdueTotal(due));
    expect(keptListHits(first().database.db)).toBe(hits);
  }, 60_000);

  it('reads every time the list of someone who sees only the cases they sit on', async () => {
    await raise(first().services);
    // The manager's page of the same list is kept first: the panel member must not be shown it.
    const managers = await list(first().services);
    const hits = keptListHits(first().database.db);
    const seated = await list(first().services, {}, NOW, panelMember);
    expect(seated.total).toBeLessThan(managers.total);
    expect(await list(first().services, {}, NOW, panelMember)).toEqual(seated);
    expect(seated).toEqual(await freshly({}, NOW, panelMember));
    expect(keptListHits(first().database.db)).toBe(hits);
  }, 60_000);
});
