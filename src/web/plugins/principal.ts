/** Who is calling: an API token's principal, or the signed-in member of staff as they are now. */
import type { FastifyInstance } from 'fastify';
import type { Principal } from '../../service/principal.js';
import type { Services } from '../../service/services.js';
import { problem } from '../problem.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
  }
}

const DEFAULT_ABSOLUTE_MS = 12 * 60 * 60 * 1000;

export async function setUpPrincipal(
  app: FastifyInstance,
  services: Services,
  clock: () => Date,
  sessionAbsoluteMs: number = DEFAULT_ABSOLUTE_MS,
): Promise<void> {
  app.decorateRequest('principal', undefined);
  // On request, before any body is read: a refusal costs the caller nothing of ours (ADR 0018).
  app.addHook('onRequest', async (request) => {
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const [scheme, token] = authorization.split(' ', 2);
      const principal =
        scheme?.toLowerCase() === 'bearer' && token !== undefined ? await services.tokens.resolve(token, clock()) : undefined;
      if (principal === undefined)
        throw problem(401, 'unauthenticated', 'Not signed in', 'The API token is not valid, has expired, or has been revoked');
      request.principal = principal;
      return;
    }
    const userId = request.session.get('userId');
    if (userId === undefined) return;
    // However active, a session ends a fixed time after sign-in; one from before that was kept ends now.
    const signedInAt = request.session.get('signedInAt');
    if (signedInAt === undefined || clock().getTime() - new Date(signedInAt).getTime() >= sessionAbsoluteMs) {
      await request.session.destroy();
      return;
    }
    // Read with the session when it could be; the user's role and whether they are disabled are always current.
    const readWith = services.sessions.userReadWith(request.session.sessionId, userId);
    request.principal = readWith === undefined ? await services.staff.principalOfUser(userId) : readWith.principal;
  });
  await Promise.resolve();
}
