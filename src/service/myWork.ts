/**
 * My work: what falls to the signed-in member of staff on the cases they may see (the deadlines
 * they owe, and the required steps they may take), grouped overdue, due today, due this week and
 * later (ADR 0024). Read from the work_items read model, never by replaying cases, so that it
 * costs one indexed query however many cases the partnership holds.
 */
import { type Compilable, type Expression, type ExpressionBuilder, type Kysely, type Selectable, type SqlBool } from 'kysely';
import { keepBounded, madeOnce } from '../core/bounded.js';
import { WorkingCalendar } from '../core/calendar/index.js';
import { DUE_GROUPS, dueWindow, type DueGroup, type DueWindow } from '../core/engine/dueGroups.js';
import type { Procedure } from '../core/procedures/schema.js';
import { englandAndWalesRules } from '../holidays/englandAndWalesRules.js';
import type { Schema, WorkItemsTable } from '../store/database.js';
import { prepareQuery, type PreparedQuery } from '../store/prepared.js';
import type { AuditLog } from './audit.js';
import type { CaseAccess } from './caseAccess.js';
import { Children } from './children.js';
import { notFound } from './errors.js';
import type { Partnerships } from './partnerships.js';
import { STAFF_ROLES, type Principal, type StaffRole } from './principal.js';

/**
 * How a case is named to staff: its human reference (for example KENT-2026-0042; null only for a
 * case stored before references existed), the names of the children its conference concerned, and
 * the conference.
 */
export interface CaseLabel {
  readonly id: string;
  readonly reference: string | null;
  readonly children: readonly { readonly name: string }[];
  readonly conference: { readonly id: string; readonly externalRef: string | null; readonly heldAt: string } | null;
}

export interface WorkItem {
  readonly case: CaseLabel;
  /** A deadline the person owes, or a required step they may take (whose deadline, if any, another role owes). */
  readonly kind: 'deadline' | 'step';
  /** The deadline rule's id, or the action's. */
  readonly id: string;
  /** The step's name as the procedure puts it to staff. */
  readonly step: string;
  readonly stage: { readonly id: string; readonly name: string };
  /** Who owes it, as the procedure names the role. */
  readonly owner: string;
  /** Who it is due from: the person, where one is named (the conference's chair), and the role (ADR 0030). */
  readonly dueFrom: string;
  /** When it is due, with the engine's plain-English explanation; null for a step no time limit applies to. */
  readonly due: {
    readonly deadline: string;
    readonly date: string;
    /** `YYYY-MM-DD`, or London `YYYY-MM-DDTHH:MM` for a limit in hours. */
    readonly display: string;
    readonly instant: string;
    readonly explanation: string;
  } | null;
  readonly clause: string;
}

/** How much of the work to read: the first `limit` of each group, or of one group after `offset`. */
export interface WorkOptions {
  readonly limit: number;
  readonly offset?: number;
  readonly group?: DueGroup;
}

export interface WorkGroup {
  readonly group: DueGroup;
  /** How many fall in the group; `items` holds the first `limit` of them, soonest due first (steps with no time limit last). */
  readonly total: number;
  readonly items: readonly WorkItem[];
}

export interface MyWork {
  /** Today's London date, and the last date counted as this week (the fifth working day after today). */
  readonly today: string;
  readonly weekEnds: string;
  readonly groups: readonly WorkGroup[];
}

/** What is due from colleagues (ADR 0030) as one list, soonest first: a page of it and how many there are in all. */
export interface ColleaguesWork {
  readonly today: string;
  readonly weekEnds: string;
  readonly total: number;
  readonly items: readonly (WorkItem & { readonly overdue: boolean })[];
}

interface LabelRow {
  readonly case_id: string;
  readonly conference_id: string | null;
  readonly external_ref: string | null;
  readonly held_at: string | null;
}

/** A work item read with its case's reference and conference and the name of the person it is due from. */
interface JoinedRow
  extends
    LabelRow,
    Pick<
      Selectable<WorkItemsTable>,
      | 'kind'
      | 'item_id'
      | 'owner_title'
      | 'label'
      | 'stage'
      | 'deadline_id'
      | 'due_instant'
      | 'due_date'
      | 'due_display'
      | 'explanation'
      | 'clause'
    > {
  readonly conference_id: string;
  readonly reference: string | null;
  readonly person_name: string | null;
}

/** A case's name from its summary row; of() adds the case's reference and its conference's children. */
export function caseLabel(row: LabelRow): CaseLabel {
  return {
    id: row.case_id,
    reference: null,
    children: [],
    conference: row.conference_id === null ? null : { id: row.conference_id, externalRef: row.external_ref, heldAt: row.held_at ?? '' },
  };
}

/** A row as a work item, its case named with its reference and its conference's children. */
function workItemOf(
  row: JoinedRow,
  children: ReadonlyMap<string, readonly { readonly name: string }[]>,
  procedure: Procedure | undefined,
): WorkItem {
  return {
    case: {
      ...caseLabel(row),
      reference: row.reference,
      children: (children.get(row.conference_id) ?? []).map((c) => ({ name: c.name })),
    },
    kind: row.kind,
    id: row.item_id,
    step: row.label,
    stage: { id: row.stage, name: procedure?.stages.find((s) => s.id === row.stage)?.name ?? row.stage },
    owner: row.owner_title,
    dueFrom: row.person_name === null ? row.owner_title : `${row.person_name} (${row.owner_title})`,
    due:
      row.due_instant === null || row.due_date === null || row.deadline_id === null
        ? null
        : {
            deadline: row.deadline_id,
            date: row.due_date,
            display: row.due_display ?? row.due_date,
            instant: row.due_instant,
            explanation: row.explanation ?? '',
          },
    clause: row.clause,
  };
}

/** The values a work query runs with; each query is built once per shape, with markers in their place. */
interface Bound {
  readonly partnershipId: string;
  readonly personId: string;
  readonly now: string;
  readonly today: string;
  readonly weekEnds: string;
}
type BoundField = keyof Bound;

/** Markers as the values named; any other value, asked for while building, is a mistake in the query's `uses`. */
function boundOf(fields: readonly BoundField[], markers: readonly never[]): Bound {
  const bound = {} as Record<BoundField, unknown>;
  for (const field of ['partnershipId', 'personId', 'now', 'today', 'weekEnds'] as const) {
    const index = fields.indexOf(field);
    Object.defineProperty(bound, field, {
      get: () => {
        if (index === -1) throw new Error(`work query: ${field} is used but not declared`);
        return markers[index];
      },
    });
  }
  return bound as unknown as Bound;
}

/** Whose work: the person's own, or their colleagues' (ADR 0030). */
type Owed = 'own' | 'colleagues';

/** Colleagues' work in its two disjoint parts: every other staff role's, and others' in one's own role. */
type ColleaguesPart = 'other-roles' | 'own-role';
const COLLEAGUES_PARTS: Readonly<
  Record<ColleaguesPart, (eb: ExpressionBuilder<Schema, 'work_items'>, role: StaffRole, b: Bound) => Expression<SqlBool>>
> = {
  'other-roles': (eb, role) =>
    eb(
      'work_items.role',
      'in',
      STAFF_ROLES.filter((other) => other !== role),
    ),
  'own-role': (eb, role, b) =>
    eb.and([eb('work_items.role', '=', role), eb('work_items.person_id', 'is not', null), eb('work_items.person_id', '!=', b.personId)]),
};

/** What a person's work queries need to know, worked out once a request: the procedure, this week, the values they run with. */
interface Scope {
  readonly procedure: Procedure | undefined;
  readonly window: DueWindow;
  readonly bound: Bound;
  /** The partnership's work version as read for this request (ADR 0042). */
  readonly workVersion: number;
}

/** A range of work items by due date, named for the query it shapes, with the values it reads. */
interface Range {
  readonly name: string;
  readonly uses: readonly BoundField[];
  readonly where: (eb: ExpressionBuilder<Schema, 'work_items'>, b: Bound) => Expression<SqlBool>;
}

/** The groups as dueGroupOf() draws them, as ranges the due-order indexes walk (the same groups as the count's). */
const GROUP_RANGES: Readonly<Record<Exclude<DueGroup, 'later'>, Range>> = {
  overdue: { name: 'overdue', uses: ['now'], where: (eb, b) => eb('work_items.due_instant', '<=', b.now) },
  today: {
    name: 'today',
    uses: ['now', 'today'],
    where: (eb, b) => eb.and([eb('work_items.due_instant', '>', b.now), eb('work_items.due_date', '<=', b.today)]),
  },
  'this-week': {
    name: 'this-week',
    uses: ['now', 'today', 'weekEnds'],
    where: (eb, b) =>
      eb.and([
        eb('work_items.due_instant', '>', b.now),
        eb('work_items.due_date', '>', b.today),
        eb('work_items.due_date', '<=', b.weekEnds),
      ]),
  },
};
const UNDATED_RANGE: Range = { name: 'undated', uses: [], where: (eb) => eb('work_items.due_instant', 'is', null) };
/** "Later": its dated run, then its run with no time limit. */
const LATER_RUNS = {
  dated: {
    name: 'later-dated',
    uses: ['now', 'weekEnds'],
    where: (eb, b) => eb.and([eb('work_items.due_instant', '>', b.now), eb('work_items.due_date', '>', b.weekEnds)]),
  },
  undated: UNDATED_RANGE,
} as const satisfies Record<string, Range>;
/** Colleagues' work, one list: every dated item, then those with no time limit. */
const COLLEAGUE_RUNS = {
  dated: { name: 'dated', uses: [], where: (eb) => eb('work_items.due_instant', 'is not', null) },
  undated: UNDATED_RANGE,
} as const satisfies Record<string, Range>;

/** The column of the own-work counts query that holds the soonest due instant still to come. */
const NEXT_DUE = 'next_due';

interface ColleagueCounts {
  readonly total: number;
  readonly dated: number;
}

/** How many people's counts an instance keeps; those counted longest ago go first. */
const COUNTED_PEOPLE = 5000;
/** How many pages of work items an instance keeps (a page is at most a few dozen rows); those read longest ago go first. */
const KEPT_PAGES = 2000;

/** What was counted of a person's own work, and what it holds for: the work version, today, the week, and from when until when. */
interface OwnCounted {
  readonly workVersion: number;
  readonly today: string;
  readonly weekEnds: string;
  /** The time it was counted at: before it (a clock set back), an item counted overdue may not be. */
  readonly from: string;
  readonly until: string | null;
  readonly counts: ReadonlyMap<string, number>;
}

/** What was counted of a person's colleagues' work, and the work version it holds for. */
interface ColleaguesCounted {
  readonly workVersion: number;
  readonly counts: ColleagueCounts;
}

/**
 * What was last counted of each person's work in this instance, with what it holds for (ADR 0042),
 * and the pages of work items read while it held.
 *
 * Counts follow only from the partnership's work items and who may see which case, all rewritten
 * in the transaction that raises the partnership's work version, and from the time: the own
 * counts hold for the same today and week, from the time they were counted at until the soonest
 * due instant then still to come; colleagues' counts (a total, and how many are dated) do not depend on the time.
 *
 * A page of items holds exactly as long as the counts it was read under: the own pages' ranges
 * are drawn by today, the week and the time, and no item crosses from one range to another before
 * the soonest due instant still to come; colleagues' pages do not depend on the time (whether an
 * item is overdue is worked out when it is shown). What a page shows of each case besides its work
 * item (its reference, its conference and children, the name of the person it is due from) cannot
 * change once the case is raised: a conference with a challenge raised against it is not changed,
 * and staff names are not. So each page is kept against the very counts it was read under, and is
 * read again once those are counted again.
 */
class CountedWork {
  private readonly ownCounts = new Map<string, OwnCounted>();
  private readonly colleagueCounts = new Map<string, ColleaguesCounted>();
  private readonly pages = new Map<string, { readonly under: OwnCounted | ColleaguesCounted; readonly rows: readonly JoinedRow[] }>();

  own(principal: Principal, workVersion: number, b: Bound): OwnCounted | undefined {
    const held = this.ownCounts.get(keyOf(principal));
    if (held?.workVersion !== workVersion || held.today !== b.today || held.weekEnds !== b.weekEnds) return undefined;
    if (b.now < held.from || (held.until !== null && b.now >= held.until)) return undefined;
    return held;
  }

  keepOwn(principal: Principal, workVersion: number, b: Bound, until: string | null, counts: ReadonlyMap<string, number>): OwnCounted {
    const counted = { workVersion, today: b.today, weekEnds: b.weekEnds, from: b.now, until, counts };
    keepBounded(this.ownCounts, keyOf(principal), counted, COUNTED_PEOPLE);
    return counted;
  }

  colleagues(principal: Principal, workVersion: number): ColleaguesCounted | undefined {
    const held = this.colleagueCounts.get(keyOf(principal));
    return held?.workVersion === workVersion ? held : undefined;
  }

  keepColleagues(principal: Principal, workVersion: number, counts: ColleagueCounts): ColleaguesCounted {
    const counted = { workVersion, counts };
    keepBounded(this.colleagueCounts, keyOf(principal), counted, COUNTED_PEOPLE);
    return counted;
  }

  /** The page as read while `under` held (`under` being what holds now), or undefined. */
  page(principal: Principal, page: string, under: OwnCounted | ColleaguesCounted): readonly JoinedRow[] | undefined {
    const held = this.pages.get(`${keyOf(principal)}\u0000${page}`);
    return held?.under === under ? held.rows : undefined;
  }

  keepPage(principal: Principal, page: string, under: OwnCounted | ColleaguesCounted, rows: readonly JoinedRow[]): void {
    keepBounded(this.pages, `${keyOf(principal)}\u0000${page}`, { under, rows }, KEPT_PAGES);
  }
}

/** Whose counts: the person in their role in their partnership (a role decides what is theirs and which cases they see). */
const keyOf = (principal: Principal) => `${principal.partnershipId}\u0000${principal.role}\u0000${principal.id}`;

export class MyWorkService {
  private readonly calendars = new Map<string, { readonly version: number; readonly calendar: WorkingCalendar }>();
  private readonly prepared = new Map<string, PreparedQuery<unknown[], unknown>>();
  /** What was counted of each person's work, and for how long it holds (ADR 0042). */
  private readonly counted = new CountedWork();
  /** Each kept page of rows made into work items, for as long as the page is kept (itemsOf). */
  private readonly madeItems = new WeakMap<
    readonly JoinedRow[],
    { readonly procedure: Procedure | undefined; readonly items: readonly WorkItem[] }
  >();
  /** Each colleague's item with whether it is overdue, both ways (overdueOrNot). */
  private readonly withOverdue = new WeakMap<
    WorkItem,
    readonly [WorkItem & { readonly overdue: false }, WorkItem & { readonly overdue: true }]
  >();
  private readonly partnershipRow: PreparedQuery<
    [id: string],
    { procedure_id: string; calendar_version: number; work_version: number | null }
  >;

  constructor(
    private readonly db: Kysely<Schema>,
    private readonly access: CaseAccess,
    private readonly partnerships: Partnerships,
    private readonly procedures: ReadonlyMap<string, Procedure>,
    private readonly audit: AuditLog,
  ) {
    this.partnershipRow = prepareQuery(db, 1, (q, id: never) =>
      q
        .selectFrom('partnerships')
        .leftJoin('work_versions', 'work_versions.partnership_id', 'partnerships.id')
        .select(['partnerships.procedure_id', 'partnerships.calendar_version', 'work_versions.version as work_version'])
        .where('partnerships.id', '=', id),
    );
  }

  /** The partnership's working calendar (bank holidays and its closure days), rebuilt when its closure days change. */
  private async calendarOf(partnershipId: string): Promise<{ calendar: WorkingCalendar; procedureId: string; workVersion: number }> {
    const row = await this.partnershipRow.executeTakeFirst(partnershipId);
    if (row === undefined) throw notFound('partnership');
    const workVersion = row.work_version ?? 0;
    const cached = this.calendars.get(partnershipId);
    if (cached?.version === row.calendar_version) return { calendar: cached.calendar, procedureId: row.procedure_id, workVersion };
    const closures = await this.partnerships.closureDays(partnershipId);
    const calendar = WorkingCalendar.create({ closures, holidayRules: englandAndWalesRules });
    this.calendars.set(partnershipId, { version: row.calendar_version, calendar });
    return { calendar, procedureId: row.procedure_id, workVersion };
  }

  /**
   * The work this person has on the open cases they may see: what falls to their role, less
   * what only the chair of another conference may do. Each group is counted, and its first `limit`
   * items (after `offset`, for a page of one group) read, by the database: the cost is the page
   * shown, not the partnership's size. With `group`, only that group's items are read.
   */
  async of(principal: Principal, options: WorkOptions, now: Date): Promise<MyWork> {
    return this.ownWork(principal, options, await this.scope(principal, now), now);
  }

  /**
   * My work's first page: the person's own work and, for whoever records steps for others, what is
   * due from colleagues, the first `limit` of each. The partnership's calendar and this week are
   * worked out once for both, and both are read at once (their audit entries share a commit).
   */
  async home(
    principal: Principal,
    limit: number,
    now: Date,
    withColleagues: boolean,
  ): Promise<{ readonly work: MyWork; readonly colleagues: ColleaguesWork | null }> {
    const scope = await this.scope(principal, now);
    const [work, colleagues] = await Promise.all([
      this.ownWork(principal, { limit }, scope, now),
      withColleagues ? this.colleaguesWork(principal, { limit }, scope, now) : null,
    ]);
    return { work, colleagues };
  }

  private async ownWork(principal: Principal, options: WorkOptions, scope: Scope, now: Date): Promise<MyWork> {
    const { procedure, window, bound } = scope;
    // Each group counted as the range its page walks (GROUP_RANGES, LATER_RUNS), an index range each:
    // the same groups as dueGroupOf() draws, with "later" counted in its two runs, dated and with no
    // time limit, as it is read. Counting ranges reads only the index; grouping by a computed group
    // sorted every item.
    const counted = await this.ownCounts(principal, scope);
    const runs = counted.counts;
    const countOf = (range: Range) => runs.get(range.name) ?? 0;
    const undated = countOf(LATER_RUNS.undated);
    const totals = new Map<DueGroup, number>(
      DUE_GROUPS.map((group) => [group, group === 'later' ? countOf(LATER_RUNS.dated) + undated : countOf(GROUP_RANGES[group])]),
    );
    const wanted = DUE_GROUPS.filter((group) => (options.group === undefined || options.group === group) && (totals.get(group) ?? 0) > 0);
    const offset = options.offset ?? 0;
    const page = (range: Range, limit: number, from: number) =>
      this.keptPage(principal, counted, `own:${range.name}:${String(limit)}:${String(from)}`, () =>
        this.page('own', principal.role, bound, range, limit, from),
      );
    const read = await Promise.all(
      wanted.map(async (group) => {
        const total = totals.get(group) ?? 0;
        if (group !== 'later') return [group, [await page(GROUP_RANGES[group], options.limit, offset)]] as const;
        return [group, await this.runs(page, { total, dated: total - undated }, options.limit, offset, LATER_RUNS)] as const;
      }),
    );
    // One read of the children for every group's cases not already made items.
    const made = await this.itemsOf(
      read.flatMap(([, pages]) => pages),
      procedure,
    );
    const items = new Map<DueGroup, readonly WorkItem[]>();
    let start = 0;
    for (const [group, pages] of read) {
      items.set(group, made.slice(start, start + pages.length).flat());
      start += pages.length;
    }
    await this.audited(principal, 'work.list', now);
    return {
      today: window.today,
      weekEnds: window.weekEnds,
      groups: DUE_GROUPS.map((group) => ({ group, total: totals.get(group) ?? 0, items: items.get(group) ?? [] })),
    };
  }

  /**
   * The open steps and deadlines due from colleagues on the cases this person may see, for someone
   * who keeps the case file and records steps for others (record-for-others, ADR 0030): what falls
   * to every other staff role, or to another person in one's own role, each with whom it is due
   * from. One list, soonest due first (steps with no time limit last), counted and read a page at a
   * time by the database.
   */
  async ofColleagues(
    principal: Principal,
    options: { readonly limit: number; readonly offset?: number },
    now: Date,
  ): Promise<ColleaguesWork> {
    return this.colleaguesWork(principal, options, await this.scope(principal, now), now);
  }

  private async colleaguesWork(
    principal: Principal,
    options: { readonly limit: number; readonly offset?: number },
    scope: Scope,
    now: Date,
  ): Promise<ColleaguesWork> {
    const { procedure, window, bound } = scope;
    // Counted as a whole and as its dated part: the dated run is read first, then the run with no
    // time limit. Counted in its two disjoint parts (the other roles; others in one's own role),
    // each an index range: as one condition with "or", the whole partnership's items were read.
    const counted = await this.colleagueCounts(principal, scope);
    const { total, dated } = counted.counts;
    const page = (range: Range, limit: number, from: number) =>
      this.keptPage(principal, counted, `colleagues:${range.name}:${String(limit)}:${String(from)}`, () =>
        this.page('colleagues', principal.role, bound, range, limit, from),
      );
    const items = (
      await this.itemsOf(await this.runs(page, { total, dated }, options.limit, options.offset ?? 0, COLLEAGUE_RUNS), procedure)
    ).flat();
    await this.audited(principal, 'work.list-colleagues', now);
    return {
      today: window.today,
      weekEnds: window.weekEnds,
      total,
      items: items.map((item) => this.overdueOrNot(item, item.due !== null && item.due.instant <= bound.now)),
    };
  }

  /**
   * How many of the person's own items fall in each range GROUP_RANGES and LATER_RUNS draw: counted
   * by the database (each an index range), or as last counted while that still holds (ADR 0042):
   * the partnership's work unchanged since, the same today and week, and no item's due instant
   * reached since (the soonest one still to come is read with the counts).
   */
  private async ownCounts(principal: Principal, { bound, workVersion }: Scope): Promise<OwnCounted> {
    const held = this.counted.own(principal, workVersion, bound);
    if (held !== undefined) return held;
    const ranges: readonly Range[] = [...Object.values(GROUP_RANGES), LATER_RUNS.dated, LATER_RUNS.undated];
    const [row] = await this.query('own', principal.role, 'groups', ['now', 'today', 'weekEnds'], 0, bound, [], (b) =>
      this.db.selectNoFrom([
        ...ranges.map((range) =>
          this.owed('own', principal.role, b)
            .where((eb) => range.where(eb, b))
            .select((eb) => eb.fn.countAll<number | string>().as('n'))
            .as(range.name),
        ),
        this.owed('own', principal.role, b)
          .where('work_items.due_instant', '>', b.now)
          .select('work_items.due_instant')
          .orderBy('work_items.due_instant')
          .limit(1)
          .as(NEXT_DUE),
      ]),
    );
    const values = row as Readonly<Record<string, number | string | null>> | undefined;
    const counts = new Map(ranges.map((range) => [range.name, Number(values?.[range.name] ?? 0)]));
    const nextDue = values?.[NEXT_DUE] ?? null;
    // Due instants are stored as ISO text (toISOString), which orders as the instants do.
    if (nextDue !== null && typeof nextDue !== 'string') throw new Error(`work items: a due instant read as ${typeof nextDue}, not text`);
    return this.counted.keepOwn(principal, workVersion, bound, nextDue, counts);
  }

  /**
   * How many items are due from colleagues, and how many of them have a time limit: counted by
   * the database in the two disjoint parts COLLEAGUES_PARTS draws (as one condition with "or", the
   * whole partnership's items were read), or as last counted if the partnership's work is
   * unchanged since (ADR 0042). The counts do not depend on the time.
   */
  private async colleagueCounts(principal: Principal, { bound, workVersion }: Scope): Promise<ColleaguesCounted> {
    const held = this.counted.colleagues(principal, workVersion);
    if (held !== undefined) return held;
    const parts = await this.query('colleagues', principal.role, 'count', [], 0, bound, [], (b) => {
      const counts = (part: ColleaguesPart) =>
        this.owed(part, principal.role, b).select((eb) => [
          eb.fn.countAll<number | string>().as('n'),
          eb.fn.count<number | string>('work_items.due_instant').as('dated'),
        ]);
      return counts('other-roles').unionAll(counts('own-role'));
    });
    const counts = {
      total: parts.reduce((sum, part) => sum + Number(part.n), 0),
      dated: parts.reduce((sum, part) => sum + Number(part.dated), 0),
    };
    return this.counted.keepColleagues(principal, workVersion, counts);
  }

  /** The partnership's procedure, this week, and the values the person's work queries run with. */
  private async scope(principal: Principal, now: Date): Promise<Scope> {
    const { calendar, procedureId, workVersion } = await this.calendarOf(principal.partnershipId);
    const window = dueWindow(calendar, now);
    const bound: Bound = {
      partnershipId: principal.partnershipId,
      personId: principal.id,
      now: now.toISOString(),
      today: window.today,
      weekEnds: window.weekEnds,
    };
    return { procedure: this.procedures.get(procedureId), window, bound, workVersion };
  }

  /**
   * The work items of the partnership owed by the person (`own`) or by their colleagues, on the
   * cases they may see. Work items exist only for open cases: the read model rewrites them on every
   * event, and a case no longer open has none (engine.work), so no join to the case's status is needed.
   */
  private owed(whose: Owed | ColleaguesPart, role: StaffRole, b: Bound) {
    let mine = this.db
      .selectFrom('work_items')
      .where('work_items.partnership_id', '=', b.partnershipId)
      .where((eb) => {
        const part = (name: ColleaguesPart) => COLLEAGUES_PARTS[name](eb, role, b);
        if (whose === 'colleagues') return eb.or([part('other-roles'), part('own-role')]);
        if (whose !== 'own') return part(whose);
        return eb.and([
          eb('work_items.role', '=', role),
          eb.or([eb('work_items.person_id', 'is', null), eb('work_items.person_id', '=', b.personId)]),
        ]);
      });
    const seated = this.access.seatedCaseIds({ kind: 'user', id: b.personId, role, partnershipId: b.partnershipId });
    if (seated !== undefined) mine = mine.where('work_items.case_id', 'in', seated);
    return mine;
  }

  /**
   * Runs a work query built once for its shape (whose work, the role, which query) with markers in
   * place of its values, and compiled once (src/store/prepared.ts): building and compiling these
   * queries cost more than running them. `uses` names the values the query reads besides the
   * partnership and the person; `extra` how many more it takes (a limit and an offset).
   */
  private async query<Row>(
    owed: Owed,
    role: StaffRole,
    name: string,
    uses: readonly BoundField[],
    extra: number,
    values: Bound,
    extraValues: readonly unknown[],
    build: (b: Bound, ...extra: never[]) => Compilable<Row>,
  ): Promise<Row[]> {
    const key = `${owed}:${role}:${name}`;
    const fields: readonly BoundField[] = ['partnershipId', 'personId', ...uses];
    let prepared = this.prepared.get(key) as PreparedQuery<unknown[], Row> | undefined;
    if (prepared === undefined) {
      prepared = prepareQuery<Schema, unknown[], Row>(this.db, fields.length + extra, (_db, ...markers) =>
        build(boundOf(fields, markers), ...markers.slice(fields.length)),
      );
      this.prepared.set(key, prepared);
    }
    return prepared.execute(...fields.map((field) => values[field]), ...extraValues);
  }

  /**
   * A page of work items as read while `under` (what was counted of that work) still holds, or read
   * now and kept with it (ADR 0042): a page costs a read only after the work it shows has changed.
   */
  private async keptPage(
    principal: Principal,
    under: OwnCounted | ColleaguesCounted,
    name: string,
    read: () => Promise<readonly JoinedRow[]>,
  ): Promise<readonly JoinedRow[]> {
    const held = this.counted.page(principal, name, under);
    if (held !== undefined) return held;
    const rows = await read();
    this.counted.keepPage(principal, name, under, rows);
    return rows;
  }

  /**
   * A page of the person's (or colleagues') work items within `range`, soonest due first: their
   * keys read as an index range in due order and stopped at the page (the index alone answers it,
   * migration 0017), then only those rows read whole, joined to their cases, conferences and the
   * person each is due from.
   */
  private async page(owed: Owed, role: StaffRole, values: Bound, range: Range, limit: number, offset: number): Promise<JoinedRow[]> {
    return this.query(owed, role, `page:${range.name}`, range.uses, 2, values, [limit, offset], (b, pageSize: never, skip: never) => {
      const keys = this.owed(owed, role, b)
        .select(['work_items.case_id', 'work_items.kind', 'work_items.item_id', 'work_items.role'])
        .where((eb) => range.where(eb, b))
        .orderBy('work_items.due_instant')
        .orderBy('work_items.case_id')
        .orderBy('work_items.kind')
        .orderBy('work_items.item_id')
        .limit(pageSize)
        .offset(skip);
      return this.db
        .selectFrom(keys.as('k'))
        .innerJoin('work_items as w', (join) =>
          join
            .onRef('w.case_id', '=', 'k.case_id')
            .onRef('w.kind', '=', 'k.kind')
            .onRef('w.item_id', '=', 'k.item_id')
            .onRef('w.role', '=', 'k.role'),
        )
        .innerJoin('cases', 'cases.case_id', 'w.case_id')
        .leftJoin('conferences', 'conferences.id', 'cases.conference_id')
        .leftJoin('users', 'users.id', 'w.person_id')
        .select([
          'w.case_id',
          'w.kind',
          'w.item_id',
          'w.owner_title',
          'w.label',
          'w.stage',
          'w.deadline_id',
          'w.due_instant',
          'w.due_date',
          'w.due_display',
          'w.explanation',
          'w.clause',
          'cases.conference_id',
          'conferences.external_ref',
          'conferences.held_at',
          'cases.reference',
          'users.name as person_name',
        ])
        .orderBy('w.due_instant')
        .orderBy('w.case_id')
        .orderBy('w.kind')
        .orderBy('w.item_id');
    });
  }

  /**
   * A page of a list that is a dated run (soonest first) followed by a run with no time limit (in
   * case order): each run read as its own index range, so that neither is sorted whole (SQLite and
   * PostgreSQL also place nulls differently).
   */
  private async runs(
    page: (range: Range, limit: number, offset: number) => Promise<readonly JoinedRow[]>,
    counts: { readonly total: number; readonly dated: number },
    limit: number,
    offset: number,
    range: { readonly dated: Range; readonly undated: Range },
  ): Promise<readonly (readonly JoinedRow[])[]> {
    const fromDated = Math.max(0, Math.min(limit, counts.dated - offset));
    const fromUndated = Math.min(limit - fromDated, Math.max(0, counts.total - Math.max(offset, counts.dated)));
    const [dated, undated] = await Promise.all([
      fromDated === 0 ? [] : page(range.dated, fromDated, offset),
      fromUndated === 0 ? [] : page(range.undated, fromUndated, Math.max(0, offset - counts.dated)),
    ]);
    return [dated, undated];
  }

  /**
   * Each page of rows as work items, each case named with its reference and its conference's
   * children: one read of the children for every page not made into items before. A page kept by
   * the counts (keptPage) is the same array until the partnership's work moves on, so its items
   * are kept with it (the children of a conference with a case never change: ADR 0044), and are
   * the same objects each time, which the pages' rows are kept by in turn.
   */
  private async itemsOf(pages: readonly (readonly JoinedRow[])[], procedure: Procedure | undefined): Promise<(readonly WorkItem[])[]> {
    const missing = pages.filter((rows) => this.madeItems.get(rows)?.procedure !== procedure);
    if (missing.length > 0) {
      const children = await new Children(this.db).ofConferences(missing.flatMap((rows) => rows.map((row) => row.conference_id)));
      for (const rows of missing) this.madeItems.set(rows, { procedure, items: rows.map((row) => workItemOf(row, children, procedure)) });
    }
    return pages.map((rows) => this.madeItems.get(rows)?.items ?? []);
  }

  /** A colleague's item with whether it is overdue: the same object each time for the same item and answer. */
  private overdueOrNot(item: WorkItem, overdue: boolean): WorkItem & { readonly overdue: boolean } {
    const both = madeOnce(
      this.withOverdue,
      item,
      () =>
        [
          { ...item, overdue: false as const },
          { ...item, overdue: true as const },
        ] as const,
    );
    return both[overdue ? 1 : 0];
  }

  private async audited(principal: Principal, action: string, now: Date): Promise<void> {
    await this.audit.record({ at: now, principal, action, subjectType: 'partnership', subjectId: principal.partnershipId, outcome: 'ok' });
  }
}
