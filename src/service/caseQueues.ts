/**
 * The work across cases, read from the read models: what a role owes (tasks) and every open
 * deadline. Both show only the cases the reader may see (CaseAccess).
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../store/database.js';
import type { CaseAccess } from './caseAccess.js';
import type { Principal } from './principal.js';

export interface Page {
  readonly limit: number;
  readonly offset: number;
}

export class CaseQueues {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly access: CaseAccess,
  ) {}

  /** What the reader's role owes on the cases they may see, soonest due first. */
  async tasks(principal: Principal, page: Page) {
    const seated = this.access.seatedCaseIds(principal);
    let query = this.db
      .selectFrom('tasks')
      .select(['case_id', 'action_id', 'label', 'clause', 'due_instant'])
      .where('partnership_id', '=', principal.partnershipId)
      .where('role', '=', principal.role);
    if (seated !== undefined) query = query.where('case_id', 'in', seated);
    const rows = await query.orderBy('due_instant').orderBy('case_id').limit(page.limit).offset(page.offset).execute();
    return rows.map((r) => ({ caseId: r.case_id, action: r.action_id, label: r.label, clause: r.clause, due: r.due_instant }));
  }

  /** Every open deadline on the cases the reader may see, soonest first; only the overdue ones if asked. */
  async openDeadlines(principal: Principal, options: Page & { readonly overdueOnly: boolean }, now: Date) {
    const at = now.toISOString();
    let query = this.db
      .selectFrom('open_deadlines')
      .select(['case_id', 'deadline_id', 'label', 'due_instant', 'owner', 'clause'])
      .where('partnership_id', '=', principal.partnershipId);
    const seated = this.access.seatedCaseIds(principal);
    if (seated !== undefined) query = query.where('case_id', 'in', seated);
    if (options.overdueOnly) query = query.where('due_instant', '<', at);
    const rows = await query.orderBy('due_instant').orderBy('case_id').limit(options.limit).offset(options.offset).execute();
    return rows.map((r) => ({
      caseId: r.case_id,
      deadline: r.deadline_id,
      label: r.label,
      due: r.due_instant,
      overdue: r.due_instant < at,
      owner: r.owner,
      clause: r.clause,
    }));
  }
}
