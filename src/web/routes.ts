/**
 * The API's routes as data: method, path, who may call it, what it accepts and returns. The app
 * registers them and the OpenAPI document is generated from them, so a reader sees the whole
 * permission matrix here without opening a handler.
 */
import type { z } from 'zod';
import { WorkingCalendar, computeDeadline, parseLondonDateTime, isoDate, type ClosureDay } from '../core/calendar/index.js';
import { buildSchedule, schedulableMilestones } from '../core/engine/schedule.js';
import type { ProductRole } from '../core/procedures/schema.js';
import type { Procedure } from '../core/procedures/schema.js';
import { invalidRequest, issuesOf, problem, type InvalidParam } from './problem.js';
import { deadlineRequest, procedureParams, scheduleQuery } from './schemas.js';

export interface CoreServices {
  procedures(): ReadonlyMap<string, Procedure>;
  calendar(closures: readonly ClosureDay[]): WorkingCalendar;
}

/** `public`: published information anyone may read (the procedures and the calendar). */
export type Access = 'public' | readonly ProductRole[];

export interface RequestParts {
  readonly params: unknown;
  readonly query: unknown;
  readonly body: unknown;
}

export interface RouteDefinition {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly operationId: string;
  readonly summary: string;
  readonly tag: string;
  readonly access: Access;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  readonly responses: Readonly<Record<number, string>>;
  run(parts: RequestParts, services: CoreServices): unknown;
}

interface Parsed<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
}

/** Validates every part of the request against its schema, naming every invalid field at once. */
function defineRoute<P = undefined, Q = undefined, B = undefined>(
  definition: Omit<RouteDefinition, 'run' | 'params' | 'query' | 'body'> & {
    params?: z.ZodType<P>;
    query?: z.ZodType<Q>;
    body?: z.ZodType<B>;
    handler: (input: Parsed<P, Q, B>, services: CoreServices) => unknown;
  },
): RouteDefinition {
  const { handler, ...meta } = definition;
  return {
    ...meta,
    run(parts, services) {
      const issues: InvalidParam[] = [];
      const parse = <T>(location: 'params' | 'query' | 'body', schema: z.ZodType<T> | undefined, value: unknown): T => {
        if (schema === undefined) return undefined as T;
        const result = schema.safeParse(value ?? (location === 'body' ? undefined : {}));
        if (result.success) return result.data;
        issues.push(...issuesOf(location, result.error));
        return undefined as T;
      };
      const params = parse('params', definition.params, parts.params);
      const query = parse('query', definition.query, parts.query);
      const body = parse('body', definition.body, parts.body);
      if (issues.length > 0) throw invalidRequest(issues);
      return handler({ params, query, body }, services);
    },
  };
}

function procedureOr404(services: CoreServices, id: string): Procedure {
  const procedure = services.procedures().get(id);
  if (procedure === undefined) {
    throw problem(404, 'not-found', 'No such procedure', `There is no procedure with that id; see /api/v1/procedures`);
  }
  return procedure;
}

/** A date the calendar cannot cover is the caller's mistake: name the field. */
function withinCalendar<T>(field: string, compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof RangeError) throw invalidRequest([{ name: field, reason: error.message }]);
    throw error;
  }
}

function instant(text: string): Date {
  const value = parseLondonDateTime(text);
  if (value === undefined) throw new RangeError('validated date did not parse');
  return value;
}

export const ROUTES: readonly RouteDefinition[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/procedures',
    operationId: 'listProcedures',
    summary: 'The procedures this service runs',
    tag: 'Procedures',
    access: 'public',
    responses: { 200: 'The procedures, by id' },
    handler: (_input, services) =>
      [...services.procedures().values()].map((p) => ({ id: p.id, name: p.name, partnership: p.partnership, tracks: p.tracks.map((t) => t.id) })),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/procedures/:id',
    operationId: 'getProcedure',
    summary: 'One procedure as data, every rule with its clause',
    tag: 'Procedures',
    access: 'public',
    params: procedureParams,
    responses: { 200: 'The procedure definition', 404: 'No such procedure' },
    handler: ({ params }, services) => procedureOr404(services, params.id),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/procedures/:id/schedule',
    operationId: 'getSchedule',
    summary: 'Every deadline of a procedure, each step taken on the last permitted day',
    tag: 'Procedures',
    access: 'public',
    params: procedureParams,
    query: scheduleQuery,
    responses: { 200: 'The schedule and what it assumed', 400: 'Invalid request', 404: 'No such procedure' },
    handler: ({ params, query }, services) => {
      const procedure = procedureOr404(services, params.id);
      const conferenceAt = instant(query.conference);
      const events = schedulableMilestones(procedure);
      const pairs = query.at === undefined ? [] : Array.isArray(query.at) ? query.at : [query.at];
      const at: Record<string, Date> = {};
      const issues: InvalidParam[] = [];
      pairs.forEach((pair, index) => {
        const [event = '', date = ''] = pair.split('=', 2);
        const when = parseLondonDateTime(date);
        if (!events.includes(event)) issues.push({ name: `query.at[${String(index)}]`, reason: `unknown event; known events: ${events.join(', ')}` });
        else if (when === undefined) issues.push({ name: `query.at[${String(index)}]`, reason: 'must be EVENT=DATE with a real date' });
        else if (when.getTime() < conferenceAt.getTime()) issues.push({ name: `query.at[${String(index)}]`, reason: 'cannot be before the conference' });
        else at[event] = when;
      });
      if (issues.length > 0) throw invalidRequest(issues);
      return withinCalendar('query.conference', () => buildSchedule(procedure, services.calendar([]), { conferenceAt, at }));
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/deadlines',
    operationId: 'computeDeadline',
    summary: 'When a time limit ends, with a plain-English explanation',
    tag: 'Calendar',
    access: 'public',
    body: deadlineRequest,
    responses: { 200: 'The due date and its explanation', 400: 'Invalid request', 404: 'No such partnership' },
    handler: ({ body }, services) => {
      if (body.partnership !== undefined) procedureOr404(services, body.partnership);
      const closures = (body.closures ?? []).map((date) => ({ date: isoDate(date), reason: 'partnership closure day' }));
      const result = withinCalendar('body.from', () =>
        computeDeadline(services.calendar(closures), { from: instant(body.from), limit: body.limit, roll: body.roll, fromDescription: 'the event' }),
      );
      return { due: result.display, dueDate: result.dueDate, dueInstant: result.dueInstant.toISOString(), explanation: result.explanation, projected: result.projected, rolled: result.rolled };
    },
  }),
];
