/**
 * A letter as Word (.docx), with the docx package. Every string is a text run: the package
 * escapes it into the document's XML, so what staff typed appears as typed.
 */
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun, type IRunOptions } from 'docx';
import type { PrintableLetter } from '../core/letters/draft.js';

/** A run of text (typed as options, never as a string: TextRun also takes a plain string). */
function run(text: string, style: { readonly strong?: boolean; readonly size?: number; readonly breakBefore?: boolean } = {}): TextRun {
  const options: IRunOptions = {
    text,
    ...(style.strong === true ? { bold: true } : {}),
    ...(style.size === undefined ? {} : { size: style.size }),
    ...(style.breakBefore === true ? { break: 1 } : {}),
  };
  return new TextRun(options);
}

const lines = (text: readonly string[]): TextRun[] => text.map((line, index) => run(line, { breakBefore: index > 0 }));

export async function letterDocx(letter: PrintableLetter): Promise<Buffer> {
  const head = letter.letterhead;
  const contact = [...head.addressLines, head.postcode, head.phone, head.email, head.website].filter((l) => l.trim() !== '');
  const body: Paragraph[] = [
    new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(head.name, { strong: true, size: 32 })] }),
    ...(contact.length === 0 ? [] : [new Paragraph({ alignment: AlignmentType.RIGHT, children: lines(contact) })]),
    new Paragraph({ children: [] }),
    new Paragraph({ children: lines(letter.addressee) }),
    new Paragraph({ children: [] }),
    new Paragraph({ children: [run(letter.date)] }),
    ...(letter.reference === undefined ? [] : [new Paragraph({ children: [run(`Our reference: ${letter.reference}`)] })]),
    new Paragraph({ children: [] }),
    new Paragraph({ children: [run(letter.subject, { strong: true })] }),
  ];
  for (const block of letter.blocks) {
    body.push(new Paragraph({ children: [] }));
    if (block.heading !== undefined) body.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [run(block.heading)] }));
    for (const paragraph of block.paragraphs) body.push(new Paragraph({ spacing: { after: 120 }, children: lines(paragraph) }));
  }
  if (letter.copies.length > 0) {
    body.push(new Paragraph({ children: [] }), new Paragraph({ children: [run('Copies to:', { strong: true })] }));
    for (const copy of letter.copies) body.push(new Paragraph({ children: [run(copy)] }));
  }
  const document = new Document({
    title: letter.subject,
    creator: head.name,
    styles: { default: { document: { run: { font: 'Arial', size: 22 } } } },
    sections: [{ children: body }],
  });
  return Packer.toBuffer(document);
}
