/**
 * England and Wales bank holidays. For the years it covers, the built-in copy of the GOV.UK feed
 * is the authority. Other years are projected from the usual rules, and flagged, because a one-off
 * (a jubilee, a funeral, a moved May holiday) is announced only months ahead. The rules come from
 * outside the core (the date-holidays library, loaded only when a year beyond the feed is asked
 * for: ADR 0012); what counts as a usual holiday, and how it is titled, is decided here.
 *
 * A refresh of bank-holidays.json must merge new years into this copy, never replace it: the live
 * feed drops old years, and a deadline already computed must stay reproducible.
 */
import feed from './bank-holidays.json' with { type: 'json' };
import { MAX_YEAR, MIN_YEAR, compareIsoDates, dayOfWeek, parseIsoDate, yearOf, type IsoDate } from './localDate.js';

export interface Holiday {
  readonly date: IsoDate;
  readonly title: string;
  readonly projected: boolean;
}

/** A holiday as a rules library lists it: the fields of a date-holidays entry that a projection reads. */
export interface RuleHoliday {
  /** The local date first (`YYYY-MM-DD...`). */
  readonly date: string;
  readonly name: string;
  /** Only 'public' and 'bank' holidays are days off. */
  readonly type: string;
}

/**
 * The usual England and Wales holiday rules: every holiday the rules give for a year. Asked only
 * for years the feed does not cover, while a calculation runs, so it answers synchronously.
 */
export type HolidayRules = (year: number) => readonly RuleHoliday[];

const SUBSTITUTE_NOTE = 'Substitute day';
const SUBSTITUTE_SUFFIX = ' (substitute day)';

function publishedHolidays(): readonly Holiday[] {
  const holidays = feed['england-and-wales'].events.map((event): Holiday => {
    const date = parseIsoDate(event.date);
    if (date === undefined) throw new RangeError(`the bank holiday feed has an invalid date: ${event.date}`);
    // The feed marks a substitute only in its notes; saying so in the title stops "Mon 28 Dec,
    // Boxing Day" puzzling a reader.
    const title = event.notes === SUBSTITUTE_NOTE ? `${event.title}${SUBSTITUTE_SUFFIX}` : event.title;
    return { date, title, projected: false };
  });
  return holidays.sort((a, b) => compareIsoDates(a.date, b.date));
}

const published = publishedHolidays();

function feedYear(pick: (a: number, b: number) => number): number {
  const first = published[0];
  if (first === undefined) throw new RangeError('the bank holiday feed is empty');
  return published.reduce((year, h) => pick(year, yearOf(h.date)), yearOf(first.date));
}

export const FEED_FIRST_YEAR: number = feedYear(Math.min);
export const FEED_LAST_YEAR: number = feedYear(Math.max);

const publishedByYear = new Map<number, Holiday[]>();
for (const holiday of published) {
  const year = yearOf(holiday.date);
  const list = publishedByYear.get(year);
  if (list === undefined) publishedByYear.set(year, [holiday]);
  else list.push(holiday);
}

/**
 * The usual England and Wales bank holidays, as date-holidays names them. Anything else it lists
 * (observances such as Mother's Day, and one-offs such as a coronation) is left out: a projection
 * is the usual rules, nothing more.
 */
const USUAL_HOLIDAYS = [
  "New Year's Day",
  'Good Friday',
  'Easter Monday',
  'Early May bank holiday',
  'Spring bank holiday',
  'Summer bank holiday',
  'Christmas Day',
  'Boxing Day',
] as const;

/** Titles as the GOV.UK feed spells them, so a projected year reads like a published one. */
const FEED_TITLES: Readonly<Record<(typeof USUAL_HOLIDAYS)[number], string>> = {
  "New Year's Day": 'New Year’s Day',
  'Good Friday': 'Good Friday',
  'Easter Monday': 'Easter Monday',
  'Early May bank holiday': 'Early May bank holiday',
  'Spring bank holiday': 'Spring bank holiday',
  'Summer bank holiday': 'Summer bank holiday',
  'Christmas Day': 'Christmas Day',
  'Boxing Day': 'Boxing Day',
};

function usualTitle(name: string): string | undefined {
  for (const usual of USUAL_HOLIDAYS) {
    // date-holidays decorates some years' names ("Early May bank holiday (VE day)").
    if (name === usual || name.startsWith(`${usual} (`)) {
      return name.endsWith(SUBSTITUTE_SUFFIX) ? `${FEED_TITLES[usual]}${SUBSTITUTE_SUFFIX}` : name.replace(usual, FEED_TITLES[usual]);
    }
  }
  return undefined;
}

/** Stands in for the rules when none were given: years beyond the feed are then refused. */
const noRules: HolidayRules = (year) => {
  throw new RangeError(
    `bank holidays for ${String(year)} are not in the built-in GOV.UK feed (${String(FEED_FIRST_YEAR)} to ${String(FEED_LAST_YEAR)}), and no holiday rules were given to project them`,
  );
};

/** Per set of rules, so that rules given by different callers never share an answer. */
const projectedByRules = new WeakMap<HolidayRules, Map<number, readonly Holiday[]>>();

/**
 * A year's holidays from the usual rules alone, whatever the feed says. Used for years the feed
 * does not cover, and by the tests to check those rules against the years it does.
 */
export function projectedHolidays(year: number, rules: HolidayRules): readonly Holiday[] {
  checkYear(year);
  let projectedByYear = projectedByRules.get(rules);
  if (projectedByYear === undefined) {
    projectedByYear = new Map();
    projectedByRules.set(rules, projectedByYear);
  }
  const cached = projectedByYear.get(year);
  if (cached !== undefined) return cached;
  const holidays: Holiday[] = [];
  for (const h of rules(year)) {
    if (h.type !== 'public' && h.type !== 'bank') continue;
    const title = usualTitle(h.name);
    const date = parseIsoDate(h.date.slice(0, 10));
    if (title === undefined || date === undefined) continue;
    // The library lists a holiday that falls at a weekend on its own date as well as on its
    // substitute weekday; only the substitute is a day off.
    const weekday = dayOfWeek(date);
    if (weekday === 0 || weekday === 6) continue;
    holidays.push({ date, title, projected: true });
  }
  holidays.sort((a, b) => compareIsoDates(a.date, b.date));
  const frozen = Object.freeze(holidays);
  projectedByYear.set(year, frozen);
  return frozen;
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`bank holidays are available for the years ${String(MIN_YEAR)} to ${String(MAX_YEAR)}, not ${String(year)}`);
  }
}

/** Whether the built-in feed covers the year, so that no rules are needed for it. */
export function isFeedYear(year: number): boolean {
  return year >= FEED_FIRST_YEAR && year <= FEED_LAST_YEAR;
}

/** Refuses, with a RangeError, a range of years (inclusive) out of order or beyond what the date code supports. */
export function checkYearRange(fromYear: number, toYear: number): void {
  checkYear(fromYear);
  checkYear(toYear);
  if (fromYear > toYear) throw new RangeError(`the first year (${String(fromYear)}) is after the last (${String(toYear)})`);
}

const rangesByRules = new WeakMap<HolidayRules, Map<string, readonly Holiday[]>>();

/**
 * Every England and Wales bank holiday in the years given (inclusive), in date order. Years the
 * feed does not cover are projected from the rules, and refused with a RangeError without them.
 */
export function englandAndWalesHolidays(fromYear: number, toYear: number, rules: HolidayRules = noRules): readonly Holiday[] {
  checkYearRange(fromYear, toYear);
  let rangeCache = rangesByRules.get(rules);
  if (rangeCache === undefined) {
    rangeCache = new Map();
    rangesByRules.set(rules, rangeCache);
  }
  const key = `${String(fromYear)}-${String(toYear)}`;
  const cached = rangeCache.get(key);
  if (cached !== undefined) return cached;
  const result: Holiday[] = [];
  for (let year = fromYear; year <= toYear; year += 1) {
    if (isFeedYear(year)) result.push(...(publishedByYear.get(year) ?? []));
    else result.push(...projectedHolidays(year, rules));
  }
  const frozen = Object.freeze(result);
  rangeCache.set(key, frozen);
  return frozen;
}
