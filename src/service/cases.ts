/**
 * Challenge cases: raise one against a recorded conference, read it (stage, deadlines, what the
 * reader may do now, letters due, timeline), and act on it against the version the user saw.
 * Every read is audited; every change is an event with its actor and time.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { keepBounded } from '../core/bounded.js';
import { WorkingCalendar, formatLondonLong, londonDateOf, type DeliveryMethod, type IsoDate } from '../core/calendar/index.js';
import { createEngine, type CaseEngine } from '../core/engine/engine.js';
import { isFact, occurredAtOf as occurredAtOfFact } from '../core/engine/facts.js';
import { changeRefusal, changesOf, factAt, targetRefusal, whenText, type HistoryEntry } from '../core/engine/history.js';
import {
  INITIAL_STATE,
  type ActionDetails,
  type FactChange,
  type Actor,
  type ActorRef,
  type PanelMember,
  type Advocate,
  type CaseEvent,
  type CaseState,
  type Command,
  type Complainant,
  type RaisedCase,
} from '../core/engine/model.js';
import type { ProcedureRegistry } from '../core/procedures/registry.js';
import type { ActionDefinition, AgencyKind, Aspect, CaseFlag, Procedure } from '../core/procedures/schema.js';
import { englandAndWalesRules } from '../holidays/englandAndWalesRules.js';
import type { Schema } from '../store/database.js';
import { StaleVersionError, type EventStore } from '../store/eventStore.js';
import { prepareQuery } from '../store/prepared.js';
import { nextReference } from '../store/caseReferences.js';
import { caseProjector, type CaseContext } from '../store/readModels.js';
import { KeptDirectories } from './keptDirectories.js';
import type { AuditLog } from './audit.js';
import type { CaseAccess } from './caseAccess.js';
import { listCases, stagesOf, type CaseListPage, type CaseListQuery } from './caseList.js';
import type { Conferences } from './conferences.js';
import type { Partnerships } from './partnerships.js';
import type { People } from './people.js';
import type { StaffAccounts } from './staffAccounts.js';
import { ServiceError, notFound, type FieldIssue } from './errors.js';
import { may, mayCorrectRecordOf, type Permission } from './permissions.js';
import { isStaffRole, type Principal } from './principal.js';

export interface RaiseInput {
  readonly conferenceId: string;
  readonly track: 'family' | 'professional-dissent';
  readonly subject: 'conference' | 'agency';
  readonly complainant: Complainant;
  readonly aspects: readonly Aspect[];
  readonly receivedAt: Date;
  readonly flags?: readonly CaseFlag[];
  readonly localArea?: string;
  readonly advocate?: Advocate;
  /** The case's social worker, team manager and so on: they and their line managers may not sit on its panels. */
  readonly caseWorkerIds?: readonly string[];
  readonly summary?: string;
  /** How the challenge reached the partnership (email, post, in person, by phone...). */
  readonly receivedBy?: DeliveryMethod;
}

/** What the raise pages add to a raise (the API offers neither). */
export interface RaiseOptions {
  /**
   * The new case's id, chosen by the caller so that a repeated request finds the case the first
   * one raised rather than raising another (the raise pages' confirm button, ADR 0029).
   */
  readonly caseId?: string;
  /** Decisions on late arrivals the raise reveals, taken with it so that the case and the decisions are saved together. */
  readonly lateDecisions?: readonly { readonly deadline: string; readonly accept: boolean; readonly reason: string }[];
}

/** A time limit the challenge arrived after, which the procedure lets named roles waive (see previewRaise). */
export interface LateOnArrival {
  readonly deadline: string;
  readonly due: IsoDate;
  readonly clause: string;
  /** The procedure's role ids that may decide whether to accept it. */
  readonly decidedBy: readonly string[];
}

/**
 * A panel member as a request names them: who, and in what role on the panel. Their name, agency,
 * seniority and partnership membership come from the directory; a request may state them, and is
 * refused if it contradicts the directory (ADR 0014).
 */
export interface PanelMemberRequest {
  readonly personId: string;
  readonly role: PanelMember['role'];
  readonly name?: string;
  readonly agency?: AgencyKind;
  readonly partnershipAgency?: boolean;
  readonly senior?: boolean;
  /** The member's own declaration of line management for the case, beyond what the directory records. */
  readonly declaresLineManagement?: boolean;
}

export type ActionDetailsInput =
  Exclude<ActionDetails, { readonly kind: 'panel' }> | { readonly kind: 'panel'; readonly members: readonly PanelMemberRequest[] };

export interface ActOptions {
  /**
   * Writes that must commit with the action or not at all (a letter's frozen copy, ADR 0032):
   * run inside the append's transaction after the read models, given the case as it will be.
   * Whatever it throws rolls the action back and reaches the caller.
   */
  readonly within?: (trx: Transaction<Schema>, stateAfter: CaseState) => Promise<void>;
}

export type ActInput = { readonly expectedVersion: number } & (
  | {
      readonly type: 'perform';
      readonly action: string;
      readonly occurredAt?: Date;
      readonly details: ActionDetailsInput;
      /** The member of staff who took the step, when someone else records it for them (ADR 0030). */
      readonly takenBy?: string;
    }
  | { readonly type: 'minutes-sent'; readonly sentAt: Date; readonly method: DeliveryMethod }
  | { readonly type: 'receipt'; readonly milestone: string; readonly receivedOn: IsoDate }
  | {
      readonly type: 'late-arrival';
      readonly deadline: string;
      readonly accept: boolean;
      readonly reason: string;
      readonly occurredAt?: Date;
    }
  | { readonly type: 'limitation'; readonly flag: CaseFlag; readonly proceed: boolean; readonly reason: string; readonly occurredAt?: Date }
  | { readonly type: 'withdraw'; readonly reason: string; readonly occurredAt?: Date }
  | {
      readonly type: 'correct';
      readonly target: number;
      readonly reason: string;
      readonly occurredAt?: Date;
      readonly details?: ActionDetailsInput;
      readonly receivedOn?: IsoDate;
      readonly method?: DeliveryMethod;
    }
  | { readonly type: 'void'; readonly target: number; readonly reason: string }
  | { readonly type: 'book'; readonly action: string; readonly bookedFor: Date; readonly reason?: string }
  | {
      readonly type: 'change-facts';
      readonly reason: string;
      readonly caseWorkerIds?: readonly string[];
      readonly flags?: readonly CaseFlag[];
    }
  | {
      readonly type: 'declare';
      readonly personId: string;
      readonly independent: boolean;
      readonly reason?: string;
      readonly occurredAt?: Date;
    }
);

interface Loaded {
  readonly engine: CaseEngine;
  readonly partnershipId: string;
  readonly conferenceId: string;
  /** The human reference (ADR 0022). */
  readonly reference: string | null;
  readonly events: readonly CaseEvent[];
  readonly state: CaseState;
  /** The facts in the order they happened, with their corrections and voids (ADR 0015). */
  readonly history: readonly HistoryEntry[];
  /** The engine whose replay gave state and history: one for an older calendar is not continued, but replayed afresh. */
  readonly replayedBy: CaseEngine;
  /** The partnership's directory version, read with the case (ADR 0049). */
  readonly directoryVersion: number;
}

const CACHE_LIMIT = 2000;

/**
 * What an action on a case needs beyond acting on cases at all. The procedure decides who may
 * take each of its own actions; these two are the product's, not the procedure's.
 */
const PERMISSION_FOR: Partial<Record<ActInput['type'], Permission>> = {
  'minutes-sent': 'record-conference',
  withdraw: 'withdraw-case',
};
const NOT_PERMITTED: Partial<Record<Permission, string>> = {
  'record-conference': 'Only conference service staff may record when the minutes were sent',
  'withdraw-case': 'Only the complainant, or staff recording their wish, may withdraw a challenge',
};

export class CaseService {
  /** By partnership, procedure and revision: each case is decided under the revision it was raised under (ADR 0009). */
  private readonly engines = new Map<string, { readonly calendarVersion: number; readonly engine: CaseEngine }>();
  /** Folded cases by id: events are append-only, so a cached fold only ever needs the newer events. */
  private readonly folded = new Map<
    string,
    {
      partnershipId: string;
      conferenceId: string;
      reference: string | null;
      events: CaseEvent[];
      state: CaseState;
      history: readonly HistoryEntry[];
      replayedBy: CaseEngine;
    }
  >();

  private readonly queries;
  /** The partnership's staff and names, kept by directory version (ADR 0049). */
  private readonly directories;

  constructor(
    private readonly db: Kysely<Schema>,
    private readonly store: EventStore,
    private readonly records: {
      readonly partnerships: Partnerships;
      readonly staff: StaffAccounts;
      readonly conferences: Conferences;
      readonly people: People;
    },
    private readonly audit: AuditLog,
    private readonly access: CaseAccess,
    private readonly procedures: ProcedureRegistry,
  ) {
    this.directories = new KeptDirectories(records);
    this.queries = {
      partnership: prepareQuery<Schema, [id: string], { procedure_id: string; calendar_version: number }>(db, 1, (q, id) =>
        q.selectFrom('partnerships').select(['procedure_id', 'calendar_version']).where('id', '=', id),
      ),
      registration: prepareQuery<Schema, [caseId: string], { partnership_id: string; conference_id: string; reference: string | null }>(
        db,
        1,
        (q, caseId) => q.selectFrom('cases').select(['partnership_id', 'conference_id', 'reference']).where('case_id', '=', caseId),
      ),
      // The case's children come from its conference.
      children: prepareQuery<
        Schema,
        [conferenceId: string],
        { id: string; social_care_id: string; name: string; date_of_birth: string | null }
      >(db, 1, (q, conferenceId) =>
        q
          .selectFrom('conference_children')
          .innerJoin('children', 'children.id', 'conference_children.child_id')
          .select(['children.id', 'children.social_care_id', 'children.name', 'children.date_of_birth'])
          .where('conference_children.conference_id', '=', conferenceId)
          .orderBy('children.name')
          .orderBy('children.id'),
      ),
      // The partnership's procedure, calendar and directory versions with the case's newer events: one round trip per read.
      newerEvents: prepareQuery<
        Schema,
        [caseId: string, afterVersion: number, partnershipId: string],
        { procedure_id: string; calendar_version: number; directory_version: number; seq: number | null; payload: string | null }
      >(db, 3, (q, caseId, afterVersion, partnershipId) =>
        q
          .selectFrom('partnerships')
          .leftJoin('case_events', (join) => join.on('case_events.case_id', '=', caseId).on('case_events.seq', '>', afterVersion))
          .select([
            'partnerships.procedure_id',
            'partnerships.calendar_version',
            'partnerships.directory_version',
            'case_events.seq',
            'case_events.payload',
          ])
          .where('partnerships.id', '=', partnershipId)
          .orderBy('case_events.seq'),
      ),
    };
  }

  /**
   * The engine for a new case: the revision of the partnership's procedure in effect on the
   * London date the challenge was received (ADR 0009).
   */
  private async engineForNewCase(partnershipId: string, receivedAt: Date): Promise<CaseEngine> {
    const partnership = await this.queries.partnership.executeTakeFirst(partnershipId);
    if (partnership === undefined) throw notFound('partnership');
    const procedure = this.procedures.inEffectOn(partnership.procedure_id, londonDateOf(receivedAt));
    if (procedure === undefined)
      throw new ServiceError('conflict', `This partnership's procedure (${partnership.procedure_id}) is not available`);
    return this.engineOf(partnershipId, procedure, partnership.calendar_version);
  }

  /** The engine for an existing case: the revision it was raised under, whatever has come since. */
  private engineForCase(
    partnershipId: string,
    procedureId: string,
    state: { readonly procedureId: string; readonly procedureVersion: number } | undefined,
    calendarVersion: number,
  ): Promise<CaseEngine> {
    if (state === undefined) {
      const latest = this.procedures.latest.get(procedureId);
      if (latest === undefined) throw new ServiceError('conflict', `This partnership's procedure (${procedureId}) is not available`);
      return this.engineOf(partnershipId, latest, calendarVersion);
    }
    const procedure = this.procedures.version(state.procedureId, state.procedureVersion);
    if (procedure === undefined) {
      throw new ServiceError(
        'conflict',
        `This case was raised under version ${String(state.procedureVersion)} of the ${state.procedureId} procedure, which this service does not have`,
      );
    }
    return this.engineOf(partnershipId, procedure, calendarVersion);
  }

  /**
   * An engine: a revision of a procedure with the partnership's calendar, closure days and
   * receipt rules. Kept per partnership and revision, and rebuilt when the partnership's calendar
   * version moves, so that a closure day or receipt rule changed on any instance counts everywhere
   * from the next request.
   */
  private async engineOf(partnershipId: string, procedure: Procedure, calendarVersion: number): Promise<CaseEngine> {
    const key = `${partnershipId}|${procedure.id}|${String(procedure.version)}`;
    const cached = this.engines.get(key);
    if (cached?.calendarVersion === calendarVersion) return cached.engine;
    const [closures, deemedReceipt] = await Promise.all([
      this.records.partnerships.closureDays(partnershipId),
      this.records.partnerships.receiptRules(partnershipId),
    ]);
    const engine = createEngine(procedure, WorkingCalendar.create({ closures, holidayRules: englandAndWalesRules }), { deemedReceipt });
    this.engines.set(key, { calendarVersion, engine });
    return engine;
  }

  async contextOf(caseId: string): Promise<CaseContext | undefined> {
    const row = await this.queries.registration.executeTakeFirst(caseId);
    if (row === undefined) return undefined;
    const { engine } = await this.load(caseId, row.partnership_id, row.conference_id, row.reference);
    return { partnershipId: row.partnership_id, conferenceId: row.conference_id, engine };
  }

  /**
   * What raising this challenge would do, without saving anything: the engine's refusals are
   * thrown as they would be by `raise`; otherwise the late arrivals it reveals, which someone the
   * procedure names may accept or not (the raise pages ask before the case is saved).
   */
  async previewRaise(principal: Principal, input: RaiseInput, now: Date): Promise<{ readonly late: readonly LateOnArrival[] }> {
    const { engine, events } = await this.decideRaise(principal, input, {}, now);
    const late = events.flatMap((event) => {
      if (event.type !== 'ArrivedAfterTimeLimit') return [];
      const rule = engine.procedure.deadlines.find((d) => d.id === event.deadline);
      if (rule?.lateAcceptance === undefined) return [];
      return [{ deadline: event.deadline, due: event.due, clause: event.clause, decidedBy: rule.lateAcceptance.by }];
    });
    return { late };
  }

  async raise(
    principal: Principal,
    input: RaiseInput,
    now: Date,
    options: RaiseOptions = {},
  ): Promise<{ id: string; version: number; reference: string; repeated?: true }> {
    // A repeated request with the same case id (a double click on confirm) finds the case the first raised.
    const earlier = options.caseId === undefined ? undefined : await this.alreadyRaised(principal, options.caseId);
    if (earlier !== undefined) return earlier;
    const { caseId, engine, events } = await this.decideRaise(principal, input, options, now);
    // The store keeps facts; their consequences are derived again on every replay (ADR 0015).
    const facts = events.filter(isFact);
    const replayed = engine.replay(facts);
    if (!replayed.ok) throw refused(replayed.refusal);
    const context: CaseContext = { partnershipId: principal.partnershipId, conferenceId: input.conferenceId, engine };
    const project = caseProjector(context, replayed.state);
    let reference = '';
    try {
      const { version } = await this.store.append(caseId, 0, facts, async (trx, id, appended, seq) => {
        // The reference's number is taken in the raise's own transaction (ADR 0022): a raise that fails gives it back.
        const next = await nextReference(trx, principal.partnershipId, now);
        reference = next.reference;
        await trx
          .insertInto('cases')
          .values({
            case_id: id,
            partnership_id: principal.partnershipId,
            conference_id: input.conferenceId,
            created_at: now.toISOString(),
            reference: next.reference,
            reference_year: next.year,
            reference_seq: next.seq,
          })
          .execute();
        await project(trx, id, appended, seq);
      });
      return { id: caseId, version, reference };
    } catch (error) {
      // Two requests with the same id at once: the one that lost the race finds the winner's case.
      const winner = options.caseId === undefined ? undefined : await this.alreadyRaised(principal, options.caseId);
      if (winner !== undefined) return winner;
      throw error;
    }
  }

  /** The case a repeated raise with this id already saved, if any (only in the raiser's own partnership). */
  private async alreadyRaised(
    principal: Principal,
    caseId: string,
  ): Promise<{ id: string; version: number; reference: string; repeated: true } | undefined> {
    const row = await this.queries.registration.executeTakeFirst(caseId);
    if (row?.partnership_id !== principal.partnershipId) return undefined;
    const head = await this.db
      .selectFrom('case_events')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    return { id: caseId, version: head?.seq ?? 0, reference: row.reference ?? '', repeated: true };
  }

  private async decideRaise(
    principal: Principal,
    input: RaiseInput,
    options: RaiseOptions,
    now: Date,
  ): Promise<{ caseId: string; engine: CaseEngine; events: CaseEvent[]; folded: CaseState }> {
    const conference = await this.records.conferences.facts(principal.partnershipId, input.conferenceId, now).catch((error: unknown) => {
      if (error instanceof ServiceError && error.kind === 'not-found') {
        throw new ServiceError('invalid', 'The request is not valid', {
          issues: [{ name: 'body.conferenceId', reason: 'no conference in this partnership has that id' }],
        });
      }
      throw error;
    });
    // A booked conference has made no decision yet: there is nothing to challenge (ADR 0014).
    if (conference.status === 'booked') {
      const name = conference.externalRef === null ? input.conferenceId : `${conference.externalRef} (${input.conferenceId})`;
      throw new ServiceError(
        'refused',
        `Conference ${name} is booked for ${formatLondonLong(conference.facts.heldAt)} and has not been held yet: a challenge can be raised against it once it has been held`,
      );
    }
    const engine = await this.engineForNewCase(principal.partnershipId, input.receivedAt);
    const caseId = options.caseId ?? randomUUID();
    const actor: Actor = { id: principal.id, role: principal.role };
    const localArea = input.localArea ?? conference.localArea ?? undefined;
    const lineManagers = await this.records.staff.lineManagementOf(principal.partnershipId, input.caseWorkerIds ?? []);
    const command: Command = {
      type: 'RaiseChallenge',
      caseId,
      actor,
      now,
      track: input.track,
      conference: conference.facts,
      complainant: input.complainant,
      aspects: input.aspects,
      receivedAt: input.receivedAt,
      subject: input.subject,
      caseLineManagers: lineManagers,
      caseWorkerIds: input.caseWorkerIds ?? [],
      ...(input.flags === undefined ? {} : { flags: input.flags }),
      ...(localArea === undefined ? {} : { localArea }),
      ...(input.advocate === undefined ? {} : { advocate: input.advocate }),
      ...(input.summary === undefined ? {} : { summary: input.summary }),
      ...(input.receivedBy === undefined ? {} : { receivedBy: input.receivedBy }),
    };
    const raised = engine.execute(INITIAL_STATE, command);
    if (!raised.ok) throw refused(raised.refusal);
    let events = [...raised.events];
    let folded = raised.state;
    // Minutes recorded as sent with the conference are a fact of the conference: they start their
    // own time limits whoever raises the case, so no permission is asked of the raiser here.
    if (conference.minutesSent !== null) {
      const minutes = engine.execute(folded, {
        type: 'RecordConferenceMinutesSent',
        actor,
        now,
        sentAt: new Date(conference.minutesSent.at),
        method: conference.minutesSent.method,
      });
      if (!minutes.ok) throw refused(minutes.refusal);
      events = [...events, ...minutes.events];
      folded = minutes.state;
    }
    for (const decision of options.lateDecisions ?? []) {
      const decided = engine.execute(folded, { type: 'DecideLateArrival', actor, now, ...decision });
      if (!decided.ok) throw refused(decided.refusal);
      events = [...events, ...decided.events];
      folded = decided.state;
    }
    return { caseId, engine, events, folded };
  }

  /**
   * The case's human reference (ADR 0022), for the heading of a page about the case that has read
   * it through its own audited, access-checked call (its letters, panel, outcomes, documents): a
   * label, not a read of the case, so not audited again. Null for a case raised before references,
   * and for one this principal may not see.
   */
  async referenceFor(principal: Principal, caseId: string): Promise<string | null> {
    const row = await this.registrationOf(caseId);
    if (row === undefined || !(await this.access.maySee(principal, caseId, row.partnership_id))) return null;
    return row.reference;
  }

  /** A case's partnership, conference and reference: written with its first event and never changed, so kept with the case. */
  private async registrationOf(caseId: string) {
    const known = this.folded.get(caseId);
    return known === undefined
      ? await this.queries.registration.executeTakeFirst(caseId)
      : { partnership_id: known.partnershipId, conference_id: known.conferenceId, reference: known.reference };
  }

  /** The case if this principal may see it; otherwise not found (never "forbidden", which would confirm it exists). */
  private async visible(principal: Principal, caseId: string, now: Date, action: string): Promise<Loaded> {
    const row = await this.registrationOf(caseId);
    if (row === undefined || !(await this.access.maySee(principal, caseId, row.partnership_id))) {
      await this.audit.record({
        at: now,
        principal,
        action,
        subjectType: 'case',
        subjectId: caseId,
        outcome: row === undefined ? 'not-found' : 'denied',
      });
      throw notFound('case');
    }
    return this.load(caseId, row.partnership_id, row.conference_id, row.reference);
  }

  private async load(caseId: string, partnershipId: string, conferenceId: string, reference: string | null): Promise<Loaded> {
    const cached = this.folded.get(caseId);
    const rows = await this.queries.newerEvents.execute(caseId, cached?.state.version ?? 0, partnershipId);
    const [first] = rows;
    if (first === undefined) throw notFound('partnership');
    const newer = rows.flatMap((row) =>
      row.seq === null || row.payload === null ? [] : [this.store.decode(caseId, row.seq, row.payload)],
    );
    const events = [...(cached?.events ?? []), ...newer];
    const [raisedEvent] = events;
    const raisedUnder = raisedEvent?.type === 'ChallengeRaised' ? raisedEvent : undefined;
    const engine = await this.engineForCase(partnershipId, first.procedure_id, raisedUnder, first.calendar_version);
    let state = cached?.state ?? INITIAL_STATE;
    let history = cached?.history ?? [];
    let replayedBy = cached?.replayedBy ?? engine;
    // Only newer events call for a replay: the stream is append-only, so a cached replay stays true.
    // Newer facts that happened after everything before them continue it (replayAppended).
    if (cached === undefined || newer.length > 0) {
      const replayed =
        cached?.replayedBy === engine
          ? engine.replayAppended({ length: cached.events.length, state: cached.state, history: cached.history }, cached.events, newer)
          : engine.replay(events);
      if (!replayed.ok) {
        throw new Error(`Case ${caseId} cannot be replayed at event ${String(replayed.seq)}: ${replayed.refusal.message}`);
      }
      state = replayed.state;
      history = replayed.history;
      replayedBy = engine;
    }
    keepBounded(this.folded, caseId, { partnershipId, conferenceId, reference, events, state, history, replayedBy }, CACHE_LIMIT);
    return {
      engine,
      partnershipId,
      conferenceId,
      reference,
      events,
      state,
      history,
      replayedBy,
      directoryVersion: first.directory_version,
    };
  }

  async read(principal: Principal, caseId: string, now: Date) {
    return this.viewOf(principal, caseId, await this.visible(principal, caseId, now, 'case.read'), now);
  }

  /**
   * The case as `read` gives it, with the name of everyone in the partnership's directory (staff
   * over a person with the same id) as of the same read (ADR 0049): for the case page, which
   * names whoever the record mentions.
   */
  async readWithNames(principal: Principal, caseId: string, now: Date) {
    const loaded = await this.visible(principal, caseId, now, 'case.read');
    const [view, directory] = await Promise.all([
      this.viewOf(principal, caseId, loaded, now),
      this.directories.at(loaded.partnershipId, loaded.directoryVersion),
    ]);
    return { view, names: directory.names };
  }

  private async viewOf(principal: Principal, caseId: string, loaded: Loaded, now: Date) {
    const { engine, state } = loaded;
    if (state.status === 'not-raised') throw notFound('case');
    const deadlines = engine.deadlines(state, now);
    const bookings = engine.bookings(state, now);
    const children = await this.queries.children.execute(loaded.conferenceId);
    const view = {
      id: caseId,
      reference: loaded.reference,
      version: state.version,
      procedure: {
        id: engine.procedure.id,
        name: engine.procedure.name,
        version: engine.procedure.version,
        effectiveFrom: engine.procedure.effectiveFrom,
      },
      track: state.track,
      status: state.status,
      stage: { id: state.stage, name: engine.stageName(state.stage) },
      conference: { id: state.conference.id, type: state.conference.type, heldAt: state.conference.heldAt.toISOString() },
      // The children the case concerns: its conference's (none for a conference recorded before children were).
      children: children.map((c) => ({ id: c.id, socialCareId: c.social_care_id, name: c.name, dateOfBirth: c.date_of_birth })),
      complainant: state.complainant,
      aspects: state.aspects,
      receivedAt: state.receivedAt.toISOString(),
      flags: state.flags,
      caseWorkerIds: state.caseWorkerIds ?? null,
      localArea: state.localArea ?? null,
      closed:
        state.closed === undefined
          ? null
          : { outcome: state.closed.outcome, summary: state.closed.summary, at: state.closed.at.toISOString() },
      deadlines: deadlines.map((d) => {
        const booked = bookings.find((b) => b.deadline?.view.rule.id === d.rule.id);
        return {
          id: d.rule.id,
          label: d.rule.label,
          owner: d.ownerTitle,
          status: d.status,
          dueDate: d.due.dueDate,
          dueInstant: d.due.dueInstant.toISOString(),
          explanation: d.due.explanation,
          clause: d.rule.clause,
          ...(d.metAt === undefined ? {} : { metAt: d.metAt.toISOString() }),
          ...(booked?.deadline === undefined
            ? {}
            : {
                booking: {
                  action: booked.action.id,
                  bookedFor: booked.booking.bookedFor.toISOString(),
                  afterDeadline: booked.deadline.afterDeadline,
                  clause: d.rule.clause,
                  heldAt: booked.heldAt === undefined ? null : booked.heldAt.toISOString(),
                },
              }),
        };
      }),
      bookings: bookings.map((b) => ({
        action: b.action.id,
        label: b.action.label,
        bookedFor: b.booking.bookedFor.toISOString(),
        bookedAt: b.booking.bookedAt.toISOString(),
        bookedBy: b.booking.by.id,
        deadline:
          b.deadline === undefined
            ? null
            : {
                id: b.deadline.view.rule.id,
                dueInstant: b.deadline.view.due.dueInstant.toISOString(),
                afterDeadline: b.deadline.afterDeadline,
                clause: b.deadline.view.rule.clause,
              },
        held: b.heldAt !== undefined,
        heldAt: b.heldAt === undefined ? null : b.heldAt.toISOString(),
        previous: b.booking.previous.map((p) => ({
          bookedFor: p.bookedFor.toISOString(),
          bookedAt: p.bookedAt.toISOString(),
          bookedBy: p.by.id,
          movedBecause: p.movedBecause,
        })),
      })),
      actions: (await this.colleaguesFor(principal, loaded)).map(({ a, takers }) => ({
        id: a.action.id,
        label: a.action.label,
        kind: a.action.kind,
        allowed: a.allowed,
        clause: a.clause,
        ...(a.reason === undefined ? {} : { reason: a.reason }),
        ...(takers === undefined ? {} : { recordFor: takers }),
      })),
      lettersDue: engine.lettersDue(state, now).map((l) => ({
        letter: l.letter.id,
        action: l.action.id,
        from: l.from,
        to: l.to,
        copies: l.copies,
        requiredContent: l.requiredContent.map((c) => ({ item: c.item, clause: c.clause })),
        ...(l.deadline === undefined ? {} : { dueDate: l.deadline.due.dueDate }),
      })),
      pendingDecisions: [
        ...state.lateArrivals
          .filter((l) => l.decision === undefined)
          .map((l) => ({ type: 'late-arrival', deadline: l.deadline, clause: l.clause })),
        ...state.pendingLimitations.map((l) => ({ type: 'limitation', flag: l.flag, clause: l.clause })),
      ],
      stageHistory: state.stageHistory.map((s) => ({
        stage: s.stage,
        name: engine.stageName(s.stage),
        enteredAt: s.enteredAt.toISOString(),
      })),
      timeline: loaded.history.map((entry) => timelineEntry(entry)),
    };
    await this.audit.record({ at: now, principal, action: 'case.read', subjectType: 'case', subjectId: caseId, outcome: 'ok' });
    return view;
  }

  /**
   * The actions of the case's stage as this principal may take them; for one who may record for
   * others (ADR 0030), each action the case allows but not to them also lists the colleagues who
   * could fill its procedure role (enabled staff of the partnership whose role fills it), each
   * with whether the procedure lets them take it now and why not: those who may come first. The
   * case, panel and letter pages all offer "Who took this step?" from it.
   */
  async colleaguesFor(principal: Principal, loaded: Pick<Loaded, 'engine' | 'state' | 'partnershipId' | 'directoryVersion'>) {
    const { engine, state } = loaded;
    const mine = engine.availableActions(state, { id: principal.id, role: principal.role });
    const refusedToMe = mine.filter((a) => !a.allowed && a.code === 'not-permitted');
    if (!may(principal, 'record-for-others') || refusedToMe.length === 0) return mine.map((a) => ({ a, takers: undefined }));
    const { staff: everyone } = await this.directories.at(loaded.partnershipId, loaded.directoryVersion);
    const staff = everyone.filter((s) => !s.disabled && s.id !== principal.id);
    const theirs = new Map<string, ReturnType<CaseEngine['availableActions']>>();
    const availabilityOf = (colleague: (typeof staff)[number]) => {
      let found = theirs.get(colleague.id);
      if (found === undefined && isStaffRole(colleague.role)) {
        found = engine.availableActions(state, { id: colleague.id, role: colleague.role, name: colleague.name });
        theirs.set(colleague.id, found);
      }
      return found ?? [];
    };
    return mine.map((a) => {
      if (!refusedToMe.includes(a)) return { a, takers: undefined };
      const roles: readonly string[] = engine.productRolesFor(state, a.action.id);
      const takers = staff
        .filter((s) => roles.includes(s.role))
        .map((s) => {
          const theirs = availabilityOf(s).find((t) => t.action.id === a.action.id);
          return {
            id: s.id,
            name: s.name,
            role: s.role,
            allowed: theirs?.allowed === true,
            ...(theirs?.reason === undefined ? {} : { reason: theirs.reason }),
          };
        })
        .sort((x, y) => Number(y.allowed) - Number(x.allowed) || x.name.localeCompare(y.name));
      return { a, takers };
    });
  }

  /** The cases this principal may see, filtered, searched, sorted and in pages (caseList.ts); the read is audited. */
  async list(principal: Principal, query: CaseListQuery, now: Date): Promise<CaseListPage> {
    const page = await listCases(this.db, this.access, this.procedures.latest, principal, query, now);
    await this.audit.record({
      at: now,
      principal,
      action: 'case.list',
      subjectType: 'partnership',
      subjectId: principal.partnershipId,
      outcome: 'ok',
    });
    return page;
  }

  /** The stages of the partnership's procedure, for the list's filter. */
  async stages(partnershipId: string): Promise<readonly { readonly id: string; readonly name: string }[]> {
    const partnership = await this.queries.partnership.executeTakeFirst(partnershipId);
    return stagesOf(partnership === undefined ? undefined : this.procedures.latest.get(partnership.procedure_id));
  }

  async act(
    principal: Principal,
    caseId: string,
    input: ActInput,
    now: Date,
    options: ActOptions = {},
  ): Promise<{ version: number; stage: string; status: string; events: readonly string[] }> {
    const loaded = await this.visible(principal, caseId, now, 'case.act');
    if (loaded.state.version !== input.expectedVersion) {
      throw new ServiceError(
        'stale',
        `This case has changed since you read it: it is at version ${String(loaded.state.version)}, not ${String(input.expectedVersion)}. Read it again and decide afresh.`,
        {
          currentVersion: loaded.state.version,
        },
      );
    }
    const needed = PERMISSION_FOR[input.type];
    if (needed !== undefined && !may(principal, needed)) {
      await this.audit.record({ at: now, principal, action: 'case.act', subjectType: 'case', subjectId: caseId, outcome: 'denied' });
      throw new ServiceError('forbidden', NOT_PERMITTED[needed] ?? 'Your role may not do this');
    }
    if (input.type === 'correct' || input.type === 'void') return this.amend(principal, caseId, loaded, input, now);
    const { engine } = loaded;
    const taker = await this.takerOf(principal, caseId, loaded.partnershipId, input.type === 'perform' ? input.takenBy : undefined, now);
    const { actor } = taker;
    let command: Command;
    if (input.type === 'perform') {
      // A panel is decided on as the directory records its members, never as the request declared them.
      const details: ActionDetails =
        input.details.kind === 'panel'
          ? { kind: 'panel', members: await this.panelFromDirectory(loaded, input.details.members, input.occurredAt ?? now) }
          : input.details;
      command = {
        actor,
        now,
        ...(taker.recordedBy === undefined ? {} : { recordedBy: taker.recordedBy }),
        type: 'PerformAction',
        action: input.action,
        details,
        ...(input.occurredAt === undefined ? {} : { occurredAt: input.occurredAt }),
      };
    } else {
      if (input.type === 'change-facts' && input.caseWorkerIds !== undefined) await this.assertInDirectory(loaded, input.caseWorkerIds);
      command = commandOf(input, actor, now);
    }
    // First decided against the case as it stands, as it always was; then the stream with the new
    // fact is replayed, which refuses a fact dated before one it follows (ADR 0015). A fact that
    // happened after every other, the common case, is decided once more after the replay the case
    // was read with, not after the whole stream again: the same result (replayAppended).
    const result = engine.decide(loaded.state, command);
    if (!result.ok) throw refused(result.refusal);
    const facts = result.events.filter(isFact);
    const replayed = this.replayWith(loaded, facts);
    if (!replayed.ok) throw refused(replayed.refusal);
    const { version } = await this.append(caseId, loaded, input.expectedVersion, facts, replayed.state, options.within);
    // A change of the case's facts (who works on it, its flags) is what an auditor of facts looks for (ADR 0017).
    const audited =
      input.type === 'change-facts' ? 'case.change-facts' : input.type === 'declare' ? 'case.declare' : (taker.audited ?? 'case.act');
    await this.audit.record({ at: now, principal, action: audited, subjectType: 'case', subjectId: caseId, outcome: 'ok' });
    return {
      version,
      stage: replayed.state.status === 'not-raised' ? '' : replayed.state.stage,
      status: replayed.state.status,
      events: result.events.map((e) => e.type),
    };
  }

  /**
   * Who takes the step (ADR 0030): the principal, or the colleague named by `takenBy`, which needs
   * record-for-others and an enabled account of the case's partnership. The engine is then asked
   * as the colleague, under their name, so its refusals name them; the recorder is kept beside
   * them on every event, and the audit entry (`case.act:for:<id>`) names both by id.
   */
  private async takerOf(
    principal: Principal,
    caseId: string,
    partnershipId: string,
    takenBy: string | undefined,
    now: Date,
  ): Promise<{ readonly actor: Actor; readonly recordedBy?: ActorRef; readonly audited?: string }> {
    if (takenBy === undefined || takenBy === principal.id) return { actor: { id: principal.id, role: principal.role } };
    const audited = `case.act:for:${takenBy}`;
    if (!may(principal, 'record-for-others')) {
      await this.audit.record({ at: now, principal, action: audited, subjectType: 'case', subjectId: caseId, outcome: 'denied' });
      throw new ServiceError('forbidden', 'Your role may not record a step on behalf of someone else: record only what you did yourself');
    }
    const colleague = await this.records.staff.colleague(partnershipId, takenBy);
    if (colleague === undefined) {
      const reason = 'must be the id of an enabled member of staff of this partnership';
      throw new ServiceError('invalid', `Who took the step ${reason}`, { issues: [{ name: 'body.takenBy', reason }] });
    }
    return { actor: colleague, recordedBy: { id: principal.id, role: principal.role }, audited };
  }

  /** The case's stream replayed with these facts appended, continuing the replay it was loaded with when that replay is this engine's. */
  private replayWith(loaded: Loaded, appended: readonly CaseEvent[]) {
    const { engine, events, state, history } = loaded;
    return loaded.replayedBy === engine
      ? engine.replayAppended({ length: events.length, state, history }, events, appended)
      : engine.replay([...events, ...appended]);
  }

  /** Appends facts against the version the user read, projecting the replayed state; 409 if someone got there first. */
  private async append(
    caseId: string,
    loaded: Loaded,
    expectedVersion: number,
    facts: readonly CaseEvent[],
    state: CaseState,
    within?: ActOptions['within'],
  ): Promise<{ version: number }> {
    const context: CaseContext = { partnershipId: loaded.partnershipId, conferenceId: loaded.conferenceId, engine: loaded.engine };
    const project = caseProjector(context, state);
    try {
      return await this.store.append(
        caseId,
        expectedVersion,
        facts,
        within === undefined
          ? project
          : async (trx, id, events, version) => {
              await project(trx, id, events, version);
              await within(trx, state);
            },
      );
    } catch (error) {
      if (error instanceof StaleVersionError) {
        throw new ServiceError('stale', 'Someone else acted on this case at the same moment. Read it again and decide afresh.', {
          currentVersion: error.actual,
        });
      }
      throw error;
    }
  }

  /**
   * A correction or void of one of the case's facts (ADR 0015): by whoever recorded it, or anyone
   * who may correct any record; refused, naming `target`, if the target is not a fact that can be
   * amended, and refused with the reason if the history it leaves could not have happened.
   */
  private async amend(
    principal: Principal,
    caseId: string,
    loaded: Loaded,
    input: Extract<ActInput, { type: 'correct' | 'void' }>,
    now: Date,
  ): Promise<{ version: number; stage: string; status: string; events: readonly string[] }> {
    const action = input.type === 'correct' ? 'case.correct' : 'case.void';
    const targetIssue = (reason: string) =>
      new ServiceError('refused', `The ${input.type === 'correct' ? 'correction' : 'void'} cannot be recorded: ${reason}`, {
        issues: [{ name: 'body.target', reason }],
      });
    const wrongTarget = targetRefusal(loaded.events, input.target, input.type);
    if (wrongTarget !== undefined) throw targetIssue(wrongTarget.message);
    const fact = factAt(loaded.events, input.target);
    if (fact === undefined) throw targetIssue(`This case has no fact ${String(input.target)}`);
    if (!mayCorrectRecordOf(principal, fact.by.id)) {
      await this.audit.record({ at: now, principal, action, subjectType: 'case', subjectId: caseId, outcome: 'denied' });
      throw new ServiceError('forbidden', 'Only the person who recorded it, or a complaints manager, may correct or void a record');
    }
    const by = { id: principal.id, role: principal.role };
    let amendment: CaseEvent;
    if (input.type === 'correct') {
      const details =
        input.details === undefined
          ? undefined
          : input.details.kind === 'panel'
            ? ({
                kind: 'panel',
                members: await this.panelFromDirectory(loaded, input.details.members, input.occurredAt ?? occurredAtOfFact(fact)),
              } satisfies ActionDetails)
            : input.details;
      const change: FactChange = {
        ...(input.occurredAt === undefined ? {} : { occurredAt: input.occurredAt }),
        ...(details === undefined ? {} : { details }),
        ...(input.receivedOn === undefined ? {} : { receivedOn: input.receivedOn }),
        ...(input.method === undefined ? {} : { method: input.method }),
      };
      const wrongChange = changeRefusal(fact, change);
      if (wrongChange !== undefined) throw refused(wrongChange);
      amendment = { type: 'FactCorrected', at: now, by, target: input.target, reason: input.reason, change };
    } else {
      amendment = { type: 'FactVoided', at: now, by, target: input.target, reason: input.reason };
    }
    const replayed = this.replayWith(loaded, [amendment]);
    if (!replayed.ok) throw refused(replayed.refusal);
    const { version } = await this.append(caseId, loaded, input.expectedVersion, [amendment], replayed.state);
    await this.audit.record({ at: now, principal, action, subjectType: 'case', subjectId: caseId, outcome: 'ok' });
    return {
      version,
      stage: replayed.state.status === 'not-raised' ? '' : replayed.state.stage,
      status: replayed.state.status,
      events: [amendment.type],
    };
  }

  /**
   * A panel's members as the directory records them: name, agency, seniority and partnership
   * membership, and whether they line-manage or line-managed anyone responsible for the case as
   * at the day the panel sits (kent 9 ¶3 and the like). An unknown person, or a request that
   * contradicts the directory, is refused naming the member and the field.
   */
  private async panelFromDirectory(loaded: Loaded, members: readonly PanelMemberRequest[], sitsAt: Date): Promise<PanelMember[]> {
    const directory = await this.records.people.directory(
      loaded.partnershipId,
      members.map((m) => m.personId),
    );
    const issues: FieldIssue[] = [];
    members.forEach((member, index) => {
      const field = (name: string) => `body.details.members.${String(index)}.${name}`;
      const entry = directory.get(member.personId);
      if (entry === undefined) {
        issues.push({ name: field('personId'), reason: `no one in this partnership's directory has the id ${member.personId}` });
        return;
      }
      const who = `${entry.name} (${entry.id})`;
      if (member.name !== undefined && member.name !== entry.name)
        issues.push({ name: field('name'), reason: `the directory names ${entry.id} ${entry.name}, not ${member.name}` });
      if (member.agency !== undefined && member.agency !== entry.agency) {
        issues.push({
          name: field('agency'),
          reason: `the directory records ${who} as from ${AGENCY_WORDS[entry.agency]}, not ${AGENCY_WORDS[member.agency]}`,
        });
      }
      if (member.senior !== undefined && member.senior !== entry.senior) {
        issues.push({
          name: field('senior'),
          reason: entry.senior
            ? `the directory records ${who} as a senior manager`
            : `the directory does not record ${who} as a senior manager`,
        });
      }
      if (member.partnershipAgency !== undefined && member.partnershipAgency !== entry.partnershipAgency) {
        issues.push({
          name: field('partnershipAgency'),
          reason: entry.partnershipAgency
            ? `the directory records ${who} as employed by an agency of the partnership`
            : `the directory does not record ${who} as employed by an agency of the partnership`,
        });
      }
    });
    if (issues.length > 0) throw new ServiceError('invalid', "The panel's members do not match the partnership's directory", { issues });
    const lineManagement =
      loaded.state.status === 'not-raised'
        ? new Set<string>()
        : await this.records.staff.lineManagementAsAt(
            loaded.partnershipId,
            // The case workers as they stand, walked up the directory as at the day the panel sits; a
            // case raised before they were kept has only the chain taken when it was raised (ADR 0017).
            loaded.state.caseWorkerIds ?? loaded.state.caseLineManagers,
            sitsAt,
          );
    return members.flatMap((member) => {
      const entry = directory.get(member.personId);
      if (entry === undefined) return [];
      const lineManages = member.declaresLineManagement === true || lineManagement.has(member.personId);
      return [
        {
          personId: entry.id,
          name: entry.name,
          agency: entry.agency,
          partnershipAgency: entry.partnershipAgency,
          senior: entry.senior,
          role: member.role,
          ...(lineManages ? { declaresLineManagement: true } : {}),
        },
      ];
    });
  }

  /** Case workers are people in the partnership's directory: an unknown id is refused naming its place in the list. */
  private async assertInDirectory(loaded: Loaded, ids: readonly string[]): Promise<void> {
    const directory = await this.records.people.directory(loaded.partnershipId, ids);
    const issues: FieldIssue[] = ids.flatMap((id, index) =>
      directory.has(id)
        ? []
        : [{ name: `body.caseWorkerIds.${String(index)}`, reason: `no one in this partnership's directory has the id ${id}` }],
    );
    if (issues.length > 0) throw new ServiceError('invalid', "The case workers are not all in the partnership's directory", { issues });
  }

  /**
   * A raised case as its letters need it (the engine it is decided under and its state), if this
   * principal may see it; a refusal is audited as `action`, a success is the caller's to audit.
   */
  async forLetters(
    principal: Principal,
    caseId: string,
    now: Date,
    action: string,
  ): Promise<{
    readonly engine: CaseEngine;
    readonly state: RaisedCase;
    readonly history: readonly HistoryEntry[];
    readonly partnershipId: string;
    readonly conferenceId: string;
    readonly directoryVersion: number;
    /** The human reference (ADR 0022), null for a case raised before references. */
    readonly reference: string | null;
  }> {
    const loaded = await this.visible(principal, caseId, now, action);
    if (loaded.state.status === 'not-raised') throw notFound('case');
    return {
      reference: loaded.reference,
      engine: loaded.engine,
      state: loaded.state,
      history: loaded.history,
      partnershipId: loaded.partnershipId,
      conferenceId: loaded.conferenceId,
      directoryVersion: loaded.directoryVersion,
    };
  }

  /**
   * The panel of a case (ADR 0026): the procedure's rule for it, whether the reader may convene it
   * now, the panel last convened with each member's declaration, and every decision recorded with
   * its votes, learning points and recommendations. Audited as a read of the case.
   */
  async panel(principal: Principal, caseId: string, now: Date) {
    const loaded = await this.visible(principal, caseId, now, 'case.read-panel');
    const { engine, state } = loaded;
    if (state.status === 'not-raised') throw notFound('case');
    const actor: Actor = { id: principal.id, role: principal.role };
    const convened = engine.convenedPanel(state);
    const panelAction = this.panelActionOf(engine, state);
    const rule = engine.procedure.panels.find((p) => p.id === (convened?.rule.id ?? panelAction?.panel)) ?? engine.procedure.panels[0];
    // Each step as the reader may take it and, for one who records for others, who else could (ADR 0030).
    const steps = await this.colleaguesFor(principal, loaded);
    const availability = new Map(steps.map(({ a, takers }) => [a.action.id, { ...a, takers }]));
    const available = steps.find(({ a }) => a.action.kind === 'panel')?.a;
    const recordFor = (id: string) => {
      const takers = availability.get(id)?.takers;
      return takers === undefined ? {} : { recordFor: takers };
    };
    const packRole = rule === undefined ? undefined : engine.procedure.roles.find((r) => r.id === rule.packPreparedBy);
    const stageActions = panelAction === undefined ? [] : engine.procedure.actions.filter((a) => a.stage === panelAction.stage);
    const decisionAction = panelAction === undefined ? undefined : panelDecisionOf(stageActions, panelAction);
    const outcomeRule = engine.procedure.outcomes.find((o) => o.id === decisionAction?.outcome);
    const decisionIndex = decisionAction === undefined ? stageActions.length : stageActions.indexOf(decisionAction);
    const hearingActions = stageActions
      .slice(0, decisionIndex)
      .filter((a) => (a.kind === 'meeting' || a.kind === 'record') && a.optional !== true);
    const mayNow = (id: string) => {
      const found = availability.get(id);
      if (found === undefined) return { allowed: false, reason: `The case is at ${engine.stageName(state.stage)}` };
      return found.allowed
        ? { allowed: true }
        : { allowed: false, ...(found.reason === undefined ? {} : { reason: found.reason }), ...recordFor(id) };
    };
    const roleTitleOf = (id: string) => engine.procedure.roles.find((r) => r.id === id)?.title ?? id;
    const view = {
      caseId,
      version: state.version,
      status: state.status,
      stage: { id: state.stage, name: engine.stageName(state.stage) },
      conferenceChairId: state.conference.chairId,
      mayRecordDeclarations: engine.mayRecordDeclarations(state, actor),
      hearing: hearingActions.map((a) => ({
        action: a.id,
        label: a.label,
        kind: a.kind === 'meeting' ? ('meeting' as const) : ('record' as const),
        clause: a.clause,
        done: state.milestones[a.records ?? a.id] !== undefined,
        minutedBy: (a.meeting?.minutedBy ?? []).map((role) => ({ role, title: roleTitleOf(role) })),
        ...mayNow(a.id),
      })),
      decide:
        decisionAction === undefined || outcomeRule === undefined
          ? null
          : {
              action: decisionAction.id,
              label: decisionAction.label,
              clause: decisionAction.clause,
              done: state.milestones[decisionAction.records ?? decisionAction.id] !== undefined,
              ...mayNow(decisionAction.id),
              multiple: outcomeRule.multiple,
              findings: outcomeRule.findings,
              options: outcomeRule.options.map((o) => ({
                id: o.id,
                label: o.label,
                clause: o.clause,
                needsFurtherPanelDate: o.needsFurtherPanelDate === true,
              })),
              majority: rule?.decisionBy.rule === 'majority',
            },
      rule:
        rule === undefined
          ? null
          : {
              id: rule.id,
              name: rule.name,
              clause: rule.clause,
              minMembers: rule.minMembers,
              chair: { requirement: rule.chair.requirement, clause: rule.chair.clause },
              decisionBy: rule.decisionBy,
              coOptedAdvisersAllowed: rule.coOptedAdvisers?.allowed === true,
              documentPack: rule.documentPack.map((p, index) => ({ index, item: p.item, clause: p.clause })),
              packPreparedBy: { role: rule.packPreparedBy, title: packRole?.title ?? rule.packPreparedBy },
            },
      convene:
        panelAction === undefined
          ? null
          : {
              action: panelAction.id,
              label: panelAction.label,
              allowed: available?.action.id === panelAction.id && available.allowed,
              clause: panelAction.clause,
              ...(available?.action.id === panelAction.id && available.reason !== undefined ? { reason: available.reason } : {}),
              ...(available?.action.id === panelAction.id && !available.allowed ? recordFor(panelAction.id) : {}),
            },
      convened:
        convened === undefined
          ? null
          : {
              number: convened.number,
              action: convened.action,
              at: convened.at.toISOString(),
              members: convened.members.map((m) => ({
                personId: m.member.personId,
                name: m.member.name,
                agency: m.member.agency,
                role: m.member.role,
                declaration: m.status,
                ...(m.declaration === undefined
                  ? {}
                  : {
                      declaredAt: m.declaration.at.toISOString(),
                      declaredBy: m.declaration.by.id,
                      ...(m.declaration.reason === undefined ? {} : { reason: m.declaration.reason }),
                    }),
              })),
              outstanding: convened.members.filter((m) => m.status === 'outstanding').map((m) => m.member.personId),
              problems: convened.problems.map((p) => ({
                message: p.message,
                clause: p.clause,
                ...(p.personId === undefined ? {} : { personId: p.personId }),
              })),
            },
      decisions: state.decisions.map((d) => {
        const action = engine.procedure.actions.find((a) => a.id === d.action);
        const outcome = engine.procedure.outcomes.find((o) => o.id === action?.outcome);
        return {
          action: d.action,
          label: action?.label ?? d.action,
          at: d.at.toISOString(),
          options: d.options.map((id) => ({ id, label: outcome?.options.find((o) => o.id === id)?.label ?? id })),
          findings: d.findings,
          reasons: d.reasons,
          votes: d.votes ?? null,
          furtherPanelDate: d.furtherPanelDate ?? null,
          learningPoints: d.learningPoints,
          recommendations: d.recommendations,
        };
      }),
    };
    await this.audit.record({ at: now, principal, action: 'case.read-panel', subjectType: 'case', subjectId: caseId, outcome: 'ok' });
    return view;
  }

  /** The panel action a case is at or heading for: the one of its current stage, else the last convened, else the procedure's first. */
  private panelActionOf(engine: CaseEngine, state: Extract<CaseState, { status: 'open' | 'closed' }>) {
    const panels = engine.procedure.actions.filter((a) => a.kind === 'panel');
    const last = state.panels[state.panels.length - 1];
    return panels.find((a) => a.stage === state.stage) ?? panels.find((a) => a.id === last?.action) ?? panels[0];
  }

  /**
   * Checks a proposed panel without recording anything (ADR 0026): the members are read from the
   * directory as for convening, and every problem the procedure finds is returned with its clause.
   * Convening an invalid panel is still refused by the engine.
   */
  async checkPanel(
    principal: Principal,
    caseId: string,
    input: { readonly action?: string; readonly members: readonly PanelMemberRequest[]; readonly sitsAt?: Date },
    now: Date,
  ) {
    const loaded = await this.visible(principal, caseId, now, 'case.panel-check');
    const { engine, state } = loaded;
    if (state.status === 'not-raised') throw notFound('case');
    const action =
      input.action === undefined ? this.panelActionOf(engine, state) : engine.procedure.actions.find((a) => a.id === input.action);
    if (action?.kind !== 'panel') {
      throw new ServiceError('invalid', 'The request is not valid', {
        issues: [{ name: 'body.action', reason: `this procedure has no panel action ${input.action ?? ''}`.trim() }],
      });
    }
    const members = await this.panelFromDirectory(loaded, input.members, input.sitsAt ?? now);
    const problems = engine.checkPanel(state, action.id, members);
    await this.audit.record({ at: now, principal, action: 'case.panel-check', subjectType: 'case', subjectId: caseId, outcome: 'ok' });
    return {
      action: action.id,
      valid: problems.length === 0,
      members: members.map((m) => ({
        personId: m.personId,
        name: m.name,
        agency: m.agency,
        role: m.role,
        senior: m.senior,
        partnershipAgency: m.partnershipAgency,
        lineManagement: m.declaresLineManagement === true,
      })),
      problems: problems.map((p) => ({
        message: p.message,
        clause: p.clause,
        ...(p.personId === undefined ? {} : { personId: p.personId }),
      })),
    };
  }

  /**
   * What the decisions require, each step open or done with who and when (ADR 0026), and who
   * recorded it where that was someone else (ADR 0030); for a meeting step, its chair and whether
   * those present were briefed, as recorded. A step refused to one who may record for others lists
   * the colleagues who could take it, as the panel's steps do.
   */
  async outcomes(principal: Principal, caseId: string, now: Date) {
    const loaded = await this.visible(principal, caseId, now, 'case.read-outcomes');
    const { engine, state } = loaded;
    if (state.status === 'not-raised') throw notFound('case');
    // Each step as the reader may take it and, for one who records for others, who else could (ADR 0030).
    const available = new Map((await this.colleaguesFor(principal, loaded)).map(({ a, takers }) => [a.action.id, { ...a, takers }]));
    const recorded = (actionId: string) =>
      [...loaded.history].reverse().find((e) => e.status !== 'voided' && e.fact.type === 'ActionPerformed' && e.fact.action === actionId);
    const view = {
      caseId,
      version: state.version,
      status: state.status,
      stage: { id: state.stage, name: engine.stageName(state.stage) },
      conferenceChairId: state.conference.chairId,
      requirements: engine.outcomeRequirements(state).map((r) => ({
        decision: { action: r.decision.action, at: r.decision.at.toISOString() },
        option: { id: r.option.id, label: r.option.label, clause: r.option.clause, chair: r.option.chair ?? null },
        status: r.status,
        stages: r.stages,
        steps: r.steps.map((step) => {
          const entry = recorded(step.action.id);
          const details = entry?.fact.type === 'ActionPerformed' ? entry.fact.details : undefined;
          const may = available.get(step.action.id);
          return {
            action: step.action.id,
            label: step.action.label,
            kind: step.action.kind,
            clause: step.action.clause,
            by: step.by,
            status: step.done === undefined ? ('open' as const) : ('done' as const),
            doneAt: step.done?.at.toISOString() ?? null,
            doneBy: step.done?.by.id ?? null,
            chairMustDiffer: step.chairMustDiffer ?? null,
            briefingRequired: step.briefingRequired ?? null,
            chairId: details?.kind === 'meeting' ? (details.chairId ?? null) : null,
            briefed: details?.kind === 'meeting' ? (details.briefed ?? null) : null,
            choices: (step.action.choice ?? []).map((c) => ({ id: c.id, label: c.label, clause: c.clause })),
            available: may?.allowed === true,
            ...(may !== undefined && !may.allowed && may.reason !== undefined ? { reason: may.reason } : {}),
            ...(may?.takers === undefined ? {} : { recordFor: may.takers }),
            ...(entry?.fact.recordedBy === undefined ? {} : { recordedBy: entry.fact.recordedBy.id }),
          };
        }),
      })),
    };
    await this.audit.record({ at: now, principal, action: 'case.read-outcomes', subjectType: 'case', subjectId: caseId, outcome: 'ok' });
    return view;
  }

  /**
   * Whether this principal fills a role of the case's procedure (the document pack's preparer):
   * the role's product role, with the procedure's complaint-about-the-chair routing applied.
   */
  async panelRuleFor(principal: Principal, caseId: string, now: Date, action: string) {
    const loaded = await this.visible(principal, caseId, now, action);
    const { engine, state } = loaded;
    if (state.status === 'not-raised') throw notFound('case');
    const convened = engine.convenedPanel(state);
    const panelAction = this.panelActionOf(engine, state);
    const rule = engine.procedure.panels.find((p) => p.id === (convened?.rule.id ?? panelAction?.panel)) ?? engine.procedure.panels[0];
    if (rule === undefined) throw new ServiceError('refused', 'This procedure has no panel, so no document pack');
    const role = engine.procedure.roles.find((r) => r.id === rule.packPreparedBy);
    return {
      rule,
      preparerRole: rule.packPreparedBy,
      preparerTitle: role?.title ?? rule.packPreparedBy,
      mayPrepare: role?.productRole === principal.role,
    };
  }

  /**
   * Learning points and recommendations across the cases this principal may see, newest decision
   * first, optionally for one agency (ADR 0026). Each case is read by replay, so a decision
   * corrected or voided reads as it now stands; each case read is audited, and the report itself.
   */
  async recommendationsReport(principal: Principal, options: { readonly agency?: AgencyKind }, now: Date) {
    const rows = await this.db
      .selectFrom('case_events')
      .innerJoin('cases', 'cases.case_id', 'case_events.case_id')
      .select(['cases.case_id', 'cases.partnership_id', 'cases.conference_id', 'cases.reference'])
      .distinct()
      .where('case_events.type', '=', 'ActionPerformed')
      .where((eb) =>
        eb.or([eb('case_events.payload', 'like', '%"learningPoints"%'), eb('case_events.payload', 'like', '%"recommendations"%')]),
      )
      .where('cases.case_id', 'in', this.access.visibleCaseIds(principal))
      .execute();
    const entries = [];
    for (const row of rows) {
      const { engine, state } = await this.load(row.case_id, row.partnership_id, row.conference_id, row.reference);
      if (state.status === 'not-raised') continue;
      let read = false;
      for (const decision of state.decisions) {
        const recommendations = decision.recommendations.filter((r) => options.agency === undefined || r.agency === options.agency);
        const learningPoints = options.agency === undefined ? decision.learningPoints : [];
        if (recommendations.length === 0 && learningPoints.length === 0) continue;
        read = true;
        entries.push({
          caseId: row.case_id,
          procedure: engine.procedure.name,
          decision: engine.procedure.actions.find((a) => a.id === decision.action)?.label ?? decision.action,
          decidedAt: decision.at.toISOString(),
          learningPoints,
          recommendations,
        });
      }
      if (read) {
        await this.audit.record({
          at: now,
          principal,
          action: 'case.read-report',
          subjectType: 'case',
          subjectId: row.case_id,
          outcome: 'ok',
        });
      }
    }
    entries.sort((a, b) => b.decidedAt.localeCompare(a.decidedAt) || a.caseId.localeCompare(b.caseId));
    await this.audit.record({
      at: now,
      principal,
      action: 'report.recommendations',
      subjectType: 'partnership',
      subjectId: principal.partnershipId,
      outcome: 'ok',
    });
    return entries;
  }

  /**
   * Every recommendation a panel made to a named agency, one row each, across the cases this
   * principal may see: for the partnership's recommendations report page (ADR 0032), filtered by
   * agency and by whether the case is still open. Read as the cases now stand (a corrected
   * decision reads corrected); each case read is audited, and the report itself as `action`.
   */
  async recommendationRows(
    principal: Principal,
    filters: { readonly agency?: AgencyKind; readonly caseStatus?: 'open' | 'closed' },
    now: Date,
    action: string,
  ) {
    const rows = await this.db
      .selectFrom('case_events')
      .innerJoin('cases', 'cases.case_id', 'case_events.case_id')
      .select(['cases.case_id', 'cases.partnership_id', 'cases.conference_id', 'cases.reference'])
      .distinct()
      .where('case_events.type', '=', 'ActionPerformed')
      .where('case_events.payload', 'like', '%"recommendations"%')
      .where('cases.case_id', 'in', this.access.visibleCaseIds(principal))
      .execute();
    const entries = [];
    for (const row of rows) {
      const { engine, state } = await this.load(row.case_id, row.partnership_id, row.conference_id, row.reference);
      if (state.status === 'not-raised') continue;
      if (filters.caseStatus !== undefined && state.status !== filters.caseStatus) continue;
      let read = false;
      for (const decision of state.decisions) {
        for (const recommendation of decision.recommendations) {
          if (filters.agency !== undefined && recommendation.agency !== filters.agency) continue;
          read = true;
          entries.push({
            caseId: row.case_id,
            reference: row.reference ?? row.case_id,
            caseStatus: state.status,
            procedure: engine.procedure.name,
            decision: engine.procedure.actions.find((a) => a.id === decision.action)?.label ?? decision.action,
            decidedAt: decision.at.toISOString(),
            agency: recommendation.agency,
            text: recommendation.text,
          });
        }
      }
      if (read) {
        await this.audit.record({
          at: now,
          principal,
          action: 'case.read-report',
          subjectType: 'case',
          subjectId: row.case_id,
          outcome: 'ok',
        });
      }
    }
    entries.sort((a, b) => b.decidedAt.localeCompare(a.decidedAt) || a.reference.localeCompare(b.reference));
    await this.audit.record({ at: now, principal, action, subjectType: 'partnership', subjectId: principal.partnershipId, outcome: 'ok' });
    return entries;
  }

  /** A document or letter's case must be visible to the reader. */
  async assertVisible(principal: Principal, caseId: string, now: Date, action: string): Promise<void> {
    await this.visible(principal, caseId, now, action);
  }
}

/**
 * The decision a panel makes: the first decision of its stage that follows from convening it (its
 * requirements lead back to the panel action). A stage may offer another route to a decision that
 * does not go through the panel (cambridgeshire-peterborough "Stage Three" ¶1: the Assistant
 * Director's own review); without this, the panel page offered that decision instead of the panel's.
 */
export function panelDecisionOf(stageActions: readonly ActionDefinition[], panelAction: ActionDefinition): ActionDefinition | undefined {
  const following = new Set([panelAction.records ?? panelAction.id]);
  for (const action of stageActions.slice(stageActions.indexOf(panelAction) + 1)) {
    if (!(action.requires ?? []).some((required) => following.has(required.split(':')[0] ?? required))) continue;
    if (action.kind === 'decision') return action;
    following.add(action.records ?? action.id);
  }
  return stageActions.find((a) => a.kind === 'decision');
}

function refused(refusal: {
  message: string;
  clause?: string;
  problems?: readonly { message: string; clause?: string }[];
  code: string;
}): ServiceError {
  if (refusal.code === 'not-raised') return notFound('case');
  return new ServiceError('refused', refusal.message, {
    ...(refusal.clause === undefined ? {} : { clause: refusal.clause }),
    ...(refusal.problems === undefined ? {} : { problems: refusal.problems }),
  });
}

/** How a refusal names an agency: the words a member of staff would use. */
const AGENCY_WORDS: Record<AgencyKind, string> = {
  'local-authority-childrens-services': "the local authority's children's services",
  police: 'the police',
  health: 'health',
  education: 'education',
  'other-partner': 'another partner agency',
};

function commandOf(input: Exclude<ActInput, { readonly type: 'perform' | 'correct' | 'void' }>, actor: Actor, now: Date): Command {
  const base = { actor, now };
  switch (input.type) {
    case 'minutes-sent':
      return { ...base, type: 'RecordConferenceMinutesSent', sentAt: input.sentAt, method: input.method };
    case 'receipt':
      return { ...base, type: 'RecordReceipt', milestone: input.milestone, receivedOn: input.receivedOn };
    case 'late-arrival':
      return { ...base, ...at(input), type: 'DecideLateArrival', deadline: input.deadline, accept: input.accept, reason: input.reason };
    case 'limitation':
      return { ...base, ...at(input), type: 'DecideLimitation', flag: input.flag, proceed: input.proceed, reason: input.reason };
    case 'withdraw':
      return { ...base, ...at(input), type: 'WithdrawChallenge', reason: input.reason };
    case 'book':
      return {
        ...base,
        type: 'BookAction',
        action: input.action,
        bookedFor: input.bookedFor,
        ...(input.reason === undefined ? {} : { reason: input.reason }),
      };
    case 'change-facts':
      return {
        ...base,
        type: 'ChangeCaseFacts',
        reason: input.reason,
        ...(input.caseWorkerIds === undefined ? {} : { caseWorkerIds: input.caseWorkerIds }),
        ...(input.flags === undefined ? {} : { flags: input.flags }),
      };
    case 'declare':
      return {
        ...base,
        ...at(input),
        type: 'DeclareIndependence',
        personId: input.personId,
        independent: input.independent,
        ...(input.reason === undefined ? {} : { reason: input.reason }),
      };
  }
}

/** When it happened, where the request says. */
function at(input: { readonly occurredAt?: Date }): { occurredAt?: Date } {
  return input.occurredAt === undefined ? {} : { occurredAt: input.occurredAt };
}

/** A fact of the effective history as the case view shows it: both times, its status and every correction (ADR 0015). */
function timelineEntry(entry: HistoryEntry) {
  const changes = changesOf(entry);
  return {
    ...entry.fact,
    seq: entry.seq,
    occurredAt: entry.occurredAt.toISOString(),
    recordedAt: entry.recordedAt.toISOString(),
    by: entry.by,
    when: whenText(entry),
    status: entry.status,
    consequences: entry.consequences.map((c) => c.type),
    corrections: entry.corrections.map((c, index) => ({
      seq: c.seq,
      at: c.at.toISOString(),
      by: c.by,
      reason: c.reason,
      changes: changes[index] ?? [],
    })),
    ...(entry.voided === undefined
      ? {}
      : { voided: { seq: entry.voided.seq, at: entry.voided.at.toISOString(), by: entry.voided.by, reason: entry.voided.reason } }),
  };
}
