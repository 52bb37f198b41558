/** Sessions in the database (every instance sees them) with their cookie, and CSRF tokens for changes made with it. */
import fastifyCookie from '@fastify/cookie';
import csrfProtection from '@fastify/csrf-protection';
import fastifySession from '@fastify/session';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Sessions } from '../../service/sessions.js';
import { sessionStoreOver } from '../sessionStore.js';

export const SESSION_COOKIE = 'cc_session';

declare module 'fastify' {
  interface Session {
    userId?: string;
    /** When the person signed in (ISO 8601): the session ends a fixed time after, however active (ADR 0019). */
    signedInAt?: string;
  }
}

export async function setUpSessions(
  app: FastifyInstance,
  options: { readonly sessions: Sessions; readonly sessionSecret: string; readonly secureCookies: boolean },
): Promise<void> {
  await app.register(fastifyCookie);
  await app.register(fastifySession, {
    secret: options.sessionSecret,
    cookieName: SESSION_COOKIE,
    store: sessionStoreOver(options.sessions),
    saveUninitialized: false,
    cookie: { httpOnly: true, secure: options.secureCookies, sameSite: 'lax', path: '/', maxAge: 8 * 60 * 60 * 1000 },
  });
  await app.register(csrfProtection, { sessionPlugin: '@fastify/session' });
}

/**
 * Starts a session for the user under a new id (so that an id known before signing in is worth
 * nothing after), its absolute limit counted from signedInAt: now on signing in, the original
 * sign-in when a password change renews the id.
 */
export async function startSession(request: FastifyRequest, userId: string, signedInAt: string): Promise<void> {
  await request.session.regenerate();
  request.session.set('userId', userId);
  request.session.set('signedInAt', signedInAt);
}

/**
 * After a password change: the session continues under a new id, as the same sign-in (its absolute
 * limit still counts from then). Gives the new id.
 */
export async function renewSession(request: FastifyRequest, userId: string, now: Date): Promise<string> {
  await startSession(request, userId, request.session.get('signedInAt') ?? now.toISOString());
  return request.session.sessionId;
}
