/** Letters: the partnership's letterhead, and each case's letters, drafted, downloaded and sent. */
import { Reply, auditPartnershipChange, defineRoute, type RouteDefinition } from '../route.js';
import { idParams, letterDraftChange, letterParams, letterSend, letterheadChange } from '../schemas.js';
import { documentContent, letterList, letterView, letterhead } from '../responses.js';

const download = (format: 'pdf' | 'docx') =>
  defineRoute({
    method: 'GET',
    url: `/api/v1/cases/:id/letters/:letterId.${format}`,
    operationId: format === 'pdf' ? 'downloadLetterPdf' : 'downloadLetterDocx',
    summary: `The letter as ${format === 'pdf' ? 'PDF' : 'Word (.docx)'} on the letterhead: a draft dated today, a sent letter as it went`,
    tag: 'Letters',
    access: 'read-documents',
    audit: ['letter.download'],
    params: letterParams,
    responses: { 200: 'The letter', 401: 'Not signed in', 403: 'Not permitted', 404: 'No such case, or no such letter due or sent' },
    result: documentContent,
    resultType: 'document',
    handler: async ({ params }, { services, principal, now }) => {
      const file = await services.letters.download(principal, params.id, params.letterId, format, now);
      return new Reply(200, file.content, {
        'content-type': file.mediaType,
        'content-disposition': `attachment; filename="${file.filename.replace(/[^\w.-]/g, '_')}"`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      });
    },
  });

export const LETTER_ROUTES: readonly RouteDefinition[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/partnership/letterhead',
    operationId: 'getLetterhead',
    summary: "The partnership's letterhead, printed on every letter",
    tag: 'Letters',
    access: 'signed-in',
    responses: { 200: 'The letterhead', 401: 'Not signed in' },
    result: letterhead,
    handler: (_input, { services, principal }) => services.letterheads.get(principal.partnershipId),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/partnership/letterhead',
    operationId: 'setLetterhead',
    summary: "Set the partnership's letterhead; letters already sent keep the one they went on",
    tag: 'Letters',
    access: 'manage-letterhead',
    audit: ['letterhead.changed'],
    body: letterheadChange,
    responses: { 200: 'The letterhead now in use', 400: 'Invalid request', 401: 'Not signed in', 403: 'Not permitted' },
    result: letterhead,
    handler: async ({ body }, context) => {
      const set = await context.services.letterheads.set(context.principal.partnershipId, body, context.principal.id, context.now);
      await auditPartnershipChange(context, 'letterhead.changed');
      return set;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/cases/:id/letters',
    operationId: 'listCaseLetters',
    summary: "A case's letters: those due now (with their drafts' versions) and those sent",
    tag: 'Letters',
    access: 'read-case',
    audit: ['letter.list'],
    params: idParams,
    responses: { 200: 'The letters', 401: 'Not signed in', 403: 'Not permitted', 404: 'No such case' },
    result: letterList,
    handler: ({ params }, { services, principal, now }) => services.letters.list(principal, params.id, now),
  }),
  download('pdf'),
  download('docx'),
  defineRoute({
    method: 'GET',
    url: '/api/v1/cases/:id/letters/:letterId',
    operationId: 'getCaseLetter',
    summary:
      'A letter due now, drafted from the case (each section with whether it is required and its clause, what is missing, the copy list), or the letter as sent',
    tag: 'Letters',
    access: 'read-case',
    audit: ['letter.read'],
    params: letterParams,
    responses: { 200: 'The letter', 401: 'Not signed in', 403: 'Not permitted', 404: 'No such case, or no such letter due or sent' },
    result: letterView,
    handler: ({ params }, { services, principal, now }) => services.letters.read(principal, params.id, params.letterId, now),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/cases/:id/letters/:letterId',
    operationId: 'saveCaseLetterDraft',
    summary: "Save a new version of a letter's draft: the sections given replace their text",
    tag: 'Letters',
    access: 'act-on-case',
    audit: ['letter.edit'],
    params: letterParams,
    body: letterDraftChange,
    responses: {
      200: 'The draft as saved',
      400: 'Invalid request',
      401: 'Not signed in',
      403: 'Not permitted',
      404: 'No such case or letter',
      409: 'The draft changed since you read it',
      422: 'The letter is not due on this case now',
    },
    result: letterView,
    handler: ({ params, body }, { services, principal, now }) =>
      services.letters.save(
        principal,
        params.id,
        params.letterId,
        {
          expectedVersion: body.expectedVersion,
          ...(body.addressee === undefined ? {} : { addressee: body.addressee }),
          ...(body.subject === undefined ? {} : { subject: body.subject }),
          ...(body.method === undefined ? {} : { method: body.method }),
          ...(body.sections === undefined ? {} : { sections: body.sections }),
        },
        now,
      ),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/cases/:id/letters/:letterId/send',
    operationId: 'sendCaseLetter',
    summary:
      'Record the letter as sent (method and date) through the case action, which starts any clock from its receipt; its text is then frozen. Refused, naming each item, while required content is missing',
    tag: 'Letters',
    access: 'act-on-case',
    audit: ['letter.sent', 'case.act'],
    params: letterParams,
    body: letterSend,
    responses: {
      200: 'Sent: the letter as it went',
      400: 'Invalid request',
      401: 'Not signed in',
      403: 'Not permitted',
      404: 'No such case or letter',
      409: 'The case changed since you read it',
      422: 'Required content is missing, the letter is not due, or the procedure refuses it (with the clause)',
    },
    result: letterView,
    handler: ({ params, body }, { services, principal, now }) =>
      services.letters.send(
        principal,
        params.id,
        params.letterId,
        {
          expectedVersion: body.expectedVersion,
          method: body.method,
          ...(body.sentAt === undefined ? {} : { sentAt: body.sentAt }),
          ...(body.takenBy === undefined ? {} : { takenBy: body.takenBy }),
        },
        now,
      ),
  }),
];
