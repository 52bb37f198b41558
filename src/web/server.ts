/**
 * The service: configuration from the environment, the database (created and migrated on first
 * start), demo data on an empty development database, and the web app. `npm start` runs it.
 */
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../config/config.js';
import { WorkingCalendar } from '../core/calendar/index.js';
import { procedureRegistry } from '../core/procedures/registry.js';
import { englandAndWalesRules } from '../holidays/englandAndWalesRules.js';
import type { DemoAccount } from '../service/seed.js';
import { openServices, type Services } from '../service/services.js';
import { LOG_SERIALIZERS, coreServices, createApp } from './app.js';

export interface RunningService {
  readonly app: FastifyInstance;
  readonly services: Services;
  readonly config: Config;
  readonly seeded: readonly DemoAccount[];
  close(): Promise<void>;
}

export async function startService(
  env: Readonly<Record<string, string | undefined>>,
  options: { logger?: boolean } = {},
): Promise<RunningService> {
  const config = loadConfig(env);
  const opened = await openServices(config.database, procedureRegistry(), {
    maxConnections: config.databasePoolSize,
    connectTimeoutMs: config.databaseConnectTimeoutMs,
    statementTimeoutMs: config.databaseStatementTimeoutMs,
    maxDocumentBytes: config.maxDocumentBytes,
    documentQuotas: config.documentQuotas,
    tokenLifetimes: { defaultDays: config.apiTokenDays, maxDays: config.apiTokenMaxDays },
  });
  const { services } = opened;
  const seeded = config.demoData
    ? await services.seedDemo({
        password: config.demoPassword,
        now: new Date(),
        calendar: WorkingCalendar.create({ holidayRules: englandAndWalesRules }),
      })
    : [];
  const app = await createApp({
    core: coreServices(),
    services,
    sessionSecret: config.sessionSecret,
    secureCookies: config.secureCookies,
    signInAttemptsPer15Minutes: config.signInAttemptsPer15Minutes,
    trustProxy: config.trustProxy,
    connections: config.connections,
    databaseHealthTimeoutMs: config.databaseHealthTimeoutMs,
    sessionAbsoluteMs: config.sessionAbsoluteHours * 60 * 60 * 1000,
    logger: options.logger === false ? false : { level: config.logLevel, serializers: LOG_SERIALIZERS },
  });
  await app.listen({ port: config.port, host: config.host });
  // Expired sessions are refused on sight; this only keeps the table small.
  const pruning = setInterval(
    () => {
      services.sessions.prune().catch((error: unknown) => {
        app.log.warn({ err: { name: error instanceof Error ? error.name : 'unknown' } }, 'could not prune expired sessions');
      });
    },
    60 * 60 * 1000,
  );
  pruning.unref();
  return {
    app,
    services,
    config,
    seeded,
    async close() {
      clearInterval(pruning);
      await app.close();
      await opened.close();
    },
  };
}

export function banner(service: RunningService): string {
  const { config } = service;
  const address = service.app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const lines = [
    `Conference Challenges is running: open http://localhost:${String(port)}/ in a browser`,
    `  database: ${service.services.dialect === 'sqlite' ? `SQLite file ${config.database}` : 'PostgreSQL'} (migrated)`,
    `  API: http://localhost:${String(port)}/api/v1, described at http://localhost:${String(port)}/api/openapi.json`,
  ];
  if (config.demoData) {
    lines.push(
      service.seeded.length > 0
        ? `  demo data: a partnership for each procedure, with ${String(service.seeded.length)} accounts, one per role`
        : '  demo data: already present',
      '',
      'Sign in with a demo account (every role in every partnership: <role>@<partnership>.demo), e.g.',
      `  email: complaints-manager@camden.demo   password: ${config.demoPassword}`,
      'or call the API:',
      `  curl -c jar -H 'content-type: application/json' -d '{"email":"complaints-manager@kent.demo","password":"${config.demoPassword}"}' http://localhost:${String(port)}/api/v1/session`,
      'Roles: administrator, complaints-manager, conference-chair, conference-service-manager, senior-safeguarding-manager,',
      '       panel-coordinator, panel-member, minute-taker, auditor. Partnerships: ' + [...service.services.procedures.keys()].join(', '),
    );
  }
  return `${lines.join('\n')}\n`;
}
