/**
 * Issue 11 point 8, on both databases: content checked against its declared type (HTML and SVG in
 * disguise refused), stored names made safe, and quotas per case and per partnership.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { problemOf, type Session, type TestApp } from '../support/app.js';
import { appOn, onBothDatabases } from './backends.js';

const MONDAY = new Date('2026-11-23T10:00:00Z');
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(3000, 7)]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 1)]);

onBothDatabases('uploads', (backend) => {
  let t: TestApp;
  let cm: Session;
  let caseId: string;

  beforeEach(async () => {
    t = await appOn(backend(), { now: MONDAY, documentQuotas: { perCaseBytes: 8_000, perPartnershipBytes: 12_000 } });
    cm = await t.signIn('complaints-manager@kent.demo');
    const raised = await cm.post('/api/v1/cases', {
      conferenceId: 'kent.conference.demo',
      track: 'family',
      complainant: { kind: 'parent' },
      aspects: ['decision'],
      receivedAt: '2026-11-23T09:00',
    });
    expect(raised.statusCode, raised.body).toBe(201);
    caseId = raised.json<{ id: string }>().id;
  }, 60_000);

  afterEach(async () => {
    await t.close();
  });

  const upload = (content: Buffer, mediaType: string, filename: string, to = `caseId=${caseId}`) =>
    cm.post(`/api/v1/documents?${to}&type=report&filename=${encodeURIComponent(filename)}`, content, { 'content-type': mediaType });

  it.each([
    [
      'HTML as text',
      Buffer.from('<!DOCTYPE html><script>alert(1)</script>'),
      'text/plain',
      'the content is HTML, SVG or XML, which may not be stored as text',
    ],
    [
      'SVG as PNG',
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
      'image/png',
      'the content is not a PNG image',
    ],
    [
      'SVG as text',
      Buffer.from('  <svg onload="alert(1)"></svg>'),
      'text/plain',
      'the content is HTML, SVG or XML, which may not be stored as text',
    ],
    ['HTML as PDF', Buffer.from('<html><body>hi</body></html>'), 'application/pdf', 'the content is not a PDF'],
    ['binary as text', Buffer.from([0x41, 0x00, 0x42]), 'text/plain', 'the content is not text (UTF-8, without NUL)'],
  ])('refuses %s, naming the body', async (_what, content, mediaType, reason) => {
    const response = await upload(content, mediaType, 'notes.txt');
    expect(response.statusCode).toBe(400);
    expect(problemOf(response)['invalid-params']).toEqual([{ name: 'body', reason }]);
    expect((await cm.get(`/api/v1/cases/${caseId}/documents`)).json<unknown[]>()).toHaveLength(0);
  });

  it("stores a name without its given extension, with the checked type's", async () => {
    for (const [content, mediaType, filename, stored] of [
      [Buffer.from('Dear Sir,\nThe meeting is on Monday.\n'), 'text/plain', 'minutes.html', 'minutes.txt'],
      [PNG, 'image/png', 'photo of letter.jpeg', 'photo of letter.png'],
      [PDF, 'application/pdf', 'report <final>.pdf', 'report _final_.pdf'],
    ] as const) {
      const response = await upload(content, mediaType, filename);
      expect(response.statusCode, response.body).toBe(201);
      const { id } = response.json<{ id: string }>();
      expect((await cm.get(`/api/v1/documents/${id}`)).json<{ filename: string }>().filename).toBe(stored);
    }
  });

  it('refuses a right-to-left override or a folder in the filename', async () => {
    const rlo = await upload(PDF, 'application/pdf', 'evil\u202efdp.exe');
    expect(rlo.statusCode).toBe(400);
    expect(problemOf(rlo)['invalid-params']?.[0]?.name).toBe('query.filename');
    expect((await upload(PDF, 'application/pdf', '../../etc/passwd')).statusCode).toBe(400);
  });

  it('keeps a case, and a partnership, within its quota, saying by how much', async () => {
    expect((await upload(PDF, 'application/pdf', 'a.pdf')).statusCode).toBe(201);
    expect((await upload(PDF, 'application/pdf', 'b.pdf')).statusCode).toBe(201);
    const overCase = await upload(PDF, 'application/pdf', 'c.pdf');
    expect(overCase.statusCode).toBe(413);
    expect(problemOf(overCase).detail).toBe('The documents of this case may take at most 8 KB; they take 6 KB, and this one is 3 KB');
    expect((await upload(PDF, 'application/pdf', 'd.pdf', 'conferenceId=kent.conference.demo')).statusCode).toBe(201);
    const overPartnership = await upload(PDF, 'application/pdf', 'e.pdf', 'conferenceId=kent.conference.demo');
    expect(overPartnership.statusCode).toBe(413);
    expect(problemOf(overPartnership).detail).toBe(
      'The documents of the partnership may take at most 12 KB; they take 9 KB, and this one is 3 KB',
    );
  });
});
