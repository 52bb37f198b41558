/**
 * The start page, where signing in lands: My work for those who act on cases (issue 12 point 2,
 * ADR 0024), otherwise the sections their role may open.
 */
import { may } from '../../service/permissions.js';
import { colleagueRows, workSections } from './myWork.js';
import { definePage, view, type PageDefinition } from './page.js';

/** How many items each group shows before "and N more". */
const SHOWN_PER_GROUP = 50;

export const HOME_PAGES: readonly PageDefinition[] = [
  definePage({
    method: 'GET',
    url: '/',
    title: 'My work',
    access: 'signed-in',
    audit: ['work.list', 'work.list-colleagues'],
    run: async (_input, { services, principal, now }) => {
      if (!may(principal, 'act-on-case')) return view('home', { title: 'Home', work: null });
      const work = await services.myWork.of(principal, { limit: SHOWN_PER_GROUP }, now);
      // Whoever keeps the case file also sees what is due from colleagues, to record it for them (ADR 0030).
      const colleagues = may(principal, 'record-for-others')
        ? colleagueRows(await services.myWork.ofColleagues(principal, { limit: SHOWN_PER_GROUP }, now))
        : null;
      return view('home', {
        title: 'My work',
        today: work.today,
        weekEnds: work.weekEnds,
        work: workSections(work),
        colleagues,
      });
    },
  }),
];
