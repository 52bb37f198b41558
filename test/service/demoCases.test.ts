/**
 * Demo data (issue 12 point 14): on an empty database, every partnership gets a dozen cases made
 * through the real case service, dated relative to now, so that each has open, overdue and
 * closed cases, and My work is real from the first sign-in; on both databases.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { WorkingCalendar } from '../../src/core/calendar/index.js';
import { procedureRegistry } from '../../src/core/procedures/registry.js';
import { DEFAULT_CASE_LIST } from '../../src/service/caseList.js';
import { may } from '../../src/service/permissions.js';
import { STAFF_ROLES, type StaffRole } from '../../src/service/principal.js';
import type { MyWork } from '../../src/service/myWork.js';
import { demoUserId } from '../../src/service/seed.js';
import { createServices, type Services } from '../../src/service/services.js';
import { openDatabase, type Database } from '../../src/store/database.js';
import { onBothDatabases } from '../api/backends.js';

/** Wed 2 Dec 2026, 09:00 in London. */
const NOW = new Date('2026-12-02T09:00:00Z');

onBothDatabases('the demo cases', (backend) => {
  let database: Database;
  let services: Services;
  let dir: string | undefined;
  beforeEach(async () => {
    let location = await backend().fresh();
    if (location === undefined) {
      dir = mkdtempSync(join(tmpdir(), 'cc-demo-'));
      location = join(dir, 'demo.sqlite');
    }
    database = await openDatabase(location);
    services = createServices(database, procedureRegistry(), { maxDocumentBytes: 1_048_576 });
  }, 30_000);
  afterEach(async () => {
    await database.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('gives every partnership open, overdue and closed cases at several stages, and work to do', async () => {
    const seeded = await services.seedDemo({
      password: 'demo-password-for-tests',
      now: NOW,
      calendar: WorkingCalendar.create(),
      cases: true,
    });
    const partnerships = [...services.procedures.keys()];
    expect(seeded.cases.cases).toBe(12 * partnerships.length);
    const summary = await database.db.selectFrom('case_summary').select(['partnership_id', 'stage', 'status']).execute();
    const overdue = await database.db
      .selectFrom('open_deadlines')
      .innerJoin('case_summary', 'case_summary.case_id', 'open_deadlines.case_id')
      .select(['open_deadlines.partnership_id'])
      .where('case_summary.status', '=', 'open')
      .where('open_deadlines.due_instant', '<', NOW.toISOString())
      .execute();
    const workOf = (pid: string, role: StaffRole) =>
      services.myWork.of({ kind: 'user', id: demoUserId(pid, role), role, partnershipId: pid }, { limit: 50 }, NOW);
    const total = (work: MyWork, group?: string) =>
      work.groups.filter((g) => group === undefined || g.group === group).reduce((n, g) => n + g.total, 0);
    for (const pid of partnerships) {
      const mine = summary.filter((s) => s.partnership_id === pid);
      expect(mine.filter((s) => s.status === 'open').length, `${pid} open`).toBeGreaterThan(0);
      expect(mine.filter((s) => s.status === 'closed').length, `${pid} closed`).toBeGreaterThan(0);
      expect(new Set(mine.map((s) => s.stage)).size, `${pid} stages`).toBeGreaterThan(1);
      expect(overdue.filter((o) => o.partnership_id === pid).length, `${pid} overdue`).toBeGreaterThan(0);
      // Someone in every partnership has overdue work on their My work, and work due later.
      const works = await Promise.all(STAFF_ROLES.filter((r) => may(r, 'act-on-case')).map((role) => workOf(pid, role)));
      expect(
        works.some((w) => total(w, 'overdue') > 0),
        `${pid}: someone's overdue work`,
      ).toBe(true);
      expect(
        works.some((w) => total(w, 'later') > 0),
        `${pid}: someone's later work`,
      ).toBe(true);
    }
    // Every demo conference concerns one to three fictional children, and the case list finds a case by a child's name.
    const perConference = await database.db
      .selectFrom('conference_children')
      .select((eb) => ['conference_id', eb.fn.countAll<number | string>().as('n')])
      .groupBy('conference_id')
      .execute();
    // Every demo conference: each partnership's own (DEMO-1, the walkthroughs') and its cases' (DEMO-02 onwards).
    const conferences = await database.db.selectFrom('conferences').select('id').where('external_ref', 'like', 'DEMO-%').execute();
    expect(perConference).toHaveLength(conferences.length);
    expect(new Set(perConference.map((c) => Number(c.n)))).toEqual(new Set([1, 2, 3]));
    const child = await database.db
      .selectFrom('children')
      .select(['name', 'partnership_id'])
      .where('partnership_id', '=', 'camden')
      .orderBy('name')
      .executeTakeFirstOrThrow();
    const manager = {
      kind: 'user' as const,
      id: demoUserId('camden', 'complaints-manager'),
      role: 'complaints-manager' as const,
      partnershipId: 'camden',
    };
    const found = await services.cases.list(manager, { ...DEFAULT_CASE_LIST, search: child.name.split(' ')[0] ?? '' }, NOW);
    expect(found.total).toBeGreaterThan(0);
    expect(found.cases.every((c) => c.children.some((ch) => ch.name.includes(child.name.split(' ')[0] ?? '')))).toBe(true);
    // The demo complaints manager has work wherever the procedure gives that role a required step
    // (Kent's Customer Care Manager decides the triage, kent 2 ¶2; Pan-Sussex's complaints manager acts at Stage 1).
    expect(total(await workOf('kent', 'complaints-manager'))).toBeGreaterThan(0);
    expect(total(await workOf('pan-sussex', 'complaints-manager'))).toBeGreaterThan(0);
  }, 120_000);

  it('seeds nothing into a database that already has partnerships', async () => {
    const options = { password: 'demo-password-for-tests', now: NOW, calendar: WorkingCalendar.create(), cases: true };
    await services.seedDemo(options);
    const again = await services.seedDemo(options);
    expect(again).toEqual({ accounts: [], cases: { cases: 0, steps: 0 } });
    const count = await database.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirst();
    expect(Number(count?.n)).toBe(60);
  }, 120_000);
});
