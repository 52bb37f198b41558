/**
 * What every request touches, made cheap without changing its meaning: queries compiled once and
 * run with each call's values, and rolling sessions that are not rewritten on every request yet
 * never outlive a sign-out. On both databases.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Sessions, TOUCH_INTERVAL_MS } from '../../src/service/sessions.js';
import { sessionStoreOver } from '../../src/web/sessionStore.js';
import { openDatabase, sql, type Database, type Schema } from '../../src/store/database.js';
import { prepareQuery } from '../../src/store/prepared.js';
import { onBothDatabases } from '../api/backends.js';

const T0 = new Date('2026-11-23T09:00:00Z');
const HOURS_8 = 8 * 60 * 60 * 1000;

onBothDatabases('the hot path', (backend) => {
  let database: Database;
  let dir: string | undefined;
  beforeEach(async () => {
    let location = await backend().fresh();
    if (location === undefined) {
      dir = mkdtempSync(join(tmpdir(), 'cc-hot-'));
      location = join(dir, 'hot.sqlite');
    }
    database = await openDatabase(location);
  }, 30_000);
  afterEach(async () => {
    await database.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('runs a prepared query with each call’s values, keeping the constants it was built with', async () => {
    const { db } = database;
    await db
      .insertInto('sessions')
      .values([
        { id_hash: 'a', data: 'first', expires_at: '2026-01-01' },
        { id_hash: 'b', data: 'second', expires_at: '2026-06-01' },
        { id_hash: 'c', data: 'third', expires_at: '2027-01-01' },
      ])
      .execute();
    const later = prepareQuery<Schema, [after: string], { data: string }>(db, 1, (q, after) =>
      q.selectFrom('sessions').select('data').where('expires_at', '>', after).where('id_hash', '!=', 'c').orderBy('id_hash').limit(5),
    );
    expect(await later.execute('2025-12-31')).toEqual([{ data: 'first' }, { data: 'second' }]);
    expect(await later.execute('2026-03-01')).toEqual([{ data: 'second' }]);
    expect(await later.executeTakeFirst('2030-01-01')).toBeUndefined();
    // The same as the query builder answers, for every value.
    for (const after of ['2025-01-01', '2026-01-01', '2026-12-31']) {
      const built = await db
        .selectFrom('sessions')
        .select('data')
        .where('expires_at', '>', after)
        .where('id_hash', '!=', 'c')
        .orderBy('id_hash')
        .limit(5)
        .execute();
      expect(await later.execute(after)).toEqual(built);
    }
  });

  // Named statements are PostgreSQL's; on SQLite every statement is kept prepared (database.ts).
  it.runIf(backend().name === 'PostgreSQL')(
    'runs a prepared query as a named statement on PostgreSQL, parsed once per connection; other SQL as before',
    async () => {
      await database.close();
      // One connection, so that pg_prepared_statements (per connection) sees what the queries did.
      database = await openDatabase((await backend().fresh()) ?? '', { maxConnections: 1 });
      const { db } = database;
      await db.insertInto('sessions').values({ id_hash: 'a', data: 'first', expires_at: '2026-01-01' }).execute();
      const byHash = prepareQuery<Schema, [hash: string], { data: string }>(db, 1, (q, hash) =>
        q.selectFrom('sessions').select('data').where('id_hash', '=', hash),
      );
      expect(await byHash.executeTakeFirst('a')).toEqual({ data: 'first' });
      expect(await byHash.executeTakeFirst('b')).toBeUndefined();
      expect(await db.selectFrom('sessions').select('data').where('data', '=', 'first').execute()).toEqual([{ data: 'first' }]);
      const statements = await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(db);
      expect(statements.rows).toEqual([{ name: expect.stringMatching(/^cc_prepared_\d+$/) as unknown, statement: byHash.sql }]);
    },
  );

  it('refuses to prepare a query that does not pass its argument through', () => {
    const { db } = database;
    expect(() => prepareQuery(db, 1, (q) => q.selectFrom('sessions').select('data').where('id_hash', '=', 'fixed'))).toThrow(/argument 0/);
  });

  it('writes a rolling session’s new expiry at most every few minutes, and any change at once', async () => {
    let now = T0;
    const store = sessionStoreOver(new Sessions(database.db, () => now));
    const save = (id: string, data: object) =>
      new Promise<void>((resolve, reject) => {
        store.set(id, { cookie: { expires: new Date(now.getTime() + HOURS_8) }, ...data }, (error) => {
          if (error === undefined) resolve();
          else reject(error instanceof Error ? error : new Error('save failed'));
        });
      });
    const load = (id: string) =>
      new Promise<unknown>((resolve, reject) => {
        store.get(id, (error, session) => {
          if (error === null || error === undefined) resolve(session);
          else reject(error instanceof Error ? error : new Error('load failed'));
        });
      });
    const stored = async () => await database.db.selectFrom('sessions').select(['data', 'expires_at']).executeTakeFirstOrThrow();

    await save('session-1', { userId: 'u1' });
    const first = await stored();
    expect(first.expires_at).toBe(new Date(T0.getTime() + HOURS_8).toISOString());

    // A request a minute later rolls the cookie, but the row is left alone.
    now = new Date(T0.getTime() + 60_000);
    await load('session-1');
    await save('session-1', { userId: 'u1' });
    expect(await stored()).toEqual(first);

    // A change to the session's content is written at once.
    await save('session-1', { userId: 'u1', _csrf: 'secret' });
    const changed = await stored();
    expect(JSON.parse(changed.data)).toMatchObject({ userId: 'u1', _csrf: 'secret' });

    // Once the expiry has moved by the touch interval, it is written.
    now = new Date(T0.getTime() + TOUCH_INTERVAL_MS + 60_000);
    await load('session-1');
    await save('session-1', { userId: 'u1', _csrf: 'secret' });
    expect((await stored()).expires_at).toBe(new Date(now.getTime() + HOURS_8).toISOString());

    // Signed out on another instance: a late save here does not bring the session back.
    const elsewhere = sessionStoreOver(new Sessions(database.db, () => now));
    await new Promise<void>((resolve) => {
      elsewhere.destroy('session-1', () => {
        resolve();
      });
    });
    now = new Date(now.getTime() + TOUCH_INTERVAL_MS + 60_000);
    await save('session-1', { userId: 'u1', _csrf: 'secret', changed: true });
    expect(await database.db.selectFrom('sessions').selectAll().execute()).toEqual([]);
    expect(await load('session-1')).toBeNull();
  });
});
