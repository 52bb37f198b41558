/**
 * Signing in and out with a local account, and changing one's own password. Sign-in is
 * rate-limited per address and per email; a password change per address.
 */
import { z } from 'zod';
import { changePasswordAudited } from '../../service/passwordChange.js';
import { signInAudited } from '../../service/signIn.js';
import { renewSession, SESSION_COOKIE, startSession } from '../plugins/sessions.js';
import { problem } from '../problem.js';
import { defineRoute, type RouteDefinition } from '../route.js';
import { passwordChange, signIn } from '../schemas.js';
import { csrfToken, currentSession, signedIn } from '../responses.js';

const me = z.strictObject({});

export const SESSION_ROUTES: readonly RouteDefinition[] = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/session',
    operationId: 'signIn',
    summary: 'Sign in with email and password; sets the session cookie and returns the CSRF token for later changes',
    tag: 'Session',
    access: 'public',
    audit: ['session.sign-in', 'session.sign-in-limit'],
    passwordAttempts: 'address-and-account',
    body: signIn,
    responses: {
      200: 'Signed in',
      400: 'Invalid request',
      401: 'Wrong email or password',
      409: 'The email and password sign in to accounts in several partnerships: choose one (partnershipId)',
      429: 'Too many attempts',
    },
    result: signedIn,
    handler: async ({ body }, { services, request, reply, now }) => {
      const signedIn = await signInAudited(services, body, {
        now,
        startSession: (principal) => startSession(request, principal.id, now.toISOString()),
      });
      if (signedIn.outcome === 'refused')
        throw problem(401, 'sign-in-failed', 'Sign-in failed', 'The email address or password is not right');
      if (signedIn.outcome === 'choose') {
        // Only partnerships in which this password is right are named: the caller has proved each.
        request.passwordAccepted = true;
        throw problem(
          409,
          'choose-partnership',
          'Choose a partnership',
          'You have an account in more than one partnership: sign in again with the partnershipId of the one you want',
          { partnerships: signedIn.partnerships },
        );
      }
      const { principal, name } = signedIn;
      const csrfToken = reply.generateCsrf();
      return { user: { id: principal.id, name, role: principal.role, partnershipId: principal.partnershipId }, csrfToken };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/session',
    operationId: 'currentSession',
    summary: 'Who is signed in, with a CSRF token for changes',
    tag: 'Session',
    access: 'signed-in',
    query: me,
    responses: { 200: 'The signed-in user', 401: 'Not signed in' },
    result: currentSession,
    handler: (_input, { principal, reply }) => ({
      principal,
      ...(principal.kind === 'user' ? { csrfToken: reply.generateCsrf() } : {}),
    }),
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/session',
    operationId: 'signOut',
    summary: 'Sign out: the session ends on every instance, and its cookie is cleared',
    tag: 'Session',
    access: 'signed-in',
    responses: { 204: 'Signed out', 401: 'Not signed in' },
    handler: async (_input, { request, reply }) => {
      await request.session.destroy();
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return undefined;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/session/password',
    operationId: 'changePassword',
    summary: 'Change your own password, giving your current one; your other sessions end, and this one continues under a new id',
    tag: 'Session',
    access: 'signed-in',
    audit: ['session.password-change'],
    passwordAttempts: 'address',
    body: passwordChange,
    responses: {
      200: 'Changed: a new CSRF token for this session',
      400: 'Invalid request, or the current password is wrong',
      401: 'Not signed in',
      403: 'An API token has no password',
      429: 'Too many attempts',
    },
    result: csrfToken,
    handler: async ({ body }, { services, principal, request, reply, now }) => {
      if (principal.kind !== 'user') throw problem(403, 'forbidden', 'Not permitted', 'An API token has no password to change');
      await changePasswordAudited(services, principal, body, { now, renewSession: () => renewSession(request, principal.id, now) });
      return { csrfToken: reply.generateCsrf() };
    },
  }),
];
