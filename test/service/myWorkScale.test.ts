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
import { raiseWorkVersion } from '../../src/store/readModels.js';
import { onBothDatabases } from '../api/backends.js';
import { kentParentChallenge } from '../support/kentChallenge.js';

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

  const manager = { kind: 'user' as const, id: 'kent.complaints-manager', role: 'complaints-manager' as const, partnershipId: 'kent' };
  /** A parent's challenge to the Kent demo conference's decision, raised by the complaints manager, received Mon 21 Dec 2026. */
  const raiseAsManager = () => services.cases.raise(manager, kentParentChallenge(new Date('2026-12-21T09:00:00Z')), NOW);

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
      // As if another case had moved on: the counts are made afresh each time (ADR 0042), as the first read after any change makes them.
      await raiseWorkVersion(database.db, 'kent');
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

  it('pages through "later" as its dated items, soonest first, then those with no time limit, none repeated or missed', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 9; i += 1) {
      const raised = await raiseAsManager();
      ids.push(raised.id);
    }
    await database.db.deleteFrom('work_items').execute();
    const item = (caseId: string, itemId: string, due: string | null) => ({
      case_id: caseId,
      kind: 'step' as const,
      item_id: itemId,
      role: 'complaints-manager',
      partnership_id: 'kent',
      person_id: null,
      owner_title: 'Complaints manager',
      label: itemId,
      stage: 'stage-1',
      deadline_id: due === null ? null : 'stage1-response',
      due_instant: due === null ? null : `${due}T23:59:59.999Z`,
      due_date: due,
      due_display: due,
      explanation: due === null ? null : `Due ${due}`,
      clause: 'kent 6 ¶3',
    });
    const [a, b, c, d, e, f, g, h, i] = ids.toSorted() as [string, string, string, string, string, string, string, string, string];
    // Later (after the fifth working day from 21 December): five dated, two on one day; six with no time limit.
    const rows = [
      item(e, 'x-dated', '2027-02-03'),
      item(b, 'x-dated', '2027-01-20'),
      item(a, 'x-dated', '2027-02-03'),
      item(c, 'y-dated', '2027-01-29'),
      item(c, 'x-dated', '2027-01-29'),
      item(i, 'undated', null),
      item(d, 'undated', null),
      item(a, 'undated', null),
      item(g, 'undated', null),
      item(f, 'undated', null),
      item(a, 'z-undated', null),
      // Not later: overdue, and due this week.
      item(h, 'overdue', '2026-12-18'),
      item(h, 'this-week', '2026-12-23'),
    ];
    await database.db.insertInto('work_items').values(rows).execute();
    const laterInOrder = [
      `${b} x-dated`,
      `${c} x-dated`,
      `${c} y-dated`,
      `${a} x-dated`,
      `${e} x-dated`,
      `${a} undated`,
      `${a} z-undated`,
      `${d} undated`,
      `${f} undated`,
      `${g} undated`,
      `${i} undated`,
    ];
    const read: string[] = [];
    for (let offset = 0; offset < 15; offset += 4) {
      const work = await services.myWork.of(manager, { limit: 4, offset, group: 'later' }, NOW);
      const later = work.groups.find((group) => group.group === 'later');
      expect(later?.total).toBe(11);
      expect(work.groups.filter((group) => group.group !== 'later').every((group) => group.items.length === 0)).toBe(true);
      read.push(...(later?.items ?? []).map((w) => `${w.case.id} ${w.id}`));
    }
    expect(read).toEqual(laterInOrder);
    const home = await services.myWork.of(manager, { limit: 3 }, NOW);
    expect(home.groups.map((group) => [group.group, group.total, group.items.map((w) => `${w.case.id} ${w.id}`)])).toEqual([
      ['overdue', 1, [`${h} overdue`]],
      ['today', 0, []],
      ['this-week', 1, [`${h} this-week`]],
      ['later', 11, laterInOrder.slice(0, 3)],
    ]);
    // Each row read whole: its reference, its explanation.
    // Due from colleagues (ADR 0035): one list, the dated soonest first, then those with no time limit; paged the same way.
    const chairs = [
      {
        ...item(g, 'c-dated', '2026-12-18'),
        role: 'conference-chair',
        person_id: 'kent.conference-chair',
        owner_title: 'Conference chair',
      },
      {
        ...item(b, 'c-dated', '2027-03-01'),
        role: 'conference-chair',
        person_id: 'kent.conference-chair',
        owner_title: 'Conference chair',
      },
      { ...item(c, 'c-undated', null), role: 'conference-chair', person_id: 'kent.conference-chair', owner_title: 'Conference chair' },
      { ...item(a, 'c-undated', null), role: 'panel-coordinator', owner_title: 'Panel coordinator' },
      { ...item(e, 'c-dated', '2026-12-23'), role: 'panel-coordinator', owner_title: 'Panel coordinator' },
    ];
    await database.db.insertInto('work_items').values(chairs).execute();
    const colleagues: string[] = [];
    for (let offset = 0; offset < 6; offset += 2) {
      const page = await services.myWork.ofColleagues(manager, { limit: 2, offset }, NOW);
      expect(page.total).toBe(5);
      colleagues.push(...page.items.map((w) => `${w.case.id} ${w.id}${w.overdue ? ' overdue' : ''}`));
    }
    expect(colleagues).toEqual([`${g} c-dated overdue`, `${e} c-dated`, `${b} c-dated`, `${a} c-undated`, `${c} c-undated`]);
    const first = home.groups[3]?.items[0];
    expect(first?.case.reference).toMatch(/^KENT-2026-\d{4}$/);
    expect(first?.due?.explanation).toBe('Due 2027-01-20');
  }, 60_000);

  it('fills the work items of cases projected before they were kept, once, at start-up', async () => {
    const { id } = await raiseAsManager();
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
