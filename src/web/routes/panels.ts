/**
 * Panels, their document packs and what decisions require (ADR 0026). Checking a proposed panel
 * records nothing; convening, declaring and deciding go through the case's actions.
 */
import { defineRoute, type RouteDefinition } from '../route.js';
import { idParams, packLink, panelCheck } from '../schemas.js';
import { outcomesView, packChecklist, panelCheckResult, panelView, recommendationsReport } from '../panelResponses.js';
import { z } from 'zod';
import { agencyKind } from '../../core/procedures/schema.js';

export const PANEL_ROUTES: readonly RouteDefinition[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/cases/:id/panel',
    operationId: 'getCasePanel',
    summary: "A case's panel: the procedure's rule, the panel convened with each member's declaration, and the decisions",
    tag: 'Panels',
    access: 'read-case',
    audit: ['case.read-panel'],
    params: idParams,
    responses: { 200: 'The panel', 401: 'Not signed in', 403: 'Not permitted', 404: 'No such case (or not yours to see)' },
    result: panelView,
    handler: ({ params }, { services, principal, now }) => services.cases.panel(principal, params.id, now),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/cases/:id/panel-check',
    operationId: 'checkPanel',
    summary: 'Check a proposed panel against the procedure without recording it: every problem with its clause',
    tag: 'Panels',
    access: 'act-on-case',
    audit: ['case.panel-check'],
    params: idParams,
    body: panelCheck,
    responses: {
      200: 'The check: valid, or every problem with its clause',
      400: 'Invalid request (an unknown person, or one the directory contradicts)',
      401: 'Not signed in',
      403: 'Not permitted',
      404: 'No such case',
    },
    result: panelCheckResult,
    handler: ({ params, body }, { services, principal, now }) => services.cases.checkPanel(principal, params.id, body, now),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/cases/:id/outcomes',
    operationId: 'getCaseOutcomes',
    summary: 'What the decisions require, each step open or done, by whom and when',
    tag: 'Panels',
    access: 'read-case',
    audit: ['case.read-outcomes'],
    params: idParams,
    responses: { 200: 'The requirements', 401: 'Not signed in', 403: 'Not permitted', 404: 'No such case (or not yours to see)' },
    result: outcomesView,
    handler: ({ params }, { services, principal, now }) => services.cases.outcomes(principal, params.id, now),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/cases/:id/document-pack',
    operationId: 'getDocumentPack',
    summary: "The panel's document pack: each item the procedure lists, the documents put against it, and what is missing",
    tag: 'Panels',
    access: 'read-documents',
    audit: ['case.read-pack'],
    params: idParams,
    responses: {
      200: 'The checklist',
      401: 'Not signed in',
      403: 'Not permitted',
      404: 'No such case (or not yours to see)',
      422: 'The procedure has no panel',
    },
    result: packChecklist,
    handler: ({ params }, { services, principal, now }) => services.documentPack.checklist(principal, params.id, now),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/cases/:id/document-pack',
    operationId: 'linkPackDocument',
    summary: "Put a case document against an item of the panel's document pack, or take it out (by the pack's preparer)",
    tag: 'Panels',
    access: 'act-on-case',
    audit: ['case.pack-link'],
    params: idParams,
    body: packLink,
    responses: {
      204: 'Done',
      400: 'Invalid request',
      401: 'Not signed in',
      403: 'Not permitted: only the role the procedure names prepares the pack',
      404: 'No such case',
      422: 'The procedure has no panel',
    },
    handler: async ({ params, body }, { services, principal, now }) => {
      await services.documentPack.link(principal, params.id, body, now);
      return undefined;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/reports/recommendations',
    operationId: 'recommendationsReport',
    summary: "Panels' learning points and recommendations to agencies across the cases you may see, newest first",
    tag: 'Panels',
    access: 'read-case',
    audit: ['report.recommendations', 'case.read-report'],
    query: z.strictObject({ agency: agencyKind.optional().meta({ description: 'Only the recommendations to this agency' }) }),
    responses: { 200: 'The report', 400: 'Invalid request', 401: 'Not signed in', 403: 'Not permitted' },
    result: recommendationsReport,
    handler: ({ query }, { services, principal, now }) =>
      services.cases.recommendationsReport(principal, query.agency === undefined ? {} : { agency: query.agency }, now),
  }),
];
