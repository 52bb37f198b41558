/**
 * Working days: not a Saturday or Sunday, not an England and Wales bank holiday, not one of the
 * partnership's own closure days.
 *
 * Arithmetic is O(1). On creation the calendar walks every day of its range once and records, for
 * each, how many working days fall on or before it, and the list of working days in order. "The
 * nth working day after d" is then two array reads, which matters because a case's schedule and
 * every what-if view recompute many deadlines.
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

export interface WorkingCalendarOptions {
  readonly closures?: readonly ClosureDay[];
  /** First year covered (default 2000). */
  readonly firstYear?: number;
  /** Last year covered, inclusive (default 2080). */
  readonly lastYear?: number;
}

const DEFAULT_FIRST_YEAR = 2000;
const DEFAULT_LAST_YEAR = 2080;
const SATURDAY: NonWorkingReason = Object.freeze({ kind: 'weekend', title: 'Saturday' });
const SUNDAY: NonWorkingReason = Object.freeze({ kind: 'weekend', title: 'Sunday' });

export class WorkingCalendar {
  readonly firstYear: number;
  /** Inclusive. */
  readonly lastYear: number;
  readonly closures: readonly ClosureDay[];
  private readonly firstDay: number;
  private readonly lastDay: number;
  /** workingOnOrBefore[i]: how many working days fall in [firstDay, firstDay + i]. */
  private readonly workingOnOrBefore: Int32Array;
  /** working[i]: 1 when firstDay + i is a working day. */
  private readonly working: Uint8Array;
  /** workingDays[k]: the day number of the (k + 1)th working day of the range. */
  private readonly workingDays: Int32Array;
  /** Bank holidays and closures that fall on weekdays, by day number. */
  private readonly reasons: ReadonlyMap<number, NonWorkingReason>;
  /** The IsoDate of every day in range, so that results are returned without building strings. */
  private readonly isoDates: readonly IsoDate[];

  private constructor(options: WorkingCalendarOptions) {
    const firstYear = options.firstYear ?? DEFAULT_FIRST_YEAR;
    const lastYear = options.lastYear ?? DEFAULT_LAST_YEAR;
    if (!Number.isInteger(firstYear) || !Number.isInteger(lastYear) || firstYear > lastYear) {
      throw new RangeError(`a working calendar covers whole years, first to last; ${String(firstYear)} to ${String(lastYear)} is not that`);
    }
    // englandAndWalesHolidays also rejects years outside what the date code supports.
    const holidays = englandAndWalesHolidays(firstYear, lastYear);
    this.firstYear = firstYear;
    this.lastYear = lastYear;
    this.firstDay = dayNumberOf(firstYear, 1, 1);
    this.lastDay = dayNumberOf(lastYear, 12, 31);
    this.closures = Object.freeze([...(options.closures ?? [])]);

    const reasons = new Map<number, NonWorkingReason>();
    for (const holiday of holidays) {
      reasons.set(toDayNumber(holiday.date), Object.freeze({ kind: 'bank-holiday', title: holiday.title, projected: holiday.projected }));
    }
    for (const closure of this.closures) {
      const day = toDayNumber(closure.date);
      // A closure at a weekend changes nothing, and a bank holiday is reported as one even if the
      // partnership also lists it as closed: the public reason is the one a reader can check.
      if (day >= this.firstDay && day <= this.lastDay && !isWeekend(day) && !reasons.has(day)) {
        reasons.set(day, Object.freeze({ kind: 'closure', title: closure.reason }));
      }
    }
    this.reasons = reasons;

    const size = this.lastDay - this.firstDay + 1;
    this.workingOnOrBefore = new Int32Array(size);
    this.working = new Uint8Array(size);
    const workingDays = new Int32Array(size);
    const isoDates: IsoDate[] = [];
    let count = 0;
    for (let i = 0; i < size; i += 1) {
      const day = this.firstDay + i;
      isoDates.push(fromDayNumber(day));
      if (!isWeekend(day) && !reasons.has(day)) {
        workingDays[count] = day;
        this.working[i] = 1;
        count += 1;
      }
      this.workingOnOrBefore[i] = count;
    }
    this.workingDays = workingDays.slice(0, count);
    this.isoDates = isoDates;
  }

  static create(options: WorkingCalendarOptions = {}): WorkingCalendar {
    return new WorkingCalendar(options);
  }

  private rangeError(what: string): RangeError {
    return new RangeError(
      `${what} is outside the working calendar, which covers ${String(this.firstYear)}-01-01 to ${String(this.lastYear)}-12-31`,
    );
  }

  private indexOf(day: number): number {
    if (day < this.firstDay || day > this.lastDay) throw this.rangeError(fromDayNumber(day));
    return day - this.firstDay;
  }

  private isoOf(day: number): IsoDate {
    const iso = this.isoDates[day - this.firstDay];
    if (iso === undefined) throw this.rangeError(fromDayNumber(day));
    return iso;
  }

  /** Whether the date is in the calendar's range; everything else throws RangeError for dates outside it. */
  covers(date: IsoDate): boolean {
    const day = toDayNumber(date);
    return day >= this.firstDay && day <= this.lastDay;
  }

  isWorkingDay(date: IsoDate): boolean {
    return this.working[this.indexOf(toDayNumber(date))] === 1;
  }

  nonWorkingReason(date: IsoDate): NonWorkingReason | undefined {
    const day = toDayNumber(date);
    this.indexOf(day);
    return this.reasonFor(day);
  }

  private reasonFor(day: number): NonWorkingReason | undefined {
    const weekday = weekdayOfDayNumber(day);
    if (weekday === 6) return SATURDAY;
    if (weekday === 0) return SUNDAY;
    return this.reasons.get(day);
  }

  /**
   * The nth working day strictly after (n > 0) or strictly before (n < 0) the given day; the day
   * itself never counts, whatever kind of day it is. n = 0 gives the day itself. Day numbers are
   * days since 1970-01-01. This is the hot path: no allocation.
   */
  addWorkingDaysToDayNumber(dayNumber: number, n: number): number {
    if (!Number.isInteger(n)) throw new RangeError(`a number of working days must be a whole number, not ${String(n)}`);
    const i = this.indexOf(dayNumber);
    if (n === 0) return dayNumber;
    const onOrBefore = this.workingOnOrBefore[i] ?? 0;
    // workingDays is 0-based: the working days on or before the day occupy [0, onOrBefore).
    const k = n > 0 ? onOrBefore + n - 1 : onOrBefore - (this.working[i] ?? 0) + n;
    const result = this.workingDays[k];
    if (result === undefined) {
      throw this.rangeError(`${String(Math.abs(n))} working days ${n > 0 ? 'after' : 'before'} ${fromDayNumber(dayNumber)}`);
    }
    return result;
  }

  addWorkingDays(date: IsoDate, n: number): IsoDate {
    return this.isoOf(this.addWorkingDaysToDayNumber(toDayNumber(date), n));
  }

  nextWorkingDayOnOrAfter(date: IsoDate): IsoDate {
    const day = toDayNumber(date);
    return this.working[this.indexOf(day)] === 1 ? date : this.isoOf(this.addWorkingDaysToDayNumber(day, 1));
  }

  /** Working days strictly after a, up to and including b; negative (the count from b to a) when b is before a. */
  workingDaysBetween(a: IsoDate, b: IsoDate): number {
    const ia = this.indexOf(toDayNumber(a));
    const ib = this.indexOf(toDayNumber(b));
    return (this.workingOnOrBefore[ib] ?? 0) - (this.workingOnOrBefore[ia] ?? 0);
  }

  /**
   * The bank holidays and closure days (not weekends) passed over going from a to b: strictly
   * after a up to and including b, or, counting back, from b up to but not including a. For
   * explanations; in date order.
   */
  holidaysAndClosuresBetween(a: IsoDate, b: IsoDate): { date: IsoDate; reason: NonWorkingReason }[] {
    const from = toDayNumber(a);
    const to = toDayNumber(b);
    this.indexOf(from);
    this.indexOf(to);
    const [first, last] = to >= from ? [from + 1, to] : [to, from - 1];
    const found: { date: IsoDate; reason: NonWorkingReason }[] = [];
    for (let day = first; day <= last; day += 1) {
      const reason = this.reasons.get(day);
      if (reason !== undefined) found.push({ date: this.isoOf(day), reason });
    }
    return found;
  }
}

function isWeekend(day: number): boolean {
  const weekday = weekdayOfDayNumber(day);
  return weekday === 0 || weekday === 6;
}
