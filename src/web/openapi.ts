/**
 * The OpenAPI 3.1 document, generated from the route table and its zod schemas (ADR 0011). Named
 * schemas (`.meta({ id })`) become `components/schemas`; the statuses app.ts gives every route
 * of a kind (validation, sign-in, permission, CSRF, body limits, long ids, attempt limits) are
 * added here from the route's declaration, so the document says what the server does.
 */
import fastJsonStringify from 'fast-json-stringify';
import { z } from 'zod';
import { DOCUMENT_MEDIA_TYPES } from '../service/documents.js';
import { STAFF_ROLES } from '../service/principal.js';
import { PROBLEM_SCHEMA } from './problem.js';
import { rolesAllowed, type RouteDefinition } from './route.js';

type Json = Record<string, unknown>;

const COMPONENTS = '#/components/schemas/';

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Rewrites zod's `#/$defs/X` references to point at the document's components. */
function pointAtComponents(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pointAtComponents);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      key === '$ref' && typeof inner === 'string' ? inner.replace(/^#\/\$defs\//, COMPONENTS) : pointAtComponents(inner),
    ]),
  );
}

/** A standalone JSON Schema (2020-12, references within itself): what Fastify's serializer takes. */
export function standaloneSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return rest;
}

/** Collects named schemas into `components/schemas`, refusing two different schemas under one name. */
class Components {
  readonly schemas: Record<string, unknown> = { Problem: PROBLEM_SCHEMA };

  /** The schema for use inside the document: named parts moved to the components, referred to there. */
  use(schema: z.ZodType, io: 'input' | 'output'): Json {
    return this.lift(standaloneSchema(schema, io));
  }

  /** Parameters: an object schema's own properties, the object itself not named in the components. */
  properties(schema: z.ZodType): { properties: Json; required: readonly string[] } {
    const { $ref, $defs, ...rest } = standaloneSchema(schema, 'input');
    const rootName = typeof $ref === 'string' ? $ref.replace(/^#\/\$defs\//, '') : undefined;
    const definitions = isRecord($defs) ? $defs : {};
    const root = rootName === undefined ? rest : definitions[rootName];
    const others = Object.fromEntries(Object.entries(definitions).filter(([name]) => name !== rootName));
    const object = this.lift({ ...(isRecord(root) ? root : {}), $defs: others });
    const { properties, required } = object;
    return {
      properties: isRecord(properties) ? properties : {},
      required: Array.isArray(required) ? required.filter((name): name is string => typeof name === 'string') : [],
    };
  }

  private lift(generated: Json): Json {
    const { $defs, ...rest } = generated;
    if (isRecord($defs)) {
      for (const [name, definition] of Object.entries($defs)) {
        const moved = pointAtComponents(definition);
        const existing = this.schemas[name];
        if (existing !== undefined && JSON.stringify(existing) !== JSON.stringify(moved)) {
          throw new Error(`Two different schemas are named ${name} (a request and a response?): give one another id`);
        }
        this.schemas[name] = moved;
      }
    }
    const used = pointAtComponents(rest);
    return isRecord(used) ? used : {};
  }
}

const problemContent = { 'application/problem+json': { schema: { $ref: `${COMPONENTS}Problem` } } };

function parametersOf(components: Components, location: 'path' | 'query', schema: z.ZodType | undefined): Json[] {
  if (schema === undefined) return [];
  const { properties, required } = components.properties(schema);
  return Object.entries(properties).map(([name, property]) => {
    const description = isRecord(property) && typeof property['description'] === 'string' ? { description: property['description'] } : {};
    return { name, in: location, required: location === 'path' || required.includes(name), ...description, schema: property };
  });
}

function requestBodyOf(components: Components, route: RouteDefinition): Json {
  if (route.bodyType === 'document') {
    const binary = { schema: { type: 'string', contentMediaType: 'application/octet-stream' } };
    return {
      requestBody: {
        required: true,
        description: 'The document itself',
        content: Object.fromEntries(DOCUMENT_MEDIA_TYPES.map((type) => [type, binary])),
      },
    };
  }
  if (route.body === undefined) return {};
  const type = route.bodyType === 'csv' ? 'text/csv' : 'application/json';
  return { requestBody: { required: true, content: { [type]: { schema: components.use(route.body, 'input') } } } };
}

const takesBody = (route: RouteDefinition) => route.method !== 'GET';

/**
 * Every status app.ts can give this route, beside the route's own: each with the route's own
 * description when it has one.
 */
function statusesOf(route: RouteDefinition): Record<string, string> {
  const signedIn = route.access !== 'public';
  const allowed = rolesAllowed(route.access);
  const everyRole = allowed === 'public' || STAFF_ROLES.every((role) => allowed.includes(role));
  const withId = route.url.includes('/:');
  const statuses: Record<string, string> = {};
  const add = (status: number, description: string, when: boolean) => {
    if (when) statuses[String(status)] = description;
  };
  add(
    400,
    withId ? 'Invalid request (including a malformed id)' : 'Invalid request',
    route.params !== undefined || route.query !== undefined || route.body !== undefined || takesBody(route),
  );
  add(401, 'Not signed in, or the API token is not valid', signedIn);
  add(
    403,
    takesBody(route) ? 'Not permitted, or (signed in with the cookie) the x-csrf-token header is missing or wrong' : 'Not permitted',
    signedIn && (!everyRole || takesBody(route)),
  );
  add(413, 'The request is too large', takesBody(route));
  add(414, 'The id is too long', withId);
  add(415, 'Unsupported media type', takesBody(route));
  add(429, 'Too many attempts: wait for Retry-After seconds', route.passwordAttempts !== undefined);
  for (const [status, description] of Object.entries(route.responses)) statuses[status] = description;
  statuses['500'] = 'Unexpected failure';
  statuses['503'] =
    'The database is unavailable (nothing was changed), out of space, or was lost while a change was saved (read again to see whether it was): wait for Retry-After seconds';
  return statuses;
}

function successOf(components: Components, route: RouteDefinition, description: string): Json {
  switch (route.resultType) {
    case 'none':
      return { description };
    case 'document':
      return {
        description,
        headers: {
          'Content-Disposition': { description: 'attachment, with the file name', schema: { type: 'string' } },
          'Repr-Digest': { description: 'The SHA-256 of the document (RFC 9530)', schema: { type: 'string' } },
        },
        content: Object.fromEntries(DOCUMENT_MEDIA_TYPES.map((type) => [type, { schema: { type: 'string', contentMediaType: type } }])),
      };
    case 'csv':
      return {
        description,
        headers: { 'Content-Disposition': { description: 'attachment, with the file name', schema: { type: 'string' } } },
        content: { 'text/csv': { schema: { type: 'string', contentMediaType: 'text/csv' } } },
      };
    case 'json':
      return {
        description,
        content: { 'application/json': { schema: route.result === undefined ? {} : components.use(route.result, 'output') } },
      };
  }
}

function responsesOf(components: Components, route: RouteDefinition): Json {
  return Object.fromEntries(
    Object.entries(statusesOf(route)).map(([status, description]) => {
      if (Number(status) < 400) return [status, successOf(components, route, description)];
      const retry =
        status === '429' || status === '503'
          ? { headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } } }
          : {};
      return [status, { description, ...retry, content: problemContent }];
    }),
  );
}

/** The success status of a route: the one 2xx it declares. */
export function successStatus(route: RouteDefinition): number {
  const status = Object.keys(route.responses)
    .map(Number)
    .find((code) => code >= 200 && code < 300);
  if (status === undefined) throw new Error(`${route.operationId} declares no success status`);
  return status;
}

type Serializer = (body: unknown) => string;

/**
 * Each route's success schema and its compiled serializer, made once per process (ADR 0045): the
 * route table is fixed when the modules load, and every app made in the process (each test's, each
 * benchmark's) would otherwise turn the same zod schemas into JSON Schema and compile them again.
 */
const successSerializers = new WeakMap<RouteDefinition, { readonly schema: Json; readonly serializer: Serializer }>();

function successSerializer(route: RouteDefinition, result: z.ZodType): { readonly schema: Json; readonly serializer: Serializer } {
  const kept = successSerializers.get(route);
  if (kept !== undefined) return kept;
  const schema = standaloneSchema(result, 'output');
  // What Fastify's own serializer compiler does with a route's response schema when the app adds no
  // shared schemas: fast-json-stringify, Fastify's serializer, with no options.
  const made = { schema, serializer: fastJsonStringify(schema) as Serializer };
  successSerializers.set(route, made);
  return made;
}

/**
 * Route options for Fastify's serializer of the success body: only what the schema describes is
 * sent. The schema stays declared on the route (Fastify picks the serializer by status from it);
 * the serializer is the one compiled for this route once per process.
 */
export function serializerOptions(route: RouteDefinition): {
  schema?: { response: Record<number, Json> };
  serializerCompiler?: () => Serializer;
} {
  if (route.resultType !== 'json' || route.result === undefined) return {};
  const { schema, serializer } = successSerializer(route, route.result);
  return { schema: { response: { [successStatus(route)]: schema } }, serializerCompiler: () => serializer };
}

const TAGS = [
  { name: 'Procedures', description: 'The published procedures and their schedules (no sign-in)' },
  { name: 'Calendar', description: 'Working-day deadlines (no sign-in)' },
  { name: 'Session', description: 'Signing in and out, and changing your password' },
  { name: 'Partnership', description: 'Areas, closure days, staff, API tokens, the audit trail and the agencies directory' },
  { name: 'People', description: 'People from partner agencies' },
  { name: 'Conferences', description: 'Child protection conferences, recorded or imported' },
  { name: 'Cases', description: 'Challenges, their deadlines, tasks and actions' },
  { name: 'Documents', description: 'Documents attached to cases and conferences' },
  { name: 'Panels', description: "Checking a proposed panel, members' declarations, the document pack, and what decisions require" },
];

/** The document for a route table and version, made once per process (ADR 0045). */
const documents = new WeakMap<readonly RouteDefinition[], Map<string, Json>>();

/** The OpenAPI document of these routes at this version: made once, and frozen, as every app in the process shares it. */
export function openApiDocument(routes: readonly RouteDefinition[], version: string): Json {
  const byVersion = documents.get(routes) ?? new Map<string, Json>();
  documents.set(routes, byVersion);
  const kept = byVersion.get(version);
  if (kept !== undefined) return kept;
  const made = deepFreeze(documentOf(routes, version));
  byVersion.set(version, made);
  return made;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

function documentOf(routes: readonly RouteDefinition[], version: string): Json {
  const components = new Components();
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const path = route.url.replace(/:(\w+)/g, '{$1}');
    paths[path] = {
      ...paths[path],
      [route.method.toLowerCase()]: {
        operationId: route.operationId,
        summary: route.summary,
        tags: [route.tag],
        'x-access': route.access === 'public' ? ['public'] : rolesAllowed(route.access),
        ...(route.access === 'public' ? { security: [] } : {}),
        parameters: [...parametersOf(components, 'path', route.params), ...parametersOf(components, 'query', route.query)],
        ...requestBodyOf(components, route),
        responses: responsesOf(components, route),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Conference Challenges API',
      version,
      description: "Challenges to child protection conference decisions, run to each partnership's published procedure.",
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/', description: 'This service' }],
    tags: TAGS,
    paths,
    security: [{ session: [] }, { apiToken: [] }],
    components: {
      schemas: components.schemas,
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'cc_session',
          description: 'From POST /api/v1/session; changes also need the x-csrf-token header',
        },
        apiToken: { type: 'http', scheme: 'bearer', description: 'An API token for an integration, scoped to one partnership and role' },
      },
    },
  };
}
