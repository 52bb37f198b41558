/**
 * The audit trail of reads and refusals (changes are already events with actor and time). An
 * entry is durable before the read it records is answered; entries arriving together are written
 * in one transaction (group commit), so auditing every read costs one disk sync per batch rather
 * than one per request. Entries form one hash chain across every instance (store/auditChain.ts).
 */
import type { Kysely } from 'kysely';
import { AuditChainWriter, verifyAuditChain, type AuditChainReport, type AuditFields } from '../store/auditChain.js';
import type { Database, Schema } from '../store/database.js';

export interface AuditEntry {
  readonly at: Date;
  readonly principal: { readonly id: string; readonly role: string; readonly partnershipId?: string };
  /** What was done: `case.read`, `document.read`, `case.list`, `session.sign-in`... */
  readonly action: string;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly outcome: 'ok' | 'denied' | 'not-found' | 'failed';
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

  async list(partnershipId: string, options: { limit: number; before?: number; subjectId?: string }) {
    let query = this.db.selectFrom('audit_log').selectAll().where('partnership_id', '=', partnershipId);
    if (options.before !== undefined) query = query.where('id', '<', options.before);
    if (options.subjectId !== undefined) query = query.where('subject_id', '=', options.subjectId);
    const rows = await query.orderBy('id', 'desc').limit(options.limit).execute();
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      actor: { id: r.actor_id, role: r.actor_role },
      action: r.action,
      subject: { type: r.subject_type, id: r.subject_id },
      outcome: r.outcome,
    }));
  }
}
