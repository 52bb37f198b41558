/** Password attempts limited per address and per account, counted in the database. */
import { createHmac } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../service/services.js';
import { problem } from '../problem.js';
import { rateLimitStore } from '../rateLimitStore.js';

const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;

export const minutesUntil = (milliseconds: number) => {
  const minutes = Math.max(1, Math.ceil(milliseconds / 60_000));
  return `${String(minutes)} minute${minutes === 1 ? '' : 's'}`;
};

/** How password attempts are limited: route options for the routes that declare passwordAttempts. */
export interface SignInLimits {
  readonly config: { readonly rateLimit: { readonly max: number; readonly timeWindow: number } };
  /** Counts an attempt on the account named in the body; refuses once over the limit. */
  readonly beforeSignIn: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  /** A successful sign-in forgets the account's earlier attempts. */
  readonly afterSignIn: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
}

/**
 * Sign-in is limited per address (@fastify/rate-limit) and per account (whatever the address,
 * against guessing one account's password from many machines), each to the configured number
 * of attempts in 15 minutes. The counters are in the database, so instances count together
 * (ADR 0005).
 */
export async function setUpSignInLimits(
  app: FastifyInstance,
  options: { readonly services: Services; readonly sessionSecret: string; readonly signInAttemptsPer15Minutes?: number },
  clock: () => Date,
): Promise<SignInLimits> {
  const keySecret = createHmac('sha256', options.sessionSecret).update('rate-limit keys').digest('hex');
  const counters = options.services.attemptCounters(keySecret);
  await app.register(rateLimit, { global: false, store: rateLimitStore(counters, clock) });
  const max = options.signInAttemptsPer15Minutes ?? 20;
  const accountOf = (body: unknown) =>
    typeof body === 'object' && body !== null && 'email' in body && typeof body.email === 'string'
      ? `account|${body.email.trim().toLowerCase()}`
      : undefined;
  // Ended windows are forgotten on the next attempt anyway; this only keeps the table small.
  const pruning = setInterval(() => {
    counters.prune(clock()).catch((error: unknown) => {
      app.log.warn({ err: { name: error instanceof Error ? error.name : 'unknown' } }, 'could not prune ended rate-limit windows');
    });
  }, SIGN_IN_WINDOW_MS);
  pruning.unref();
  app.addHook('onClose', (_instance, done) => {
    clearInterval(pruning);
    done();
  });
  return {
    config: { rateLimit: { max, timeWindow: SIGN_IN_WINDOW_MS } },
    beforeSignIn: async (request, reply) => {
      const account = accountOf(request.body);
      if (account === undefined) return; // the route answers 400
      const now = clock();
      const { count, windowEndsAt } = await counters.hit(account, SIGN_IN_WINDOW_MS, now);
      if (count <= max) return;
      const wait = windowEndsAt.getTime() - now.getTime();
      void reply.header('retry-after', String(Math.max(1, Math.ceil(wait / 1000))));
      throw problem(
        429,
        'too-many-attempts',
        'Too many attempts',
        `There have been too many attempts to sign in to this account. Try again in ${minutesUntil(wait)}`,
      );
    },
    afterSignIn: async (request, reply) => {
      const account = accountOf(request.body);
      if (reply.statusCode === 200 && account !== undefined) await counters.clear(account);
    },
  };
}
