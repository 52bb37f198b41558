/**
 * Used by the durability test: appends batches of three events to one case as fast as it can,
 * printing `ack <version>` after each append the store has acknowledged, until it is killed.
 * `node dist/tools/crashAppender.js <sqlite-file | postgres-url>`
 */
import type { CaseEvent } from '../core/engine/model.js';
import { isoDate } from '../core/calendar/index.js';
import { openDatabase } from '../store/database.js';
import { EventStore } from '../store/eventStore.js';

const BATCH = 3;
const location = process.argv[2];
if (location === undefined) {
  process.stderr.write('crashAppender: give a SQLite file or a postgres:// URL\n');
  process.exit(2);
}
const database = await openDatabase(location);
const store = new EventStore(database.db);
let version = (await store.load('crash-case')).version;
const by = { id: 'appender', role: 'complaints-manager' } as const;
for (;;) {
  const events: CaseEvent[] = Array.from({ length: BATCH }, () => ({
    type: 'ReceiptRecorded',
    at: new Date(),
    by,
    milestone: 'conference.minutes-received',
    receivedOn: isoDate('2026-12-01'),
  }));
  version = (await store.append('crash-case', version, events)).version;
  process.stdout.write(`ack ${String(version)}\n`);
}
