/**
 * Migration 0021: a case that is no longer open has no next deadline in the case list. Before, the
 * list's summary kept the soonest missed deadline of a closed (withdrawn or concluded) case, so the
 * list gave it a "next deadline" that the case page, rightly, did not. The projection now leaves it
 * empty (src/store/readModels.ts); this clears the rows it wrote before.
 */
import { sql, type Kysely } from 'kysely';

export async function closedCasesHaveNoNextDeadline(db: Kysely<unknown>): Promise<void> {
  await sql`update case_summary set next_deadline_at = null where status <> 'open'`.execute(db);
}
