/**
 * Human case references, PREFIX-YEAR-SEQ (KENT-2026-0042): the partnership's prefix, the London
 * year the case was raised in, and the next number in that partnership's sequence for that year
 * (ADR 0022). A number is taken by raising a counter row in the raise's own transaction: two
 * instances raising at once queue on that row, so each gets its own number, and a raise that
 * fails takes its number back with it. Numbers are never given twice: the counter only rises.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { londonDateOf } from '../core/calendar/index.js';
import type { Schema } from './database.js';

type Db = Kysely<Schema> | Transaction<Schema>;

/**
 * A partnership's prefix from its id: one word upper-cased (kent: KENT, camden: CAMDEN), several
 * words by their initials (kingston-richmond: KR, pan-sussex: PS), at most 10 letters.
 */
export function derivePrefix(partnershipId: string): string {
  const words = partnershipId
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((w) => w !== '');
  if (words.length === 0) return 'CASE';
  const prefix = words.length === 1 ? (words[0] ?? '') : words.map((w) => w.charAt(0)).join('');
  return prefix.slice(0, 10);
}

/** A prefix no other partnership has: the derived one, or it with 2, 3, ... after it. */
export function uniquePrefix(partnershipId: string, taken: ReadonlySet<string>): string {
  const base = derivePrefix(partnershipId);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n += 1) {
    const candidate = `${base}${String(n)}`;
    if (!taken.has(candidate)) return candidate;
  }
}

export function formatReference(prefix: string, year: number, seq: number): string {
  return `${prefix}-${String(year)}-${String(seq).padStart(4, '0')}`;
}

/** The London year of an instant: a case raised at 00:30 BST on 1 January... is in the new year only by London's clock. */
export function londonYearOf(instant: Date): number {
  return Number(londonDateOf(instant).slice(0, 4));
}

/**
 * The partnership's stored prefix, deriving and storing it the first time it is asked for. Two
 * first raises at once (two instances) may both derive it: the other partnerships' prefixes are
 * what is taken (never this one's own, which the other raise may just have stored), and only a
 * prefix still unset is written, so the first written stands and both read it back.
 */
export async function prefixOf(db: Db, partnershipId: string): Promise<string> {
  const stored = async () =>
    (await db.selectFrom('partnerships').select('case_reference_prefix').where('id', '=', partnershipId).executeTakeFirst())
      ?.case_reference_prefix ?? null;
  const existing = await stored();
  if (existing !== null) return existing;
  const taken = new Set(
    (
      await db
        .selectFrom('partnerships')
        .select('case_reference_prefix')
        .where('case_reference_prefix', 'is not', null)
        .where('id', '!=', partnershipId)
        .execute()
    ).flatMap((r) => (r.case_reference_prefix === null ? [] : [r.case_reference_prefix])),
  );
  await db
    .updateTable('partnerships')
    .set({ case_reference_prefix: uniquePrefix(partnershipId, taken) })
    .where('id', '=', partnershipId)
    .where('case_reference_prefix', 'is', null)
    .execute();
  const prefix = await stored();
  if (prefix === null) throw new Error(`partnership ${partnershipId} has no case reference prefix`);
  return prefix;
}

/** Takes the next number for the partnership and year; call inside the transaction that records the case. */
export async function nextReference(
  trx: Db,
  partnershipId: string,
  raisedAt: Date,
): Promise<{ reference: string; year: number; seq: number }> {
  const year = londonYearOf(raisedAt);
  const prefix = await prefixOf(trx, partnershipId);
  const { last_seq: seq } = await trx
    .insertInto('case_reference_counters')
    .values({ partnership_id: partnershipId, year, last_seq: 1 })
    .onConflict((oc) => oc.columns(['partnership_id', 'year']).doUpdateSet({ last_seq: sql<number>`case_reference_counters.last_seq + 1` }))
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return { reference: formatReference(prefix, year, seq), year, seq };
}

/** A reference as typed by a person: trimmed and upper-cased (kent-2026-0042 finds KENT-2026-0042). */
export function normaliseReference(text: string): string {
  return text.trim().toUpperCase();
}
