/**
 * The case summary read model, written in the same transaction as the events it summarises, and
 * rebuildable from the events alone.
 */
import type { Kysely, Transaction } from 'kysely';
import { fold } from '../core/engine/evolve.js';
import type { CaseState } from '../core/engine/model.js';
import type { Schema } from './database.js';
import type { EventStore, Projector } from './eventStore.js';

async function upsertSummary(trx: Transaction<Schema> | Kysely<Schema>, caseId: string, state: CaseState, updatedAt: Date): Promise<void> {
  if (state.status === 'not-raised') return;
  const raisedAt = state.stageHistory[0]?.enteredAt ?? updatedAt;
  const row = {
    case_id: caseId,
    procedure_id: state.procedureId,
    stage: state.stage,
    status: state.status,
    version: state.version,
    raised_at: raisedAt.toISOString(),
    updated_at: updatedAt.toISOString(),
  };
  await trx
    .insertInto('case_summary')
    .values(row)
    .onConflict((oc) => oc.column('case_id').doUpdateSet({ stage: row.stage, status: row.status, version: row.version, updated_at: row.updated_at }))
    .execute();
}

/** A projector for an append whose resulting state the caller has already folded. */
export function summaryProjector(stateAfter: CaseState): Projector {
  return async (trx, caseId, events) => {
    const last = events[events.length - 1];
    await upsertSummary(trx, caseId, stateAfter, last?.at ?? new Date(0));
  };
}

/** Rebuilds every case summary from the events, one transaction per case. */
export async function rebuildCaseSummaries(db: Kysely<Schema>, store: EventStore): Promise<number> {
  await db.deleteFrom('case_summary').execute();
  const ids = await db.selectFrom('case_events').select('case_id').distinct().execute();
  for (const { case_id: caseId } of ids) {
    const { events } = await store.load(caseId);
    const state = fold(events);
    const last = events[events.length - 1];
    await db.transaction().execute((trx) => upsertSummary(trx, caseId, state, last?.at ?? new Date(0)));
  }
  return ids.length;
}
