/**
 * My work stays fast with 5,000 cases (1,000 open) in a partnership (issue 12 point 2): it reads
 * the work_items read model with one indexed query, never replaying a case. The read models are
 * written directly here, as the projection would write them; on both databases. And a database
 * whose cases were projected before work items were kept is filled once, at start-up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { WorkingCalendar } from '../../src/core/calendar/index.js';
import { procedureRegistry } from '../../src/core/procedures/registry.js';
import { seedDemo } from '../../src/service/seed.js';
import { createServices, type Services } from '../../src/service/services.js';
import { openDatabase, type Database } from '../../src/store/database.js';
import { onBothDatabases } from '../api/backends.js';

const NOW = new Date('2026-12-21T12:00:00Z');

onBothDatabases('My work at scale', (backend) => {
  let database: Database;
  let services: Services;
  let dir: string | undefined;
  beforeEach(async () => {
    let location = await backend().fresh();
    if (location === undefined) {
      dir = mkdtempSync(join(tmpdir(), 'cc-scale-'));
      location = join(dir, 'scale.sqlite');
    }
    database = await openDatabase(location);
    services = createServices(database, procedureRegistry(), { maxDocumentBytes: 1_048_576 });
    await seedDemo(database, services.procedures, { password: 'demo-password-for-tests', now: NOW, calendar: WorkingCalendar.create() });
  }, 60_000);
  afterEach(async () => {
    await database.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('answers in well under a second with 5,000 cases, 1,000 of them open, and 3,000 work items', async () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `case-${String(i).padStart(5, '0')}`);
    const summaries = ids.map((id, i) => ({
      case_id: id,
      partnership_id: 'kent',
      conference_id: 'kent.conference.demo',
      track: 'family' as const,
      procedure_id: 'kent',
      stage: 'stage-1',
      status: i < 1000 ? ('open' as const) : ('closed' as const),
      version: 3,
      raised_at: '2026-11-01T10:00:00.000Z',
      updated_at: '2026-11-02T10:00:00.000Z',
    }));
    const day = (i: number) => `2026-12-${String(1 + (i % 28)).padStart(2, '0')}`;
    const items = ids.slice(0, 1000).flatMap((id, i) =>
      (['conference-chair', 'complaints-manager', 'conference-service-manager'] as const).map((role) => ({
        case_id: id,
        kind: 'deadline' as const,
        item_id: 'stage1-meeting',
        role,
        partnership_id: 'kent',
        person_id: role === 'conference-chair' ? 'kent.conference-chair' : null,
        owner_title: 'Conference chair',
        label: 'Meet the appellant',
        stage: 'stage-1',
        deadline_id: 'stage1-meeting',
        due_instant: `${day(i)}T23:59:59.999Z`,
        due_date: day(i),
        due_display: day(i),
        explanation: `18 working days after the conference: ${day(i)}. Source: kent 6 ¶3`,
        clause: 'kent 6 ¶3',
      })),
    );
    for (let i = 0; i < summaries.length; i += 500)
      await database.db
        .insertInto('case_summary')
        .values(summaries.slice(i, i + 500))
        .execute();
    for (let i = 0; i < items.length; i += 500)
      await database.db
        .insertInto('work_items')
        .values(items.slice(i, i + 500))
        .execute();

    const chair = { kind: 'user' as const, id: 'kent.conference-chair', role: 'conference-chair' as const, partnershipId: 'kent' };
    await services.myWork.of(chair, { limit: 50 }, NOW); // warm: prepared statements, the calendar
    const times: number[] = [];
    let total = 0;
    for (let run = 0; run < 5; run += 1) {
      const started = performance.now();
      const work = await services.myWork.of(chair, { limit: 50 }, NOW);
      times.push(performance.now() - started);
      total = work.groups.reduce((n, g) => n + g.total, 0);
    }
    expect(total).toBe(1000);
    times.sort((a, b) => a - b);
    // Generous: the machine is shared. Measured medians 67 ms (PostgreSQL) and 163 ms (SQLite) at a load average of 16 on 2 cores.
    expect(times[2], `median of ${times.map((t) => t.toFixed(0)).join(', ')} ms`).toBeLessThan(750);
  }, 120_000);

  it('fills the work items of cases projected before they were kept, once, at start-up', async () => {
    const manager = { kind: 'user' as const, id: 'kent.complaints-manager', role: 'complaints-manager' as const, partnershipId: 'kent' };
    const { id } = await services.cases.raise(
      manager,
      {
        conferenceId: 'kent.conference.demo',
        track: 'family',
        subject: 'conference',
        complainant: { kind: 'parent' },
        aspects: ['decision'],
        receivedAt: new Date('2026-12-21T09:00:00Z'),
      },
      NOW,
    );
    const rows = () =>
      database.db
        .selectFrom('work_items')
        .select(['kind', 'item_id', 'role'])
        .where('case_id', '=', id)
        .orderBy('kind')
        .orderBy('item_id')
        .orderBy('role')
        .execute();
    const projected = await rows();
    expect(projected.length).toBeGreaterThan(0);
    // As a database migrated to 0014 finds a case projected before it.
    await database.db.deleteFrom('work_items').execute();
    expect(await services.fillWorkItems(NOW)).toEqual({ cases: 1, skipped: [] });
    expect(await rows()).toEqual(projected);
    // Nothing to do the next time.
    expect(await services.fillWorkItems(NOW)).toEqual({ cases: 0, skipped: [] });
  }, 60_000);
});
