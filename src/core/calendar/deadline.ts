/**
 * Deadlines: when a time limit ends, and a plain-English explanation a complainant can follow.
 * Conventions are recorded in docs/decisions/0001-deadline-counting-conventions.md.
 */
import { FEED_FIRST_YEAR, FEED_LAST_YEAR } from './holidays.js';
import {
  addCalendarDays,
  addMonthsDetailed,
  civilOf,
  formatDayMonth,
  formatLongDate,
  monthName,
  toDayNumber,
  yearOf,
  type IsoDate,
} from './localDate.js';
import { addElapsedHours, clockChangesBetween, endOfLondonDay, formatLondonDateTime, formatLondonLong, londonDateOf } from './londonTime.js';
import type { NonWorkingReason, WorkingCalendar } from './workingCalendar.js';

export interface TimeLimit {
  readonly unit: 'working-days' | 'days' | 'months' | 'hours';
  readonly amount: number;
}

export type Roll = 'forward' | 'none';

export interface DeadlineRequest {
  /** The event's instant; date-based limits use its London date. */
  readonly from: Date;
  readonly limit: TimeLimit;
  readonly roll: Roll;
  /** How a reader would name the event: "the conference", "the complaint was received". */
  readonly fromDescription: string;
  readonly source?: string;
}

export interface ComputedDeadline {
  readonly dueDate: IsoDate;
  /** Exclusive: something done strictly before this instant is in time. */
  readonly dueInstant: Date;
  /** `YYYY-MM-DD`, or the London `YYYY-MM-DDTHH:MM` for hours. */
  readonly display: string;
  readonly explanation: string;
  /** Some holiday involved comes from the rules, not from the published feed. */
  readonly projected: boolean;
  readonly rolled: boolean;
  readonly limit: TimeLimit;
}

export function formatLimit(limit: TimeLimit): string {
  const n = Math.abs(limit.amount);
  switch (limit.unit) {
    case 'working-days':
      return `${String(n)} working ${n === 1 ? 'day' : 'days'}`;
    case 'days':
      return `${String(n)} ${n === 1 ? 'day' : 'days'}`;
    case 'months':
      return `${String(n)} ${n === 1 ? 'month' : 'months'}`;
    case 'hours':
      return `${String(n)} ${n === 1 ? 'hour' : 'hours'}`;
  }
}

function kindLabel(kind: 'bank-holiday' | 'closure', count: number): string {
  if (kind === 'bank-holiday') return count === 1 ? 'bank holiday' : 'bank holidays';
  return count === 1 ? 'partnership closure day' : 'partnership closure days';
}

/** "25 and 28 December", "31 December and 1 January", "3, 6 and 7 April". */
function listDates(dates: readonly IsoDate[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < dates.length) {
    const first = dates[i];
    if (first === undefined) break;
    const { month, year } = civilOf(toDayNumber(first));
    const days: number[] = [];
    while (i < dates.length) {
      const d = dates[i];
      if (d === undefined) break;
      const c = civilOf(toDayNumber(d));
      if (c.month !== month || c.year !== year) break;
      days.push(c.day);
      i += 1;
    }
    parts.push(`${joinWords(days.map(String))} ${monthName(month)}`);
  }
  return joinWords(parts);
}

function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1] ?? ''}`;
}

function skippedText(skipped: readonly { date: IsoDate; reason: NonWorkingReason }[]): string {
  if (skipped.length === 0) return '';
  const groups: string[] = [];
  for (const kind of ['bank-holiday', 'closure'] as const) {
    const of = skipped.filter((s) => s.reason.kind === kind);
    if (of.length === 0) continue;
    const projected = of.some((s) => s.reason.kind === 'bank-holiday' && s.reason.projected);
    groups.push(`${listDates(of.map((s) => s.date))} (${kindLabel(kind, of.length)}${projected ? ', projected from the usual rules, not yet published' : ''})`);
  }
  return `, skipping ${joinWords(groups)}`;
}

function describeNonWorking(reason: NonWorkingReason): string {
  switch (reason.kind) {
    case 'weekend':
      return `a ${reason.title}`;
    case 'bank-holiday':
      return `${reason.title} (a bank holiday${reason.projected ? ', projected' : ''})`;
    case 'closure':
      return `a partnership closure day (${reason.title})`;
  }
}

function outsideFeed(...dates: IsoDate[]): boolean {
  return dates.some((d) => yearOf(d) < FEED_FIRST_YEAR || yearOf(d) > FEED_LAST_YEAR);
}

export function computeDeadline(calendar: WorkingCalendar, request: DeadlineRequest): ComputedDeadline {
  const { limit, fromDescription } = request;
  const source = request.source === undefined ? '' : ` Source: ${request.source}`;
  if (!Number.isInteger(limit.amount)) throw new RangeError('a time limit is a whole number');

  if (limit.unit === 'hours') {
    const dueInstant = addElapsedHours(request.from, limit.amount);
    const changes = clockChangesBetween(request.from, dueInstant);
    const change = changes[0];
    const note =
      change === undefined
        ? ''
        : ` (the clocks went ${change.direction === 'back' ? 'back' : 'forward'} an hour on ${formatDayMonth(londonDateOf(change.at)).replace(/ (\w{3})\w*$/, ' $1')})`;
    const dueDate = londonDateOf(dueInstant);
    calendar.isWorkingDay(dueDate); // range check
    return {
      dueDate,
      dueInstant,
      display: formatLondonDateTime(dueInstant),
      explanation: `${formatLimit(limit)} after ${fromDescription} at ${formatLondonLong(request.from)}: ${formatLondonLong(dueInstant)}${note}.${source}`,
      projected: false,
      rolled: false,
      limit,
    };
  }

  const fromDate = londonDateOf(request.from);
  let counted: IsoDate;
  let detail = '';
  let clippedNote = '';
  const direction = limit.amount < 0 ? 'before' : 'after';
  switch (limit.unit) {
    case 'working-days': {
      counted = calendar.addWorkingDays(fromDate, limit.amount);
      detail = skippedText(calendar.holidaysAndClosuresBetween(fromDate, counted));
      break;
    }
    case 'days':
      counted = addCalendarDays(fromDate, limit.amount);
      calendar.isWorkingDay(counted); // range check
      break;
    case 'months': {
      const result = addMonthsDetailed(fromDate, limit.amount);
      counted = result.date;
      calendar.isWorkingDay(counted); // range check
      if (result.clipped) {
        const { day } = civilOf(toDayNumber(fromDate));
        const { month } = civilOf(toDayNumber(counted));
        clippedNote = ` (there is no ${String(day)} ${monthName(month)}, so the last day of the month)`;
      }
      break;
    }
  }

  let dueDate = counted;
  let rollNote = '';
  const reason = calendar.nonWorkingReason(counted);
  if (request.roll === 'forward' && reason !== undefined) {
    dueDate = calendar.nextWorkingDayOnOrAfter(counted);
    rollNote = `, ${describeNonWorking(reason)}, so it moves to the next working day, ${formatLongDate(dueDate)}`;
  }
  const projected = outsideFeed(fromDate, dueDate);
  const projectedNote = projected && limit.unit === 'working-days' && detail === '' ? ' Bank holidays for that year are projected from the usual rules, not yet published.' : '';
  const explanation = `${formatLimit(limit)} ${direction} ${fromDescription} on ${formatLongDate(fromDate)}${detail}: ${formatLongDate(counted)}${clippedNote}${rollNote}.${projectedNote}${source}`;
  return {
    dueDate,
    dueInstant: endOfLondonDay(dueDate),
    display: dueDate,
    explanation,
    projected,
    rolled: dueDate !== counted,
    limit,
  };
}

export type DeliveryMethod = 'email' | 'first-class-post' | 'hand';

export interface DeemedReceiptRules {
  /** Working days after posting that first-class post is deemed received. */
  readonly postWorkingDays: number;
}

export const DEFAULT_DEEMED_RECEIPT: DeemedReceiptRules = { postWorkingDays: 2 };

/** When a letter counts as received, unless its actual receipt is recorded. */
export function deemedReceiptDate(
  calendar: WorkingCalendar,
  sentOn: IsoDate,
  method: DeliveryMethod,
  rules: DeemedReceiptRules = DEFAULT_DEEMED_RECEIPT,
): { date: IsoDate; explanation: string } {
  switch (method) {
    case 'email':
      return { date: sentOn, explanation: `Sent by email on ${formatLongDate(sentOn)}, so received that day.` };
    case 'hand':
      return { date: sentOn, explanation: `Delivered by hand on ${formatLongDate(sentOn)}, so received that day.` };
    case 'first-class-post': {
      const date = calendar.addWorkingDays(sentOn, rules.postWorkingDays);
      return {
        date,
        explanation: `Posted first class on ${formatLongDate(sentOn)}, so treated as received ${String(rules.postWorkingDays)} working days later, on ${formatLongDate(date)}.`,
      };
    }
  }
}
