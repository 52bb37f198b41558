/**
 * The pages' `londonDateTime` filter: London's date and twelve-hour time, worked out by the
 * service's own London calendar. Checked against Intl (the platform's time zone database) at every
 * quarter hour of the days the clocks change and around midnight and noon.
 */
import { expect, it } from 'vitest';
import { formatLongDate, londonDateOf } from '../../src/core/calendar/index.js';
import { londonDateTime } from '../../src/web/plugins/pages.js';

const INTL_TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: 'numeric', minute: '2-digit', hourCycle: 'h12' });
const byIntl = (date: Date) => `${formatLongDate(londonDateOf(date))} at ${INTL_TIME.format(date).replace(/\s/g, '').toLowerCase()}`;

it('prints the London date and time as Intl does, across the clock changes and at midnight and noon', () => {
  const days = ['2026-03-28T12:00:00Z', '2026-10-24T12:00:00Z', '2026-12-31T12:00:00Z', '2027-06-30T12:00:00Z'];
  for (const day of days) {
    const start = new Date(day).getTime();
    for (let minutes = 0; minutes < 48 * 60; minutes += 15) {
      const date = new Date(start + minutes * 60_000 + 7_000);
      expect(londonDateTime(date), date.toISOString()).toBe(byIntl(date));
    }
  }
});

it('reads an instant given as text, and prints nothing for what is not an instant', () => {
  expect(londonDateTime('2026-07-01T11:05:00.000Z')).toBe('Wed 1 Jul 2026 at 12:05pm');
  expect(londonDateTime('2026-12-01T00:00:00.000Z')).toBe('Tue 1 Dec 2026 at 12:00am');
  expect(londonDateTime('not a date')).toBe('');
  expect(londonDateTime(undefined)).toBe('');
});
