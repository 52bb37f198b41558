/** The OpenAPI document, built once from the route declarations. */
import type { FastifyInstance } from 'fastify';
import { openApiDocument } from '../openapi.js';
import type { RouteDefinition } from '../route.js';

export function setUpOpenApi(app: FastifyInstance, routes: readonly RouteDefinition[], version: string): void {
  const document = openApiDocument(routes, version);
  app.get('/api/openapi.json', () => document);
}
