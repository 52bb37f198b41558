/**
 * My work: what falls to the signed-in member of staff on the cases they may see (the deadlines
 * they owe, and the required steps they may take), grouped overdue, due today, due this week and
 * later (ADR 0024). Read from the work_items read model, never by replaying cases, so that it
 * costs one indexed query however many cases the partnership holds.
 */
import type { Kysely } from 'kysely';
import { WorkingCalendar, isoDate } from '../core/calendar/index.js';
import { DUE_GROUPS, dueGroupOf, dueWindow, type DueGroup } from '../core/engine/dueGroups.js';
import type { Procedure } from '../core/procedures/schema.js';
import { englandAndWalesRules } from '../holidays/englandAndWalesRules.js';
import type { Schema } from '../store/database.js';
import type { AuditLog } from './audit.js';
import type { CaseAccess } from './caseAccess.js';
import { notFound } from './errors.js';
import type { Partnerships } from './partnerships.js';
import { STAFF_ROLES, type Principal } from './principal.js';

/**
 * How a case is named to staff. The human reference (for example KENT-2026-0042) and the names
 * of the children the conference concerned arrive with children and case references: until then
 * `reference` is null and `children` empty, and a case is known by its id and its conference.
 * caseLabels() is the one place that fills them.
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

interface LabelRow {
  readonly case_id: string;
  readonly conference_id: string | null;
  readonly external_ref: string | null;
  readonly held_at: string | null;
}

/** What exists today to name a case by; the children and reference join here once they are recorded. */
export function caseLabel(row: LabelRow): CaseLabel {
  return {
    id: row.case_id,
    reference: null,
    children: [],
    conference: row.conference_id === null ? null : { id: row.conference_id, externalRef: row.external_ref, heldAt: row.held_at ?? '' },
  };
}

export class MyWorkService {
  private readonly calendars = new Map<string, { readonly version: number; readonly calendar: WorkingCalendar }>();

  constructor(
    private readonly db: Kysely<Schema>,
    private readonly access: CaseAccess,
    private readonly partnerships: Partnerships,
    private readonly procedures: ReadonlyMap<string, Procedure>,
    private readonly audit: AuditLog,
  ) {}

  /** The partnership's working calendar (bank holidays and its closure days), rebuilt when its closure days change. */
  private async calendarOf(partnershipId: string): Promise<{ calendar: WorkingCalendar; procedureId: string }> {
    const row = await this.db
      .selectFrom('partnerships')
      .select(['procedure_id', 'calendar_version'])
      .where('id', '=', partnershipId)
      .executeTakeFirst();
    if (row === undefined) throw notFound('partnership');
    const cached = this.calendars.get(partnershipId);
    if (cached?.version === row.calendar_version) return { calendar: cached.calendar, procedureId: row.procedure_id };
    const closures = await this.partnerships.closureDays(partnershipId);
    const calendar = WorkingCalendar.create({ closures, holidayRules: englandAndWalesRules });
    this.calendars.set(partnershipId, { version: row.calendar_version, calendar });
    return { calendar, procedureId: row.procedure_id };
  }

  /**
   * The work this person has on the open cases they may see: what falls to their role, less
   * what only the chair of another conference may do. At most `limit` items per group.
   */
  async of(principal: Principal, options: { readonly limit: number }, now: Date): Promise<MyWork> {
    const rows = await this.rows(principal)
      .where('work_items.role', '=', principal.role)
      .where((eb) => eb.or([eb('work_items.person_id', 'is', null), eb('work_items.person_id', '=', principal.id)]))
      .execute();
    return this.grouped(principal, rows, options, now);
  }

  /**
   * The open steps and deadlines due from colleagues on the partnership's cases, for someone who
   * keeps the case file and records steps for others (record-for-others, ADR 0030): what falls to
   * every other staff role, or to another person in one's own role, each with whom it is due from.
   */
  async ofColleagues(principal: Principal, options: { readonly limit: number }, now: Date): Promise<MyWork> {
    const staffRoles = STAFF_ROLES.filter((role) => role !== principal.role);
    const rows = await this.rows(principal)
      .where((eb) =>
        eb.or([
          eb('work_items.role', 'in', staffRoles),
          eb.and([
            eb('work_items.role', '=', principal.role),
            eb('work_items.person_id', 'is not', null),
            eb('work_items.person_id', '!=', principal.id),
          ]),
        ]),
      )
      .execute();
    return this.grouped(principal, rows, options, now, 'work.list-colleagues');
  }

  private rows(principal: Principal) {
    return this.db
      .selectFrom('work_items')
      .innerJoin('case_summary', 'case_summary.case_id', 'work_items.case_id')
      .leftJoin('conferences', 'conferences.id', 'case_summary.conference_id')
      .leftJoin('users', 'users.id', 'work_items.person_id')
      .select([
        'work_items.case_id',
        'work_items.kind',
        'work_items.item_id',
        'work_items.owner_title',
        'work_items.label',
        'work_items.stage',
        'work_items.deadline_id',
        'work_items.due_instant',
        'work_items.due_date',
        'work_items.due_display',
        'work_items.explanation',
        'work_items.clause',
        'case_summary.conference_id',
        'conferences.external_ref',
        'conferences.held_at',
        'work_items.person_id',
        'users.name as person_name',
      ])
      .where('work_items.partnership_id', '=', principal.partnershipId)
      .where('case_summary.status', '=', 'open')
      .where('work_items.case_id', 'in', this.access.visibleCaseIds(principal));
  }

  private async grouped(
    principal: Principal,
    rows: Awaited<ReturnType<ReturnType<MyWorkService['rows']>['execute']>>,
    options: { readonly limit: number },
    now: Date,
    audited = 'work.list',
  ): Promise<MyWork> {
    const { calendar, procedureId } = await this.calendarOf(principal.partnershipId);
    const procedure = this.procedures.get(procedureId);
    // Soonest due first, steps with no time limit last; the same order on either database.
    rows.sort(
      (a, b) =>
        compareDue(a.due_instant, b.due_instant) ||
        compareText(a.case_id, b.case_id) ||
        compareText(a.kind, b.kind) ||
        compareText(a.item_id, b.item_id),
    );
    const window = dueWindow(calendar, now);
    const grouped = new Map<DueGroup, WorkItem[]>(DUE_GROUPS.map((g) => [g, []]));
    for (const row of rows) {
      const due =
        row.due_instant === null || row.due_date === null || row.deadline_id === null
          ? null
          : {
              deadline: row.deadline_id,
              date: row.due_date,
              display: row.due_display ?? row.due_date,
              instant: row.due_instant,
              explanation: row.explanation ?? '',
            };
      const group: DueGroup =
        due === null ? 'later' : dueGroupOf(window, { dueInstant: new Date(due.instant), dueDate: isoDate(due.date) });
      grouped.get(group)?.push({
        case: caseLabel(row),
        kind: row.kind,
        id: row.item_id,
        step: row.label,
        stage: { id: row.stage, name: procedure?.stages.find((s) => s.id === row.stage)?.name ?? row.stage },
        owner: row.owner_title,
        dueFrom: row.person_name === null ? row.owner_title : `${row.person_name} (${row.owner_title})`,
        due,
        clause: row.clause,
      });
    }
    await this.audit.record({
      at: now,
      principal,
      action: audited,
      subjectType: 'partnership',
      subjectId: principal.partnershipId,
      outcome: 'ok',
    });
    return {
      today: window.today,
      weekEnds: window.weekEnds,
      groups: DUE_GROUPS.map((group) => {
        const items = grouped.get(group) ?? [];
        return { group, total: items.length, items: items.slice(0, options.limit) };
      }),
    };
  }
}

function compareDue(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

function compareText(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}
