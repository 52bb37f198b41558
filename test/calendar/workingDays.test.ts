import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FEED_FIRST_YEAR,
  FEED_LAST_YEAR,
  WorkingCalendar,
  englandAndWalesHolidays,
  fromDayNumber,
  isoDate,
  parseIsoDate,
  projectedHolidays,
  toDayNumber,
} from '../../src/core/calendar/index.js';
import { englandAndWalesRules } from '../../src/holidays/englandAndWalesRules.js';

const calendar = WorkingCalendar.create({ holidayRules: englandAndWalesRules });
const d = isoDate;

describe('bank holidays', () => {
  it('come from the built-in GOV.UK feed for 2012 to 2028', () => {
    expect([FEED_FIRST_YEAR, FEED_LAST_YEAR]).toEqual([2012, 2028]);
    expect(englandAndWalesHolidays(2012, 2028)).toHaveLength(140);
    expect(englandAndWalesHolidays(2012, 2028).every((h) => !h.projected)).toBe(true);
  });

  it('include the one-off days, and not the days they replaced', () => {
    for (const day of ['2012-06-05', '2020-05-08', '2022-06-02', '2022-06-03', '2022-09-19', '2023-05-08']) {
      expect(calendar.isWorkingDay(d(day)), day).toBe(false);
    }
    expect(calendar.isWorkingDay(d('2020-05-04'))).toBe(true);
    expect(calendar.isWorkingDay(d('2022-05-30'))).toBe(true);
  });

  it('projected by rule match the feed in every year but for the one-off changes', () => {
    const oneOffs = new Set([
      '2012-06-04',
      '2012-06-05',
      '2012-05-28',
      '2020-05-04',
      '2020-05-08',
      '2022-05-30',
      '2022-06-02',
      '2022-06-03',
      '2022-09-19',
      '2023-05-08',
    ]);
    for (let year = 2013; year <= 2028; year += 1) {
      const published = englandAndWalesHolidays(year, year)
        .map((h) => h.date)
        .filter((x) => !oneOffs.has(x));
      const projected = projectedHolidays(year, englandAndWalesRules)
        .map((h) => h.date)
        .filter((x) => !oneOffs.has(x));
      expect(projected, String(year)).toEqual(published);
    }
  });

  it('after the feed are projected and flagged', () => {
    const h2029 = englandAndWalesHolidays(2029, 2029, englandAndWalesRules);
    expect(h2029.every((h) => h.projected)).toBe(true);
    expect(h2029.map((h) => h.date)).toEqual(expect.arrayContaining(['2029-03-30', '2029-04-02', '2029-12-25', '2029-12-26']));
  });
});

describe('working days after an event', () => {
  it('skip Christmas 2026: 10 working days after Tue 15 Dec is Thu 31 Dec', () => {
    // 16,17,18,21,22,23,24 (7), 25 Fri and 28 Mon holidays, 29,30,31 (10)
    expect(calendar.addWorkingDays(d('2026-12-15'), 10)).toBe('2026-12-31');
  });

  it('skip Easter 2026: 3 working days after Thu 2 Apr is Thu 9 Apr', () => {
    // Fri 3 Good Friday, Mon 6 Easter Monday: Tue 7, Wed 8, Thu 9
    expect(calendar.addWorkingDays(d('2026-04-02'), 3)).toBe('2026-04-09');
  });

  it('skip the 2027 Christmas substitute days (27 and 28 December)', () => {
    // Fri 24 Dec 2027 + 1 working day: (25, 26 weekend; 27, 28 substitutes) Wed 29 Dec
    expect(calendar.addWorkingDays(d('2027-12-24'), 1)).toBe('2027-12-29');
  });

  it('never count the starting day, even when it is a weekend or a holiday', () => {
    // from Sat 5 Dec 2026: Mon 7 is the first working day after
    expect(calendar.addWorkingDays(d('2026-12-05'), 1)).toBe('2026-12-07');
    // from Fri 25 Dec 2026 (Christmas): Tue 29 is the first
    expect(calendar.addWorkingDays(d('2026-12-25'), 1)).toBe('2026-12-29');
  });

  it('count back with a negative number', () => {
    // before Tue 7 Apr 2026: Thu 2 Apr is the first working day
    expect(calendar.addWorkingDays(d('2026-04-07'), -1)).toBe('2026-04-02');
    expect(calendar.addWorkingDays(d('2026-12-29'), -1)).toBe('2026-12-24');
    expect(calendar.addWorkingDays(d('2026-12-27'), -1)).toBe('2026-12-24');
  });

  it("skip the partnership's own closure days", () => {
    const closed = WorkingCalendar.create({
      holidayRules: englandAndWalesRules,
      closures: [29, 30, 31].map((day) => ({ date: d(`2026-12-${String(day)}`), reason: 'office closed' })),
    });
    // Thu 24 Dec 2026 + 1: (25, 28 holidays; 29-31 closed; 1 Jan holiday) Mon 4 Jan 2027
    expect(closed.addWorkingDays(d('2026-12-24'), 1)).toBe('2027-01-04');
    expect(closed.nonWorkingReason(d('2026-12-30'))).toEqual({ kind: 'closure', title: 'office closed' });
    expect(closed.nonWorkingReason(d('2026-12-28'))).toMatchObject({ kind: 'bank-holiday' });
  });

  it("refuse dates outside the calendar's years", () => {
    expect(() => calendar.addWorkingDays(d('2150-01-01'), 1)).toThrow(RangeError);
    expect(() => WorkingCalendar.create({ firstYear: 2030, lastYear: 2020 })).toThrow(RangeError);
  });
});

describe('dates', () => {
  it('parse only real dates', () => {
    expect(parseIsoDate('2028-02-29')).toBe('2028-02-29');
    expect(parseIsoDate('2027-02-29')).toBeUndefined();
    expect(parseIsoDate('2026-02-30')).toBeUndefined();
    expect(parseIsoDate('2026-1-01')).toBeUndefined();
    expect(parseIsoDate('tomorrow')).toBeUndefined();
    expect(() => isoDate('2026-13-01')).toThrow('not a real date');
  });

  it('round-trip through day numbers', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: toDayNumber(d('1900-01-01')), max: toDayNumber(d('2199-12-31')) }),
        (n) => toDayNumber(fromDayNumber(n)) === n,
      ),
    );
    expect(toDayNumber(d('1970-01-01'))).toBe(0);
  });
});

describe('properties of working-day arithmetic (2012 to 2035)', () => {
  const day = fc.integer({ min: toDayNumber(d('2012-01-01')), max: toDayNumber(d('2035-12-31')) }).map(fromDayNumber);
  const n = fc.integer({ min: 1, max: 65 });

  it('never land on a non-working day', () => {
    fc.assert(
      fc.property(
        day,
        n,
        (from, k) => calendar.isWorkingDay(calendar.addWorkingDays(from, k)) && calendar.isWorkingDay(calendar.addWorkingDays(from, -k)),
      ),
    );
  });

  it('are undone by counting back from a working day', () => {
    fc.assert(
      fc.property(
        day,
        n,
        (from, k) => !calendar.isWorkingDay(from) || calendar.addWorkingDays(calendar.addWorkingDays(from, k), -k) === from,
      ),
    );
  });

  it('are monotonic', () => {
    fc.assert(
      fc.property(day, day, n, (a, b, k) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return calendar.addWorkingDays(lo, k) <= calendar.addWorkingDays(hi, k);
      }),
    );
  });

  it('count exactly n working days', () => {
    fc.assert(fc.property(day, n, (from, k) => calendar.workingDaysBetween(from, calendar.addWorkingDays(from, k)) === k));
  });
});
