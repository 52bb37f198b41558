/**
 * Every date in a request says, in the published API description, what it means, its default
 * and its limits (issue 10 point 7): read from /api/openapi.json as an integrator would.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';

type Json = Readonly<Record<string, unknown>>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

let t: TestApp;
let doc: Json;
beforeAll(async () => {
  t = await testApp({ now: new Date('2026-11-23T10:00:00Z') });
  doc = (await t.app.inject({ url: '/api/openapi.json' })).json<Json>();
}, 30_000);
afterAll(async () => {
  await t.close();
});

/** A string schema whose example is a date: a date or London time (the two date schemas carry one). */
const isDate = (schema: Json) =>
  schema['type'] === 'string' && typeof schema['example'] === 'string' && /^\d{4}-\d{2}-\d{2}/.test(schema['example']);

/** Every date-typed property of a request, by where it is: body properties at any depth, and parameters. */
function requestDates(): Map<string, Json> {
  const components = isObject(doc['components']) && isObject(doc['components']['schemas']) ? doc['components']['schemas'] : {};
  const found = new Map<string, Json>();
  const walk = (schema: unknown, at: string, seen: ReadonlySet<string>): void => {
    if (!isObject(schema)) return;
    const ref = schema['$ref'];
    if (typeof ref === 'string') {
      const name = ref.replace('#/components/schemas/', '');
      if (!seen.has(name)) walk(components[name], at, new Set([...seen, name]));
      return;
    }
    if (isDate(schema)) found.set(at, schema);
    if (isObject(schema['properties']))
      for (const [name, property] of Object.entries(schema['properties'])) walk(property, `${at}.${name}`, seen);
    walk(schema['items'], `${at}[]`, seen);
    for (const key of ['oneOf', 'anyOf', 'allOf']) {
      const options = schema[key];
      if (Array.isArray(options))
        options.forEach((option, index) => {
          walk(option, `${at}|${String(index)}`, seen);
        });
    }
  };
  const paths = isObject(doc['paths']) ? doc['paths'] : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const [method, operation] of Object.entries(item)) {
      if (!isObject(operation)) continue;
      const where = `${method.toUpperCase()} ${path}`;
      const body = operation['requestBody'];
      if (isObject(body) && isObject(body['content'])) {
        for (const media of Object.values(body['content'])) if (isObject(media)) walk(media['schema'], `${where} body`, new Set());
      }
      const parameters = operation['parameters'];
      if (Array.isArray(parameters)) {
        for (const parameter of parameters)
          if (isObject(parameter)) walk(parameter['schema'], `${where} ${String(parameter['in'])} ${String(parameter['name'])}`, new Set());
      }
    }
  }
  return found;
}

it('finds the date fields of the requests', () => {
  const names = [...requestDates().keys()].map((at) => at.replace(/\|\d+/g, '').split(/[ .]/).pop());
  expect(new Set(names)).toEqual(
    new Set([
      'from',
      'closures[]',
      'conference',
      'date',
      'heldAt',
      'at',
      'receivedAt',
      'consentRecordedAt',
      'occurredAt',
      'furtherPanelDate',
      'sentAt',
      'receivedOn',
      'bookedFor',
      'dateOfBirth',
      'conferenceFrom',
      'conferenceTo',
      'to',
      'sitsAt',
    ]),
  );
});

it('says what each date means, its default and its limits', () => {
  const undocumented = [...requestDates()]
    .filter(([, schema]) => !/^\S.*\. Default: .+\. Limits: .+\.$/.test(String(schema['description'])))
    .map(([at]) => at);
  expect(undocumented).toEqual([]);
});
