/**
 * A busy server is not an outage. `npm run bench:api` once saw GET /ping, signed in, answered 503
 * 6,949 times in 56,762 on SQLite: not the database but Node's per-connection request limit
 * (MAX_REQUESTS_PER_CONNECTION), which says `Connection: close` on the last response allowed but
 * leaves the connection open and answers every later request on it with a bare 503. Here, on a
 * real listening server over a real SQLite file, with a low limit so that every connection passes
 * it many times over: every signed-in request is answered 200, none 503, and the server itself
 * closes a connection at its limit.
 */
import { connect } from 'node:net';
import autocannon from 'autocannon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Session, type TestApp } from '../support/app.js';

const LIMIT = 20;

let t: TestApp;
let port: number;
let session: Session;

beforeAll(async () => {
  t = await testApp({
    now: new Date('2026-12-02T10:00:00Z'),
    connections: {
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 20_000,
      idleTimeoutMs: 30_000,
      keepAliveTimeoutMs: 5_000,
      maxRequestsPerConnection: LIMIT,
      maxConnections: 1_000,
    },
  });
  session = await t.signIn('complaints-manager@kent.demo');
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('not listening on a port');
  port = address.port;
}, 30_000);

afterAll(async () => {
  await t.close();
});

function cannon(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error: unknown, result) => {
      if (error === null || error === undefined) resolve(result);
      else reject(error instanceof Error ? error : new Error('autocannon failed'));
    });
  });
}

describe('many signed-in requests at once on a listening server (SQLite)', () => {
  it('answers every one: no 503, however many requests each connection sends', async () => {
    // 25 connections, 2,000 requests: 80 per connection, four times the per-connection limit.
    // Half read the session and its user (GET /api/v1/session), half only pass the stack (GET /ping).
    let next = 0;
    const result = await cannon({
      url: `http://127.0.0.1:${String(port)}`,
      connections: 25,
      amount: 2_000,
      timeout: 30,
      headers: { cookie: session.cookie },
      requests: [
        {
          method: 'GET',
          setupRequest: (request) => {
            next += 1;
            return { ...request, path: next % 2 === 0 ? '/ping' : '/api/v1/session' };
          },
        },
      ],
    });
    const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count]));
    expect(Object.keys(statuses)).toEqual(['200']);
    expect(result.non2xx).toBe(0);
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    // autocannon does not count a request sent as its connection closes: each connection still passed its limit three times.
    expect(statuses['200']).toBeGreaterThanOrEqual(25 * LIMIT * 3);
  }, 120_000);

  it('closes a connection itself after the response that reaches the limit, rather than answering the next request 503', async () => {
    // A client that ignores `Connection: close` and keeps sending on the connection.
    const outcome = await new Promise<{ statuses: string[]; closed: boolean }>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      let received = '';
      let sent = 0;
      const statuses = () => [...received.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => m[1] ?? '');
      const send = () => {
        sent += 1;
        socket.write(`GET /ping HTTP/1.1\r\nHost: localhost\r\nCookie: ${session.cookie}\r\n\r\n`);
      };
      const giveUp = setTimeout(() => {
        socket.destroy();
        resolve({ statuses: statuses(), closed: false });
      }, 20_000);
      socket.on('data', (chunk: Buffer) => {
        received += chunk.toString('latin1');
        // One request at a time: the next goes once the previous one's answer is in.
        if (statuses().length === sent && sent <= LIMIT) send();
      });
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearTimeout(giveUp);
        resolve({ statuses: statuses(), closed: true });
      });
      socket.on('connect', send);
    });
    expect(outcome.statuses).not.toContain('503');
    expect(outcome.statuses).toEqual(Array.from({ length: LIMIT }, () => '200'));
    expect(outcome.closed).toBe(true);
  }, 60_000);
});
