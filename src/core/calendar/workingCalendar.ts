/**
 * Working days: not a Saturday or Sunday, not an England and Wales bank holiday, not one of the
 * partnership's own closure days.
 *
 * Arithmetic is O(1). The calendar walks every day of the years it has tabulated once and records,
 * for each, how many working days fall on or before it, and the list of working days in order.
 * "The nth working day after d" is then two array reads, which matters because a case's schedule
 * and every what-if view recompute many deadlines.
 *
 * On creation it tabulates only the years the published bank holiday feed covers. The first
 * question that reaches another year of its range tabulates the whole range, asking the holiday
 * rules for the years beyond the feed; so a calculation inside the feed's years never needs them,
 * and the rules library is never loaded for it (ADR 0012). Answers are the same either way.
 */
import { FEED_FIRST_YEAR, FEED_LAST_YEAR, checkYearRange, englandAndWalesHolidays, type HolidayRules } from './holidays.js';
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
  /**
   * The usual holiday rules, to project bank holidays in the years of the range the built-in feed
   * does not cover; asked only when a question reaches such a year. Without them, such a question
   * is refused with a RangeError.
   */
  readonly holidayRules?: HolidayRules;
}

const DEFAULT_FIRST_YEAR = 2000;
const DEFAULT_LAST_YEAR = 2080;
const SATURDAY: NonWorkingReason = Object.freeze({ kind: 'weekend', title: 'Saturday' });
const SUNDAY: NonWorkingReason = Object.freeze({ kind: 'weekend', title: 'Sunday' });

/** Every day of some whole years, as the O(1) arithmetic reads them. */
interface DayTable {
  readonly firstDay: number;
  /** Inclusive. */
  readonly lastDay: number;
  /** workingOnOrBefore[i]: how many working days fall in [firstDay, firstDay + i]. */
  readonly workingOnOrBefore: Int32Array;
  /** working[i]: 1 when firstDay + i is a working day. */
  readonly working: Uint8Array;
  /** workingDays[k]: the day number of the (k + 1)th working day of the table. */
  readonly workingDays: Int32Array;
  /** Bank holidays and closures that fall on weekdays, by day number. */
  readonly reasons: ReadonlyMap<number, NonWorkingReason>;
  /** The IsoDate of every day, so that results are returned without building strings. */
  readonly isoDates: readonly IsoDate[];
}

function tabulate(firstYear: number, lastYear: number, closures: readonly ClosureDay[], rules: HolidayRules | undefined): DayTable {
  const firstDay = dayNumberOf(firstYear, 1, 1);
  const lastDay = dayNumberOf(lastYear, 12, 31);
  const reasons = new Map<number, NonWorkingReason>();
  for (const holiday of englandAndWalesHolidays(firstYear, lastYear, rules)) {
    reasons.set(toDayNumber(holiday.date), Object.freeze({ kind: 'bank-holiday', title: holiday.title, projected: holiday.projected }));
  }
  for (const closure of closures) {
    const day = toDayNumber(closure.date);
    // A closure at a weekend changes nothing, and a bank holiday is reported as one even if the
    // partnership also lists it as closed: the public reason is the one a reader can check.
    if (day >= firstDay && day <= lastDay && !isWeekend(day) && !reasons.has(day)) {
      reasons.set(day, Object.freeze({ kind: 'closure', title: closure.reason }));
    }
  }

  const size = lastDay - firstDay + 1;
  const workingOnOrBefore = new Int32Array(size);
  const working = new Uint8Array(size);
  const workingDays = new Int32Array(size);
  const isoDates: IsoDate[] = [];
  let count = 0;
  for (let i = 0; i < size; i += 1) {
    const day = firstDay + i;
    isoDates.push(fromDayNumber(day));
    if (!isWeekend(day) && !reasons.has(day)) {
      workingDays[count] = day;
      working[i] = 1;
      count += 1;
    }
    workingOnOrBefore[i] = count;
  }
  return { firstDay, lastDay, workingOnOrBefore, working, workingDays: workingDays.slice(0, count), reasons, isoDates };
}

export class WorkingCalendar {
  readonly firstYear: number;
  /** Inclusive. */
  readonly lastYear: number;
  readonly closures: readonly ClosureDay[];
  private readonly holidayRules: HolidayRules | undefined;
  private readonly firstDay: number;
  private readonly lastDay: number;
  /** The feed's years of the range at first; the whole range once a question reaches beyond them. */
  private days: DayTable;
  private whole: boolean;

  private constructor(options: WorkingCalendarOptions) {
    const firstYear = options.firstYear ?? DEFAULT_FIRST_YEAR;
    const lastYear = options.lastYear ?? DEFAULT_LAST_YEAR;
    if (!Number.isInteger(firstYear) || !Number.isInteger(lastYear) || firstYear > lastYear) {
      throw new RangeError(`a working calendar covers whole years, first to last; ${String(firstYear)} to ${String(lastYear)} is not that`);
    }
    checkYearRange(firstYear, lastYear);
    this.firstYear = firstYear;
    this.lastYear = lastYear;
    this.firstDay = dayNumberOf(firstYear, 1, 1);
    this.lastDay = dayNumberOf(lastYear, 12, 31);
    this.closures = Object.freeze([...(options.closures ?? [])]);
    this.holidayRules = options.holidayRules;
    const feedFirst = Math.max(firstYear, FEED_FIRST_YEAR);
    const feedLast = Math.min(lastYear, FEED_LAST_YEAR);
    this.whole = feedFirst > feedLast || (feedFirst === firstYear && feedLast === lastYear);
    this.days = this.whole
      ? tabulate(firstYear, lastYear, this.closures, this.holidayRules)
      : tabulate(feedFirst, feedLast, this.closures, this.holidayRules);
  }

  static create(options: WorkingCalendarOptions = {}): WorkingCalendar {
    return new WorkingCalendar(options);
  }

  private rangeError(what: string): RangeError {
    return new RangeError(
      `${what} is outside the working calendar, which covers ${String(this.firstYear)}-01-01 to ${String(this.lastYear)}-12-31`,
    );
  }

  /** Tabulates the whole range, for a question about `what` that reached beyond the feed's years. */
  private tabulateWhole(what: string): DayTable {
    if (this.holidayRules === undefined) {
      throw new RangeError(
        `${what} reaches beyond the years of the built-in bank holiday feed (${String(FEED_FIRST_YEAR)} to ${String(FEED_LAST_YEAR)}), and this calendar was given no holiday rules to project them`,
      );
    }
    this.days = tabulate(this.firstYear, this.lastYear, this.closures, this.holidayRules);
    this.whole = true;
    return this.days;
  }

  /** The table with the day in it, tabulating the whole range if need be; a RangeError outside the range. */
  private daysWith(day: number): DayTable {
    const days = this.days;
    if (day >= days.firstDay && day <= days.lastDay) return days;
    if (day < this.firstDay || day > this.lastDay) throw this.rangeError(fromDayNumber(day));
    return this.tabulateWhole(fromDayNumber(day));
  }

  /** Only for a day the current table holds: results the table itself gave. */
  private isoOf(day: number): IsoDate {
    const iso = this.days.isoDates[day - this.days.firstDay];
    if (iso === undefined) throw this.rangeError(fromDayNumber(day));
    return iso;
  }

  /** Whether the date is in the calendar's range; everything else throws RangeError for dates outside it. */
  covers(date: IsoDate): boolean {
    const day = toDayNumber(date);
    return day >= this.firstDay && day <= this.lastDay;
  }

  isWorkingDay(date: IsoDate): boolean {
    const day = toDayNumber(date);
    const days = this.daysWith(day);
    return days.working[day - days.firstDay] === 1;
  }

  nonWorkingReason(date: IsoDate): NonWorkingReason | undefined {
    const day = toDayNumber(date);
    const days = this.daysWith(day);
    const weekday = weekdayOfDayNumber(day);
    if (weekday === 6) return SATURDAY;
    if (weekday === 0) return SUNDAY;
    return days.reasons.get(day);
  }

  /**
   * The nth working day strictly after (n > 0) or strictly before (n < 0) the given day; the day
   * itself never counts, whatever kind of day it is. n = 0 gives the day itself. Day numbers are
   * days since 1970-01-01. This is the hot path: no allocation.
   */
  addWorkingDaysToDayNumber(dayNumber: number, n: number): number {
    if (!Number.isInteger(n)) throw new RangeError(`a number of working days must be a whole number, not ${String(n)}`);
    const days = this.daysWith(dayNumber);
    if (n === 0) return dayNumber;
    const i = dayNumber - days.firstDay;
    const onOrBefore = days.workingOnOrBefore[i] ?? 0;
    // workingDays is 0-based: the working days on or before the day occupy [0, onOrBefore).
    const k = n > 0 ? onOrBefore + n - 1 : onOrBefore - (days.working[i] ?? 0) + n;
    const result = days.workingDays[k];
    if (result !== undefined) return result;
    const what = `${String(Math.abs(n))} working days ${n > 0 ? 'after' : 'before'} ${fromDayNumber(dayNumber)}`;
    if (this.whole) throw this.rangeError(what);
    this.tabulateWhole(what);
    return this.addWorkingDaysToDayNumber(dayNumber, n);
  }

  addWorkingDays(date: IsoDate, n: number): IsoDate {
    return this.isoOf(this.addWorkingDaysToDayNumber(toDayNumber(date), n));
  }

  nextWorkingDayOnOrAfter(date: IsoDate): IsoDate {
    return this.isWorkingDay(date) ? date : this.isoOf(this.addWorkingDaysToDayNumber(toDayNumber(date), 1));
  }

  /** Working days strictly after a, up to and including b; negative (the count from b to a) when b is before a. */
  workingDaysBetween(a: IsoDate, b: IsoDate): number {
    const da = toDayNumber(a);
    const db = toDayNumber(b);
    // The second look may tabulate the whole range; its table then holds both days.
    this.daysWith(da);
    const days = this.daysWith(db);
    return (days.workingOnOrBefore[db - days.firstDay] ?? 0) - (days.workingOnOrBefore[da - days.firstDay] ?? 0);
  }

  /**
   * The bank holidays and closure days (not weekends) passed over going from a to b: strictly
   * after a up to and including b, or, counting back, from b up to but not including a. For
   * explanations; in date order.
   */
  holidaysAndClosuresBetween(a: IsoDate, b: IsoDate): { date: IsoDate; reason: NonWorkingReason }[] {
    const from = toDayNumber(a);
    const to = toDayNumber(b);
    // The second look may tabulate the whole range; its table then holds both days.
    this.daysWith(from);
    const days = this.daysWith(to);
    const [first, last] = to >= from ? [from + 1, to] : [to, from - 1];
    const found: { date: IsoDate; reason: NonWorkingReason }[] = [];
    for (let day = first; day <= last; day += 1) {
      const reason = days.reasons.get(day);
      if (reason !== undefined) found.push({ date: this.isoOf(day), reason });
    }
    return found;
  }
}

function isWeekend(day: number): boolean {
  const weekday = weekdayOfDayNumber(day);
  return weekday === 0 || weekday === 6;
}
