/**
 * The web application's composition root: an ordered list of set-up steps over one Fastify
 * instance, one plugin per concern in src/web/plugins/. Tests build the same app over a real
 * database.
 */
import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { WorkingCalendar } from '../core/calendar/index.js';
import { procedures } from '../core/procedures/registry.js';
import { englandAndWalesRules } from '../holidays/englandAndWalesRules.js';
import type { Services } from '../service/services.js';
import { DEFAULT_CONNECTION_LIMITS, closeAtRequestLimit, connectionOptions, type ConnectionLimits } from './connections.js';
import { JSON_BODY_LIMIT, setUpBodies } from './plugins/bodies.js';
import { setUpHealth } from './plugins/health.js';
import { setUpOpenApi } from './plugins/openApi.js';
import { renderError, setUpPages, setUpViews } from './plugins/pages.js';
import { setUpPrincipal } from './plugins/principal.js';
import { clientErrors, frameworkErrors, setUpProblems } from './plugins/problems.js';
import { setUpRoutes } from './plugins/routes.js';
import { setUpSecurityHeaders } from './plugins/securityHeaders.js';
import { setUpSessions } from './plugins/sessions.js';
import { setUpSignInLimits } from './plugins/signInLimits.js';
import type { CoreServices } from './route.js';
import { PAGES } from './pages/index.js';
import { ROUTES } from './routes/index.js';

export const API_VERSION = '0.2.0';

export function coreServices(): CoreServices {
  const standard = WorkingCalendar.create({ holidayRules: englandAndWalesRules });
  return {
    procedures,
    calendar: (closures) => (closures.length === 0 ? standard : WorkingCalendar.create({ closures, holidayRules: englandAndWalesRules })),
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
  /** Timeouts and the connection limit; the defaults are the configuration's. */
  readonly connections?: ConnectionLimits;
  /** How long /health waits for the database (ADR 0020); default 1 s. */
  readonly databaseHealthTimeoutMs?: number;
  /** How many reverse proxies stand in front (0: none): the client address is taken that many hops back. */
  readonly trustProxy?: number;
  /** A session ends this long after sign-in however active (default 12 hours). */
  readonly sessionAbsoluteMs?: number;
}

/** Log lines carry the route and outcome, never the query string, body, address or cookies. */
export const LOG_SERIALIZERS = {
  req: (request: FastifyRequest) => ({ method: request.method, route: request.routeOptions.url ?? 'unmatched', id: request.id }),
  res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
};

export async function createApp(options: AppOptions): Promise<FastifyInstance> {
  const connections = options.connections ?? DEFAULT_CONNECTION_LIMITS;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: JSON_BODY_LIMIT,
    return503OnClosing: true,
    // The client is the address that many hops back: values it put in X-Forwarded-For itself lie further back and are ignored.
    trustProxy: (_address: string, hop: number) => hop < (options.trustProxy ?? 0),
    frameworkErrors,
    clientErrorHandler: clientErrors,
    ...connectionOptions(connections),
  });
  app.server.maxConnections = connections.maxConnections;
  closeAtRequestLimit(app.server);
  const clock = options.clock ?? (() => new Date());
  setUpSecurityHeaders(app);
  await setUpSessions(app, {
    sessions: options.services.sessions,
    sessionSecret: options.sessionSecret,
    secureCookies: options.secureCookies,
  });
  const signInLimits = setUpSignInLimits(app, options, clock);
  await setUpPrincipal(app, options.services, clock, options.sessionAbsoluteMs);
  setUpBodies(app);
  await setUpViews(app);
  setUpProblems(app, options.services.documents.maxBytes, (request, reply) => renderError(request, reply, options.services, 404));
  setUpHealth(app, options.core, options.services, options.databaseHealthTimeoutMs ?? 1000);
  setUpRoutes(app, ROUTES, options, clock, signInLimits);
  setUpPages(app, PAGES, options, clock, signInLimits);
  setUpOpenApi(app, ROUTES, API_VERSION);
  return app;
}
