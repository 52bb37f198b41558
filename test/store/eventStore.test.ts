import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../src/core/calendar/index.js';
import { createEngine } from '../../src/core/engine/engine.js';
import { fold } from '../../src/core/engine/evolve.js';
import { INITIAL_STATE, type CaseEvent, type CaseState, type Command } from '../../src/core/engine/model.js';
import { camden } from '../../src/core/procedures/definitions/camden.js';
import { loadProcedure } from '../../src/core/procedures/validate.js';
import { caseProjector, rebuildReadModels, type CaseContext } from '../../src/store/readModels.js';
import { openPostgres, openSqlite, sql, type Database } from '../../src/store/database.js';
import { caseEventCodec } from '../../src/store/eventCodec.js';
import { EventStore, StaleVersionError } from '../../src/store/eventStore.js';
import { postgresUnavailable, sharedPostgres, type TestPostgres } from '../support/postgres.js';
import { actor, london } from '../support/scenario.js';

const engine = createEngine(loadProcedure(camden), WorkingCalendar.create());
const context: CaseContext = { partnershipId: 'camden', conferenceId: 'conf-1', engine };
const chair = actor('conference-chair', 'chair-1');

function decide(state: CaseState, command: Command): CaseEvent[] {
  const decision = engine.decide(state, command);
  if (!decision.ok) throw new Error(decision.refusal.message);
  return [...decision.events];
}

const raise: Command = {
  type: 'RaiseChallenge',
  caseId: 'case-1',
  actor: actor('complaints-manager', 'officer-1'),
  now: london('2026-12-10T09:00'),
  track: 'family',
  conference: { id: 'conf-1', type: 'initial', heldAt: london('2026-12-01T10:00'), chairId: 'chair-1' },
  complainant: { kind: 'parent' },
  aspects: ['decision'],
  receivedAt: london('2026-12-10T09:00'),
  subject: 'conference',
  summary: 'Looks like 2026-12-10T09:00:00.000Z but is text',
};

interface Backend {
  readonly name: string;
  /** A fresh, empty database; the same location opens it again. */
  fresh(): Promise<string>;
  open(location: string): Promise<Database>;
}

let database: Database;
let store: EventStore;
let location: string;

async function raisedAndShared(): Promise<CaseState> {
  const raised = decide(INITIAL_STATE, raise);
  let state = fold(raised);
  await store.append('case-1', 0, raised, caseProjector(context, state));
  const shared = decide(state, {
    type: 'PerformAction',
    action: 'stage1.complaint-shared',
    actor: chair,
    now: london('2026-12-10T10:00'),
    details: { kind: 'record' },
  });
  state = fold(shared, state);
  await store.append('case-1', 1, shared, caseProjector(context, state));
  return state;
}

function eventStoreSuite(backend: () => Backend) {
  beforeEach(async () => {
    location = await backend().fresh();
    database = await backend().open(location);
    store = new EventStore(database.db);
  });
  afterEach(async () => {
    await database.close();
  });

  it('keeps every event exactly, so the case folds back to the same state', async () => {
    const state = await raisedAndShared();
    const { events, version } = await store.load('case-1');
    expect(version).toBe(2);
    expect(fold(events)).toEqual(state);
    expect(events[0]).toMatchObject({ type: 'ChallengeRaised', summary: 'Looks like 2026-12-10T09:00:00.000Z but is text' });
  });

  it('refuses an append against a stale version and writes nothing', async () => {
    const state = await raisedAndShared();
    const stale = decide(state, {
      type: 'PerformAction',
      action: 'stage1.meeting-held',
      actor: chair,
      now: london('2026-12-11T10:00'),
      details: { kind: 'meeting' },
    });
    await expect(store.append('case-1', 1, stale)).rejects.toBeInstanceOf(StaleVersionError);
    expect((await store.load('case-1')).version).toBe(2);
  });

  it('lets exactly one of two appends at the same version win', async () => {
    const state = await raisedAndShared();
    const event = decide(state, {
      type: 'PerformAction',
      action: 'stage1.meeting-held',
      actor: chair,
      now: london('2026-12-11T10:00'),
      details: { kind: 'meeting' },
    });
    const results = await Promise.allSettled([store.append('case-1', 2, event), store.append('case-1', 2, event)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.flatMap((r): unknown[] => (r.status === 'rejected' ? [r.reason] : []));
    expect(rejected).toEqual([expect.any(StaleVersionError)]);
    expect((await store.load('case-1')).version).toBe(3);
  });

  it('writes the read model in the same transaction: a failing projection loses the events too', async () => {
    const state = await raisedAndShared();
    const event = decide(state, {
      type: 'PerformAction',
      action: 'stage1.meeting-held',
      actor: chair,
      now: london('2026-12-11T10:00'),
      details: { kind: 'meeting' },
    });
    await expect(store.append('case-1', 2, event, () => Promise.reject(new Error('projection failed')))).rejects.toThrow(
      'projection failed',
    );
    expect((await store.load('case-1')).version).toBe(2);
    expect(await database.db.selectFrom('case_summary').selectAll().execute()).toEqual([
      expect.objectContaining({ case_id: 'case-1', procedure_id: 'camden', stage: 'stage-1', status: 'open', version: 2 }),
    ]);
  });

  it('rebuilds the read model from the events alone', async () => {
    await raisedAndShared();
    const before = await database.db.selectFrom('case_summary').selectAll().execute();
    await database.db.updateTable('case_summary').set({ stage: 'garbage' }).execute();
    expect(await rebuildReadModels(database.db, store, () => Promise.resolve(context), london('2026-12-10T10:00'))).toEqual({
      cases: 1,
      skipped: [],
    });
    expect(await database.db.selectFrom('case_summary').selectAll().execute()).toEqual(before);
  });

  it('detects an edited payload, a deleted event and a reordering', async () => {
    await raisedAndShared();
    expect(await store.verifyChains()).toEqual({ cases: 1, events: 2, broken: [] });
    await sql`update case_events set payload = replace(payload, 'chair-1', 'chair-2') where seq = 1`.execute(database.db);
    expect((await store.verifyChains()).broken).toEqual([{ caseId: 'case-1', seq: 1, reason: 'has been altered since it was recorded' }]);
    await sql`delete from case_events where seq = 1`.execute(database.db);
    expect((await store.verifyChains()).broken.map((b) => b.reason)).toEqual(['event 1 is missing', 'does not follow the event before it']);
  });

  it('migrates idempotently when reopened', async () => {
    await raisedAndShared();
    await database.close();
    database = await backend().open(location);
    store = new EventStore(database.db);
    expect((await store.load('case-1')).version).toBe(2);
  });

  it('lets exactly one of two app instances win an append at the same version', async () => {
    const state = await raisedAndShared();
    const other = await backend().open(location);
    try {
      const event = decide(state, {
        type: 'PerformAction',
        action: 'stage1.meeting-held',
        actor: chair,
        now: london('2026-12-11T10:00'),
        details: { kind: 'meeting' },
      });
      const results = await Promise.allSettled([store.append('case-1', 2, event), new EventStore(other.db).append('case-1', 2, event)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.flatMap((r): unknown[] => (r.status === 'rejected' ? [r.reason] : []))).toEqual([expect.any(StaleVersionError)]);
      expect(await store.verifyChains()).toEqual({ cases: 1, events: 3, broken: [] });
    } finally {
      await other.close();
    }
  });
}

describe('the event store on a real SQLite file', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cc-store-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  let n = 0;
  eventStoreSuite(() => ({
    name: 'sqlite',
    fresh: () => Promise.resolve(join(dir, String((n += 1)), 'cases.sqlite')),
    open: openSqlite,
  }));
});

const unavailable = postgresUnavailable();
if (unavailable !== undefined && process.env['CI'] === 'true') {
  throw new Error(`CI must test PostgreSQL: ${unavailable}`);
}

describe.skipIf(unavailable !== undefined)(
  `the event store on a real PostgreSQL server${unavailable === undefined ? '' : ` (skipped: ${unavailable})`}`,
  () => {
    let server: TestPostgres;
    beforeAll(() => {
      server = sharedPostgres();
    });
    afterAll(() => server.stop());
    eventStoreSuite(() => ({
      name: 'postgres',
      fresh: () => server.createDatabase(),
      open: (url) => openPostgres(url, { maxConnections: 4 }),
    }));
  },
);

describe('the event codec', () => {
  it('round-trips dates as dates and date-like text as text', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.string(),
        (at, text) => {
          const event: CaseEvent = {
            type: 'ChallengeClosed',
            at,
            by: { id: text, role: 'auditor' },
            outcome: 'withdrawn',
            summary: at.toISOString() + text,
          };
          const back = caseEventCodec.decode(caseEventCodec.encode(event), { caseId: 'case-1', seq: 1 });
          return (
            back.at instanceof Date &&
            back.at.getTime() === at.getTime() &&
            back.type === 'ChallengeClosed' &&
            back.summary === event.summary &&
            back.by.id === text
          );
        },
      ),
    );
  });
});
