/**
 * Each case is an append-only stream of engine events. An append is accepted only against the
 * version the user acted on; events are hash-chained per case so that an edit, a deletion or a
 * reordering is detectable; read models are written in the same transaction as the events.
 */
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { CaseEvent } from '../core/engine/model.js';
import type { Schema } from './database.js';
import { caseEventCodec, type EventCodec, type StorableEvent } from './eventCodec.js';

export const GENESIS_HASH = '0'.repeat(64);

export class StaleVersionError extends Error {
  override name = 'StaleVersionError';
  constructor(
    readonly caseId: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`Case ${caseId} is at version ${String(actual)}, not ${String(expected)}: someone else has acted on it since`);
  }
}

export type Projector<E extends StorableEvent = CaseEvent> = (
  trx: Transaction<Schema>,
  caseId: string,
  events: readonly E[],
  version: number,
) => Promise<void>;

export interface ChainReport {
  readonly cases: number;
  readonly events: number;
  readonly broken: readonly { readonly caseId: string; readonly seq: number; readonly reason: string }[];
}

interface HashInput {
  readonly caseId: string;
  readonly seq: number;
  readonly type: string;
  readonly payload: string;
  readonly recordedAt: string;
  readonly actorId: string;
  readonly actorRole: string;
  readonly prevHash: string;
}

/** The hash covers every stored column but the hash itself, in a fixed order. */
export function eventHash(input: HashInput): string {
  const canonical = JSON.stringify([
    input.caseId,
    input.seq,
    input.type,
    input.payload,
    input.recordedAt,
    input.actorId,
    input.actorRole,
    input.prevHash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Streams of events of any shape the codec reads. Events are written in the codec's current
 * schema version and read back through its upcasters (ADR 0009); the store itself never looks
 * inside a payload, which is what lets tests stand in for a later version of this code.
 */
export class EventStreamStore<E extends StorableEvent> {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly codec: EventCodec<E>,
  ) {}

  async load(caseId: string): Promise<{ events: E[]; version: number }> {
    const rows = await this.db.selectFrom('case_events').select(['seq', 'payload']).where('case_id', '=', caseId).orderBy('seq').execute();
    return { events: rows.map((r) => this.decode(caseId, r.seq, r.payload)), version: rows.length };
  }

  /** One stored event, upcast and checked; throws UndecodableEventError naming the case and seq. */
  decode(caseId: string, seq: number, payload: string): E {
    return this.codec.decode(payload, { caseId, seq });
  }

  /** Appends in one transaction, or throws StaleVersionError having written nothing. */
  async append(caseId: string, expectedVersion: number, events: readonly E[], project?: Projector<E>): Promise<{ version: number }> {
    if (events.length === 0) return { version: expectedVersion };
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.appendOnce(caseId, expectedVersion, events, project);
      } catch (error) {
        // SQLite will not upgrade a reading transaction while another connection writes; the
        // whole transaction is retried, so it re-reads the head and judges staleness afresh.
        if (!isSqliteBusy(error) || attempt >= BUSY_RETRIES) throw error;
        await new Promise((resolve) => setTimeout(resolve, attempt * 5));
      }
    }
  }

  private appendOnce(caseId: string, expectedVersion: number, events: readonly E[], project?: Projector<E>): Promise<{ version: number }> {
    return this.db.transaction().execute(async (trx) => {
      const head = await trx
        .selectFrom('case_events')
        .select(['seq', 'hash'])
        .where('case_id', '=', caseId)
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      const current = head?.seq ?? 0;
      if (current !== expectedVersion) throw new StaleVersionError(caseId, expectedVersion, current);
      let prevHash = head?.hash ?? GENESIS_HASH;
      let seq = current;
      const rows = events.map((event) => {
        seq += 1;
        const row = {
          case_id: caseId,
          seq,
          type: event.type,
          payload: this.codec.encode(event),
          recorded_at: event.at.toISOString(),
          actor_id: event.by.id,
          actor_role: event.by.role,
          prev_hash: prevHash,
        };
        const hash = eventHash({
          caseId,
          seq,
          type: row.type,
          payload: row.payload,
          recordedAt: row.recorded_at,
          actorId: row.actor_id,
          actorRole: row.actor_role,
          prevHash,
        });
        prevHash = hash;
        return { ...row, hash };
      });
      try {
        await trx.insertInto('case_events').values(rows).execute();
      } catch (error) {
        // Another instance appended at the same version between our read and our write.
        if (isUniqueViolation(error)) throw new StaleVersionError(caseId, expectedVersion, expectedVersion + 1);
        throw error;
      }
      if (project) await project(trx, caseId, events, seq);
      return { version: seq };
    });
  }

  /** Recomputes every case's chain: edits, deletions and reorderings all break it. */
  async verifyChains(): Promise<ChainReport> {
    const rows = await this.db.selectFrom('case_events').selectAll().orderBy('case_id').orderBy('seq').execute();
    const broken: { caseId: string; seq: number; reason: string }[] = [];
    const cases = new Set<string>();
    let expectedSeq = 0;
    let prevHash = GENESIS_HASH;
    let currentCase: string | undefined;
    for (const row of rows) {
      if (row.case_id !== currentCase) {
        currentCase = row.case_id;
        cases.add(row.case_id);
        expectedSeq = 0;
        prevHash = GENESIS_HASH;
      }
      expectedSeq += 1;
      if (row.seq !== expectedSeq) {
        broken.push({ caseId: row.case_id, seq: row.seq, reason: `event ${String(expectedSeq)} is missing` });
        expectedSeq = row.seq;
      }
      if (row.prev_hash !== prevHash) broken.push({ caseId: row.case_id, seq: row.seq, reason: 'does not follow the event before it' });
      const recomputed = eventHash({
        caseId: row.case_id,
        seq: row.seq,
        type: row.type,
        payload: row.payload,
        recordedAt: row.recorded_at,
        actorId: row.actor_id,
        actorRole: row.actor_role,
        prevHash: row.prev_hash,
      });
      if (recomputed !== row.hash) broken.push({ caseId: row.case_id, seq: row.seq, reason: 'has been altered since it was recorded' });
      prevHash = row.hash;
    }
    return { cases: cases.size, events: rows.length, broken };
  }
}

/** The store of this code's case events. */
export class EventStore extends EventStreamStore<CaseEvent> {
  constructor(db: Kysely<Schema>) {
    super(db, caseEventCodec);
  }
}

const BUSY_RETRIES = 20;

function isSqliteBusy(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  // SQLite (better-sqlite3) and PostgreSQL (23505) report a duplicate key differently.
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}
