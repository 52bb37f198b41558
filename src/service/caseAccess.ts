/**
 * Which cases a person may see: every case of their partnership if their role holds
 * `see-every-case`, otherwise only the cases of panels they sit on (table case_access, written by
 * the read models). The one rule every list, task, deadline and document read goes through.
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../store/database.js';
import { prepareQuery } from '../store/prepared.js';
import { may } from './permissions.js';
import type { Principal } from './principal.js';

export class CaseAccess {
  private readonly seated;

  constructor(private readonly db: Kysely<Schema>) {
    this.seated = prepareQuery<Schema, [caseId: string, userId: string], { user_id: string }>(db, 2, (q, caseId, userId) =>
      q.selectFrom('case_access').select('user_id').where('case_id', '=', caseId).where('user_id', '=', userId),
    );
  }

  /** The ids of the cases this person may see, as a subquery to filter a read model by. */
  visibleCaseIds(principal: Principal) {
    const inPartnership = this.db.selectFrom('case_summary').select('case_id').where('partnership_id', '=', principal.partnershipId);
    if (may(principal, 'see-every-case')) return inPartnership;
    return inPartnership.where('case_id', 'in', this.db.selectFrom('case_access').select('case_id').where('user_id', '=', principal.id));
  }

  /**
   * The same rule for a read model already filtered by the person's partnership: undefined for a
   * person who sees every case of it (the partnership filter is then the whole rule, and a subquery
   * over every case would cost a scan of them on each read), otherwise the cases of the panels they
   * sit on, as a subquery.
   */
  seatedCaseIds(principal: Principal) {
    if (may(principal, 'see-every-case')) return undefined;
    return this.db.selectFrom('case_access').select('case_id').where('user_id', '=', principal.id);
  }

  /**
   * Whether this person may see a case known to belong to the given partnership: the same rule as
   * visibleCaseIds, as one point lookup (it is asked on every read of a case).
   */
  async maySee(principal: Principal, caseId: string, casePartnershipId: string): Promise<boolean> {
    if (casePartnershipId !== principal.partnershipId) return false;
    if (may(principal, 'see-every-case')) return true;
    return (await this.seated.executeTakeFirst(caseId, principal.id)) !== undefined;
  }

  /** Whether this person may see documents that belong to no case (a conference's, say). */
  maySeeOutsideCases(principal: Principal): boolean {
    return may(principal, 'see-every-case');
  }
}
