/**
 * A case's documents as pages (issue 12 point 8, ADR 0026): the list, an upload with GOV.UK's file
 * upload, and downloads. The document service checks type, content and quotas and audits every
 * download (`document.read`), as for the API.
 */
import { z } from 'zod';
import { formatLongDate, londonDateOf } from '../../core/calendar/index.js';
import { ServiceError } from '../../service/errors.js';
import { DOCUMENT_TYPES, formatBytes, type DocumentType } from '../../service/documents.js';
import { may } from '../../service/permissions.js';
import { idParams } from '../schemas.js';
import { field, FormErrors, type Form } from './forms.js';
import { definePage, file, redirect, view, type PageDefinition, type PageResult, type StaffPageContext } from './page.js';
import { caseCaption } from './caseView.js';

const TYPE_LABELS: Readonly<Record<DocumentType, string>> = {
  'conference-minutes': 'Conference minutes',
  report: 'Report',
  letter: 'Letter',
  correspondence: 'Correspondence',
};

const documentParams = z.strictObject({ id: idParams.shape.id, documentId: idParams.shape.id });

async function documentsPage(caseId: string, ctx: StaffPageContext, shown: { values?: Form; errors?: FormErrors } = {}, status = 200) {
  const { services, principal, now } = ctx;
  const documents = await services.documents.listForCase(principal, caseId, now);
  const values = shown.values ?? {};
  return view(
    'documents',
    {
      title: 'Documents',
      caseId,
      caption: await caseCaption(ctx, caseId),
      ...(shown.errors?.toView() ?? { errorList: [], errors: {} }),
      mayUpload: may(principal, 'upload-documents'),
      maxSize: formatBytes(services.documents.maxBytes),
      typeItems: DOCUMENT_TYPES.map((type) => ({ value: type, text: TYPE_LABELS[type], checked: field(values, 'type') === type })),
      rows: documents.map((d) => [
        {
          html: `<a class="govuk-link" href="/cases/${encodeURIComponent(caseId)}/documents/${encodeURIComponent(d.id)}">${escapeHtml(d.filename)}</a>`,
        },
        { text: TYPE_LABELS[d.type] },
        { text: formatBytes(d.sizeBytes), attributes: { 'data-sort-value': String(d.sizeBytes) } },
        { text: formatLongDate(londonDateOf(new Date(d.uploadedAt))), attributes: { 'data-sort-value': d.uploadedAt } },
      ]),
    },
    status,
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export const DOCUMENT_PAGES: readonly PageDefinition[] = [
  definePage({
    method: 'GET',
    url: '/cases/:id/documents',
    title: 'Documents',
    access: 'read-documents',
    audit: ['document.list'],
    params: idParams,
    run: ({ params }, ctx) => documentsPage((params as z.output<typeof idParams>).id, ctx),
  }),
  definePage({
    method: 'POST',
    url: '/cases/:id/documents',
    title: 'Documents',
    access: 'upload-documents',
    audit: ['document.list'],
    params: idParams,
    run: async ({ params, form, files }, ctx): Promise<PageResult> => {
      const { id } = params as z.output<typeof idParams>;
      const errors = new FormErrors();
      const upload = files['document'];
      const type = DOCUMENT_TYPES.find((t) => t === field(form, 'type'));
      const maxSize = formatBytes(ctx.services.documents.maxBytes);
      if (upload === undefined || upload.content.length === 0) errors.add('document', 'Select a file');
      else if (upload.truncated) errors.add('document', `The selected file must be smaller than ${maxSize}`);
      if (type === undefined) errors.add('type', 'Select what kind of document it is');
      if (errors.any || upload === undefined || type === undefined) return documentsPage(id, ctx, { values: form, errors }, 400);
      try {
        await ctx.services.documents.upload(
          ctx.principal,
          { caseId: id, type, filename: upload.filename, mediaType: upload.mediaType, content: upload.content },
          ctx.now,
        );
      } catch (error) {
        if (!(error instanceof ServiceError) || (error.kind !== 'invalid' && error.kind !== 'too-large')) throw error;
        const reason = error.extra.issues?.[0]?.reason;
        const text =
          error.message === 'The document is not of an accepted type'
            ? 'The selected file must be a PDF, Word or OpenDocument text file, plain text, JPEG, PNG or email'
            : reason === undefined
              ? error.message
              : `${error.message}: ${reason}`;
        return documentsPage(id, ctx, { values: form, errors: errors.add('document', text) }, error.kind === 'too-large' ? 413 : 400);
      }
      ctx.request.session.set('flash', { title: 'Document uploaded', text: `${upload.filename} is on the case.` });
      return redirect(`/cases/${id}/documents`);
    },
  }),
  definePage({
    method: 'GET',
    url: '/cases/:id/documents/:documentId',
    title: 'Document',
    access: 'read-documents',
    audit: ['document.read'],
    params: documentParams,
    run: async ({ params }, { services, principal, now }) => {
      const { documentId } = params as z.output<typeof documentParams>;
      const document = await services.documents.content(principal, documentId, now);
      return file(document.content, document.mediaType, document.filename);
    },
  }),
];
