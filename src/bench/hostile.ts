/**
 * The hostile load of `npm run bench:api` (issue 11, "Figures"), run beside the normal reads: 200
 * slow connections, each holding a document upload open and sending one more byte every second
 * (re-opened when the server closes it), and a stream of oversized unauthenticated uploads, eight
 * at a time, each one 1 MiB over the document limit, sent as fast as loopback allows.
 * Nothing here signs in: this is what anyone on the internet could do.
 */
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';

export const SLOW_CONNECTIONS = 200;
export const PARALLEL_UPLOADS = 8;
const SLOW_BYTE_EVERY_MS = 1000;

export interface AttackFigures {
  /** Slow connections opened in all (the server closing one makes the attacker open another). */
  readonly slowOpened: number;
  /** Slow connections still open when the attack stopped. */
  readonly slowOpenAtEnd: number;
  readonly uploadsSent: number;
  /** Uploads answered, by status; those cut off without an answer under "closed". */
  readonly uploadOutcomes: Record<string, number>;
}

export interface Attack {
  stop(): Promise<AttackFigures>;
}

/** Starts the attack on the service at 127.0.0.1:port; `maxDocumentBytes` is its document limit. */
export function startAttack(port: number, maxDocumentBytes: number): Attack {
  let stopping = false;
  let slowOpened = 0;
  let uploadsSent = 0;
  const uploadOutcomes: Record<string, number> = {};
  const count = (outcome: string) => {
    uploadOutcomes[outcome] = (uploadOutcomes[outcome] ?? 0) + 1;
  };
  const sockets = new Set<Socket>();

  const slow = (): void => {
    if (stopping) return;
    slowOpened += 1;
    const socket = connect({ host: '127.0.0.1', port });
    sockets.add(socket);
    let timer: NodeJS.Timeout | undefined;
    socket.on('connect', () => {
      socket.write(
        `POST /api/v1/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/pdf\r\nContent-Length: ${String(maxDocumentBytes)}\r\n\r\n`,
      );
      timer = setInterval(() => {
        socket.write('x');
      }, SLOW_BYTE_EVERY_MS);
    });
    // What the server answers does not matter; that it closes the connection does.
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      sockets.delete(socket);
      // Re-opened at once, as an attacker would: the count of open connections stays at 200.
      setTimeout(slow, 100);
    });
  };

  const body = Buffer.alloc(maxDocumentBytes + 1_048_576, 0x25);
  const uploads: Promise<void>[] = [];
  const upload = async (): Promise<void> => {
    while (!stopping) {
      uploadsSent += 1;
      await new Promise<void>((resolve) => {
        // The server may answer 413 and close while the body is still being sent: the write then
        // fails too, and that upload has been answered, not cut off.
        let answered = false;
        const sent = request(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/api/v1/documents?type=report&filename=big.pdf',
            headers: { 'content-type': 'application/pdf', 'content-length': String(body.length) },
            agent: false,
          },
          (response) => {
            answered = true;
            count(String(response.statusCode));
            response.resume();
            response.on('end', resolve);
            response.on('error', resolve);
          },
        );
        sent.on('error', () => {
          if (!answered) count('closed');
          resolve();
        });
        sent.end(body);
      });
    }
  };

  for (let i = 0; i < SLOW_CONNECTIONS; i += 1) slow();
  for (let i = 0; i < PARALLEL_UPLOADS; i += 1) uploads.push(upload());

  return {
    async stop() {
      stopping = true;
      const slowOpenAtEnd = sockets.size;
      for (const socket of sockets) socket.destroy();
      await Promise.all(uploads);
      return { slowOpened, slowOpenAtEnd, uploadsSent, uploadOutcomes };
    },
  };
}
