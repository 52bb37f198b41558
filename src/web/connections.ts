/**
 * How long a connection may take over each part of a request, and how many there may be: a caller
 * who is not signed in must not be able to hold memory or sockets by sending slowly (issue 11
 * point 1, ADR 0018).
 */
import type { Server } from 'node:http';
import type { FastifyHttpOptions } from 'fastify';
import { DEFAULT_CONNECTION_LIMITS, type ConnectionLimits } from '../config/config.js';

export { DEFAULT_CONNECTION_LIMITS, type ConnectionLimits };

/** Fastify's server options for these limits; `maxConnections` is set on the server once it exists. */
export function connectionOptions(limits: ConnectionLimits): FastifyHttpOptions<Server> {
  return {
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.idleTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    maxRequestsPerSocket: limits.maxRequestsPerConnection,
    http: {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
      // Node checks the request and headers timeouts only this often (30 s by default), so a short
      // timeout would otherwise be kept late.
      connectionsCheckingInterval: Math.max(
        100,
        Math.min(5_000, Math.floor(Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4)),
      ),
    },
  };
}

/**
 * Closes a connection after the response that reaches MAX_REQUESTS_PER_CONNECTION. Node marks that
 * response `Connection: close` but, as documented on `server.maxRequestsPerSocket`, leaves the
 * connection open and answers every later request on it with a bare 503, no problem JSON and none
 * of the security headers: a busy client that keeps sending (a load generator, a proxy's pool) was
 * told "Service Unavailable" though nothing was unavailable. Setting the header ourselves makes
 * Node end the connection after that response, so the client opens a new one (ADR 0018, amended).
 * Registered ahead of Fastify's own listener, so that it applies to every answer, even the
 * framework's own refusals.
 */
export function closeAtRequestLimit(server: Server): void {
  server.prependListener('request', (_request, response) => {
    if ((response as { maxRequestsOnConnectionReached?: unknown }).maxRequestsOnConnectionReached === true)
      response.setHeader('connection', 'close');
  });
}
