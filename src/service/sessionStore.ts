/**
 * Server-side sessions in the database, as a store for @fastify/session, so that every app
 * instance sees the same sessions and signing out ends a session everywhere. Only a hash of the
 * session id is kept.
 */
import { createHash } from 'node:crypto';
import type { Session } from 'fastify';
import type { Kysely } from 'kysely';
import type { Schema } from '../store/database.js';

type Callback = (error?: unknown) => void;
interface SessionData {
  readonly cookie?: { readonly expires?: Date | string | null };
}

const idHash = (sessionId: string) => createHash('sha256').update(sessionId).digest('hex');
const DEFAULT_LIFETIME_MS = 8 * 60 * 60 * 1000;

export class DatabaseSessionStore {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  set(sessionId: string, session: SessionData, callback: Callback): void {
    const expires = session.cookie?.expires;
    const expiresAt = expires ? new Date(expires) : new Date(this.clock().getTime() + DEFAULT_LIFETIME_MS);
    const row = { id_hash: idHash(sessionId), data: JSON.stringify(session), expires_at: expiresAt.toISOString() };
    this.db
      .insertInto('sessions')
      .values(row)
      .onConflict((oc) => oc.column('id_hash').doUpdateSet({ data: row.data, expires_at: row.expires_at }))
      .execute()
      .then(() => {
        callback();
      }, callback);
  }

  get(sessionId: string, callback: (error: unknown, session?: Session | null) => void): void {
    this.db
      .selectFrom('sessions')
      .select(['data', 'expires_at'])
      .where('id_hash', '=', idHash(sessionId))
      .executeTakeFirst()
      .then((row) => {
        if (row === undefined || new Date(row.expires_at).getTime() <= this.clock().getTime()) {
          callback(null, null);
          return;
        }
        callback(null, JSON.parse(row.data) as Session);
      }, callback);
  }

  destroy(sessionId: string, callback: Callback): void {
    this.db
      .deleteFrom('sessions')
      .where('id_hash', '=', idHash(sessionId))
      .execute()
      .then(() => {
        callback();
      }, callback);
  }

  /** Removes expired sessions; returns how many. */
  async prune(): Promise<number> {
    const result = await this.db.deleteFrom('sessions').where('expires_at', '<=', this.clock().toISOString()).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
