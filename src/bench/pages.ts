/**
 * `npm run bench:pages`: the staff pages a person opens most (My work `/`, the case list `/cases`
 * and the case page `/cases/:id`), signed in, with 20 connections, beside the API's case read
 * (`GET /api/v1/cases/:id`, measured before the pages and again after them, each page compared with
 * the mean of the two) and a bare Fastify route measured in the same run (issue 12, "Figures").
 *
 * For each database (a SQLite file; a throwaway PostgreSQL server with fsync on, skipped saying
 * why if PostgreSQL is not installed) and each size (200 open cases in the partnership; then
 * 5,000 cases of which 1,000 are open), the cases are raised and closed in this process through
 * the service layer, straight into the database (not over HTTP), and then the service is started
 * in a child process as `npm start` runs it (serviceServer.js) and measured with autocannon.
 * A page not built yet answers 404: it is skipped with a note, not counted as a failure.
 *
 * BENCH_SECONDS sets each measured run's length (default 10), after an uncounted 2 s warm-up. To
 * look at one thing: BENCH_DATABASES (sqlite, postgresql), BENCH_SIZES (200, 5000) and BENCH_PAGES
 * (myWork, caseList, casePage) each take a comma-separated subset (all when unset), and
 * BENCH_CPU_PROF=<folder> writes a V8 CPU profile of each service child there.
 * Prints a table, then one JSON line of every figure. Exits 0 whether or not the aims are met;
 * 1 on a real failure (a server that will not start, a sign-in that fails, ...).
 */
import { mkdtempSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { WorkingCalendar } from '../core/calendar/index.js';
import { procedureRegistry } from '../core/procedures/registry.js';
import type { Principal } from '../service/principal.js';
import { createServices } from '../service/services.js';
import { openDatabase } from '../store/database.js';
import { freePort } from '../tools/freePort.js';
import { postgresUnavailable, startPostgres } from '../tools/throwawayPostgres.js';
import {
  BenchError,
  BenchServer,
  cannon,
  childEnv,
  chosen,
  cpuProfileArgs,
  cpuProfileDir,
  measuredSeconds,
  postgresServers,
  runBench,
  temporaryDirs,
} from './childProcesses.js';

const CONNECTIONS = 20;
const WARM_UP_SECONDS = 2;
const DEMO_PASSWORD = 'bench-demo-password-not-for-real-use';
const PARTNERSHIP = 'kent';
const EMAIL = 'complaints-manager@kent.demo';
const CONFERENCE = 'kent.conference.demo';
/** Cases raised at once while seeding. */
const SEED_PARALLEL = 20;
const SIZES = [
  { key: '200', label: '200 open', total: 200, open: 200 },
  { key: '5000', label: '5,000 (1,000 open)', total: 5000, open: 1000 },
] as const;
const TARGET_P99_MS = 100;
/** Each page should reach at least this share of the API case read's throughput. */
const TARGET_OF_API_READ = 0.5;

// ---- Seeding through the service, in this process. ----

/** Brings the partnership to `total` cases with `open` of them open: raises the missing ones, withdraws the surplus open ones. */
async function seedCases(databaseUrl: string, total: number, open: number): Promise<{ openIds: string[]; seconds: number }> {
  const started = performance.now();
  const database = await openDatabase(databaseUrl);
  try {
    const registry = procedureRegistry();
    const services = createServices(database, registry, { maxDocumentBytes: 10 * 1_048_576 });
    const now = new Date();
    await services.seedDemo({ password: DEMO_PASSWORD, now, calendar: WorkingCalendar.create() });
    const principal: Principal = {
      kind: 'user',
      id: `${PARTNERSHIP}.complaints-manager`,
      role: 'complaints-manager',
      partnershipId: PARTNERSHIP,
    };
    const rows = await database.db.selectFrom('cases').select('case_id').where('partnership_id', '=', PARTNERSHIP).execute();
    const existing = rows.map((r) => r.case_id);
    const raised: string[] = [];
    let toRaise = total - existing.length;
    const raiseOne = async () => {
      while (toRaise > 0) {
        toRaise -= 1;
        const { id } = await services.cases.raise(
          principal,
          {
            conferenceId: CONFERENCE,
            track: 'family',
            subject: 'conference',
            complainant: { kind: 'parent' },
            aspects: ['decision'],
            receivedAt: new Date(Date.now() - 60_000),
          },
          new Date(),
        );
        raised.push(id);
      }
    };
    await Promise.all(Array.from({ length: SEED_PARALLEL }, raiseOne));
    const openRows = await database.db
      .selectFrom('case_summary')
      .select(['case_id', 'version'])
      .where('partnership_id', '=', PARTNERSHIP)
      .where('status', '=', 'open')
      .execute();
    const surplus = openRows.slice(open);
    const withdrawOne = async () => {
      for (let next = surplus.pop(); next !== undefined; next = surplus.pop()) {
        await services.cases.act(principal, next.case_id, { type: 'withdraw', reason: 'bench', expectedVersion: next.version }, new Date());
      }
    };
    await Promise.all(Array.from({ length: SEED_PARALLEL }, withdrawOne));
    const stillOpen = await database.db
      .selectFrom('case_summary')
      .select('case_id')
      .where('partnership_id', '=', PARTNERSHIP)
      .where('status', '=', 'open')
      .execute();
    // PostgreSQL plans by its statistics, which autovacuum gathers some time after a bulk load; a
    // deployed database has them. Gathered here at once, so that the first measurement is not of
    // plans made for empty tables.
    if (database.dialect === 'postgres') await sql`analyze`.execute(database.db);
    return { openIds: stillOpen.map((r) => r.case_id), seconds: (performance.now() - started) / 1000 };
  } finally {
    await database.close();
  }
}

// ---- Measuring. ----

interface Figures {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly seconds: number;
}

type Outcome = Figures | { readonly skipped: string };

async function run(options: (duration: number) => autocannon.Options, seconds: number): Promise<Figures> {
  await cannon(options(WARM_UP_SECONDS));
  const result = await cannon(options(seconds));
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    seconds: result.duration,
  };
}

/** GETs of one path, or of a path per request going round `ids`. */
function getting(base: string, cookie: string, path: string | ((id: string) => string), ids: readonly string[]) {
  let next = 0;
  return (duration: number): autocannon.Options => ({
    url: base,
    connections: CONNECTIONS,
    duration,
    headers: { cookie, accept: 'text/html' },
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => {
          const id = ids[next % Math.max(ids.length, 1)] ?? '';
          next += 1;
          return { ...request, path: typeof path === 'string' ? path : path(id) };
        },
      },
    ],
  });
}

async function signIn(base: string): Promise<string> {
  const response = await fetch(`${base}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: EMAIL, password: DEMO_PASSWORD }),
  });
  const cookie = response.headers
    .getSetCookie()
    .map((header) => header.split(';')[0] ?? '')
    .find((pair) => pair.startsWith('cc_session='));
  if (response.status !== 200 || cookie === undefined)
    throw new BenchError(`signing in as ${EMAIL} failed: HTTP ${String(response.status)}`);
  return cookie;
}

const PAGES = [
  { key: 'myWork', title: 'My work /', path: () => '/' },
  { key: 'caseList', title: 'case list /cases', path: () => '/cases' },
  { key: 'casePage', title: 'case page /cases/:id', path: (id: string) => `/cases/${id}` },
] as const;

interface SizeFigures {
  readonly size: string;
  readonly seedSeconds: number;
  readonly openCases: number;
  /** The API's case read, measured before the pages and again after them. */
  readonly apiRead: Figures;
  readonly apiReadAfter: Figures;
  readonly pages: Readonly<Record<(typeof PAGES)[number]['key'], Outcome>>;
  readonly peakRssBytes: number;
}

type PageKey = (typeof PAGES)[number]['key'];

/** What this run measures (every database, size and page unless narrowed by the environment), and where CPU profiles go. */
interface Selection {
  readonly seconds: number;
  readonly databases: readonly ('sqlite' | 'postgresql')[];
  readonly sizes: readonly (typeof SIZES)[number]['key'][];
  readonly pages: readonly PageKey[];
  readonly profileDir: string | undefined;
}

async function benchSize(label: string, databaseUrl: string, size: (typeof SIZES)[number], selection: Selection): Promise<SizeFigures> {
  const { seconds } = selection;
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`  ${label}, ${size.label}: seeding ...`);
  const seeded = await seedCases(databaseUrl, size.total, size.open);
  out(`  ${label}, ${size.label}: ${String(seeded.openIds.length)} open cases, seeded in ${seeded.seconds.toFixed(1)} s; measuring ...`);
  const port = await freePort();
  const server = await BenchServer.start(
    `the service on ${label}`,
    'serviceServer.js',
    childEnv({
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      DEMO_DATA: 'on',
      DEMO_PASSWORD,
      SIGN_IN_ATTEMPTS_PER_15_MINUTES: '10000',
      NODE_ENV: 'development',
    }),
    cpuProfileArgs(selection.profileDir, `service-${label.toLowerCase()}-${size.key}`),
  );
  try {
    const base = `http://127.0.0.1:${String(server.port)}`;
    const cookie = await signIn(base);
    const ids = seeded.openIds;
    const readCases = getting(base, cookie, (id) => `/api/v1/cases/${id}`, ids);
    const apiRead = await run(readCases, seconds);
    const pages: Partial<Record<PageKey, Outcome>> = {};
    for (const page of PAGES) {
      if (!selection.pages.includes(page.key)) {
        pages[page.key] = { skipped: 'not chosen (BENCH_PAGES)' };
        continue;
      }
      const probe = await fetch(`${base}${page.path(ids[0] ?? '')}`, { headers: { cookie, accept: 'text/html' } });
      await probe.arrayBuffer();
      if (probe.status === 404) {
        pages[page.key] = { skipped: `${page.title} answers 404: not built on this branch yet` };
        continue;
      }
      if (probe.status !== 200) throw new BenchError(`${page.title} answered HTTP ${String(probe.status)} when probed`);
      pages[page.key] = await run(getting(base, cookie, page.path, ids), seconds);
    }
    // Measured again after the pages: this machine's speed drifts within minutes, and each page
    // is compared with the mean of the two readings either side of it (both are reported).
    const apiReadAfter = await run(readCases, seconds);
    return {
      size: size.label,
      seedSeconds: seeded.seconds,
      openCases: ids.length,
      apiRead,
      apiReadAfter,
      pages: {
        myWork: pages.myWork ?? { skipped: 'not run' },
        caseList: pages.caseList ?? { skipped: 'not run' },
        casePage: pages.casePage ?? { skipped: 'not run' },
      },
      peakRssBytes: (await server.stats()).maxRssBytes,
    };
  } finally {
    await server.stop();
  }
}

async function benchDatabase(label: string, databaseUrl: string, selection: Selection): Promise<SizeFigures[]> {
  const results: SizeFigures[] = [];
  // The larger size grows from the smaller: raising the missing cases, withdrawing the surplus open ones.
  for (const size of SIZES) if (selection.sizes.includes(size.key)) results.push(await benchSize(label, databaseUrl, size, selection));
  return results;
}

async function bare(seconds: number): Promise<{ figures: Figures; peakRssBytes: number }> {
  const server = await BenchServer.start('the bare Fastify server', 'bareServer.js', childEnv({}));
  try {
    const figures = await run(
      (duration) => ({ url: `http://127.0.0.1:${String(server.port)}/hello`, connections: CONNECTIONS, duration }),
      seconds,
    );
    return { figures, peakRssBytes: (await server.stats()).maxRssBytes };
  } finally {
    await server.stop();
  }
}

// ---- Reporting. ----

/** What each page is compared with: the API read's throughput, the mean of its readings before and after the pages. */
function reference(r: SizeFigures): Figures {
  return { ...r.apiRead, requestsPerSecond: (r.apiRead.requestsPerSecond + r.apiReadAfter.requestsPerSecond) / 2 };
}

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;
const mib = (bytes: number) => round(bytes / 1_048_576, 1);
const whole = (value: number) => Math.round(value).toLocaleString('en-GB');

function table(rows: readonly { scenario: string; outcome: Outcome; apiRead?: Figures; rss?: number }[]): string {
  const header = ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'of API read', 'peak RSS MiB'];
  const lines = rows.map(({ scenario, outcome, apiRead, rss }) =>
    'skipped' in outcome
      ? [scenario, `skipped: ${outcome.skipped}`, '', '', '', '', '', '']
      : [
          scenario,
          whole(outcome.requestsPerSecond),
          outcome.p50Ms.toFixed(1),
          outcome.p99Ms.toFixed(1),
          String(outcome.non2xx),
          String(outcome.errors),
          apiRead === undefined ? '' : `${((outcome.requestsPerSecond / apiRead.requestsPerSecond) * 100).toFixed(0)}%`,
          rss === undefined ? '' : mib(rss).toFixed(1),
        ],
  );
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => (line[column]?.startsWith('skipped') === true ? 0 : (line[column] ?? '').length))),
  );
  const format = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.startsWith('skipped') ? `  ${cell}` : cell.padStart(widths[column] ?? 0),
      )
      .join('  ');
  return [format(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(format)].map((line) => line.trimEnd()).join('\n');
}

function figuresJson(outcome: Outcome, apiRead?: Figures) {
  if ('skipped' in outcome) return outcome;
  return {
    requestsPerSecond: round(outcome.requestsPerSecond, 1),
    p50Ms: outcome.p50Ms,
    p99Ms: outcome.p99Ms,
    requests: outcome.requests,
    non2xx: outcome.non2xx,
    errors: outcome.errors,
    seconds: outcome.seconds,
    ...(apiRead === undefined
      ? {}
      : {
          ofApiRead: round(outcome.requestsPerSecond / apiRead.requestsPerSecond, 3),
          aims: {
            p99Met: outcome.p99Ms < TARGET_P99_MS,
            throughputMet: outcome.requestsPerSecond >= TARGET_OF_API_READ * apiRead.requestsPerSecond,
          },
        }),
  };
}

async function main(): Promise<void> {
  const seconds = measuredSeconds();
  const selection: Selection = {
    seconds,
    databases: chosen('BENCH_DATABASES', ['sqlite', 'postgresql'] as const),
    sizes: chosen(
      'BENCH_SIZES',
      SIZES.map((size) => size.key),
    ),
    pages: chosen(
      'BENCH_PAGES',
      PAGES.map((page) => page.key),
    ),
    profileDir: cpuProfileDir(),
  };
  const out = (line = '') => process.stdout.write(`${line}\n`);
  const cpuModel = cpus()[0]?.model.trim() ?? 'unknown CPU';
  out(
    `Node ${process.version}; ${String(availableParallelism())} CPUs (${cpuModel}); autocannon in this process, each server in a child process`,
  );
  out(
    `${String(CONNECTIONS)} connections, ${String(seconds)} s measured per run after ${String(WARM_UP_SECONDS)} s warm-up; signed in as ${EMAIL}`,
  );
  out();
  out('bare Fastify route ...');
  const bareRun = await bare(seconds);

  const databases: { label: string; results: SizeFigures[] | { skipped: string } }[] = [];
  if (selection.databases.includes('sqlite')) {
    out('service on SQLite ...');
    const dir = mkdtempSync(join(tmpdir(), 'cc-bench-pages-'));
    temporaryDirs.add(dir);
    databases.push({ label: 'SQLite', results: await benchDatabase('SQLite', join(dir, 'bench.sqlite'), selection) });
  }
  const unavailable = postgresUnavailable();
  if (selection.databases.includes('postgresql') && unavailable !== undefined) {
    out(`service on PostgreSQL: skipped, ${unavailable}`);
    databases.push({ label: 'PostgreSQL', results: { skipped: unavailable } });
  } else if (selection.databases.includes('postgresql')) {
    out('service on PostgreSQL (fsync=on) ...');
    const postgres = await startPostgres({ fsync: true });
    postgresServers.add(postgres);
    try {
      databases.push({ label: 'PostgreSQL', results: await benchDatabase('PostgreSQL', await postgres.createDatabase(), selection) });
    } finally {
      postgresServers.delete(postgres);
      postgres.stop();
    }
  }
  out();

  const rows: { scenario: string; outcome: Outcome; apiRead?: Figures; rss?: number }[] = [
    { scenario: 'bare Fastify GET /hello', outcome: bareRun.figures, rss: bareRun.peakRssBytes },
  ];
  const json: Record<string, unknown> = {
    bench: 'pages',
    node: process.version,
    cpus: availableParallelism(),
    cpuModel,
    connections: CONNECTIONS,
    seconds,
    bare: { ...figuresJson(bareRun.figures), peakRssMiB: mib(bareRun.peakRssBytes) },
  };
  for (const { label, results } of databases) {
    if ('skipped' in results) {
      json[label] = results;
      continue;
    }
    json[label] = results.map((r) => ({
      size: r.size,
      openCases: r.openCases,
      seedSeconds: round(r.seedSeconds, 1),
      peakRssMiB: mib(r.peakRssBytes),
      apiRead: figuresJson(r.apiRead),
      apiReadAfter: figuresJson(r.apiReadAfter),
      apiReadMeanRequestsPerSecond: round(reference(r).requestsPerSecond, 1),
      pages: Object.fromEntries(Object.entries(r.pages).map(([key, outcome]) => [key, figuresJson(outcome, reference(r))])),
    }));
    for (const r of results) {
      rows.push({ scenario: `${label}, ${r.size}: GET /api/v1/cases/:id (before)`, outcome: r.apiRead, rss: r.peakRssBytes });
      for (const page of PAGES)
        rows.push({ scenario: `${label}, ${r.size}: ${page.title}`, outcome: r.pages[page.key], apiRead: reference(r) });
      rows.push({ scenario: `${label}, ${r.size}: GET /api/v1/cases/:id (after)`, outcome: r.apiReadAfter });
    }
  }
  out(table(rows));
  out();
  out(
    `Aims for each page: p99 under ${String(TARGET_P99_MS)} ms, and at least ${String(TARGET_OF_API_READ * 100)}% of the API case read's throughput (the mean of its readings before and after the pages)`,
  );
  for (const { label, results } of databases) {
    if ('skipped' in results) continue;
    for (const r of results) {
      for (const page of PAGES) {
        const outcome = r.pages[page.key];
        if ('skipped' in outcome) {
          out(`  ${label}, ${r.size}, ${page.title}: skipped (${outcome.skipped})`);
          continue;
        }
        const p99Met = outcome.p99Ms < TARGET_P99_MS;
        const ratio = outcome.requestsPerSecond / reference(r).requestsPerSecond;
        out(
          `  ${label}, ${r.size}, ${page.title}: p99 ${outcome.p99Ms.toFixed(1)} ms ${p99Met ? 'met' : 'NOT met'}; ${(ratio * 100).toFixed(0)}% of the API read ${ratio >= TARGET_OF_API_READ ? 'met' : 'NOT met'}`,
        );
      }
    }
  }
  if (selection.profileDir !== undefined) out(`CPU profiles of the service: ${selection.profileDir}`);
  out();
  out(JSON.stringify(json));
}

await runBench('bench:pages', main);
