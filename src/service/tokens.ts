/**
 * API tokens for integrations (a children's social care system posting conferences, say). A token
 * belongs to one partnership and acts with one staff role; only its SHA-256 is stored, and it is
 * shown once, when created.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../store/database.js';
import { notFound } from './errors.js';
import { isStaffRole, type Principal, type StaffRole } from './principal.js';

const PREFIX = 'cc_';

const digest = (secret: string) => createHash('sha256').update(secret).digest('hex');

export class ApiTokens {
  constructor(private readonly db: Kysely<Schema>) {}

  async create(by: Principal, input: { name: string; role: StaffRole }, now: Date): Promise<{ id: string; token: string }> {
    const id = randomUUID();
    const secret = randomBytes(32).toString('base64url');
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
      })
      .execute();
    return { id, token: `${PREFIX}${id}.${secret}` };
  }

  async list(partnershipId: string) {
    const rows = await this.db
      .selectFrom('api_tokens')
      .select(['id', 'name', 'role', 'created_at', 'created_by', 'revoked_at'])
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

  /** The principal a presented token stands for, or undefined if it is unknown or revoked. */
  async resolve(token: string): Promise<Principal | undefined> {
    const match = /^cc_([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (match === null) return undefined;
    const [, id = '', secret = ''] = match;
    const row = await this.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    if (row?.revoked_at !== null || !isStaffRole(row.role)) return undefined;
    const expected = Buffer.from(row.secret_hash, 'hex');
    const presented = Buffer.from(digest(secret), 'hex');
    if (expected.length !== presented.length || !timingSafeEqual(expected, presented)) return undefined;
    return { kind: 'token', id: `token:${row.id}`, role: row.role, partnershipId: row.partnership_id };
  }
}
