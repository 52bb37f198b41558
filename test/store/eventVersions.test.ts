/**
 * Stored events outlive the code that wrote them (ADR 0009): rows written before events carried
 * a schema version still read, a later change reaches older rows through the upcasters, and a row
 * this code cannot read fails loudly with its case and position, on both databases.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { CaseEvent } from '../../src/core/engine/model.js';
import { fold } from '../../src/core/engine/evolve.js';
import { productRole } from '../../src/core/procedures/schema.js';
import { openPostgres, openSqlite, type Database } from '../../src/store/database.js';
import {
  CASE_EVENT_UPCASTERS,
  UndecodableEventError,
  caseEventCodec,
  createEventCodec,
  type ParseResult,
  type Upcaster,
} from '../../src/store/eventCodec.js';
import { parseCaseEvent } from '../../src/store/eventSchema.js';
import { EventStore, EventStreamStore, GENESIS_HASH, eventHash } from '../../src/store/eventStore.js';
import { postgresUnavailable, sharedPostgres, type TestPostgres } from '../support/postgres.js';

const fixtureRow = z.strictObject({
  type: z.string(),
  recordedAt: z.string(),
  actorId: z.string(),
  actorRole: z.string(),
  payload: z.string(),
});
type FixtureRow = z.output<typeof fixtureRow>;
const v1Rows = z
  .strictObject({ description: z.string(), rows: z.array(fixtureRow) })
  .parse(JSON.parse(readFileSync(new URL('../fixtures/case-events-v1.json', import.meta.url), 'utf8'))).rows;

/** What a v1 payload means, worked out here rather than by the code under test. */
function expectedFromV1(payload: string): unknown {
  const revive = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(revive);
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0]?.[0] === '$date') return new Date(String(entries[0][1]));
    return Object.fromEntries(entries.map(([key, child]) => [key, revive(child)]));
  };
  const event = revive(JSON.parse(payload));
  const raised = z.looseObject({ type: z.literal('ChallengeRaised') }).safeParse(event);
  if (raised.success) return { ...raised.data, procedureVersion: 1 };
  // Version 3 (ADR 0015): a close with outcome withdrawn and no clause was the complainant's withdrawal.
  const withdrawal = z.looseObject({ type: z.literal('ChallengeClosed'), outcome: z.literal('withdrawn') }).safeParse(event);
  return withdrawal.success && !('clause' in withdrawal.data) ? { ...withdrawal.data, withdrawn: true } : event;
}

/** Writes rows as the store writes them, hash chain and all, starting a new case. */
async function insertRows(database: Database, caseId: string, rows: readonly FixtureRow[]): Promise<void> {
  let prevHash = GENESIS_HASH;
  let seq = 0;
  for (const row of rows) {
    seq += 1;
    const type = row.type;
    const columns = {
      case_id: caseId,
      seq,
      type,
      payload: row.payload,
      recorded_at: row.recordedAt,
      actor_id: row.actorId,
      actor_role: row.actorRole,
      prev_hash: prevHash,
    };
    const hash = eventHash({
      caseId,
      seq,
      type,
      payload: row.payload,
      recordedAt: row.recordedAt,
      actorId: row.actorId,
      actorRole: row.actorRole,
      prevHash,
    });
    await database.db
      .insertInto('case_events')
      .values({ ...columns, hash })
      .execute();
    prevHash = hash;
  }
}

function firstOfType(type: string): FixtureRow {
  const row = v1Rows.find((r) => r.type === type);
  if (row === undefined) throw new Error(`the fixture has no ${type}`);
  return row;
}

/**
 * A later version of this code, simulated: in its schema version 4 the closing summary of a
 * case is called `closingSummary`. Its upcasters are today's plus the rename.
 */
const closedV3 = z.strictObject({
  type: z.literal('ChallengeClosed'),
  at: z.date(),
  by: z.strictObject({ id: z.string(), role: productRole }),
  outcome: z.enum(['resolved', 'redirected', 'not-accepted', 'concluded', 'withdrawn']),
  closingSummary: z.string(),
  clause: z.string().exactOptional(),
  occurredAt: z.date().exactOptional(),
  withdrawn: z.literal(true).exactOptional(),
});
type FutureEvent = Exclude<CaseEvent, { type: 'ChallengeClosed' }> | z.output<typeof closedV3>;
const renameSummary: Upcaster = (event) => {
  if (event['type'] !== 'ChallengeClosed') return event;
  const { summary, ...rest } = event;
  return { ...rest, closingSummary: summary };
};
function parseFuture(value: unknown): ParseResult<FutureEvent> {
  const closed = closedV3.safeParse(value);
  if (closed.success) return { ok: true, event: closed.data };
  const other = parseCaseEvent(value);
  if (!other.ok) return other;
  if (other.event.type === 'ChallengeClosed') return { ok: false, problems: closed.error.message };
  return { ok: true, event: other.event };
}
const futureCodec = createEventCodec<FutureEvent>([...CASE_EVENT_UPCASTERS, renameSummary], parseFuture);

interface Backend {
  fresh(): Promise<string>;
  open(location: string): Promise<Database>;
}

function versionsSuite(backend: () => Backend) {
  let database: Database;
  beforeEach(async () => {
    database = await backend().open(await backend().fresh());
  });
  afterEach(async () => {
    await database.close();
  });

  it('reads every event type exactly as the code before schema versions wrote it, as version 1, without rewriting it', async () => {
    await insertRows(database, 'old-case', v1Rows);
    const store = new EventStore(database.db);
    const { events, version } = await store.load('old-case');
    expect(version).toBe(v1Rows.length);
    expect(events).toEqual(v1Rows.map((row) => expectedFromV1(row.payload)));
    const raised = events.flatMap((e) => (e.type === 'ChallengeRaised' ? [e.procedureVersion] : []));
    expect(raised).toEqual(v1Rows.filter((r) => r.type === 'ChallengeRaised').map(() => 1));
    expect(raised.length).toBeGreaterThan(0);
    const stored = await database.db.selectFrom('case_events').select('payload').where('case_id', '=', 'old-case').orderBy('seq').execute();
    expect(stored.map((r) => r.payload)).toEqual(v1Rows.map((r) => r.payload));
    expect(await store.verifyChains()).toEqual({ cases: 1, events: v1Rows.length, broken: [] });
  });

  it('folds an old case into a state raised under version 1 of its procedure', async () => {
    const raised = firstOfType('ChallengeRaised');
    await insertRows(database, 'old-case', [raised]);
    const state = fold((await new EventStore(database.db).load('old-case')).events);
    expect(state).toMatchObject({ status: 'open', procedureVersion: 1 });
  });

  it('writes new events in a versioned envelope at the current version and reads them back', async () => {
    const store = new EventStore(database.db);
    const closed = expectedFromV1(firstOfType('ChallengeClosed').payload);
    const event = parseCaseEvent(closed);
    if (!event.ok) throw new Error(event.problems);
    await store.append('new-case', 0, [event.event]);
    const row = await database.db.selectFrom('case_events').select('payload').where('case_id', '=', 'new-case').executeTakeFirstOrThrow();
    expect(JSON.parse(row.payload)).toMatchObject({ schemaVersion: 3, event: { type: 'ChallengeClosed' } });
    expect(caseEventCodec.currentVersion).toBe(3);
    expect((await store.load('new-case')).events).toEqual([event.event]);
  });

  it('brings older rows up to a later version step by step: a field renamed in version 4 reaches rows of versions 1 and 3', async () => {
    const closedV1 = firstOfType('ChallengeClosed');
    const closed = parseCaseEvent(expectedFromV1(closedV1.payload));
    if (!closed.ok || closed.event.type !== 'ChallengeClosed') throw new Error("the fixture's ChallengeClosed does not read");
    await insertRows(database, 'mixed-case', [
      firstOfType('ChallengeRaised'),
      closedV1,
      { ...closedV1, payload: caseEventCodec.encode(closed.event) },
    ]);
    const future = new EventStreamStore(database.db, futureCodec);
    const { summary, ...rest } = closed.event;
    await future.append('mixed-case', 3, [{ ...rest, closingSummary: summary }]);
    const { events } = await future.load('mixed-case');
    const closings = events.filter((e) => e.type === 'ChallengeClosed');
    expect(closings).toHaveLength(3);
    for (const event of closings) {
      expect(event).toEqual({ ...rest, closingSummary: summary });
      expect(event).not.toHaveProperty('summary');
    }
    expect(events[0]).toMatchObject({ type: 'ChallengeRaised', procedureVersion: 1 });
    // Today's code refuses what the later code wrote, naming the row.
    await expect(new EventStore(database.db).load('mixed-case')).rejects.toThrow(
      'Event 4 of case mixed-case cannot be read: it was written in schema version 4, newer than this code reads (3)',
    );
  });

  it('refuses an event from an unknown future version, naming the case and the seq', async () => {
    const raised = firstOfType('ChallengeRaised');
    const closed = firstOfType('ChallengeClosed');
    await insertRows(database, 'future-case', [raised, { ...closed, payload: `{"schemaVersion":7,"event":${closed.payload}}` }]);
    const error = await new EventStore(database.db).load('future-case').catch((e: unknown) => e);
    if (!(error instanceof UndecodableEventError)) throw new Error('expected an UndecodableEventError');
    expect({ caseId: error.caseId, seq: error.seq }).toEqual({ caseId: 'future-case', seq: 2 });
    expect(error.message).toBe(
      'Event 2 of case future-case cannot be read: it was written in schema version 7, newer than this code reads (3): run the newer code',
    );
  });

  it('refuses a row that does not fit the schema, or is not an event at all, naming the case and the seq', async () => {
    const raised = firstOfType('ChallengeRaised');
    const closed = firstOfType('ChallengeClosed');
    await insertRows(database, 'bad-case', [raised, { ...closed, payload: closed.payload.replace('"outcome":"', '"outcome":"lost-') }]);
    await expect(new EventStore(database.db).load('bad-case')).rejects.toThrow(
      /^Event 2 of case bad-case cannot be read: as schema version 3 it does not fit: outcome: /,
    );
    await insertRows(database, 'garbled-case', [{ ...raised, payload: '{"schemaVersion":2,"event":' }]);
    await expect(new EventStore(database.db).load('garbled-case')).rejects.toThrow(
      /^Event 1 of case garbled-case cannot be read: the payload is not JSON/,
    );
    await insertRows(database, 'unversioned-case', [{ ...raised, payload: '{"schemaVersion":"2","event":{}}' }]);
    await expect(new EventStore(database.db).load('unversioned-case')).rejects.toThrow(
      'Event 1 of case unversioned-case cannot be read: its schema version is not a positive whole number',
    );
    await insertRows(database, 'extra-field-case', [
      { ...raised, payload: raised.payload.replace('"type":"ChallengeRaised",', '"type":"ChallengeRaised","unexpected":true,') },
    ]);
    await expect(new EventStore(database.db).load('extra-field-case')).rejects.toThrow(
      /Event 1 of case extra-field-case cannot be read: .*unexpected/,
    );
  });
}

describe('stored event versions on a real SQLite file', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cc-versions-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  let n = 0;
  versionsSuite(() => ({ fresh: () => Promise.resolve(join(dir, String((n += 1)), 'cases.sqlite')), open: openSqlite }));
});

const unavailable = postgresUnavailable();
if (unavailable !== undefined && process.env['CI'] === 'true') {
  throw new Error(`CI must test PostgreSQL: ${unavailable}`);
}

describe.skipIf(unavailable !== undefined)(
  `stored event versions on a real PostgreSQL server${unavailable === undefined ? '' : ` (skipped: ${unavailable})`}`,
  () => {
    let server: TestPostgres;
    beforeAll(() => {
      server = sharedPostgres();
    });
    afterAll(() => server.stop());
    versionsSuite(() => ({ fresh: () => server.createDatabase(), open: (url) => openPostgres(url, { maxConnections: 4 }) }));
  },
);
