/**
 * All configuration, from the environment, validated once at start-up. Development gets working
 * defaults; production refuses to start without what it needs, naming every missing setting.
 * Every variable is documented in .env.example.
 */
import { z } from 'zod';

const MIB = 1_048_576;

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
  readonly demoPassword: string;
  readonly signInAttemptsPer15Minutes: number;
  /** How many reverse proxies stand in front of the service: the client's address is taken that many hops back in X-Forwarded-For. */
  readonly trustProxy: number;
  /** API tokens: how long a new one lasts unless its creator says otherwise, and the most it may last (days). */
  readonly apiTokenDays: number;
  readonly apiTokenMaxDays: number;
  /** A session ends this long after sign-in, however active (the idle limit is 8 hours). */
  readonly sessionAbsoluteHours: number;
}

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
    sessionSecret: values.SESSION_SECRET ?? DEVELOPMENT_SECRET,
    logLevel: values.LOG_LEVEL,
    maxDocumentBytes: Math.round(values.MAX_DOCUMENT_MB * MIB),
    secureCookies: values.COOKIE_SECURE === undefined ? values.NODE_ENV === 'production' : values.COOKIE_SECURE === 'true',
    demoData: values.DEMO_DATA === undefined ? values.NODE_ENV === 'development' : values.DEMO_DATA === 'on',
    demoPassword: values.DEMO_PASSWORD,
    signInAttemptsPer15Minutes: values.SIGN_IN_ATTEMPTS_PER_15_MINUTES,
    trustProxy: values.TRUST_PROXY,
    apiTokenDays: values.API_TOKEN_DAYS,
    apiTokenMaxDays: values.API_TOKEN_MAX_DAYS,
    sessionAbsoluteHours: values.SESSION_ABSOLUTE_HOURS,
  };
}
