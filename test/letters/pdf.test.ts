/**
 * The PDF letter embeds DejaVu Sans, so names spelt with letters outside Windows-1252 print as
 * spelt (Polish, Turkish, Vietnamese, Welsh, Arabic), and what the font cannot draw (emoji, Chinese)
 * prints as "?" rather than an empty box. Read back with Debian's pdftotext, which maps the
 * embedded glyphs back to text through the font's ToUnicode table.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isoDate } from '../../src/core/calendar/localDate.js';
import { printable, type LetterText } from '../../src/core/letters/draft.js';
import { letterPdf } from '../../src/letters/pdf.js';

const letterhead = {
  name: 'Cyngor Sir Ŵyn Safeguarding Partnership',
  addressLines: ['1 Ffordd Ŷr'],
  postcode: 'SA1 1AA',
  phone: '01234 567890',
  email: 'letters@example.org',
  website: '',
};

const text: LetterText = {
  addressee: 'Łukasz Wałęsa\nŞükrü Öztürk\nNguyễn Thị Minh Khai',
  subject: 'Your challenge about Ŵyn Ellis-Ştefănescu',
  sections: [
    { key: 'opening', text: 'Dear Łukasz Wałęsa and Şükrü Öztürk,\n\nWe write about Nguyễn and Ŵyn.' },
    { key: 'closing', heading: 'Names in other scripts', text: 'Arabic: سلام. Greek: Ελένη. Russian: Дмитрий. Emoji 🙂 and 中文.' },
  ],
  copies: [{ to: 'parent', title: 'Parent', names: ['Ayşe Kılıç'], clause: '§1' }],
};

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'cc-pdf-'));
  try {
    const file = join(dir, 'letter.pdf');
    writeFileSync(file, pdf);
    return execFileSync('/usr/bin/pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the PDF letter font', () => {
  it('prints names spelt outside Windows-1252 as they are spelt, and marks what the font lacks with "?"', async () => {
    const pdf = await letterPdf(printable(letterhead, isoDate('2027-01-05'), text));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The font is embedded (a subset of DejaVu Sans and its bold), not the built-in Helvetica.
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans\b/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans-Bold\b/);
    expect(raw).not.toContain('Helvetica');
    const words = pdfText(pdf);
    for (const name of [
      'Łukasz Wałęsa',
      'Şükrü Öztürk',
      'Nguyễn Thị Minh Khai',
      'Ŵyn',
      'Ŷr',
      'Ellis-Ştefănescu',
      'Ayşe Kılıç',
      'Ελένη',
      'Дмитрий',
    ]) {
      expect(words).toContain(name);
    }
    // Arabic letters are in the font; the emoji and Chinese are not, and show as "?" where they were.
    expect(words).toMatch(/[\u0600-\u06ff\ufe70-\ufeff]/u);
    expect(words).toContain('Emoji ? and ??.');
    expect(words).not.toContain('🙂');
  });
});
