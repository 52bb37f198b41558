/**
 * Attempt counters in the database, so that every app instance counts together: with counters in
 * memory, N instances would allow N times the limit. Each key (an address, an account) has a fixed
 * window that begins with its first attempt; one upsert counts an attempt and starts a new window
 * when the last has ended, atomically on both databases.
 *
 * Keys are stored as an HMAC under a server secret, never as the address or email itself: the
 * table holds no personal data, and a copy of it cannot be reversed by trying every address.
 *
 * `rateLimitStore` adapts the counters to @fastify/rate-limit's store interface.
 */
import { createHmac } from 'node:crypto';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../store/database.js';

export interface Count {
  /** Attempts in the current window, this one included. */
  readonly count: number;
  readonly windowEndsAt: Date;
}

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

const asError = (error: unknown) => (error instanceof Error ? error : new Error('the rate-limit counters could not be read'));

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
    const row = await this.db.selectFrom('rate_limits').select(['count', 'window_ends_at']).where('key', '=', this.keyOf(key)).executeTakeFirst();
    if (row === undefined || new Date(row.window_ends_at).getTime() <= now.getTime()) return { count: 0, windowEndsAt: now };
    return { count: row.count, windowEndsAt: new Date(row.window_ends_at) };
  }

  /** Forgets `key`'s attempts (after a successful sign-in, say). */
  async clear(key: string): Promise<void> {
    await this.db.deleteFrom('rate_limits').where('key', '=', this.keyOf(key)).execute();
  }

  /** Removes ended windows; returns how many. */
  async prune(now: Date): Promise<number> {
    const result = await this.db.deleteFrom('rate_limits').where('window_ends_at', '<=', now.toISOString()).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

/**
 * A store for @fastify/rate-limit over the shared counters. Each route's limit counts separately
 * (its store is a child scoped to the route); the clock is the app's.
 */
export function rateLimitStore(counters: RateLimitCounters, clock: () => Date): FastifyRateLimitStoreCtor {
  const toResult = (count: Count, now: Date) => ({ current: count.count, ttl: Math.max(0, count.windowEndsAt.getTime() - now.getTime()) });
  const answer = (counting: Promise<Count>, now: Date, callback: Callback) => {
    counting.then(
      (count) => {
        callback(null, toResult(count, now));
      },
      (error: unknown) => {
        callback(asError(error));
      },
    );
  };
  return class SharedStore implements FastifyRateLimitStore {
    constructor(
      _options: unknown,
      private readonly scope = 'every route',
    ) {}

    incr(key: string, callback: Callback, timeWindow: number): void {
      const now = clock();
      answer(counters.hit(`${this.scope}|${key}`, timeWindow, now), now, callback);
    }

    /** What @fastify/rate-limit calls to check without counting. */
    read(key: string, callback: Callback): void {
      const now = clock();
      answer(counters.read(`${this.scope}|${key}`, now), now, callback);
    }

    child(routeOptions: unknown): FastifyRateLimitStore {
      // The plugin passes the route's merged limit options, with the route under routeInfo.
      const route = (routeOptions as { routeInfo?: { method?: unknown; url?: unknown } }).routeInfo;
      const method = typeof route?.method === 'string' ? route.method : '';
      const url = typeof route?.url === 'string' ? route.url : '';
      return new SharedStore(undefined, `${method} ${url}`);
    }
  };
}
