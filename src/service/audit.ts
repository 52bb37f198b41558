/**
 * The audit trail of reads and refusals (changes are already events with actor and time). An
 * entry is durable before the read it records is answered; entries arriving together are written
 * in one transaction (group commit), so auditing every read costs one disk sync per batch rather
 * than one per request. Entries form one hash chain across every instance (store/auditChain.ts).
 */
import type { Kysely, Selectable, SelectQueryBuilder } from 'kysely';
import { stringify } from 'csv-stringify/sync';
import { addCalendarDays, startOfLondonDay, type IsoDate } from '../core/calendar/index.js';
import { AuditChainWriter, verifyAuditChain, type AuditChainReport, type AuditFields } from '../store/auditChain.js';
import type { AuditLogTable, Database, Schema } from '../store/database.js';

export interface AuditEntry {
  readonly at: Date;
  readonly principal: { readonly id: string; readonly role: string; readonly partnershipId?: string };
  /** What was done: `case.read`, `document.read`, `case.list`, `session.sign-in`... */
  readonly action: string;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly outcome: 'ok' | 'denied' | 'not-found' | 'failed';
}

/** What an auditor narrows the trail to; every filter is optional and they combine. */
export interface AuditFilters {
  /** Who acted (a user id, or `token:<id>`). */
  readonly actorId?: string;
  /** Entries about this case. */
  readonly caseId?: string;
  /** An action (`case.read`), which also matches its detailed forms (`staff.updated:role`). */
  readonly action?: string;
  /** From the start of this London day. */
  readonly from?: IsoDate;
  /** To the end of this London day. */
  readonly to?: IsoDate;
  /** Entries about this subject, of any type. */
  readonly subjectId?: string;
  /** Entries older than this one (a cursor: the last id of the previous page). */
  readonly before?: number;
}

/** The most rows one CSV export holds: narrower filters for more. */
export const AUDIT_EXPORT_LIMIT = 100_000;

const CSV_COLUMNS = ['id', 'at', 'actor_id', 'actor_role', 'action', 'subject_type', 'subject_id', 'outcome'] as const;

/**
 * The rows as CSV (RFC 4180, every field quoted). A field beginning with =, +, -, @, a tab or a
 * carriage return is prefixed with an apostrophe, so that a spreadsheet shows it as text rather
 * than running it as a formula (OWASP, CSV injection): ids, actions and subjects come from callers.
 */
export function auditCsv(rows: readonly Readonly<Record<(typeof CSV_COLUMNS)[number], string | number>>[]): string {
  return safeCsv(
    CSV_COLUMNS,
    rows.map((row) => CSV_COLUMNS.map((column) => String(row[column]))),
  );
}

/** Any export's CSV, made as the audit export's is: every field quoted, formulas shown as text. */
export function safeCsv(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  return stringify(
    rows.map((row) => [...row]),
    { header: true, columns: [...columns], quoted: true, escape_formulas: true, record_delimiter: 'windows' },
  );
}

interface Pending {
  readonly row: AuditFields;
  resolve(): void;
  reject(error: unknown): void;
}

export class AuditLog {
  private queue: Pending[] = [];
  private flushing: Promise<void> | undefined;

  private readonly db: Kysely<Schema>;
  private readonly chain: AuditChainWriter;

  constructor(database: Pick<Database, 'db' | 'dialect'>) {
    this.db = database.db;
    this.chain = new AuditChainWriter(database);
  }

  /** Resolves once the entry is committed. */
  record(entry: AuditEntry): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({
        row: {
          at: entry.at.toISOString(),
          partnership_id: entry.principal.partnershipId ?? null,
          actor_id: entry.principal.id,
          actor_role: entry.principal.role,
          action: entry.action,
          subject_type: entry.subjectType,
          subject_id: entry.subjectId,
          outcome: entry.outcome,
        },
        resolve,
        reject,
      });
      this.flushing ??= this.flushSoon();
    });
  }

  private async flushSoon(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        await this.chain.append(batch.map((p) => p.row));
        for (const p of batch) p.resolve();
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
    this.flushing = undefined;
  }

  /** Recomputes the whole chain: every break, and the head to keep as an anchor. */
  verifyChain(): Promise<AuditChainReport> {
    return verifyAuditChain(this.db);
  }

  /** The partnership's entries that pass the filters. */
  private filtered(partnershipId: string, filters: AuditFilters): SelectQueryBuilder<Schema, 'audit_log', object> {
    let query = this.db.selectFrom('audit_log').where('partnership_id', '=', partnershipId);
    if (filters.actorId !== undefined) query = query.where('actor_id', '=', filters.actorId);
    if (filters.caseId !== undefined) query = query.where('subject_type', '=', 'case').where('subject_id', '=', filters.caseId);
    const action = filters.action;
    if (action !== undefined) {
      // `staff.updated` matches `staff.updated:role`: compared as text, never as a LIKE pattern the caller could widen.
      query = query.where((eb) =>
        eb.or([
          eb('action', '=', action),
          eb(eb.fn<string>('substr', ['action', eb.val(1), eb.val(action.length + 1)]), '=', `${action}:`),
        ]),
      );
    }
    if (filters.subjectId !== undefined) query = query.where('subject_id', '=', filters.subjectId);
    if (filters.before !== undefined) query = query.where('id', '<', filters.before);
    if (filters.from !== undefined) query = query.where('at', '>=', startOfLondonDay(filters.from).toISOString());
    if (filters.to !== undefined) query = query.where('at', '<', startOfLondonDay(addCalendarDays(filters.to, 1)).toISOString());
    return query;
  }

  /** One page of the entries that pass the filters, newest first. */
  async search(partnershipId: string, filters: AuditFilters, page: { limit: number; offset: number }) {
    const rows = await this.filtered(partnershipId, filters)
      .selectAll()
      .orderBy('id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute();
    return rows.map(entryOf);
  }

  /** How many entries pass the filters. */
  async count(partnershipId: string, filters: AuditFilters): Promise<number> {
    const counted = await this.filtered(partnershipId, filters)
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
      .executeTakeFirst();
    return Number(counted?.n ?? 0);
  }

  /** The actions the partnership's trail holds, for a filter's choices. */
  async actions(partnershipId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('audit_log').select('action').distinct().where('partnership_id', '=', partnershipId).execute();
    return rows.map((r) => r.action).sort();
  }

  /** Every entry that passes the filters (at most AUDIT_EXPORT_LIMIT, newest first) as CSV; the export is itself audited. */
  async exportCsv(
    principal: { readonly id: string; readonly role: string; readonly partnershipId: string },
    filters: AuditFilters,
    now: Date,
  ): Promise<{ csv: string; rows: number; truncated: boolean }> {
    const rows = await this.filtered(principal.partnershipId, filters)
      .selectAll()
      .orderBy('id', 'desc')
      .limit(AUDIT_EXPORT_LIMIT + 1)
      .execute();
    const truncated = rows.length > AUDIT_EXPORT_LIMIT;
    const kept = truncated ? rows.slice(0, AUDIT_EXPORT_LIMIT) : rows;
    await this.record({
      at: now,
      principal,
      action: 'audit.export',
      subjectType: 'partnership',
      subjectId: principal.partnershipId,
      outcome: 'ok',
    });
    return { csv: auditCsv(kept), rows: kept.length, truncated };
  }
}

function entryOf(r: Selectable<AuditLogTable>) {
  return {
    id: r.id,
    at: r.at,
    actor: { id: r.actor_id, role: r.actor_role },
    action: r.action,
    subject: { type: r.subject_type, id: r.subject_id },
    outcome: r.outcome,
  };
}
