/**
 * A partnership's case reference prefix is derived and stored by its first raise (ADR 0022). Two
 * first raises at once, on two instances, both find it unset: the one that stores it second must
 * keep the first's, not count it as another partnership's and derive KENT2 (seen once in CI on
 * PostgreSQL). The interleaving is forced here, on both databases.
 */
import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { prefixOf } from '../../src/store/caseReferences.js';
import { sql, type Schema } from '../../src/store/database.js';
import { freshDatabaseEachTest, onBothDatabases } from '../api/backends.js';

/** The database as an instance sees it when `meanwhile` runs between its first statement's answer and its next statement. */
function interruptedAfterFirstAnswer(
  db: Kysely<Schema>,
  meanwhile: () => Promise<void>,
): { db: Kysely<Schema>; firstAnswer: () => unknown } {
  let firstAnswer: unknown;
  let interrupted = false;
  return {
    db: db.withPlugin({
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        if (!interrupted) {
          interrupted = true;
          firstAnswer = args.result.rows;
          await meanwhile();
        }
        return args.result;
      },
    }),
    firstAnswer: () => firstAnswer,
  };
}

onBothDatabases('a partnership’s case reference prefix', (backend) => {
  const open = freshDatabaseEachTest(backend);

  it('is the one the first raise stored when another first raise derived it at the same moment', async () => {
    const [first, second] = [await open(), await open()];
    await sql`insert into partnerships (id, name, procedure_id, created_at) values ('kent', 'Kent', 'kent', '2025-01-01T00:00:00.000Z')`.execute(
      first.db,
    );
    let firstPrefix = '';
    // The second raise finds no prefix; before its next statement the first raise derives, stores and commits one.
    const secondRaise = interruptedAfterFirstAnswer(second.db, async () => {
      firstPrefix = await first.db.transaction().execute((trx) => prefixOf(trx, 'kent'));
    });
    // On PostgreSQL a raise reads the prefix in its own transaction, each statement seeing what others
    // committed before it. On SQLite a raise holds the write lock from its first event, so raises cannot
    // interleave inside one; two instances can only interleave outside a transaction, as here.
    const secondPrefix =
      backend().name === 'PostgreSQL'
        ? await secondRaise.db.transaction().execute((trx) => prefixOf(trx, 'kent'))
        : await prefixOf(secondRaise.db, 'kent');

    expect(secondRaise.firstAnswer()).toEqual([{ case_reference_prefix: null }]);
    expect(firstPrefix).toBe('KENT');
    expect(secondPrefix).toBe('KENT');
    expect(await first.db.selectFrom('partnerships').select('case_reference_prefix').where('id', '=', 'kent').execute()).toEqual([
      { case_reference_prefix: 'KENT' },
    ]);
  });
});
