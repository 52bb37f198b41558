/**
 * Challenge cases. Panel members see only the cases of panels they sit on; administrators manage
 * accounts and do not read cases. Every read is audited.
 */
import { z } from 'zod';
import { Reply, defineRoute, type RouteDefinition } from '../route.js';
import { caseAction, caseListQuery, idParams, page, raiseChallenge } from '../schemas.js';
import { actionDone, caseList, caseView, openDeadlines, raised, tasks } from '../responses.js';

export const CASE_READERS = [
  'complaints-manager',
  'conference-chair',
  'conference-service-manager',
  'senior-safeguarding-manager',
  'panel-coordinator',
  'panel-member',
  'minute-taker',
  'auditor',
] as const;
/** Who may act on a case at all; the procedure then decides who may take each action. */
export const CASE_ACTORS = CASE_READERS.filter((r) => r !== 'auditor');
const RAISERS = ['complaints-manager', 'conference-chair', 'conference-service-manager', 'senior-safeguarding-manager'] as const;

export const CASE_ROUTES: readonly RouteDefinition[] = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/cases',
    operationId: 'raiseChallenge',
    summary: 'Record a challenge to a conference (or a professional\'s dissent) as received',
    tag: 'Cases',
    access: RAISERS,
    body: raiseChallenge,
    responses: { 201: 'Raised', 400: 'Invalid request', 401: 'Not signed in', 403: 'Not permitted', 422: 'The procedure does not allow it (reason and clause given)' },
    result: raised,
    handler: async ({ body }, { services, principal, now }) => {
      const { id, version } = await services.cases.raise(principal, body, now);
      return new Reply(201, { id, version }, { location: `/api/v1/cases/${id}` });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/cases',
    operationId: 'listCases',
    summary: 'Cases you may see, most recently changed first',
    tag: 'Cases',
    access: CASE_READERS,
    query: caseListQuery,
    responses: { 200: 'The cases', 400: 'Invalid request', 401: 'Not signed in', 403: 'Not permitted' },
    result: caseList,
    handler: ({ query }, { services, principal, now }) =>
      services.cases.list(principal, { limit: query.limit, offset: query.offset, ...(query.status === undefined ? {} : { status: query.status }) }, now),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/cases/:id',
    operationId: 'getCase',
    summary: 'A case: its stage, deadlines (explained), what you may do now and why not, letters due, timeline',
    tag: 'Cases',
    access: CASE_READERS,
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
    access: CASE_ACTORS,
    params: idParams,
    body: caseAction,
    responses: {
      200: 'Done: the new version, stage and status',
      400: 'Invalid request',
      401: 'Not signed in',
      403: 'Not permitted',
      404: 'No such case',
      409: 'The case has changed since you read it',
      422: 'The procedure does not allow it (reason and clause given)',
    },
    result: actionDone,
    handler: ({ params, body }, { services, principal, now }) => services.cases.act(principal, params.id, body, now),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/tasks',
    operationId: 'myTasks',
    summary: 'What your role owes on open cases, soonest due first',
    tag: 'Cases',
    access: CASE_ACTORS,
    query: page,
    responses: { 200: 'The tasks', 401: 'Not signed in', 403: 'Not permitted' },
    result: tasks,
    handler: async ({ query }, { services, principal }) => {
      const { db } = services.database;
      let q = db
        .selectFrom('tasks')
        .select(['case_id', 'action_id', 'label', 'clause', 'due_instant'])
        .where('partnership_id', '=', principal.partnershipId)
        .where('role', '=', principal.role);
      if (principal.role === 'panel-member') q = q.where('case_id', 'in', db.selectFrom('case_access').select('case_id').where('user_id', '=', principal.id));
      const rows = await q.orderBy('due_instant').orderBy('case_id').limit(query.limit).offset(query.offset).execute();
      return rows.map((r) => ({ caseId: r.case_id, action: r.action_id, label: r.label, clause: r.clause, due: r.due_instant }));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/deadlines/open',
    operationId: 'openDeadlines',
    summary: "Every open deadline across the partnership's cases, soonest first",
    tag: 'Cases',
    access: ['complaints-manager', 'conference-service-manager', 'senior-safeguarding-manager', 'panel-coordinator', 'auditor'],
    query: page.extend({ overdue: z.enum(['true', 'false']).optional() }),
    responses: { 200: 'The deadlines', 401: 'Not signed in', 403: 'Not permitted' },
    result: openDeadlines,
    handler: async ({ query }, { services, principal, now }) => {
      let q = services.database.db
        .selectFrom('open_deadlines')
        .select(['case_id', 'deadline_id', 'label', 'due_instant', 'owner', 'clause'])
        .where('partnership_id', '=', principal.partnershipId);
      if (query.overdue === 'true') q = q.where('due_instant', '<', now.toISOString());
      const rows = await q.orderBy('due_instant').orderBy('case_id').limit(query.limit).offset(query.offset).execute();
      return rows.map((r) => ({ caseId: r.case_id, deadline: r.deadline_id, label: r.label, due: r.due_instant, overdue: r.due_instant < now.toISOString(), owner: r.owner, clause: r.clause }));
    },
  }),
];
