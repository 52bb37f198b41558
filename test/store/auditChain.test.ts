/**
 * The audit trail is one hash chain across every instance: entries written at the same moment by
 * two instances take turns and never fork it, and an entry altered, removed or added afterwards
 * is found. Entries written before the chain began join it when the database is migrated. On
 * both databases.
 */
import { expect, it } from 'vitest';
import { AuditLog, type AuditEntry } from '../../src/service/audit.js';
import { sql } from '../../src/store/database.js';
import { freshDatabaseEachTest, onBothDatabases } from '../api/backends.js';

const AT = new Date('2026-11-23T10:00:00Z');
const entry = (subjectId: string): AuditEntry => ({
  at: AT,
  principal: { id: 'kent.auditor', role: 'auditor', partnershipId: 'kent' },
  action: 'case.read',
  subjectType: 'case',
  subjectId,
  outcome: 'ok',
});

onBothDatabases('the audit chain', (backend) => {
  const open = freshDatabaseEachTest(backend);

  it('is one unbroken chain when two instances record at the same moments', async () => {
    const [one, two] = [new AuditLog(await open()), new AuditLog(await open())];
    await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? one : two).record(entry(`case-${String(i)}`))));
    const report = await one.verifyChain();
    expect(report).toMatchObject({ entries: 60, head: { seq: 60 }, broken: [] });
    const rows = await (await open()).db.selectFrom('audit_log').select(['chain_seq', 'subject_id']).orderBy('chain_seq').execute();
    expect(rows.map((r) => r.chain_seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.subject_id)).size).toBe(60);
  });

  it('finds an altered entry, a removed one, a forged one and a removed last entry', async () => {
    const database = await open();
    const audit = new AuditLog(database);
    for (const id of ['a', 'b', 'c', 'd', 'e']) await audit.record(entry(id));
    expect((await audit.verifyChain()).broken).toEqual([]);
    await sql`update audit_log set actor_id = 'someone-else' where chain_seq = 2`.execute(database.db);
    await sql`delete from audit_log where chain_seq = 4`.execute(database.db);
    await sql`delete from audit_log where chain_seq = 5`.execute(database.db);
    const report = await audit.verifyChain();
    expect(report.broken).toEqual([
      { seq: 2, reason: 'has been altered since it was recorded' },
      { seq: 5, reason: "the chain's head says it ends at entry 5, but the entries end at 3" },
    ]);
    // Recording goes on from the head, so the gap left by the removals shows.
    await audit.record(entry('f'));
    const after = await audit.verifyChain();
    expect(after.broken).toEqual(expect.arrayContaining([{ seq: 6, reason: 'entries 4 to 5 are missing' }]));
    // A row added by hand, even with a plausible position and link, does not fit.
    await database.db
      .insertInto('audit_log')
      .values({
        at: AT.toISOString(),
        partnership_id: 'kent',
        actor_id: 'x',
        actor_role: 'auditor',
        action: 'case.read',
        subject_type: 'case',
        subject_id: 'forged',
        outcome: 'ok',
        chain_seq: 7,
        prev_hash: after.head.hash,
        hash: 'f'.repeat(64),
      })
      .execute();
    expect((await audit.verifyChain()).broken).toEqual(
      expect.arrayContaining([{ seq: 7, reason: 'has been altered since it was recorded' }]),
    );
  });

  it('chains the entries written before the chain began, in the order they were written', async () => {
    const before = await open({ migrateTo: '0005-rate-limits' });
    const rows = ['first', 'second', 'third'].map((subject_id, i) => ({
      at: new Date(AT.getTime() + i * 1000).toISOString(),
      partnership_id: 'kent',
      actor_id: 'kent.auditor',
      actor_role: 'auditor',
      action: 'case.read',
      subject_type: 'case',
      subject_id,
      outcome: 'ok',
    }));
    await sql`insert into audit_log (at, partnership_id, actor_id, actor_role, action, subject_type, subject_id, outcome) values ${sql.join(rows.map((r) => sql`(${r.at}, ${r.partnership_id}, ${r.actor_id}, ${r.actor_role}, ${r.action}, ${r.subject_type}, ${r.subject_id}, ${r.outcome})`))}`.execute(
      before.db,
    );
    const after = await open();
    const audit = new AuditLog(after);
    expect(await audit.verifyChain()).toMatchObject({ entries: 3, head: { seq: 3 }, broken: [] });
    expect(
      (await after.db.selectFrom('audit_log').select(['chain_seq', 'subject_id']).orderBy('chain_seq').execute()).map((r) => r.subject_id),
    ).toEqual(['first', 'second', 'third']);
    await audit.record(entry('fourth'));
    expect(await audit.verifyChain()).toMatchObject({ entries: 4, broken: [] });
  });
});
