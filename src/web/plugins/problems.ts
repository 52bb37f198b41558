/** Every error as RFC 9457 problem JSON, saying what went wrong without echoing the request. */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DOCUMENT_MEDIA_TYPES, formatBytes } from '../../service/documents.js';
import { DatabaseFault, ServiceError } from '../../service/errors.js';
import { Problem, problem, type ProblemDetails } from '../problem.js';
import type { BodyType } from '../route.js';
import { CSV_BODY_LIMIT, JSON_BODY_LIMIT } from './bodies.js';
import { RETRY_AFTER_SECONDS } from './health.js';
import { SECURITY_HEADERS } from './securityHeaders.js';
import { minutesUntil } from './signInLimits.js';

function sendProblem(reply: FastifyReply, details: ProblemDetails): void {
  void reply.status(details.status).type('application/problem+json').send(details);
}

/**
 * The router's own refusals, before any route or hook runs (Fastify's `frameworkErrors` option):
 * problem JSON with every security header like every other error, not Fastify's default body,
 * which repeats the address back.
 */
export function frameworkErrors(error: FastifyError, _request: unknown, reply: FastifyReply): void {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  void reply.headers(SECURITY_HEADERS);
  sendProblem(
    reply,
    problem(
      tooLong ? 414 : 400,
      'bad-request',
      'The request could not be read',
      tooLong ? 'An id may be at most 100 characters' : 'The address is not valid',
    ).details,
  );
}

/**
 * A request Node's parser refuses (headers or address too long, a malformed request line) never
 * reaches Fastify: it is answered on the socket, as problem JSON with every security header, and
 * the connection closed.
 */
export function clientErrors(error: Error & { readonly code?: unknown }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, title, detail] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'The request took too long', 'The request did not arrive in time']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'The request could not be read', 'The address and headers together are too long']
        : [400, 'The request could not be read', 'The request is not valid HTTP'];
  const body = JSON.stringify(problem(status, status === 408 ? 'timeout' : 'bad-request', title, detail).details);
  const headers = {
    ...SECURITY_HEADERS,
    'content-type': 'application/problem+json',
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close',
  };
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${String(status)} ${STATUS_CODES[status] ?? ''}\r\n${Object.entries(headers)
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('')}\r\n${body}`,
    );
  }
  socket.destroy();
}

/** What the route asked for takes: each kind of body is read only where it is accepted (bodies.ts). */
function acceptedHere(bodyType: BodyType | undefined): string {
  if (bodyType === 'document') return `Send the document as one of ${DOCUMENT_MEDIA_TYPES.join(', ')}`;
  if (bodyType === 'csv') return 'Send CSV (text/csv)';
  return 'Send JSON (application/json)';
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
      return problem(
        409,
        'stale-version',
        'It has changed since you read it',
        error.message,
        extra.currentVersion === undefined ? {} : { currentVersion: extra.currentVersion },
      ).details;
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

/**
 * The database's failures (ADR 0020). Not logged here: an outage is logged once, when it starts
 * and ends (health.ts), not once per request. What the caller may assume is said plainly: an
 * unknown outcome is never reported as "nothing was changed".
 */
function databaseProblem(fault: DatabaseFault, instance: string): ProblemDetails {
  switch (fault.kind) {
    case 'unavailable':
      return problem(
        503,
        'database-unavailable',
        'The service is unavailable',
        `The database is not answering; nothing was changed. Try again in ${String(RETRY_AFTER_SECONDS)} seconds`,
        { instance },
      ).details;
    case 'outcome-unknown':
      return problem(
        503,
        'outcome-unknown',
        'The change may or may not have been recorded',
        'The connection to the database was lost while the change was being saved, so whether it was saved is not known. Read the case (or the record you changed) again to see whether it was, before trying again',
        { instance },
      ).details;
    case 'disk-full':
      return problem(
        503,
        'storage-full',
        'The service cannot store anything more',
        'The database has run out of space; nothing was changed. The operators have been told',
        { instance },
      ).details;
  }
}

export function setUpProblems(
  app: FastifyInstance,
  maxDocumentBytes: number,
  notFoundPage?: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>,
): void {
  app.setErrorHandler((error: FastifyError | Problem | ServiceError | DatabaseFault, request, reply) => {
    const instance = request.url.split('?')[0] ?? request.url;
    if (error instanceof DatabaseFault) {
      // A full disk is not an outage the availability log sees: each refusal is logged, by its code only.
      if (error.kind === 'disk-full') request.log.error({ err: { name: error.name, code: error.reason } }, 'database disk full');
      if (error.kind === 'outcome-unknown')
        request.log.warn({ err: { name: error.name, code: error.reason } }, 'commit outcome unknown: the connection was lost during it');
      void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      sendProblem(reply, databaseProblem(error, instance));
      return;
    }
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
      const limit = isDocument
        ? maxDocumentBytes
        : request.headers['content-type']?.startsWith('text/csv') === true
          ? CSV_BODY_LIMIT
          : JSON_BODY_LIMIT;
      sendProblem(
        reply,
        problem(
          413,
          'too-large',
          isDocument ? 'The document is too large' : 'The request is too large',
          `${isDocument ? 'A document' : 'A request'} may be at most ${formatBytes(limit)}`,
          { instance },
        ).details,
      );
    } else if (status === 415) {
      sendProblem(
        reply,
        problem(415, 'unsupported-media-type', 'Unsupported media type', acceptedHere(request.routeOptions.config.bodyType), { instance })
          .details,
      );
    } else if (code.startsWith('FST_CSRF')) {
      sendProblem(
        reply,
        problem(
          403,
          'csrf',
          'Missing or invalid CSRF token',
          'Changes made with a session cookie need the CSRF token from sign-in, in the x-csrf-token header',
          { instance },
        ).details,
      );
    } else if (status === 429) {
      // @fastify/rate-limit has set Retry-After (seconds) before refusing.
      const retryAfter = Number(reply.getHeader('retry-after'));
      const wait = Number.isFinite(retryAfter) && retryAfter > 0 ? minutesUntil(retryAfter * 1000) : '15 minutes';
      sendProblem(
        reply,
        problem(
          429,
          'too-many-attempts',
          'Too many attempts',
          `There have been too many attempts to sign in from this address. Try again in ${wait}`,
          { instance },
        ).details,
      );
    } else if (status >= 400 && status < 500) {
      // Parser errors (malformed JSON, an empty body, a prototype-poisoning key): say what, never echo it.
      sendProblem(
        reply,
        problem(status, 'bad-request', 'The request could not be read', 'The body is not valid JSON, or uses a forbidden key', { instance })
          .details,
      );
    } else {
      request.log.error({ err: { name: error.name, code } }, 'unexpected failure');
      sendProblem(
        reply,
        problem(500, 'unexpected', 'Something went wrong', 'The failure has been logged; nothing was changed', { instance }).details,
      );
    }
  });
  app.setNotFoundHandler(async (request, reply) => {
    // A person's browser asking for a page that does not exist gets a page; the API, problem JSON.
    if (notFoundPage !== undefined && !request.url.startsWith('/api/') && (request.headers.accept ?? '').includes('text/html'))
      return notFoundPage(request, reply);
    sendProblem(
      reply,
      problem(404, 'not-found', 'Not found', 'There is nothing at this address', { instance: request.url.split('?')[0] ?? request.url })
        .details,
    );
  });
}
