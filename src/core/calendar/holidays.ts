/**
 * England and Wales bank holidays: the built-in copy of the GOV.UK feed for the years it covers;
 * other years projected from the usual rules by the date-holidays library, and flagged.
 * A refresh of the feed must merge into this copy, never replace it: the live feed keeps only
 * recent years.
 */
import Holidays from 'date-holidays';
import feed from './bank-holidays.json' with { type: 'json' };
import { dayOfWeek, parseIsoDate, yearOf, type IsoDate } from './localDate.js';

export interface Holiday {
  readonly date: IsoDate;
  readonly title: string;
  readonly projected: boolean;
}

const published: readonly Holiday[] = feed['england-and-wales'].events.map((event) => {
  const date = parseIsoDate(event.date);
  if (date === undefined) throw new RangeError(`bank holiday feed has an invalid date: ${event.date}`);
  return { date, title: event.title.replace('’', "'"), projected: false };
});

export const FEED_FIRST_YEAR = Math.min(...published.map((h) => yearOf(h.date)));
export const FEED_LAST_YEAR = Math.max(...published.map((h) => yearOf(h.date)));

const projector = new Holidays('GB', 'ENG');
const projectedByYear = new Map<number, readonly Holiday[]>();

/** Holidays for a year from the rules alone (also used to check the rules against the feed). */
export function projectedHolidays(year: number): readonly Holiday[] {
  const cached = projectedByYear.get(year);
  if (cached) return cached;
  const holidays = projector
    .getHolidays(year)
    .filter((h) => h.type === 'public' || h.type === 'bank')
    .map((h) => ({ date: parseIsoDate(h.date.slice(0, 10)), title: h.name }))
    .filter((h): h is { date: IsoDate; title: string } => h.date !== undefined)
    // A holiday falling at a weekend is replaced by a substitute weekday, which is listed too.
    .filter((h) => dayOfWeek(h.date) !== 0 && dayOfWeek(h.date) !== 6)
    .map((h) => ({ ...h, projected: true }));
  projectedByYear.set(year, holidays);
  return holidays;
}

/** Every England and Wales bank holiday in the years given, in date order. */
export function englandAndWalesHolidays(fromYear: number, toYear: number): readonly Holiday[] {
  const result: Holiday[] = [];
  for (let year = fromYear; year <= toYear; year += 1) {
    if (year >= FEED_FIRST_YEAR && year <= FEED_LAST_YEAR) result.push(...published.filter((h) => yearOf(h.date) === year));
    else result.push(...projectedHolidays(year));
  }
  return result.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
