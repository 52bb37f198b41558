/**
 * The auditor's trail (issue 12 point 13): filters by person, case, action and London dates,
 * a page at a time, and a CSV export that a spreadsheet cannot be made to run (OWASP, CSV
 * injection), itself audited; on both databases.
 */
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditCsv } from '../../src/service/audit.js';
import { problemOf, type TestApp } from '../support/app.js';
import { appOn, onBothDatabases } from './backends.js';

interface Entry {
  id: number;
  at: string;
  actor: { id: string; role: string };
  action: string;
  subject: { type: string; id: string };
  outcome: string;
}

const HOSTILE = ['=1+2', '+SUM(A1:A9)', '-2+3', '@cmd', '\tTAB', '\rCR', '＝1+2', '=HYPERLINK("http://x","y")', 'a "quoted", comma\nline'];

describe('the audit CSV', () => {
  const row = (subject: string) => ({
    id: 7,
    at: '2026-12-21T12:00:00.000Z',
    actor_id: subject,
    actor_role: 'auditor',
    action: subject,
    subject_type: 'case',
    subject_id: subject,
    outcome: 'ok',
  });

  it('prefixes every cell a spreadsheet would run with an apostrophe, and quotes every field', () => {
    const csv = auditCsv(HOSTILE.map(row));
    const records = parse(csv);
    expect(records[0]).toEqual(['id', 'at', 'actor_id', 'actor_role', 'action', 'subject_type', 'subject_id', 'outcome']);
    HOSTILE.forEach((value, index) => {
      const cells = records[index + 1];
      const expected = value.startsWith('a "quoted"') ? value : `'${value}`;
      expect(cells?.[2]).toBe(expected);
      expect(cells?.[4]).toBe(expected);
      expect(cells?.[6]).toBe(expected);
      expect(cells?.[0]).toBe('7');
    });
    // Every field quoted, so no cell begins with a bare formula character on any line.
    for (const line of csv.split('\r\n').filter((l) => l.length > 0)) expect(line.startsWith('"')).toBe(true);
    expect(csv).not.toMatch(/(^|,)[=+\-@]/m);
    // RFC 4180: quotes doubled inside a quoted field.
    expect(csv).toContain('"a ""quoted"", comma\nline"');
  });

  it('leaves ordinary values as they are', () => {
    const [, cells] = parse(auditCsv([row('kent.complaints-manager')]));
    expect(cells).toEqual([
      '7',
      '2026-12-21T12:00:00.000Z',
      'kent.complaints-manager',
      'auditor',
      'kent.complaints-manager',
      'case',
      'kent.complaints-manager',
      'ok',
    ]);
  });
});

onBothDatabases('the audit trail for the auditor', (backend) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await appOn(backend(), { now: new Date('2026-12-14T08:00:00Z') });
    // Entries on three London days; one just before midnight in London on 17 Dec, one just after.
    const record = (at: string, actor: string, action: string, subjectType: string, subjectId: string) =>
      t.services.audit.record({
        at: new Date(at),
        principal: { id: actor, role: 'complaints-manager', partnershipId: actor.split('.')[0] ?? '' },
        action,
        subjectType,
        subjectId,
        outcome: 'ok',
      });
    await record('2026-12-16T10:00:00Z', 'kent.complaints-manager', 'case.read', 'case', 'case-1');
    await record('2026-12-17T23:59:00Z', 'kent.complaints-manager', 'case.act', 'case', 'case-1');
    await record('2026-12-18T00:00:00Z', 'kent.conference-chair', 'case.read', 'case', 'case-2');
    await record('2026-12-18T09:00:00Z', 'kent.conference-chair', 'staff.updated:role', 'user', 'case-1');
    await record('2026-12-18T09:30:00Z', 'kent.conference-chair', 'staff.updatedness', 'user', 'x');
    await record('2026-12-18T10:00:00Z', 'camden.conference-chair', 'case.read', 'case', 'case-1');
    // A hostile subject, as a caller could leave in the trail.
    await record('2026-12-18T11:00:00Z', 'kent.conference-chair', 'case.read', 'case', '=HYPERLINK("http://evil","x")');
  }, 30_000);
  afterEach(async () => {
    await t.close();
  });

  const list = async (query: string) => {
    const auditor = await t.signIn('auditor@kent.demo');
    const response = await auditor.get(`/api/v1/audit?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Entry[]>().filter((e) => e.action !== 'session.sign-in');
  };
  const subjects = (entries: Entry[]) => entries.map((e) => `${e.actor.id} ${e.action} ${e.subject.id}`);

  it('filters by person, case, action and London dates, each alone and together, newest first', async () => {
    expect(subjects(await list('actorId=kent.complaints-manager'))).toEqual([
      'kent.complaints-manager case.act case-1',
      'kent.complaints-manager case.read case-1',
    ]);
    // The case filter is about cases: the user whose id happens to be case-1 is not it; nor is another partnership's entry.
    expect(subjects(await list('caseId=case-1'))).toEqual([
      'kent.complaints-manager case.act case-1',
      'kent.complaints-manager case.read case-1',
    ]);
    // An action matches its detailed forms, and nothing that merely begins the same way.
    expect(subjects(await list('action=staff.updated'))).toEqual(['kent.conference-chair staff.updated:role case-1']);
    // 17 Dec in London ends at midnight GMT: 23:59 is in, 00:00 on the 18th is not.
    expect(subjects(await list('from=2026-12-17&to=2026-12-17'))).toEqual(['kent.complaints-manager case.act case-1']);
    expect(subjects(await list('actorId=kent.conference-chair&action=case.read&from=2026-12-18&to=2026-12-18'))).toEqual([
      'kent.conference-chair case.read =HYPERLINK("http://evil","x")',
      'kent.conference-chair case.read case-2',
    ]);
  });

  it('pages with limit and offset', async () => {
    const all = await list('action=case.read&limit=200');
    expect(all.map((e) => e.subject.id)).toEqual(['=HYPERLINK("http://evil","x")', 'case-2', 'case-1']);
    expect((await list('action=case.read&limit=1&offset=1')).map((e) => e.subject.id)).toEqual(['case-2']);
    expect(await t.services.audit.count('kent', { action: 'case.read' })).toBe(3);
  });

  it('refuses dates that are not real or run backwards, naming the field', async () => {
    const auditor = await t.signIn('auditor@kent.demo');
    const backwards = problemOf(await auditor.get('/api/v1/audit?from=2026-12-18&to=2026-12-17'));
    expect(backwards.status).toBe(400);
    expect(backwards['invalid-params']).toEqual([{ name: 'query.from', reason: 'must be on or before the date in to' }]);
    const unreal = problemOf(await auditor.get('/api/v1/audit.csv?to=2026-02-30'));
    expect(unreal['invalid-params']?.[0]?.name).toBe('query.to');
  });

  it('exports the filtered trail as CSV with formulas neutralised, and audits the export', async () => {
    const auditor = await t.signIn('auditor@kent.demo');
    const response = await auditor.get('/api/v1/audit.csv?actorId=kent.conference-chair&from=2026-12-18');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="audit-kent-\d{4}-\d{2}-\d{2}\.csv"$/);
    const records = parse(response.body);
    expect(records.slice(1).map((r) => [r[4], r[6]])).toEqual([
      ['case.read', `'=HYPERLINK("http://evil","x")`],
      ['staff.updatedness', 'x'],
      ['staff.updated:role', 'case-1'],
      ['case.read', 'case-2'],
    ]);
    const exports = await t.database.db
      .selectFrom('audit_log')
      .select(['actor_id', 'subject_id'])
      .where('action', '=', 'audit.export')
      .execute();
    expect(exports).toEqual([{ actor_id: 'kent.auditor', subject_id: 'kent' }]);
  });

  it('is the auditor’s and the administrator’s, not a case worker’s', async () => {
    const manager = await t.signIn('complaints-manager@kent.demo');
    expect((await manager.get('/api/v1/audit.csv')).statusCode).toBe(403);
    expect((await manager.get('/api/v1/audit?actorId=x')).statusCode).toBe(403);
  });
});
