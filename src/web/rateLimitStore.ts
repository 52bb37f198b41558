/** @fastify/rate-limit's store over the attempt counters in the database (service/rateLimits.ts). */
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Count, RateLimitCounters } from '../service/rateLimits.js';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

const asError = (error: unknown) => (error instanceof Error ? error : new Error('the rate-limit counters could not be read'));

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
