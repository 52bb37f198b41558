/**
 * How a member of staff's work is grouped by when it falls due, in London time and working days
 * as the partnership's calendar counts them (ADR 0024): overdue, due today, due this week (within
 * the next five working days after today) and later.
 */
import { londonDateOf, type IsoDate, type WorkingCalendar } from '../calendar/index.js';

export const DUE_GROUPS = ['overdue', 'today', 'this-week', 'later'] as const;
export type DueGroup = (typeof DUE_GROUPS)[number];

/** How many working days after today "this week" reaches. */
export const WORKING_DAYS_THIS_WEEK = 5;

export interface DueWindow {
  readonly now: Date;
  /** Today's London date. */
  readonly today: IsoDate;
  /** The last London date counted as this week: the fifth working day after today. */
  readonly weekEnds: IsoDate;
}

export function dueWindow(calendar: WorkingCalendar, now: Date): DueWindow {
  const today = londonDateOf(now);
  // The calendar counts whole working days after a date; a weekend or bank holiday today does not count.
  return { now, today, weekEnds: calendar.addWorkingDays(today, WORKING_DAYS_THIS_WEEK) };
}

/**
 * Overdue once now has reached the due instant (which is exclusive: something done strictly
 * before it is in time); otherwise by the London date it falls due.
 */
export function dueGroupOf(window: DueWindow, due: { readonly dueInstant: Date; readonly dueDate: IsoDate }): DueGroup {
  if (window.now.getTime() >= due.dueInstant.getTime()) return 'overdue';
  if (due.dueDate <= window.today) return 'today';
  if (due.dueDate <= window.weekEnds) return 'this-week';
  return 'later';
}
