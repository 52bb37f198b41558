/** People from partner agencies: conference invitees and attendees, panel members, colleagues. */
import { Reply, defineRoute, type RouteDefinition } from '../route.js';
import { idParams, newPerson, page } from '../schemas.js';
import { created, people, person } from '../responses.js';

export const PEOPLE_ROUTES: readonly RouteDefinition[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/people',
    operationId: 'listPeople',
    summary: 'People in the partnership and their agencies',
    tag: 'People',
    access: 'read-people',
    query: page,
    responses: { 200: 'The people', 401: 'Not signed in', 403: 'Not permitted' },
    result: people,
    handler: async ({ query }, { services, principal }) =>
      (await services.people.list(principal.partnershipId)).slice(query.offset, query.offset + query.limit),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/people',
    operationId: 'addPerson',
    summary: 'Record a person and their agency',
    tag: 'People',
    access: 'manage-people',
    audit: ['person.added'],
    body: newPerson,
    responses: { 201: 'Created', 400: 'Invalid request', 401: 'Not signed in', 403: 'Not permitted' },
    result: created,
    handler: async ({ body }, { services, principal, now }) => {
      const id = await services.people.add(principal.partnershipId, body, now, principal.id);
      await services.audit.record({ at: now, principal, action: 'person.added', subjectType: 'person', subjectId: id, outcome: 'ok' });
      return new Reply(201, { id }, { location: `/api/v1/people/${id}` });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/people/:id',
    operationId: 'getPerson',
    summary: 'One person',
    tag: 'People',
    access: 'read-people',
    params: idParams,
    responses: { 200: 'The person', 401: 'Not signed in', 403: 'Not permitted', 404: 'No such person' },
    result: person,
    handler: ({ params }, { services, principal }) => services.people.get(principal.partnershipId, params.id),
  }),
];
