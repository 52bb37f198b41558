/**
 * Used by the API durability test: the whole service, configured from the environment as
 * `npm start` configures it, printing `listening <port>` once it accepts requests, until killed.
 * `node dist/tools/serviceProcess.js` (with DATABASE_URL, PORT, HOST, ... in the environment)
 */
import { startService } from '../web/server.js';

const service = await startService(process.env);
const address = service.app.server.address();
const port = typeof address === 'object' && address !== null ? address.port : service.config.port;
process.stdout.write(`listening ${String(port)}\n`);
