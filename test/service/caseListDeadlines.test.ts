/**
 * The case list's next deadline agrees with the case page, on both databases: an open case shows
 * its soonest deadline, overdue once it has passed; a case closed after missing a deadline shows
 * none (the case page says "None open"), and the overdue filter leaves it out. Rows written before
 * the projection learnt this are cleared by migration 0021.
 */
import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { DEFAULT_CASE_LIST, type CaseListQuery } from '../../src/service/caseList.js';
import type { Principal } from '../../src/service/principal.js';
import { closedCasesHaveNoNextDeadline } from '../../src/store/migrations/0021-closed-cases-have-no-next-deadline.js';
import { instancesOverOneDatabase, onBothDatabases } from '../api/backends.js';
import { kentParentChallenge } from '../support/kentChallenge.js';

/** Mon 21 Dec 2026, noon. */
const RAISED = new Date('2026-12-21T12:00:00Z');
/** Six weeks on: every Kent Stage 1 time limit of a case raised on 21 Dec has passed. */
const LATER = new Date('2027-02-01T12:00:00Z');
const manager: Principal = { kind: 'user', id: 'kent.complaints-manager', role: 'complaints-manager', partnershipId: 'kent' };
const ALL: CaseListQuery = { ...DEFAULT_CASE_LIST, pageSize: 100 };

onBothDatabases('The case list’s next deadline', (backend) => {
  const { first } = instancesOverOneDatabase(backend, RAISED);

  it('is the soonest open deadline of an open case, and none once the case is closed, however late', async () => {
    const { services, database } = first();
    const open = await services.cases.raise(manager, kentParentChallenge(new Date('2026-12-21T09:00:00Z')), RAISED);
    const closed = await services.cases.raise(manager, kentParentChallenge(new Date('2026-12-21T09:00:00Z')), RAISED);
    await services.cases.act(manager, closed.id, { type: 'withdraw', reason: 'Sent in error', expectedVersion: closed.version }, LATER);

    const listed = await services.cases.list(manager, ALL, LATER);
    const row = (id: string) => listed.cases.find((c) => c.id === id);
    expect(row(open.id)).toMatchObject({ status: 'open', overdue: true });
    expect(row(open.id)?.nextDeadlineAt).not.toBeNull();
    expect(row(closed.id)).toMatchObject({ status: 'closed', overdue: false, nextDeadlineAt: null });

    const overdue = await services.cases.list(manager, { ...ALL, overdue: true }, LATER);
    expect(overdue.cases.map((c) => c.id)).toContain(open.id);
    expect(overdue.cases.map((c) => c.id)).not.toContain(closed.id);

    // A row the projection wrote before 0021, with the closed case's missed deadline: cleared; an open case's kept.
    const openDeadline = row(open.id)?.nextDeadlineAt ?? '';
    await database.db.updateTable('case_summary').set({ next_deadline_at: openDeadline }).where('case_id', '=', closed.id).execute();
    await closedCasesHaveNoNextDeadline(database.db as unknown as Kysely<unknown>);
    const summaries = await database.db
      .selectFrom('case_summary')
      .select(['case_id', 'next_deadline_at'])
      .where('case_id', 'in', [open.id, closed.id])
      .execute();
    expect(Object.fromEntries(summaries.map((s) => [s.case_id, s.next_deadline_at]))).toEqual({
      [open.id]: openDeadline,
      [closed.id]: null,
    });
  }, 60_000);
});
