/**
 * Password attempts limited per address and per account, counted in the database so that every
 * instance counts together (ADR 0005, amended by ADR 0019).
 *
 * Only failures count: each attempt is counted before the password is checked (so simultaneous
 * guesses cannot slip past) and a success takes its count back. Nobody can lock the right person
 * out: once an account has had too many failures it is under attack, and from then on only
 * addresses that have failed on it a few times are refused; the right password from any other
 * address still signs in.
 */
import { createHmac } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../service/services.js';
import { problem } from '../problem.js';

const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
/** Failures on an account under attack that one address may make in a window before it is refused: room for a typo. */
export const FAILURES_PER_ADDRESS_ON_AN_ACCOUNT_UNDER_ATTACK = 2;

export const minutesUntil = (milliseconds: number) => {
  const minutes = Math.max(1, Math.ceil(milliseconds / 60_000));
  return `${String(minutes)} minute${minutes === 1 ? '' : 's'}`;
};

/** How password attempts are limited, for the routes that declare passwordAttempts. */
export interface SignInLimits {
  /** Counts an attempt from the caller's address (and on the account named in the body); refuses once over a limit. */
  readonly beforeAttempt: (request: FastifyRequest, reply: FastifyReply, perAccount: boolean) => Promise<void>;
  /** A successful attempt (200, or a page's 303) takes back what it counted: only failures count. */
  readonly afterAttempt: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The attempt counters this request counted, to take back if it succeeds. */
    countedAttempts: readonly string[] | undefined;
    /** The password was right but the request did not succeed (a sign-in that must choose a partnership): not a failure. */
    passwordAccepted: boolean;
  }
}

const emailOf = (body: unknown) =>
  typeof body === 'object' && body !== null && 'email' in body && typeof body.email === 'string'
    ? body.email.trim().toLowerCase()
    : undefined;

function refuse(reply: FastifyReply, now: Date, windowEndsAt: Date, what: 'from this address' | 'to this account'): never {
  const wait = windowEndsAt.getTime() - now.getTime();
  void reply.header('retry-after', String(Math.max(1, Math.ceil(wait / 1000))));
  throw problem(
    429,
    'too-many-attempts',
    'Too many attempts',
    `There have been too many attempts to sign in ${what}. Try again in ${minutesUntil(wait)}`,
  );
}

/**
 * Failures are limited per address (per route), to the configured number in 15 minutes; and per
 * account, whatever the address, against guessing one account's password from many machines.
 * The address is the one Fastify derives from the configured number of trusted proxy hops.
 */
export function setUpSignInLimits(
  app: FastifyInstance,
  options: { readonly services: Services; readonly sessionSecret: string; readonly signInAttemptsPer15Minutes?: number },
  clock: () => Date,
): SignInLimits {
  const keySecret = createHmac('sha256', options.sessionSecret).update('rate-limit keys').digest('hex');
  const counters = options.services.attemptCounters(keySecret);
  const max = options.signInAttemptsPer15Minutes ?? 20;
  app.decorateRequest('countedAttempts', undefined);
  app.decorateRequest('passwordAccepted', false);
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
    beforeAttempt: async (request, reply, perAccount) => {
      const now = clock();
      const addressKey = `address|${request.routeOptions.url ?? request.url}|${request.ip}`;
      const email = perAccount ? emailOf(request.body) : undefined;
      if (perAccount && email === undefined) return; // the route answers 400
      const keys = email === undefined ? [addressKey] : [addressKey, `account|${email}`, `account-address|${email}|${request.ip}`];
      const [address, account, accountFromAddress] = await Promise.all(keys.map((key) => counters.hit(key, SIGN_IN_WINDOW_MS, now)));
      request.countedAttempts = keys;
      if (address !== undefined && address.count > max) refuse(reply, now, address.windowEndsAt, 'from this address');
      if (email === undefined || account === undefined || accountFromAddress === undefined) return;
      if (account.count === max + 1) {
        // Recorded once per window, in the audit trail of the account's partnership.
        for (const user of await options.services.staff.accountsByEmail(email)) {
          await options.services.audit.record({
            at: now,
            principal: { id: 'anonymous', role: 'anonymous', partnershipId: user.partnershipId },
            action: 'session.sign-in-limit',
            subjectType: 'user',
            subjectId: user.id,
            outcome: 'denied',
          });
        }
      }
      if (account.count > max && accountFromAddress.count > FAILURES_PER_ADDRESS_ON_AN_ACCOUNT_UNDER_ATTACK)
        refuse(reply, now, accountFromAddress.windowEndsAt, 'to this account');
    },
    afterAttempt: async (request, reply) => {
      const counted = request.countedAttempts;
      // 200 from the API; 303 from a page, which redirects once signed in or changed; or a password proven right.
      if ((reply.statusCode !== 200 && reply.statusCode !== 303 && !request.passwordAccepted) || counted === undefined) return;
      const now = clock();
      await Promise.all(counted.map((key) => counters.takeBack(key, now)));
    },
  };
}
