/**
 * The partnership's recommendations report (issue 12, ADR 0032): every recommendation a panel made
 * to a named agency, with the case's reference, the agency, what was recommended, when and whether
 * the case is still open; filtered by agency and case status, and exported as CSV made as the
 * audit export's is (formulas shown as text). For roles with `read-all-deadlines`, the
 * partnership-wide view; the cases listed are still only those the reader may see, each read audited.
 */
import { z } from 'zod';
import { AGENCY_KINDS } from '../../core/procedures/schema.js';
import { safeCsv } from '../../service/audit.js';
import { AGENCY_LABELS } from './panelForms.js';
import { definePage, file, view, type PageDefinition, type StaffPageContext } from './page.js';

const STATUS_WORDS = { open: 'Case open', closed: 'Case closed' } as const;

const filtersQuery = z.object({
  agency: z.enum(['', ...AGENCY_KINDS]).optional(),
  status: z.enum(['', 'open', 'closed']).optional(),
});
type Filters = z.infer<typeof filtersQuery>;

const REPORT = '/reports/recommendations';

function queryOf(filters: Filters): string {
  const params = new URLSearchParams();
  if (filters.agency) params.append('agency', filters.agency);
  if (filters.status) params.append('status', filters.status);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

async function rowsFor(filters: Filters, { services, principal, now }: StaffPageContext, action: string) {
  return services.cases.recommendationRows(
    principal,
    {
      ...(filters.agency ? { agency: filters.agency } : {}),
      ...(filters.status ? { caseStatus: filters.status } : {}),
    },
    now,
    action,
  );
}

export const REPORT_PAGES: readonly PageDefinition[] = [
  definePage({
    method: 'GET',
    url: REPORT,
    title: 'Recommendations',
    access: 'read-all-deadlines',
    audit: ['report.recommendations', 'case.read-report'],
    query: filtersQuery,
    run: async ({ query }, context) => {
      const filters = query as Filters;
      const rows = await rowsFor(filters, context, 'report.recommendations');
      return view('reports/recommendations', {
        title: 'Recommendations',
        agencies: [
          { value: '', text: 'Any agency' },
          ...AGENCY_KINDS.map((kind) => ({ value: kind, text: AGENCY_LABELS[kind], selected: kind === filters.agency })),
        ],
        statuses: [
          { value: '', text: 'Open or closed', checked: !filters.status },
          { value: 'open', text: 'Open cases', checked: filters.status === 'open' },
          { value: 'closed', text: 'Closed cases', checked: filters.status === 'closed' },
        ],
        filtered: Boolean(filters.agency) || Boolean(filters.status),
        rows: rows.map((r) => ({
          reference: r.reference,
          href: `/cases/${encodeURIComponent(r.caseId)}`,
          agency: AGENCY_LABELS[r.agency],
          text: r.text,
          decision: r.decision,
          decidedAt: r.decidedAt,
          status: STATUS_WORDS[r.caseStatus],
        })),
        exportHref: `${REPORT}.csv${queryOf(filters)}`,
      });
    },
  }),
  definePage({
    method: 'GET',
    url: `${REPORT}.csv`,
    title: 'Export recommendations',
    access: 'read-all-deadlines',
    audit: ['report.recommendations-export', 'case.read-report'],
    query: filtersQuery,
    run: async ({ query }, context) => {
      const rows = await rowsFor(query as Filters, context, 'report.recommendations-export');
      const csv = safeCsv(
        ['case_reference', 'agency', 'recommendation', 'decision', 'decided_at', 'case_status', 'procedure'],
        rows.map((r) => [r.reference, AGENCY_LABELS[r.agency], r.text, r.decision, r.decidedAt, r.caseStatus, r.procedure]),
      );
      return file(
        csv,
        'text/csv; charset=utf-8',
        `recommendations-${context.principal.partnershipId}-${context.now.toISOString().slice(0, 10)}.csv`,
      );
    },
  }),
];
