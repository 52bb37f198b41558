/**
 * Challenge cases. Panel members see only the cases of panels they sit on; administrators manage
 * accounts and do not read cases. Every read is audited.
 */
import { z } from 'zod';
import { Reply, defineRoute, type RouteDefinition } from '../route.js';
import { caseAction, caseListQuery, idParams, myWorkQuery, page, raiseChallenge } from '../schemas.js';
import { actionDone, caseList, caseView, myWork, openDeadlines, raised, tasks } from '../responses.js';

export const CASE_ROUTES: readonly RouteDefinition[] = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/cases',
    operationId: 'raiseChallenge',
    summary: "Record a challenge to a conference (or a professional's dissent) as received",
    tag: 'Cases',
    access: 'raise-case',
    body: raiseChallenge,
    responses: {
      201: 'Raised',
      400: 'Invalid request',
      401: 'Not signed in',
      403: 'Not permitted',
      422: 'The procedure does not allow it (reason and clause given)',
    },
    result: raised,
    handler: async ({ body }, { services, principal, now }) => {
      const { id, version, reference } = await services.cases.raise(principal, body, now);
      return new Reply(201, { id, version, reference }, { location: `/api/v1/cases/${id}` });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/cases',
    operationId: 'listCases',
    summary: 'Cases you may see: filtered, searched by reference or child, sorted, a page at a time',
    tag: 'Cases',
    access: 'read-case',
    audit: ['case.list'],
    query: caseListQuery,
    responses: { 200: 'The cases', 400: 'Invalid request', 401: 'Not signed in', 403: 'Not permitted' },
    result: caseList,
    handler: ({ query }, { services, principal, now }) => services.cases.list(principal, query, now),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/cases/:id',
    operationId: 'getCase',
    summary: 'A case: its stage, deadlines (explained), what you may do now and why not, letters due, timeline',
    tag: 'Cases',
    access: 'read-case',
    audit: ['case.read'],
    params: idParams,
    responses: { 200: 'The case', 401: 'Not signed in', 403: 'Not permitted', 404: 'No such case (or not yours to see)' },
    result: caseView,
    handler: ({ params }, { services, principal, now }) => services.cases.read(principal, params.id, now),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/cases/:id/actions',
    operationId: 'actOnCase',
    summary: 'Do something on a case against the version you read',
    tag: 'Cases',
    access: 'act-on-case',
    params: idParams,
    body: caseAction,
    responses: {
      200: 'Done: the new version, stage and status',
      400: 'Invalid request',
      401: 'Not signed in',
      403: 'Not permitted',
      404: 'No such case',
      409: 'The case has changed since you read it',
      422: 'The procedure does not allow it, or the history it leaves could not have happened (reason, the events and dates, and clause given)',
    },
    result: actionDone,
    // A correction or void is audited as such, with who made it (ADR 0015), a change of the case's facts as such (ADR 0017), and a
    // declaration of independence as such (ADR 0026); any other action as case.act.
    audit: ['case.act', 'case.act:for:<colleague id>', 'case.correct', 'case.void', 'case.change-facts', 'case.declare'],
    handler: ({ params, body }, { services, principal, now }) => services.cases.act(principal, params.id, body, now),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/tasks',
    operationId: 'myTasks',
    summary: 'What your role owes on open cases, soonest due first',
    tag: 'Cases',
    access: 'act-on-case',
    query: page,
    responses: { 200: 'The tasks', 401: 'Not signed in', 403: 'Not permitted' },
    result: tasks,
    handler: ({ query }, { services, principal }) => services.queues.tasks(principal, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/my-work',
    operationId: 'myWork',
    summary:
      'The deadlines that fall to you on the cases you may see, grouped overdue, due today, due this week (the next five working days) and later, each with its explanation',
    tag: 'Cases',
    access: 'act-on-case',
    audit: ['work.list'],
    query: myWorkQuery,
    responses: { 200: 'Your work', 400: 'Invalid request', 401: 'Not signed in', 403: 'Not permitted' },
    result: myWork,
    handler: ({ query }, { services, principal, now }) => services.myWork.of(principal, query, now),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/deadlines/open',
    operationId: 'openDeadlines',
    summary: "Every open deadline across the partnership's cases, soonest first",
    tag: 'Cases',
    access: 'read-all-deadlines',
    query: page.extend({ overdue: z.enum(['true', 'false']).optional() }),
    responses: { 200: 'The deadlines', 401: 'Not signed in', 403: 'Not permitted' },
    result: openDeadlines,
    handler: ({ query }, { services, principal, now }) =>
      services.queues.openDeadlines(principal, { limit: query.limit, offset: query.offset, overdueOnly: query.overdue === 'true' }, now),
  }),
];
