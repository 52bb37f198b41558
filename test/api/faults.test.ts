/**
 * A database that goes away (issue 11 point 10, ADR 0020). On PostgreSQL, the service runs as a
 * child process, as `npm start` runs it, while ten clients work Kent cases over real HTTP; the
 * server is stopped (fast, then immediate), its backends are terminated, and it is frozen with
 * SIGSTOP. The service must not crash, must answer 503 problem JSON with Retry-After while the
 * database is away (and fast, when it is frozen), must recover without a restart, log one line
 * per outage naming no host, user or database, and lose no acknowledged write.
 *
 * SQLite's disk full is made unprivileged with `PRAGMA max_page_count` on the app's own
 * connection: the file may not grow past its current pages, which SQLite reports as SQLITE_FULL,
 * exactly as for a full disk (no tmpfs or loop device needed).
 */
import { execFileSync, spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { Writable } from 'node:stream';
import { DateTime } from 'luxon';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, sql } from '../../src/store/database.js';
import { EventStore } from '../../src/store/eventStore.js';
import { freePort } from '../../src/tools/freePort.js';
import { testApp } from '../support/app.js';
import { postgresUnavailable, ownPostgres, type PostgresServer } from '../support/postgres.js';

const ENTRY = 'dist/tools/serviceProcess.js';
const PASSWORD = 'faults-demo-password';
const CLIENTS = 10;
/** Generous on a loaded two-core machine; the aim is 2 s, and the figures are printed. */
const RECOVERY_LIMIT_MS = 8000;
const CONNECT_TIMEOUT_MS = 1000;
const STATEMENT_TIMEOUT_MS = 2000;
const HEALTH_TIMEOUT_MS = 500;

function newestModification(dir: string): number {
  return Math.max(
    ...readdirSync(dir, { withFileTypes: true }).map((entry) => {
      const path = `${dir}/${entry.name}`;
      return entry.isDirectory() ? newestModification(path) : statSync(path).mtimeMs;
    }),
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SQLite: a full disk', () => {
  it('answers 503 storage-full (not hidden by a failed ROLLBACK), logs SQLITE_FULL, keeps reading, and writes again once there is room', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const t = await testApp({ now: new Date('2026-11-23T10:00:00Z'), logger: { level: 'info', stream } });
    try {
      const cm = await t.signIn('complaints-manager@kent.demo');
      const raise = () =>
        cm.post('/api/v1/cases', {
          conferenceId: 'kent.conference.demo',
          track: 'family',
          complainant: { kind: 'parent' },
          aspects: ['decision'],
          receivedAt: '2026-11-23T09:00',
        });
      const first = await raise();
      expect(first.statusCode).toBe(201);
      const id = first.json<{ id: string }>().id;
      const pages = await sql<{ page_count: number }>`pragma page_count`.execute(t.database.db);
      const current = pages.rows[0]?.page_count ?? 0;
      await sql`pragma ${sql.raw(`max_page_count = ${String(current)}`)}`.execute(t.database.db);
      let full = await raise();
      // The free pages inside the file are used first; then it must grow, and cannot.
      for (let i = 0; i < 200 && full.statusCode === 201; i += 1) full = await raise();
      expect(full.statusCode).toBe(503);
      expect(full.headers['retry-after']).toBeDefined();
      expect(full.json()).toMatchObject({ type: expect.stringContaining('storage-full') as unknown, status: 503 });
      const logged = lines.join('');
      expect(logged).toContain('SQLITE_FULL');
      expect(logged).not.toMatch(/rollback/i);
      // Reading needs no room.
      expect((await cm.get(`/api/v1/cases/${id}`)).statusCode).toBe(200);
      await sql`pragma max_page_count = 1073741823`.execute(t.database.db);
      expect((await raise()).statusCode).toBe(201);
      expect((await t.services.verifyCaseChains()).broken).toEqual([]);
    } finally {
      await t.close();
    }
  }, 60_000);
});

interface ServiceProcess {
  readonly base: string;
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

interface Reply {
  readonly status: number;
  readonly json: unknown;
  readonly retryAfter: string | null;
  readonly ms: number;
  readonly cookie: string | undefined;
}

/** Signals a PostgreSQL process; one that has exited since it was listed (a backend ending) is no longer there to signal. */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ESRCH')) throw error;
  }
}

const unavailable = postgresUnavailable();
if (unavailable !== undefined && process.env['CI'] === 'true') throw new Error(`CI must run the PostgreSQL suites: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('PostgreSQL going away under ten clients', () => {
  let server: PostgresServer | undefined;
  let service: ServiceProcess | undefined;
  beforeAll(async () => {
    if (!existsSync(ENTRY) || statSync(ENTRY).mtimeMs < newestModification('src'))
      execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
    server = await ownPostgres();
  }, 120_000);
  afterAll(async () => {
    // A failed run may leave the server frozen (continue it) or stopped (nothing to continue).
    const frozen = (() => {
      try {
        return server?.processIds() ?? [];
      } catch {
        return [];
      }
    })();
    for (const pid of frozen) signal(pid, 'SIGCONT');
    if (service !== undefined) {
      service.child.kill('SIGKILL');
      await service.exited;
    }
    server?.stop();
  });

  async function start(location: string): Promise<ServiceProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, [ENTRY], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env['PATH'],
        DATABASE_URL: location,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        DEMO_DATA: 'on',
        // The demo partnerships and accounts, not the demo cases: every case here is the test's own.
        DEMO_CASES: 'off',
        DEMO_PASSWORD: PASSWORD,
        SIGN_IN_ATTEMPTS_PER_15_MINUTES: '10000',
        NODE_ENV: 'development',
        DATABASE_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
        DATABASE_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
        DATABASE_HEALTH_TIMEOUT_MS: String(HEALTH_TIMEOUT_MS),
      },
    });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const listening = await new Promise<boolean>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes(`listening ${String(port)}\n`)) resolve(true);
      });
      void exited.then(() => {
        resolve(false);
      });
    });
    if (!listening) throw new Error(`the service did not start: ${output}`);
    return { base: `http://127.0.0.1:${String(port)}`, child, output: () => output, exited };
  }

  async function request(base: string, method: 'GET' | 'POST', path: string, session?: { cookie: string; csrf: string }, body?: unknown) {
    const headers: Record<string, string> = {};
    if (session !== undefined) headers['cookie'] = session.cookie;
    if (method === 'POST') {
      headers['content-type'] = 'application/json';
      if (session !== undefined) headers['x-csrf-token'] = session.csrf;
    }
    const started = performance.now();
    // No answer at all (the service gone, or a request held for 30 s) is a failure of the test.
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      signal: AbortSignal.timeout(30_000),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const reply: Reply = {
      status: response.status,
      json: text === '' ? undefined : (JSON.parse(text) as unknown),
      retryAfter: response.headers.get('retry-after'),
      ms: performance.now() - started,
      cookie: response.headers
        .getSetCookie()
        .find((c) => c.startsWith('cc_session='))
        ?.split(';')[0],
    };
    return reply;
  }

  it('survives stops, terminated backends and a freeze: 503s while away, recovery without a restart, nothing acknowledged lost', async () => {
    if (server === undefined) throw new Error('PostgreSQL did not start');
    const pgServer = server;
    const location = await pgServer.createDatabase();
    const running = await start(location);
    service = running;
    const { base } = running;
    const databaseName = new URL(location).pathname.slice(1);
    const databasePort = new URL(location).port;

    const signIn = async (email: string) => {
      const reply = await request(base, 'POST', '/api/v1/session', undefined, { email, password: PASSWORD });
      if (reply.status !== 200 || reply.cookie === undefined) throw new Error(`sign-in failed: ${String(reply.status)}`);
      return { cookie: reply.cookie, csrf: (reply.json as { csrfToken: string }).csrfToken };
    };
    const sessions = [await signIn('complaints-manager@kent.demo'), await signIn('complaints-manager@kent.demo')];

    /** Acknowledged: each case the clients were told was raised, and the last version they were given. */
    const ledger = new Map<string, number>();
    const unexpected: string[] = [];
    const statuses = new Map<string, number>();
    const state = { stop: false, lastSuccessAt: 0 };
    const outcome = (what: string, reply: Reply, expected: readonly number[]) => {
      statuses.set(`${what} ${String(reply.status)}`, (statuses.get(`${what} ${String(reply.status)}`) ?? 0) + 1);
      if (reply.status < 300) state.lastSuccessAt = performance.now();
      if (reply.status === 503) {
        const type = (reply.json as { type?: string } | undefined)?.type ?? '';
        if (reply.retryAfter === null) unexpected.push(`${what}: 503 without Retry-After`);
        if (!/database-unavailable|outcome-unknown/.test(type)) unexpected.push(`${what}: 503 of type ${type}`);
        return false;
      }
      if (!expected.includes(reply.status)) unexpected.push(`${what}: ${String(reply.status)} ${JSON.stringify(reply.json)}`);
      return reply.status < 300;
    };

    const client = async (c: number) => {
      const session = sessions[c % sessions.length];
      if (session === undefined) return;
      while (!state.stop) {
        try {
          const receivedAt = DateTime.now().setZone('Europe/London').minus({ minutes: 1 }).toFormat("yyyy-MM-dd'T'HH:mm");
          const raised = await request(base, 'POST', '/api/v1/cases', session, {
            conferenceId: 'kent.conference.demo',
            track: 'family',
            complainant: { kind: 'parent' },
            aspects: ['decision'],
            receivedAt,
          });
          if (!outcome('raise', raised, [201])) {
            await sleep(50);
            continue;
          }
          const { id, version } = raised.json as { id: string; version: number };
          ledger.set(id, version);
          const read = await request(base, 'GET', `/api/v1/cases/${id}`, session);
          outcome('read', read, [200]);
          const triaged = await request(base, 'POST', `/api/v1/cases/${id}/actions`, session, {
            type: 'perform',
            expectedVersion: version,
            action: 'triage.decided',
            details: { kind: 'choice', option: 'representation', reason: `client ${String(c)}` },
          });
          if (outcome('triage', triaged, [200])) ledger.set(id, (triaged.json as { version: number }).version);
        } catch (error) {
          unexpected.push(`client ${String(c)}: no response (${error instanceof Error ? error.message : 'unknown'})`);
          await sleep(200);
        }
      }
    };
    const clients = Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));

    const recoveries: Record<string, { firstSuccessMs: number; healthyMs: number }> = {};
    /** After the database's return: how long until a client's request succeeds and /health says ok. */
    const recovery = async (fault: string) => {
      const back = performance.now();
      let healthyMs = -1;
      while (performance.now() - back < RECOVERY_LIMIT_MS * 2) {
        if ((await request(base, 'GET', '/health')).status === 200) {
          healthyMs = performance.now() - back;
          break;
        }
        await sleep(50);
      }
      while (state.lastSuccessAt < back && performance.now() - back < RECOVERY_LIMIT_MS * 2) await sleep(20);
      recoveries[fault] = { firstSuccessMs: Math.round(state.lastSuccessAt - back), healthyMs: Math.round(healthyMs) };
    };
    const expectUnhealthy = async (fault: string) => {
      const health = await request(base, 'GET', '/health');
      expect(health.status, fault).toBe(503);
      expect(health.json, fault).toMatchObject({ checks: { database: { status: 'unavailable' } } });
      expect(health.retryAfter, fault).not.toBeNull();
      return health;
    };

    await sleep(1500);
    const before = ledger.size;
    expect(before).toBeGreaterThan(0);

    for (const mode of ['fast', 'immediate'] as const) {
      pgServer.halt(mode);
      await sleep(1500);
      await expectUnhealthy(`stopped ${mode}`);
      pgServer.restart();
      await recovery(`stopped ${mode}`);
      await sleep(1000);
    }

    const admin = new pg.Client({ connectionString: pgServer.adminUrl });
    await admin.connect();
    try {
      for (let i = 0; i < 5; i += 1) {
        await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [
          databaseName,
        ]);
        await sleep(200);
      }
    } finally {
      await admin.end();
    }
    await recovery('backends terminated');
    await sleep(1000);

    const frozen = pgServer.processIds();
    for (const pid of frozen) signal(pid, 'SIGSTOP');
    const frozenAt = performance.now();
    let slowestWhileFrozen = 0;
    try {
      await sleep(STATEMENT_TIMEOUT_MS + 1500);
      const health = await expectUnhealthy('frozen');
      // The health check fails fast, not after the statement timeout.
      expect(health.ms).toBeLessThan(HEALTH_TIMEOUT_MS + 1500);
      // A request while frozen is answered 503 within the timeouts, not held.
      const probe = await request(base, 'GET', '/api/v1/cases', sessions[0]);
      expect(probe.status).toBe(503);
      slowestWhileFrozen = probe.ms;
      expect(probe.ms).toBeLessThan(STATEMENT_TIMEOUT_MS + CONNECT_TIMEOUT_MS + 2000);
      await sleep(Math.max(0, 12_000 - (performance.now() - frozenAt)));
    } finally {
      for (const pid of frozen) signal(pid, 'SIGCONT');
    }
    await recovery('frozen for 12 s');
    await sleep(1000);

    state.stop = true;
    await clients;
    expect(unexpected).toEqual([]);
    expect(ledger.size).toBeGreaterThan(before);
    for (const [fault, { firstSuccessMs, healthyMs }] of Object.entries(recoveries)) {
      expect(firstSuccessMs, fault).toBeGreaterThanOrEqual(0);
      expect(firstSuccessMs, fault).toBeLessThan(RECOVERY_LIMIT_MS);
      expect(healthyMs, fault).toBeGreaterThanOrEqual(0);
      expect(healthyMs, fault).toBeLessThan(RECOVERY_LIMIT_MS);
    }
    process.stdout.write(
      `faults: recovery after the database's return (ms) ${JSON.stringify(recoveries)}; slowest request while frozen ${String(Math.round(slowestWhileFrozen))} ms; statuses ${JSON.stringify(Object.fromEntries(statuses))}\n`,
    );

    // Still the same process: recovered without a restart.
    expect(running.child.exitCode).toBeNull();
    expect(running.child.signalCode).toBeNull();
    const manager = sessions[0];
    const lost: string[] = [];
    for (const [id, version] of ledger) {
      const read = await request(base, 'GET', `/api/v1/cases/${id}`, manager);
      const shown = (read.json as { version?: number } | undefined)?.version ?? 0;
      if (read.status !== 200 || shown < version)
        lost.push(`${id}: version ${String(version)} acknowledged, ${String(read.status)} v${String(shown)}`);
    }
    expect(lost).toEqual([]);
    const database = await openDatabase(location);
    try {
      expect((await new EventStore(database.db).verifyChains()).broken).toEqual([]);
    } finally {
      await database.close();
    }

    // One line when each outage starts and one when it ends, none per request; no host, user or database named.
    const output = running.output();
    const outages = output.split('\n').filter((line) => line.includes('database unavailable'));
    process.stdout.write(`faults: outage log lines ${outages.join('\n')}\n`);
    expect(outages.length).toBeGreaterThanOrEqual(4);
    // Two stops, one freeze, and about one for each of the five rounds of terminated backends: pg
    // reports an idle connection's end when it notices it, which on a loaded machine can be after a
    // request has already succeeded on a fresh one, so a round may count twice. Far fewer than the 503s.
    expect(outages.length).toBeLessThanOrEqual(13);
    expect(outages.length * 10).toBeLessThan([...statuses].filter(([k]) => k.endsWith(' 503')).reduce((sum, [, n]) => sum + n, 0));
    expect(output).not.toContain(databaseName);
    expect(output).not.toContain(`:${databasePort}`);
    expect(output).not.toContain('postgres@');
    expect(output).not.toContain('Unhandled');
  }, 240_000);
});
