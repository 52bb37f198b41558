/**
 * Documents (conference minutes, reports, letters, correspondence) kept in the database with
 * their type, size and SHA-256 checksum, attached to a case or a conference. Reading one is
 * audited like reading the case.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../store/database.js';
import type { AuditLog } from './audit.js';
import type { CaseAccess } from './caseAccess.js';
import type { CaseService } from './cases.js';
import type { Conferences } from './conferences.js';
import { contentMismatch, storedName } from './documentContent.js';
import { ServiceError, notFound } from './errors.js';
import type { Principal } from './principal.js';

export const DOCUMENT_TYPES = ['conference-minutes', 'report', 'letter', 'correspondence'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** What may be uploaded: documents people actually send, nothing executable. */
export const DOCUMENT_MEDIA_TYPES = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/msword',
  'application/vnd.oasis.opendocument.text',
  'text/plain',
  'image/jpeg',
  'image/png',
  'message/rfc822',
] as const;

const isDocumentMediaType = (mediaType: string): mediaType is (typeof DOCUMENT_MEDIA_TYPES)[number] =>
  DOCUMENT_MEDIA_TYPES.some((accepted) => accepted === mediaType);

/** How much all of one case's documents, and all of one partnership's, may take together. */
export interface DocumentQuotas {
  readonly perCaseBytes: number;
  readonly perPartnershipBytes: number;
}

export const DEFAULT_DOCUMENT_QUOTAS: DocumentQuotas = { perCaseBytes: 500 * 1_048_576, perPartnershipBytes: 50_000 * 1_048_576 };

export interface NewDocument {
  readonly caseId?: string;
  readonly conferenceId?: string;
  readonly type: DocumentType;
  readonly filename: string;
  readonly mediaType: string;
  readonly content: Buffer;
}

export class DocumentService {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly cases: CaseService,
    private readonly conferences: Conferences,
    private readonly audit: AuditLog,
    private readonly access: CaseAccess,
    readonly maxBytes: number,
    private readonly quotas: DocumentQuotas = DEFAULT_DOCUMENT_QUOTAS,
  ) {}

  /**
   * Refuses a document that would take its case or partnership over its quota, with the figures.
   * Two uploads at the same moment may each fit alone and pass together: a quota bounds storage,
   * it is not an exact budget.
   */
  private async assertWithinQuotas(principal: Principal, caseId: string | undefined, size: number): Promise<void> {
    const used = async (column: 'case_id' | 'partnership_id', value: string) =>
      Number(
        (
          await this.db
            .selectFrom('documents')
            .select((eb) => eb.fn.coalesce(eb.fn.sum<number | string>('size_bytes'), eb.val(0)).as('used'))
            .where(column, '=', value)
            .executeTakeFirst()
        )?.used ?? 0,
      );
    const checks = [
      ...(caseId === undefined ? [] : [{ of: 'this case', used: await used('case_id', caseId), quota: this.quotas.perCaseBytes }]),
      { of: 'the partnership', used: await used('partnership_id', principal.partnershipId), quota: this.quotas.perPartnershipBytes },
    ];
    for (const check of checks) {
      if (check.used + size > check.quota) {
        throw new ServiceError(
          'too-large',
          `The documents of ${check.of} may take at most ${formatBytes(check.quota)}; they take ${formatBytes(check.used)}, and this one is ${formatBytes(size)}`,
        );
      }
    }
  }

  async upload(principal: Principal, document: NewDocument, now: Date) {
    if (document.content.length > this.maxBytes) {
      throw new ServiceError(
        'too-large',
        `A document may be at most ${formatBytes(this.maxBytes)}; this one is ${formatBytes(document.content.length)}`,
      );
    }
    if (document.content.length === 0)
      throw new ServiceError('invalid', 'The document is empty', { issues: [{ name: 'body', reason: 'the document is empty' }] });
    if (document.caseId !== undefined) await this.cases.assertVisible(principal, document.caseId, now, 'document.upload');
    if (document.conferenceId !== undefined) await this.conferences.get(principal.partnershipId, document.conferenceId, now);
    const mediaType = document.mediaType;
    if (!isDocumentMediaType(mediaType))
      throw new ServiceError('invalid', 'The document is not of an accepted type', {
        issues: [{ name: 'body', reason: `send one of ${DOCUMENT_MEDIA_TYPES.join(', ')}` }],
      });
    const mismatch = contentMismatch(document.content, mediaType);
    if (mismatch !== undefined)
      throw new ServiceError('invalid', `The document is not the ${mediaType} it is declared as`, {
        issues: [{ name: 'body', reason: mismatch }],
      });
    await this.assertWithinQuotas(principal, document.caseId, document.content.length);
    const id = randomUUID();
    const sha256 = createHash('sha256').update(document.content).digest('hex');
    await this.db
      .insertInto('documents')
      .values({
        id,
        partnership_id: principal.partnershipId,
        case_id: document.caseId ?? null,
        conference_id: document.conferenceId ?? null,
        type: document.type,
        filename: storedName(document.filename, mediaType),
        media_type: mediaType,
        size_bytes: document.content.length,
        sha256,
        content: document.content,
        uploaded_at: now.toISOString(),
        uploaded_by: principal.id,
      })
      .execute();
    return { id, sha256, sizeBytes: document.content.length };
  }

  private async row(principal: Principal, id: string, now: Date, action: string) {
    const row = await this.db
      .selectFrom('documents')
      .select([
        'id',
        'partnership_id',
        'case_id',
        'conference_id',
        'type',
        'filename',
        'media_type',
        'size_bytes',
        'sha256',
        'uploaded_at',
        'uploaded_by',
      ])
      .where('id', '=', id)
      .executeTakeFirst();
    if (row?.partnership_id !== principal.partnershipId) {
      await this.audit.record({
        at: now,
        principal,
        action,
        subjectType: 'document',
        subjectId: id,
        outcome: row === undefined ? 'not-found' : 'denied',
      });
      throw notFound('document');
    }
    if (row.case_id !== null) {
      await this.cases.assertVisible(principal, row.case_id, now, action);
    } else if (!this.access.maySeeOutsideCases(principal)) {
      // Someone who sees only their panels' cases sees only those cases' documents.
      await this.audit.record({ at: now, principal, action, subjectType: 'document', subjectId: id, outcome: 'denied' });
      throw notFound('document');
    }
    return row;
  }

  async metadata(principal: Principal, id: string, now: Date) {
    const row = await this.row(principal, id, now, 'document.read-metadata');
    await this.audit.record({
      at: now,
      principal,
      action: 'document.read-metadata',
      subjectType: 'document',
      subjectId: id,
      outcome: 'ok',
    });
    return {
      id: row.id,
      caseId: row.case_id,
      conferenceId: row.conference_id,
      type: row.type,
      filename: row.filename,
      mediaType: row.media_type,
      sizeBytes: row.size_bytes,
      sha256: row.sha256,
      uploadedAt: row.uploaded_at,
      uploadedBy: row.uploaded_by,
    };
  }

  async content(principal: Principal, id: string, now: Date) {
    const row = await this.row(principal, id, now, 'document.read');
    const content = await this.db.selectFrom('documents').select('content').where('id', '=', id).executeTakeFirstOrThrow();
    await this.audit.record({ at: now, principal, action: 'document.read', subjectType: 'document', subjectId: id, outcome: 'ok' });
    return { filename: row.filename, mediaType: row.media_type, sha256: row.sha256, content: Buffer.from(content.content) };
  }

  async listForCase(principal: Principal, caseId: string, now: Date) {
    await this.cases.assertVisible(principal, caseId, now, 'document.list');
    const rows = await this.db
      .selectFrom('documents')
      .select(['id', 'type', 'filename', 'media_type', 'size_bytes', 'sha256', 'uploaded_at'])
      .where('partnership_id', '=', principal.partnershipId)
      .where('case_id', '=', caseId)
      .orderBy('uploaded_at')
      .execute();
    await this.audit.record({ at: now, principal, action: 'document.list', subjectType: 'case', subjectId: caseId, outcome: 'ok' });
    return rows.map((r) => ({
      id: r.id,
      type: r.type,
      filename: r.filename,
      mediaType: r.media_type,
      sizeBytes: r.size_bytes,
      sha256: r.sha256,
      uploadedAt: r.uploaded_at,
    }));
  }
}

export function formatBytes(bytes: number): string {
  return bytes >= 1_048_576 ? `${(bytes / 1_048_576).toFixed(1).replace(/\.0$/, '')} MB` : `${String(Math.ceil(bytes / 1024))} KB`;
}
