/**
 * Server-side sessions in the database, so that every app instance sees the same sessions and
 * signing out ends a session everywhere. Only a hash of the session id is kept. The web layer
 * adapts this to @fastify/session's store (src/web/sessionStore.ts).
 *
 * Sessions roll: each request moves the expiry on. Writing that on every request would make every
 * read a disk write, so an unchanged session's expiry is written at most every TOUCH_INTERVAL
 * (the idle timeout is exact to within that). A session read here is only ever updated, never
 * re-inserted, so a session signed out on another instance is not brought back by a late touch.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { keepBounded } from '../core/bounded.js';
import type { Schema } from '../store/database.js';
import { prepareQuery } from '../store/prepared.js';
import { userPrincipal, type Principal } from './principal.js';

/** What is stored of a session: its cookie's expiry, who is signed in, and whatever else it holds. */
export interface SessionData {
  readonly cookie?: { readonly expires?: Date | string | null };
  readonly userId?: string;
}

const idHash = (sessionId: string) => createHash('sha256').update(sessionId).digest('hex');
const DEFAULT_LIFETIME_MS = 8 * 60 * 60 * 1000;
export const TOUCH_INTERVAL_MS = 5 * 60 * 1000;
const KNOWN_LIMIT = 10_000;

/** The session's content without its cookie, whose expiry changes on every request. */
function contentOf(session: unknown): string {
  return JSON.stringify(session, (key, value: unknown) => (key === 'cookie' ? undefined : value));
}

function principalOf(row: SessionRow): Principal | undefined {
  // The user's columns are null when the account is gone (the join found nothing).
  if (row.user_id === null || row.role === null || row.partnership_id === null || row.disabled === null) return undefined;
  return userPrincipal({ id: row.user_id, role: row.role, partnership_id: row.partnership_id, disabled: row.disabled });
}

interface Known {
  readonly content: string;
  readonly expiresAt: number;
  /** The session's user as read with it on this request: their current role, or undefined if gone or disabled. */
  readonly user?: {
    readonly id: string;
    readonly principal: Principal | undefined;
    /** Their name and their partnership's, for the page header: read in the same query. */
    readonly names: SignedInNames | undefined;
  };
}

/** Who is signed in, as the header of every page names them. */
export interface SignedInNames {
  readonly name: string;
  readonly partnershipName: string;
}

interface SessionRow {
  data: string;
  expires_at: string;
  user_id: string | null;
  role: string | null;
  partnership_id: string | null;
  disabled: number | null;
  user_name: string | null;
  partnership_name: string | null;
}

export class Sessions {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.byHash = prepareQuery<Schema, [idHash: string], SessionRow>(db, 1, (q, hash) =>
      q
        .selectFrom('sessions')
        .leftJoin('users', 'users.id', 'sessions.user_id')
        .leftJoin('partnerships', 'partnerships.id', 'users.partnership_id')
        .select([
          'sessions.data',
          'sessions.expires_at',
          'sessions.user_id',
          'users.role',
          'users.partnership_id',
          'users.disabled',
          'users.name as user_name',
          'partnerships.name as partnership_name',
        ])
        .where('sessions.id_hash', '=', hash),
    );
  }

  private readonly byHash;

  /**
   * Sessions this instance has read or written, as stored, by session id (only this process's
   * memory holds the id itself; the database holds its hash): the latest first out when full.
   * Keyed by id so that a request hashes its session id once, to read it, not three times.
   */
  private readonly known = new Map<string, Known>();

  private remember(sessionId: string, known: Known): void {
    keepBounded(this.known, sessionId, known, KNOWN_LIMIT);
  }

  private expiresAt(session: SessionData): Date {
    const expires = session.cookie?.expires;
    return expires ? new Date(expires) : new Date(this.clock().getTime() + DEFAULT_LIFETIME_MS);
  }

  /** Whether the session is stored as it is now, its expiry near enough: then saving it writes nothing. */
  isCurrent(sessionId: string, session: SessionData): boolean {
    const known = this.known.get(sessionId);
    return known?.content === contentOf(session) && this.expiresAt(session).getTime() - known.expiresAt < TOUCH_INTERVAL_MS;
  }

  /**
   * Whether saving the session would only move its expiry on (what it holds is as stored). Such a
   * touch may be skipped when the database is busy: the session stays valid, its idle limit counted
   * from the last touch that was written (within TOUCH_INTERVAL of exact, as always).
   */
  isTouchOnly(sessionId: string, session: SessionData): boolean {
    return this.known.get(sessionId)?.content === contentOf(session);
  }

  async save(sessionId: string, session: SessionData): Promise<void> {
    if (this.isCurrent(sessionId, session)) return;
    const expiresAt = this.expiresAt(session);
    const content = contentOf(session);
    const known = this.known.get(sessionId);
    const hash = idHash(sessionId);
    const data = JSON.stringify(session);
    const userId = session.userId ?? null;
    const write =
      known === undefined
        ? this.db
            .insertInto('sessions')
            .values({ id_hash: hash, data, expires_at: expiresAt.toISOString(), user_id: userId })
            .onConflict((oc) => oc.column('id_hash').doUpdateSet({ data, expires_at: expiresAt.toISOString(), user_id: userId }))
            .execute()
        : this.db
            .updateTable('sessions')
            .set({ data, expires_at: expiresAt.toISOString(), user_id: userId })
            .where('id_hash', '=', hash)
            .execute();
    await write;
    this.remember(sessionId, { content, expiresAt: expiresAt.getTime() });
  }

  /** The session as stored (parsed JSON), or undefined if there is none or it has expired. */
  async load(sessionId: string): Promise<unknown> {
    const row = await this.byHash.executeTakeFirst(idHash(sessionId));
    const expiresAt = row === undefined ? 0 : new Date(row.expires_at).getTime();
    if (row === undefined || expiresAt <= this.clock().getTime()) {
      this.known.delete(sessionId);
      return undefined;
    }
    const session: unknown = JSON.parse(row.data);
    this.remember(sessionId, {
      content: contentOf(session),
      expiresAt,
      ...(row.user_id === null
        ? {}
        : {
            user: {
              id: row.user_id,
              principal: principalOf(row),
              names:
                row.user_name === null || row.partnership_name === null
                  ? undefined
                  : { name: row.user_name, partnershipName: row.partnership_name },
            },
          }),
    });
    return session;
  }

  /**
   * The session's user as read together with the session for this request, if they were: saves
   * the principal a query of its own. `undefined` means ask the staff accounts.
   */
  userReadWith(sessionId: string, userId: string): { readonly principal: Principal | undefined } | undefined {
    const user = this.known.get(sessionId)?.user;
    return user?.id === userId ? user : undefined;
  }

  /** The names the page header shows, as read with the session for this request; `undefined` means ask the staff accounts. */
  namesReadWith(sessionId: string, userId: string): SignedInNames | undefined {
    const user = this.known.get(sessionId)?.user;
    return user?.id === userId ? user.names : undefined;
  }

  async end(sessionId: string): Promise<void> {
    this.known.delete(sessionId);
    await this.db.deleteFrom('sessions').where('id_hash', '=', idHash(sessionId)).execute();
  }

  /** Ends every session of the user but this one (after a password change, say); returns how many. */
  async endOthers(userId: string, keepSessionId: string): Promise<number> {
    const result = await this.db
      .deleteFrom('sessions')
      .where('user_id', '=', userId)
      .where('id_hash', '!=', idHash(keepSessionId))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Removes expired sessions; returns how many. */
  async prune(): Promise<number> {
    const result = await this.db.deleteFrom('sessions').where('expires_at', '<=', this.clock().toISOString()).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
