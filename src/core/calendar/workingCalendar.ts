/**
 * Working days: not Saturday or Sunday, not an England and Wales bank holiday, not one of the
 * partnership's own closure days. Arithmetic is O(1): the calendar precomputes, for every day in
 * its range, how many working days fall on or before it, and the list of working days in order.
 */
import { englandAndWalesHolidays } from './holidays.js';
import { dayNumberOf, fromDayNumber, toDayNumber, weekdayOfDayNumber, type IsoDate } from './localDate.js';

export interface ClosureDay {
  readonly date: IsoDate;
  readonly reason: string;
}

export type NonWorkingReason =
  | { readonly kind: 'weekend'; readonly title: 'Saturday' | 'Sunday' }
  | { readonly kind: 'bank-holiday'; readonly title: string; readonly projected: boolean }
  | { readonly kind: 'closure'; readonly title: string };

export interface CalendarOptions {
  readonly closures?: readonly ClosureDay[];
  /** First year covered (default 2000). */
  readonly firstYear?: number;
  /** Last year covered, inclusive (default 2080). */
  readonly lastYear?: number;
}

export class WorkingCalendar {
  /** First and last (exclusive) year covered. */
  readonly firstYear: number;
  readonly lastYear: number;
  private readonly firstDay: number;
  private readonly lastDay: number;
  /** workingOnOrBefore[i]: working days in [firstDay, firstDay + i]. */
  private readonly workingOnOrBefore: Int32Array;
  /** workingDays[k]: the day number of the (k+1)th working day in range. */
  private readonly workingDays: Int32Array;
  private readonly reasons: ReadonlyMap<number, NonWorkingReason>;
  private readonly isoCache: (IsoDate | undefined)[];

  private constructor(options: CalendarOptions) {
    const firstYear = options.firstYear ?? 2000;
    const lastYear = options.lastYear ?? 2080;
    if (!Number.isInteger(firstYear) || !Number.isInteger(lastYear) || firstYear > lastYear || firstYear < 1900 || lastYear > 2199) {
      throw new RangeError(`a calendar covers whole years from 1900 to 2199, not ${String(firstYear)} to ${String(lastYear)}`);
    }
    this.firstYear = firstYear;
    this.lastYear = lastYear + 1;
    this.firstDay = dayNumberOf(firstYear, 1, 1);
    this.lastDay = dayNumberOf(lastYear, 12, 31);
    const reasons = new Map<number, NonWorkingReason>();
    for (const holiday of englandAndWalesHolidays(firstYear, lastYear)) {
      reasons.set(toDayNumber(holiday.date), { kind: 'bank-holiday', title: holiday.title, projected: holiday.projected });
    }
    for (const closure of options.closures ?? []) {
      const day = toDayNumber(closure.date);
      // A bank holiday is reported as such even if the partnership also closes that day.
      if (day >= this.firstDay && day <= this.lastDay && !reasons.has(day) && !isWeekend(day)) {
        reasons.set(day, { kind: 'closure', title: closure.reason });
      }
    }
    this.reasons = reasons;
    const size = this.lastDay - this.firstDay + 1;
    this.workingOnOrBefore = new Int32Array(size);
    const working: number[] = [];
    let count = 0;
    for (let i = 0; i < size; i += 1) {
      const day = this.firstDay + i;
      if (!isWeekend(day) && !reasons.has(day)) {
        working.push(day);
        count += 1;
      }
      this.workingOnOrBefore[i] = count;
    }
    this.workingDays = Int32Array.from(working);
    this.isoCache = new Array<IsoDate | undefined>(size);
  }

  static create(options: CalendarOptions = {}): WorkingCalendar {
    return new WorkingCalendar(options);
  }

  private index(day: number): number {
    if (day < this.firstDay || day > this.lastDay) {
      throw new RangeError(`dates must be between ${String(this.firstYear)} and ${String(this.lastYear - 1)}; ${fromDayNumber(day)} is outside that range`);
    }
    return day - this.firstDay;
  }

  private iso(day: number): IsoDate {
    const i = day - this.firstDay;
    const cached = this.isoCache[i];
    if (cached !== undefined) return cached;
    const text = fromDayNumber(day);
    this.isoCache[i] = text;
    return text;
  }

  isWorkingDay(date: IsoDate): boolean {
    const day = toDayNumber(date);
    this.index(day);
    return !isWeekend(day) && !this.reasons.has(day);
  }

  nonWorkingReason(date: IsoDate): NonWorkingReason | undefined {
    const day = toDayNumber(date);
    this.index(day);
    return this.reasonFor(day);
  }

  private reasonFor(day: number): NonWorkingReason | undefined {
    const weekday = weekdayOfDayNumber(day);
    if (weekday === 6) return { kind: 'weekend', title: 'Saturday' };
    if (weekday === 0) return { kind: 'weekend', title: 'Sunday' };
    return this.reasons.get(day);
  }

  /**
   * The nth working day strictly after (n > 0) or before (n < 0) the given day number; the day
   * itself never counts, whatever kind of day it is. n = 0 gives the day itself.
   */
  addWorkingDaysToDayNumber(day: number, n: number): number {
    if (n === 0) return day;
    const i = this.index(day);
    const onOrBefore = this.workingOnOrBefore[i] ?? 0;
    let k: number;
    if (n > 0) {
      k = onOrBefore + n - 1;
    } else {
      const before = onOrBefore - (this.isWorkingIndex(i) ? 1 : 0);
      k = before + n;
    }
    const result = this.workingDays[k];
    if (k < 0 || result === undefined) {
      throw new RangeError(`that many working days runs outside ${String(this.firstYear)} to ${String(this.lastYear - 1)}`);
    }
    return result;
  }

  private isWorkingIndex(i: number): boolean {
    const here = this.workingOnOrBefore[i] ?? 0;
    const previous = i === 0 ? 0 : (this.workingOnOrBefore[i - 1] ?? 0);
    return here > previous;
  }

  addWorkingDays(date: IsoDate, n: number): IsoDate {
    return this.iso(this.addWorkingDaysToDayNumber(toDayNumber(date), n));
  }

  nextWorkingDayOnOrAfter(date: IsoDate): IsoDate {
    const day = toDayNumber(date);
    const i = this.index(day);
    return this.isWorkingIndex(i) ? date : this.iso(this.addWorkingDaysToDayNumber(day, 1));
  }

  /** Working days strictly after a, up to and including b (negative if b is before a). */
  workingDaysBetween(a: IsoDate, b: IsoDate): number {
    const ia = this.index(toDayNumber(a));
    const ib = this.index(toDayNumber(b));
    return (this.workingOnOrBefore[ib] ?? 0) - (this.workingOnOrBefore[ia] ?? 0);
  }

  /**
   * Bank holidays and closure days passed over going from a to b: after a up to and including b
   * when b is later, or from b up to but not including a when counting back.
   */
  holidaysAndClosuresBetween(a: IsoDate, b: IsoDate): { date: IsoDate; reason: NonWorkingReason }[] {
    const from = toDayNumber(a);
    const to = toDayNumber(b);
    const [first, last] = to >= from ? [from + 1, to] : [to, from - 1];
    const found: { date: IsoDate; reason: NonWorkingReason }[] = [];
    for (let day = first; day <= last; day += 1) {
      const reason = this.reasons.get(day);
      if (reason !== undefined) found.push({ date: this.iso(day), reason });
    }
    return found;
  }
}

function isWeekend(day: number): boolean {
  const weekday = weekdayOfDayNumber(day);
  return weekday === 0 || weekday === 6;
}
