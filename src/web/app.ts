/**
 * The web application's composition root: an ordered list of set-up steps over one Fastify
 * instance. Tests build the same app over a real database.
 */
import { createHmac } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import csrfProtection from '@fastify/csrf-protection';
import rateLimit from '@fastify/rate-limit';
import fastifySession from '@fastify/session';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import helmet from 'helmet';
import { WorkingCalendar } from '../core/calendar/index.js';
import { procedures } from '../core/procedures/registry.js';
import { DOCUMENT_MEDIA_TYPES, formatBytes } from '../service/documents.js';
import { ServiceError } from '../service/errors.js';
import { may } from '../service/permissions.js';
import type { Principal } from '../service/principal.js';
import type { Services } from '../service/services.js';
import { openApiDocument } from './openapi.js';
import { Problem, problem, type ProblemDetails } from './problem.js';
import { Reply, type CoreServices, type RouteDefinition } from './route.js';
import { rateLimitStore } from './rateLimitStore.js';
import { ROUTES } from './routes/index.js';
import { sessionStoreOver } from './sessionStore.js';

export const API_VERSION = '0.2.0';
const JSON_BODY_LIMIT = 1_048_576;
const CSV_BODY_LIMIT = 2 * 1_048_576;
const SESSION_COOKIE = 'cc_session';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
  }
}
declare module 'fastify' {
  interface Session {
    userId?: string;
  }
}

export function coreServices(): CoreServices {
  const standard = WorkingCalendar.create();
  return {
    procedures,
    calendar: (closures) => (closures.length === 0 ? standard : WorkingCalendar.create({ closures })),
  };
}

export interface AppOptions {
  readonly core: CoreServices;
  readonly services: Services;
  readonly sessionSecret: string;
  /** Send cookies only over HTTPS (always, in production). */
  readonly secureCookies: boolean;
  readonly signInAttemptsPer15Minutes?: number;
  readonly logger?: FastifyServerOptions['logger'];
  /** The clock; tests fix it. */
  readonly clock?: () => Date;
  readonly trustProxy?: boolean;
}

function sendProblem(reply: FastifyReply, details: ProblemDetails): void {
  void reply.status(details.status).type('application/problem+json').send(details);
}

/** Log lines carry the route and outcome, never the query string, body, address or cookies. */
export const LOG_SERIALIZERS = {
  req: (request: FastifyRequest) => ({ method: request.method, route: request.routeOptions.url ?? 'unmatched', id: request.id }),
  res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
};

/**
 * Security headers from helmet, with a strict CSP for a JSON API. The middleware is built once, at
 * start-up: @fastify/helmet rebuilds it (parsing every directive) on each request, which cost a
 * third of a bare route's throughput (ADR 0007).
 */
function setUpSecurityHeaders(app: FastifyInstance): void {
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
    },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  });
  app.addHook('onRequest', (request, reply, done) => {
    // Helmet 8 throws rather than passing errors on, so its callback only ever means "go on".
    securityHeaders(request.raw, reply.raw, () => {
      done();
    });
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('cache-control', 'no-store');
    done(null, payload);
  });
}

async function setUpSessions(app: FastifyInstance, options: AppOptions): Promise<void> {
  await app.register(fastifyCookie);
  await app.register(fastifySession, {
    secret: options.sessionSecret,
    cookieName: SESSION_COOKIE,
    store: sessionStoreOver(options.services.sessions),
    saveUninitialized: false,
    cookie: { httpOnly: true, secure: options.secureCookies, sameSite: 'lax', path: '/', maxAge: 8 * 60 * 60 * 1000 },
  });
  await app.register(csrfProtection, { sessionPlugin: '@fastify/session' });
}

const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;

const minutesUntil = (milliseconds: number) => {
  const minutes = Math.max(1, Math.ceil(milliseconds / 60_000));
  return `${String(minutes)} minute${minutes === 1 ? '' : 's'}`;
};

/** How password attempts are limited: route options for the routes that declare passwordAttempts. */
interface SignInLimits {
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
async function setUpSignInLimits(app: FastifyInstance, options: AppOptions, clock: () => Date): Promise<SignInLimits> {
  const keySecret = createHmac('sha256', options.sessionSecret).update('rate-limit keys').digest('hex');
  const counters = options.services.attemptCounters(keySecret);
  await app.register(rateLimit, { global: false, store: rateLimitStore(counters, clock) });
  const max = options.signInAttemptsPer15Minutes ?? 20;
  const accountOf = (body: unknown) =>
    typeof body === 'object' && body !== null && 'email' in body && typeof body.email === 'string' ? `account|${body.email.trim().toLowerCase()}` : undefined;
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
      throw problem(429, 'too-many-attempts', 'Too many attempts', `There have been too many attempts to sign in to this account. Try again in ${minutesUntil(wait)}`);
    },
    afterSignIn: async (request, reply) => {
      const account = accountOf(request.body);
      if (reply.statusCode === 200 && account !== undefined) await counters.clear(account);
    },
  };
}

async function setUpPrincipal(app: FastifyInstance, services: Services): Promise<void> {
  app.decorateRequest('principal', undefined);
  app.addHook('preHandler', async (request) => {
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const [scheme, token] = authorization.split(' ', 2);
      const principal = scheme?.toLowerCase() === 'bearer' && token !== undefined ? await services.tokens.resolve(token) : undefined;
      if (principal === undefined) throw problem(401, 'unauthenticated', 'Not signed in', 'The API token is not valid, or has been revoked');
      request.principal = principal;
      return;
    }
    const userId = request.session.get('userId');
    if (userId === undefined) return;
    // Read with the session when it could be; the user's role and whether they are disabled are always current.
    const readWith = services.sessions.userReadWith(request.session.sessionId, userId);
    request.principal = readWith === undefined ? await services.directory.principalOfUser(userId) : readWith.principal;
  });
  await Promise.resolve();
}

function setUpBodies(app: FastifyInstance): void {
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: CSV_BODY_LIMIT }, (_request, body, done) => {
    done(null, body);
  });
  app.addContentTypeParser([...DOCUMENT_MEDIA_TYPES], { parseAs: 'buffer' }, (_request, body, done) => {
    done(null, body);
  });
}

function problemFor(error: ServiceError): ProblemDetails {
  const { extra } = error;
  switch (error.kind) {
    case 'invalid':
      return problem(400, 'invalid-request', 'The request is not valid', error.message, { 'invalid-params': extra.issues ?? [] }).details;
    case 'forbidden':
      return problem(403, 'forbidden', 'Not permitted', error.message).details;
    case 'not-found':
      return problem(404, 'not-found', 'Not found', error.message).details;
    case 'stale':
      return problem(409, 'stale-version', 'The case has changed since you read it', error.message, extra.currentVersion === undefined ? {} : { currentVersion: extra.currentVersion }).details;
    case 'conflict':
      return problem(409, 'conflict', 'Conflict', error.message).details;
    case 'too-large':
      return problem(413, 'too-large', 'The document is too large', error.message).details;
    case 'refused':
      return problem(422, 'refused-by-procedure', 'The procedure does not allow this', error.message, {
        ...(extra.clause === undefined ? {} : { clause: extra.clause }),
        ...(extra.problems === undefined ? {} : { problems: extra.problems }),
      }).details;
  }
}

function setUpErrors(app: FastifyInstance, maxDocumentBytes: number): void {
  app.setErrorHandler((error: FastifyError | Problem | ServiceError, request, reply) => {
    const instance = request.url.split('?')[0] ?? request.url;
    if (error instanceof Problem) {
      sendProblem(reply, { ...error.details, instance });
      return;
    }
    if (error instanceof ServiceError) {
      sendProblem(reply, { ...problemFor(error), instance });
      return;
    }
    const status = error.statusCode ?? 500;
    const code = typeof error.code === 'string' ? error.code : '';
    if (status === 413) {
      const isDocument = request.routeOptions.url === '/api/v1/documents';
      const limit = isDocument ? maxDocumentBytes : request.headers['content-type']?.startsWith('text/csv') === true ? CSV_BODY_LIMIT : JSON_BODY_LIMIT;
      sendProblem(reply, problem(413, 'too-large', isDocument ? 'The document is too large' : 'The request is too large', `${isDocument ? 'A document' : 'A request'} may be at most ${formatBytes(limit)}`, { instance }).details);
    } else if (status === 415) {
      sendProblem(reply, problem(415, 'unsupported-media-type', 'Unsupported media type', `Send JSON (application/json); CSV imports as text/csv; documents as one of ${DOCUMENT_MEDIA_TYPES.join(', ')}`, { instance }).details);
    } else if (code.startsWith('FST_CSRF')) {
      sendProblem(reply, problem(403, 'csrf', 'Missing or invalid CSRF token', 'Changes made with a session cookie need the CSRF token from sign-in, in the x-csrf-token header', { instance }).details);
    } else if (status === 429) {
      // @fastify/rate-limit has set Retry-After (seconds) before refusing.
      const retryAfter = Number(reply.getHeader('retry-after'));
      const wait = Number.isFinite(retryAfter) && retryAfter > 0 ? minutesUntil(retryAfter * 1000) : '15 minutes';
      sendProblem(reply, problem(429, 'too-many-attempts', 'Too many attempts', `There have been too many attempts to sign in from this address. Try again in ${wait}`, { instance }).details);
    } else if (status >= 400 && status < 500) {
      // Parser errors (malformed JSON, an empty body, a prototype-poisoning key): say what, never echo it.
      sendProblem(reply, problem(status, 'bad-request', 'The request could not be read', 'The body is not valid JSON, or uses a forbidden key', { instance }).details);
    } else {
      request.log.error({ err: { name: error.name, code } }, 'unexpected failure');
      sendProblem(reply, problem(500, 'unexpected', 'Something went wrong', 'The failure has been logged; nothing was changed', { instance }).details);
    }
  });
  app.setNotFoundHandler((request, reply) => {
    sendProblem(reply, problem(404, 'not-found', 'Not found', 'There is nothing at this address', { instance: request.url.split('?')[0] ?? request.url }).details);
  });
}

function setUpHealth(app: FastifyInstance, core: CoreServices, services: Services): void {
  app.get('/ping', () => ({ status: 'ok' }));
  app.get('/health', async (_request, reply) => {
    const loaded = core.procedures().size;
    const { database, dialect } = await services.health();
    const healthy = loaded > 0 && database === 'ok';
    void reply.status(healthy ? 200 : 503);
    return {
      status: healthy ? 'ok' : 'failing',
      checks: { procedures: { status: loaded > 0 ? 'ok' : 'failing', loaded }, database: { status: database, dialect } },
    };
  });
}

function setUpRoutes(app: FastifyInstance, routes: readonly RouteDefinition[], options: AppOptions, clock: () => Date, signInLimits: SignInLimits): void {
  for (const route of routes) {
    const perAccount = route.passwordAttempts === 'address-and-account';
    app.route({
      method: route.method,
      url: route.url,
      ...(route.bodyType === 'document' ? { bodyLimit: options.services.documents.maxBytes } : {}),
      ...(route.passwordAttempts === undefined ? {} : { config: signInLimits.config }),
      ...(perAccount ? { onResponse: signInLimits.afterSignIn } : {}),
      preHandler: async (request, reply) => {
        if (perAccount) await signInLimits.beforeSignIn(request, reply);
        if (route.access === 'public') return;
        const principal = request.principal;
        if (principal === undefined) throw problem(401, 'unauthenticated', 'Not signed in', 'Sign in at POST /api/v1/session, or send an API token as Authorization: Bearer');
        if (route.access !== 'signed-in' && !may(principal, route.access)) {
          await options.services.audit.record({ at: clock(), principal, action: `denied:${route.operationId}`, subjectType: 'route', subjectId: route.url, outcome: 'denied' });
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
        if (result instanceof Reply) {
          void reply.status(result.status).headers(result.headers);
          return Buffer.isBuffer(result.body) ? reply.send(result.body) : result.body;
        }
        return result;
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
    trustProxy: options.trustProxy ?? false,
  });
  setUpSecurityHeaders(app);
  await setUpSessions(app, options);
  const clock = options.clock ?? (() => new Date());
  const signInLimits = await setUpSignInLimits(app, options, clock);
  await setUpPrincipal(app, options.services);
  setUpBodies(app);
  setUpErrors(app, options.services.documents.maxBytes);
  setUpHealth(app, options.core, options.services);
  setUpRoutes(app, ROUTES, options, clock, signInLimits);
  setUpOpenApi(app, ROUTES);
  return app;
}
