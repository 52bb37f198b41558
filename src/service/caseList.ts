/**
 * The case list: filters, search, sort and pages over the read models (case_summary, with the
 * case's reference from `cases` and its children through its conference), never a replay per
 * case, so that it stays quick at thousands of cases (ADR 0022). Only the cases the reader may
 * see are listed (caseAccess.ts).
 */
import { sql, type Kysely } from 'kysely';
import { addCalendarDays, startOfLondonDay, type IsoDate } from '../core/calendar/index.js';
import type { Procedure } from '../core/procedures/schema.js';
import type { Schema } from '../store/database.js';
import type { CaseAccess } from './caseAccess.js';
import { Children, columnContains } from './children.js';
import type { Principal } from './principal.js';

export const CASE_SORTS = ['reference', 'raised', 'next-deadline', 'stage'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];
export const CASE_TRACKS = ['family', 'professional-dissent'] as const;

export interface CaseListQuery {
  readonly track?: (typeof CASE_TRACKS)[number];
  /** A stage's id, as the procedure names it. */
  readonly stage?: string;
  readonly status?: 'open' | 'closed';
  /** true: cases with a deadline already past; false: cases with none. */
  readonly overdue?: boolean;
  /** When the case's conference was held: London dates, inclusive. */
  readonly conferenceFrom?: IsoDate;
  readonly conferenceTo?: IsoDate;
  /** Part of a case reference or of a child's name, whatever its case. */
  readonly search?: string;
  /** One case reference, exactly (whatever its case). */
  readonly reference?: string;
  readonly sort: CaseSort;
  readonly direction: 'asc' | 'desc';
  /** From 1. */
  readonly page: number;
  readonly pageSize: number;
}

export const DEFAULT_CASE_LIST: Pick<CaseListQuery, 'sort' | 'direction' | 'page' | 'pageSize'> = {
  sort: 'raised',
  direction: 'desc',
  page: 1,
  pageSize: 25,
};

export interface CaseListItem {
  readonly id: string;
  readonly reference: string | null;
  readonly procedureId: string;
  readonly track: 'family' | 'professional-dissent' | null;
  readonly stage: string;
  readonly stageName: string;
  readonly status: 'open' | 'closed';
  readonly version: number;
  readonly raisedAt: string;
  readonly updatedAt: string;
  readonly conferenceId: string | null;
  readonly conferenceHeldAt: string | null;
  readonly nextDeadlineAt: string | null;
  readonly overdue: boolean;
  readonly children: readonly { readonly id: string; readonly name: string }[];
}

export interface CaseListPage {
  readonly cases: readonly CaseListItem[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  /** How many pages there are (at least 1). */
  readonly pages: number;
}

export async function listCases(
  db: Kysely<Schema>,
  access: CaseAccess,
  procedures: ReadonlyMap<string, Procedure>,
  principal: Principal,
  query: CaseListQuery,
  now: Date,
): Promise<CaseListPage> {
  const partnershipId = principal.partnershipId;
  // The filters are on the summary alone (the reference as a subquery), so that counting them reads
  // one index; the page then joins the cases, both filtered by the partnership, so that SQLite walks
  // the reference index in order and stops at the page.
  let filtered = db.selectFrom('case_summary').where('case_summary.partnership_id', '=', partnershipId);
  const seated = access.seatedCaseIds(principal);
  if (seated !== undefined) filtered = filtered.where('case_summary.case_id', 'in', seated);
  if (query.track !== undefined) filtered = filtered.where('case_summary.track', '=', query.track);
  if (query.stage !== undefined) filtered = filtered.where('case_summary.stage', '=', query.stage);
  if (query.status !== undefined) filtered = filtered.where('case_summary.status', '=', query.status);
  const nowText = now.toISOString();
  if (query.overdue === true) filtered = filtered.where('case_summary.next_deadline_at', '<', nowText);
  if (query.overdue === false)
    filtered = filtered.where((eb) =>
      eb.or([eb('case_summary.next_deadline_at', 'is', null), eb('case_summary.next_deadline_at', '>=', nowText)]),
    );
  if (query.conferenceFrom !== undefined)
    filtered = filtered.where('case_summary.conference_held_at', '>=', startOfLondonDay(query.conferenceFrom).toISOString());
  if (query.conferenceTo !== undefined)
    filtered = filtered.where(
      'case_summary.conference_held_at',
      '<',
      startOfLondonDay(addCalendarDays(query.conferenceTo, 1)).toISOString(),
    );
  const casesOfPartnership = () => db.selectFrom('cases').select('cases.case_id').where('cases.partnership_id', '=', partnershipId);
  const reference = query.reference?.trim().toUpperCase();
  if (reference !== undefined)
    filtered = filtered.where('case_summary.case_id', 'in', casesOfPartnership().where('cases.reference', '=', reference));
  const search = query.search?.trim();
  if (search !== undefined && search !== '') {
    filtered = filtered.where((eb) =>
      eb.or([
        eb('case_summary.case_id', 'in', casesOfPartnership().where(columnContains('cases.reference', search))),
        eb(
          'case_summary.conference_id',
          'in',
          eb
            .selectFrom('conference_children')
            .innerJoin('children', 'children.id', 'conference_children.child_id')
            .select('conference_children.conference_id')
            .where('children.partnership_id', '=', partnershipId)
            .where(columnContains('children.name', search)),
        ),
      ]),
    );
  }
  const direction = query.direction;
  let ordered = filtered
    .innerJoin('cases', 'cases.case_id', 'case_summary.case_id')
    .where('cases.partnership_id', '=', partnershipId)
    .select([
      'case_summary.case_id',
      'case_summary.procedure_id',
      'case_summary.track',
      'case_summary.stage',
      'case_summary.status',
      'case_summary.version',
      'case_summary.raised_at',
      'case_summary.updated_at',
      'case_summary.conference_id',
      'case_summary.conference_held_at',
      'case_summary.next_deadline_at',
      'cases.reference',
    ]);
  switch (query.sort) {
    case 'reference':
      break;
    case 'raised':
      ordered = ordered.orderBy('case_summary.raised_at', direction);
      break;
    case 'next-deadline':
      // Cases with no deadline open come last either way (SQLite and PostgreSQL place nulls differently).
      ordered = ordered
        .orderBy(sql`case when ${sql.ref('case_summary.next_deadline_at')} is null then 1 else 0 end`)
        .orderBy('case_summary.next_deadline_at', direction);
      break;
    case 'stage':
      ordered = ordered.orderBy('case_summary.stage_order', direction).orderBy('case_summary.stage', direction);
      break;
  }
  ordered = ordered.orderBy('cases.reference_year', direction).orderBy('cases.reference_seq', direction).orderBy('case_summary.case_id');
  const [rows, count] = await Promise.all([
    ordered
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
    filtered.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst(),
  ]);
  const total = Number(count?.n ?? 0);
  const children = await new Children(db).ofConferences(rows.flatMap((r) => (r.conference_id === null ? [] : [r.conference_id])));
  return {
    total,
    page: query.page,
    pageSize: query.pageSize,
    pages: Math.max(1, Math.ceil(total / query.pageSize)),
    cases: rows.map((r) => ({
      id: r.case_id,
      reference: r.reference,
      procedureId: r.procedure_id,
      track: r.track,
      stage: r.stage,
      stageName: procedures.get(r.procedure_id)?.stages.find((s) => s.id === r.stage)?.name ?? r.stage,
      status: r.status,
      version: r.version,
      raisedAt: r.raised_at,
      updatedAt: r.updated_at,
      conferenceId: r.conference_id,
      conferenceHeldAt: r.conference_held_at,
      nextDeadlineAt: r.next_deadline_at,
      overdue: r.status === 'open' && r.next_deadline_at !== null && r.next_deadline_at < nowText,
      children: (r.conference_id === null ? [] : (children.get(r.conference_id) ?? [])).map((c) => ({ id: c.id, name: c.name })),
    })),
  };
}

/** The stages a case of the partnership's procedure can be at, in the procedure's order: the list's stage filter. */
export function stagesOf(procedure: Procedure | undefined): readonly { readonly id: string; readonly name: string }[] {
  return (procedure?.stages ?? []).map((s) => ({ id: s.id, name: s.name }));
}
