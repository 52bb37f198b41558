/**
 * The route table's JSON Schemas, their compiled serializers and the OpenAPI document are made once
 * per process and shared by every app made in it (ADR 0045); what each serializer sends is still
 * only what its schema describes.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { API_VERSION } from '../../src/web/app.js';
import { openApiDocument, serializerOptions } from '../../src/web/openapi.js';
import type { RouteDefinition } from '../../src/web/route.js';
import { ROUTES } from '../../src/web/routes/index.js';

function routeNamed(operationId: string): RouteDefinition {
  const route = ROUTES.find((candidate) => candidate.operationId === operationId);
  if (route === undefined) throw new Error(`no route ${operationId}`);
  return route;
}

describe('route schemas made once per process', () => {
  it('gives every caller the same OpenAPI document, frozen, for a route table and version', () => {
    const first = openApiDocument(ROUTES, API_VERSION);
    expect(openApiDocument(ROUTES, API_VERSION)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first['paths'])).toBe(true);
    expect(() => {
      (first as Record<string, unknown>)['info'] = {};
    }).toThrow(TypeError);
    const other = openApiDocument(ROUTES, '9.9.9');
    expect(other).not.toBe(first);
    expect((other['info'] as { version: string }).version).toBe('9.9.9');
    expect(openApiDocument(ROUTES.slice(0, 3), API_VERSION)).not.toBe(first);
  });

  it("compiles a route's success serializer once, and it sends only what the schema describes", () => {
    const route: RouteDefinition = {
      ...routeNamed('currentSession'),
      result: z.object({ name: z.string(), count: z.number().int() }),
      responses: { 200: 'The thing' },
    };
    const first = serializerOptions(route);
    const again = serializerOptions(route);
    expect(again.schema?.response[200]).toBe(first.schema?.response[200]);
    const serializer = first.serializerCompiler?.();
    expect(serializer).toBeTypeOf('function');
    expect(again.serializerCompiler?.()).toBe(serializer);
    expect(JSON.parse(serializer?.({ name: 'A', count: 2, password: 'not to be sent' }) ?? '{}')).toEqual({ name: 'A', count: 2 });
  });

  it('keeps each route its own serializer, and none for a route without a JSON body', () => {
    const named = serializerOptions({ ...routeNamed('currentSession'), result: z.object({ name: z.string() }) });
    const counted = serializerOptions({ ...routeNamed('currentSession'), result: z.object({ count: z.number() }) });
    expect(named.serializerCompiler?.()).not.toBe(counted.serializerCompiler?.());
    expect(JSON.parse(counted.serializerCompiler?.()({ name: 'A', count: 1 }) ?? '{}')).toEqual({ count: 1 });
    expect(serializerOptions(routeNamed('signOut'))).toEqual({});
  });
});
