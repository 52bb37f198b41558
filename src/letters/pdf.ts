/**
 * A letter as PDF, with pdfkit and DejaVu Sans (regular and bold) embedded from the
 * `dejavu-fonts-ttf` package: nothing is downloaded or read from the system. DejaVu Sans covers
 * Latin with every European accent and Vietnamese, Welsh ŵ and ŷ, Greek, Cyrillic, Hebrew and
 * Arabic letters, so a family's names print as they are spelt (ADR 0023, dated note). pdfkit
 * embeds only the glyphs the letter uses, so a letter stays small. Every string is set as text,
 * never interpreted, so what staff typed prints as typed.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import type { PrintableLetter } from '../core/letters/draft.js';

const MARGIN = 56;
const REGULAR = 'Letter';
const BOLD = 'Letter-Bold';

/** Where the package keeps its TrueType files, found through Node's resolver rather than a path guessed from here. */
const fontDir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
export const LETTER_FONTS = { regular: join(fontDir, 'DejaVuSans.ttf'), bold: join(fontDir, 'DejaVuSans-Bold.ttf') } as const;

/**
 * What the font cannot draw (emoji, Chinese, Japanese, Korean, the Indic scripts) would print as
 * an empty box; it is replaced by "?" so the reader sees that something is
 * missing, and the Word file, which leaves the choice of font to the reader's computer, keeps it.
 */
function printableText(text: string, covers: (codePoint: number) => boolean): string {
  return Array.from(text.normalize('NFC'), (ch) => {
    const code = ch.codePointAt(0) ?? 0;
    return ch === '\n' || covers(code) ? ch : '?';
  }).join('');
}

/** fontkit's font inside pdfkit's current font (its `_font.font`, not in pdfkit's types); throws if a pdfkit upgrade moves it, so the tests fail. */
interface ParsedFont {
  hasGlyphForCodePoint(codePoint: number): boolean;
  layout: unknown;
}
function parsedFont(doc: PDFKit.PDFDocument): ParsedFont {
  const font = (doc as unknown as { _font?: { font?: Partial<ParsedFont> } })._font?.font;
  if (typeof font?.hasGlyphForCodePoint !== 'function' || typeof font.layout !== 'function')
    throw new Error('pdfkit no longer exposes the embedded font');
  return font as ParsedFont;
}

/**
 * The fonts as fontkit parsed them for the first letter, given to pdfkit again for every later
 * one (pdfkit takes a parsed font as well as bytes): parsing and shaping caches are then paid
 * once per process, not once per letter. Each letter still embeds its own subset.
 */
const parsed: { regular?: ParsedFont; bold?: ParsedFont } = {};

/** The two fonts' bytes, read once on first use: each letter then embeds only the glyphs it uses. */
let fontBytes: { readonly regular: Buffer; readonly bold: Buffer } | undefined;
function fonts() {
  fontBytes ??= { regular: readFileSync(LETTER_FONTS.regular), bold: readFileSync(LETTER_FONTS.bold) };
  return fontBytes;
}

export function letterPdf(letter: PrintableLetter): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
      info: { Title: letter.subject, Author: letter.letterhead.name },
      lang: 'en-GB',
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    doc.on('error', reject);
    // pdfkit's types name only bytes, but it takes a parsed font too (anything with `layout`).
    doc.registerFont(BOLD, (parsed.bold ?? fonts().bold) as Buffer);
    doc.registerFont(REGULAR, (parsed.regular ?? fonts().regular) as Buffer);
    parsed.bold ??= parsedFont(doc.font(BOLD));
    const regular = (parsed.regular ??= parsedFont(doc.font(REGULAR)));
    const covers = (codePoint: number) => regular.hasGlyphForCodePoint(codePoint);
    const say = (text: string) => printableText(text, covers);
    const width = doc.page.width - 2 * MARGIN;
    const head = letter.letterhead;
    doc.font(BOLD).fontSize(16).text(say(head.name), { width, align: 'right' });
    doc.font(REGULAR).fontSize(9);
    const contact = [...head.addressLines, head.postcode, head.phone, head.email, head.website].filter((l) => l.trim() !== '');
    for (const line of contact) doc.text(say(line), { width, align: 'right' });
    doc.moveDown(2).fontSize(11);
    for (const line of letter.addressee) doc.text(say(line), { width });
    doc.moveDown().text(say(letter.date), { width });
    if (letter.reference !== undefined) doc.text(say(`Our reference: ${letter.reference}`), { width });
    doc.moveDown().font(BOLD).text(say(letter.subject), { width });
    doc.font(REGULAR);
    for (const block of letter.blocks) {
      doc.moveDown();
      if (block.heading !== undefined) doc.font(BOLD).text(say(block.heading), { width }).font(REGULAR);
      block.paragraphs.forEach((lines, index) => {
        if (index > 0) doc.moveDown(0.5);
        doc.text(say(lines.join('\n')), { width });
      });
    }
    if (letter.copies.length > 0) {
      doc.moveDown(2).font(BOLD).text('Copies to:', { width }).font(REGULAR);
      for (const copy of letter.copies) doc.text(say(copy), { width });
    }
    doc.end();
  });
}
