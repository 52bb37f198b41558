/**
 * The conference pages through inject, as a browser without JavaScript would use them: the add
 * or book form (errors by field, nothing typed lost, nothing saved), the conference page with its
 * children (audited), the register's filters, and the CSV import's preview then confirmation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { pageOf, signedInBrowser, type Browser, type Page } from '../support/pages.js';

let harness: TestApp;
let csm: Browser;
beforeAll(async () => {
  harness = await testApp({ now: new Date('2026-11-23T10:00:00Z') });
  csm = await signedInBrowser(harness, 'conference-service-manager@kent.demo');
}, 30_000);
afterAll(async () => {
  await harness.close();
});

const count = async (table: 'conferences' | 'children') => (await harness.database.db.selectFrom(table).select('id').execute()).length;

describe('adding or booking a conference', () => {
  it('names every problem beside its field, keeps what was typed (escaped), and saves nothing', async () => {
    const form = await csm.get('/conferences/new');
    expect(form.status).toBe(200);
    const before = await count('conferences');
    const page = await csm.post(
      '/conferences/new',
      {
        type: 'initial',
        'heldOn-day': '31',
        'heldOn-month': '2',
        'heldOn-year': '2026',
        time: '25:00',
        chairId: '',
        'child1-socialCareId': 'SC-1',
        'child1-name': '<script>alert(1)</script>',
        'child2-name': 'Ben',
      },
      form,
    );
    expect(page.status).toBe(400);
    expect(page.errorSummary).toEqual([
      'The date of the conference must be a real date',
      'The time of the conference must be a real time, like 14:30 or 2:30pm',
      'Select the chair',
      'Enter the social care id of child 2',
    ]);
    expect(page.fieldError('child2-socialCareId')).toBe('Enter the social care id of child 2');
    expect(page.root.getElementById('child1-name')?.getAttribute('value')).toBe('<script>alert(1)</script>');
    expect(page.html).not.toContain('<script>alert(1)</script>');
    expect(await count('conferences')).toBe(before);
  });

  it('books a conference to come with its children and shows it, audited; a decision for it is refused beside the field', async () => {
    const form = await csm.get('/conferences/new');
    const fields = {
      type: 'review',
      'heldOn-day': '8',
      'heldOn-month': '12',
      'heldOn-year': '2026',
      time: '2:30pm',
      chairId: 'kent.conference-chair',
      externalRef: 'LCS-77',
      'child1-socialCareId': 'SC-77',
      'child1-name': 'Amy Smith',
      'child1-dob-day': '2',
      'child1-dob-month': '4',
      'child1-dob-year': '2019',
      'child2-socialCareId': 'SC-78',
      'child2-name': 'Baby Smith',
    };
    const refused = await csm.post('/conferences/new', { ...fields, decision: 'plan-continues' }, form);
    expect(refused.status).toBe(400);
    expect(refused.fieldError('decision')).toMatch(/^The decision the conference is booked for 14:30 on Tue 8 Dec 2026/);
    const saved = await csm.post('/conferences/new', fields, form);
    expect(saved.status, saved.errorSummary.join('; ')).toBe(303);
    const shown = await csm.follow(saved);
    expect(shown.heading).toBe('Review child protection conference, 8 Dec 2026, 14:30');
    expect(shown.text).toContain('Conference booked');
    expect(shown.root.querySelectorAll('[data-test=children] tbody tr').map((tr) => tr.text.replace(/\s+/g, ' ').trim())).toEqual([
      'Amy Smith SC-77 Tue 2 Apr 2019',
      'Baby Smith SC-78 Not yet born',
    ]);
    const audited = await harness.database.db.selectFrom('audit_log').select('action').where('action', '=', 'conference.read').execute();
    expect(audited.length).toBeGreaterThan(0);
    const register = await csm.get('/conferences?status=booked');
    expect(register.root.querySelectorAll('[data-test=conferences] tbody tr')).toHaveLength(1);
    const byChild = await csm.get('/conferences?child=baby');
    expect(byChild.text).toContain('Amy Smith, Baby Smith');
    const badDates = await csm.get('/conferences?from-day=9&from-month=12&from-year=2026&to-day=1&to-month=12&to-year=2026');
    expect(badDates.status).toBe(400);
    expect(badDates.errorSummary).toEqual(['The latest date must be the same as or after the earliest']);
  });
});

describe('importing conferences', () => {
  const header = 'external_ref,type,held_at,chair_id,decision,child_social_care_ids,child_names,child_dates_of_birth';
  const good = `${header}\nLCS-90,initial,2026-11-16T10:00,kent.conference-chair,child-protection-plan,SC-90;SC-91,Cara Jones;Dan Jones,2018-01-01;2020-02-02\n`;

  it('shows every problem by row and column before anything is saved', async () => {
    const form = await csm.get('/conferences/import');
    const before = await count('conferences');
    const preview = await csm.post(
      '/conferences/import',
      {
        csv: `${header}\nLCS-91,tea-party,2026-11-16T10:00,kent.conference-chair,,SC-92,Eve,\nLCS-92,initial,2026-11-16T10:00,someone,,SC-93,Fay,\n`,
      },
      form,
    );
    expect(preview.status).toBe(400);
    expect(preview.root.querySelectorAll('[data-test=row-errors] tbody tr').map((tr) => tr.text.replace(/\s+/g, ' ').trim())).toEqual([
      expect.stringMatching(/^2 type /) as string,
      '3 chair_id no member of staff in this partnership has that id',
    ]);
    expect(preview.errorSummary[1]).toBe('Row 3, chair_id: no member of staff in this partnership has that id');
    expect(preview.root.querySelector('form[action="/conferences/import/confirm"]')).toBeNull();
    expect(await count('conferences')).toBe(before);
    const empty = await csm.post('/conferences/import', { csv: '' }, form);
    expect(empty.errorSummary).toEqual(['Paste the CSV file’s contents']);
  });

  it('previews the rows, then imports them all on confirming; the same file again records nothing', async () => {
    const form = await csm.get('/conferences/import');
    const before = { conferences: await count('conferences'), children: await count('children') };
    const preview = await csm.post('/conferences/import', { csv: good }, form);
    expect(preview.status).toBe(200);
    expect(preview.root.querySelectorAll('[data-test=rows] tbody tr').map((tr) => tr.text.replace(/\s+/g, ' ').trim())).toEqual([
      '2 LCS-90 Initial child protection conference, 16 Nov 2026, 10:00 Cara Jones, Dan Jones New',
    ]);
    expect(await count('conferences')).toBe(before.conferences);
    const csv = preview.root.querySelector('form[action="/conferences/import/confirm"] input[name=csv]')?.getAttribute('value') ?? '';
    const done = await csm.post('/conferences/import/confirm', { csv }, preview);
    expect(done.status).toBe(303);
    expect((await csm.follow(done)).text).toContain('1 recorded.');
    expect({ conferences: await count('conferences'), children: await count('children') }).toEqual({
      conferences: before.conferences + 1,
      children: before.children + 2,
    });
    const again = await csm.post('/conferences/import', { csv: good }, form);
    expect(again.text).toContain('Already recorded: left as it is');
    const twice = await csm.post('/conferences/import/confirm', { csv: good }, again);
    expect((await csm.follow(twice)).text).toContain('0 recorded, 1 already recorded and left as they were.');
    expect(await count('conferences')).toBe(before.conferences + 1);
  });

  /** The upload form sent as a browser sends it: multipart, with the page's CSRF token. */
  async function uploadCsv(from: Page, file?: { name: string; type: string; content: string | Buffer }): Promise<Page> {
    const boundary = '----cc-csv-boundary';
    const parts: Buffer[] = [
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${from.csrf ?? ''}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="source"\r\n\r\nfile\r\n`),
    ];
    if (file !== undefined)
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
        ),
        Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content),
        Buffer.from('\r\n'),
      );
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    const response = await harness.app.inject({
      method: 'POST',
      url: '/conferences/import',
      headers: { accept: 'text/html', 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: csm.cookie ?? '' },
      payload: Buffer.concat(parts),
    });
    return pageOf(response);
  }

  it('takes the register as a CSV file too (a byte order mark tolerated), into the same preview with row-by-row errors', async () => {
    const form = await csm.get('/conferences/import');
    expect(form.root.querySelector('form[enctype="multipart/form-data"] input[type=file][name=file]')).not.toBeNull();
    const before = await count('conferences');
    const csv = `${header}\nLCS-95,initial,2026-11-16T10:00,kent.conference-chair,child-protection-plan,SC-95,Gil Jones,2019-03-03\n`;
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)]);
    const preview = await uploadCsv(form, { name: 'register.csv', type: 'text/csv', content: withBom });
    expect(preview.status, preview.errorSummary.join('; ')).toBe(200);
    expect(preview.root.querySelectorAll('[data-test=rows] tbody tr').map((tr) => tr.text.replace(/\s+/g, ' ').trim())).toEqual([
      '2 LCS-95 Initial child protection conference, 16 Nov 2026, 10:00 Gil Jones New',
    ]);
    // The confirmation carries the text without the mark: the same preview then import as pasted contents.
    const carried = preview.root.querySelector('form[action="/conferences/import/confirm"] input[name=csv]')?.getAttribute('value') ?? '';
    expect(carried.startsWith('external_ref')).toBe(true);
    const bad = await uploadCsv(form, {
      name: 'bad.csv',
      type: 'text/csv',
      content: `${header}\nLCS-96,initial,2026-11-16T10:00,someone,,SC-96,Hal,\n`,
    });
    expect(bad.status).toBe(400);
    expect(bad.errorSummary).toEqual(expect.arrayContaining(['Row 2, chair_id: no member of staff in this partnership has that id']));
    expect(await count('conferences')).toBe(before);
  });

  it('refuses no file, an empty file, one not a CSV, one not UTF-8 and one too large, each beside the file field; nothing saved', async () => {
    const form = await csm.get('/conferences/import');
    const before = await count('conferences');
    const cases: [{ name: string; type: string; content: string | Buffer } | undefined, string][] = [
      [undefined, 'Select a CSV file'],
      [{ name: 'empty.csv', type: 'text/csv', content: '' }, 'The selected file is empty'],
      [{ name: 'register.pdf', type: 'application/pdf', content: '%PDF-1.4' }, 'The selected file must be a CSV'],
      [
        { name: 'register.csv', type: 'text/csv', content: Buffer.from([0x65, 0x78, 0xe9, 0x2c, 0x0a]) },
        'The selected file must be saved as UTF-8 CSV',
      ],
      [{ name: 'big.csv', type: 'text/csv', content: 'x'.repeat(200_001) }, 'The selected file must be smaller than 200 KB'],
    ];
    for (const [file, message] of cases) {
      const page = await uploadCsv(form, file);
      expect(page.status, message).toBe(400);
      expect(page.errorSummary).toEqual([message]);
      expect(page.fieldError('file')).toBe(message);
    }
    expect(await count('conferences')).toBe(before);
  });

  it('lets only those who may import reach the import', async () => {
    const chair = await signedInBrowser(harness, 'conference-chair@kent.demo');
    expect((await chair.get('/conferences/import')).status).toBe(403);
    expect((await chair.get('/conferences')).status).toBe(200);
  });
});
