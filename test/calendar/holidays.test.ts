import { describe, expect, it } from 'vitest';
import { FEED_FIRST_YEAR, FEED_LAST_YEAR, englandAndWalesHolidays, projectedHolidays } from '../../src/core/calendar/index.js';
import { englandAndWalesRules } from '../../src/holidays/englandAndWalesRules.js';

const datesOf = (holidays: readonly { date: string }[]) => holidays.map((h) => h.date);

describe('the published bank holiday feed', () => {
  it('given the built-in copy, then it covers 2012 to 2028 with 140 England and Wales holidays', () => {
    expect(FEED_FIRST_YEAR).toBe(2012);
    expect(FEED_LAST_YEAR).toBe(2028);
    const all = englandAndWalesHolidays(2012, 2028);
    expect(all).toHaveLength(140);
    expect(all[0]?.date).toBe('2012-01-02');
    expect(all.at(-1)?.date).toBe('2028-12-26');
    expect(all.every((h) => !h.projected)).toBe(true);
  });

  it('given 2026, then Easter is 3 and 6 April and Boxing Day is substituted to Mon 28 December', () => {
    expect(datesOf(englandAndWalesHolidays(2026, 2026))).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-28',
    ]);
  });

  it('given 2027 and 2028, then Christmas is substituted to 27 and 28 December and New Year to 3 January', () => {
    const dates = datesOf(englandAndWalesHolidays(2027, 2028));
    expect(dates).toContain('2027-12-27');
    expect(dates).toContain('2027-12-28');
    expect(dates).not.toContain('2027-12-25');
    expect(dates).toContain('2028-01-03');
  });

  it('given the one-off years, then the one-off holidays are there and the days they replaced are not', () => {
    const dates = datesOf(englandAndWalesHolidays(2012, 2023));
    for (const oneOff of ['2012-06-04', '2012-06-05', '2020-05-08', '2022-06-02', '2022-06-03', '2022-09-19', '2023-05-08']) {
      expect(dates).toContain(oneOff);
    }
    for (const replaced of ['2012-05-28', '2020-05-04', '2022-05-30']) {
      expect(dates).not.toContain(replaced);
    }
  });

  it('given a substitute day, then its title says so', () => {
    const boxing = englandAndWalesHolidays(2026, 2026).find((h) => h.date === '2026-12-28');
    expect(boxing?.title).toBe('Boxing Day (substitute day)');
  });
});

describe('projected bank holidays', () => {
  it('given 2013 to 2028 projected from the usual rules, then they match the feed except the one-off extra days', () => {
    const projected = new Set<string>();
    for (let year = 2013; year <= 2028; year += 1) for (const h of projectedHolidays(year, englandAndWalesRules)) projected.add(h.date);
    const published = new Set(datesOf(englandAndWalesHolidays(2013, 2028)));
    const onlyPublished = [...published].filter((d) => !projected.has(d)).sort();
    const onlyProjected = [...projected].filter((d) => !published.has(d)).sort();
    // date-holidays already moves the usual holiday in 2020 (to VE day, 8 May) and 2022 (Spring to
    // 2 June), as the feed does; the extra days it lists are left out as one-offs.
    expect(onlyPublished).toEqual(['2022-06-03', '2022-09-19', '2023-05-08']);
    expect(onlyProjected).toEqual([]);
  });

  it('given 2029, then the usual eight holidays are projected and flagged', () => {
    const holidays = englandAndWalesHolidays(2029, 2029, englandAndWalesRules);
    expect(datesOf(holidays)).toEqual([
      '2029-01-01',
      '2029-03-30',
      '2029-04-02',
      '2029-05-07',
      '2029-05-28',
      '2029-08-27',
      '2029-12-25',
      '2029-12-26',
    ]);
    expect(holidays.every((h) => h.projected)).toBe(true);
    expect(holidays.find((h) => h.date === '2029-03-30')?.title).toBe('Good Friday');
  });

  it('given a projected year with Christmas at a weekend, then the substitutes are weekdays', () => {
    // 2032: 25 December is a Saturday, 26th a Sunday; 2033: 1 January is a Saturday.
    const dates = datesOf(englandAndWalesHolidays(2032, 2033, englandAndWalesRules));
    expect(dates).toContain('2032-12-27');
    expect(dates).toContain('2032-12-28');
    expect(dates).not.toContain('2032-12-25');
    expect(dates).toContain('2033-01-03');
  });

  it('given a range across the end of the feed, then published and projected years join in date order', () => {
    const holidays = englandAndWalesHolidays(2028, 2029, englandAndWalesRules);
    expect(holidays.find((h) => h.date === '2028-12-26')?.projected).toBe(false);
    expect(holidays.find((h) => h.date === '2029-01-01')?.projected).toBe(true);
    const dates = datesOf(holidays);
    expect([...dates].sort()).toEqual(dates);
  });

  it('given impossible year ranges, then they are refused', () => {
    expect(() => englandAndWalesHolidays(2030, 2029)).toThrow(RangeError);
    expect(() => englandAndWalesHolidays(1800, 2000)).toThrow(RangeError);
  });
});
