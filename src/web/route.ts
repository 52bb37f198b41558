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

export interface RequestParts {
  readonly params: unknown;
  readonly query: unknown;
  readonly body: unknown;
}

export type BodyType = 'json' | 'csv' | 'document';

export interface RouteDefinition {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
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
  readonly responses: Readonly<Record<number, string>>;
  run(parts: RequestParts, context: RouteContext): unknown;
}

interface Parsed<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
}

/** A response other than 200 with a JSON body. */
export class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {}
}

type Handler<P, Q, B, A extends Access> = (input: Parsed<P, Q, B>, context: A extends 'public' ? RouteContext : StaffContext) => unknown;

/** Validates every part of the request against its schema, naming every invalid field at once. */
export function defineRoute<P = undefined, Q = undefined, B = undefined, A extends Access = Access>(
  definition: Omit<RouteDefinition, 'run' | 'params' | 'query' | 'body' | 'access'> & {
    access: A;
    params?: z.ZodType<P>;
    query?: z.ZodType<Q>;
    body?: z.ZodType<B>;
    handler: Handler<P, Q, B, A>;
  },
): RouteDefinition {
  const { handler, ...meta } = definition;
  return {
    ...meta,
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
      return (handler as Handler<P, Q, B, Access>)({ params, query, body }, context);
    },
  };
}
