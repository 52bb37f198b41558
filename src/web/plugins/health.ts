/**
 * /ping answers without the database; /health checks the procedures loaded and the database. An
 * outage of the database is logged here, once when it starts and once when it ends (ADR 0020).
 */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../service/services.js';
import type { CoreServices } from '../route.js';

export function setUpHealth(app: FastifyInstance, core: CoreServices, services: Services, databaseTimeoutMs: number): void {
  services.onDatabaseAvailability((change) => {
    if (change.state === 'unavailable')
      app.log.error({ database: { state: change.state, reason: change.reason } }, 'database unavailable: answering 503 until it returns');
    else app.log.info({ database: { state: change.state, unavailableForMs: change.unavailableForMs } }, 'database available again');
  });
  app.get('/ping', () => ({ status: 'ok' }));
  app.get('/health', async (_request, reply) => {
    const loaded = core.procedures().size;
    const { database, dialect, unavailable } = await services.health(databaseTimeoutMs);
    const healthy = loaded > 0 && database === 'ok';
    void reply.status(healthy ? 200 : 503);
    if (unavailable !== undefined) void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    return {
      status: healthy ? 'ok' : 'failing',
      checks: {
        procedures: { status: loaded > 0 ? 'ok' : 'failing', loaded },
        database: {
          status: database,
          dialect,
          ...(unavailable === undefined ? {} : { unavailableSince: unavailable.since, reason: unavailable.reason }),
        },
      },
    };
  });
}

/** What a caller is told to wait while the database is unavailable: long enough not to hammer it, short enough to notice its return. */
export const RETRY_AFTER_SECONDS = 2;
