/**
 * The usual England and Wales holiday rules, from the date-holidays library: what the calendar
 * projects the years beyond its built-in bank holiday feed from.
 *
 * Loading the library and its dependencies takes longer than a whole `deadline` command does
 * without them, and almost every calculation stays inside the feed's years, so the library is
 * loaded on first use. The calendar asks in the middle of a calculation, which is
 * synchronous, hence `require` rather than `import()`. The core cannot do this itself: loading a
 * module is I/O (ADR 0012).
 */
import { createRequire } from 'node:module';
import type Holidays from 'date-holidays';
import type { HolidayRules } from '../core/calendar/index.js';

let england: Holidays | undefined;

function loadEngland(): Holidays {
  // Even creating a require function costs a cold start tens of milliseconds, so that waits too.
  // date-holidays' CommonJS entry exports the class itself, as its types' default export describes.
  const load: (id: 'date-holidays') => typeof Holidays = createRequire(import.meta.url);
  const HolidaysLibrary = load('date-holidays');
  return new HolidaysLibrary('GB', 'ENG');
}

export const englandAndWalesRules: HolidayRules = (year) => {
  england ??= loadEngland();
  return england.getHolidays(year);
};
