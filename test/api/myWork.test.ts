/**
 * My work (issue 12 point 2, ADR 0024): what falls to the signed-in member of staff, grouped by
 * when it is due, on both databases. Kent cases around Christmas 2026; every date below is worked
 * by hand from the procedure (kent 5 ¶2: 3 days from the conference; kent 5 ¶6: 3 working days
 * from the representation; kent 6 ¶3: 18 working days from the conference), skipping weekends
 * and the bank holidays of Fri 25 Dec, Mon 28 Dec 2026 and Fri 1 Jan 2027.
 */
import { expect, it } from 'vitest';
import { type Session } from '../support/app.js';
import { appEachTest } from '../support/appEachTest.js';
import type { Principal } from '../../src/service/principal.js';
import { onBothDatabases } from './backends.js';

interface Item {
  case: {
    id: string;
    reference: string | null;
    children: { name: string }[];
    conference: { id: string; externalRef: string | null } | null;
  };
  kind: 'deadline' | 'step';
  id: string;
  step: string;
  stage: { id: string; name: string };
  owner: string;
  due: { deadline: string; date: string; display: string; instant: string; explanation: string } | null;
  clause: string;
}
interface MyWork {
  today: string;
  weekEnds: string;
  groups: { group: string; total: number; items: Item[] }[];
}

/** Mon 21 Dec 2026, noon in London (GMT). */
const MONDAY = new Date('2026-12-21T12:00:00Z');

onBothDatabases('My work', (backend) => {
  const t = appEachTest(backend, { now: new Date('2026-12-14T08:00:00Z') });

  const conference = async (s: Session, ref: string, heldAt: string, chairId = 'kent.conference-chair') => {
    const response = await s.post('/api/v1/conferences', {
      externalRef: ref,
      type: 'initial',
      heldAt,
      chairId,
      decision: 'child-protection-plan',
      category: 'neglect',
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string }>().id;
  };
  const raise = async (s: Session, conferenceId: string, receivedAt: string) => {
    const response = await s.post('/api/v1/cases', {
      conferenceId,
      track: 'family',
      complainant: { kind: 'parent' },
      aspects: ['decision'],
      receivedAt,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string }>().id;
  };
  const myWork = async (s: Session) => {
    const response = await s.get('/api/v1/my-work');
    expect(response.statusCode, response.body).toBe(200);
    return response.json<MyWork>();
  };
  const group = (work: MyWork, name: string) => work.groups.find((g) => g.group === name)?.items ?? [];
  const summary = (items: Item[], names: Record<string, string>) =>
    items.map((i) => `${names[i.case.id] ?? i.case.id} ${i.id} ${i.due?.date ?? 'no time limit'}`);

  it('groups the chair’s deadlines overdue, today, this week (five working days, over Christmas) and later', async () => {
    const csm = await t.signIn('conference-service-manager@kent.demo');
    const manager = await t.signIn('complaints-manager@kent.demo');
    // A: conference Mon 14 Dec, representation Tue 15 Dec. B: conference Mon 21 Dec, representation
    // the same morning. C: conference Fri 18 Dec, representation the same day.
    t.setNow(MONDAY);
    const a = await raise(manager, await conference(csm, 'KENT-A', '2026-12-14T10:00'), '2026-12-15T09:00');
    const b = await raise(manager, await conference(csm, 'KENT-B', '2026-12-21T09:00'), '2026-12-21T11:00');
    const c = await raise(manager, await conference(csm, 'KENT-C', '2026-12-18T10:00'), '2026-12-18T12:00');
    const names = { [a]: 'A', [b]: 'B', [c]: 'C' };

    const chair = await t.signIn('conference-chair@kent.demo');
    const work = await myWork(chair);
    expect(work.today).toBe('2026-12-21');
    // Five working days after Mon 21 Dec: 22, 23, 24, 29, 30 December.
    expect(work.weekEnds).toBe('2026-12-30');
    const deadlines = (items: Item[]) =>
      summary(
        items.filter((i) => i.kind === 'deadline'),
        names,
      );
    expect(deadlines(group(work, 'overdue'))).toEqual([
      // 3 days from Mon 14 Dec; 3 working days from Tue 15 Dec (16, 17, 18).
      'A immediate-resolution 2026-12-17',
      'A minutes-sent 2026-12-18',
    ]);
    // 3 days from Fri 18 Dec: Mon 21 Dec.
    expect(deadlines(group(work, 'today'))).toEqual(['C immediate-resolution 2026-12-21']);
    expect(deadlines(group(work, 'this-week'))).toEqual([
      // 3 working days from Fri 18 Dec: 21, 22, 23.
      'C minutes-sent 2026-12-23',
      // 3 days from Mon 21 Dec; 3 working days from Mon 21 Dec: 22, 23, 24.
      'B immediate-resolution 2026-12-24',
      'B minutes-sent 2026-12-24',
    ]);
    expect(deadlines(group(work, 'later'))).toEqual([
      // 18 working days from Mon 14 Dec: 15–18 (4), 21–24 (8), 29–31 (11), 4–8 Jan (16), 11, 12 Jan.
      'A stage1-meeting 2027-01-12',
      // From Fri 18 Dec: 21–24 (4), 29–31 (7), 4–8 Jan (12), 11–15 (17), 18 Jan.
      'C stage1-meeting 2027-01-18',
      // From Mon 21 Dec: 22–24 (3), 29–31 (6), 4–8 Jan (11), 11–15 (16), 18, 19 Jan.
      'B stage1-meeting 2027-01-19',
    ]);
    const stage1 = group(work, 'later').find((i) => i.case.id === a && i.id === 'stage1-meeting');
    expect(stage1).toMatchObject({
      kind: 'deadline',
      step: 'Meet the appellant',
      stage: { id: 'stage-1' },
      owner: 'Conference chair',
      clause: 'kent 6 ¶3',
      case: { id: a, reference: 'KENT-2026-0001', children: [], conference: { externalRef: 'KENT-A' } },
    });
    // The engine's own explanation, naming the bank holidays it skipped.
    expect(stage1?.due?.explanation).toContain('25 and 28 December and 1 January (bank holidays)');
    expect(stage1?.due?.explanation).toContain('Tue 12 Jan 2027');
    for (const g of work.groups) expect(g.total).toBe(g.items.length);
  });

  it('gives a chair only the conferences they chaired, and a role only what the procedure gives it', async () => {
    const admin = await t.signIn('administrator@kent.demo');
    const added = await admin.post('/api/v1/partnership/staff', {
      email: 'second-chair@kent.demo',
      name: 'Second chair',
      role: 'conference-chair',
      password: 'a-long-enough-password-for-tests',
      agency: 'local-authority-childrens-services',
    });
    expect(added.statusCode, added.body).toBe(201);
    const secondChairId = added.json<{ id: string }>().id;
    const csm = await t.signIn('conference-service-manager@kent.demo');
    const manager = await t.signIn('complaints-manager@kent.demo');
    t.setNow(MONDAY);
    const mine = await raise(manager, await conference(csm, 'KENT-MINE', '2026-12-18T10:00'), '2026-12-18T12:00');
    const theirs = await raise(manager, await conference(csm, 'KENT-THEIRS', '2026-12-18T10:00', secondChairId), '2026-12-18T12:00');

    const chair = await t.signIn('conference-chair@kent.demo');
    const cases = (work: MyWork) => new Set(work.groups.flatMap((g) => g.items.map((i) => i.case.id)));
    expect([...cases(await myWork(chair))]).toEqual([mine]);

    // The Customer Care Manager owes no Kent deadline at triage, but must decide the triage (kent 2 ¶2): a step with no time limit.
    const managerWork = await myWork(manager);
    expect(summary(group(managerWork, 'later'), { [mine]: 'MINE', [theirs]: 'THEIRS' }).sort()).toEqual([
      'MINE triage.decided no time limit',
      'THEIRS triage.decided no time limit',
    ]);
    expect(group(managerWork, 'later')[0]).toMatchObject({ kind: 'step', due: null, clause: 'kent 2 ¶2' });
    expect(managerWork.groups.filter((g) => g.group !== 'later').every((g) => g.items.length === 0)).toBe(true);
  });

  it('reads what is due from colleagues as one list a page at a time, counted, soonest first, from the keeper’s partnership only', async () => {
    const csm = await t.signIn('conference-service-manager@kent.demo');
    const manager = await t.signIn('complaints-manager@kent.demo');
    t.setNow(MONDAY);
    const a = await raise(manager, await conference(csm, 'KENT-A', '2026-12-14T10:00'), '2026-12-15T09:00');
    const b = await raise(manager, await conference(csm, 'KENT-B', '2026-12-18T10:00'), '2026-12-18T12:00');
    // A Camden case: its chair's work is no Kent keeper's.
    const camden = await t.signIn('complaints-manager@camden.demo');
    expect((await raise(camden, 'camden.conference.demo', '2026-12-15T09:00')).length).toBeGreaterThan(0);
    const keeper: Principal = { kind: 'user', id: 'kent.complaints-manager', role: 'complaints-manager', partnershipId: 'kent' };
    const whole = await t.services.myWork.ofColleagues(keeper, { limit: 50 }, MONDAY);
    // The chair's three items on each Kent case; the manager's own triage is not among them. By hand: A's conference Mon 14 Dec,
    // received Tue 15 Dec: 3 days (kent 5 ¶2) Thu 17 Dec, 3 working days (kent 5 ¶6) Fri 18 Dec, 18 working days (kent 6 ¶3)
    // Tue 12 Jan; B's conference and receipt Fri 18 Dec: Mon 21 Dec, Wed 23 Dec, Mon 18 Jan (25, 28 Dec and 1 Jan not counted).
    const names = { [a]: 'A', [b]: 'B' };
    expect(whole.total).toBe(6);
    expect(whole.items.map((i) => `${names[i.case.id] ?? i.case.id} ${i.id} ${i.due?.date ?? '-'} ${String(i.overdue)}`)).toEqual([
      'A immediate-resolution 2026-12-17 true',
      'A minutes-sent 2026-12-18 true',
      'B immediate-resolution 2026-12-21 false',
      'B minutes-sent 2026-12-23 false',
      'A stage1-meeting 2027-01-12 false',
      'B stage1-meeting 2027-01-18 false',
    ]);
    expect(whole.items.every((i) => i.dueFrom === 'Demo Conference chair (kent) (Conference chair)')).toBe(true);
    // A page of it: the same order, the same count.
    const page = await t.services.myWork.ofColleagues(keeper, { limit: 2, offset: 2 }, MONDAY);
    expect(page.total).toBe(6);
    expect(page.items.map((i) => i.id)).toEqual(whole.items.slice(2, 4).map((i) => i.id));
  });

  it('is refused to a role that does not act on cases, and audited for those who do', async () => {
    const auditor = await t.signIn('auditor@kent.demo');
    expect((await auditor.get('/api/v1/my-work')).statusCode).toBe(403);
    const chair = await t.signIn('conference-chair@kent.demo');
    expect((await chair.get('/api/v1/my-work?limit=0')).statusCode).toBe(400);
    await myWork(chair);
    const entries = await t.database.db.selectFrom('audit_log').select(['action', 'actor_id']).where('action', '=', 'work.list').execute();
    expect(entries).toEqual([{ action: 'work.list', actor_id: 'kent.conference-chair' }]);
  });
});
