/**
 * The real service for `npm run bench:api`, exactly as `npm start` runs it (startService), with its
 * configuration in this process's environment, which the benchmark sets. Forked by the benchmark.
 */
import { startService } from '../web/server.js';
import { serveParent } from './childProtocol.js';

const service = await startService(process.env);
const address = service.app.server.address();
const port = typeof address === 'object' && address !== null ? address.port : service.config.port;
serveParent(port, () => service.close());
