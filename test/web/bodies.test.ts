/** Issue 11 point 2: each kind of body is read only where a route accepts it, and errors stay small. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemOf, testApp, type Session, type TestApp } from '../support/app.js';

let t: TestApp;
let manager: Session;

beforeAll(async () => {
  t = await testApp({ now: new Date('2026-12-02T10:00:00Z') });
  manager = await t.signIn('complaints-manager@kent.demo');
});

afterAll(async () => {
  await t.close();
});

const MIB = 1_048_576;

describe('bodies only where they are accepted', () => {
  it('answers a megabyte of text/plain to a JSON route with a short 415, without validating it', async () => {
    const response = await manager.post('/api/v1/cases', 'x'.repeat(MIB - 1000), { 'content-type': 'text/plain' });
    expect(response.statusCode).toBe(415);
    expect(problemOf(response).detail).toBe('Send JSON (application/json)');
    expect(response.body.length).toBeLessThan(1000);
  });

  it('refuses a document type on a JSON route and JSON on the upload route', async () => {
    const pdf = await manager.post('/api/v1/conferences', Buffer.from('%PDF-1.7\n'), { 'content-type': 'application/pdf' });
    expect(pdf.statusCode).toBe(415);
    const json = await manager.post('/api/v1/documents?caseId=c1&type=report&filename=a.pdf', { a: 1 });
    expect(json.statusCode).toBe(415);
    expect(problemOf(json).detail).toMatch(/^Send the document as one of application\/pdf/);
  });

  it('refuses CSV except on the import route', async () => {
    const response = await manager.post('/api/v1/conferences', 'a,b\n1,2\n', { 'content-type': 'text/csv' });
    expect(response.statusCode).toBe(415);
    expect(problemOf(response).detail).toBe('Send JSON (application/json)');
  });

  it('names at most 20 invalid fields, briefly, however much junk is sent', async () => {
    const junk = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`${'f'.repeat(55)}${String(i).padStart(5, '0')}`, i]));
    const participants = Array.from({ length: 200 }, (_, i) => ({ personId: 7, attended: 'x', ...(i === 0 ? junk : { unknown: 1 }) }));
    const response = await manager.post('/api/v1/conferences', { ...junk, participants });
    expect(response.statusCode).toBe(400);
    const problem = problemOf(response);
    expect(problem.detail).toMatch(/^\d{3,} fields are not valid; the first 20 are named$/);
    expect(problem['invalid-params']).toHaveLength(20);
    expect(response.body.length).toBeLessThan(8_000);
    for (const issue of problem['invalid-params'] ?? []) expect(issue.reason.length).toBeLessThanOrEqual(200);
  });
});
