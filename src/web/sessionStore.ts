/**
 * @fastify/session's store over the sessions in the database (service/sessions.ts): its callback
 * interface, and a session stored as it is now answered at once, without a promise.
 */
import type { Session } from 'fastify';
import type { SessionData, Sessions } from '../service/sessions.js';

type Callback = (error?: unknown) => void;

export interface SessionStore {
  set(sessionId: string, session: SessionData, callback: Callback): void;
  get(sessionId: string, callback: (error: unknown, session?: Session | null) => void): void;
  destroy(sessionId: string, callback: Callback): void;
}

export function sessionStoreOver(sessions: Sessions): SessionStore {
  return {
    set(sessionId, session, callback) {
      if (sessions.isCurrent(sessionId, session)) {
        callback();
        return;
      }
      // A request already answered does not fail because moving its session's expiry on could not
      // be written (a busy or briefly unavailable database): the touch is skipped, not the answer.
      const touchOnly = sessions.isTouchOnly(sessionId, session);
      sessions.save(sessionId, session).then(
        () => {
          callback();
        },
        (error: unknown) => {
          if (touchOnly) callback();
          else callback(error);
        },
      );
    },
    get(sessionId, callback) {
      sessions.load(sessionId).then((stored) => {
        // What @fastify/session stored, read back: it rebuilds its Session around this data.
        callback(null, stored === undefined ? null : (stored as Session));
      }, callback);
    },
    destroy(sessionId, callback) {
      sessions.end(sessionId).then(() => {
        callback();
      }, callback);
    },
  };
}
