/**
 * Every declared route, behind one pre-handler: password-attempt limits, then the permission the
 * route names (a refusal is audited), then CSRF for changes made with a session cookie.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { may } from '../../service/permissions.js';
import type { Services } from '../../service/services.js';
import { serializerOptions } from '../openapi.js';
import { problem } from '../problem.js';
import { isReply, type CoreServices, type RouteDefinition } from '../route.js';
import type { SignInLimits } from './signInLimits.js';

export function setUpRoutes(
  app: FastifyInstance,
  routes: readonly RouteDefinition[],
  options: { readonly core: CoreServices; readonly services: Services },
  clock: () => Date,
  signInLimits: SignInLimits,
): void {
  for (const route of routes) {
    const passwordAttempts = route.passwordAttempts;
    app.route({
      method: route.method,
      url: route.url,
      ...(route.bodyType === 'document' ? { bodyLimit: options.services.documents.maxBytes } : {}),
      // The success body is serialized from its schema: a property the schema does not describe is never sent.
      ...serializerOptions(route),
      // Before the reply leaves, so the client's next attempt cannot overtake the taking back.
      ...(passwordAttempts === undefined
        ? {}
        : {
            onSend: async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
              await signInLimits.afterAttempt(request, reply);
              return payload;
            },
          }),
      preHandler: async (request, reply) => {
        if (passwordAttempts !== undefined) await signInLimits.beforeAttempt(request, reply, passwordAttempts === 'address-and-account');
        if (route.access === 'public') return;
        const principal = request.principal;
        if (principal === undefined)
          throw problem(
            401,
            'unauthenticated',
            'Not signed in',
            'Sign in at POST /api/v1/session, or send an API token as Authorization: Bearer',
          );
        if (route.access !== 'signed-in' && !may(principal, route.access)) {
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
        if (principal.kind === 'user' && route.method !== 'GET') {
          await new Promise<void>((resolve, reject) => {
            app.csrfProtection(request, reply, (error?: Error) => {
              if (error === undefined) resolve();
              else reject(error);
            });
          });
        }
      },
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
}
