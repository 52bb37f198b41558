/**
 * The panel's document pack (ADR 0026): a checklist built from the procedure's list of what the
 * panel must be given, each item with the case documents put against it, and what is missing.
 * The person the procedure names as preparing the pack links and unlinks documents; anyone who
 * may read the case's documents reads the checklist. The links are kept beside the documents,
 * not in the case's record: what is in the pack is not a fact any rule of a procedure reads.
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../store/database.js';
import type { AuditLog } from './audit.js';
import type { CaseService } from './cases.js';
import { ServiceError } from './errors.js';
import type { Principal } from './principal.js';

export interface PackLinkInput {
  readonly item: number;
  readonly documentId: string;
  readonly linked: boolean;
}

export class DocumentPackService {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly cases: CaseService,
    private readonly audit: AuditLog,
  ) {}

  async checklist(principal: Principal, caseId: string, now: Date) {
    const { rule, preparerTitle, preparerRole, mayPrepare } = await this.cases.panelRuleFor(principal, caseId, now, 'case.read-pack');
    const [documents, links] = await Promise.all([
      this.db
        .selectFrom('documents')
        .select(['id', 'type', 'filename', 'media_type', 'size_bytes', 'uploaded_at'])
        .where('case_id', '=', caseId)
        .orderBy('uploaded_at')
        .orderBy('id')
        .execute(),
      this.db
        .selectFrom('document_pack_links')
        .selectAll()
        .where('case_id', '=', caseId)
        .where('panel_id', '=', rule.id)
        .orderBy('linked_at')
        .execute(),
    ]);
    const byId = new Map(documents.map((d) => [d.id, d]));
    const items = rule.documentPack.map((entry, index) => {
      const linked = links.filter((l) => l.item === index);
      return {
        index,
        item: entry.item,
        clause: entry.clause,
        status: linked.length > 0 ? ('provided' as const) : ('missing' as const),
        documents: linked.flatMap((l) => {
          const document = byId.get(l.document_id);
          return document === undefined
            ? []
            : [{ id: document.id, filename: document.filename, type: document.type, linkedAt: l.linked_at, linkedBy: l.linked_by }];
        }),
      };
    });
    await this.audit.record({ at: now, principal, action: 'case.read-pack', subjectType: 'case', subjectId: caseId, outcome: 'ok' });
    return {
      caseId,
      panel: { id: rule.id, name: rule.name, clause: rule.clause },
      preparedBy: { role: preparerRole, title: preparerTitle },
      mayPrepare,
      complete: items.every((i) => i.status === 'provided'),
      missing: items.filter((i) => i.status === 'missing').map((i) => i.index),
      items,
      documents: documents.map((d) => ({
        id: d.id,
        type: d.type,
        filename: d.filename,
        mediaType: d.media_type,
        sizeBytes: d.size_bytes,
        uploadedAt: d.uploaded_at,
      })),
    };
  }

  async link(principal: Principal, caseId: string, input: PackLinkInput, now: Date): Promise<void> {
    const { rule, preparerTitle, mayPrepare } = await this.cases.panelRuleFor(principal, caseId, now, 'case.pack-link');
    if (!mayPrepare) {
      await this.audit.record({ at: now, principal, action: 'case.pack-link', subjectType: 'case', subjectId: caseId, outcome: 'denied' });
      throw new ServiceError('forbidden', `Only the ${preparerTitle} prepares the ${rule.name}'s document pack`, { clause: rule.clause });
    }
    if (input.item >= rule.documentPack.length) {
      throw new ServiceError('invalid', 'The request is not valid', {
        issues: [{ name: 'body.item', reason: `the ${rule.name}'s document pack has items 0 to ${String(rule.documentPack.length - 1)}` }],
      });
    }
    const document = await this.db
      .selectFrom('documents')
      .select('id')
      .where('id', '=', input.documentId)
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    if (document === undefined) {
      throw new ServiceError('invalid', 'The request is not valid', {
        issues: [{ name: 'body.documentId', reason: 'no document of this case has that id' }],
      });
    }
    const key = { case_id: caseId, panel_id: rule.id, item: input.item, document_id: input.documentId };
    if (input.linked) {
      await this.db
        .insertInto('document_pack_links')
        .values({ ...key, linked_by: principal.id, linked_at: now.toISOString() })
        .onConflict((oc) => oc.columns(['case_id', 'panel_id', 'item', 'document_id']).doNothing())
        .execute();
    } else {
      await this.db
        .deleteFrom('document_pack_links')
        .where('case_id', '=', key.case_id)
        .where('panel_id', '=', key.panel_id)
        .where('item', '=', key.item)
        .where('document_id', '=', key.document_id)
        .execute();
    }
    await this.audit.record({ at: now, principal, action: 'case.pack-link', subjectType: 'case', subjectId: caseId, outcome: 'ok' });
  }
}
