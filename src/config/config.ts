/**
 * All configuration, from the environment, validated once at start-up. Development gets working
 * defaults; production refuses to start without what it needs, naming every missing setting.
 * Every variable is documented in .env.example.
 */
import { z } from 'zod';

const MIB = 1_048_576;

const wholeNumber = (min: number, max: number) => {
  const message = `must be a whole number from ${String(min)} to ${String(max)}`;
  return z.coerce.number({ error: message }).int(message).min(min, message).max(max, message);
};

function milliseconds(min: number, max: number) {
  const message = `must be a whole number of milliseconds from ${String(min)} to ${String(max)}`;
  return z.coerce.number({ error: message }).int(message).min(min, message).max(max, message);
}

const environment = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce
    .number({ error: 'must be a port number from 1 to 65535' })
    .int({ error: 'must be a port number from 1 to 65535' })
    .min(1, 'must be a port number from 1 to 65535')
    .max(65_535, 'must be a port number from 1 to 65535')
    .default(3000),
  DATABASE_URL: z
    .string()
    .min(1)
    .refine((v) => /^postgres(ql)?:\/\//.test(v) || !v.includes('://'), 'must be a postgres:// URL or a SQLite file path')
    .default('./data/conference-challenges.sqlite'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  COOKIE_SECURE: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
  DEMO_DATA: z.enum(['on', 'off'], { error: 'must be on or off' }).optional(),
  DEMO_CASES: z.enum(['on', 'off'], { error: 'must be on or off' }).optional(),
  DEMO_PASSWORD: z.string().min(12, 'must be at least 12 characters').default('demo-password-not-for-real-use'),
  SIGN_IN_ATTEMPTS_PER_15_MINUTES: z.coerce
    .number({ error: 'must be a whole number from 1 to 10000' })
    .int('must be a whole number from 1 to 10000')
    .min(1, 'must be a whole number from 1 to 10000')
    .max(10_000, 'must be a whole number from 1 to 10000')
    .default(20),
  DATABASE_POOL_SIZE: z.coerce
    .number({ error: 'must be a whole number from 1 to 200' })
    .int('must be a whole number from 1 to 200')
    .min(1, 'must be a whole number from 1 to 200')
    .max(200, 'must be a whole number from 1 to 200')
    .default(10),
  DATABASE_CONNECT_TIMEOUT_MS: milliseconds(100, 60_000).default(2000),
  DATABASE_STATEMENT_TIMEOUT_MS: milliseconds(100, 600_000).default(5000),
  DATABASE_HEALTH_TIMEOUT_MS: milliseconds(100, 60_000).default(1000),
  // A number of hops, not true: true believed every X-Forwarded-For value, so a client could name any address it liked.
  TRUST_PROXY: z
    .string()
    .regex(/^(false|[0-9]|10)$/, 'must be the number of reverse proxies in front of the service, from 0 to 10 (false means 0)')
    .default('0')
    .transform((v) => (v === 'false' ? 0 : Number(v))),
  API_TOKEN_DAYS: z.coerce
    .number({ error: 'must be a whole number of days from 1 to 3650' })
    .int('must be a whole number of days from 1 to 3650')
    .min(1, 'must be a whole number of days from 1 to 3650')
    .max(3650, 'must be a whole number of days from 1 to 3650')
    .default(90),
  API_TOKEN_MAX_DAYS: z.coerce
    .number({ error: 'must be a whole number of days from 1 to 3650' })
    .int('must be a whole number of days from 1 to 3650')
    .min(1, 'must be a whole number of days from 1 to 3650')
    .max(3650, 'must be a whole number of days from 1 to 3650')
    .default(365),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number({ error: 'must be a whole number of hours from 1 to 168' })
    .int('must be a whole number of hours from 1 to 168')
    .min(1, 'must be a whole number of hours from 1 to 168')
    .max(168, 'must be a whole number of hours from 1 to 168')
    .default(12),
  MAX_DOCUMENT_MB: z.coerce
    .number({ error: 'must be a number of MB from 1 to 100' })
    .positive('must be a number of MB from 1 to 100')
    .max(100, 'must be a number of MB from 1 to 100')
    .default(10),
  DOCUMENT_QUOTA_PER_CASE_MB: wholeNumber(1, 100_000).default(500),
  DOCUMENT_QUOTA_PER_PARTNERSHIP_MB: wholeNumber(1, 10_000_000).default(50_000),
  REQUEST_TIMEOUT_SECONDS: wholeNumber(1, 3600).default(120),
  HEADERS_TIMEOUT_SECONDS: wholeNumber(1, 300).default(20),
  IDLE_TIMEOUT_SECONDS: wholeNumber(1, 3600).default(30),
  KEEP_ALIVE_TIMEOUT_SECONDS: wholeNumber(1, 600).default(5),
  MAX_REQUESTS_PER_CONNECTION: wholeNumber(1, 1_000_000).default(1000),
  MAX_CONNECTIONS: wholeNumber(1, 1_000_000).default(2000),
});

/** Every environment variable the service reads. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(environment.shape);

export interface Config {
  readonly environment: 'development' | 'test' | 'production';
  readonly host: string;
  readonly port: number;
  /** A postgres:// URL, or the path of the embedded SQLite file. */
  readonly database: string;
  /** Connections each instance keeps to PostgreSQL (SQLite has one). */
  readonly databasePoolSize: number;
  readonly sessionSecret: string;
  readonly logLevel: string;
  readonly maxDocumentBytes: number;
  /** Cookies only over HTTPS: always in production. */
  readonly secureCookies: boolean;
  /** Seed demo partnerships and accounts into an empty database (never in production). */
  readonly demoData: boolean;
  /** With the demo data, a dozen cases per partnership made through the engine (ADR 0024). */
  readonly demoCases: boolean;
  readonly demoPassword: string;
  readonly signInAttemptsPer15Minutes: number;
  /** How long to wait for a PostgreSQL connection, new or free in the pool (ADR 0020). */
  readonly databaseConnectTimeoutMs: number;
  /** How long one PostgreSQL statement may run before it is cancelled and the request answered 503. */
  readonly databaseStatementTimeoutMs: number;
  /** How long /health waits for the database before reporting it unavailable. */
  readonly databaseHealthTimeoutMs: number;
  /** The most a case's, and a partnership's, documents may take together. */
  readonly documentQuotas: { readonly perCaseBytes: number; readonly perPartnershipBytes: number };
  /** How long a connection may take over each part of a request, and how many there may be (ADR 0018). */
  readonly connections: ConnectionLimits;
  /** How many reverse proxies stand in front of the service: the client's address is taken that many hops back in X-Forwarded-For. */
  readonly trustProxy: number;
  /** API tokens: how long a new one lasts unless its creator says otherwise, and the most it may last (days). */
  readonly apiTokenDays: number;
  readonly apiTokenMaxDays: number;
  /** A session ends this long after sign-in, however active (the idle limit is 8 hours). */
  readonly sessionAbsoluteHours: number;
}

export interface ConnectionLimits {
  /** The whole request, headers and body, from its first byte. */
  readonly requestTimeoutMs: number;
  /** The headers, from the request's first byte. */
  readonly headersTimeoutMs: number;
  /** A connection with nothing received or sent for this long is closed. */
  readonly idleTimeoutMs: number;
  /** An idle kept-alive connection waits this long for its next request. */
  readonly keepAliveTimeoutMs: number;
  readonly maxRequestsPerConnection: number;
  readonly maxConnections: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  requestTimeoutMs: 120_000,
  headersTimeoutMs: 20_000,
  idleTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxRequestsPerConnection: 1000,
  maxConnections: 2000,
};

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Configuration is not valid: ${problems.join('; ')}`);
  }
}

/** A fixed secret for development only, so a newcomer's `npm start` just works. */
const DEVELOPMENT_SECRET = 'development-only-secret-do-not-use-in-production';

export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  // An empty variable counts as unset, as shells and .env files often leave them.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = environment.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`));
  }
  const values = parsed.data;
  const problems: string[] = [];
  if (values.NODE_ENV === 'production') {
    if (values.SESSION_SECRET === undefined) problems.push('SESSION_SECRET is required in production');
    if (present['DATABASE_URL'] === undefined) problems.push('DATABASE_URL is required in production');
    if (values.DEMO_DATA === 'on') problems.push('DEMO_DATA cannot be on in production');
    if (values.COOKIE_SECURE === 'false') problems.push('COOKIE_SECURE cannot be false in production');
  }
  if (values.API_TOKEN_DAYS > values.API_TOKEN_MAX_DAYS) problems.push('API_TOKEN_DAYS cannot be more than API_TOKEN_MAX_DAYS');
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    environment: values.NODE_ENV,
    host: values.HOST,
    port: values.PORT,
    database: values.DATABASE_URL,
    databasePoolSize: values.DATABASE_POOL_SIZE,
    databaseConnectTimeoutMs: values.DATABASE_CONNECT_TIMEOUT_MS,
    databaseStatementTimeoutMs: values.DATABASE_STATEMENT_TIMEOUT_MS,
    databaseHealthTimeoutMs: values.DATABASE_HEALTH_TIMEOUT_MS,
    sessionSecret: values.SESSION_SECRET ?? DEVELOPMENT_SECRET,
    logLevel: values.LOG_LEVEL,
    maxDocumentBytes: Math.round(values.MAX_DOCUMENT_MB * MIB),
    secureCookies: values.COOKIE_SECURE === undefined ? values.NODE_ENV === 'production' : values.COOKIE_SECURE === 'true',
    demoData: values.DEMO_DATA === undefined ? values.NODE_ENV === 'development' : values.DEMO_DATA === 'on',
    demoCases: values.DEMO_CASES !== 'off',
    demoPassword: values.DEMO_PASSWORD,
    signInAttemptsPer15Minutes: values.SIGN_IN_ATTEMPTS_PER_15_MINUTES,
    documentQuotas: {
      perCaseBytes: values.DOCUMENT_QUOTA_PER_CASE_MB * MIB,
      perPartnershipBytes: values.DOCUMENT_QUOTA_PER_PARTNERSHIP_MB * MIB,
    },
    connections: {
      // Node refuses a headers timeout longer than the request's.
      requestTimeoutMs: values.REQUEST_TIMEOUT_SECONDS * 1000,
      headersTimeoutMs: Math.min(values.HEADERS_TIMEOUT_SECONDS, values.REQUEST_TIMEOUT_SECONDS) * 1000,
      idleTimeoutMs: values.IDLE_TIMEOUT_SECONDS * 1000,
      keepAliveTimeoutMs: values.KEEP_ALIVE_TIMEOUT_SECONDS * 1000,
      maxRequestsPerConnection: values.MAX_REQUESTS_PER_CONNECTION,
      maxConnections: values.MAX_CONNECTIONS,
    },
    trustProxy: values.TRUST_PROXY,
    apiTokenDays: values.API_TOKEN_DAYS,
    apiTokenMaxDays: values.API_TOKEN_MAX_DAYS,
    sessionAbsoluteHours: values.SESSION_ABSOLUTE_HOURS,
  };
}
