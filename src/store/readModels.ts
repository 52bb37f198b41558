/**
 * Read models of a case, written in the same transaction as the events they are derived from and
 * rebuildable from the events alone: the case summary, its open deadlines, the tasks each role
 * owes, and who may see the case beyond its partnership's staff (the members of its panels).
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
    next_deadline_at: soonest?.toISOString() ?? null,
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

  await db.deleteFrom('case_access').where('case_id', '=', caseId).execute();
  const members = [...new Set(state.panels.flatMap((p) => p.members.map((m) => m.personId)))];
  if (members.length > 0) {
    await db
      .insertInto('case_access')
      .values(members.map((userId) => ({ case_id: caseId, user_id: userId, reason: 'panel-member' })))
      .execute();
  }
}

/** A projector for an append whose resulting state the caller has already folded. */
export function caseProjector(context: CaseContext, stateAfter: CaseState): Projector {
  return async (trx, caseId, events) => {
    const last = events[events.length - 1];
    await projectCase(trx, caseId, context, stateAfter, last?.at ?? new Date(0));
  };
}

/**
 * Rebuilds every case's read models from its events, one transaction per case. `now` decides
 * whether a deadline has been missed.
 */
export async function rebuildReadModels(
  db: Kysely<Schema>,
  store: EventStore,
  contextOf: (caseId: string) => Promise<CaseContext | undefined>,
  now: Date,
): Promise<{ cases: number; skipped: readonly string[] }> {
  const ids = await db.selectFrom('case_events').select('case_id').distinct().orderBy('case_id').execute();
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
