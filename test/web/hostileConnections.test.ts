/**
 * Issue 11 point 1, against a real listening server: uploads nobody may make are refused before
 * their body is read, and slow senders are cut off by the configured timeouts.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';

const MIB = 1_048_576;

let t: TestApp;
let port: number;

beforeAll(async () => {
  t = await testApp({
    now: new Date('2026-12-02T10:00:00Z'),
    maxDocumentBytes: 10 * MIB,
    connections: {
      requestTimeoutMs: 3_000,
      headersTimeoutMs: 2_000,
      idleTimeoutMs: 20_000,
      keepAliveTimeoutMs: 2_000,
      maxRequestsPerConnection: 100,
      maxConnections: 1_000,
    },
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('not listening on a port');
  port = address.port;
});

afterAll(async () => {
  await t.close();
});

interface Outcome {
  /** The status line the server sent, if any. */
  readonly status: string | undefined;
  readonly closedAfterMs: number;
}

/** Opens a connection, lets `send` write to it, and resolves with what came back once it closes. */
function connection(send: (socket: Socket) => void, giveUpAfterMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(giveUp);
      socket.destroy();
      resolve({ status: /^HTTP\/1\.1 (\d{3})/.exec(received)?.[1], closedAfterMs: Date.now() - started });
    };
    const giveUp = setTimeout(finish, giveUpAfterMs);
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
    });
    socket.on('error', finish);
    socket.on('close', finish);
    socket.on('connect', () => {
      send(socket);
    });
  });
}

const rss = () => process.memoryUsage().rss;

describe('hostile connections on a listening server', () => {
  it('refuses 40 unauthenticated 10 MB uploads that stop after 9 MB without reading them into memory', async () => {
    const chunk = Buffer.alloc(256 * 1024, 0x41);
    globalThis.gc?.();
    const before = rss();
    let peak = before;
    const sampling = setInterval(() => {
      peak = Math.max(peak, rss());
    }, 20);
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, () =>
        connection((socket) => {
          socket.write(
            'POST /api/v1/documents?caseId=c1&type=report&filename=a.pdf HTTP/1.1\r\nHost: x\r\n' +
              `Content-Type: application/pdf\r\nContent-Length: ${String(10 * MIB)}\r\n\r\n`,
          );
          // 9 MB, then nothing more: the body never completes.
          let sent = 0;
          const more = () => {
            while (sent < 9 * MIB && !socket.destroyed) {
              sent += chunk.length;
              if (!socket.write(chunk)) {
                socket.once('drain', more);
                return;
              }
            }
          };
          more();
        }, 30_000),
      ),
    );
    clearInterval(sampling);
    // Each is answered 401 (or cut off before it could read the answer) and closed well before giving up.
    for (const outcome of outcomes) {
      expect(outcome.status === undefined || outcome.status === '401').toBe(true);
      expect(outcome.closedAfterMs).toBeLessThan(25_000);
    }
    expect(outcomes.filter((o) => o.status === '401').length).toBeGreaterThan(0);
    // Reading them would have held 360 MB; a generous bound for a loaded machine and the test's own buffers.
    expect(peak - before).toBeLessThan(120 * MIB);
  }, 60_000);

  it('closes connections that send their headers a byte at a time, by the headers timeout', async () => {
    const request = 'GET /ping HTTP/1.1\r\nHost: x\r\nX-Slow: ' + 'a'.repeat(200);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () =>
        connection((socket) => {
          let i = 0;
          const drip = setInterval(() => {
            if (socket.destroyed || i >= request.length) {
              clearInterval(drip);
              return;
            }
            socket.write(request.charAt(i));
            i += 1;
          }, 500);
          socket.on('close', () => {
            clearInterval(drip);
          });
        }, 40_000),
      ),
    );
    // The headers timeout is 2 s; anything under 30 s shows the connection did not last.
    for (const outcome of outcomes) expect(outcome.closedAfterMs).toBeLessThan(30_000);
  }, 60_000);

  it('closes connections that send a body a byte at a time, by the request timeout', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () =>
        connection((socket) => {
          socket.write('POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n');
          const drip = setInterval(() => {
            if (socket.destroyed) clearInterval(drip);
            else socket.write(' ');
          }, 500);
          socket.on('close', () => {
            clearInterval(drip);
          });
        }, 40_000),
      ),
    );
    for (const outcome of outcomes) {
      expect(outcome.closedAfterMs).toBeLessThan(30_000);
      expect(outcome.status === undefined || outcome.status === '408').toBe(true);
    }
  }, 60_000);
});
