import { describe, expect, it } from 'vitest';
import {
  WorkingCalendar,
  englandAndWalesHolidays,
  isoDate,
  toDayNumber,
  type ClosureDay,
  type HolidayRules,
} from '../../src/core/calendar/index.js';
import { englandAndWalesRules } from '../../src/holidays/englandAndWalesRules.js';

const calendar = WorkingCalendar.create({ holidayRules: englandAndWalesRules });
const add = (from: string, n: number, cal: WorkingCalendar = calendar) => cal.addWorkingDays(isoDate(from), n);
const christmasClosure: readonly ClosureDay[] = [
  { date: isoDate('2026-12-29'), reason: 'Christmas closure' },
  { date: isoDate('2026-12-30'), reason: 'Christmas closure' },
  { date: isoDate('2026-12-31'), reason: 'Christmas closure' },
];

describe('which days are working days', () => {
  it('given weekdays, weekends and bank holidays in 2026, then only ordinary weekdays are working days', () => {
    expect(calendar.isWorkingDay(isoDate('2026-12-15'))).toBe(true);
    expect(calendar.isWorkingDay(isoDate('2026-12-19'))).toBe(false);
    expect(calendar.isWorkingDay(isoDate('2026-12-20'))).toBe(false);
    expect(calendar.isWorkingDay(isoDate('2026-12-25'))).toBe(false);
    expect(calendar.isWorkingDay(isoDate('2026-12-28'))).toBe(false);
    expect(calendar.isWorkingDay(isoDate('2026-04-03'))).toBe(false);
    expect(calendar.isWorkingDay(isoDate('2026-04-06'))).toBe(false);
  });

  it('given the one-off changes, then the added days are holidays and the replaced days are working days', () => {
    for (const holiday of ['2012-06-05', '2020-05-08', '2022-06-02', '2022-06-03', '2022-09-19', '2023-05-08']) {
      expect(calendar.isWorkingDay(isoDate(holiday))).toBe(false);
    }
    for (const working of ['2020-05-04', '2022-05-30']) {
      expect(calendar.isWorkingDay(isoDate(working))).toBe(true);
    }
  });

  it('given non-working days, then the reason says which kind', () => {
    const cal = WorkingCalendar.create({ holidayRules: englandAndWalesRules, closures: christmasClosure });
    expect(cal.nonWorkingReason(isoDate('2026-12-19'))).toEqual({ kind: 'weekend', title: 'Saturday' });
    expect(cal.nonWorkingReason(isoDate('2026-12-20'))).toEqual({ kind: 'weekend', title: 'Sunday' });
    expect(cal.nonWorkingReason(isoDate('2026-12-25'))).toEqual({ kind: 'bank-holiday', title: 'Christmas Day', projected: false });
    expect(cal.nonWorkingReason(isoDate('2026-12-29'))).toEqual({ kind: 'closure', title: 'Christmas closure' });
    expect(cal.nonWorkingReason(isoDate('2029-12-25'))).toEqual({ kind: 'bank-holiday', title: 'Christmas Day', projected: true });
    expect(cal.nonWorkingReason(isoDate('2026-12-15'))).toBeUndefined();
  });

  it('given a closure on a bank holiday or at a weekend, then the day is reported as the holiday or the weekend', () => {
    const cal = WorkingCalendar.create({
      holidayRules: englandAndWalesRules,
      closures: [
        { date: isoDate('2026-12-25'), reason: 'closed' },
        { date: isoDate('2026-12-26'), reason: 'closed' },
      ],
    });
    expect(cal.nonWorkingReason(isoDate('2026-12-25'))?.kind).toBe('bank-holiday');
    expect(cal.nonWorkingReason(isoDate('2026-12-26'))?.kind).toBe('weekend');
  });
});

describe('counting working days', () => {
  it('given Tue 15 Dec 2026, when 10 working days are added, then Christmas and the Boxing Day substitute are skipped: Thu 31 Dec 2026', () => {
    expect(add('2026-12-15', 10)).toBe('2026-12-31');
  });

  it('given Wed 1 Apr 2026, when 5 working days are added, then Good Friday and Easter Monday are skipped: Fri 10 Apr 2026', () => {
    expect(add('2026-04-01', 5)).toBe('2026-04-10');
    expect(add('2026-04-02', 1)).toBe('2026-04-07');
  });

  it('given Fri 24 Dec 2027, when 1 working day is added, then both Christmas substitutes are skipped: Wed 29 Dec 2027', () => {
    expect(add('2027-12-24', 1)).toBe('2027-12-29');
  });

  it.each([
    ['2022-06-01', '2022-06-06', 'Platinum Jubilee, 2 and 3 June 2022'],
    ['2022-05-27', '2022-05-30', 'Mon 30 May 2022 is a working day'],
    ['2022-09-16', '2022-09-20', 'state funeral, 19 Sep 2022'],
    ['2023-05-05', '2023-05-09', 'coronation, 8 May 2023'],
    ['2020-05-07', '2020-05-11', 'VE day, Fri 8 May 2020'],
    ['2020-05-01', '2020-05-04', 'Mon 4 May 2020 is a working day'],
    ['2012-06-01', '2012-06-06', 'Diamond Jubilee, 4 and 5 June 2012'],
  ])('given %s, when 1 working day is added, then it is %s (%s)', (from, expected) => {
    expect(add(from, 1)).toBe(expected);
  });

  it('given a Saturday, when counting, then the Saturday itself never counts', () => {
    expect(add('2026-12-19', 1)).toBe('2026-12-21');
    expect(add('2026-12-19', -1)).toBe('2026-12-18');
  });

  it('given a bank holiday, when counting, then the holiday itself never counts', () => {
    expect(add('2026-12-25', 1)).toBe('2026-12-29');
    expect(add('2026-12-28', -1)).toBe('2026-12-24');
  });

  it('given a working day, when counting, then that day itself does not count either', () => {
    expect(add('2026-12-15', 1)).toBe('2026-12-16');
    expect(add('2026-12-15', -1)).toBe('2026-12-14');
  });

  it('given a negative number, then it counts back: 10 working days before Thu 31 Dec 2026 is Tue 15 Dec 2026', () => {
    expect(add('2026-12-31', -10)).toBe('2026-12-15');
    expect(add('2027-01-02', -1)).toBe('2026-12-31');
  });

  it('given zero, then the date itself is returned, whatever kind of day it is', () => {
    expect(add('2026-12-19', 0)).toBe('2026-12-19');
    expect(add('2026-12-25', 0)).toBe('2026-12-25');
  });

  it('given a closure from 29 to 31 Dec 2026, when 10 working days are added to Tue 15 Dec, then the result is Wed 6 Jan 2027', () => {
    const cal = WorkingCalendar.create({ holidayRules: englandAndWalesRules, closures: christmasClosure });
    expect(add('2026-12-15', 10, cal)).toBe('2027-01-06');
    expect(cal.isWorkingDay(isoDate('2026-12-30'))).toBe(false);
    expect(add('2027-01-06', -10, cal)).toBe('2026-12-15');
  });

  it('given the hot path on day numbers, then it agrees with the date API', () => {
    expect(calendar.addWorkingDaysToDayNumber(20802, 10)).toBe(20818);
    expect(calendar.addWorkingDaysToDayNumber(toDayNumber(isoDate('2026-12-31')), -10)).toBe(20802);
  });

  it('given a fractional number of working days, then it is refused', () => {
    expect(() => add('2026-12-15', 1.5)).toThrow(RangeError);
  });
});

describe('the next working day, counts between dates, and the days skipped', () => {
  it('given a working day, then the next working day on or after it is itself; given Christmas Day 2026, Tue 29 Dec', () => {
    expect(calendar.nextWorkingDayOnOrAfter(isoDate('2026-12-15'))).toBe('2026-12-15');
    expect(calendar.nextWorkingDayOnOrAfter(isoDate('2026-12-25'))).toBe('2026-12-29');
    expect(calendar.nextWorkingDayOnOrAfter(isoDate('2027-02-06'))).toBe('2027-02-08');
  });

  it('given two dates, then the working days strictly after the first up to the second are counted', () => {
    expect(calendar.workingDaysBetween(isoDate('2026-12-15'), isoDate('2026-12-31'))).toBe(10);
    expect(calendar.workingDaysBetween(isoDate('2026-12-31'), isoDate('2026-12-15'))).toBe(-10);
    expect(calendar.workingDaysBetween(isoDate('2026-12-15'), isoDate('2026-12-15'))).toBe(0);
    expect(calendar.workingDaysBetween(isoDate('2026-12-24'), isoDate('2026-12-28'))).toBe(0);
  });

  it('given a span over Christmas, then the bank holidays and closures in it are listed, not the weekends', () => {
    const cal = WorkingCalendar.create({ holidayRules: englandAndWalesRules, closures: christmasClosure });
    expect(cal.holidaysAndClosuresBetween(isoDate('2026-12-24'), isoDate('2027-01-04'))).toEqual([
      { date: '2026-12-25', reason: { kind: 'bank-holiday', title: 'Christmas Day', projected: false } },
      { date: '2026-12-28', reason: { kind: 'bank-holiday', title: 'Boxing Day (substitute day)', projected: false } },
      { date: '2026-12-29', reason: { kind: 'closure', title: 'Christmas closure' } },
      { date: '2026-12-30', reason: { kind: 'closure', title: 'Christmas closure' } },
      { date: '2026-12-31', reason: { kind: 'closure', title: 'Christmas closure' } },
      { date: '2027-01-01', reason: { kind: 'bank-holiday', title: 'New Year’s Day', projected: false } },
    ]);
    // The start is excluded and the end included.
    expect(cal.holidaysAndClosuresBetween(isoDate('2026-12-25'), isoDate('2026-12-28')).map((s) => s.date)).toEqual(['2026-12-28']);
  });
});

describe('the range a calendar covers', () => {
  it('given the defaults, then it covers 2000 to 2080', () => {
    expect(calendar.firstYear).toBe(2000);
    expect(calendar.lastYear).toBe(2080);
  });

  it('given a date outside the range, then a RangeError names the supported range', () => {
    expect(() => add('1999-12-31', 1)).toThrow(/2000-01-01 to 2080-12-31/);
    expect(() => calendar.isWorkingDay(isoDate('2081-01-01'))).toThrow(RangeError);
    expect(() => add('2080-12-20', 30)).toThrow(/2000-01-01 to 2080-12-31/);
    expect(() => add('2000-01-05', -10)).toThrow(RangeError);
  });

  it('given a narrower range, then dates inside work and dates just outside throw', () => {
    const small = WorkingCalendar.create({ holidayRules: englandAndWalesRules, firstYear: 2026, lastYear: 2027 });
    expect(small.addWorkingDays(isoDate('2026-12-15'), 10)).toBe('2026-12-31');
    expect(() => small.addWorkingDays(isoDate('2025-12-31'), 1)).toThrow(/2026-01-01 to 2027-12-31/);
    expect(() => small.addWorkingDays(isoDate('2027-12-31'), 1)).toThrow(RangeError);
  });

  it('given an impossible range, then creation fails', () => {
    expect(() => WorkingCalendar.create({ firstYear: 2030, lastYear: 2020 })).toThrow(RangeError);
    expect(() => WorkingCalendar.create({ firstYear: 1800 })).toThrow(RangeError);
    expect(() => WorkingCalendar.create({ firstYear: 2000.5 })).toThrow(RangeError);
  });
});

describe('years beyond the bank holiday feed (2012 to 2028)', () => {
  /** The real rules, noting each year they are asked for. */
  function countingRules(): { rules: HolidayRules; asked: number[] } {
    const asked: number[] = [];
    return { asked, rules: (year) => (asked.push(year), englandAndWalesRules(year)) };
  }
  /** A calendar that has already tabulated its whole range. */
  function whole(): WorkingCalendar {
    const cal = WorkingCalendar.create({ holidayRules: englandAndWalesRules, closures: christmasClosure });
    cal.isWorkingDay(isoDate('2000-01-04'));
    return cal;
  }

  it("given a calculation inside the feed's years, then the holiday rules are never asked", () => {
    const { rules, asked } = countingRules();
    const cal = WorkingCalendar.create({ holidayRules: rules, closures: christmasClosure });
    // Tue 15 Dec 2026: 16-18, 21-24 (7), (25, 28 holidays; 29-31 closed; 1 Jan holiday) 4, 5, 6 Jan (10)
    expect(add('2026-12-15', 10, cal)).toBe('2027-01-06');
    expect(cal.workingDaysBetween(isoDate('2012-01-03'), isoDate('2028-12-29'))).toBe(
      whole().workingDaysBetween(isoDate('2012-01-03'), isoDate('2028-12-29')),
    );
    expect(cal.nonWorkingReason(isoDate('2028-12-26'))).toEqual({ kind: 'bank-holiday', title: 'Boxing Day', projected: false });
    expect(asked).toEqual([]);
  });

  it("given a count that runs past the end of the feed, then the rules are asked and the answer is the same as a whole calendar's", () => {
    const { rules, asked } = countingRules();
    const cal = WorkingCalendar.create({ holidayRules: rules, closures: christmasClosure });
    // Thu 21 Dec 2028: 22, (25, 26 holidays) 27, 28, 29 (4), (1 Jan 2029, projected) 2, 3 Jan (6)
    expect(add('2028-12-21', 6, cal)).toBe('2029-01-03');
    expect(asked).toContain(2029);
    expect(add('2028-12-21', 6, whole())).toBe('2029-01-03');
  });

  it("given a count back that runs before the start of the feed, then the answer is the same as a whole calendar's", () => {
    const cal = WorkingCalendar.create({ holidayRules: englandAndWalesRules });
    // Thu 5 Jan 2012 back: 4, 3 (2), (2 Jan holiday) 30, 29, 28 Dec 2011 (5)
    expect(add('2012-01-05', -5, cal)).toBe('2011-12-28');
    expect(add('2012-01-05', -5, whole())).toBe('2011-12-28');
  });

  it("given two dates on either side of the end of the feed, in either order, then the count between them is a whole calendar's", () => {
    const inFeed = isoDate('2028-11-01');
    const beyond = isoDate('2029-04-30');
    const expected = whole().workingDaysBetween(inFeed, beyond);
    expect(
      WorkingCalendar.create({ holidayRules: englandAndWalesRules, closures: christmasClosure }).workingDaysBetween(inFeed, beyond),
    ).toBe(expected);
    expect(
      WorkingCalendar.create({ holidayRules: englandAndWalesRules, closures: christmasClosure }).workingDaysBetween(beyond, inFeed),
    ).toBe(-expected);
    const skipped = WorkingCalendar.create({ holidayRules: englandAndWalesRules }).holidaysAndClosuresBetween(inFeed, beyond);
    expect(skipped.map((s) => s.date)).toEqual(['2028-12-25', '2028-12-26', '2029-01-01', '2029-03-30', '2029-04-02']);
    expect(skipped.map((s) => s.reason.kind === 'bank-holiday' && s.reason.projected)).toEqual([false, false, true, true, true]);
  });

  it("given no holiday rules, then the feed's years work and a question beyond them is refused, naming the date", () => {
    const cal = WorkingCalendar.create({ closures: christmasClosure });
    expect(add('2026-12-15', 10, cal)).toBe('2027-01-06');
    expect(() => cal.isWorkingDay(isoDate('2029-01-02'))).toThrow(
      /2029-01-02 reaches beyond the years of the built-in bank holiday feed \(2012 to 2028\)/,
    );
    expect(() => add('2028-12-21', 6, cal)).toThrow(/6 working days after 2028-12-21 reaches beyond/);
    expect(() => englandAndWalesHolidays(2029, 2029)).toThrow(/no holiday rules were given/);
    expect(() => WorkingCalendar.create({ firstYear: 2030, lastYear: 2031 })).toThrow(RangeError);
  });
});
