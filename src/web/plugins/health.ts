/** /ping answers without the database; /health checks the procedures loaded and the database. */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../service/services.js';
import type { CoreServices } from '../route.js';

export function setUpHealth(app: FastifyInstance, core: CoreServices, services: Services): void {
  app.get('/ping', () => ({ status: 'ok' }));
  app.get('/health', async (_request, reply) => {
    const loaded = core.procedures().size;
    const { database, dialect } = await services.health();
    const healthy = loaded > 0 && database === 'ok';
    void reply.status(healthy ? 200 : 503);
    return {
      status: healthy ? 'ok' : 'failing',
      checks: { procedures: { status: loaded > 0 ? 'ok' : 'failing', loaded }, database: { status: database, dialect } },
    };
  });
}
