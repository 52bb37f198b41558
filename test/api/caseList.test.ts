/**
 * The case list (issue 12 point 3, ADR 0022) on both databases: filters (track, stage, status,
 * overdue, conference dates), search by reference or child's name (partial, whatever its case),
 * sorting by reference, raised, next deadline and stage, both ways, and pages with the total. The
 * list reads the read models only; the cases here are set up as the read models would record them
 * (the test app's database), besides real raised cases, and 5,000 of them for its speed.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { isoDate } from '../../src/core/calendar/index.js';
import { CaseAccess } from '../../src/service/caseAccess.js';
import { CASE_SORTS, listCases, type CaseListQuery } from '../../src/service/caseList.js';
import type { Principal } from '../../src/service/principal.js';
import type { Schema } from '../../src/store/database.js';
import { problemOf, type Session, type TestApp } from '../support/app.js';
import { appOn, onBothDatabases } from './backends.js';

const NOW = new Date('2026-11-23T10:00:00Z');

interface Listed {
  cases: {
    id: string;
    reference: string;
    stage: string;
    stageName: string;
    status: string;
    overdue: boolean;
    nextDeadlineAt: string | null;
    children: { name: string }[];
  }[];
  total: number;
  page: number;
  pageSize: number;
  pages: number;
}

interface CaseTraits {
  readonly seq: number;
  readonly stage?: string;
  readonly stageOrder?: number;
  readonly track?: 'family' | 'professional-dissent';
  readonly status?: 'open' | 'closed';
  readonly raisedAt?: string;
  readonly nextDeadlineAt?: string | null;
  readonly conferenceHeldAt?: string;
  readonly child?: string;
}

/** Cases as the read models record them: the registration with its reference, the summary, the conference and its child. */
async function recordedCases(db: Kysely<Schema>, partnershipId: string, prefix: string, traits: readonly CaseTraits[]): Promise<void> {
  const chunk = 400;
  for (let start = 0; start < traits.length; start += chunk) {
    const part = traits.slice(start, start + chunk);
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('conferences')
        .values(
          part.map((c) => ({
            id: `${partnershipId}.conf.${String(c.seq)}`,
            partnership_id: partnershipId,
            external_ref: null,
            type: 'initial' as const,
            held_at: c.conferenceHeldAt ?? '2026-11-02T10:00:00.000Z',
            chair_id: `${partnershipId}.conference-chair`,
            local_area: null,
            decision: 'child-protection-plan' as const,
            category: 'neglect' as const,
            minutes_sent_at: null,
            minutes_method: null,
            created_at: NOW.toISOString(),
            created_by: `${partnershipId}.conference-chair`,
          })),
        )
        .execute();
      const withChild = part.filter((c) => c.child !== undefined);
      if (withChild.length > 0) {
        await trx
          .insertInto('children')
          .values(
            withChild.map((c) => ({
              id: `${partnershipId}.child.${String(c.seq)}`,
              partnership_id: partnershipId,
              social_care_id: `SC-${String(c.seq)}`,
              name: c.child ?? '',
              date_of_birth: '2018-01-01',
              created_at: NOW.toISOString(),
              created_by: 'test',
            })),
          )
          .execute();
        await trx
          .insertInto('conference_children')
          .values(
            withChild.map((c) => ({
              conference_id: `${partnershipId}.conf.${String(c.seq)}`,
              child_id: `${partnershipId}.child.${String(c.seq)}`,
            })),
          )
          .execute();
      }
      await trx
        .insertInto('cases')
        .values(
          part.map((c) => ({
            case_id: `${partnershipId}.case.${String(c.seq)}`,
            partnership_id: partnershipId,
            conference_id: `${partnershipId}.conf.${String(c.seq)}`,
            created_at: c.raisedAt ?? NOW.toISOString(),
            reference: `${prefix}-2026-${String(c.seq).padStart(4, '0')}`,
            reference_year: 2026,
            reference_seq: c.seq,
          })),
        )
        .execute();
      await trx
        .insertInto('case_summary')
        .values(
          part.map((c) => ({
            case_id: `${partnershipId}.case.${String(c.seq)}`,
            partnership_id: partnershipId,
            conference_id: `${partnershipId}.conf.${String(c.seq)}`,
            track: c.track ?? 'family',
            procedure_id: partnershipId,
            stage: c.stage ?? 'stage-1',
            status: c.status ?? 'open',
            version: 1,
            raised_at: c.raisedAt ?? NOW.toISOString(),
            updated_at: c.raisedAt ?? NOW.toISOString(),
            next_deadline_at: c.nextDeadlineAt === undefined ? '2026-12-01T17:00:00.000Z' : c.nextDeadlineAt,
            stage_order: c.stageOrder ?? 1,
            conference_held_at: c.conferenceHeldAt ?? '2026-11-02T10:00:00.000Z',
          })),
        )
        .execute();
    });
  }
  // The counter stands where the references above leave it, as raising them would have left it.
  const last = Math.max(...traits.map((c) => c.seq));
  await db
    .insertInto('case_reference_counters')
    .values({ partnership_id: partnershipId, year: 2026, last_seq: last })
    .onConflict((oc) => oc.columns(['partnership_id', 'year']).doUpdateSet({ last_seq: last }))
    .execute();
}

onBothDatabases('the case list', (backend) => {
  let t: TestApp;
  let cm: Session;
  beforeAll(async () => {
    t = await appOn(backend(), { now: NOW });
    await recordedCases(t.database.db, 'kent', 'KENT', [
      {
        seq: 1,
        stage: 'triage',
        stageOrder: 0,
        raisedAt: '2026-11-02T09:00:00.000Z',
        nextDeadlineAt: '2026-11-20T17:00:00.000Z',
        child: 'Amy Smith',
      },
      {
        seq: 2,
        stage: 'stage-2',
        stageOrder: 2,
        raisedAt: '2026-11-05T09:00:00.000Z',
        nextDeadlineAt: '2026-12-04T17:00:00.000Z',
        child: 'Ben SMITHSON',
        conferenceHeldAt: '2026-10-01T10:00:00.000Z',
      },
      {
        seq: 3,
        stage: 'stage-1',
        stageOrder: 1,
        raisedAt: '2026-11-03T09:00:00.000Z',
        nextDeadlineAt: null,
        status: 'closed',
        child: 'Cara Jones',
      },
      {
        seq: 4,
        stage: 'stage-4',
        stageOrder: 4,
        track: 'professional-dissent',
        raisedAt: '2026-11-04T09:00:00.000Z',
        nextDeadlineAt: '2026-11-23T09:59:00.000Z',
      },
      {
        seq: 12,
        stage: 'stage-1',
        stageOrder: 1,
        raisedAt: '2026-11-01T09:00:00.000Z',
        nextDeadlineAt: '2026-11-30T17:00:00.000Z',
        child: 'Dan 50%_Off',
        conferenceHeldAt: '2026-11-20T10:00:00.000Z',
      },
    ]);
    cm = await t.signIn('complaints-manager@kent.demo');
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  const list = async (query: string) => {
    const response = await cm.get(`/api/v1/cases${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Listed>();
  };
  const refs = async (query: string) => (await list(query)).cases.map((c) => c.reference.slice(-2));

  it('lists the most recently raised first by default, with reference, stage name, children and whether overdue', async () => {
    const all = await list('');
    expect(all.cases.map((c) => c.reference)).toEqual([
      'KENT-2026-0002',
      'KENT-2026-0004',
      'KENT-2026-0003',
      'KENT-2026-0001',
      'KENT-2026-0012',
    ]);
    expect(all).toMatchObject({ total: 5, page: 1, pageSize: 25, pages: 1 });
    const first = all.cases[0];
    expect(first?.stageName).toBe("Stage 2: consideration by the Chair's Manager");
    expect(first?.children).toEqual([{ id: 'kent.child.2', name: 'Ben SMITHSON' }]);
    expect(all.cases.map((c) => c.overdue)).toEqual([false, true, false, true, false]);
  });

  it('filters by track, stage, status, overdue and conference dates (London days, inclusive)', async () => {
    expect(await refs('?track=professional-dissent')).toEqual(['04']);
    expect(await refs('?stage=stage-1&sort=reference&direction=asc')).toEqual(['03', '12']);
    expect(await refs('?status=closed')).toEqual(['03']);
    expect(await refs('?overdue=true&sort=reference&direction=asc')).toEqual(['01', '04']);
    expect(await refs('?overdue=false&status=open&sort=reference&direction=asc')).toEqual(['02', '12']);
    expect(await refs('?conferenceFrom=2026-11-20&conferenceTo=2026-11-20')).toEqual(['12']);
    expect(await refs('?conferenceTo=2026-10-01')).toEqual(['02']);
  });

  it("searches by part of a reference or a child's name, whatever its case, wildcards taken literally", async () => {
    expect(await refs('?search=smith&sort=reference&direction=asc')).toEqual(['01', '02']);
    expect(await refs('?search=SMITHSON')).toEqual(['02']);
    expect(await refs('?search=kent-2026-001')).toEqual(['12']);
    expect(await refs('?search=%25_')).toEqual(['12']);
    expect(await refs('?search=nobody')).toEqual([]);
    expect(await refs('?reference=kent-2026-0003')).toEqual(['03']);
    expect(await refs('?reference=KENT-2026-000')).toEqual([]);
  });

  it('sorts by reference, raised, next deadline (none last either way) and stage, both ways', async () => {
    expect(await refs('?sort=reference&direction=asc')).toEqual(['01', '02', '03', '04', '12']);
    expect(await refs('?sort=reference&direction=desc')).toEqual(['12', '04', '03', '02', '01']);
    expect(await refs('?sort=raised&direction=asc')).toEqual(['12', '01', '03', '04', '02']);
    expect(await refs('?sort=next-deadline&direction=asc')).toEqual(['01', '04', '12', '02', '03']);
    expect(await refs('?sort=next-deadline&direction=desc')).toEqual(['02', '12', '04', '01', '03']);
    expect(await refs('?sort=stage&direction=asc')).toEqual(['01', '03', '12', '02', '04']);
    expect(await refs('?sort=stage&direction=desc')).toEqual(['04', '02', '12', '03', '01']);
  });

  it('pages with the total and the number of pages; a page past the end is empty', async () => {
    const second = await list('?sort=reference&direction=asc&pageSize=2&page=2');
    expect(second.cases.map((c) => c.reference.slice(-2))).toEqual(['03', '04']);
    expect(second).toMatchObject({ total: 5, page: 2, pageSize: 2, pages: 3 });
    expect((await list('?pageSize=2&page=9')).cases).toEqual([]);
  });

  it('lists the same from its compiled queries as built afresh, for every filter, search, sort, direction and page', async () => {
    const db = t.database.db;
    const access = new CaseAccess(db);
    const manager: Principal = { kind: 'user', id: 'kent.complaints-manager', role: 'complaints-manager', partnershipId: 'kent' };
    const filters: Omit<CaseListQuery, 'sort' | 'direction' | 'page' | 'pageSize'>[] = [
      {},
      { track: 'family' },
      { track: 'professional-dissent' },
      { stage: 'stage-1' },
      { status: 'open' },
      { status: 'closed' },
      { overdue: true },
      { overdue: false },
      { conferenceFrom: isoDate('2026-11-20') },
      { conferenceTo: isoDate('2026-10-01') },
      { reference: 'kent-2026-0003' },
      { search: 'smith' },
      { search: '%_' },
      { search: 'KENT-2026-001' },
      { status: 'open', overdue: false, search: 'a' },
      { conferenceFrom: isoDate('2026-10-01'), conferenceTo: isoDate('2026-11-02') },
    ];
    let listed = 0;
    for (const filter of filters) {
      for (const sort of CASE_SORTS) {
        for (const direction of ['asc', 'desc'] as const) {
          for (const page of [1, 2, 3]) {
            const query: CaseListQuery = { ...filter, sort, direction, page, pageSize: 2 };
            const compiled = await listCases(db, access, new Map(), manager, query, NOW);
            const built = await listCases(db, access, new Map(), manager, query, NOW, { prepared: false });
            expect(compiled, JSON.stringify(query)).toEqual(built);
            listed += compiled.cases.length;
          }
        }
      }
    }
    // Not all empty: the comparison saw cases, their children and their totals.
    expect(listed).toBeGreaterThan(200);
    const first = await listCases(db, access, new Map(), manager, { sort: 'reference', direction: 'asc', page: 1, pageSize: 25 }, NOW);
    expect(first.cases.map((c) => [c.reference, c.children.map((child) => child.name)])).toEqual([
      ['KENT-2026-0001', ['Amy Smith']],
      ['KENT-2026-0002', ['Ben SMITHSON']],
      ['KENT-2026-0003', ['Cara Jones']],
      ['KENT-2026-0004', []],
      ['KENT-2026-0012', ['Dan 50%_Off']],
    ]);
  });

  it('refuses bad parameters naming each, and shows another partnership nothing of these', async () => {
    const refused = await cm.get(
      '/api/v1/cases?sort=colour&page=0&pageSize=500&overdue=maybe&conferenceFrom=2026-12-01&conferenceTo=2026-11-01',
    );
    expect(refused.statusCode).toBe(400);
    const named = (problemOf(refused)['invalid-params'] ?? []).map((p) => p.name);
    expect(named.sort()).toEqual(['query.overdue', 'query.page', 'query.pageSize', 'query.sort']);
    const backwards = await cm.get('/api/v1/cases?conferenceFrom=2026-12-01&conferenceTo=2026-11-01');
    expect(problemOf(backwards)['invalid-params']).toEqual([
      { name: 'query.conferenceTo', reason: 'conferenceFrom must not be after conferenceTo' },
    ]);
    const camden = await t.signIn('complaints-manager@camden.demo');
    expect((await camden.get('/api/v1/cases?search=smith')).json<Listed>().total).toBe(0);
    // A panel member sees only the cases of panels they sit on: none here.
    const member = await t.signIn('panel-member@kent.demo');
    expect((await member.get('/api/v1/cases')).json<Listed>().total).toBe(0);
  });

  it("finds a raised case by its child's name: the child comes from the conference, the list from the read models", async () => {
    const csm = await t.signIn('conference-service-manager@kent.demo');
    const conference = await csm.post('/api/v1/conferences', {
      type: 'initial',
      heldAt: '2026-11-19T10:00',
      chairId: 'kent.conference-chair',
      decision: 'child-protection-plan',
      category: 'neglect',
      children: [{ socialCareId: 'SC-9001', name: 'Zoë Quinn', dateOfBirth: '2016-03-03' }],
    });
    const raised = await cm.post('/api/v1/cases', {
      conferenceId: conference.json<{ id: string }>().id,
      track: 'family',
      complainant: { kind: 'parent' },
      aspects: ['decision'],
      receivedAt: '2026-11-23T09:00',
    });
    expect(raised.statusCode, raised.body).toBe(201);
    const found = await list('?search=zo%C3%AB');
    expect(found.cases.map((c) => [c.id, c.reference, c.children.map((ch) => ch.name)])).toEqual([
      [raised.json<{ id: string }>().id, 'KENT-2026-0013', ['Zoë Quinn']],
    ]);
    expect(found.cases[0]?.nextDeadlineAt).not.toBeNull();
  });
});

onBothDatabases('the case list at 5,000 cases', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await appOn(backend(), { now: NOW });
    const stages = ['triage', 'stage-1', 'stage-2', 'stage-3', 'stage-4'];
    await recordedCases(
      t.database.db,
      'kent',
      'KENT',
      Array.from({ length: 5000 }, (_, i) => ({
        seq: i + 1,
        stage: stages[i % 5] ?? 'stage-1',
        stageOrder: i % 5,
        status: i % 5 === 0 ? ('closed' as const) : ('open' as const),
        raisedAt: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString(),
        nextDeadlineAt: i % 5 === 0 ? null : new Date(NOW.getTime() + (i % 97) * 86_400_000 - 30 * 86_400_000).toISOString(),
        conferenceHeldAt: new Date(Date.UTC(2025, 11, 1) + i * 3_600_000).toISOString(),
        child: `Child ${String(i)} Surname${String(i % 50)}`,
      })),
    );
  }, 180_000);
  afterAll(async () => {
    await t.close();
  });

  it('finds the children of a page of more conferences than one run of the lookup takes, each with its own', async () => {
    const cm = await t.signIn('complaints-manager@kent.demo');
    const page = (await cm.get('/api/v1/cases?sort=reference&direction=asc&pageSize=100&page=2')).json<Listed>();
    expect(page.cases).toHaveLength(100);
    page.cases.forEach((c, index) => {
      const i = 100 + index;
      expect(c.children.map((child) => child.name)).toEqual([`Child ${String(i)} Surname${String(i % 50)}`]);
    });
  });

  it('answers every kind of list query well within a page load, and counts right', async () => {
    const cm = await t.signIn('complaints-manager@kent.demo');
    const queries = [
      '',
      '?sort=reference&direction=asc&page=200',
      '?sort=next-deadline&overdue=true',
      '?sort=stage&direction=desc&stage=stage-3&page=3',
      '?search=surname7&sort=raised',
      '?search=KENT-2026-04',
      '?status=open&conferenceFrom=2026-03-01&conferenceTo=2026-04-30&sort=next-deadline&direction=desc',
    ];
    const timings: Record<string, number> = {};
    for (const query of queries) {
      await cm.get(`/api/v1/cases${query}`); // warm
      const started = performance.now();
      const response = await cm.get(`/api/v1/cases${query}`);
      timings[query === '' ? '(none)' : query] = Math.round(performance.now() - started);
      expect(response.statusCode, response.body).toBe(200);
    }
    process.stdout.write(`case list at 5,000 cases on ${backend().name}, ms per request: ${JSON.stringify(timings)}\n`);
    // Generous: a shared two-core machine under other suites' load. A replay per case would take seconds.
    for (const ms of Object.values(timings)) expect(ms).toBeLessThan(750);
    const overdue = (await cm.get('/api/v1/cases?overdue=true')).json<Listed>();
    // A deadline at this very instant is overdue, as the engine counts it (dueGroups.ts).
    const expected = Array.from({ length: 5000 }, (_, i) => i).filter((i) => i % 5 !== 0 && (i % 97) - 30 <= 0).length;
    expect(overdue.total).toBe(expected);
    const surname7 = (await cm.get('/api/v1/cases?search=surname7&pageSize=100')).json<Listed>();
    // Surname7 and Surname7x (70-79 do not occur: i % 50 < 50), so 7 only: 100 of 5,000.
    expect(surname7.total).toBe(100);
  }, 120_000);
});
