/**
 * The web application's composition root: an ordered list of set-up steps over one Fastify
 * instance. Tests build the same app.
 */
import helmet from '@fastify/helmet';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { WorkingCalendar } from '../core/calendar/index.js';
import { procedures } from '../core/procedures/registry.js';
import { openApiDocument } from './openapi.js';
import { Problem, problem, type ProblemDetails } from './problem.js';
import { ROUTES, type CoreServices, type RouteDefinition } from './routes.js';

export const API_VERSION = '0.1.0';
const JSON_BODY_LIMIT = 1_048_576;

export function coreServices(): CoreServices {
  const standard = WorkingCalendar.create();
  return {
    procedures,
    calendar: (closures) => (closures.length === 0 ? standard : WorkingCalendar.create({ closures })),
  };
}

export interface AppOptions {
  readonly services: CoreServices;
  readonly logger?: FastifyServerOptions['logger'];
}

function sendProblem(reply: import('fastify').FastifyReply, details: ProblemDetails): void {
  void reply.status(details.status).type('application/problem+json').send(details);
}

async function setUpSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
    },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('cache-control', 'no-store');
    done(null, payload);
  });
}

function setUpErrors(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | Problem, request, reply) => {
    if (error instanceof Problem) {
      sendProblem(reply, { ...error.details, instance: request.url.split('?')[0] ?? request.url });
      return;
    }
    const status = error.statusCode ?? 500;
    if (status === 413) {
      sendProblem(reply, problem(413, 'too-large', 'The request is too large', `Requests may be at most ${String(JSON_BODY_LIMIT / 1_048_576)} MB`).details);
    } else if (status === 415) {
      sendProblem(reply, problem(415, 'unsupported-media-type', 'Send JSON', 'The request body must be application/json').details);
    } else if (status >= 400 && status < 500) {
      // Parser errors (malformed JSON, an empty body, a prototype-poisoning key): say what, never echo it.
      sendProblem(reply, problem(status, 'bad-request', 'The request could not be read', 'The body is not valid JSON, or uses a forbidden key').details);
    } else {
      request.log.error({ err: { name: error.name, code: error.code } }, 'unexpected failure');
      sendProblem(reply, problem(500, 'unexpected', 'Something went wrong', 'The failure has been logged; nothing was changed').details);
    }
  });
  app.setNotFoundHandler((request, reply) => {
    sendProblem(reply, problem(404, 'not-found', 'Not found', 'There is nothing at this address', { instance: request.url.split('?')[0] ?? request.url }).details);
  });
}

function setUpHealth(app: FastifyInstance, services: CoreServices): void {
  app.get('/ping', () => ({ status: 'ok' }));
  app.get('/health', (_request, reply) => {
    const loaded = services.procedures().size;
    const healthy = loaded > 0;
    void reply.status(healthy ? 200 : 503);
    return { status: healthy ? 'ok' : 'failing', checks: { procedures: { status: healthy ? 'ok' : 'failing', loaded } } };
  });
}

function setUpRoutes(app: FastifyInstance, routes: readonly RouteDefinition[], services: CoreServices): void {
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.url,
      handler: async (request) => {
        await Promise.resolve();
        return route.run({ params: request.params, query: request.query, body: request.body }, services);
      },
    });
  }
}

function setUpOpenApi(app: FastifyInstance, routes: readonly RouteDefinition[]): void {
  const document = openApiDocument(routes, API_VERSION);
  app.get('/api/openapi.json', () => document);
}

export async function createApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: JSON_BODY_LIMIT,
    return503OnClosing: true,
  });
  await setUpSecurityHeaders(app);
  setUpErrors(app);
  setUpHealth(app, options.services);
  setUpRoutes(app, ROUTES, options.services);
  setUpOpenApi(app, ROUTES);
  return app;
}
