/**
 * The whole app over a real database (a SQLite file, or a fresh database on the throwaway
 * PostgreSQL server), seeded with the demo partnerships, with a fixed clock.
 */
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import argon2 from 'argon2';
import type { FastifyInstance, FastifyServerOptions, InjectOptions, LightMyRequestResponse } from 'fastify';
import { WorkingCalendar } from '../../src/core/calendar/index.js';
import { procedureRegistry } from '../../src/core/procedures/registry.js';
import type { DocumentQuotas } from '../../src/service/documents.js';
import { seedDemo } from '../../src/service/seed.js';
import { createServices, type Services } from '../../src/service/services.js';
import { openDatabase, type Database } from '../../src/store/database.js';
import { API_VERSION, coreServices, createApp } from '../../src/web/app.js';
import type { ConnectionLimits } from '../../src/web/connections.js';
import { openApiDocument } from '../../src/web/openapi.js';
import type { RouteDefinition } from '../../src/web/route.js';
import { ROUTES } from '../../src/web/routes/index.js';
import { Contract } from './contract.js';
import { onceByKey } from './onceByKey.js';

export const DEMO_PASSWORD = 'demo-password-for-tests';

/**
 * The demo accounts' password hash, made once per process with argon2id's cheapest parameters
 * rather than the service's (19 MiB, 2 passes): tests sign in thousands of times, and each
 * sign-in verifies with the parameters the hash was made with. Sign-in still runs argon2 through
 * the service's own code; test/service/passwords.test.ts checks the parameters the service uses.
 */
let demoHash: Promise<string> | undefined;
const demoPasswordHash = () =>
  (demoHash ??= argon2.hash(DEMO_PASSWORD, { type: argon2.argon2id, memoryCost: 1024, timeCost: 1, parallelism: 1 }));

const contract = new Contract(openApiDocument(ROUTES, API_VERSION));

/** Migrates the database at `location` and seeds the demo partnerships as at `now`, then closes it. */
export async function migrateAndSeed(location: string, now: Date): Promise<void> {
  const database = await openDatabase(location);
  try {
    await seedDemo(database, procedureRegistry().latest, {
      password: DEMO_PASSWORD,
      passwordHash: await demoPasswordHash(),
      now,
      calendar: WorkingCalendar.create(),
    });
  } finally {
    await database.close();
  }
}

/**
 * For each seed time, a SQLite file migrated and seeded once per process, copied for each app
 * made over a new SQLite file: the migrations and the seed took 85 to 270 ms for each of the
 * run's apps (ADR 0046). The copy is the database as those steps leave it (closed, so its
 * write-ahead log is checkpointed into the file); the app still opens it through the service's
 * own `openDatabase`, which finds nothing left to migrate. A template that could not be made is
 * made afresh by the next test to ask.
 */
const sqliteTemplates = new Map<string, Promise<string>>();
let sqliteTemplateDir: string | undefined;

function seededSqliteTemplate(now: Date): Promise<string> {
  return onceByKey(sqliteTemplates, now.toISOString(), async () => {
    sqliteTemplateDir ??= mkdtempSync(join(tmpdir(), 'cc-templates-'));
    const file = join(sqliteTemplateDir, `seeded-${randomUUID()}.sqlite`);
    await migrateAndSeed(file, now);
    if (existsSync(`${file}-wal`)) throw new Error(`${file} was closed with its write-ahead log not checkpointed`);
    return file;
  });
}

/** Puts at `location` (a new SQLite file) the demo database migrated and seeded as at `now`. */
export async function copySeededSqlite(location: string, now: Date): Promise<void> {
  copyFileSync(await seededSqliteTemplate(now), location);
}

process.once('exit', () => {
  if (sqliteTemplateDir !== undefined) rmSync(sqliteTemplateDir, { recursive: true, force: true });
});

/** The route an injected request reached, matched on its method and path template. */
function routeOf(method: string, path: string): RouteDefinition | undefined {
  return ROUTES.find((route) => route.method === method && new RegExp(`^${route.url.replace(/:[a-zA-Z]+/g, '[^/]+')}$`).test(path));
}

/** A declared action matches a recorded one; `staff.updated:<what changed>` matches any `staff.updated:...`. */
const declares = (declared: readonly string[], action: string) =>
  declared.some((d) => (d.includes('<') ? action.startsWith(d.slice(0, d.indexOf('<'))) : d === action));

/**
 * The app, answering every inject as before, but failing the test when a response is not one the
 * published API description declares for that operation and status (support/contract.ts), or when
 * a successful call does not write the audit entries its route declares (route.ts `audit`). A call
 * made while no other was in flight must also write nothing it does not declare.
 */
function checked(app: FastifyInstance, database: Database): FastifyInstance {
  let inFlight = 0;
  let overlapped = 0;
  // Undefined once a test has closed the database under the app (to see how the app answers then).
  const lastAuditId = async () => {
    try {
      return (
        (
          await database.db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.max('id').as('id'))
            .executeTakeFirst()
        )?.id ?? 0
      );
    } catch {
      return undefined;
    }
  };
  const inject = async (options: InjectOptions | string) => {
    const method = typeof options === 'string' ? 'GET' : (options.method ?? 'GET');
    const target = typeof options === 'string' ? options : (options.url ?? options.path ?? '');
    const url = typeof target === 'string' ? target : target.pathname;
    const route = routeOf(method.toUpperCase(), url.split('?')[0] ?? url);
    const before = await lastAuditId();
    inFlight += 1;
    if (inFlight > 1) overlapped += 1;
    const overlappedBefore = overlapped;
    let response: LightMyRequestResponse;
    try {
      response = await app.inject(options);
    } finally {
      inFlight -= 1;
    }
    const alone = overlapped === overlappedBefore && inFlight === 0;
    contract.check(response);
    if (route !== undefined && before !== undefined && response.statusCode < 300) {
      const written = (await database.db.selectFrom('audit_log').select('action').where('id', '>', before).execute()).map((r) => r.action);
      const declared = route.audit ?? [];
      if (declared.length > 0 && !written.some((action) => declares(declared, action))) {
        throw new Error(
          `${route.operationId} declares audit ${declared.join(', ')} but wrote ${written.length === 0 ? 'nothing' : written.join(', ')}`,
        );
      }
      const undeclared = written.filter((action) => !declares(declared, action));
      if (alone && undeclared.length > 0)
        throw new Error(`${route.operationId} wrote audit entries it does not declare: ${undeclared.join(', ')}`);
    }
    return response;
  };
  return new Proxy(app, { get: (target, property): unknown => (property === 'inject' ? inject : Reflect.get(target, property, target)) });
}

export interface TestApp {
  readonly app: FastifyInstance;
  readonly services: Services;
  /** The database under the app, for tests that set up what the read models would record. */
  readonly database: Database;
  /** Moves the app's clock. */
  setNow(now: Date): void;
  signIn(email: string): Promise<Session>;
  close(): Promise<void>;
}

export interface Session {
  readonly cookie: string;
  readonly csrf: string;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

export async function testApp(options: {
  location?: string;
  now: Date;
  signInAttempts?: number;
  maxDocumentBytes?: number;
  logger?: FastifyServerOptions['logger'];
  connections?: ConnectionLimits;
  documentQuotas?: DocumentQuotas;
  /** Reverse proxies in front (default none). */
  trustProxy?: number;
  /** A session's absolute lifetime: by default longer than any test moves the clock, which walks cases over weeks. */
  sessionAbsoluteMs?: number;
}): Promise<TestApp> {
  let dir: string | undefined;
  let location = options.location;
  if (location === undefined) {
    dir = mkdtempSync(join(tmpdir(), 'cc-app-'));
    location = join(dir, 'test.sqlite');
    await copySeededSqlite(location, options.now);
  }
  const database = await openDatabase(location);
  const services = createServices(database, procedureRegistry(), {
    maxDocumentBytes: options.maxDocumentBytes ?? 1_048_576,
    ...(options.documentQuotas === undefined ? {} : { documentQuotas: options.documentQuotas }),
  });
  let now = options.now;
  await seedDemo(database, services.procedures, {
    password: DEMO_PASSWORD,
    passwordHash: await demoPasswordHash(),
    now,
    calendar: WorkingCalendar.create(),
  });
  const app = checked(
    await createApp({
      core: coreServices(),
      services,
      sessionSecret: 'a-test-secret-that-is-at-least-32-characters',
      secureCookies: false,
      signInAttemptsPer15Minutes: options.signInAttempts ?? 10_000,
      clock: () => now,
      ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
      sessionAbsoluteMs: options.sessionAbsoluteMs ?? 10 * 366 * 24 * 60 * 60 * 1000,
      ...(options.logger === undefined ? {} : { logger: options.logger }),
      ...(options.connections === undefined ? {} : { connections: options.connections }),
    }),
    database,
  );
  const session = (cookie: string, csrf: string): Session => ({
    cookie,
    csrf,
    get: (url) => app.inject({ method: 'GET', url, headers: { cookie } }),
    post: (url, body, headers = {}) =>
      app.inject({
        method: 'POST',
        url,
        headers: {
          cookie,
          'x-csrf-token': csrf,
          ...(typeof body === 'string' || Buffer.isBuffer(body) ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        payload: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
      }),
    delete: (url) => app.inject({ method: 'DELETE', url, headers: { cookie, 'x-csrf-token': csrf } }),
  });
  return {
    app,
    services,
    database,
    setNow(next) {
      now = next;
    },
    async signIn(email) {
      const response = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password: DEMO_PASSWORD } });
      if (response.statusCode !== 200) throw new Error(`sign-in as ${email} failed: ${String(response.statusCode)} ${response.body}`);
      const cookie = response.cookies.find((c) => c.name === 'cc_session');
      if (cookie === undefined) throw new Error('no session cookie');
      return session(`cc_session=${cookie.value}`, response.json<{ csrfToken: string }>().csrfToken);
    },
    async close() {
      await app.close();
      await database.close();
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function problemOf(response: LightMyRequestResponse) {
  if (!String(response.headers['content-type']).startsWith('application/problem+json')) {
    throw new Error(`expected problem JSON, got ${String(response.headers['content-type'])}: ${response.body.slice(0, 200)}`);
  }
  return response.json<{
    type: string;
    title: string;
    status: number;
    detail?: string;
    clause?: string;
    currentVersion?: number;
    'invalid-params'?: { name: string; reason: string }[];
    problems?: { message: string; clause?: string }[];
  }>();
}
