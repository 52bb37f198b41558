/**
 * The baselines for `npm run bench:api`: a bare Fastify app, no plugins, one GET route returning a
 * small JSON object, listening on a free loopback port. With BARE_SESSION=on it also has the session
 * library the service uses (@fastify/cookie and @fastify/session, configured as the service does)
 * over an in-memory store, and GET /sign-in to start a session: what the library alone costs, with
 * no database, no security headers and no case work. Forked by the benchmark; not run by hand.
 */
import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
import Fastify, { type Session } from 'fastify';
import { serveParent } from './childProtocol.js';

const app = Fastify({ logger: false });
if (process.env['BARE_SESSION'] === 'on') {
  const sessions = new Map<string, Session>();
  await app.register(fastifyCookie);
  await app.register(fastifySession, {
    secret: 'a bench-only session secret of at least 32 characters',
    cookieName: 'cc_session',
    saveUninitialized: false,
    cookie: { httpOnly: true, secure: false, sameSite: 'lax', path: '/', maxAge: 8 * 60 * 60 * 1000 },
    store: {
      get: (id, callback) => {
        callback(null, sessions.get(id) ?? null);
      },
      set: (id, session, callback) => {
        sessions.set(id, session);
        callback();
      },
      destroy: (id, callback) => {
        sessions.delete(id);
        callback();
      },
    },
  });
  app.get('/sign-in', (request) => {
    request.session.set('userId', 'bench');
    return { signedIn: true };
  });
}
app.get('/hello', () => ({ hello: 'world' }));
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
if (typeof address !== 'object' || address === null) throw new Error('the bare server is not listening on a TCP port');
serveParent(address.port, () => app.close());
