/** Documents: uploaded as their own bytes (not base64 in JSON), checked against the size limit. */
import { DOCUMENT_MEDIA_TYPES } from '../../service/documents.js';
import { invalidRequest } from '../problem.js';
import { Reply, defineRoute, type RouteDefinition } from '../route.js';
import { documentQuery, idParams } from '../schemas.js';
import { caseDocuments, documentContent, documentMetadata, storedDocument } from '../responses.js';

export const DOCUMENT_ROUTES: readonly RouteDefinition[] = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/documents',
    operationId: 'uploadDocument',
    summary: `Upload a document to a case or conference; the body is the file itself (${DOCUMENT_MEDIA_TYPES.join(', ')})`,
    tag: 'Documents',
    access: 'upload-documents',
    query: documentQuery,
    bodyType: 'document',
    responses: {
      201: 'Stored, with its SHA-256',
      400: 'Invalid request',
      401: 'Not signed in',
      403: 'Not permitted',
      404: 'No such case or conference',
      413: 'Too large',
      415: 'Not an accepted type of document',
    },
    result: storedDocument,
    handler: async ({ query }, { services, principal, now, request }) => {
      const content = request.body;
      if (!Buffer.isBuffer(content)) throw invalidRequest([{ name: 'body', reason: 'send the document itself as the request body' }]);
      const mediaType = (request.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
      const stored = await services.documents.upload(
        principal,
        {
          type: query.type,
          filename: query.filename,
          mediaType,
          content,
          ...(query.caseId === undefined ? {} : { caseId: query.caseId }),
          ...(query.conferenceId === undefined ? {} : { conferenceId: query.conferenceId }),
        },
        now,
      );
      return new Reply(201, stored, { location: `/api/v1/documents/${stored.id}` });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/documents/:id',
    operationId: 'getDocument',
    summary: "A document's type, size, checksum and who uploaded it",
    tag: 'Documents',
    access: 'read-documents',
    audit: ['document.read-metadata'],
    params: idParams,
    responses: { 200: 'The document', 401: 'Not signed in', 403: 'Not permitted', 404: 'No such document' },
    result: documentMetadata,
    handler: ({ params }, { services, principal, now }) => services.documents.metadata(principal, params.id, now),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/documents/:id/content',
    operationId: 'downloadDocument',
    summary: 'The document itself, with its SHA-256 in the Repr-Digest header',
    tag: 'Documents',
    access: 'read-documents',
    audit: ['document.read'],
    params: idParams,
    responses: { 200: 'The file', 401: 'Not signed in', 403: 'Not permitted', 404: 'No such document' },
    result: documentContent,
    resultType: 'document',
    handler: async ({ params }, { services, principal, now }) => {
      const file = await services.documents.content(principal, params.id, now);
      return new Reply(200, file.content, {
        'content-type': file.mediaType,
        'content-disposition': `attachment; filename="${file.filename.replace(/[^\w.-]/g, '_')}"`,
        'repr-digest': `sha-256=:${Buffer.from(file.sha256, 'hex').toString('base64')}:`,
        'x-content-type-options': 'nosniff',
      });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/cases/:id/documents',
    operationId: 'listCaseDocuments',
    summary: "A case's documents",
    tag: 'Documents',
    access: 'read-documents',
    audit: ['document.list'],
    params: idParams,
    responses: { 200: 'The documents', 401: 'Not signed in', 403: 'Not permitted', 404: 'No such case' },
    result: caseDocuments,
    handler: ({ params }, { services, principal, now }) => services.documents.listForCase(principal, params.id, now),
  }),
];
