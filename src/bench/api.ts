/**
 * `npm run bench:api`: the JSON API's throughput and latency on loopback, measured with autocannon
 * (50 connections), beside a bare Fastify route so that the figures can be read against the
 * machine's speed. Every server runs in its own child process; autocannon runs in this one.
 *
 *   1. a bare Fastify app, one GET route returning a small JSON object; then the same app with the
 *      session library the service uses (@fastify/session) over an in-memory store, signed in: the
 *      ceiling that library alone sets on any signed-in route, before a database is touched;
 *   2. the service (startService, as `npm start` runs it) on a fresh SQLite file: GET /ping with a
 *      session cookie (what every request pays: security headers, the session and its user read
 *      from the database), then reading a case
 *      (spread over 50 cases) and performing an action (triage on a fresh case per request, so that
 *      every request should succeed);
 *   3. the same on a throwaway PostgreSQL server with fsync on (skipped, saying why, if PostgreSQL
 *      is not installed);
 *   4. on each database, reading a case again while the hostile load of hostile.ts runs (200 slow
 *      connections and a stream of oversized unauthenticated uploads): read throughput and p99
 *      with and without it, and the server's peak RSS before and after it (issue 11, "Figures").
 *
 * BENCH_SECONDS sets each measured run's length (default 10); each is preceded by an uncounted
 * warm-up of about 2 s. BENCH_CPU_PROF=<folder> writes a V8 CPU profile of each service child
 * there. Prints a table, then one JSON line of every figure. Exits 0 whether or not the targets
 * are met; 1 on a real failure (a server that will not start, a sign-in that fails, ...).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { formatLondonDateTime } from '../core/calendar/index.js';
import { postgresUnavailable, startPostgres } from '../tools/throwawayPostgres.js';
import {
  BenchError,
  BenchServer,
  cannon,
  childEnv,
  cpuProfileArgs,
  cpuProfileDir,
  forkChild,
  measuredSeconds,
  postgresServers,
  runBench,
  temporaryDirs,
} from './childProcesses.js';
import { isAttackChildMessage, type AttackChildMessage } from './childProtocol.js';
import { PARALLEL_UPLOADS, SLOW_CONNECTIONS, type AttackFigures } from './hostile.js';
import { freePort } from '../tools/freePort.js';

const CONNECTIONS = 50;
const WARM_UP_SECONDS = 2;
/** Cases raised for the read benchmark; reads go round them in turn. */
const READ_CASES = 50;
const DEMO_PASSWORD = 'bench-demo-password-not-for-real-use';
const EMAIL = 'complaints-manager@kent.demo';
const CONFERENCE = 'kent.conference.demo';
const ACTION = 'triage.decided';
const TARGET_READ_RATIO = 0.3;
const TARGET_P99_MS = 50;
/** Under the hostile load, reads should keep this share of their throughput... */
const TARGET_HOSTILE_READ_RATIO = 0.8;
/** ...and the attack should add no more than this to the server's peak RSS. */
const TARGET_HOSTILE_RSS_MIB = 50;
/** The service's document limit in the benchmark (MAX_DOCUMENT_MB, its default). */
const MAX_DOCUMENT_MB = 10;
/** The attack runs this long before reads are measured under it, so that its connections are all open. */
const ATTACK_SETTLE_MS = 2000;

// ---------------------------------------------------------------------------------------------
// The API, from a signed-in member of staff.

interface Session {
  readonly base: string;
  readonly cookie: string;
  readonly csrfToken: string;
}

interface RaisedCase {
  readonly id: string;
  readonly version: number;
}

async function signIn(base: string, email: string, password: string): Promise<Session> {
  const response = await fetch(`${base}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const text = await response.text();
  if (response.status !== 200) throw new BenchError(`signing in as ${email} failed: ${String(response.status)} ${text}`);
  const cookie = response.headers
    .getSetCookie()
    .map((header) => header.split(';')[0] ?? '')
    .find((pair) => pair.startsWith('cc_session='));
  const body = JSON.parse(text) as { csrfToken?: unknown };
  if (cookie === undefined || typeof body.csrfToken !== 'string')
    throw new BenchError(`signing in as ${email} gave no session cookie or CSRF token`);
  return { base, cookie, csrfToken: body.csrfToken };
}

function changeHeaders(session: Session): Record<string, string> {
  return { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' };
}

async function raiseCase(session: Session): Promise<RaisedCase> {
  const body = {
    conferenceId: CONFERENCE,
    track: 'family',
    complainant: { kind: 'parent' },
    aspects: ['decision'],
    // A minute ago, London time: never in the future, and after the demo conference (two working days ago).
    receivedAt: formatLondonDateTime(new Date(Date.now() - 60_000)),
  };
  const response = await fetch(`${session.base}/api/v1/cases`, {
    method: 'POST',
    headers: changeHeaders(session),
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 201) throw new BenchError(`raising a case failed: ${String(response.status)} ${text}`);
  const raised = JSON.parse(text) as { id?: unknown; version?: unknown };
  if (typeof raised.id !== 'string' || typeof raised.version !== 'number')
    throw new BenchError(`raising a case gave an unexpected answer: ${text}`);
  return { id: raised.id, version: raised.version };
}

/** Raises cases CONNECTIONS at a time until `count` are raised, or until `forSeconds` have passed if given. */
async function raiseCases(session: Session, count: number, forSeconds?: number): Promise<{ cases: RaisedCase[]; perSecond: number }> {
  const cases: RaisedCase[] = [];
  const started = performance.now();
  const deadline = forSeconds === undefined ? Infinity : started + forSeconds * 1000;
  let claimed = 0;
  const worker = async () => {
    while (claimed < count && performance.now() < deadline) {
      claimed += 1;
      cases.push(await raiseCase(session));
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { cases, perSecond: cases.length / seconds };
}

interface CaseView {
  readonly version?: unknown;
  readonly actions?: readonly { readonly id?: unknown; readonly allowed?: unknown }[];
}

/** Reads a freshly raised case: it must be at the version raising reported, with triage open to this user. */
async function checkFreshCase(session: Session, raised: RaisedCase): Promise<void> {
  const response = await fetch(`${session.base}/api/v1/cases/${raised.id}`, { headers: { cookie: session.cookie } });
  const text = await response.text();
  if (response.status !== 200) throw new BenchError(`reading case ${raised.id} failed: ${String(response.status)} ${text}`);
  const view = JSON.parse(text) as CaseView;
  if (view.version !== raised.version)
    throw new BenchError(`case ${raised.id} is at version ${String(view.version)}, not ${String(raised.version)} as raising reported`);
  const action = view.actions?.find((a) => a.id === ACTION);
  if (action?.allowed !== true) throw new BenchError(`${EMAIL} may not perform ${ACTION} on a fresh case: ${JSON.stringify(action)}`);
}

// ---------------------------------------------------------------------------------------------
// Measuring.

interface Figures {
  /** Completed requests divided by the run's length. */
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly requests: number;
  readonly non2xx: number;
  /** Connection errors and timeouts. */
  readonly errors: number;
  readonly timeouts: number;
  readonly seconds: number;
  readonly statusCodes: Record<string, number>;
  /** The server process's CPU use over the run, in cores (1 = one core busy throughout). */
  readonly serverCores: number;
}

/** One measured run, with the server's CPU time over it. */
async function measure(server: BenchServer, options: autocannon.Options): Promise<Figures> {
  const before = await server.stats();
  const result = await cannon(options);
  const after = await server.stats();
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stat.count ?? 0;
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: result.duration,
    statusCodes,
    serverCores: (after.cpuMicros - before.cpuMicros) / 1e6 / result.duration,
  };
}

interface BareFigures {
  readonly run: Figures;
  readonly peakRssBytes: number;
}

/** The bare route; with `session`, the bare app plus the session library over memory, signed in. */
async function benchBare(seconds: number, session: boolean): Promise<BareFigures> {
  const name = session ? 'the bare Fastify server with the session library' : 'the bare Fastify server';
  const server = await BenchServer.start(name, 'bareServer.js', childEnv(session ? { BARE_SESSION: 'on' } : {}));
  try {
    const base = `http://127.0.0.1:${String(server.port)}`;
    let headers: Record<string, string> = {};
    if (session) {
      const response = await fetch(`${base}/sign-in`);
      const cookie = response.headers.getSetCookie()[0]?.split(';')[0];
      if (!response.ok || cookie === undefined) throw new BenchError(`${name} did not start a session (HTTP ${String(response.status)})`);
      headers = { cookie };
    }
    const options = (duration: number): autocannon.Options => ({ url: `${base}/hello`, connections: CONNECTIONS, duration, headers });
    await cannon(options(WARM_UP_SECONDS));
    const run = await measure(server, options(seconds));
    if (run.non2xx > 0) throw new BenchError(`${name} answered ${String(run.non2xx)} requests with an error`);
    return { run, peakRssBytes: (await server.stats()).maxRssBytes };
  } finally {
    await server.stop();
  }
}

interface ServiceFigures {
  /** GET /ping with a session cookie: security headers and the session and user lookup, no case work. */
  readonly stack: Figures;
  readonly read: Figures;
  readonly act: Figures;
  /** Cases raised per second, CONNECTIONS at a time, while preparing the action runs. */
  readonly raisedPerSecond: number;
  readonly casesRaised: number;
  readonly peakRssBytes: number;
  readonly hostile: HostileFigures;
}

interface HostileFigures {
  /** Reading a case while the attack runs (compare with ServiceFigures.read, just before it). */
  readonly read: Figures;
  readonly peakRssWithoutBytes: number;
  readonly peakRssWithBytes: number;
  readonly attack: AttackFigures;
  /** The attacker's own CPU use while it ran, in cores: taken from the same machine as the server's. */
  readonly attackerCores: number;
}

interface RunningAttack {
  stop(): Promise<{ readonly figures: AttackFigures; readonly cores: number }>;
}

/** Starts the hostile load (hostile.ts) in a child process of its own (attackChild.ts), so that it does not share autocannon's event loop. */
async function startAttackProcess(port: number, maxDocumentBytes: number): Promise<RunningAttack> {
  const child = forkChild('attackChild.js', childEnv({ ATTACK_PORT: String(port), ATTACK_MAX_DOCUMENT_BYTES: String(maxDocumentBytes) }));
  const next = (type: AttackChildMessage['type']) =>
    new Promise<AttackChildMessage>((resolveMessage, reject) => {
      const onMessage = (message: unknown) => {
        if (!isAttackChildMessage(message) || message.type !== type) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolveMessage(message);
      };
      const onExit = () => {
        child.off('message', onMessage);
        reject(new BenchError(`the attack's process exited before it had ${type}`));
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  await next('started');
  return {
    async stop() {
      const stopped = next('stopped');
      child.send({ type: 'stop' });
      const message = await stopped;
      if (message.type !== 'stopped') throw new BenchError('the attack did not report');
      return { figures: message.figures, cores: message.cpuMicros / 1e6 / message.seconds };
    },
  };
}

/** Each request takes the next case from the list and performs triage on it, at the version raising reported. */
function actionRequests(cases: readonly RaisedCase[]): autocannon.Request[] {
  let next = 0;
  return [
    {
      method: 'POST',
      setupRequest: (request) => {
        const raised = cases[next % cases.length];
        next += 1;
        if (raised === undefined) throw new BenchError('no case to act on');
        const body = {
          type: 'perform',
          expectedVersion: raised.version,
          action: ACTION,
          details: { kind: 'choice', option: 'representation', reason: 'bench' },
        };
        return { ...request, path: `/api/v1/cases/${raised.id}/actions`, body: JSON.stringify(body) };
      },
    },
  ];
}

async function benchService(label: string, databaseUrl: string, seconds: number, profileDir: string | undefined): Promise<ServiceFigures> {
  const port = await freePort();
  const env = childEnv({
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'on',
    // The benchmark makes its own cases.
    DEMO_CASES: 'off',
    DEMO_PASSWORD,
    SIGN_IN_ATTEMPTS_PER_15_MINUTES: '10000',
    NODE_ENV: 'development',
    MAX_DOCUMENT_MB: String(MAX_DOCUMENT_MB),
  });
  const execArgv = cpuProfileArgs(profileDir, `service-${label.toLowerCase()}`);
  const server = await BenchServer.start(`the service on ${label}`, 'serviceServer.js', env, execArgv);
  try {
    const base = `http://127.0.0.1:${String(server.port)}`;
    const session = await signIn(base, EMAIL, DEMO_PASSWORD);
    let casesRaised = 0;

    // The stack alone: every request pays for it before any case work.
    const stackOptions = (duration: number): autocannon.Options => ({
      url: `${base}/ping`,
      connections: CONNECTIONS,
      duration,
      headers: { cookie: session.cookie },
    });
    await cannon(stackOptions(WARM_UP_SECONDS));
    const stack = await measure(server, stackOptions(seconds));

    // a. Reading a case, round 50 cases.
    const { cases: readCases } = await raiseCases(session, READ_CASES);
    casesRaised += readCases.length;
    const [firstCase] = readCases;
    if (firstCase === undefined) throw new BenchError('no case was raised');
    await checkFreshCase(session, firstCase);
    let nextRead = 0;
    const readOptions = (duration: number): autocannon.Options => ({
      url: base,
      connections: CONNECTIONS,
      duration,
      headers: { cookie: session.cookie },
      requests: [
        {
          method: 'GET',
          setupRequest: (request) => {
            const raised = readCases[nextRead % readCases.length];
            nextRead += 1;
            return { ...request, path: `/api/v1/cases/${raised?.id ?? firstCase.id}` };
          },
        },
      ],
    });
    await cannon(readOptions(WARM_UP_SECONDS));
    const read = await measure(server, readOptions(seconds));

    // c. The same reads under the hostile load. Peak RSS only grows, so the peak before the attack
    // is the peak without it; the attack's connections are all gone before the actions are measured.
    const peakRssWithoutBytes = (await server.stats()).maxRssBytes;
    const attack = await startAttackProcess(server.port, MAX_DOCUMENT_MB * 1_048_576);
    let hostile: HostileFigures;
    try {
      await new Promise((resolveWait) => setTimeout(resolveWait, ATTACK_SETTLE_MS));
      const underAttack = await measure(server, readOptions(seconds));
      const peakRssWithBytes = (await server.stats()).maxRssBytes;
      const attacked = await attack.stop();
      hostile = { read: underAttack, peakRssWithoutBytes, peakRssWithBytes, attack: attacked.figures, attackerCores: attacked.cores };
    } catch (error) {
      await attack.stop();
      throw error;
    }

    // b. Performing an action: a fresh case for every request, so that each should succeed. The
    // warm-up acts on the cases raised in about WARM_UP_SECONDS and gives the rate, from which the
    // measured run's cases are raised so that it lasts about `seconds`: it ends when every case has
    // been acted on (autocannon's `amount`), so its length is near `seconds`, not exact.
    const warm = await raiseCases(session, Number.MAX_SAFE_INTEGER, WARM_UP_SECONDS);
    casesRaised += warm.cases.length;
    // autocannon needs at least one request per connection.
    const warmCases =
      warm.cases.length >= CONNECTIONS
        ? warm.cases
        : [...warm.cases, ...(await raiseCases(session, CONNECTIONS - warm.cases.length)).cases];
    const actHeaders = changeHeaders(session);
    const warmResult = await cannon({
      url: base,
      connections: CONNECTIONS,
      amount: warmCases.length,
      headers: actHeaders,
      requests: actionRequests(warmCases),
    });
    if (warmResult.non2xx > 0)
      process.stderr.write(
        `warming up, ${String(warmResult.non2xx)} of ${String(warmResult.requests.total)} actions failed: ${JSON.stringify(warmResult.statusCodeStats)}\n`,
      );
    // A cold warm-up understates the rate, so the faster of it and raising's (a similar write) is taken, with a margin.
    const actionRate = Math.max(warmResult.requests.total / warmResult.duration, warm.perSecond);
    const wanted = Math.max(CONNECTIONS * 4, Math.ceil((actionRate * seconds * 1.3) / CONNECTIONS) * CONNECTIONS);
    const pool = await raiseCases(session, wanted);
    casesRaised += pool.cases.length;
    const act = await measure(server, {
      url: base,
      connections: CONNECTIONS,
      amount: pool.cases.length,
      headers: actHeaders,
      requests: actionRequests(pool.cases),
    });

    const stats = await server.stats();
    return { stack, read, act, raisedPerSecond: pool.perSecond, casesRaised, peakRssBytes: stats.maxRssBytes, hostile };
  } finally {
    await server.stop();
  }
}

async function benchSqlite(seconds: number, profileDir: string | undefined): Promise<ServiceFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'cc-bench-'));
  temporaryDirs.add(dir);
  try {
    return await benchService('SQLite', join(dir, 'bench.sqlite'), seconds, profileDir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    temporaryDirs.delete(dir);
  }
}

async function benchPostgres(seconds: number, profileDir: string | undefined): Promise<ServiceFigures> {
  const server = await startPostgres({ fsync: true });
  postgresServers.add(server);
  try {
    return await benchService('PostgreSQL', await server.createDatabase(), seconds, profileDir);
  } finally {
    postgresServers.delete(server);
    server.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// Reporting.

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;
const mib = (bytes: number) => round(bytes / 1_048_576, 1);
const whole = (value: number) => Math.round(value).toLocaleString('en-GB');

interface Row {
  readonly scenario: string;
  readonly figures: Figures;
  readonly bare: number;
}

function table(rows: readonly Row[]): string {
  const header = ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'requests', 'seconds', 'non-2xx', 'errors', 'of bare', 'server CPU'];
  const lines = rows.map(({ scenario, figures, bare }) => [
    scenario,
    whole(figures.requestsPerSecond),
    figures.p50Ms.toFixed(1),
    figures.p99Ms.toFixed(1),
    figures.maxMs.toFixed(0),
    whole(figures.requests),
    figures.seconds.toFixed(1),
    String(figures.non2xx),
    String(figures.errors),
    `${((figures.requestsPerSecond / bare) * 100).toFixed(1)}%`,
    `${figures.serverCores.toFixed(2)} cores`,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => (line[column] ?? '').length)));
  const format = (cells: readonly string[]) =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ');
  return [format(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(format)].join('\n');
}

interface Verdict {
  readonly ratio: number;
  readonly ratioMet: boolean;
  readonly p99Met: boolean;
}

function verdictOf(read: Figures, bare: number): Verdict {
  const ratio = read.requestsPerSecond / bare;
  return { ratio, ratioMet: ratio >= TARGET_READ_RATIO, p99Met: read.p99Ms < TARGET_P99_MS };
}

function figuresJson(figures: Figures, bare: number) {
  return {
    requestsPerSecond: round(figures.requestsPerSecond, 1),
    p50Ms: figures.p50Ms,
    p99Ms: figures.p99Ms,
    maxMs: figures.maxMs,
    requests: figures.requests,
    non2xx: figures.non2xx,
    errors: figures.errors,
    timeouts: figures.timeouts,
    seconds: figures.seconds,
    statusCodes: figures.statusCodes,
    ofBare: round(figures.requestsPerSecond / bare, 4),
    serverCores: round(figures.serverCores, 2),
  };
}

function hostileJson(figures: ServiceFigures, bare: number) {
  const { hostile } = figures;
  const readRatio = hostile.read.requestsPerSecond / figures.read.requestsPerSecond;
  const addedRssMiB = mib(hostile.peakRssWithBytes - hostile.peakRssWithoutBytes);
  return {
    read: figuresJson(hostile.read, bare),
    readRatio: round(readRatio, 4),
    readRatioMet: readRatio >= TARGET_HOSTILE_READ_RATIO,
    peakRssWithoutMiB: mib(hostile.peakRssWithoutBytes),
    peakRssWithMiB: mib(hostile.peakRssWithBytes),
    addedRssMiB,
    addedRssMet: addedRssMiB <= TARGET_HOSTILE_RSS_MIB,
    attack: hostile.attack,
    attackerCores: round(hostile.attackerCores, 2),
  };
}

async function main(): Promise<void> {
  const seconds = measuredSeconds();
  const profileDir = cpuProfileDir();
  const cpuModel = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const out = (line = '') => process.stdout.write(`${line}\n`);
  out(
    `Node ${process.version}; ${String(availableParallelism())} CPUs (${cpuModel}); autocannon in this process, each server in a child process`,
  );
  out(
    `${String(CONNECTIONS)} connections, ${String(seconds)} s measured per run after ${String(WARM_UP_SECONDS)} s warm-up; loopback (127.0.0.1)`,
  );
  out();

  out('bare Fastify route ...');
  const bare = await benchBare(seconds, false);
  const bareRate = bare.run.requestsPerSecond;
  out('bare Fastify route with the session library (memory store) ...');
  const sessionFloor = await benchBare(seconds, true);

  const results: { label: string; figures: ServiceFigures | { skipped: string } }[] = [];
  out('service on SQLite (synchronous=FULL) ...');
  results.push({ label: 'SQLite', figures: await benchSqlite(seconds, profileDir) });
  const unavailable = postgresUnavailable();
  if (unavailable === undefined) {
    out('service on PostgreSQL (fsync=on) ...');
    results.push({ label: 'PostgreSQL', figures: await benchPostgres(seconds, profileDir) });
  } else {
    out(`service on PostgreSQL: skipped, ${unavailable}`);
    results.push({ label: 'PostgreSQL', figures: { skipped: unavailable } });
  }
  out();

  const rows: Row[] = [
    { scenario: 'bare Fastify GET /hello', figures: bare.run, bare: bareRate },
    { scenario: 'bare + @fastify/session (memory), signed in', figures: sessionFloor.run, bare: bareRate },
  ];
  for (const { label, figures } of results) {
    if ('skipped' in figures) continue;
    rows.push({ scenario: `${label}: GET /ping, signed in (stack alone)`, figures: figures.stack, bare: bareRate });
    rows.push({ scenario: `${label}: GET /api/v1/cases/:id`, figures: figures.read, bare: bareRate });
    rows.push({ scenario: `${label}: POST /api/v1/cases/:id/actions`, figures: figures.act, bare: bareRate });
    rows.push({ scenario: `${label}: GET /api/v1/cases/:id under attack`, figures: figures.hostile.read, bare: bareRate });
  }
  out(table(rows));
  out();

  out(
    `Targets for reading a case, on each database: at least ${String(TARGET_READ_RATIO * 100)}% of the bare route's throughput, and p99 under ${String(TARGET_P99_MS)} ms`,
  );
  const json: Record<string, unknown> = {
    bench: 'api',
    node: process.version,
    cpus: availableParallelism(),
    cpuModel,
    connections: CONNECTIONS,
    seconds,
    warmUpSeconds: WARM_UP_SECONDS,
    bare: { ...figuresJson(bare.run, bareRate), peakRssMiB: mib(bare.peakRssBytes) },
    bareWithSessionLibrary: figuresJson(sessionFloor.run, bareRate),
  };
  for (const { label, figures } of results) {
    const key = label === 'SQLite' ? 'sqlite' : 'postgres';
    if ('skipped' in figures) {
      out(`  ${label}: skipped (${figures.skipped})`);
      json[key] = { skipped: figures.skipped };
      continue;
    }
    const verdict = verdictOf(figures.read, bareRate);
    out(
      `  ${label}: throughput ${(verdict.ratio * 100).toFixed(1)}% of bare (target >= ${String(TARGET_READ_RATIO * 100)}%): ${verdict.ratioMet ? 'met' : 'NOT met'}; ` +
        `p99 ${figures.read.p99Ms.toFixed(1)} ms (target < ${String(TARGET_P99_MS)} ms): ${verdict.p99Met ? 'met' : 'NOT met'}`,
    );
    json[key] = {
      stack: figuresJson(figures.stack, bareRate),
      read: figuresJson(figures.read, bareRate),
      act: figuresJson(figures.act, bareRate),
      targets: { readRatioMet: verdict.ratioMet, readP99Met: verdict.p99Met },
      raisedPerSecond: round(figures.raisedPerSecond, 1),
      casesRaised: figures.casesRaised,
      peakRssMiB: mib(figures.peakRssBytes),
      hostile: hostileJson(figures, bareRate),
    };
  }
  out();
  out(
    `Under attack (${String(SLOW_CONNECTIONS)} slow connections, ${String(PARALLEL_UPLOADS)} oversized unauthenticated uploads at a time), reading a case: ` +
      `aims: at least ${String(TARGET_HOSTILE_READ_RATIO * 100)}% of the throughput without it, and at most ${String(TARGET_HOSTILE_RSS_MIB)} MiB added to peak RSS`,
  );
  for (const { label, figures } of results) {
    if ('skipped' in figures) continue;
    const h = hostileJson(figures, bareRate);
    out(
      `  ${label}: ${whole(figures.read.requestsPerSecond)} -> ${whole(figures.hostile.read.requestsPerSecond)} req/s (${(h.readRatio * 100).toFixed(1)}%: ${h.readRatioMet ? 'met' : 'NOT met'}); ` +
        `p99 ${figures.read.p99Ms.toFixed(1)} -> ${figures.hostile.read.p99Ms.toFixed(1)} ms; ` +
        `peak RSS ${h.peakRssWithoutMiB.toFixed(1)} -> ${h.peakRssWithMiB.toFixed(1)} MiB (+${h.addedRssMiB.toFixed(1)}: ${h.addedRssMet ? 'met' : 'NOT met'}); ` +
        `slow connections opened ${String(h.attack.slowOpened)}, open at the end ${String(h.attack.slowOpenAtEnd)}; uploads ${String(h.attack.uploadsSent)} ${JSON.stringify(h.attack.uploadOutcomes)}; ` +
        `server CPU ${figures.read.serverCores.toFixed(2)} -> ${figures.hostile.read.serverCores.toFixed(2)} cores, the attacker's own ${h.attackerCores.toFixed(2)} cores`,
    );
  }
  const failedActions = results.flatMap(({ label, figures }) =>
    'skipped' in figures || figures.act.non2xx + figures.act.errors === 0 ? [] : [label],
  );
  if (failedActions.length > 0)
    out(`  NOTE: some actions did not succeed on ${failedActions.join(' and ')}; see the status codes in the JSON line`);
  out();
  out(
    `Peak resident set size of the server process: bare ${mib(bare.peakRssBytes).toFixed(1)} MiB` +
      results
        .map(({ label, figures }) => ('skipped' in figures ? '' : `; service on ${label} ${mib(figures.peakRssBytes).toFixed(1)} MiB`))
        .join(''),
  );
  if (profileDir !== undefined) out(`CPU profiles of the service: ${profileDir}`);
  out();
  out(JSON.stringify(json));
}

await runBench('bench:api', main);
