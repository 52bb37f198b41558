import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { AuditLog } from '../../src/service/audit.js';
import { openDatabase, sql } from '../../src/store/database.js';
import { testApp } from '../support/app.js';

let dir: string;
let file: string;
let caseId: string;

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) }, out, err };
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cc-cli-'));
  file = join(dir, 'cases.sqlite');
  const t = await testApp({ now: new Date('2026-11-23T10:00:00Z'), location: file });
  const cm = await t.signIn('complaints-manager@kent.demo');
  caseId = (
    await cm.post('/api/v1/cases', {
      conferenceId: 'kent.conference.demo',
      track: 'family',
      complainant: { kind: 'parent' },
      aspects: ['decision'],
      receivedAt: '2026-11-23T09:00',
    })
  ).json<{ id: string }>().id;
  await t.close();
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('verify-chains', () => {
  it('reports intact chains with exit code 0, and an altered event with exit code 1', async () => {
    const ok = capture();
    expect(await main(['verify-chains', '--database', file], ok.io, {})).toBe(0);
    expect(ok.out.join('')).toMatch(
      /^1 cases, \d+ events: every chain is intact\n\d+ audit entries: the chain is intact; head \d+ [0-9a-f]{64}\n$/,
    );
    const database = await openDatabase(file);
    await sql`update case_events set payload = replace(payload, 'parent', 'carer') where seq = 1`.execute(database.db);
    await database.close();
    const broken = capture();
    expect(await main(['verify-chains', '--database', file], broken.io, {})).toBe(1);
    expect(broken.out.join('')).toContain(`case ${caseId}, event 1: has been altered since it was recorded`);
  });

  it('reports an altered or removed audit entry with exit code 1', async () => {
    const database = await openDatabase(file);
    const audit = new AuditLog(database);
    for (const subjectId of ['a', 'b', 'c'])
      await audit.record({
        at: new Date('2026-11-23T10:05:00Z'),
        principal: { id: 'kent.auditor', role: 'auditor', partnershipId: 'kent' },
        action: 'case.read',
        subjectType: 'case',
        subjectId,
        outcome: 'ok',
      });
    await sql`update audit_log set actor_id = 'someone-else' where chain_seq = 2`.execute(database.db);
    await sql`delete from audit_log where chain_seq = 3`.execute(database.db);
    await database.close();
    const broken = capture();
    expect(await main(['verify-chains', '--database', file], broken.io, {})).toBe(1);
    const printed = broken.out.join('');
    expect(printed).toContain('1 cases');
    expect(printed).toContain('audit entry 2: has been altered since it was recorded');
    expect(printed).toContain('audit entry 4: entries 3 to 3 are missing');
  });

  it('takes the database from DATABASE_URL, and says plainly when it is not usable (exit 2)', async () => {
    const viaEnv = capture();
    expect(await main(['verify-chains', '--json'], viaEnv.io, { DATABASE_URL: file })).toBe(0);
    expect(JSON.parse(viaEnv.out.join(''))).toMatchObject({ cases: 1, broken: [], audit: { broken: [] } });
    const bad = capture();
    expect(await main(['verify-chains', '--database', 'mysql://somewhere'], bad.io, {})).toBe(2);
    expect(bad.err).toEqual(['conference-challenges: DATABASE_URL must be a postgres:// URL or a SQLite file path\n']);
  });
});

describe('rebuild-read-models', () => {
  it('restores the read models from the events', async () => {
    const database = await openDatabase(file);
    const before = await database.db.selectFrom('case_summary').selectAll().execute();
    const deadlines = await database.db.selectFrom('open_deadlines').selectAll().orderBy('deadline_id').execute();
    await database.db.updateTable('case_summary').set({ stage: 'garbage', version: 99 }).execute();
    await database.db.deleteFrom('open_deadlines').execute();
    await database.close();
    const run = capture();
    expect(await main(['rebuild-read-models', '--database', file], run.io, {})).toBe(0);
    expect(run.out.join('')).toBe('rebuilt the read models of 1 cases from their events\n');
    const after = await openDatabase(file);
    expect(await after.db.selectFrom('case_summary').selectAll().execute()).toEqual(before);
    expect((await after.db.selectFrom('open_deadlines').selectAll().orderBy('deadline_id').execute()).map((d) => d.deadline_id)).toEqual(
      deadlines.map((d) => d.deadline_id),
    );
    await after.close();
  });
});
