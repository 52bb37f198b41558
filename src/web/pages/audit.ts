/**
 * The audit trail for the auditor (issue 12 point 13): filters by person, case, action and London
 * dates (MOJ filter), a page at a time (GOV.UK pagination), and the same entries exported as CSV
 * safe to open in a spreadsheet, the export itself audited (service/audit.ts).
 */
import { formatLongDate, type IsoDate } from '../../core/calendar/index.js';
import type { AuditFilters } from '../../service/audit.js';
import { isStaffRole } from '../../service/principal.js';
import { field, FormErrors, readDate, type Form } from './forms.js';
import { ROLE_NAMES } from './navigation.js';
import { definePage, file, view, type PageDefinition, type StaffPageContext } from './page.js';

const PER_PAGE = 50;
const ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** The filters as typed, kept to show again; and as the service takes them, when every one is valid. */
interface ReadFilters {
  readonly values: Readonly<Record<string, string>>;
  readonly filters: AuditFilters;
  readonly errors: FormErrors;
  readonly page: number;
}

const DATE_PARTS = ['from-day', 'from-month', 'from-year', 'to-day', 'to-month', 'to-year'] as const;

function readFilters(query: unknown): ReadFilters {
  const form: Form = typeof query === 'object' && query !== null ? (query as Form) : {};
  const errors = new FormErrors();
  const values: Record<string, string> = {};
  for (const name of ['person', 'caseId', 'action', ...DATE_PARTS]) values[name] = field(form, name).trim();
  const person = values['person'] ?? '';
  const caseId = values['caseId'] ?? '';
  const action = values['action'] ?? '';
  if (person !== '' && !ID.test(person)) errors.add('person', 'Select a person from the list');
  if (caseId !== '' && !ID.test(caseId))
    errors.add('caseId', 'Case ID must only include letters, numbers, full stops, hyphens, colons and underscores');
  if (action !== '' && !ID.test(action)) errors.add('action', 'Select an action from the list');
  const from = readDate(form, 'from', 'The date from', errors, { optional: true });
  const to = readDate(form, 'to', 'The date to', errors, { optional: true });
  if (from !== undefined && to !== undefined && from > to)
    errors.add('to', 'The date to must be the same as or after the date from', '#to-day');
  const pageNumber = Number(field(form, 'page') || '1');
  const filters: AuditFilters = {
    ...(person === '' ? {} : { actorId: person }),
    ...(caseId === '' ? {} : { caseId }),
    ...(action === '' ? {} : { action }),
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
  };
  return { values, filters, errors, page: Number.isInteger(pageNumber) && pageNumber >= 1 && pageNumber <= 100_000 ? pageNumber : 1 };
}

/** The query string of the filters (without the page), for links that keep them. */
function queryOf(values: Readonly<Record<string, string>>, without: readonly string[] = []): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values))
    if (value !== '' && !without.some((w) => name === w || name.startsWith(`${w}-`))) params.append(name, value);
  return params.toString();
}

const withQuery = (path: string, query: string) => (query === '' ? path : `${path}?${query}`);

/** GOV.UK pagination: previous, next, and the page numbers around this one with ellipses. */
function pagination(current: number, pages: number, query: string) {
  if (pages <= 1) return undefined;
  const href = (n: number) => withQuery('/audit', [query, `page=${String(n)}`].filter((q) => q !== '').join('&'));
  const shown = [...new Set([1, current - 1, current, current + 1, pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  const items: ({ number: number; href: string; current: boolean } | { ellipsis: true })[] = [];
  shown.forEach((n, i) => {
    const previous = shown[i - 1];
    if (previous !== undefined && n - previous > 1) items.push({ ellipsis: true });
    items.push({ number: n, href: href(n), current: n === current });
  });
  return {
    items,
    ...(current > 1 ? { previous: { href: href(current - 1) } } : {}),
    ...(current < pages ? { next: { href: href(current + 1) } } : {}),
  };
}

async function auditPage(query: unknown, { services, principal }: StaffPageContext) {
  const read = readFilters(query);
  const [staff, actions] = await Promise.all([
    services.staff.list(principal.partnershipId),
    services.audit.actions(principal.partnershipId),
  ]);
  const names = new Map(staff.map((s) => [s.id, s.name]));
  const base = {
    title: 'Audit',
    values: read.values,
    people: [
      { value: '', text: 'Anyone' },
      ...staff.map((s) => ({
        value: s.id,
        text: `${s.name} (${isStaffRole(s.role) ? ROLE_NAMES[s.role] : s.role})`,
        selected: s.id === read.values['person'],
      })),
    ],
    actions: [{ value: '', text: 'Any action' }, ...actions.map((a) => ({ value: a, text: a, selected: a === read.values['action'] }))],
  };
  if (read.errors.any) return view('audit', { ...base, ...read.errors.toView(), entries: [], total: 0 }, 400);
  const [total, entries] = await Promise.all([
    services.audit.count(principal.partnershipId, read.filters),
    services.audit.search(principal.partnershipId, read.filters, { limit: PER_PAGE, offset: (read.page - 1) * PER_PAGE }),
  ]);
  const filterQuery = queryOf(read.values);
  const pages = Math.max(1, Math.ceil(total / PER_PAGE));
  const chosen = [
    ...(read.filters.actorId === undefined
      ? []
      : [{ heading: 'Person', text: names.get(read.filters.actorId) ?? read.filters.actorId, without: 'person' }]),
    ...(read.filters.caseId === undefined ? [] : [{ heading: 'Case', text: read.filters.caseId, without: 'caseId' }]),
    ...(read.filters.action === undefined ? [] : [{ heading: 'Action', text: read.filters.action, without: 'action' }]),
    ...(read.filters.from === undefined ? [] : [{ heading: 'From', text: formatLongDate(read.filters.from), without: 'from' }]),
    ...(read.filters.to === undefined ? [] : [{ heading: 'To', text: formatLongDate(read.filters.to), without: 'to' }]),
  ];
  return view('audit', {
    ...base,
    errors: {},
    total,
    first: total === 0 ? 0 : (read.page - 1) * PER_PAGE + 1,
    last: Math.min(total, read.page * PER_PAGE),
    entries: entries.map((e) => ({
      at: e.at,
      who: names.get(e.actor.id) ?? e.actor.id,
      role: isStaffRole(e.actor.role) ? ROLE_NAMES[e.actor.role] : e.actor.role,
      action: e.action,
      subject: `${e.subject.type} ${e.subject.id}`,
      outcome: e.outcome,
    })),
    selectedFilters:
      chosen.length === 0
        ? undefined
        : {
            heading: { text: 'Selected filters' },
            clearLink: { text: 'Clear filters', href: '/audit' },
            categories: chosen.map((c) => ({
              heading: { text: c.heading },
              items: [{ href: withQuery('/audit', queryOf(read.values, [c.without])), text: c.text }],
            })),
          },
    pagination: pagination(Math.min(read.page, pages), pages, filterQuery),
    exportHref: withQuery('/audit/export.csv', filterQuery),
  });
}

export const AUDIT_PAGES: readonly PageDefinition[] = [
  definePage({
    method: 'GET',
    url: '/audit',
    title: 'Audit',
    access: 'read-audit',
    run: ({ query }, context) => auditPage(query, context),
  }),
  definePage({
    method: 'GET',
    url: '/audit/export.csv',
    title: 'Export the audit trail',
    access: 'read-audit',
    audit: ['audit.export'],
    run: async ({ query }, context) => {
      const read = readFilters(query);
      // Filters that cannot be read are shown on the audit page with their errors: nothing is exported.
      if (read.errors.any) return auditPage(query, context);
      const { csv } = await context.services.audit.exportCsv(context.principal, read.filters, context.now);
      const day: IsoDate | string = context.now.toISOString().slice(0, 10);
      return file(csv, 'text/csv; charset=utf-8', `audit-${context.principal.partnershipId}-${day}.csv`);
    },
  }),
];
