/**
 * The bodies the API reads: JSON everywhere a route takes a body; CSV only on the routes that
 * import it, and documents' own bytes only on the upload route. A body of any other type is 415
 * before it is read, so a JSON route never validates a megabyte of bytes (issue 11 point 2,
 * ADR 0018).
 */
import type { FastifyInstance } from 'fastify';
import { DOCUMENT_MEDIA_TYPES } from '../../service/documents.js';
import type { BodyType } from '../route.js';

export const JSON_BODY_LIMIT = 1_048_576;
export const CSV_BODY_LIMIT = 2 * 1_048_576;

/** Fastify reads text/plain everywhere by default; only JSON is left for every route. */
export function setUpBodies(app: FastifyInstance): void {
  app.removeContentTypeParser('text/plain');
}

/** In a route's own scope (an encapsulated plugin): the parsers for the body it accepts. */
export function acceptBodies(scope: FastifyInstance, bodyType: BodyType): void {
  switch (bodyType) {
    case 'json':
      return;
    case 'csv':
      scope.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: CSV_BODY_LIMIT }, (_request, body, done) => {
        done(null, body);
      });
      return;
    case 'document':
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser([...DOCUMENT_MEDIA_TYPES], { parseAs: 'buffer' }, (_request, body, done) => {
        done(null, body);
      });
      return;
  }
}
