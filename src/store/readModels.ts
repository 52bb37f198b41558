/**
 * Read models of a case, written in the same transaction as the events they are derived from and
 * rebuildable from the events alone: the case summary, its open deadlines, the tasks each role
 * owes, the work each role (or person) has on it, and who may see the case beyond its partnership's staff (the members of its panels).
 */
import type { Kysely, Transaction } from 'kysely';
import type { CaseEngine } from '../core/engine/engine.js';
import type { CaseState } from '../core/engine/model.js';
import type { Schema } from './database.js';
import type { EventStore, Projector } from './eventStore.js';

export interface CaseContext {
  readonly partnershipId: string;
  readonly conferenceId: string;
  readonly engine: CaseEngine;
}

type Db = Transaction<Schema> | Kysely<Schema>;

/** Replaces every read-model row of one case with what the state says now. */
export async function projectCase(
  db: Db,
  caseId: string,
  context: CaseContext,
  state: CaseState,
  updatedAt: Date,
  now: Date = updatedAt,
): Promise<void> {
  if (state.status === 'not-raised') return;
  const { partnershipId, engine } = context;
  const raisedAt = state.stageHistory[0]?.enteredAt ?? updatedAt;
  const open = engine.deadlines(state, now).filter((d) => d.status === 'open' || d.status === 'missed');
  const soonest = open.reduce<Date | undefined>(
    (min, d) => (min === undefined || d.due.dueInstant < min ? d.due.dueInstant : min),
    undefined,
  );
  const summary = {
    case_id: caseId,
    partnership_id: partnershipId,
    conference_id: context.conferenceId,
    track: state.track,
    procedure_id: state.procedureId,
    stage: state.stage,
    status: state.status,
    version: state.version,
    raised_at: raisedAt.toISOString(),
    updated_at: updatedAt.toISOString(),
    // A case no longer open has no next deadline, whatever it missed (the case page says "None open").
    next_deadline_at: state.status === 'open' ? (soonest?.toISOString() ?? null) : null,
    stage_order: Math.max(
      0,
      engine.procedure.stages.findIndex((s) => s.id === state.stage),
    ),
    conference_held_at: state.conference.heldAt.toISOString(),
  };
  await db
    .insertInto('case_summary')
    .values(summary)
    .onConflict((oc) =>
      oc.column('case_id').doUpdateSet({
        partnership_id: summary.partnership_id,
        conference_id: summary.conference_id,
        track: summary.track,
        stage: summary.stage,
        status: summary.status,
        version: summary.version,
        updated_at: summary.updated_at,
        next_deadline_at: summary.next_deadline_at,
        stage_order: summary.stage_order,
        conference_held_at: summary.conference_held_at,
      }),
    )
    .execute();

  await db.deleteFrom('open_deadlines').where('case_id', '=', caseId).execute();
  if (open.length > 0) {
    await db
      .insertInto('open_deadlines')
      .values(
        open.map((d) => ({
          case_id: caseId,
          deadline_id: d.rule.id,
          partnership_id: partnershipId,
          label: d.rule.label,
          due_instant: d.due.dueInstant.toISOString(),
          status: d.status,
          owner: d.ownerTitle,
          clause: d.rule.clause,
        })),
      )
      .execute();
  }

  await db.deleteFrom('tasks').where('case_id', '=', caseId).execute();
  const tasks = engine.obligations(state, now).flatMap((o) =>
    o.roles.map((role) => ({
      case_id: caseId,
      action_id: o.action,
      role,
      partnership_id: partnershipId,
      label: o.label,
      clause: o.clause,
      due_instant: o.due?.due.dueInstant.toISOString() ?? null,
    })),
  );
  if (tasks.length > 0) await db.insertInto('tasks').values(tasks).execute();

  await db.deleteFrom('work_items').where('case_id', '=', caseId).execute();
  const work = engine.work(state, now).flatMap((item) =>
    item.owners.map((owner) => ({
      case_id: caseId,
      kind: item.kind,
      item_id: item.id,
      role: owner.productRole,
      partnership_id: partnershipId,
      person_id: owner.personId ?? null,
      owner_title: owner.title,
      label: item.label,
      stage: item.stage,
      deadline_id: item.due?.rule.id ?? null,
      due_instant: item.due?.due.dueInstant.toISOString() ?? null,
      due_date: item.due?.due.dueDate ?? null,
      due_display: item.due?.due.display ?? null,
      explanation: item.due?.due.explanation ?? null,
      clause: item.clause,
    })),
  );
  if (work.length > 0) await db.insertInto('work_items').values(work).execute();

  await db.deleteFrom('case_access').where('case_id', '=', caseId).execute();
  const members = [...new Set(state.panels.flatMap((p) => p.members.map((m) => m.personId)))];
  if (members.length > 0) {
    await db
      .insertInto('case_access')
      .values(members.map((userId) => ({ case_id: caseId, user_id: userId, reason: 'panel-member' })))
      .execute();
  }

  // Last, so that no transaction holds this row while it waits for another lock: what any
  // instance counted of the partnership's work (its items, and who may see which case) is now out
  // of date (ADR 0042).
  await raiseWorkVersion(db, partnershipId);
}

/** Moves the partnership's work version on (ADR 0042): what any instance counted of its work no longer holds. */
export async function raiseWorkVersion(db: Db, partnershipId: string): Promise<void> {
  await db
    .insertInto('work_versions')
    .values({ partnership_id: partnershipId, version: 1 })
    .onConflict((oc) => oc.column('partnership_id').doUpdateSet((eb) => ({ version: eb('work_versions.version', '+', 1) })))
    .execute();
}

/**
 * The open cases with an open deadline but no work item for it: cases last projected before
 * migration 0014, whose read models are to be rebuilt once.
 */
export async function casesWithoutWorkItems(db: Kysely<Schema>): Promise<string[]> {
  const rows = await db
    .selectFrom('open_deadlines')
    .innerJoin('case_summary', 'case_summary.case_id', 'open_deadlines.case_id')
    .select('open_deadlines.case_id')
    .distinct()
    .where('case_summary.status', '=', 'open')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('work_items')
            .select('work_items.case_id')
            .whereRef('work_items.case_id', '=', 'open_deadlines.case_id')
            .where('work_items.kind', '=', 'deadline')
            .whereRef('work_items.item_id', '=', 'open_deadlines.deadline_id'),
        ),
      ),
    )
    .execute();
  return rows.map((r) => r.case_id);
}

/** A projector for an append whose resulting state the caller has already folded. */
export function caseProjector(context: CaseContext, stateAfter: CaseState): Projector {
  return async (trx, caseId, events) => {
    const last = events[events.length - 1];
    await projectCase(trx, caseId, context, stateAfter, last?.at ?? new Date(0));
  };
}

/**
 * Rebuilds every case's read models (or only those of the cases named) from its events, one
 * transaction per case. `now` decides whether a deadline has been missed.
 */
export async function rebuildReadModels(
  db: Kysely<Schema>,
  store: EventStore,
  contextOf: (caseId: string) => Promise<CaseContext | undefined>,
  now: Date,
  only?: readonly string[],
): Promise<{ cases: number; skipped: readonly string[] }> {
  const all = await db.selectFrom('case_events').select('case_id').distinct().orderBy('case_id').execute();
  const ids = only === undefined ? all : all.filter((row) => only.includes(row.case_id));
  const skipped: string[] = [];
  for (const { case_id: caseId } of ids) {
    const context = await contextOf(caseId);
    if (context === undefined) {
      skipped.push(caseId);
      continue;
    }
    const { events } = await store.load(caseId);
    // A stream holds facts; the state is their replay (ADR 0015). One that cannot be replayed is
    // reported as skipped, its read models left as they were.
    const replayed = context.engine.replay(events);
    if (!replayed.ok) {
      skipped.push(caseId);
      continue;
    }
    const state = replayed.state;
    const last = events[events.length - 1];
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('case_summary').where('case_id', '=', caseId).execute();
      await projectCase(trx, caseId, context, state, last?.at ?? now, now);
    });
  }
  return { cases: ids.length - skipped.length, skipped };
}
