/**
 * Conferences and the children they concern: recorded one at a time or imported from a CSV export
 * of the social care system, with a preview that saves nothing. Children are case content: read
 * with the conferences' permission and audited like conference reads.
 */
import { ServiceError } from '../../service/errors.js';
import type { Principal } from '../../service/principal.js';
import type { Services } from '../../service/services.js';
import { CSV_COLUMNS, invalidParamOf, previewCsv, rowErrorOf, rowField } from '../conferenceCsv.js';
import { invalidRequest } from '../problem.js';
import { Reply, defineRoute, type RouteDefinition } from '../route.js';
import { childListQuery, conferenceChange, conferenceListQuery, idParams, newConference, plainString } from '../schemas.js';
import { child, childList, conference, conferenceList, imported, importPreview } from '../responses.js';

/** Audits a read of something the partnership holds about children, as conference reads are. */
function audited(services: Services, principal: Principal, now: Date, action: string, subjectType: string, subjectId: string) {
  return services.audit.record({ at: now, principal, action, subjectType, subjectId, outcome: 'ok' });
}

const csvBody = plainString().meta({
  description:
    'CSV with a header row: ' +
    Object.keys(CSV_COLUMNS).join(', ') +
    '. Times are London time; invitees and attendees are person ids separated by ;. One row per conference: its children are ' +
    'child_social_care_ids, child_names and child_dates_of_birth, each separated by ; in the same order (a date of birth left empty for a child not yet born).',
});

export const CONFERENCE_ROUTES: readonly RouteDefinition[] = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/conferences',
    operationId: 'createConference',
    summary: 'Record a conference: type, time, chair, invitees and attendees, decision, category, minutes',
    tag: 'Conferences',
    access: 'record-conference',
    body: newConference,
    responses: {
      201: 'Recorded',
      400: 'Invalid request',
      401: 'Not signed in',
      403: 'Not permitted',
      409: 'Someone else recorded the same reference or child at the same moment: nothing was saved',
    },
    result: conference,
    handler: async ({ body }, { services, principal, now }) => {
      const [id = ''] = await services.conferences.record(principal, [body], now, (_i, name) => `body.${name}`);
      return new Reply(201, await services.conferences.get(principal.partnershipId, id, now), { location: `/api/v1/conferences/${id}` });
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/conferences/import',
    operationId: 'importConferences',
    summary:
      'Import conferences from CSV: all rows or none, every problem named by row and column; rows whose reference is already recorded are left as they are',
    tag: 'Conferences',
    access: 'import-conferences',
    body: csvBody,
    bodyType: 'csv',
    responses: {
      201: 'Imported',
      400: 'Invalid file',
      401: 'Not signed in',
      403: 'Not permitted',
      409: 'Someone else recorded one of its conferences or children at the same moment: nothing was saved',
    },
    result: imported,
    handler: async ({ body }, { services, principal, now }) => {
      const { rows, errors } = await previewCsv(services, principal, body, now);
      if (errors.length > 0) throw invalidRequest(errors.map(invalidParamOf));
      let result;
      try {
        result = await services.conferences.importRows(principal, rows, now, rowField);
      } catch (error) {
        // Named by the file's own columns, as the preview names them.
        if (error instanceof ServiceError && error.kind === 'invalid' && error.extra.issues !== undefined)
          throw invalidRequest(error.extra.issues.map((issue) => invalidParamOf(rowErrorOf(issue))));
        throw error;
      }
      return new Reply(201, { imported: result.ids.length, ids: result.ids, alreadyRecorded: result.alreadyRecorded });
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/conferences/import/preview',
    operationId: 'previewConferenceImport',
    summary: 'What importing a CSV file would do, row by row, with every problem by row and column: nothing is saved',
    tag: 'Conferences',
    access: 'import-conferences',
    body: csvBody,
    bodyType: 'csv',
    responses: { 200: 'The preview (with any problems)', 401: 'Not signed in', 403: 'Not permitted' },
    result: importPreview,
    handler: async ({ body }, { services, principal, now }) => {
      const { rows, errors } = await previewCsv(services, principal, body, now);
      return {
        rows: rows.map((r) => ({
          row: r.row,
          status: r.status,
          externalRef: r.conference.externalRef ?? null,
          type: r.conference.type,
          heldAt: r.conference.heldAt.toISOString(),
          children: (r.conference.children ?? []).map((c) => ({
            socialCareId: c.socialCareId,
            name: c.name,
            dateOfBirth: c.dateOfBirth ?? null,
          })),
        })),
        errors,
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/conferences',
    operationId: 'listConferences',
    summary: 'The conference register, most recent first: by date, booked or held, or for one child',
    tag: 'Conferences',
    access: 'read-conferences',
    audit: ['conference.list'],
    query: conferenceListQuery,
    responses: { 200: 'The conferences', 400: 'Invalid request', 401: 'Not signed in', 403: 'Not permitted' },
    result: conferenceList,
    handler: async ({ query }, { services, principal, now }) => {
      const { conferences: list } = await services.conferences.list(principal.partnershipId, query, now);
      // Conferences name their participants and the category of abuse: every read is recorded (issue 11 point 5).
      await services.audit.record({
        at: now,
        principal,
        action: 'conference.list',
        subjectType: 'partnership',
        subjectId: principal.partnershipId,
        outcome: 'ok',
      });
      return list;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/conferences/:id',
    operationId: 'getConference',
    summary: 'One conference with its participants',
    tag: 'Conferences',
    access: 'read-conferences',
    audit: ['conference.read'],
    params: idParams,
    responses: { 200: 'The conference', 401: 'Not signed in', 403: 'Not permitted', 404: 'No such conference' },
    result: conference,
    handler: async ({ params }, { services, principal, now }) => {
      const entry = { at: now, principal, action: 'conference.read', subjectType: 'conference', subjectId: params.id } as const;
      let found;
      try {
        found = await services.conferences.get(principal.partnershipId, params.id, now);
      } catch (error) {
        if (error instanceof ServiceError && error.kind === 'not-found') await services.audit.record({ ...entry, outcome: 'not-found' });
        throw error;
      }
      await services.audit.record({ ...entry, outcome: 'ok' });
      return found;
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/conferences/:id',
    operationId: 'updateConference',
    summary: 'Re-book a conference, or record it as held with its decision, category, attendance and minutes',
    tag: 'Conferences',
    access: 'record-conference',
    audit: ['conference.updated:<what changed>'],
    params: idParams,
    body: conferenceChange,
    responses: {
      200: 'Changed',
      400: 'Invalid request',
      401: 'Not signed in',
      403: 'Not permitted',
      404: 'No such conference',
      409: 'A challenge has been raised against it',
    },
    result: conference,
    handler: async ({ params, body }, { services, principal, now }) => {
      const updated = await services.conferences.change(principal, params.id, body, now);
      await services.audit.record({
        at: now,
        principal,
        action: `conference.updated:${Object.keys(body).sort().join(',')}`,
        subjectType: 'conference',
        subjectId: params.id,
        outcome: 'ok',
      });
      return updated;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/children',
    operationId: 'listChildren',
    summary: "The children the partnership's conferences concern, by name; search by part of a name or social care id",
    tag: 'Conferences',
    access: 'read-conferences',
    audit: ['child.list'],
    query: childListQuery,
    responses: { 200: 'The children', 400: 'Invalid request', 401: 'Not signed in', 403: 'Not permitted' },
    result: childList,
    handler: async ({ query }, { services, principal, now }) => {
      const found = await services.conferences.children.list(principal.partnershipId, query);
      await audited(services, principal, now, 'child.list', 'partnership', principal.partnershipId);
      return found;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/children/:id',
    operationId: 'getChild',
    summary: 'One child',
    tag: 'Conferences',
    access: 'read-conferences',
    audit: ['child.read'],
    params: idParams,
    responses: { 200: 'The child', 401: 'Not signed in', 403: 'Not permitted', 404: 'No such child' },
    result: child,
    handler: async ({ params }, { services, principal, now }) => {
      const entry = { at: now, principal, action: 'child.read', subjectType: 'child', subjectId: params.id } as const;
      try {
        const found = await services.conferences.children.get(principal.partnershipId, params.id);
        await services.audit.record({ ...entry, outcome: 'ok' });
        return found;
      } catch (error) {
        if (error instanceof ServiceError && error.kind === 'not-found') await services.audit.record({ ...entry, outcome: 'not-found' });
        throw error;
      }
    },
  }),
];
