/**
 * The start page, where signing in lands: My work for those who act on cases (issue 12 point 2,
 * ADR 0024), otherwise the sections their role may open. Each group shows its soonest items and
 * links to a page of the whole group, paginated, so nothing due is ever out of reach.
 */
import { z } from 'zod';
import { DUE_GROUPS } from '../../core/engine/dueGroups.js';
import { may } from '../../service/permissions.js';
import { pagination } from './caseList.js';
import { colleagueRows, GROUP_HEADINGS, workSections } from './myWork.js';
import { definePage, view, type PageDefinition } from './page.js';

/** How many items each group shows on My work before "See all N". */
export const SHOWN_PER_GROUP = 10;
/** How many items a page of one group shows. */
export const GROUP_PAGE_SIZE = 50;

const groupParams = z.object({ group: z.enum(DUE_GROUPS) });

/** A page number from the address: a whole number from 1, anything else the first page. */
function pageNumber(query: unknown): number {
  const raw = (query as Record<string, unknown> | undefined)?.['page'];
  const page = typeof raw === 'string' && /^[1-9][0-9]{0,5}$/.test(raw) ? Number(raw) : 1;
  return page;
}

/**
 * A page of a list read a page at a time: the page asked for, or the last one when the list has
 * shrunk since the link was made (the work moved on), with "Showing 51 to 54 of 54" and the links.
 */
async function paged<W>(
  query: unknown,
  read: (page: number) => Promise<W>,
  totalOf: (work: W) => number,
  href: (page: number) => string,
): Promise<{ readonly work: W; readonly showing: string; readonly pagination: ReturnType<typeof pagination> | undefined }> {
  const requested = pageNumber(query);
  let work = await read(requested);
  const total = totalOf(work);
  const pages = Math.max(1, Math.ceil(total / GROUP_PAGE_SIZE));
  const page = Math.min(requested, pages);
  if (page !== requested) work = await read(page);
  return {
    work,
    showing:
      total === 0
        ? ''
        : `Showing ${String((page - 1) * GROUP_PAGE_SIZE + 1)} to ${String(Math.min(page * GROUP_PAGE_SIZE, total))} of ${String(total)}`,
    pagination: pages > 1 ? pagination({ page, pages }, href) : undefined,
  };
}

const pageHref = (path: string) => (page: number) => `${path}${page === 1 ? '' : `?page=${String(page)}`}`;

export const HOME_PAGES: readonly PageDefinition[] = [
  definePage({
    method: 'GET',
    url: '/',
    title: 'My work',
    access: 'signed-in',
    audit: ['work.list', 'work.list-colleagues'],
    run: async (_input, { services, principal, now }) => {
      if (!may(principal, 'act-on-case')) return view('home', { title: 'Home', work: null });
      // Whoever keeps the case file also sees what is due from colleagues, to record it for them (ADR 0030).
      const { work, colleagues } = await services.myWork.home(principal, SHOWN_PER_GROUP, now, may(principal, 'record-for-others'));
      return view('home', {
        title: 'My work',
        today: work.today,
        weekEnds: work.weekEnds,
        work: workSections(work),
        colleagues: colleagues === null ? null : colleagueRows(colleagues),
      });
    },
  }),
  definePage({
    method: 'GET',
    url: '/work/colleagues',
    title: 'My work',
    access: 'record-for-others',
    audit: ['work.list-colleagues'],
    run: async ({ query }, { services, principal, now }) => {
      const {
        work,
        showing,
        pagination: links,
      } = await paged(
        query,
        (page) => services.myWork.ofColleagues(principal, { limit: GROUP_PAGE_SIZE, offset: (page - 1) * GROUP_PAGE_SIZE }, now),
        (read) => read.total,
        pageHref('/work/colleagues'),
      );
      return view('work-colleagues', {
        title: 'My work: due from colleagues on cases you keep',
        colleagues: colleagueRows(work),
        weekEnds: work.weekEnds,
        showing,
        pagination: links,
      });
    },
  }),
  definePage({
    method: 'GET',
    url: '/work/:group',
    title: 'My work',
    access: 'act-on-case',
    audit: ['work.list'],
    params: groupParams,
    run: async ({ params, query }, { services, principal, now }) => {
      const { group } = params as z.infer<typeof groupParams>;
      const {
        work,
        showing,
        pagination: links,
      } = await paged(
        query,
        (page) => services.myWork.of(principal, { limit: GROUP_PAGE_SIZE, offset: (page - 1) * GROUP_PAGE_SIZE, group }, now),
        (read) => read.groups.find((g) => g.group === group)?.total ?? 0,
        pageHref(`/work/${group}`),
      );
      return view('work-group', {
        title: `My work: ${GROUP_HEADINGS[group].toLowerCase()}`,
        heading: GROUP_HEADINGS[group],
        weekEnds: work.weekEnds,
        section: workSections(work).find((s) => s.id === group),
        showing,
        pagination: links,
      });
    },
  }),
];
