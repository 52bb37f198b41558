import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  WorkingCalendar,
  addMonthsDetailed,
  computeDeadline,
  englandAndWalesHolidays,
  formatLondonDateTime,
  isoDate,
  parseIsoDate,
  parseLondonDateTime,
  toDayNumber,
  type ClosureDay,
} from '../../src/core/calendar/index.js';
import { englandAndWalesRules } from '../../src/holidays/englandAndWalesRules.js';

const DAY_MS = 86_400_000;
const closures: readonly ClosureDay[] = ['2026-12-29', '2026-12-30', '2026-12-31', '2030-08-01', '2033-04-19'].map((d) => ({
  date: isoDate(d),
  reason: 'closed',
}));
const calendar = WorkingCalendar.create({ holidayRules: englandAndWalesRules, closures });

/** Dates are generated with the platform's Date, independently of the code under test. */
const dateIn2012To2035 = fc
  .integer({ min: Date.UTC(2012, 0, 1) / DAY_MS, max: Date.UTC(2035, 11, 31) / DAY_MS })
  .map((days) => isoDate(new Date(days * DAY_MS).toISOString().slice(0, 10)));
const offset = fc.integer({ min: 1, max: 65 });

/** A slow, obviously right model: step one day at a time and ask the platform's Date for the weekday. */
const closed = new Set<string>([
  ...englandAndWalesHolidays(2011, 2036, englandAndWalesRules).map((h) => h.date),
  ...closures.map((c) => c.date),
]);
function isWorkingByModel(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !closed.has(date);
}
function addWorkingDaysByModel(date: string, n: number): string {
  let ms = Date.parse(`${date}T00:00:00Z`);
  let left = Math.abs(n);
  while (left > 0) {
    ms += Math.sign(n) * DAY_MS;
    if (isWorkingByModel(new Date(ms).toISOString().slice(0, 10))) left -= 1;
  }
  return new Date(ms).toISOString().slice(0, 10);
}

describe('properties of working-day arithmetic, dates 2012 to 2035, 1 to 65 working days', () => {
  it('given any date and offset, then the result is never a weekend, bank holiday or closure day', () => {
    fc.assert(
      fc.property(dateIn2012To2035, offset, (from, n) => {
        for (const result of [calendar.addWorkingDays(from, n), calendar.addWorkingDays(from, -n)]) {
          expect(calendar.isWorkingDay(result)).toBe(true);
          expect(calendar.nonWorkingReason(result)).toBeUndefined();
          expect(isWorkingByModel(result)).toBe(true);
        }
      }),
    );
  });

  it('given a working day, when n working days are added and then taken away, then it comes back to the same day', () => {
    fc.assert(
      fc.property(dateIn2012To2035, offset, (from, n) => {
        fc.pre(calendar.isWorkingDay(from));
        expect(calendar.addWorkingDays(calendar.addWorkingDays(from, n), -n)).toBe(from);
      }),
    );
  });

  it('given two dates in order, then their results are in the same order', () => {
    fc.assert(
      fc.property(dateIn2012To2035, dateIn2012To2035, offset, (a, b, n) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        expect(calendar.addWorkingDays(early, n) <= calendar.addWorkingDays(late, n)).toBe(true);
        expect(calendar.addWorkingDays(early, -n) <= calendar.addWorkingDays(late, -n)).toBe(true);
      }),
    );
  });

  it('given any date, then exactly n working days lie strictly after it up to its result', () => {
    fc.assert(
      fc.property(dateIn2012To2035, offset, (from, n) => {
        expect(calendar.workingDaysBetween(from, calendar.addWorkingDays(from, n))).toBe(n);
        // Counting back is symmetric only from a working day: the count runs from the earlier date.
        if (calendar.isWorkingDay(from)) expect(calendar.workingDaysBetween(from, calendar.addWorkingDays(from, -n))).toBe(-n);
      }),
    );
  });

  it('given any date and offset, then the O(1) tables agree with stepping one day at a time', () => {
    fc.assert(
      fc.property(dateIn2012To2035, fc.integer({ min: -65, max: 65 }), (from, n) => {
        expect(calendar.addWorkingDays(from, n)).toBe(addWorkingDaysByModel(from, n));
      }),
    );
  });

  it('given any date and offset, then the explained deadline agrees with the plain arithmetic', () => {
    fc.assert(
      fc.property(dateIn2012To2035, offset, (from, n) => {
        const instant = parseLondonDateTime(`${from}T12:00`);
        if (instant === undefined) throw new Error('noon always exists');
        const due = computeDeadline(calendar, {
          from: instant,
          limit: { unit: 'working-days', amount: n },
          roll: 'forward',
          fromDescription: 'x',
        });
        expect(due.dueDate).toBe(calendar.addWorkingDays(from, n));
        expect(due.rolled).toBe(false);
      }),
    );
  });
});

describe('properties of dates, months and hours', () => {
  it('given any date from 1900 to 2199, then day numbers agree with the platform and parsing accepts it', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1900, 0, 1) / DAY_MS, max: Date.UTC(2199, 11, 31) / DAY_MS }), (days) => {
        const text = new Date(days * DAY_MS).toISOString().slice(0, 10);
        const date = parseIsoDate(text);
        expect(date).toBe(text);
        if (date === undefined) throw new Error(`${text} was refused`);
        expect(toDayNumber(date)).toBe(days);
      }),
    );
  });

  it('given any date and month count, then the result is in the right month and on the same day or the month end', () => {
    fc.assert(
      fc.property(dateIn2012To2035, fc.integer({ min: 0, max: 120 }), (from, months) => {
        const { date, clipped } = addMonthsDetailed(from, months);
        const start = new Date(`${from}T00:00:00Z`);
        const monthIndex = start.getUTCMonth() + months;
        const expectedYear = start.getUTCFullYear() + Math.floor(monthIndex / 12);
        const expectedMonth = (monthIndex % 12) + 1;
        const lastDay = new Date(Date.UTC(expectedYear, expectedMonth, 0)).getUTCDate();
        const expectedDay = Math.min(start.getUTCDate(), lastDay);
        expect(date).toBe(`${String(expectedYear)}-${String(expectedMonth).padStart(2, '0')}-${String(expectedDay).padStart(2, '0')}`);
        expect(clipped).toBe(start.getUTCDate() > lastDay);
      }),
    );
  });

  it('given any instant and number of hours, then exactly that much time elapses, whatever the clocks do', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2012, 0, 1), max: Date.UTC(2035, 11, 1) }),
        fc.integer({ min: 0, max: 24 * 40 }),
        (ms, hours) => {
          const from = new Date(Math.floor(ms / 60_000) * 60_000);
          const due = computeDeadline(calendar, { from, limit: { unit: 'hours', amount: hours }, roll: 'forward', fromDescription: 'x' });
          expect(due.dueInstant.getTime() - from.getTime()).toBe(hours * 3_600_000);
          expect(due.display).toBe(formatLondonDateTime(due.dueInstant));
        },
      ),
    );
  });

  it('given any London time that exists, then writing and reading it again gives the same instant', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2012, 0, 1), max: Date.UTC(2035, 11, 1) }), (ms) => {
        const instant = new Date(Math.floor(ms / 60_000) * 60_000);
        const text = formatLondonDateTime(instant);
        const back = parseLondonDateTime(text);
        // In the repeated autumn hour, the text names two instants and reading takes the first.
        if (back?.getTime() !== instant.getTime()) {
          expect(back?.getTime()).toBe(instant.getTime() - 3_600_000);
        }
        expect(back && formatLondonDateTime(back)).toBe(text);
      }),
    );
  });
});
