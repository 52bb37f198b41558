/** The partnership: its areas and closure days, its staff and who manages whom, API tokens, the audit trail. */
import { isoDate, type IsoDate } from '../../core/calendar/index.js';
import type { AuditFilters } from '../../service/audit.js';
import { Reply, auditPartnershipChange, defineRoute, type RouteDefinition } from '../route.js';
import { auditExportQuery, auditQuery, idParams, newClosureDay, newToken, newUser, receiptRulesChange, staffChange } from '../schemas.js';
import {
  apiTokens,
  auditCsv,
  auditEntries,
  closureDays,
  created,
  newApiToken,
  partnership,
  receiptRules,
  staffList,
  staffMember,
} from '../responses.js';

export const PARTNERSHIP_ROUTES: readonly RouteDefinition[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/partnership',
    operationId: 'getPartnership',
    summary: 'Your partnership: its procedure, local areas and closure days',
    tag: 'Partnership',
    access: 'signed-in',
    responses: { 200: 'The partnership', 401: 'Not signed in' },
    result: partnership,
    handler: (_input, { services, principal }) => services.partnerships.get(principal.partnershipId),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/partnership/closure-days',
    operationId: 'addClosureDay',
    summary: 'Add a day the partnership is closed: no working-day limit counts it',
    tag: 'Partnership',
    access: 'manage-closure-days',
    audit: ['closure-day.added'],
    body: newClosureDay,
    responses: { 201: 'Added', 400: 'Invalid request', 401: 'Not signed in', 403: 'Not permitted' },
    result: closureDays,
    handler: async ({ body }, { services, principal, now }) => {
      await services.partnerships.addClosureDay(principal.partnershipId, { date: isoDate(body.date), reason: body.reason });
      // A closure day moves the deadlines of every open case of the partnership.
      await services.audit.record({
        at: now,
        principal,
        action: 'closure-day.added',
        subjectType: 'closure-day',
        subjectId: body.date,
        outcome: 'ok',
      });
      return new Reply(201, await services.partnerships.closureDays(principal.partnershipId));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/partnership/receipt-rules',
    operationId: 'getReceiptRules',
    summary: 'When each way of sending counts as received in this partnership, unless the actual receipt is recorded (ADR 0016)',
    tag: 'Partnership',
    access: 'signed-in',
    responses: { 200: 'The rules, one per method', 401: 'Not signed in' },
    result: receiptRules,
    handler: (_input, { services, principal }) => services.partnerships.receiptRuleList(principal.partnershipId),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/partnership/receipt-rules',
    operationId: 'setReceiptRules',
    summary:
      "Set the partnership's own receipt rules; a method left out goes back to the default. Deadlines use them from the next request",
    tag: 'Partnership',
    access: 'manage-receipt-rules',
    audit: ['receipt-rules.changed'],
    body: receiptRulesChange,
    responses: { 200: 'The rules now in force', 400: 'Invalid request', 401: 'Not signed in', 403: 'Not permitted' },
    result: receiptRules,
    handler: async ({ body }, context) => {
      const { partnerships } = context.services;
      await partnerships.setReceiptRules(context.principal.partnershipId, body);
      await auditPartnershipChange(context, 'receipt-rules.changed');
      return partnerships.receiptRuleList(context.principal.partnershipId);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/partnership/staff',
    operationId: 'listStaff',
    summary: 'Role holders, with who line-manages whom (for panel independence)',
    tag: 'Partnership',
    access: 'read-staff',
    responses: { 200: 'The staff', 401: 'Not signed in', 403: 'Not permitted' },
    result: staffList,
    handler: (_input, { services, principal }) => services.staff.list(principal.partnershipId),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/partnership/staff',
    operationId: 'addStaff',
    summary: 'Give someone an account with a role',
    tag: 'Partnership',
    access: 'manage-staff',
    audit: ['staff.added'],
    body: newUser,
    responses: {
      201: 'Created',
      400: 'Invalid request',
      401: 'Not signed in',
      403: 'Not permitted',
      404: 'No such line manager',
      409: 'Email already in use',
    },
    result: created,
    handler: async ({ body }, { services, principal, now }) => {
      const { lineManagerId, ...user } = body;
      const id = await services.staff.add(
        { ...user, partnershipId: principal.partnershipId, ...(lineManagerId === undefined ? {} : { lineManagerId }) },
        now,
      );
      await services.audit.record({ at: now, principal, action: 'staff.added', subjectType: 'user', subjectId: id, outcome: 'ok' });
      return new Reply(201, { id }, { location: `/api/v1/partnership/staff/${id}` });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/partnership/staff/:id',
    operationId: 'getStaffMember',
    summary: 'One member of staff: their role, agency, line manager and whether their account is disabled',
    tag: 'Partnership',
    access: 'read-staff',
    params: idParams,
    responses: { 200: 'The member of staff', 401: 'Not signed in', 403: 'Not permitted', 404: 'No such member of staff' },
    result: staffMember,
    handler: ({ params }, { services, principal }) => services.staff.get(principal.partnershipId, params.id),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/partnership/staff/:id',
    operationId: 'updateStaff',
    summary: "Change someone's role or line manager, or disable or re-enable their account; counts from their next request",
    tag: 'Partnership',
    access: 'manage-staff',
    audit: ['staff.updated:<what changed>', 'api-token.revoked'],
    params: idParams,
    body: staffChange,
    responses: {
      200: 'Changed',
      400: 'Invalid request',
      401: 'Not signed in',
      403: 'Not permitted',
      404: 'No such member of staff or line manager',
      409: 'Not allowed for your own account, or a line-management loop',
    },
    result: staffMember,
    handler: async ({ params, body }, { services, principal, now }) => {
      const change = {
        ...(body.role === undefined ? {} : { role: body.role }),
        ...(body.disabled === undefined ? {} : { disabled: body.disabled }),
        ...(body.lineManagerId === undefined ? {} : { lineManagerId: body.lineManagerId }),
        ...(body.senior === undefined ? {} : { senior: body.senior }),
        ...(body.partnershipAgency === undefined ? {} : { partnershipAgency: body.partnershipAgency }),
      };
      const { member, revokedTokens } = await services.staff.update(principal.partnershipId, params.id, change, principal, now);
      const what = [
        ...(body.role === undefined ? [] : ['role']),
        ...(body.disabled === undefined ? [] : [body.disabled ? 'disabled' : 'enabled']),
        ...(body.lineManagerId === undefined ? [] : ['line-manager']),
        ...(body.senior === undefined ? [] : ['senior']),
        ...(body.partnershipAgency === undefined ? [] : ['partnership-agency']),
      ];
      await services.audit.record({
        at: now,
        principal,
        action: `staff.updated:${what.join(',')}`,
        subjectType: 'user',
        subjectId: params.id,
        outcome: 'ok',
      });
      for (const token of revokedTokens)
        await services.audit.record({
          at: now,
          principal,
          action: 'api-token.revoked',
          subjectType: 'api-token',
          subjectId: token,
          outcome: 'ok',
        });
      return member;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/api-tokens',
    operationId: 'listApiTokens',
    summary: "The partnership's API tokens (never their secrets)",
    tag: 'Partnership',
    access: 'manage-tokens',
    responses: { 200: 'The tokens', 401: 'Not signed in', 403: 'Not permitted' },
    result: apiTokens,
    handler: (_input, { services, principal }) => services.tokens.list(principal.partnershipId),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/api-tokens',
    operationId: 'createApiToken',
    summary:
      'Create a token for an integration, acting with one role in this partnership, expiring; shown once. A role that reads case content needs a senior safeguarding manager',
    tag: 'Partnership',
    access: 'create-tokens',
    audit: ['api-token.created'],
    body: newToken,
    responses: { 201: 'Created', 400: 'Invalid request', 401: 'Not signed in', 403: 'Not permitted, or not for this role' },
    result: newApiToken,
    handler: async ({ body }, { services, principal, now }) => {
      const created = await services.tokens.create(principal, body, now);
      await services.audit.record({
        at: now,
        principal,
        action: 'api-token.created',
        subjectType: 'api-token',
        subjectId: created.id,
        outcome: 'ok',
      });
      return new Reply(201, created);
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/api-tokens/:id',
    operationId: 'revokeApiToken',
    summary: 'Revoke a token at once',
    tag: 'Partnership',
    access: 'manage-tokens',
    audit: ['api-token.revoked'],
    params: idParams,
    responses: { 204: 'Revoked', 401: 'Not signed in', 403: 'Not permitted', 404: 'No such token' },
    handler: async ({ params }, { services, principal, now }) => {
      await services.tokens.revoke(principal.partnershipId, params.id, now);
      await services.audit.record({
        at: now,
        principal,
        action: 'api-token.revoked',
        subjectType: 'api-token',
        subjectId: params.id,
        outcome: 'ok',
      });
      return undefined;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/audit',
    operationId: 'listAudit',
    summary: 'Who read, did or was refused what, newest first: by person, case, action and London dates, a page at a time',
    tag: 'Partnership',
    access: 'read-audit',
    query: auditQuery,
    responses: { 200: 'Audit entries', 400: 'Invalid request', 401: 'Not signed in', 403: 'Not permitted' },
    result: auditEntries,
    handler: ({ query }, { services, principal }) =>
      services.audit.search(
        principal.partnershipId,
        {
          ...auditFiltersOf(query),
          ...(query.before === undefined ? {} : { before: query.before }),
          ...(query.subjectId === undefined ? {} : { subjectId: query.subjectId }),
        },
        { limit: query.limit, offset: query.offset },
      ),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/audit.csv',
    operationId: 'exportAudit',
    summary: 'The audit trail, filtered as GET /api/v1/audit is, as CSV safe to open in a spreadsheet; the export is itself audited',
    tag: 'Partnership',
    access: 'read-audit',
    audit: ['audit.export'],
    query: auditExportQuery,
    responses: { 200: 'The entries as CSV, newest first', 400: 'Invalid request', 401: 'Not signed in', 403: 'Not permitted' },
    result: auditCsv,
    resultType: 'csv',
    handler: async ({ query }, { services, principal, now }) => {
      const { csv, truncated } = await services.audit.exportCsv(principal, auditFiltersOf(query), now);
      return new Reply(200, Buffer.from(csv, 'utf8'), {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="audit-${principal.partnershipId.replace(/[^\w.-]/g, '_')}-${now.toISOString().slice(0, 10)}.csv"`,
        'x-content-type-options': 'nosniff',
        ...(truncated ? { 'x-truncated': 'true' } : {}),
      });
    },
  }),
];

/** The auditor's filters as the service takes them: only those given. */
function auditFiltersOf(query: {
  readonly actorId?: string | undefined;
  readonly caseId?: string | undefined;
  readonly action?: string | undefined;
  readonly from?: IsoDate | undefined;
  readonly to?: IsoDate | undefined;
}): AuditFilters {
  return {
    ...(query.actorId === undefined ? {} : { actorId: query.actorId }),
    ...(query.caseId === undefined ? {} : { caseId: query.caseId }),
    ...(query.action === undefined ? {} : { action: query.action }),
    ...(query.from === undefined ? {} : { from: query.from }),
    ...(query.to === undefined ? {} : { to: query.to }),
  };
}
