/** Security headers: helmet with a strict CSP for a JSON API, and no caching of any answer. */
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * Security headers from helmet, with a strict CSP for a JSON API. The middleware is built once, at
 * start-up: @fastify/helmet rebuilds it (parsing every directive) on each request, which cost a
 * third of a bare route's throughput (ADR 0007).
 */
const securityHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
  },
  crossOriginResourcePolicy: { policy: 'same-origin' },
  strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
});

/**
 * Helmet's headers as fixed values. Helmet sets the same headers whatever the request (no nonce,
 * nothing from the request), so running it once over a response nobody sends gives them.
 */
const HELMET_HEADERS: Readonly<Record<string, string>> = (() => {
  const response = new ServerResponse(new IncomingMessage(new Socket()));
  securityHeaders(response.req, response, () => undefined);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.getHeaders())) if (typeof value === 'string') headers[name] = value;
  return headers;
})();

/**
 * The same headers, with no-store, for answers given before any hook runs: the router's refusals
 * and a request Node could not parse (issue 11 point 7).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = { 'cache-control': 'no-store', ...HELMET_HEADERS };

export function setUpSecurityHeaders(app: FastifyInstance): void {
  // Set as values, not by running helmet's eleven middlewares on every request: they cost about a
  // tenth of the CPU of answering a refused upload, and of a signed-in read (ADR 0018, amended).
  app.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(HELMET_HEADERS);
    done();
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    // GOV.UK Frontend's and the service's own assets may be cached (a day: plugins/pages.ts); nothing else.
    if (!request.url.startsWith('/assets/') || reply.statusCode !== 200) reply.header('cache-control', 'no-store');
    done(null, payload);
  });
}
