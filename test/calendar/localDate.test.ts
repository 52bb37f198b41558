import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  addMonths,
  addMonthsDetailed,
  compareIsoDates,
  dayOfWeek,
  formatDayMonth,
  formatLongDate,
  fromDayNumber,
  isoDate,
  parseIsoDate,
  toDayNumber,
} from '../../src/core/calendar/index.js';

describe('parsing a calendar date', () => {
  it.each(['2026-12-15', '2028-02-29', '2000-02-29', '1900-01-01', '2199-12-31'])(
    'given %s, a real date in range, then it is accepted',
    (text) => {
      expect(parseIsoDate(text)).toBe(text);
    },
  );

  it.each([
    ['2026-02-30', 'no 30 February'],
    ['2027-02-29', '2027 is not a leap year'],
    ['1900-02-29', '1900 is not a leap year'],
    ['2026-13-01', 'no 13th month'],
    ['2026-00-10', 'no month 0'],
    ['2026-01-00', 'no day 0'],
    ['2026-04-31', 'April has 30 days'],
    ['1899-12-31', 'before 1900'],
    ['2200-01-01', 'after 2199'],
    ['2026-2-3', 'not zero-padded'],
    ['2026-02-03T00:00', 'has a time'],
    [' 2026-02-03', 'has a space'],
    ['', 'is empty'],
    ['03/02/2026', 'is not ISO'],
  ])('given %s (%s), then it is refused', (text) => {
    expect(parseIsoDate(text)).toBeUndefined();
  });

  it('given a bad literal, when isoDate is used, then it throws a RangeError naming the text', () => {
    expect(() => isoDate('2026-02-30')).toThrow(RangeError);
    expect(() => isoDate('2026-02-30')).toThrow(/"2026-02-30" is not a real date/);
  });
});

describe('day numbers', () => {
  it('given known dates, then their day numbers count from 1970-01-01', () => {
    expect(toDayNumber(isoDate('1970-01-01'))).toBe(0);
    expect(toDayNumber(isoDate('1969-12-31'))).toBe(-1);
    expect(toDayNumber(isoDate('2000-01-01'))).toBe(10957);
    // 56 years of 365 days, 14 leap days (1972..2024), then 348 days into 2026.
    expect(toDayNumber(isoDate('2026-12-15'))).toBe(20802);
    expect(toDayNumber(isoDate('1900-01-01'))).toBe(-25567);
  });

  it('given day numbers, then they turn back into the same dates', () => {
    expect(fromDayNumber(20802)).toBe('2026-12-15');
    expect(fromDayNumber(0)).toBe('1970-01-01');
    expect(fromDayNumber(-25567)).toBe('1900-01-01');
    expect(fromDayNumber(21243)).toBe('2028-02-29');
  });
});

describe('calendar days, weekdays and formatting', () => {
  it('given a date, when days are added or taken away, then months and years roll over', () => {
    expect(addCalendarDays(isoDate('2027-01-04'), 28)).toBe('2027-02-01');
    expect(addCalendarDays(isoDate('2028-02-28'), 1)).toBe('2028-02-29');
    expect(addCalendarDays(isoDate('2027-02-28'), 1)).toBe('2027-03-01');
    expect(addCalendarDays(isoDate('2027-01-01'), -1)).toBe('2026-12-31');
    expect(() => addCalendarDays(isoDate('2027-01-01'), 1.5)).toThrow(RangeError);
  });

  it('given known dates, then dayOfWeek counts 0 for Sunday', () => {
    expect(dayOfWeek(isoDate('2026-12-13'))).toBe(0);
    expect(dayOfWeek(isoDate('2026-12-15'))).toBe(2);
    expect(dayOfWeek(isoDate('2026-12-19'))).toBe(6);
    expect(dayOfWeek(isoDate('1970-01-01'))).toBe(4);
  });

  it('given dates, then they compare in date order', () => {
    expect(compareIsoDates(isoDate('2026-12-15'), isoDate('2027-01-01'))).toBe(-1);
    expect(compareIsoDates(isoDate('2027-01-01'), isoDate('2026-12-15'))).toBe(1);
    expect(compareIsoDates(isoDate('2027-01-01'), isoDate('2027-01-01'))).toBe(0);
  });

  it('given dates, then they are written the British way', () => {
    expect(formatLongDate(isoDate('2026-12-15'))).toBe('Tue 15 Dec 2026');
    expect(formatLongDate(isoDate('2026-09-01'))).toBe('Tue 1 Sep 2026');
    expect(formatDayMonth(isoDate('2026-12-25'))).toBe('25 December');
    expect(formatDayMonth(isoDate('2027-01-01'))).toBe('1 January');
  });
});

describe('months (Dodds v Walker)', () => {
  it.each([
    ['2027-03-15', 3, '2027-06-15', false],
    ['2027-01-31', 1, '2027-02-28', true],
    ['2028-01-31', 1, '2028-02-29', true],
    ['2026-11-30', 3, '2027-02-28', true],
    ['2027-11-30', 3, '2028-02-29', true],
    ['2027-03-31', 3, '2027-06-30', true],
    ['2028-02-29', 12, '2029-02-28', true],
    ['2027-02-28', 1, '2027-03-28', false],
    ['2026-12-31', 2, '2027-02-28', true],
    ['2026-10-31', 1, '2026-11-30', true],
    ['2026-08-31', 6, '2027-02-28', true],
    ['2027-05-15', -3, '2027-02-15', false],
    ['2027-05-31', -3, '2027-02-28', true],
  ] as const)('given %s, when %i months are added, then the result is %s (clipped: %s)', (from, months, expected, clipped) => {
    expect(addMonthsDetailed(isoDate(from), months)).toEqual({ date: expected, clipped });
    expect(addMonths(isoDate(from), months)).toBe(expected);
  });
});
