/**
 * API tokens for integrations (a children's social care system posting conferences, say). A token
 * belongs to one partnership and acts with one staff role; only its SHA-256 is stored, and it is
 * shown once, when created. Every token expires; it opens nothing once revoked, expired, or once
 * the person who created it is disabled (ADR 0019).
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../store/database.js';
import { ServiceError, notFound } from './errors.js';
import { may, readsCaseContent } from './permissions.js';
import { isStaffRole, type Principal, type StaffRole } from './principal.js';

const PREFIX = 'cc_';
const DAY_MS = 24 * 60 * 60 * 1000;

const digest = (secret: string) => createHash('sha256').update(secret).digest('hex');

export interface TokenLifetimes {
  /** Days a new token lasts unless its creator asks otherwise. */
  readonly defaultDays: number;
  /** The most days any token may last. */
  readonly maxDays: number;
}

export class ApiTokens {
  constructor(
    private readonly db: Kysely<Schema>,
    readonly lifetimes: TokenLifetimes = { defaultDays: 90, maxDays: 365 },
  ) {}

  /**
   * Creates a token. A token for a role that reads case content is created only by someone who
   * may (a senior safeguarding manager), never by an administrator, who does not read cases;
   * a token cannot create tokens.
   */
  async create(
    by: Principal,
    input: { readonly name: string; readonly role: StaffRole; readonly expiresInDays?: number },
    now: Date,
  ): Promise<{ id: string; token: string; expiresAt: string }> {
    if (by.kind === 'token') throw new ServiceError('forbidden', 'An API token cannot create API tokens: a person must');
    if (readsCaseContent(input.role) ? !may(by, 'create-case-reading-tokens') : !may(by, 'manage-tokens')) {
      throw new ServiceError(
        'forbidden',
        readsCaseContent(input.role)
          ? 'A token for a role that reads case content is created by a senior safeguarding manager'
          : 'A token for this role is created by an administrator',
      );
    }
    const days = input.expiresInDays ?? this.lifetimes.defaultDays;
    if (days > this.lifetimes.maxDays) {
      throw new ServiceError('invalid', 'The token could not be created', {
        issues: [{ name: 'body.expiresInDays', reason: `must be at most ${String(this.lifetimes.maxDays)}` }],
      });
    }
    const id = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + days * DAY_MS).toISOString();
    await this.db
      .insertInto('api_tokens')
      .values({
        id,
        partnership_id: by.partnershipId,
        name: input.name,
        role: input.role,
        secret_hash: digest(secret),
        created_at: now.toISOString(),
        created_by: by.id,
        revoked_at: null,
        expires_at: expiresAt,
      })
      .execute();
    return { id, token: `${PREFIX}${id}.${secret}`, expiresAt };
  }

  async list(partnershipId: string) {
    const rows = await this.db
      .selectFrom('api_tokens')
      .select(['id', 'name', 'role', 'created_at', 'created_by', 'revoked_at', 'expires_at'])
      .where('partnership_id', '=', partnershipId)
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      role: r.role,
      createdAt: r.created_at,
      createdBy: r.created_by,
      revokedAt: r.revoked_at,
      expiresAt: r.expires_at,
    }));
  }

  async revoke(partnershipId: string, id: string, now: Date): Promise<void> {
    const result = await this.db
      .updateTable('api_tokens')
      .set({ revoked_at: now.toISOString() })
      .where('partnership_id', '=', partnershipId)
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw notFound('active API token');
  }

  /** The principal a presented token stands for, or undefined if it is unknown, revoked, expired, or its creator is disabled. */
  async resolve(token: string, now: Date): Promise<Principal | undefined> {
    const match = /^cc_([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (match === null) return undefined;
    const [, id = '', secret = ''] = match;
    const row = await this.db
      .selectFrom('api_tokens')
      .leftJoin('users', 'users.id', 'api_tokens.created_by')
      .select([
        'api_tokens.id',
        'api_tokens.role',
        'api_tokens.partnership_id',
        'api_tokens.secret_hash',
        'api_tokens.revoked_at',
        'api_tokens.expires_at',
        'users.disabled as creator_disabled',
      ])
      .where('api_tokens.id', '=', id)
      .executeTakeFirst();
    if (row?.revoked_at !== null || !isStaffRole(row.role)) return undefined;
    // A token made before creators' disabling revoked their tokens still dies with its creator's account.
    if (row.creator_disabled !== 0 || new Date(row.expires_at).getTime() <= now.getTime()) return undefined;
    const expected = Buffer.from(row.secret_hash, 'hex');
    const presented = Buffer.from(digest(secret), 'hex');
    if (expected.length !== presented.length || !timingSafeEqual(expected, presented)) return undefined;
    return { kind: 'token', id: `token:${row.id}`, role: row.role, partnershipId: row.partnership_id };
  }
}
