/** Conferences: recorded one at a time or imported from a CSV export of the social care system. */
import { parse } from 'csv-parse/sync';
import type { NewConference } from '../../service/conferences.js';
import { ServiceError, type FieldIssue } from '../../service/errors.js';
import { invalidRequest, issuesOf } from '../problem.js';
import { Reply, defineRoute, type RouteDefinition } from '../route.js';
import { conferenceChange, idParams, newConference, page, plainString } from '../schemas.js';
import { conference, conferenceList, imported } from '../responses.js';

/** The columns of an import file, and the field each fills. */
const COLUMNS = {
  external_ref: 'externalRef',
  type: 'type',
  held_at: 'heldAt',
  chair_id: 'chairId',
  local_area: 'localArea',
  decision: 'decision',
  category: 'category',
  minutes_sent_at: 'minutesSent.at',
  minutes_method: 'minutesSent.method',
  invitees: 'participants',
  attendees: 'participants',
} as const;
const REQUIRED_COLUMNS = ['type', 'held_at', 'chair_id'];
const MAX_ROWS = 2000;

const ids = (cell: string | undefined) =>
  (cell ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** Reads a CSV file into conferences, or names every problem by row and column. */
export function conferencesFromCsv(text: string): NewConference[] {
  let records: Record<string, string>[];
  try {
    records = parse(text, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      bom: true,
      skip_empty_lines: true,
      trim: true,
      max_record_size: 100_000,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/\s+/g, ' ').slice(0, 200) : 'unreadable';
    throw invalidRequest([{ name: 'body', reason: `not a readable CSV file: ${message}` }]);
  }
  if (records.length === 0) throw invalidRequest([{ name: 'body', reason: 'the file has no conferences in it' }]);
  if (records.length > MAX_ROWS) throw invalidRequest([{ name: 'body', reason: `at most ${String(MAX_ROWS)} conferences per file` }]);
  const header = Object.keys(records[0] ?? {});
  const unknown = header.filter((h) => !(h in COLUMNS));
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (unknown.length > 0 || missing.length > 0) {
    throw invalidRequest([
      ...unknown.map((c) => ({ name: `body.columns.${c}`, reason: `unknown column; the columns are ${Object.keys(COLUMNS).join(', ')}` })),
      ...missing.map((c) => ({ name: `body.columns.${c}`, reason: 'this column is required' })),
    ]);
  }
  const issues: FieldIssue[] = [];
  const conferences: NewConference[] = [];
  records.forEach((record, index) => {
    const row = index + 2; // line 1 is the header
    const cell = (name: string) => (record[name] === undefined || record[name] === '' ? undefined : record[name]);
    const invitees = ids(record['invitees']);
    const attendees = ids(record['attendees']);
    const everyone = [...new Set([...invitees, ...attendees])];
    const candidate = {
      externalRef: cell('external_ref'),
      type: cell('type'),
      heldAt: cell('held_at'),
      chairId: cell('chair_id'),
      localArea: cell('local_area'),
      decision: cell('decision'),
      category: cell('category'),
      minutesSent:
        cell('minutes_sent_at') === undefined ? undefined : { at: cell('minutes_sent_at'), method: cell('minutes_method') ?? 'email' },
      participants:
        everyone.length === 0
          ? undefined
          : everyone.map((personId) => ({ personId, invited: invitees.includes(personId), attended: attendees.includes(personId) })),
    };
    const result = newConference.safeParse(Object.fromEntries(Object.entries(candidate).filter(([, v]) => v !== undefined)));
    if (result.success) conferences.push(result.data);
    else
      issues.push(
        ...issuesOf('body', result.error).map((i) => ({ name: `row ${String(row)}: ${i.name.replace(/^body\./, '')}`, reason: i.reason })),
      );
  });
  if (issues.length > 0) throw invalidRequest(issues);
  return conferences;
}

const csvBody = plainString().meta({
  description:
    'CSV with a header row: ' +
    Object.keys(COLUMNS).join(', ') +
    '. Times are London time; invitees and attendees are person ids separated by ;',
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
    responses: { 201: 'Recorded', 400: 'Invalid request', 401: 'Not signed in', 403: 'Not permitted' },
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
    summary: 'Import conferences from CSV: all rows or none, every problem named by row and column',
    tag: 'Conferences',
    access: 'import-conferences',
    body: csvBody,
    bodyType: 'csv',
    responses: { 201: 'Imported', 400: 'Invalid file', 401: 'Not signed in', 403: 'Not permitted' },
    result: imported,
    handler: async ({ body }, { services, principal, now }) => {
      const conferences = conferencesFromCsv(body);
      const created = await services.conferences.record(principal, conferences, now, (index, name) => `row ${String(index + 2)}: ${name}`);
      return new Reply(201, { imported: created.length, ids: created });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/conferences',
    operationId: 'listConferences',
    summary: 'Conferences, most recent first',
    tag: 'Conferences',
    access: 'read-conferences',
    audit: ['conference.list'],
    query: page,
    responses: { 200: 'The conferences', 401: 'Not signed in', 403: 'Not permitted' },
    result: conferenceList,
    handler: async ({ query }, { services, principal, now }) => {
      const list = await services.conferences.list(principal.partnershipId, query, now);
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
];
