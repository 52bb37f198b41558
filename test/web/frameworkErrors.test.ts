/**
 * Issue 11 point 7, on a listening server: the errors Fastify and Node raise before any route runs
 * (a malformed percent-escape, an over-long id or address, bad JSON, a body too large, a request
 * that is not HTTP) come back as problem JSON with every security header a normal answer has.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';

let t: TestApp;
let port: number;

beforeAll(async () => {
  t = await testApp({ now: new Date('2026-12-02T10:00:00Z') });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('not listening on a port');
  port = address.port;
});

afterAll(async () => {
  await t.close();
});

interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Sends bytes as they are (no client library would send these) and reads the answer until the server closes. */
function raw(request: string | Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1]);
      if (Number.isNaN(status)) {
        reject(new Error(`no HTTP answer: ${text.slice(0, 200)}`));
        return;
      }
      const headers = Object.fromEntries(
        lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
      );
      resolve({ status, headers, body: rest.join('\r\n\r\n') });
    });
    socket.end(request);
  });
}

const get = (path: string) => raw(`GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
const postJson = (path: string, body: string) =>
  raw(
    `POST ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${String(Buffer.byteLength(body))}\r\n\r\n${body}`,
  );

/** The headers every answer carries, whatever it is: those of a normal answer, less what describes its body. */
const SECURITY = [
  'content-security-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
  'cache-control',
];

describe('framework errors', () => {
  let normal: RawResponse;
  beforeAll(async () => {
    normal = await get('/ping');
  });

  it('has a normal answer to compare with', () => {
    expect(normal.status).toBe(200);
    for (const name of SECURITY) expect(normal.headers[name], name).toBeDefined();
  });

  it.each([
    ['a malformed percent-escape', () => get('/api/v1/cases/%E0%A4%A'), 400],
    ['an id over 100 characters', () => get(`/api/v1/cases/${'a'.repeat(150)}`), 414],
    ['an address longer than the headers may be', () => get(`/api/v1/cases/${'a'.repeat(20_000)}`), 431],
    ['malformed JSON', () => postJson('/api/v1/session', '{"email": '), 400],
    ['a body over the limit', () => postJson('/api/v1/session', JSON.stringify({ email: 'x'.repeat(1_100_000) })), 413],
    ['a request that is not HTTP', () => raw('NOT HTTP AT ALL\r\n\r\n'), 400],
  ])('answers %s with problem JSON and every security header', async (_what, send, status) => {
    const response = await send();
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem: unknown = JSON.parse(response.body);
    expect(problem).toMatchObject({
      status,
      type: expect.stringMatching(/^https:\/\/conference-challenges\.example\/problems\//) as unknown,
    });
    expect(response.body).not.toContain('aaaaaaaaaa');
    expect(response.body).not.toContain('%E0');
    for (const name of SECURITY) expect(response.headers[name], name).toBe(normal.headers[name]);
  });
});
