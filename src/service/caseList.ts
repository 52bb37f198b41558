/**
 * The case list: filters, search, sort and pages over the read models (case_summary, with the
 * case's reference from `cases` and its children through its conference), never a replay per
 * case, so that it stays quick at thousands of cases (ADR 0022). Only the cases the reader may
 * see are listed (caseAccess.ts).
 */
import { sql, type Compilable, type Kysely } from 'kysely';
import { keepBounded } from '../core/bounded.js';
import { addCalendarDays, startOfLondonDay, type IsoDate } from '../core/calendar/index.js';
import type { Procedure } from '../core/procedures/schema.js';
import type { Schema } from '../store/database.js';
import { prepareQuery, type PreparedQuery } from '../store/prepared.js';
import type { CaseAccess } from './caseAccess.js';
import { Children, columnLike, containing } from './children.js';
import type { Principal } from './principal.js';

export const CASE_SORTS = ['reference', 'raised', 'next-deadline', 'stage'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];
export const CASE_TRACKS = ['family', 'professional-dissent'] as const;

export interface CaseListQuery {
  readonly track?: (typeof CASE_TRACKS)[number];
  /** A stage's id, as the procedure names it. */
  readonly stage?: string;
  readonly status?: 'open' | 'closed';
  /** true: cases with a deadline already reached (as the engine counts overdue: at its due instant); false: cases with none. */
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

/**
 * The list's values, each where the query uses it: the filters as the database compares them (the
 * conference dates as instants, the reference upper-cased, the search as a LIKE pattern). Absent
 * where that filter is not asked for.
 */
interface Bound {
  readonly partnershipId: string;
  readonly track?: CaseListQuery['track'];
  readonly stage?: string;
  readonly status?: CaseListQuery['status'];
  /** Now, for the overdue filter. */
  readonly now?: string;
  readonly conferenceFrom?: string;
  readonly conferenceBefore?: string;
  readonly reference?: string;
  readonly search?: string;
}
type BoundField = keyof Bound;
const BOUND_FIELDS: readonly BoundField[] = [
  'partnershipId',
  'track',
  'stage',
  'status',
  'now',
  'conferenceFrom',
  'conferenceBefore',
  'reference',
  'search',
];

/** What the query's shape depends on besides which values are bound. */
interface Shape {
  readonly overdue?: boolean;
  /** The cases a person seated on them may see (caseAccess.ts); absent for whoever sees every case. */
  readonly seated?: NonNullable<ReturnType<CaseAccess['seatedCaseIds']>>;
}

function boundOf(query: CaseListQuery, partnershipId: string, now: Date): Bound {
  const reference = query.reference?.trim().toUpperCase();
  const search = query.search?.trim();
  return {
    partnershipId,
    ...(query.track === undefined ? {} : { track: query.track }),
    ...(query.stage === undefined ? {} : { stage: query.stage }),
    ...(query.status === undefined ? {} : { status: query.status }),
    ...(query.overdue === undefined ? {} : { now: now.toISOString() }),
    ...(query.conferenceFrom === undefined ? {} : { conferenceFrom: startOfLondonDay(query.conferenceFrom).toISOString() }),
    ...(query.conferenceTo === undefined
      ? {}
      : { conferenceBefore: startOfLondonDay(addCalendarDays(query.conferenceTo, 1)).toISOString() }),
    ...(reference === undefined ? {} : { reference }),
    ...(search === undefined || search === '' ? {} : { search: containing(search) }),
  };
}

/**
 * The cases the filters keep. They are on the summary alone (the reference as a subquery), so that
 * counting them reads one index.
 */
function filteredCases(db: Kysely<Schema>, b: Bound, shape: Shape) {
  const partnershipId = b.partnershipId;
  let filtered = db.selectFrom('case_summary').where('case_summary.partnership_id', '=', partnershipId);
  if (shape.seated !== undefined) filtered = filtered.where('case_summary.case_id', 'in', shape.seated);
  if (b.track !== undefined) filtered = filtered.where('case_summary.track', '=', b.track);
  if (b.stage !== undefined) filtered = filtered.where('case_summary.stage', '=', b.stage);
  if (b.status !== undefined) filtered = filtered.where('case_summary.status', '=', b.status);
  const now = b.now;
  if (now !== undefined && shape.overdue === true) filtered = filtered.where('case_summary.next_deadline_at', '<=', now);
  if (now !== undefined && shape.overdue === false)
    filtered = filtered.where((eb) =>
      eb.or([eb('case_summary.next_deadline_at', 'is', null), eb('case_summary.next_deadline_at', '>', now)]),
    );
  if (b.conferenceFrom !== undefined) filtered = filtered.where('case_summary.conference_held_at', '>=', b.conferenceFrom);
  if (b.conferenceBefore !== undefined) filtered = filtered.where('case_summary.conference_held_at', '<', b.conferenceBefore);
  const casesOfPartnership = () => db.selectFrom('cases').select('cases.case_id').where('cases.partnership_id', '=', partnershipId);
  if (b.reference !== undefined)
    filtered = filtered.where('case_summary.case_id', 'in', casesOfPartnership().where('cases.reference', '=', b.reference));
  const search = b.search;
  if (search !== undefined) {
    filtered = filtered.where((eb) =>
      eb.or([
        eb('case_summary.case_id', 'in', casesOfPartnership().where(columnLike('cases.reference', search))),
        eb(
          'case_summary.conference_id',
          'in',
          eb
            .selectFrom('conference_children')
            .innerJoin('children', 'children.id', 'conference_children.child_id')
            .select('conference_children.conference_id')
            .where('children.partnership_id', '=', partnershipId)
            .where(columnLike('children.name', search)),
        ),
      ]),
    );
  }
  return filtered;
}

/** How many cases the filters keep. */
function countQuery(db: Kysely<Schema>, b: Bound, shape: Shape) {
  return filteredCases(db, b, shape).select((eb) => eb.fn.countAll<number | string>().as('n'));
}

/**
 * A page of the cases the filters keep, in the order asked for. The page joins the cases, both
 * filtered by the partnership, so that SQLite walks the reference index in order and stops at the page.
 */
function pageQuery(
  db: Kysely<Schema>,
  b: Bound,
  shape: Shape,
  order: Pick<CaseListQuery, 'sort' | 'direction'>,
  limit: number,
  offset: number,
) {
  const direction = order.direction;
  let ordered = filteredCases(db, b, shape)
    .innerJoin('cases', 'cases.case_id', 'case_summary.case_id')
    .where('cases.partnership_id', '=', b.partnershipId)
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
  switch (order.sort) {
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
  return ordered
    .orderBy('cases.reference_year', direction)
    .orderBy('cases.reference_seq', direction)
    .orderBy('case_summary.case_id')
    .limit(limit)
    .offset(offset);
}

type PageRow = Awaited<ReturnType<ReturnType<typeof pageQuery>['execute']>>[number];
interface CountRow {
  readonly n: number | string;
}

/**
 * Whether a list's queries are kept compiled: those of the lists asked for most (no filter, one
 * filter, or a search), for whoever may see every case of the partnership. A bounded set of
 * shapes, so of PostgreSQL's named statements. Any other list is built afresh by the same builders.
 */
function isPreparedShape(b: Bound, shape: Shape): boolean {
  return shape.seated === undefined && BOUND_FIELDS.filter((field) => b[field] !== undefined).length <= 2;
}

/** Runs one of the list's queries: compiled once for its shape where it is a common one, else built now. */
async function run<Row>(
  db: Kysely<Schema>,
  key: string,
  b: Bound,
  shape: Shape,
  extra: readonly number[],
  build: (b: Bound, ...extra: never[]) => Compilable<Row>,
  options: ListOptions,
): Promise<Row[]> {
  if (options.prepared === false || !isPreparedShape(b, shape)) {
    return (await db.executeQuery(build(b, ...(extra as never[])).compile())).rows;
  }
  const fields = BOUND_FIELDS.filter((field) => b[field] !== undefined);
  const name = `${key}:${fields.join(',')}:${String(shape.overdue)}`;
  const kept = keptFor(db).prepared;
  let prepared = kept.get(name) as PreparedQuery<unknown[], Row> | undefined;
  if (prepared === undefined) {
    prepared = prepareQuery<Schema, unknown[], Row>(db, fields.length + extra.length, (_db, ...markers) =>
      build(Object.fromEntries(fields.map((field, index) => [field, markers[index]])) as unknown as Bound, ...markers.slice(fields.length)),
    );
    kept.set(name, prepared);
  }
  return prepared.execute(...fields.map((field) => b[field]), ...extra);
}

export interface ListOptions {
  /**
   * false: build every query afresh and keep nothing, as for any uncommon list (the tests compare
   * the two).
   */
  readonly prepared?: boolean;
}

/** How many pages of the list each instance keeps (ADR 0047); the least recently read goes first. */
export const KEPT_LISTS = 1000;

/** A page of the list as read while the partnership's work was at `workVersion`. */
interface KeptList {
  readonly workVersion: number;
  readonly rows: readonly PageRow[];
  readonly total: number;
  readonly children: ReadonlyMap<string, readonly { readonly id: string; readonly name: string }[]>;
}

/**
 * What each database's list keeps: its queries compiled once per shape (src/store/prepared.ts),
 * its pages, and the statement reading a partnership's work version.
 */
interface Kept {
  readonly prepared: Map<string, PreparedQuery<unknown[], unknown>>;
  readonly lists: Map<string, KeptList>;
  readonly workVersion: PreparedQuery<[partnershipId: string], { version: number }>;
  hits: number;
}
const keptOf = new WeakMap<Kysely<Schema>, Kept>();

function keptFor(db: Kysely<Schema>): Kept {
  let kept = keptOf.get(db);
  if (kept === undefined) {
    kept = {
      prepared: new Map(),
      lists: new Map(),
      workVersion: prepareQuery(db, 1, (q, partnershipId: never) =>
        q.selectFrom('work_versions').select('version').where('partnership_id', '=', partnershipId),
      ),
      hits: 0,
    };
    keptOf.set(db, kept);
  }
  return kept;
}

/** How often this database's kept pages were shown instead of read again (for the tests). */
export function keptListHits(db: Kysely<Schema>): number {
  return keptOf.get(db)?.hits ?? 0;
}

/**
 * A page of the list is kept between requests, exact by the partnership's work version (ADR 0047,
 * after ADR 0042): every row it shows comes from the case's summary and reference, which only a
 * projection writes (and that raises the version in the same transaction), and from its
 * conference's children, who cannot change once a case is raised about it. Not kept: a list for
 * someone who sees only the cases they sit on (what they see turns on more than the version), and
 * the overdue filter (which cases it keeps turns on the time).
 */
function keepable(query: CaseListQuery, shape: Shape, options: ListOptions): boolean {
  return options.prepared !== false && shape.seated === undefined && query.overdue === undefined;
}

/** The page's rows, how many cases the filters keep, and the children of the page's conferences: read now. */
async function readList(
  db: Kysely<Schema>,
  b: Bound,
  shape: Shape,
  order: Pick<CaseListQuery, 'sort' | 'direction'>,
  page: readonly [limit: number, offset: number],
  options: ListOptions,
): Promise<Omit<KeptList, 'workVersion'>> {
  const [rows, count] = await Promise.all([
    run<PageRow>(
      db,
      `page:${order.sort}:${order.direction}`,
      b,
      shape,
      page,
      (bound, limit, offset) => pageQuery(db, bound, shape, order, limit, offset),
      options,
    ),
    run<CountRow>(db, 'count', b, shape, [], (bound) => countQuery(db, bound, shape), options),
  ]);
  const children = await new Children(db).ofConferences(rows.flatMap((r) => (r.conference_id === null ? [] : [r.conference_id])));
  return {
    rows,
    total: Number(count[0]?.n ?? 0),
    children: new Map([...children].map(([conferenceId, list]) => [conferenceId, list.map((c) => ({ id: c.id, name: c.name }))])),
  };
}

export async function listCases(
  db: Kysely<Schema>,
  access: CaseAccess,
  procedures: ReadonlyMap<string, Procedure>,
  principal: Principal,
  query: CaseListQuery,
  now: Date,
  options: ListOptions = {},
): Promise<CaseListPage> {
  const b = boundOf(query, principal.partnershipId, now);
  const seated = access.seatedCaseIds(principal);
  const shape: Shape = { ...(query.overdue === undefined ? {} : { overdue: query.overdue }), ...(seated === undefined ? {} : { seated }) };
  const order = { sort: query.sort, direction: query.direction };
  const page = [query.pageSize, (query.page - 1) * query.pageSize] as const;
  let list: Omit<KeptList, 'workVersion'>;
  if (keepable(query, shape, options)) {
    const kept = keptFor(db);
    const key = JSON.stringify([b, order.sort, order.direction, page]);
    const workVersion = (await kept.workVersion.executeTakeFirst(b.partnershipId))?.version ?? 0;
    const held = kept.lists.get(key);
    if (held?.workVersion === workVersion) {
      kept.hits += 1;
      list = held;
    } else {
      // Read after the version: what is read is at least that new, so it holds for that version.
      list = await readList(db, b, shape, order, page, options);
      keepBounded(kept.lists, key, { workVersion, ...list }, KEPT_LISTS);
    }
  } else list = await readList(db, b, shape, order, page, options);
  const { rows, total, children } = list;
  const nowText = now.toISOString();
  return {
    total,
    page: query.page,
    pageSize: query.pageSize,
    pages: Math.max(1, Math.ceil(total / query.pageSize)),
    cases: rows.map((r) => {
      const overdue = r.status === 'open' && r.next_deadline_at !== null && r.next_deadline_at <= nowText;
      let made = itemsMade.get(r);
      if (made?.procedures !== procedures) {
        made = { procedures, items: [undefined, undefined] };
        itemsMade.set(r, made);
      }
      const which = overdue ? 1 : 0;
      return (made.items[which] ??= itemOf(r, procedures, children, overdue));
    }),
  };
}

/**
 * Each row as the list gives it, overdue and not, made once: a kept page's rows are the same
 * objects until the partnership's work moves on (ADR 0047), so a list shown again gives the same
 * items, which the page's table rows are kept by in turn (ADR 0049). Whether it is overdue is
 * still the time's to say.
 */
const itemsMade = new WeakMap<
  PageRow,
  { readonly procedures: ReadonlyMap<string, Procedure>; readonly items: [CaseListItem | undefined, CaseListItem | undefined] }
>();

function itemOf(
  r: PageRow,
  procedures: ReadonlyMap<string, Procedure>,
  children: ReadonlyMap<string, readonly { readonly id: string; readonly name: string }[]>,
  overdue: boolean,
): CaseListItem {
  return {
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
    overdue,
    children: r.conference_id === null ? [] : (children.get(r.conference_id) ?? []),
  };
}

/** The stages a case of the partnership's procedure can be at, in the procedure's order: the list's stage filter. */
export function stagesOf(procedure: Procedure | undefined): readonly { readonly id: string; readonly name: string }[] {
  return (procedure?.stages ?? []).map((s) => ({ id: s.id, name: s.name }));
}
