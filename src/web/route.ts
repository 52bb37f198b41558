/**
 * How a route is declared: method, path, the permission it needs and the audit entries it
 * writes, what it accepts (zod schemas, which
 * also generate the OpenAPI document) and what it does. Each area of the API declares its routes
 * in one table (`routes/*.ts`), so a reader sees who may do what without opening a handler.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { WorkingCalendar, ClosureDay } from '../core/calendar/index.js';
import type { Procedure } from '../core/procedures/schema.js';
import { rolesWith, type Permission } from '../service/permissions.js';
import { STAFF_ROLES, type Principal, type StaffRole } from '../service/principal.js';
import type { Services } from '../service/services.js';
import { invalidRequest, issuesOf, type InvalidParam } from './problem.js';

export interface CoreServices {
  procedures(): ReadonlyMap<string, Procedure>;
  calendar(closures: readonly ClosureDay[]): WorkingCalendar;
}

/**
 * `public`: anyone, signed in or not; `signed-in`: any member of staff, whatever their role.
 * Otherwise the permission (src/service/permissions.ts) the caller's role must hold.
 */
export type Access = 'public' | 'signed-in' | Permission;

/** The roles that may call a route with this access (`public` for anyone). */
export function rolesAllowed(access: Access): readonly StaffRole[] | 'public' {
  if (access === 'public') return 'public';
  return access === 'signed-in' ? STAFF_ROLES : rolesWith(access);
}

export interface RouteContext {
  readonly core: CoreServices;
  readonly services: Services;
  readonly principal: Principal | undefined;
  readonly now: Date;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
}

/** A signed-in context: what every non-public handler receives. */
export type StaffContext = RouteContext & { readonly principal: Principal };

/** Records in the audit trail that the caller changed a setting of their own partnership (its letterhead, its receipt rules). */
export const auditPartnershipChange = ({ services, principal, now }: StaffContext, action: string): Promise<void> =>
  services.audit.record({ at: now, principal, action, subjectType: 'partnership', subjectId: principal.partnershipId, outcome: 'ok' });

export interface RequestParts {
  readonly params: unknown;
  readonly query: unknown;
  readonly body: unknown;
}

export type BodyType = 'json' | 'csv' | 'document';

/** What a route answers with on success: JSON described by `result`, nothing (204), a stored document's own bytes, or CSV. */
export type ResultType = 'json' | 'none' | 'document' | 'csv';

export interface RouteDefinition {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly url: string;
  readonly operationId: string;
  readonly summary: string;
  readonly tag: string;
  readonly access: Access;
  /**
   * The audit entries (their `action`) a successful call writes, by the route or by the service
   * it calls; a refusal by the permission check writes `denied:<operationId>`.
   */
  readonly audit?: readonly string[];
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  readonly bodyType?: BodyType;
  /**
   * A route that checks a password is limited like signing in (app.ts): per address, and with
   * 'address-and-account' also per account named by the body's `email`.
   */
  readonly passwordAttempts?: 'address' | 'address-and-account';
  /** The success status's description and the route's own refusals; app.ts's statuses are added by openapi.ts. */
  readonly responses: Readonly<Record<number, string>>;
  /** The success body's schema: the serializer's and the OpenAPI document's. */
  readonly result?: z.ZodType;
  readonly resultType: ResultType;
  run(parts: RequestParts, context: RouteContext): unknown;
}

interface Parsed<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
}

/** A response other than 200, or with headers. */
export class Reply<T = unknown> {
  constructor(
    readonly status: number,
    readonly body: T,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {}
}

/** A Reply whatever its body's type (`instanceof` would see `Reply<any>`). */
export function isReply(value: unknown): value is Reply {
  return value instanceof Reply;
}

/** A value a handler may answer with for a schema's type: services build readonly arrays and objects. */
type Answer<T> = T extends Buffer
  ? T
  : T extends readonly (infer E)[]
    ? readonly Answer<E>[]
    : T extends object
      ? { readonly [K in keyof T]: Answer<T[K]> }
      : T;

/** A handler answers with its result schema's type (plainly, or in a Reply), or with nothing for a 204. */
type Result<R> = [R] extends [undefined] ? undefined : Answer<R> | Reply<Answer<R>>;

type Handler<P, Q, B, R, A extends Access> = (
  input: Parsed<P, Q, B>,
  context: A extends 'public' ? RouteContext : StaffContext,
) => Result<R> | Promise<Result<R>>;

/**
 * Validates every part of the request against its schema, naming every invalid field at once.
 * A route with a `result` schema must answer with that schema's type; one without answers 204.
 */
export function defineRoute<P = undefined, Q = undefined, B = undefined, R = undefined, A extends Access = Access>(
  definition: Omit<RouteDefinition, 'run' | 'params' | 'query' | 'body' | 'access' | 'result' | 'resultType'> & {
    access: A;
    params?: z.ZodType<P>;
    query?: z.ZodType<Q>;
    body?: z.ZodType<B>;
    result?: z.ZodType<R>;
    /** Set for a document download or a CSV export: `result` then describes the bytes, sent as they are. */
    resultType?: 'document' | 'csv';
    handler: Handler<P, Q, B, NoInfer<R>, A>;
  },
): RouteDefinition {
  const { handler, ...meta } = definition;
  return {
    ...meta,
    resultType: definition.resultType ?? (definition.result === undefined ? 'none' : 'json'),
    run(parts, context) {
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
      return (handler as Handler<P, Q, B, R, Access>)({ params, query, body }, context);
    },
  };
}
