/**
 * How My work groups what is due (ADR 0024), with dates worked by hand: "this week" is the five
 * working days after today, so it stretches over bank holidays (Fri 25 Dec, Mon 28 Dec 2026,
 * Fri 1 Jan 2027) and weekends; overdue begins at the due instant, which is exclusive.
 */
import { describe, expect, it } from 'vitest';
import { WorkingCalendar, endOfLondonDay, isoDate, parseLondonDateTime } from '../../src/core/calendar/index.js';
import { dueGroupOf, dueWindow } from '../../src/core/engine/dueGroups.js';

const calendar = WorkingCalendar.create();
const london = (text: string) => {
  const at = parseLondonDateTime(text);
  if (at === undefined) throw new Error(text);
  return at;
};
/** A date deadline: in time until the end of its London day. */
const dueOn = (date: string) => ({ dueDate: isoDate(date), dueInstant: endOfLondonDay(isoDate(date)) });

describe('due groups', () => {
  it('Wed 23 Dec 2026: this week runs to Mon 4 Jan 2027 (24, 29, 30, 31 Dec, 4 Jan), over three bank holidays', () => {
    const window = dueWindow(calendar, london('2026-12-23T09:30'));
    expect(window.today).toBe('2026-12-23');
    expect(window.weekEnds).toBe('2027-01-04');
    expect(dueGroupOf(window, dueOn('2026-12-22'))).toBe('overdue');
    expect(dueGroupOf(window, dueOn('2026-12-23'))).toBe('today');
    expect(dueGroupOf(window, dueOn('2026-12-26'))).toBe('this-week');
    expect(dueGroupOf(window, dueOn('2027-01-04'))).toBe('this-week');
    expect(dueGroupOf(window, dueOn('2027-01-05'))).toBe('later');
  });

  it('Fri 18 Dec 2026: this week runs to Tue 29 Dec (21, 22, 23, 24, 29)', () => {
    const window = dueWindow(calendar, london('2026-12-18T16:00'));
    expect(window.weekEnds).toBe('2026-12-29');
    expect(dueGroupOf(window, dueOn('2026-12-29'))).toBe('this-week');
    expect(dueGroupOf(window, dueOn('2026-12-30'))).toBe('later');
  });

  it('Sat 26 Dec 2026 (not a working day): this week counts from the next working day, to Mon 4 Jan', () => {
    const window = dueWindow(calendar, london('2026-12-26T11:00'));
    // 29, 30, 31 Dec, 4, 5 Jan.
    expect(window.weekEnds).toBe('2027-01-05');
    expect(dueGroupOf(window, dueOn('2026-12-26'))).toBe('today');
  });

  it('a partnership closure day stretches the week', () => {
    const closed = WorkingCalendar.create({ closures: [{ date: isoDate('2026-12-24'), reason: 'Christmas Eve' }] });
    expect(dueWindow(closed, london('2026-12-23T09:30')).weekEnds).toBe('2027-01-05');
  });

  it('an hours deadline is overdue from its instant, and due today until then', () => {
    const window = dueWindow(calendar, london('2026-10-26T09:00'));
    const due = { dueDate: isoDate('2026-10-26'), dueInstant: london('2026-10-26T09:00') };
    expect(dueGroupOf(window, due)).toBe('overdue');
    expect(dueGroupOf(dueWindow(calendar, london('2026-10-26T08:59')), due)).toBe('today');
  });

  it('a date deadline is due today until midnight London time, then overdue (GMT and BST)', () => {
    expect(dueGroupOf(dueWindow(calendar, new Date('2026-12-21T23:59:59Z')), dueOn('2026-12-21'))).toBe('today');
    expect(dueGroupOf(dueWindow(calendar, new Date('2026-12-22T00:00:00Z')), dueOn('2026-12-21'))).toBe('overdue');
    // In summer London is an hour ahead: 23:30 UTC on 1 July is already 2 July in London.
    expect(dueGroupOf(dueWindow(calendar, new Date('2026-07-01T23:30:00Z')), dueOn('2026-07-01'))).toBe('overdue');
    expect(dueGroupOf(dueWindow(calendar, new Date('2026-07-01T22:59:00Z')), dueOn('2026-07-01'))).toBe('today');
  });
});
