import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { deadlineRequest } from '../../src/web/schemas.js';
import { testApp, type TestApp } from '../support/app.js';

let harness: TestApp;
let app: FastifyInstance;
beforeAll(async () => {
  harness = await testApp({ now: new Date('2026-11-23T10:00:00Z') });
  app = harness.app;
});
afterAll(async () => {
  await harness.close();
});

const post = (body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  app.inject({ method: 'POST', url: '/api/v1/deadlines', headers, payload: typeof body === 'string' ? body : JSON.stringify(body) });

function problemOf(response: { statusCode: number; headers: Record<string, unknown>; json(): unknown }) {
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  return response.json() as {
    type: string;
    title: string;
    status: number;
    detail?: string;
    'invalid-params'?: { name: string; reason: string }[];
  };
}

describe('health', () => {
  it('answers /ping without the database and /health with its checks', async () => {
    expect((await app.inject('/ping')).json()).toEqual({ status: 'ok' });
    const health = await app.inject('/health');
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({
      status: 'ok',
      checks: { procedures: { loaded: 5 }, database: { status: 'ok', dialect: 'sqlite' } },
    });
  });
});

describe('procedures', () => {
  it('lists the five procedures', async () => {
    const response = await app.inject('/api/v1/procedures');
    expect(response.statusCode).toBe(200);
    expect(response.json<{ id: string }[]>().map((p) => p.id)).toEqual([
      'camden',
      'cambridgeshire-peterborough',
      'kent',
      'kingston-richmond',
      'pan-sussex',
    ]);
    expect(response.json<unknown[]>()).toContainEqual(
      expect.objectContaining({ id: 'pan-sussex', version: 1, effectiveFrom: '2022-07-01' }),
    );
  });

  it("returns one procedure with every rule's clause, and 404 problem JSON for an unknown id", async () => {
    const kent = (await app.inject('/api/v1/procedures/kent')).json<{ deadlines: { clause: string }[] }>();
    expect(kent.deadlines.every((d) => d.clause.startsWith('kent '))).toBe(true);
    expect(kent).toMatchObject({ version: 1, effectiveFrom: '2026-11-23' });
    const missing = await app.inject('/api/v1/procedures/atlantis');
    expect(missing.statusCode).toBe(404);
    expect(problemOf(missing)).toMatchObject({ status: 404, title: 'No such procedure' });
  });

  it('schedules a procedure, honouring ?at=', async () => {
    const response = await app.inject(
      '/api/v1/procedures/camden/schedule?conference=2026-12-01T10:00&at=conference.minutes-received%3D2027-01-04',
    );
    expect(response.statusCode).toBe(200);
    const schedule = response.json<{ entries: { clause: string; due: string }[] }>();
    // Mon 4 Jan 2027 + 28 days = Mon 1 Feb 2027
    expect(schedule.entries.find((e) => e.clause === 'camden 2.2')?.due).toBe('2027-02-01');
  });

  it('names every invalid part of a schedule request', async () => {
    const response = await app.inject('/api/v1/procedures/camden/schedule?conference=2026-02-30&colour=blue');
    expect(response.statusCode).toBe(400);
    expect(problemOf(response)['invalid-params']?.map((p) => p.name)).toEqual(['query.conference', 'query']);
    const badAt = await app.inject(
      '/api/v1/procedures/camden/schedule?conference=2026-12-01&at=made.up%3D2026-12-02&at=conference.minutes-received%3D2026-11-01',
    );
    expect(problemOf(badAt)['invalid-params']?.map((p) => p.name)).toEqual(['query.at[0]', 'query.at[1]']);
  });
});

describe('deadlines', () => {
  it('computes a deadline with its explanation', async () => {
    const response = await post({ from: '2026-12-15', limit: { unit: 'working-days', amount: 10 } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      due: '2026-12-31',
      rolled: false,
      explanation: expect.stringContaining('skipping 25 and 28 December (bank holidays)') as unknown,
    });
  });

  it('counts hours across the clock change and honours closure days', async () => {
    expect((await post({ from: '2026-10-23T10:00', limit: { unit: 'hours', amount: 72 } })).json()).toMatchObject({
      due: '2026-10-26T09:00',
      dueInstant: '2026-10-26T09:00:00.000Z',
    });
    expect(
      (await post({ from: '2026-12-22', limit: { unit: 'working-days', amount: 3 }, closures: ['2026-12-29', '2026-12-30'] })).json(),
    ).toMatchObject({ due: '2026-12-31' });
  });

  it('projects bank holidays for a year beyond the built-in feed, with and without closure days', async () => {
    // Thu 29 Mar 2029 + 1 working day: Good Friday 30 March and Easter Monday 2 April, projected.
    expect((await post({ from: '2029-03-29', limit: { unit: 'working-days', amount: 1 } })).json()).toMatchObject({
      due: '2029-04-03',
      projected: true,
    });
    expect((await post({ from: '2029-03-29', limit: { unit: 'working-days', amount: 1 }, closures: ['2029-04-03'] })).json()).toMatchObject(
      { due: '2029-04-04', projected: true },
    );
  });

  it('names every invalid field in one 400, echoing none of the input', async () => {
    const response = await post({
      from: '2026-02-30<script>',
      limit: { unit: 'fortnights', amount: 1.5 },
      roll: 'sideways',
      extra: "'; DROP TABLE cases; --",
    });
    expect(response.statusCode).toBe(400);
    const body = problemOf(response);
    expect(body['invalid-params']?.map((p) => p.name).sort()).toEqual(
      ['body', 'body.from', 'body.from', 'body.limit.amount', 'body.limit.unit', 'body.roll'].sort(),
    );
    expect(response.body).not.toContain('<script>');
    expect(response.body).not.toContain('DROP TABLE');
  });

  it('refuses malformed JSON, a missing body, the wrong media type and a 10 MB string', async () => {
    expect(problemOf(await post('{"from": '))).toMatchObject({ status: 400 });
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/deadlines', headers: { 'content-type': 'application/json' } })).statusCode,
    ).toBe(400);
    expect(problemOf(await post('from=2026-12-15', { 'content-type': 'application/x-www-form-urlencoded' }))).toMatchObject({
      status: 415,
    });
    expect(problemOf(await post({ from: 'x'.repeat(10 * 1024 * 1024), limit: { unit: 'days', amount: 1 } }))).toMatchObject({
      status: 413,
    });
    expect(problemOf(await post('{"__proto__": {"admin": true}, "from": "2026-12-15"}'))).toMatchObject({ status: 400 });
  });

  it('refuses rules that make no sense: rolling hours, zero months, dates beyond the calendar', async () => {
    expect(
      problemOf(await post({ from: '2026-10-23T10:00', limit: { unit: 'hours', amount: 3 }, roll: 'forward' }))['invalid-params'],
    ).toEqual([{ name: 'body.roll', reason: 'an hours limit ends at its instant and never rolls' }]);
    expect((await post({ from: '2026-10-23', limit: { unit: 'months', amount: 0 } })).statusCode).toBe(400);
    expect(problemOf(await post({ from: '2150-01-01', limit: { unit: 'days', amount: 1 } }))['invalid-params']?.[0]?.name).toBe(
      'body.from',
    );
    expect((await app.inject('/api/v1/procedures/kent/schedule?conference=2080-12-01')).statusCode).toBe(400);
  });
});

describe('the contract', () => {
  it('publishes OpenAPI 3.1 generated from the schemas that validate requests', async () => {
    const document = (await app.inject('/api/openapi.json')).json<{
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>>;
      components: { schemas: Record<string, unknown> };
    }>();
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/procedures',
        '/api/v1/procedures/{id}',
        '/api/v1/procedures/{id}/schedule',
        '/api/v1/deadlines',
        '/api/v1/cases',
        '/api/v1/cases/{id}',
        '/api/v1/cases/{id}/actions',
        '/api/v1/conferences/import',
        '/api/v1/documents',
      ]),
    );
    // Named schemas live in components/schemas, where the request body refers to them.
    const generated = z.toJSONSchema(deadlineRequest, { io: 'input', unrepresentable: 'any' });
    expect(generated.$ref).toBe('#/$defs/DeadlineRequest');
    expect(document.paths['/api/v1/deadlines']?.['post']?.requestBody?.content['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/DeadlineRequest',
    });
    expect(document.components.schemas['DeadlineRequest']).toEqual(generated.$defs?.['DeadlineRequest']);
  });

  it('sends strict security headers and 404s as problem JSON', async () => {
    const response = await app.inject('/api/v1/procedures');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(response.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['x-powered-by']).toBeUndefined();
    const missing = await app.inject('/nowhere');
    expect(problemOf(missing)).toMatchObject({ status: 404 });
    // Errors carry the same headers as answers.
    expect(missing.headers['content-security-policy']).toBe(response.headers['content-security-policy']);
    expect(missing.headers['strict-transport-security']).toBe(response.headers['strict-transport-security']);
  });

  it('answers generated bad requests with a 4xx, never a 5xx', async () => {
    const anyJson = fc.jsonValue({ maxDepth: 3 });
    const nearlyValid = fc.record(
      {
        from: fc.oneof(
          fc.string({ maxLength: 20 }),
          fc.constantFrom(
            '2026-12-15',
            '2026-10-25T01:30',
            '2027-03-28T01:30',
            '1899-12-31',
            '2200-01-01',
            '1990-06-01',
            '2150-01-01',
            '2080-12-20',
          ),
        ),
        limit: fc.record(
          {
            unit: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('working-days', 'days', 'months', 'hours')),
            amount: fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.double(), fc.string({ maxLength: 4 })),
          },
          { requiredKeys: [] },
        ),
        roll: fc.oneof(fc.constantFrom('forward', 'none'), fc.string({ maxLength: 8 })),
        closures: fc.array(fc.string({ maxLength: 12 }), { maxLength: 3 }),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyJson, nearlyValid), async (body) => {
        const response = await post(body);
        return response.statusCode < 500;
      }),
      { numRuns: 300 },
    );
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), async (conference, at) => {
        const url = `/api/v1/procedures/kent/schedule?conference=${encodeURIComponent(conference)}&at=${encodeURIComponent(at)}`;
        return (await app.inject(url)).statusCode < 500;
      }),
      { numRuns: 200 },
    );
  });
});

describe('the contract for signed-in routes', () => {
  it('describes CSV and document uploads with their media types, and how to authenticate', async () => {
    const document = (await app.inject('/api/openapi.json')).json<{
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, unknown> }; 'x-access': string[]; security?: unknown[] }>
      >;
      components: { securitySchemes: Record<string, unknown> };
    }>();
    expect(Object.keys(document.paths['/api/v1/conferences/import']?.['post']?.requestBody?.content ?? {})).toEqual(['text/csv']);
    expect(Object.keys(document.paths['/api/v1/documents']?.['post']?.requestBody?.content ?? {})).toContain('application/pdf');
    expect(document.paths['/api/v1/cases/{id}']?.['get']?.['x-access']).not.toContain('administrator');
    expect(document.paths['/api/v1/procedures']?.['get']?.security).toEqual([]);
    expect(Object.keys(document.components.securitySchemes)).toEqual(['session', 'apiToken']);
  });

  it('reports the database as failing in /health when it cannot be reached, while /ping still answers', async () => {
    const broken = await testApp({ now: new Date('2026-11-23T10:00:00Z') });
    await broken.database.close();
    const health = await broken.app.inject('/health');
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({ status: 'failing', checks: { database: { status: 'failing' } } });
    expect((await broken.app.inject('/ping')).statusCode).toBe(200);
    await broken.app.close();
  });
});
