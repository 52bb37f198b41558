/**
 * A letter as PDF, with pdfkit and its built-in Helvetica (the font's metrics ship inside the
 * package: nothing is downloaded or read from the system). Every string is set as text, never
 * interpreted, so what staff typed prints as typed.
 */
import PDFDocument from 'pdfkit';
import type { PrintableLetter } from '../core/letters/draft.js';

const MARGIN = 56;

/**
 * Helvetica covers Windows-1252; a character outside it would print as nothing, so it is
 * replaced by its nearest plain letter (accents stripped) or a question mark (ADR 0023).
 */
function printableText(text: string): string {
  return Array.from(text.normalize('NFC'), (ch) => ch)
    .map((ch) => {
      if (/[\u0020-\u007e\u00a0-\u00ff\u2018\u2019\u201c\u201d\u2013\u2014\u2022\u20ac\n]/u.test(ch)) return ch;
      const plain = ch.normalize('NFD').replace(/\p{M}/gu, '');
      return /^[\u0020-\u007e\u00a0-\u00ff]+$/u.test(plain) ? plain : '?';
    })
    .join('');
}

export function letterPdf(letter: PrintableLetter): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
      info: { Title: printableText(letter.subject), Author: printableText(letter.letterhead.name) },
      lang: 'en-GB',
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    doc.on('error', reject);
    const width = doc.page.width - 2 * MARGIN;
    const head = letter.letterhead;
    doc.font('Helvetica-Bold').fontSize(16).text(printableText(head.name), { width, align: 'right' });
    doc.font('Helvetica').fontSize(9);
    const contact = [...head.addressLines, head.postcode, head.phone, head.email, head.website].filter((l) => l.trim() !== '');
    for (const line of contact) doc.text(printableText(line), { width, align: 'right' });
    doc.moveDown(2).fontSize(11);
    for (const line of letter.addressee) doc.text(printableText(line), { width });
    doc.moveDown().text(printableText(letter.date), { width });
    doc.moveDown().font('Helvetica-Bold').text(printableText(letter.subject), { width });
    doc.font('Helvetica');
    for (const block of letter.blocks) {
      doc.moveDown();
      if (block.heading !== undefined) doc.font('Helvetica-Bold').text(printableText(block.heading), { width }).font('Helvetica');
      block.paragraphs.forEach((lines, index) => {
        if (index > 0) doc.moveDown(0.5);
        doc.text(printableText(lines.join('\n')), { width });
      });
    }
    if (letter.copies.length > 0) {
      doc.moveDown(2).font('Helvetica-Bold').text('Copies to:', { width }).font('Helvetica');
      for (const copy of letter.copies) doc.text(printableText(copy), { width });
    }
    doc.end();
  });
}
