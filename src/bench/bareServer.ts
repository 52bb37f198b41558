/**
 * The baseline for `npm run bench:api`: a bare Fastify app, no plugins, one GET route returning a
 * small JSON object, listening on a free loopback port. Forked by the benchmark; not run by hand.
 */
import Fastify from 'fastify';
import { serveParent } from './childProtocol.js';

const app = Fastify({ logger: false });
app.get('/hello', () => ({ hello: 'world' }));
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
if (typeof address !== 'object' || address === null) throw new Error('the bare server is not listening on a TCP port');
serveParent(address.port, () => app.close());
