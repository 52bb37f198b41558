/**
 * A case is decided under the revision of its procedure it was raised under, for good (ADR 0009):
 * through the case service over a real SQLite file, with a registry holding two revisions of
 * Kent's procedure that differ in one time limit.
 *
 * Kent's representation is due 10 working days after the conference (kent 5 ¶5); the test
 * revision, in effect from Thu 1 April 2027, makes it 15. The demo conference is held on Mon 22
 * March 2027. Counting by hand, Good Friday (26 March) and Easter Monday (29 March) skipped:
 * 10 working days end on Wed 7 April 2027, 15 on Wed 14 April 2027.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../src/core/calendar/index.js';
import { kent } from '../../src/core/procedures/definitions/kent.js';
import { createRegistry } from '../../src/core/procedures/registry.js';
import type { Principal } from '../../src/service/principal.js';
import { createServices, type Services } from '../../src/service/services.js';
import { openSqlite, type Database } from '../../src/store/database.js';
import { GENESIS_HASH, eventHash } from '../../src/store/eventStore.js';
import { london } from '../support/scenario.js';

const kentRevised = {
  ...kent,
  version: 2,
  effectiveFrom: '2027-04-01',
  deadlines: kent.deadlines.map((rule) =>
    rule.id === 'representation-in-writing' ? { ...rule, limit: { unit: 'working-days' as const, amount: 15 } } : rule,
  ),
};
const registry = createRegistry([kent, kentRevised]);

const manager: Principal = { kind: 'user', id: 'kent.complaints-manager', role: 'complaints-manager', partnershipId: 'kent' };

let dir: string;
let database: Database;
let services: Services;

const open = (): Services => createServices(database, registry, { maxDocumentBytes: 1_048_576 });

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cc-procedure-versions-'));
  database = await openSqlite(join(dir, 'cases.sqlite'));
  services = open();
  await services.seedDemo({ password: 'demo-password-for-tests', now: london('2027-03-24T09:00'), calendar: WorkingCalendar.create() });
});

afterEach(async () => {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

async function raise(receivedAt: string): Promise<string> {
  const { id } = await services.cases.raise(
    manager,
    {
      conferenceId: 'kent.conference.demo',
      track: 'family',
      subject: 'conference',
      complainant: { kind: 'parent' },
      aspects: ['decision'],
      receivedAt: london(receivedAt),
    },
    london(receivedAt),
  );
  return id;
}

async function representationDue(caseId: string, now: string, reader: Services = services) {
  const view = await reader.cases.read(manager, caseId, london(now));
  return { version: view.procedure.version, dueDate: view.deadlines.find((d) => d.id === 'representation-in-writing')?.dueDate };
}

describe('cases and the revision of their procedure', () => {
  it('keeps a case raised under version 1 on version 1 after version 2 takes effect, and gives a new case version 2', async () => {
    const before = await raise('2027-03-31T09:00');
    expect((await services.cases.read(manager, before, london('2027-03-31T09:00'))).conference.heldAt).toBe(
      london('2027-03-22T10:00').toISOString(),
    );
    expect(await representationDue(before, '2027-03-31T09:00')).toEqual({ version: 1, dueDate: '2027-04-07' });

    const after = await raise('2027-04-01T09:00');
    expect(await representationDue(after, '2027-04-01T09:00')).toEqual({ version: 2, dueDate: '2027-04-14' });

    // Still version 1 once version 2 is in effect, acted on since, and read by a fresh instance
    // that folds it from the stored events alone.
    await services.cases.act(
      manager,
      before,
      {
        expectedVersion: 1,
        type: 'perform',
        action: 'triage.decided',
        details: { kind: 'choice', option: 'representation', reason: 'about the decision' },
      },
      london('2027-04-02T09:00'),
    );
    expect(await representationDue(before, '2027-04-02T09:00')).toEqual({ version: 1, dueDate: '2027-04-07' });
    expect(await representationDue(before, '2027-04-02T09:00', open())).toEqual({ version: 1, dueDate: '2027-04-07' });
    expect(await representationDue(after, '2027-04-02T09:00', open())).toEqual({ version: 2, dueDate: '2027-04-14' });
  });

  it('decides a case stored before procedures had versions under version 1', async () => {
    // The ChallengeRaised row exactly as the code before versions wrote it (test/fixtures/case-events-v1.json).
    const payload =
      '{"type":"ChallengeRaised","at":{"$date":"2026-11-23T10:00:00.000Z"},"by":{"id":"kent.complaints-manager","role":"complaints-manager"},"caseId":"old-case","procedureId":"kent","track":"family","stage":"triage","conference":{"id":"kent.conference.demo","type":"initial","heldAt":{"$date":"2026-11-19T10:00:00.000Z"},"chairId":"kent.conference-chair","decision":"child-protection-plan","category":"neglect"},"complainant":{"kind":"parent"},"aspects":["decision"],"receivedAt":{"$date":"2026-11-23T09:00:00.000Z"},"flags":[],"caseLineManagers":["kent.minute-taker","kent.conference-service-manager","kent.senior-safeguarding-manager"],"raisedMilestone":"representation.received"}';
    const row = {
      caseId: 'old-case',
      seq: 1,
      type: 'ChallengeRaised',
      payload,
      recordedAt: '2026-11-23T10:00:00.000Z',
      actorId: 'kent.complaints-manager',
      actorRole: 'complaints-manager',
      prevHash: GENESIS_HASH,
    };
    await database.db
      .insertInto('case_events')
      .values({
        case_id: row.caseId,
        seq: 1,
        type: row.type,
        payload,
        recorded_at: row.recordedAt,
        actor_id: row.actorId,
        actor_role: row.actorRole,
        prev_hash: GENESIS_HASH,
        hash: eventHash(row),
      })
      .execute();
    await database.db
      .insertInto('cases')
      .values({ case_id: 'old-case', partnership_id: 'kent', conference_id: 'kent.conference.demo', created_at: row.recordedAt })
      .execute();
    // 10 working days after Thu 19 November 2026: Thu 3 December (15 would be Thu 10 December).
    expect(await representationDue('old-case', '2027-04-02T09:00')).toEqual({ version: 1, dueDate: '2026-12-03' });
  });

  it('refuses to read a case raised under a revision this service does not have', async () => {
    const id = await raise('2027-04-01T09:00');
    const withoutRevision = createServices(database, createRegistry([kent]), { maxDocumentBytes: 1_048_576 });
    await expect(withoutRevision.cases.read(manager, id, london('2027-04-02T09:00'))).rejects.toThrow(
      'This case was raised under version 2 of the kent procedure, which this service does not have',
    );
  });
});
