import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from '../../src/config/config.js';

function problems(env: Record<string, string | undefined>): readonly string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('configuration', () => {
  it('works with no settings at all in development, on the embedded database', () => {
    expect(loadConfig({})).toMatchObject({
      environment: 'development',
      port: 3000,
      database: './data/conference-challenges.sqlite',
      maxDocumentBytes: 10_485_760,
    });
  });

  it('refuses to start in production without a database and a session secret, naming both', () => {
    expect(problems({ NODE_ENV: 'production' })).toEqual([
      'SESSION_SECRET is required in production',
      'DATABASE_URL is required in production',
    ]);
    expect(problems({ NODE_ENV: 'production', SESSION_SECRET: '', DATABASE_URL: '' })).toHaveLength(2);
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32), DATABASE_URL: 'postgres://db/cc' }).database).toBe(
      'postgres://db/cc',
    );
  });

  it('says plainly what is wrong with a setting', () => {
    expect(problems({ PORT: 'abc' })).toEqual(['PORT must be a port number from 1 to 65535']);
    expect(problems({ LOG_LEVEL: 'loud' })).toEqual(['LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent']);
  });

  it('names every invalid setting', () => {
    expect(
      problems({ PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x', SESSION_SECRET: 'short' }).map((p) => p.split(' ')[0]),
    ).toEqual(['PORT', 'DATABASE_URL', 'SESSION_SECRET', 'LOG_LEVEL']);
  });

  it('documents every variable it reads in .env.example, and nothing else', () => {
    const documented = [...readFileSync('.env.example', 'utf8').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]);
    expect([...documented].sort()).toEqual([...CONFIG_VARIABLES].sort());
  });

  it('sizes the PostgreSQL pool from DATABASE_POOL_SIZE, within sensible bounds', () => {
    expect(loadConfig({}).databasePoolSize).toBe(10);
    expect(loadConfig({ DATABASE_POOL_SIZE: '25' }).databasePoolSize).toBe(25);
    expect(problems({ DATABASE_POOL_SIZE: '0' })).toEqual(['DATABASE_POOL_SIZE must be a whole number from 1 to 200']);
    expect(problems({ DATABASE_POOL_SIZE: 'lots' })).toEqual(['DATABASE_POOL_SIZE must be a whole number from 1 to 200']);
  });

  it('reads the connection limits and document quotas, keeping the headers timeout within the request timeout', () => {
    expect(loadConfig({}).connections).toEqual({
      requestTimeoutMs: 120_000,
      headersTimeoutMs: 20_000,
      idleTimeoutMs: 30_000,
      keepAliveTimeoutMs: 5_000,
      maxRequestsPerConnection: 1000,
      maxConnections: 2000,
    });
    expect(loadConfig({ REQUEST_TIMEOUT_SECONDS: '10', HEADERS_TIMEOUT_SECONDS: '30' }).connections.headersTimeoutMs).toBe(10_000);
    expect(loadConfig({ DOCUMENT_QUOTA_PER_CASE_MB: '2' }).documentQuotas.perCaseBytes).toBe(2 * 1_048_576);
    expect(problems({ REQUEST_TIMEOUT_SECONDS: '0' })).toEqual(['REQUEST_TIMEOUT_SECONDS must be a whole number from 1 to 3600']);
  });

  it('takes the client address a configured number of proxy hops back, refusing TRUST_PROXY=true, which believed every forwarded value', () => {
    expect(loadConfig({}).trustProxy).toBe(0);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(0);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(problems({ TRUST_PROXY: 'true' })).toEqual([
      'TRUST_PROXY must be the number of reverse proxies in front of the service, from 0 to 10 (false means 0)',
    ]);
  });

  it("bounds API tokens' lifetimes and sessions' absolute lifetime", () => {
    expect(loadConfig({})).toMatchObject({ apiTokenDays: 90, apiTokenMaxDays: 365, sessionAbsoluteHours: 12 });
    expect(problems({ API_TOKEN_DAYS: '400' })).toEqual(['API_TOKEN_DAYS cannot be more than API_TOKEN_MAX_DAYS']);
    expect(problems({ SESSION_ABSOLUTE_HOURS: '0' })).toEqual(['SESSION_ABSOLUTE_HOURS must be a whole number of hours from 1 to 168']);
  });
});
