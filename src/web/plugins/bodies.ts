/** The bodies the API reads besides JSON: CSV imports as text, documents as their own bytes. */
import type { FastifyInstance } from 'fastify';
import { DOCUMENT_MEDIA_TYPES } from '../../service/documents.js';

export const JSON_BODY_LIMIT = 1_048_576;
export const CSV_BODY_LIMIT = 2 * 1_048_576;

export function setUpBodies(app: FastifyInstance): void {
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: CSV_BODY_LIMIT }, (_request, body, done) => {
    done(null, body);
  });
  app.addContentTypeParser([...DOCUMENT_MEDIA_TYPES], { parseAs: 'buffer' }, (_request, body, done) => {
    done(null, body);
  });
}
