/** The OpenAPI 3.1 document, generated from the route table and its zod schemas. */
import { z } from 'zod';
import { PROBLEM_SCHEMA } from './problem.js';
import type { RouteDefinition } from './route.js';

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
        'x-access': route.access === 'public' ? ['public'] : route.access,
        parameters: [...parametersOf('path', route.params), ...parametersOf('query', route.query)],
        ...(route.body === undefined ? {} : { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body) } } } }),
        responses,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Conference Challenges API', version, description: 'Challenges to child protection conference decisions, run to each partnership\'s published procedure.' },
    paths,
    components: { schemas: { Problem: PROBLEM_SCHEMA } },
  };
}
