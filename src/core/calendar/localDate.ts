/**
 * Calendar dates as `YYYY-MM-DD` strings, with day-number arithmetic (days since 1970-01-01).
 * Pure arithmetic on the proleptic Gregorian calendar: a date here is a day on a wall calendar,
 * with no time zone attached, so nothing in this file can be thrown out by clock changes.
 */
export type IsoDate = string & { readonly __brand: 'IsoDate' };

/** 0 = Sunday ... 6 = Saturday, as JavaScript's Date counts them. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** month is 1..12. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 for a civil date (Howard Hinnant's days_from_civil); month is 1..12. */
export function dayNumberOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The inverse of dayNumberOf (Howard Hinnant's civil_from_days); month is 1..12. */
export function civilOf(dayNumber: number): { year: number; month: number; day: number } {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function pad2(n: number): string {
  return n < 10 ? `0${String(n)}` : String(n);
}

/** Strict `YYYY-MM-DD`, a date that exists, in the years 1900 to 2199; otherwise undefined. */
export function parseIsoDate(text: string): IsoDate | undefined {
  const match = ISO_DATE.exec(text);
  if (match === null) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < MIN_YEAR || year > MAX_YEAR) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return text as IsoDate;
}

/** For literals in data and tests, where a bad date is a programming error. */
export function isoDate(text: string): IsoDate {
  const date = parseIsoDate(text);
  if (date === undefined) {
    throw new RangeError(`"${text}" is not a real date in the form YYYY-MM-DD between ${String(MIN_YEAR)} and ${String(MAX_YEAR)}`);
  }
  return date;
}

export function toDayNumber(date: IsoDate): number {
  // The brand guarantees the YYYY-MM-DD shape, so fixed character positions are safe; this is the
  // entry to the working-day hot path and must not allocate.
  const year =
    (date.charCodeAt(0) - 48) * 1000 + (date.charCodeAt(1) - 48) * 100 + (date.charCodeAt(2) - 48) * 10 + (date.charCodeAt(3) - 48);
  const month = (date.charCodeAt(5) - 48) * 10 + (date.charCodeAt(6) - 48);
  const day = (date.charCodeAt(8) - 48) * 10 + (date.charCodeAt(9) - 48);
  return dayNumberOf(year, month, day);
}

export function fromDayNumber(dayNumber: number): IsoDate {
  const { year, month, day } = civilOf(dayNumber);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}` as IsoDate;
}

function checkWhole(n: number, what: string): void {
  if (!Number.isInteger(n)) throw new RangeError(`${what} must be a whole number, not ${String(n)}`);
}

export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  checkWhole(days, 'a number of days');
  return fromDayNumber(toDayNumber(date) + days);
}

/**
 * The corresponding date `months` later (or earlier), or the last day of that month when there
 * is no corresponding date (Dodds v Walker): 31 Jan + 1 month is 28 or 29 Feb.
 */
export function addMonthsDetailed(date: IsoDate, months: number): { date: IsoDate; clipped: boolean } {
  checkWhole(months, 'a number of months');
  const { year, month, day } = civilOf(toDayNumber(date));
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = index - targetYear * 12 + 1;
  const last = daysInMonth(targetYear, targetMonth);
  const clipped = day > last;
  return { date: fromDayNumber(dayNumberOf(targetYear, targetMonth, clipped ? last : day)), clipped };
}

export function addMonths(date: IsoDate, months: number): IsoDate {
  return addMonthsDetailed(date, months).date;
}

export function weekdayOfDayNumber(dayNumber: number): Weekday {
  // 1970-01-01 was a Thursday.
  return ((((dayNumber + 4) % 7) + 7) % 7) as Weekday;
}

export function dayOfWeek(date: IsoDate): Weekday {
  return weekdayOfDayNumber(toDayNumber(date));
}

export function compareIsoDates(a: IsoDate, b: IsoDate): number {
  // Fixed-width, zero-padded, most significant first: string order is date order.
  return a < b ? -1 : a > b ? 1 : 0;
}

export function yearOf(date: IsoDate): number {
  return (date.charCodeAt(0) - 48) * 1000 + (date.charCodeAt(1) - 48) * 100 + (date.charCodeAt(2) - 48) * 10 + (date.charCodeAt(3) - 48);
}

/** month is 1..12: `December`. */
export function monthName(month: number): string {
  const name = MONTH_NAMES[month - 1];
  if (name === undefined) throw new RangeError(`there is no month ${String(month)}`);
  return name;
}

/** month is 1..12: `Dec`. Written out rather than asked of Intl, whose en-GB says `Sept`. */
export function shortMonthName(month: number): string {
  const name = SHORT_MONTHS[month - 1];
  if (name === undefined) throw new RangeError(`there is no month ${String(month)}`);
  return name;
}

/** `Tue 15 Dec 2026` */
export function formatLongDate(date: IsoDate): string {
  const dayNumber = toDayNumber(date);
  const { year, month, day } = civilOf(dayNumber);
  return `${WEEKDAYS[weekdayOfDayNumber(dayNumber)]} ${String(day)} ${shortMonthName(month)} ${String(year)}`;
}

/** `25 December` */
export function formatDayMonth(date: IsoDate): string {
  const { month, day } = civilOf(toDayNumber(date));
  return `${String(day)} ${monthName(month)}`;
}

/** `25 Oct` */
export function formatDayShortMonth(date: IsoDate): string {
  const { month, day } = civilOf(toDayNumber(date));
  return `${String(day)} ${shortMonthName(month)}`;
}
