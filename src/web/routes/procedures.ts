/** Published, non-personal information anyone may read: the procedures and the calendar. */
import { computeDeadline, parseLondonDateTime, isoDate } from '../../core/calendar/index.js';
import { buildSchedule, schedulableMilestones } from '../../core/engine/schedule.js';
import type { Procedure } from '../../core/procedures/schema.js';
import { invalidRequest, problem, type InvalidParam } from '../problem.js';
import { defineRoute, type CoreServices, type RouteDefinition } from '../route.js';
import { deadlineRequest, procedureParams, scheduleQuery } from '../schemas.js';
import { deadlineResult, procedure, procedureList, schedule } from '../responses.js';

function procedureOr404(core: CoreServices, id: string): Procedure {
  const procedure = core.procedures().get(id);
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

export const PROCEDURE_ROUTES: readonly RouteDefinition[] = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/procedures',
    operationId: 'listProcedures',
    summary: 'The procedures this service runs',
    tag: 'Procedures',
    access: 'public',
    responses: { 200: 'The procedures, by id' },
    result: procedureList,
    handler: (_input, { core }) =>
      [...core.procedures().values()].map((p) => ({
        id: p.id,
        version: p.version,
        effectiveFrom: p.effectiveFrom,
        name: p.name,
        partnership: p.partnership,
        tracks: p.tracks.map((t) => t.id),
      })),
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
    result: procedure,
    handler: ({ params }, { core }) => procedureOr404(core, params.id),
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
    result: schedule,
    handler: ({ params, query }, { core }) => {
      const procedure = procedureOr404(core, params.id);
      const conferenceAt = instant(query.conference);
      const events = schedulableMilestones(procedure);
      const pairs = query.at === undefined ? [] : Array.isArray(query.at) ? query.at : [query.at];
      const at: Record<string, Date> = {};
      const issues: InvalidParam[] = [];
      pairs.forEach((pair, index) => {
        const [event = '', date = ''] = pair.split('=', 2);
        const when = parseLondonDateTime(date);
        if (!events.includes(event))
          issues.push({ name: `query.at[${String(index)}]`, reason: `unknown event; known events: ${events.join(', ')}` });
        else if (when === undefined) issues.push({ name: `query.at[${String(index)}]`, reason: 'must be EVENT=DATE with a real date' });
        else if (when.getTime() < conferenceAt.getTime())
          issues.push({ name: `query.at[${String(index)}]`, reason: 'cannot be before the conference' });
        else at[event] = when;
      });
      if (issues.length > 0) throw invalidRequest(issues);
      const schedule = withinCalendar('query.conference', () => buildSchedule(procedure, core.calendar([]), { conferenceAt, at }));
      return { ...schedule, conferenceAt: schedule.conferenceAt.toISOString() };
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
    result: deadlineResult,
    handler: ({ body }, { core }) => {
      if (body.partnership !== undefined) procedureOr404(core, body.partnership);
      const closures = (body.closures ?? []).map((date) => ({ date: isoDate(date), reason: 'partnership closure day' }));
      const result = withinCalendar('body.from', () =>
        computeDeadline(core.calendar(closures), {
          from: instant(body.from),
          limit: body.limit,
          roll: body.roll,
          fromDescription: 'the event',
        }),
      );
      return {
        due: result.display,
        dueDate: result.dueDate,
        dueInstant: result.dueInstant.toISOString(),
        explanation: result.explanation,
        projected: result.projected,
        rolled: result.rolled,
      };
    },
  }),
];
