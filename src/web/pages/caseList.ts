/**
 * The case list page (issue 12 point 3): filters in MOJ's filter layout, a search box, a table
 * sorted by links (so it works without JavaScript) and GOV.UK pagination, all in the address, so
 * a list can be bookmarked and shared. Reads the service's list (read models only); every list is
 * audited as the API's is (case.list).
 */
import { formatDayShortMonth, formatLongDate, londonDateOf, type IsoDate } from '../../core/calendar/index.js';
import {
  CASE_SORTS,
  DEFAULT_CASE_LIST,
  type CaseListItem,
  type CaseListPage,
  type CaseListQuery,
  type CaseSort,
} from '../../service/caseList.js';
import { may } from '../../service/permissions.js';
import { field, FormErrors, readDate, type Form } from './forms.js';
import { definePage, view, type PageDefinition } from './page.js';
import { madeOnce } from '../../core/bounded.js';

const TRACKS = { family: 'Family (complaint or representation)', 'professional-dissent': 'Professional dissent' } as const;
const STATUSES = { open: 'Open', closed: 'Closed' } as const;
const PAGE_SIZE = DEFAULT_CASE_LIST.pageSize;

/** The list's state as the address carries it: what each filter is set to, in the form's own names. */
export interface CaseListAddress {
  readonly search?: string;
  readonly track?: keyof typeof TRACKS;
  readonly stage?: string;
  readonly status?: keyof typeof STATUSES;
  readonly overdue?: boolean;
  readonly conferenceFrom?: IsoDate;
  readonly conferenceTo?: IsoDate;
  readonly sort: CaseSort;
  readonly direction: 'asc' | 'desc';
  readonly page: number;
}

/** The address of a list: only what differs from the defaults, in a fixed order. */
export function casesUrl(address: CaseListAddress): string {
  const params = new URLSearchParams();
  if (address.search !== undefined && address.search !== '') params.set('search', address.search);
  if (address.track !== undefined) params.set('track', address.track);
  if (address.stage !== undefined) params.set('stage', address.stage);
  if (address.status !== undefined) params.set('status', address.status);
  if (address.overdue === true) params.set('overdue', 'true');
  for (const [name, date] of [
    ['conferenceFrom', address.conferenceFrom],
    ['conferenceTo', address.conferenceTo],
  ] as const) {
    if (date === undefined) continue;
    const [year = '', month = '', day = ''] = date.split('-');
    params.set(`${name}-day`, String(Number(day)));
    params.set(`${name}-month`, String(Number(month)));
    params.set(`${name}-year`, year);
  }
  if (address.sort !== DEFAULT_CASE_LIST.sort || address.direction !== DEFAULT_CASE_LIST.direction) {
    params.set('sort', address.sort);
    params.set('direction', address.direction);
  }
  if (address.page > 1) params.set('page', String(address.page));
  const text = params.toString();
  return text === '' ? '/cases' : `/cases?${text}`;
}

/** Reads the list's address; a filter that cannot be read is named in errors and left off. */
export function readCaseListAddress(query: Form, stages: readonly { id: string }[], errors: FormErrors): CaseListAddress {
  const text = (name: string) => field(query, name).trim();
  const search = text('search').slice(0, 100);
  const track = text('track');
  const stage = text('stage');
  const status = text('status');
  const sort = text('sort');
  const page = Number(text('page'));
  const conferenceFrom = readDate(query, 'conferenceFrom', 'The earliest conference date', errors, { optional: true });
  const conferenceTo = readDate(query, 'conferenceTo', 'The latest conference date', errors, { optional: true });
  const backwards = conferenceFrom !== undefined && conferenceTo !== undefined && conferenceFrom > conferenceTo;
  if (backwards) errors.add('conferenceTo', 'The latest conference date must be the same as or after the earliest', '#conferenceTo-day');
  return {
    ...(search === '' ? {} : { search }),
    ...(track in TRACKS ? { track: track as keyof typeof TRACKS } : {}),
    ...(stages.some((s) => s.id === stage) ? { stage } : {}),
    ...(status in STATUSES ? { status: status as keyof typeof STATUSES } : {}),
    ...(text('overdue') === 'true' ? { overdue: true } : {}),
    ...(conferenceFrom === undefined || backwards ? {} : { conferenceFrom }),
    ...(conferenceTo === undefined || backwards ? {} : { conferenceTo }),
    sort: (CASE_SORTS as readonly string[]).includes(sort) ? (sort as CaseSort) : DEFAULT_CASE_LIST.sort,
    direction: text('direction') === 'asc' ? 'asc' : text('direction') === 'desc' ? 'desc' : DEFAULT_CASE_LIST.direction,
    page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1,
  };
}

const COLUMNS: readonly { readonly text: string; readonly sort?: CaseSort; readonly first: 'asc' | 'desc' }[] = [
  { text: 'Reference', sort: 'reference', first: 'asc' },
  { text: 'Children', first: 'asc' },
  { text: 'Stage', sort: 'stage', first: 'asc' },
  { text: 'Raised', sort: 'raised', first: 'desc' },
  { text: 'Next deadline', sort: 'next-deadline', first: 'asc' },
];

/**
 * A London date as a table shows it: 23 Nov 2026 (the service's short month names, `Sep` among
 * them). Not through Intl: its en-GB says `Sept`, and its formatting was a twentieth of the list's CPU.
 */
function shortDate(instant: string | null): string {
  if (instant === null) return '';
  const date = londonDateOf(new Date(instant));
  return `${formatDayShortMonth(date)} ${date.slice(0, 4)}`;
}

/**
 * A deadline's instant is exclusive (ComputedDeadline.dueInstant): one due by the end of Thu 10
 * Dec is stored as midnight starting Fri 11 Dec. The list shows the last day on which it can be
 * done in time, as the case page and My work do, so the date of the moment just before.
 */
function lastMomentInTime(dueInstant: string): string {
  return new Date(new Date(dueInstant).getTime() - 1).toISOString();
}

/**
 * Table rows made from the list's items, by the item: the list gives the same item objects while
 * its page is kept (ADR 0047, 0049), so a row is made once per item, not on every request.
 */
const rowsMade = new WeakMap<CaseListItem, ReturnType<typeof rowOf>>();

const listRow = (c: CaseListItem) => madeOnce(rowsMade, c, rowOf);

function rowOf(c: CaseListItem) {
  return {
    id: c.id,
    href: `/cases/${encodeURIComponent(c.id)}`,
    reference: c.reference ?? c.id,
    children: c.children.map((child) => child.name).join(', '),
    stage: c.stageName,
    raised: shortDate(c.raisedAt),
    nextDeadline: shortDate(c.nextDeadlineAt === null ? null : lastMomentInTime(c.nextDeadlineAt)),
    overdue: c.overdue,
    closed: c.status === 'closed',
  };
}

/** What the view shows: shaped here, so that the template stays dumb. */
export function caseListView(address: CaseListAddress, list: CaseListPage, stages: readonly { id: string; name: string }[]) {
  const at = (change: Partial<CaseListAddress>) => casesUrl({ ...address, page: 1, ...change });
  const without = (name: keyof CaseListAddress) => {
    const rest: Record<string, unknown> = { ...address, page: 1 };
    Reflect.deleteProperty(rest, name);
    return casesUrl(rest as unknown as CaseListAddress);
  };
  const head = COLUMNS.map((column) => {
    if (column.sort === undefined) return { text: column.text };
    const current = address.sort === column.sort;
    const next = current ? (address.direction === 'asc' ? 'desc' : 'asc') : column.first;
    return {
      text: column.text,
      href: at({ sort: column.sort, direction: next }),
      ariaSort: current ? (address.direction === 'asc' ? 'ascending' : 'descending') : 'none',
    };
  });
  const stageName = (id: string) => stages.find((s) => s.id === id)?.name ?? id;
  const chosen = [
    ...(address.search === undefined ? [] : [{ heading: 'Search', text: address.search, href: without('search') }]),
    ...(address.track === undefined ? [] : [{ heading: 'Track', text: TRACKS[address.track], href: without('track') }]),
    ...(address.stage === undefined ? [] : [{ heading: 'Stage', text: stageName(address.stage), href: without('stage') }]),
    ...(address.status === undefined ? [] : [{ heading: 'Status', text: STATUSES[address.status], href: without('status') }]),
    ...(address.overdue === true ? [{ heading: 'Deadlines', text: 'Overdue only', href: without('overdue') }] : []),
    ...(address.conferenceFrom === undefined
      ? []
      : [{ heading: 'Conference date', text: `From ${formatLongDate(address.conferenceFrom)}`, href: without('conferenceFrom') }]),
    ...(address.conferenceTo === undefined
      ? []
      : [{ heading: 'Conference date', text: `To ${formatLongDate(address.conferenceTo)}`, href: without('conferenceTo') }]),
  ];
  const categories = [...new Set(chosen.map((c) => c.heading))].map((heading) => ({
    heading: { text: heading },
    items: chosen.filter((c) => c.heading === heading).map((c) => ({ text: c.text, href: c.href })),
  }));
  return {
    head,
    rows: list.cases.map(listRow),
    total: list.total,
    showing:
      list.total === 0
        ? ''
        : `Showing ${String((list.page - 1) * list.pageSize + 1)} to ${String(Math.min(list.total, list.page * list.pageSize))} of ${String(list.total)} cases`,
    pagination: pagination(list, (page) => casesUrl({ ...address, page })),
    selectedFilters:
      categories.length === 0
        ? undefined
        : { heading: { text: 'Selected filters' }, clearLink: { text: 'Clear filters', href: '/cases' }, categories },
    filters: {
      search: address.search ?? '',
      tracks: [{ value: '', text: 'Any track' }, ...Object.entries(TRACKS).map(([value, text]) => ({ value, text }))].map((o) => ({
        ...o,
        selected: (address.track ?? '') === o.value,
      })),
      stages: [{ value: '', text: 'Any stage' }, ...stages.map((s) => ({ value: s.id, text: s.name }))].map((o) => ({
        ...o,
        selected: (address.stage ?? '') === o.value,
      })),
      statuses: [{ value: '', text: 'Open or closed' }, ...Object.entries(STATUSES).map(([value, text]) => ({ value, text }))].map((o) => ({
        ...o,
        checked: (address.status ?? '') === o.value,
      })),
      overdue: address.overdue === true,
      sort: address.sort,
      direction: address.direction,
    },
  };
}

/** GOV.UK pagination: previous, next, the first, the last, and the pages either side of this one. */
export function pagination(list: { page: number; pages: number }, href: (page: number) => string) {
  if (list.pages <= 1) return undefined;
  const wanted = new Set([1, list.pages, list.page - 1, list.page, list.page + 1].filter((n) => n >= 1 && n <= list.pages));
  const numbers = [...wanted].sort((a, b) => a - b);
  const items: ({ number: string; href: string; current: boolean } | { ellipsis: true })[] = [];
  numbers.forEach((n, index) => {
    const previous = numbers[index - 1];
    if (previous !== undefined && n - previous > 1) items.push({ ellipsis: true });
    items.push({ number: String(n), href: href(n), current: n === list.page });
  });
  return {
    ...(list.page > 1 ? { previous: { href: href(list.page - 1) } } : {}),
    ...(list.page < list.pages ? { next: { href: href(list.page + 1) } } : {}),
    items,
  };
}

/** The address as the service's query. */
export function serviceQuery(address: CaseListAddress): CaseListQuery {
  return {
    ...(address.search === undefined ? {} : { search: address.search }),
    ...(address.track === undefined ? {} : { track: address.track }),
    ...(address.stage === undefined ? {} : { stage: address.stage }),
    ...(address.status === undefined ? {} : { status: address.status }),
    ...(address.overdue === true ? { overdue: true } : {}),
    ...(address.conferenceFrom === undefined ? {} : { conferenceFrom: address.conferenceFrom }),
    ...(address.conferenceTo === undefined ? {} : { conferenceTo: address.conferenceTo }),
    sort: address.sort,
    direction: address.direction,
    page: address.page,
    pageSize: PAGE_SIZE,
  };
}

export const CASE_LIST_PAGES: readonly PageDefinition[] = [
  definePage({
    method: 'GET',
    url: '/cases',
    title: 'Cases',
    access: 'read-case',
    audit: ['case.list'],
    run: async ({ query }, { services, principal, now }) => {
      const form = (typeof query === 'object' && query !== null ? query : {}) as Form;
      const stages = await services.cases.stages(principal.partnershipId);
      const errors = new FormErrors();
      const address = readCaseListAddress(form, stages, errors);
      const list = await services.cases.list(principal, serviceQuery(address), now);
      const dates = Object.fromEntries(
        ['conferenceFrom', 'conferenceTo'].flatMap((name) =>
          ['day', 'month', 'year'].map((part) => [`${name}-${part}`, field(form, `${name}-${part}`).slice(0, 10)]),
        ),
      );
      return view(
        'cases/list',
        { title: 'Cases', mayRaise: may(principal, 'raise-case'), ...caseListView(address, list, stages), dates, ...errors.toView() },
        errors.any ? 400 : 200,
      );
    },
  }),
];
