/**
 * Issue 11 point 6: one text rule for every string a request carries (no control characters but
 * tab and newline, no lone surrogates; no bidirectional controls in names), refused with a 400
 * naming the field, on both databases.
 */
import { z } from 'zod';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { NO_BIDI, PLAIN_TEXT } from '../../src/web/schemas.js';
import { ROUTES } from '../../src/web/routes/index.js';
import { appOn, onBothDatabases } from '../api/backends.js';
import { problemOf, type Session, type TestApp } from '../support/app.js';

interface StringField {
  readonly path: string;
  readonly checks: readonly unknown[];
}

/** Every string schema inside a schema, with where it is. */
function stringsIn(schema: z.core.$ZodType, path: string, found: StringField[], seen: Set<z.core.$ZodType>): void {
  if (seen.has(schema)) return;
  seen.add(schema);
  const def = schema._zod.def;
  if (def.type === 'string') {
    found.push({ path, checks: def.checks ?? [] });
    return;
  }
  if (schema instanceof z.ZodObject) {
    for (const [key, field] of Object.entries(schema.shape))
      if (field instanceof z.core.$ZodType) stringsIn(field, `${path}.${key}`, found, seen);
    const catchall = schema._zod.def.catchall;
    if (catchall !== undefined) stringsIn(catchall, `${path}.*`, found, seen);
    return;
  }
  for (const [key, value] of Object.entries(def)) {
    if (value instanceof z.core.$ZodType) stringsIn(value, key === 'valueType' ? `${path}.*` : path, found, seen);
    else if (Array.isArray(value)) for (const item of value) if (item instanceof z.core.$ZodType) stringsIn(item, path, found, seen);
  }
}

function requestStrings(): StringField[] {
  const found: StringField[] = [];
  for (const route of ROUTES) {
    for (const [part, schema] of [
      ['params', route.params],
      ['query', route.query],
      ['body', route.body],
    ] as const) {
      if (schema !== undefined) stringsIn(schema, `${route.operationId} ${part}`, found, new Set());
    }
  }
  return found;
}

describe('the text rule in every request schema', () => {
  it('is checked by every string field of every route', () => {
    const strings = requestStrings();
    // The walk reaches deep fields: a letter's content, a panel member's name, the upload's filename.
    expect(strings.map((s) => s.path)).toEqual(
      expect.arrayContaining(['raiseChallenge body.summary', 'actOnCase body.details.content.*', 'uploadDocument query.filename']),
    );
    expect(strings.filter((s) => !s.checks.includes(PLAIN_TEXT)).map((s) => s.path)).toEqual([]);
  });

  it('also refuses bidirectional controls in every name and filename', () => {
    const names = requestStrings().filter((s) => /name$/i.test(s.path));
    expect(names.length).toBeGreaterThan(4);
    expect(names.filter((s) => !s.checks.includes(NO_BIDI)).map((s) => s.path)).toEqual([]);
  });
});

onBothDatabases('the text rule', (backend) => {
  let t: TestApp;
  let administrator: Session;

  beforeAll(async () => {
    t = await appOn(backend(), { now: new Date('2026-12-02T10:00:00Z') });
    administrator = await t.signIn('administrator@kent.demo');
  }, 60_000);

  afterAll(async () => {
    await t.close();
  });

  const person = (name: string, jobTitle?: string) =>
    administrator.post('/api/v1/people', { name, agency: 'health', ...(jobTitle === undefined ? {} : { jobTitle }) });

  it.each([
    ['a NUL', 'Ann\u0000Smith', 'must not contain control characters (other than tab and newline)'],
    ['an escape', 'Ann\u001b[31mSmith', 'must not contain control characters (other than tab and newline)'],
    ['a lone surrogate', 'Ann\ud800Smith', 'must be valid Unicode text (it has half of a surrogate pair)'],
    ['a right-to-left override', 'Ann\u202eSmith', 'must not contain bidirectional controls (such as right-to-left overrides)'],
  ])('refuses %s in a name with a 400 naming the field', async (_what, name, reason) => {
    const response = await person(name);
    expect(response.statusCode).toBe(400);
    expect(problemOf(response)['invalid-params']).toEqual([{ name: 'body.name', reason }]);
  });

  it('keeps tabs, newlines and right-to-left text, and refuses a NUL in other free text', async () => {
    expect((await person('Ann Smith', 'Lead\tnurse\r\nsafeguarding')).statusCode).toBe(201);
    expect((await person('آن سميث')).statusCode).toBe(201);
    const nul = await person('Ann Smith', 'Lead\u0000nurse');
    expect(nul.statusCode).toBe(400);
    expect(problemOf(nul)['invalid-params']?.[0]?.name).toBe('body.jobTitle');
  });
});
