/**
 * My work as a page: the view model of the signed-in person's work (services.myWork), shaped for
 * the template so that the template only lays it out (ADR 0024).
 */
import { formatLongDate, isoDate } from '../../core/calendar/index.js';
import type { DueGroup } from '../../core/engine/dueGroups.js';
import type { CaseLabel, ColleaguesWork, MyWork, WorkItem } from '../../service/myWork.js';
import { madeOnce } from '../../core/bounded.js';

/** The groups as the page heads them. */
export const GROUP_HEADINGS: Readonly<Record<DueGroup, string>> = {
  overdue: 'Overdue',
  today: 'Due today',
  'this-week': 'Due this week',
  later: 'Later',
};

const NOTHING: Readonly<Record<DueGroup, string>> = {
  overdue: 'Nothing is overdue.',
  today: 'Nothing is due today.',
  'this-week': 'Nothing else is due this week.',
  later: 'Nothing is due later.',
};

/** How a group's items are named in the link to all of them: "See all 12 items due today". */
const ITEMS_OF: Readonly<Record<DueGroup, string>> = {
  overdue: 'overdue items',
  today: 'items due today',
  'this-week': 'items due this week',
  later: 'items due later',
};

export interface WorkRow {
  readonly caseHref: string;
  /** The human reference once cases have one; until then the conference's reference and the case id's first part. */
  readonly caseName: string;
  readonly children: string;
  readonly conference: string;
  readonly step: string;
  readonly stage: string;
  readonly owner: string;
  /** "Tue 12 Jan 2027", or with the time for a limit in hours; "No time limit" for a step without one. */
  readonly due: string;
  readonly explanation: string | null;
  readonly clause: string;
  readonly kind: WorkItem['kind'];
}

export interface WorkSection {
  readonly id: DueGroup;
  readonly heading: string;
  readonly total: number;
  readonly nothing: string;
  readonly rows: readonly WorkRow[];
  /** How many more there are than the page shows. */
  readonly more: number;
  /** The link to the whole group: "See all 12 items due today". */
  readonly seeAll: string;
}

export function caseName(label: CaseLabel): string {
  if (label.reference !== null) return label.reference;
  const short = label.id.slice(0, 8);
  return label.conference?.externalRef === null || label.conference === null
    ? `Case ${short}`
    : `${label.conference.externalRef} (${short})`;
}

function dueText(due: WorkItem['due']): string {
  if (due === null) return 'No time limit';
  const date = formatLongDate(isoDate(due.date));
  const time = due.display.length > 10 ? due.display.slice(11) : undefined;
  return time === undefined ? date : `${date} at ${time}`;
}

export function workSections(work: MyWork): WorkSection[] {
  return work.groups.map((group) => ({
    id: group.group,
    heading: GROUP_HEADINGS[group.group],
    total: group.total,
    nothing: NOTHING[group.group],
    more: group.total - group.items.length,
    seeAll: `See all ${String(group.total)} ${ITEMS_OF[group.group]}`,
    rows: group.items.map(workRow),
  }));
}

/**
 * Rows made from items, by the item: the service gives the same item objects while the page of
 * work they come from is kept (ADR 0049), so a row is made once per item, not on every request.
 */
const rowsMade = new WeakMap<WorkItem, WorkRow>();

/** One item of work as a row of the table. */
function workRow(item: WorkItem): WorkRow {
  return madeOnce(rowsMade, item, rowOf);
}

function rowOf(item: WorkItem): WorkRow {
  return {
    caseHref: `/cases/${encodeURIComponent(item.case.id)}`,
    caseName: caseName(item.case),
    children: item.case.children.map((c) => c.name).join(', '),
    conference: item.case.conference === null ? '' : `Conference ${item.case.conference.externalRef ?? ''}`.trim(),
    step: item.step,
    stage: item.stage.name,
    owner: item.owner,
    due: dueText(item.due),
    explanation: item.due?.explanation ?? null,
    clause: item.clause,
    kind: item.kind,
  };
}

export interface ColleagueRow extends WorkRow {
  readonly dueFrom: string;
  readonly overdue: boolean;
}

/** Colleagues' rows, by the item (whether overdue included): as `rowsMade`. */
const colleagueRowsMade = new WeakMap<ColleaguesWork['items'][number], ColleagueRow>();

/** What is due from colleagues (ADR 0030), soonest first in one list, each with whom it is due from; how many in all, and how many more than shown. */
export function colleagueRows(work: ColleaguesWork): {
  readonly rows: readonly ColleagueRow[];
  readonly total: number;
  readonly more: number;
  readonly seeAll: string;
} {
  const rows = work.items.map((item) =>
    madeOnce(colleagueRowsMade, item, () => ({ ...rowOf(item), dueFrom: item.dueFrom, overdue: item.overdue })),
  );
  return {
    rows,
    total: work.total,
    more: work.total - rows.length,
    seeAll: `See all ${String(work.total)} ${work.total === 1 ? 'item' : 'items'} due from colleagues`,
  };
}
