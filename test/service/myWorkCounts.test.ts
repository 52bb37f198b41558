/**
 * My work's counts are kept between requests by each instance and are exact (ADR 0042): a case
 * moved on through another instance over the same database is counted on the next read; an item
 * turns overdue at its due instant and moves into "today" at the start of its day with nothing
 * written; and while nothing changes, the counts are not made again. On both databases, with two
 * instances over one database as in a real deployment.
 */
import { expect, it } from 'vitest';
import type { MyWork } from '../../src/service/myWork.js';
import type { Principal } from '../../src/service/principal.js';
import type { Services } from '../../src/service/services.js';
import { raiseWorkVersion } from '../../src/store/readModels.js';
import { instancesOverOneDatabase, onBothDatabases } from '../api/backends.js';
import { kentParentChallenge } from '../support/kentChallenge.js';

const NOW = new Date('2026-12-21T12:00:00Z');
const manager: Principal = { kind: 'user', id: 'kent.complaints-manager', role: 'complaints-manager', partnershipId: 'kent' };
const chair: Principal = { kind: 'user', id: 'kent.conference-chair', role: 'conference-chair', partnershipId: 'kent' };

/** A work item written straight into the read model (a step for the complaints manager with no time limit, unless changed). */
const directItem = (caseId: string) => ({
  case_id: caseId,
  kind: 'step' as const,
  item_id: 'written-directly',
  role: 'complaints-manager',
  partnership_id: 'kent',
  person_id: null as string | null,
  owner_title: 'Complaints manager',
  label: 'Written directly',
  stage: 'stage-1',
  deadline_id: null as string | null,
  due_instant: null as string | null,
  due_date: null as string | null,
  due_display: null as string | null,
  explanation: null as string | null,
  clause: 'kent 6 ¶3',
});

const totals = (work: MyWork) => Object.fromEntries(work.groups.map((group) => [group.group, group.total]));

onBothDatabases('My work counts kept between requests', (backend) => {
  const { first, instance } = instancesOverOneDatabase(backend, NOW);

  const raise = (services: Services) => services.cases.raise(manager, kentParentChallenge(new Date('2026-12-21T09:00:00Z')), NOW);

  /** The conference chair's soonest deadline still to be met, as the read model holds it. */
  const chairsSoonest = () =>
    first()
      .database.db.selectFrom('work_items')
      .select(['due_instant', 'due_date'])
      .where('role', '=', 'conference-chair')
      .where('due_instant', 'is not', null)
      .orderBy('due_instant')
      .limit(1)
      .executeTakeFirstOrThrow();

  /** What an instance that has counted nothing yet reads. */
  const freshly = async (read: (services: Services) => Promise<unknown>) => read((await instance()).services);

  it('counts a case raised through another instance on the next read', async () => {
    await raise(first().services);
    const home = (services: Services) => services.myWork.home(manager, 10, NOW, true);
    const before = await home(first().services);
    const other = await instance();
    await raise(other.services);
    const after = await home(first().services);
    const expected = await freshly(home);
    expect({ own: totals(after.work), colleagues: after.colleagues?.total }).toEqual({
      own: totals((expected as typeof after).work),
      colleagues: (expected as typeof after).colleagues?.total,
    });
    // The second case is counted: the test has teeth.
    expect(after.colleagues?.total).toBeGreaterThan(before.colleagues?.total ?? 0);
    expect(Object.values(totals(after.work)).reduce((a, b) => a + b, 0)).toBeGreaterThan(
      Object.values(totals(before.work)).reduce((a, b) => a + b, 0),
    );
  }, 60_000);

  it("turns an item overdue at its due instant, and moves it into today at its day's start, with nothing written", async () => {
    await raise(first().services);
    const soonest = await chairsSoonest();
    const due = new Date(soonest.due_instant ?? '');
    const dueDay = soonest.due_date ?? '';
    const read = (services: Services, at: Date) => services.myWork.of(chair, { limit: 10 }, at).then(totals);

    // The day before its day: this week's (or later); then early on its day, before its due
    // instant: today's. December in London is UTC, so 00:30Z is half past midnight there.
    const dayBefore = new Date(`${dueDay}T00:30:00Z`);
    dayBefore.setUTCDate(dayBefore.getUTCDate() - 1);
    const earlyOnTheDay = new Date(`${dueDay}T00:30:00Z`);
    expect(earlyOnTheDay < due).toBe(true);
    const onTheDayBefore = await read(first().services, dayBefore);
    expect(onTheDayBefore['today']).toBe(0);
    const onTheDay = await read(first().services, earlyOnTheDay);
    expect(onTheDay).toEqual(await freshly((services) => read(services, earlyOnTheDay)));
    expect(onTheDay['today']).toBeGreaterThan(0);

    // A millisecond before it is due, and at its due instant: here the start of the next day.
    const justBefore = await read(first().services, new Date(due.getTime() - 1));
    expect(justBefore['overdue']).toBe(0);
    const atDue = await read(first().services, due);
    expect(atDue).toEqual(await freshly((services) => read(services, due)));
    expect(atDue['overdue']).toBeGreaterThan(0);

    // A limit in hours falls due in the middle of a day: the same day's kept counts end there.
    const { id } = await raise(first().services);
    await first()
      .database.db.insertInto('work_items')
      .values({
        ...directItem(id),
        role: 'conference-chair',
        person_id: chair.id,
        due_instant: '2026-12-22T14:30:00.000Z',
        due_date: '2026-12-22',
        due_display: '2026-12-22T14:30',
      })
      .execute();
    await raiseWorkVersion(first().database.db, 'kent');
    const morning = await read(first().services, new Date('2026-12-22T09:00:00Z'));
    const afternoon = await read(first().services, new Date('2026-12-22T14:30:00Z'));
    expect(afternoon['overdue']).toBe((morning['overdue'] ?? 0) + 1);
    expect(afternoon['today']).toBe((morning['today'] ?? 0) - 1);
    // The clock set back to the morning: the counts made in the afternoon do not hold before then.
    expect(await read(first().services, new Date('2026-12-22T09:00:00Z'))).toEqual(morning);
  }, 60_000);

  it('does not count again while the partnership’s work is unchanged, and counts again once it moves on', async () => {
    const { id } = await raise(first().services);
    const read = () => first().services.myWork.of(manager, { limit: 10 }, NOW).then(totals);
    const counted = await read();
    // Written behind the service's back, as no real writer does (every writer projects the case,
    // which moves the work version on): a kept count does not see it.
    await first().database.db.insertInto('work_items').values(directItem(id)).execute();
    expect(await read()).toEqual(counted);
    await raiseWorkVersion(first().database.db, 'kent');
    expect(await read()).toEqual({ ...counted, later: (counted['later'] ?? 0) + 1 });
  }, 60_000);

  it('shows the same items as an instance that has read nothing, as the work and the time move on', async () => {
    await raise(first().services);
    const home = (services: Services, at: Date) => services.myWork.home(manager, 10, at, true);
    const chairs = (services: Services, at: Date) => services.myWork.of(chair, { limit: 10 }, at);
    const same = async <T>(read: (services: Services, at: Date) => Promise<T>, at: Date): Promise<T> => {
      const kept = await read(first().services, at);
      expect(kept).toEqual(await freshly((services) => read(services, at)));
      return kept;
    };
    const before = await same(home, NOW);
    await same(chairs, NOW);

    // A case raised through another instance: its items are shown on the next read of each page.
    await raise((await instance()).services);
    const after = await same(home, NOW);
    expect(after.colleagues?.items.length).toBeGreaterThan(before.colleagues?.items.length ?? 0);

    // The chair's soonest deadline, a millisecond before it is due and at its due instant: it moves
    // from its page to the overdue page; on the manager's colleagues' page it is marked overdue.
    const soonest = await chairsSoonest();
    const due = new Date(soonest.due_instant ?? '');
    const justBefore = await same(chairs, new Date(due.getTime() - 1));
    const atDue = await same(chairs, due);
    const overdue = (work: MyWork) => work.groups.find((group) => group.group === 'overdue')?.items.length ?? 0;
    // (Both cases were raised alike: their first deadlines fall due together.)
    expect(overdue(atDue)).toBeGreaterThan(overdue(justBefore));
    // A clock set back: what was overdue at the due instant is not, a millisecond before it.
    expect(await same(chairs, new Date(due.getTime() - 1))).toEqual(justBefore);
    const markedOverdue = async (at: Date) =>
      (await same(home, at)).colleagues?.items.filter((item) => item.due?.instant === soonest.due_instant && item.overdue).length ?? 0;
    expect(await markedOverdue(new Date(due.getTime() - 1))).toBe(0);
    expect(await markedOverdue(due)).toBeGreaterThan(0);
  }, 60_000);

  it('does not read a page of items again while its counts hold, and reads it again once the work moves on', async () => {
    const { id } = await raise(first().services);
    const items = async () =>
      (await first().services.myWork.of(manager, { limit: 50 }, NOW)).groups.flatMap((group) => group.items.map((item) => item.step));
    const shown = await items();
    // Written behind the service's back, as no real writer does (every writer projects the case,
    // which moves the work version on): a kept page does not show it.
    await first().database.db.insertInto('work_items').values(directItem(id)).execute();
    expect(await items()).toEqual(shown);
    await raiseWorkVersion(first().database.db, 'kent');
    const again = await items();
    expect(again).toHaveLength(shown.length + 1);
    expect(again).toContain('Written directly');
  }, 60_000);

  it('gives the same item objects while a page is kept (own and colleagues’, overdue or not), and new ones once the work moves on', async () => {
    await raise(first().services);
    const home = (at = NOW) => first().services.myWork.home(manager, 10, at, true);
    const own = (work: Awaited<ReturnType<typeof home>>) => work.work.groups.flatMap((group) => group.items);
    const theirs = (work: Awaited<ReturnType<typeof home>>) => work.colleagues?.items ?? [];
    const before = await home();
    const again = await home();
    expect(own(before).length).toBeGreaterThan(0);
    expect(theirs(before).length).toBeGreaterThan(0);
    own(again).forEach((item, index) => {
      expect(item).toBe(own(before)[index]);
    });
    theirs(again).forEach((item, index) => {
      expect(item).toBe(theirs(before)[index]);
    });
    // A colleague's item past its due instant is another object, overdue, however often it is read.
    const soonest = theirs(before).find((item) => item.due !== null && !item.overdue);
    if (soonest?.due == null) throw new Error('the test needs a colleague’s item with a time limit, not yet overdue');
    const later = new Date(new Date(soonest.due.instant).getTime() + 1000);
    const overdue = (await home(later)).colleagues?.items.find((item) => item.id === soonest.id && item.case.id === soonest.case.id);
    expect(overdue).toMatchObject({ overdue: true, step: soonest.step });
    expect(overdue).not.toBe(soonest);
    // The work moved on: items made again, as an instance that has read nothing makes them.
    await raise(first().services);
    const moved = await home();
    expect(own(moved)[0]).not.toBe(own(before)[0]);
    expect(moved.work).toEqual(((await freshly((services) => services.myWork.home(manager, 10, NOW, true))) as typeof moved).work);
  }, 60_000);

  it('moves the work version on with every case projected, that partnership’s only', async () => {
    const versions = async () =>
      Object.fromEntries(
        (await first().database.db.selectFrom('work_versions').select(['partnership_id', 'version']).execute()).map((row) => [
          row.partnership_id,
          row.version,
        ]),
      );
    const start = await versions();
    await raise(first().services);
    const after = await versions();
    expect(after['kent']).toBeGreaterThan(start['kent'] ?? 0);
    expect(Object.keys(after).filter((id) => id !== 'kent' && after[id] !== start[id])).toEqual([]);
  }, 60_000);

  it('lets many cases of one partnership be raised at once, the first of its year among them, none waiting on another for ever', async () => {
    // On PostgreSQL a raise updates the partnership's row (its reference prefix) before it takes
    // the year's next reference number; the work version raised last on that same row made two
    // raises wait for each other (deadlock detected). Twelve at once, as the demo seeding does.
    const raised = await Promise.all(Array.from({ length: 12 }, () => raise(first().services)));
    expect(new Set(raised.map((r) => r.reference)).size).toBe(12);
    const home = await first().services.myWork.home(manager, 10, NOW, true);
    expect(home.work).toEqual(((await freshly((services) => services.myWork.home(manager, 10, NOW, true))) as typeof home).work);
  }, 60_000);
});
