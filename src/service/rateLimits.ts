/**
 * Attempt counters in the database, so that every app instance counts together: with counters in
 * memory, N instances would allow N times the limit. Each key (an address, an account) has a fixed
 * window that begins with its first attempt; one upsert counts an attempt and starts a new window
 * when the last has ended, atomically on both databases.
 *
 * Keys are stored as an HMAC under a server secret, never as the address or email itself: the
 * table holds no personal data, and a copy of it cannot be reversed by trying every address.
 *
 * src/web/plugins/signInLimits.ts counts failed password attempts with them.
 */
import { createHmac } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../store/database.js';

export interface Count {
  /** Attempts in the current window, this one included. */
  readonly count: number;
  readonly windowEndsAt: Date;
}

export class RateLimitCounters {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly keySecret: string,
  ) {}

  private keyOf(key: string): string {
    return createHmac('sha256', this.keySecret).update(key).digest('hex');
  }

  /** Counts an attempt for `key` at `now` and answers the count in its window. */
  async hit(key: string, windowMs: number, now: Date): Promise<Count> {
    const at = now.toISOString();
    const ends = new Date(now.getTime() + windowMs).toISOString();
    const ended = sql<boolean>`rate_limits.window_ends_at <= ${at}`;
    const row = await this.db
      .insertInto('rate_limits')
      .values({ key: this.keyOf(key), count: 1, window_ends_at: ends })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          count: sql<number>`case when ${ended} then 1 else rate_limits.count + 1 end`,
          window_ends_at: sql<string>`case when ${ended} then ${ends} else rate_limits.window_ends_at end`,
        }),
      )
      .returning(['count', 'window_ends_at'])
      .executeTakeFirstOrThrow();
    return { count: row.count, windowEndsAt: new Date(row.window_ends_at) };
  }

  /** The count for `key` at `now` without counting: zero once its window has ended. */
  async read(key: string, now: Date): Promise<Count> {
    const row = await this.db
      .selectFrom('rate_limits')
      .select(['count', 'window_ends_at'])
      .where('key', '=', this.keyOf(key))
      .executeTakeFirst();
    if (row === undefined || new Date(row.window_ends_at).getTime() <= now.getTime()) return { count: 0, windowEndsAt: now };
    return { count: row.count, windowEndsAt: new Date(row.window_ends_at) };
  }

  /** Takes back one attempt counted for `key` in its current window (it succeeded: only failures count). */
  async takeBack(key: string, now: Date): Promise<void> {
    await this.db
      .updateTable('rate_limits')
      .set({ count: sql<number>`rate_limits.count - 1` })
      .where('key', '=', this.keyOf(key))
      .where('count', '>', 0)
      .where('window_ends_at', '>', now.toISOString())
      .execute();
  }

  /** Removes ended windows; returns how many. */
  async prune(now: Date): Promise<number> {
    const result = await this.db.deleteFrom('rate_limits').where('window_ends_at', '<=', now.toISOString()).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
