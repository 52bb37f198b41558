/** The OpenAPI 3.1 document, generated from the route table and its zod schemas. */
import { z } from 'zod';
import { DOCUMENT_MEDIA_TYPES } from '../service/documents.js';
import { PROBLEM_SCHEMA } from './problem.js';
import { rolesAllowed, type RouteDefinition } from './route.js';

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const generated = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const { $schema: _ignored, ...rest } = generated;
  return rest;
}

function parametersOf(location: 'path' | 'query', schema: z.ZodType | undefined): Record<string, unknown>[] {
  if (schema === undefined) return [];
  const object = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (object.required ?? []).includes(name),
    schema: property,
  }));
}

function requestBodyOf(route: RouteDefinition): Record<string, unknown> {
  if (route.bodyType === 'document') {
    const binary = { schema: { type: 'string', contentMediaType: 'application/octet-stream' } };
    return { requestBody: { required: true, description: 'The document itself', content: Object.fromEntries(DOCUMENT_MEDIA_TYPES.map((type) => [type, binary])) } };
  }
  if (route.body === undefined) return {};
  const type = route.bodyType === 'csv' ? 'text/csv' : 'application/json';
  return { requestBody: { required: true, content: { [type]: { schema: jsonSchema(route.body) } } } };
}

export function openApiDocument(routes: readonly RouteDefinition[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.url.replace(/:(\w+)/g, '{$1}');
    const responses: Record<string, unknown> = {};
    for (const [status, description] of Object.entries(route.responses)) {
      responses[status] = Number(status) >= 400
        ? { description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } }
        : { description, content: { 'application/json': {} } };
    }
    responses['500'] = { description: 'Unexpected failure', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
    paths[path] = {
      ...paths[path],
      [route.method.toLowerCase()]: {
        operationId: route.operationId,
        summary: route.summary,
        tags: [route.tag],
        'x-access': route.access === 'public' ? ['public'] : rolesAllowed(route.access),
        ...(route.access === 'public' ? { security: [] } : {}),
        parameters: [...parametersOf('path', route.params), ...parametersOf('query', route.query)],
        ...requestBodyOf(route),
        responses,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Conference Challenges API', version, description: 'Challenges to child protection conference decisions, run to each partnership\'s published procedure.' },
    paths,
    security: [{ session: [] }, { apiToken: [] }],
    components: {
      schemas: { Problem: PROBLEM_SCHEMA },
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'cc_session', description: 'From POST /api/v1/session; changes also need the x-csrf-token header' },
        apiToken: { type: 'http', scheme: 'bearer', description: 'An API token for an integration, scoped to one partnership and role' },
      },
    },
  };
}
