/**
 * Every declared route, behind one request hook that runs before any body is read: the permission
 * the route names (a refusal is audited), then CSRF for changes made with a session cookie. Routes
 * that check a password count attempts per account once the body is read.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { may } from '../../service/permissions.js';
import type { Services } from '../../service/services.js';
import { serializerOptions } from '../openapi.js';
import { problem } from '../problem.js';
import { isReply, type BodyType, type CoreServices, type RouteDefinition } from '../route.js';
import { acceptBodies } from './bodies.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The body the route accepts, for the 415 that says what to send. */
    bodyType?: BodyType;
  }
}
import type { SignInLimits } from './signInLimits.js';

/**
 * A refusal before the body is read closes the connection once answered: keeping it open would
 * mean reading, or waiting for, the body nobody will use.
 */
function refuseUnread(request: FastifyRequest, reply: FastifyReply): void {
  const headers = request.headers;
  if (headers['content-length'] !== undefined || headers['transfer-encoding'] !== undefined) void reply.header('connection', 'close');
}

export function setUpRoutes(
  app: FastifyInstance,
  routes: readonly RouteDefinition[],
  options: { readonly core: CoreServices; readonly services: Services },
  clock: () => Date,
  signInLimits: SignInLimits,
): void {
  const bodyTypes = [...new Set(routes.map((route) => route.bodyType ?? 'json'))];
  for (const bodyType of bodyTypes) {
    // Each kind of body in its own scope, so its parser serves only the routes that accept it.
    void app.register((scope, _options, done) => {
      acceptBodies(scope, bodyType);
      for (const route of routes) if ((route.bodyType ?? 'json') === bodyType) setUpRoute(scope, route, options, clock, signInLimits);
      done();
    });
  }
}

function setUpRoute(
  app: FastifyInstance,
  route: RouteDefinition,
  options: { readonly core: CoreServices; readonly services: Services },
  clock: () => Date,
  signInLimits: SignInLimits,
): void {
  const passwordAttempts = route.passwordAttempts;
  app.route({
    method: route.method,
    url: route.url,
    ...(route.bodyType === 'document' ? { bodyLimit: options.services.documents.maxBytes } : {}),
    // The success body is serialized from its schema: a property the schema does not describe is never sent.
    ...serializerOptions(route),
    config: { bodyType: route.bodyType ?? 'json' },
    // Before the reply leaves, so the client's next attempt cannot overtake the taking back.
    ...(passwordAttempts === undefined
      ? {}
      : {
          onSend: async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
            await signInLimits.afterAttempt(request, reply);
            return payload;
          },
        }),
    // Who may call is decided before the body is read, so an upload nobody may make is refused
    // without taking its megabytes (issue 11 point 1, ADR 0018).
    onRequest: async (request, reply) => {
      if (route.access === 'public') return;
      const principal = request.principal;
      if (principal === undefined) {
        refuseUnread(request, reply);
        throw problem(
          401,
          'unauthenticated',
          'Not signed in',
          'Sign in at POST /api/v1/session, or send an API token as Authorization: Bearer',
        );
      }
      if (route.access !== 'signed-in' && !may(principal, route.access)) {
        refuseUnread(request, reply);
        await options.services.audit.record({
          at: clock(),
          principal,
          action: `denied:${route.operationId}`,
          subjectType: 'route',
          subjectId: route.url,
          outcome: 'denied',
        });
        throw problem(403, 'forbidden', 'Not permitted', 'Your role may not do this');
      }
      // The token is read from the x-csrf-token header: the body is not read yet.
      if (principal.kind === 'user' && route.method !== 'GET') {
        await new Promise<void>((resolve, reject) => {
          app.csrfProtection(request, reply, (error?: Error) => {
            if (error === undefined) resolve();
            else {
              refuseUnread(request, reply);
              reject(error);
            }
          });
        });
      }
    },
    // Counted once the body says whose account it is (the only check that waits for the body).
    ...(passwordAttempts === undefined
      ? {}
      : {
          preHandler: async (request: FastifyRequest, reply: FastifyReply) => {
            await signInLimits.beforeAttempt(request, reply, passwordAttempts === 'address-and-account');
          },
        }),
    handler: async (request, reply) => {
      const result = await route.run(
        { params: request.params, query: request.query, body: request.body },
        { core: options.core, services: options.services, principal: request.principal, now: clock(), request, reply },
      );
      if (result === undefined) return reply.status(204).send();
      if (isReply(result)) {
        void reply.status(result.status).headers(result.headers);
        return Buffer.isBuffer(result.body) ? reply.send(result.body) : result.body;
      }
      return result;
    },
  });
}
