/**
 * Each partnership's letterhead: its name, address and contact details, printed at the top of
 * every letter. Set by an administrator; until then, the partnership's name alone.
 */
import type { Kysely } from 'kysely';
import type { Letterhead } from '../core/letters/draft.js';
import type { Schema } from '../store/database.js';
import { notFound } from './errors.js';

export interface LetterheadView extends Letterhead {
  /** When an administrator last set it; null while it is the default (the partnership's name alone). */
  readonly updatedAt: string | null;
}

export class Letterheads {
  constructor(private readonly db: Kysely<Schema>) {}

  async get(partnershipId: string): Promise<LetterheadView> {
    const row = await this.db.selectFrom('letterheads').selectAll().where('partnership_id', '=', partnershipId).executeTakeFirst();
    if (row !== undefined) {
      return {
        name: row.name,
        addressLines: JSON.parse(row.address_lines) as string[],
        postcode: row.postcode,
        phone: row.phone,
        email: row.email,
        website: row.website,
        updatedAt: row.updated_at,
      };
    }
    const partnership = await this.db.selectFrom('partnerships').select('name').where('id', '=', partnershipId).executeTakeFirst();
    if (partnership === undefined) throw notFound('partnership');
    return { name: partnership.name, addressLines: [], postcode: '', phone: '', email: '', website: '', updatedAt: null };
  }

  /** Replaces the letterhead whole; letters already sent keep the letterhead they were sent on. */
  async set(partnershipId: string, letterhead: Letterhead, by: string, now: Date): Promise<LetterheadView> {
    const values = {
      name: letterhead.name,
      address_lines: JSON.stringify(letterhead.addressLines),
      postcode: letterhead.postcode,
      phone: letterhead.phone,
      email: letterhead.email,
      website: letterhead.website,
      updated_at: now.toISOString(),
      updated_by: by,
    };
    await this.db
      .insertInto('letterheads')
      .values({ partnership_id: partnershipId, ...values })
      .onConflict((oc) => oc.column('partnership_id').doUpdateSet(values))
      .execute();
    return this.get(partnershipId);
  }
}
