/**
 * The case list's dates: London's date of each instant (in summer an evening in UTC is the next
 * day in London), with the service's short month names (`Sep`, where Intl's en-GB says `Sept`).
 */
import { expect, it } from 'vitest';
import type { CaseListItem, CaseListPage } from '../../src/service/caseList.js';
import { caseListView } from '../../src/web/pages/caseList.js';

const item = (raisedAt: string, nextDeadlineAt: string | null): CaseListItem => ({
  id: 'case-1',
  reference: 'KENT-2026-0001',
  procedureId: 'kent',
  track: 'family',
  stage: 'stage-1',
  stageName: 'Stage 1',
  status: 'open',
  version: 1,
  raisedAt,
  updatedAt: raisedAt,
  conferenceId: null,
  conferenceHeldAt: null,
  nextDeadlineAt,
  overdue: false,
  children: [],
});

const rows = (...cases: CaseListItem[]) => {
  const list: CaseListPage = { cases, total: cases.length, page: 1, pageSize: 25, pages: 1 };
  return caseListView({ sort: 'raised', direction: 'desc', page: 1 }, list, []).rows.map((r) => [r.raised, r.nextDeadline]);
};

it('shows each instant as its London date, with the short month names the rest of the service uses', () => {
  expect(
    rows(
      item('2026-09-14T09:00:00.000Z', '2026-09-30T23:30:00.000Z'),
      item('2026-12-31T23:30:00.000Z', null),
      item('2026-03-29T00:59:59.999Z', '2026-10-25T00:30:00.000Z'),
    ),
  ).toEqual([
    ['14 Sep 2026', '1 Oct 2026'],
    ['31 Dec 2026', ''],
    ['29 Mar 2026', '25 Oct 2026'],
  ]);
});

it('shows a deadline as the last day on which it can be met, as the case page does: its instant is the exclusive end of that day', () => {
  expect(
    rows(
      // By the end of Thu 10 Dec 2026 (GMT): stored as midnight starting Fri 11 Dec.
      item('2026-12-03T11:00:00.000Z', '2026-12-11T00:00:00.000Z'),
      // By the end of Wed 30 Sep 2026 (BST): stored as 23:00 UTC, midnight starting 1 Oct in London.
      item('2026-09-14T09:00:00.000Z', '2026-09-30T23:00:00.000Z'),
      // A limit in hours ends at its own time, on its own day.
      item('2026-11-20T09:00:00.000Z', '2026-11-23T14:30:00.000Z'),
    ),
  ).toEqual([
    ['3 Dec 2026', '10 Dec 2026'],
    ['14 Sep 2026', '30 Sep 2026'],
    ['20 Nov 2026', '23 Nov 2026'],
  ]);
});
