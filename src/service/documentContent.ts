/**
 * What an upload really is: its first bytes checked against the type it declares, and the name it
 * is stored under made safe (issue 11 point 8, ADR 0018). By hand rather than with `file-type`,
 * whose current release needs Node 22 and which cannot tell text from HTML anyway: eight types
 * need five signatures and a text check.
 */
import type { DOCUMENT_MEDIA_TYPES } from './documents.js';

type DocumentMediaType = (typeof DOCUMENT_MEDIA_TYPES)[number];

const startsWith = (content: Buffer, ...bytes: readonly number[]) => bytes.every((byte, i) => content[i] === byte);
const ZIP = [0x50, 0x4b, 0x03, 0x04] as const;
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] as const;
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;
const JPEG = [0xff, 0xd8, 0xff] as const;
/** What a browser would render as a page or an image with script: HTML, SVG, XML (as browsers sniff the first bytes). */
const MARKUP = /<(?:!doctype\s+html|html|head|body|script|svg|iframe|object|embed|meta|\?xml)[\s/>]/i;

function isText(content: Buffer): boolean {
  if (content.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(content);
    return true;
  } catch {
    return false;
  }
}

/** Why the content is not what it says it is, or undefined when it is. */
export function contentMismatch(content: Buffer, mediaType: DocumentMediaType): string | undefined {
  const head = content.subarray(0, 4096);
  switch (mediaType) {
    case 'application/pdf':
      return head.subarray(0, 5).toString('latin1') === '%PDF-' ? undefined : 'the content is not a PDF';
    case 'application/vnd.openxmlformats-officedocument.wordprocessingml.document':
      return startsWith(head, ...ZIP) && content.includes('[Content_Types].xml') ? undefined : 'the content is not a Word (.docx) document';
    case 'application/vnd.oasis.opendocument.text':
      return startsWith(head, ...ZIP) && head.includes('application/vnd.oasis.opendocument.text')
        ? undefined
        : 'the content is not an OpenDocument text (.odt) document';
    case 'application/msword':
      return startsWith(head, ...OLE) ? undefined : 'the content is not a Word (.doc) document';
    case 'image/png':
      return startsWith(head, ...PNG) ? undefined : 'the content is not a PNG image';
    case 'image/jpeg':
      return startsWith(head, ...JPEG) ? undefined : 'the content is not a JPEG image';
    case 'text/plain':
    case 'message/rfc822':
      if (!isText(content)) return 'the content is not text (UTF-8, without NUL)';
      return MARKUP.test(head.toString('utf8')) ? 'the content is HTML, SVG or XML, which may not be stored as text' : undefined;
  }
}

const EXTENSIONS: Readonly<Record<DocumentMediaType, string>> = {
  'application/pdf': '.pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': '.docx',
  'application/msword': '.doc',
  'application/vnd.oasis.opendocument.text': '.odt',
  'text/plain': '.txt',
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'message/rfc822': '.eml',
};

/**
 * The name a document is stored and served under: no folders, no control or invisible formatting
 * characters, only letters, digits, spaces and . _ ( ) -, and the extension of the checked type
 * in place of whatever the caller gave ("minutes.html" sent as text is "minutes.txt").
 */
export function storedName(filename: string, mediaType: DocumentMediaType): string {
  const base = (filename.split(/[/\\]/).pop() ?? '')
    .replace(/[\p{Cc}\p{Cf}\p{Cs}]/gu, '')
    .replace(/[^\p{L}\p{N} ._()-]/gu, '_')
    .replace(/\.[A-Za-z0-9]{1,10}$/, '')
    .replace(/^[\s.]+|[\s.]+$/g, '')
    .slice(0, 150);
  return `${base === '' ? 'document' : base}${EXTENSIONS[mediaType]}`;
}
