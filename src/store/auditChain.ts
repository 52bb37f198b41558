/**
 * The audit trail is one hash chain, like each case's events (eventCodec.ts): every entry carries
 * its position, the hash of the entry before it and its own hash over both, so an entry altered,
 * removed or inserted afterwards is detectable. A one-row head holds the last position and hash;
 * each batch of entries locks it (a write to the row, first thing in the transaction), extends
 * the chain and moves it, so instances take turns and the chain never forks (positions are also
 * unique in the table). On PostgreSQL a batch is one statement instead (AuditChainWriter), so
 * the chain costs no extra round trips. Removing entries from the end and rewinding the head together is not
 * detectable from the database alone; an exported head (verify-chains prints it) anchors it.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { AuditLogTable, Database, Schema } from './database.js';

export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/** An entry's fields as chained: everything but the database's own id. */
export type AuditFields = Pick<
  AuditLogTable,
  'at' | 'partnership_id' | 'actor_id' | 'actor_role' | 'action' | 'subject_type' | 'subject_id' | 'outcome'
>;

export interface ChainedEntry extends AuditFields {
  readonly chain_seq: number;
  readonly prev_hash: string;
  readonly hash: string;
}

export function auditHash(entry: AuditFields, chainSeq: number, prevHash: string): string {
  const fields = [
    chainSeq,
    prevHash,
    entry.at,
    entry.partnership_id,
    entry.actor_id,
    entry.actor_role,
    entry.action,
    entry.subject_type,
    entry.subject_id,
    entry.outcome,
  ];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

/** Chains `entries` on from `head`; returns the rows to insert and the new head. */
export function extendChain(
  head: { seq: number; hash: string },
  entries: readonly AuditFields[],
): { rows: ChainedEntry[]; head: { seq: number; hash: string } } {
  let { seq, hash } = head;
  const rows = entries.map((entry) => {
    seq += 1;
    const row = { ...entry, chain_seq: seq, prev_hash: hash, hash: auditHash(entry, seq, hash) };
    hash = row.hash;
    return row;
  });
  return { rows, head: { seq, hash } };
}

/** Appends entries to the chain in the caller's transaction, taking the head's lock first. */
export async function appendToChain(trx: Transaction<Schema>, entries: readonly AuditFields[]): Promise<void> {
  // A write first: PostgreSQL locks the row, SQLite takes the write lock, until commit.
  const head = await trx
    .updateTable('audit_chain_head')
    .set({ seq: sql<number>`seq` })
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  const extended = extendChain(head, entries);
  await trx.insertInto('audit_log').values(extended.rows).execute();
  await trx.updateTable('audit_chain_head').set(extended.head).where('id', '=', 1).execute();
}

const APPEND_ATTEMPTS = 100;

/**
 * Appends batches of entries to the chain. On SQLite (in-process, so statements cost no round
 * trips) each batch is a transaction that locks the head first. On PostgreSQL each batch is one
 * statement that moves the head only if it is where this instance last saw it, and inserts the
 * entries only if it moved; when another instance has moved it meanwhile, nothing is written,
 * the head is read again and the batch rechained. One instance alone never has to retry.
 */
export class AuditChainWriter {
  /** The head as this instance last wrote or read it; undefined to read it afresh. */
  private head: { seq: number; hash: string } | undefined;

  constructor(private readonly database: Pick<Database, 'db' | 'dialect'>) {}

  async append(entries: readonly AuditFields[]): Promise<void> {
    const { db, dialect } = this.database;
    if (dialect === 'sqlite') {
      await db.transaction().execute((trx) => appendToChain(trx, entries));
      return;
    }
    for (let attempt = 1; attempt <= APPEND_ATTEMPTS; attempt += 1) {
      const head =
        this.head ?? (await db.selectFrom('audit_chain_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow());
      const extended = extendChain(head, entries);
      const values = extended.rows.map(
        (r) =>
          sql`(${r.at}, ${r.partnership_id}, ${r.actor_id}, ${r.actor_role}, ${r.action}, ${r.subject_type}, ${r.subject_id}, ${r.outcome}, ${r.chain_seq}::integer, ${r.prev_hash}, ${r.hash})`,
      );
      const result = await sql`
        with moved as (
          update audit_chain_head set seq = ${extended.head.seq}, hash = ${extended.head.hash}
          where id = 1 and seq = ${head.seq} and hash = ${head.hash} returning id
        )
        insert into audit_log (at, partnership_id, actor_id, actor_role, action, subject_type, subject_id, outcome, chain_seq, prev_hash, hash)
        select v.* from (values ${sql.join(values)}) as v where exists (select 1 from moved)`.execute(db);
      if (Number(result.numAffectedRows ?? 0) === entries.length) {
        this.head = extended.head;
        return;
      }
      this.head = undefined;
    }
    throw new Error(`the audit chain's head kept moving: ${String(APPEND_ATTEMPTS)} attempts to append failed`);
  }
}

const PAGE = 5_000;

export interface AuditChainReport {
  readonly entries: number;
  readonly head: { readonly seq: number; readonly hash: string };
  readonly broken: readonly { readonly seq: number; readonly reason: string }[];
}

/** Recomputes the whole chain, a page at a time: edits, removals and insertions all break it. */
export async function verifyAuditChain(db: Kysely<Schema>): Promise<AuditChainReport> {
  const broken: { seq: number; reason: string }[] = [];
  let expected = 0;
  let prevHash = AUDIT_GENESIS_HASH;
  let entries = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('chain_seq', '>', expected).orderBy('chain_seq').limit(PAGE).execute();
    for (const row of rows) {
      entries += 1;
      expected += 1;
      if (row.chain_seq !== expected) {
        broken.push({ seq: row.chain_seq, reason: `entries ${String(expected)} to ${String(row.chain_seq - 1)} are missing` });
        expected = row.chain_seq;
      }
      if (row.prev_hash !== prevHash) broken.push({ seq: row.chain_seq, reason: 'does not follow the entry before it' });
      if (auditHash(row, row.chain_seq, row.prev_hash) !== row.hash)
        broken.push({ seq: row.chain_seq, reason: 'has been altered since it was recorded' });
      prevHash = row.hash;
    }
    if (rows.length < PAGE) break;
  }
  const head = (await db.selectFrom('audit_chain_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst()) ?? {
    seq: -1,
    hash: '',
  };
  if (head.seq !== expected || head.hash !== prevHash)
    broken.push({
      seq: head.seq,
      reason: `the chain's head says it ends at entry ${String(head.seq)}, but the entries end at ${String(expected)}`,
    });
  return { entries, head, broken };
}

/** For the migration that began the chain: chains the entries already written, in the order written. */
export async function chainExisting(db: Kysely<Schema>): Promise<{ seq: number; hash: string }> {
  let head = { seq: 0, hash: AUDIT_GENESIS_HASH };
  let lastId = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('id', '>', lastId).orderBy('id').limit(PAGE).execute();
    for (const row of rows) {
      const extended = extendChain(head, [row]);
      const [chained] = extended.rows;
      if (chained === undefined) continue;
      await db
        .updateTable('audit_log')
        .set({ chain_seq: chained.chain_seq, prev_hash: chained.prev_hash, hash: chained.hash })
        .where('id', '=', row.id)
        .execute();
      head = extended.head;
      lastId = row.id;
    }
    if (rows.length < PAGE) return head;
  }
}
