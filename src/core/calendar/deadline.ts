/**
 * Deadlines: when a time limit ends, and a plain-English explanation a complainant can follow
 * and check against a wall calendar. The conventions are recorded in
 * docs/decisions/0001-deadline-counting-conventions.md.
 */
import { FEED_FIRST_YEAR, FEED_LAST_YEAR } from './holidays.js';
import {
  addCalendarDays,
  addMonthsDetailed,
  civilOf,
  formatDayShortMonth,
  formatLongDate,
  monthName,
  toDayNumber,
  yearOf,
  type IsoDate,
} from './localDate.js';
import {
  addElapsedHours,
  clockChangesBetween,
  endOfLondonDay,
  formatLondonDateTime,
  formatLondonLong,
  londonDateOf,
  type ClockChange,
} from './londonTime.js';
import type { NonWorkingReason, WorkingCalendar } from './workingCalendar.js';

export type TimeUnit = 'working-days' | 'days' | 'months' | 'hours';

/** amount is a whole number; it may be negative (a time before the event) for working days and days only. */
export interface TimeLimit {
  readonly unit: TimeUnit;
  readonly amount: number;
}

/**
 * 'forward': a limit binding the family or a professional that ends on a non-working day extends
 * to the next working day. 'none': a duty of the authority, which does not move.
 */
export type Roll = 'forward' | 'none';

export interface DeadlineRequest {
  /** The event's instant; limits in days, working days and months count from its London date. */
  readonly from: Date;
  readonly limit: TimeLimit;
  readonly roll: Roll;
  /** How a reader would name the event: "the conference", "the minutes were received". */
  readonly fromDescription: string;
  /** The clause the limit comes from, e.g. "kent 5 ¶5". */
  readonly source?: string | undefined;
}

export interface ComputedDeadline {
  /** The last day (London) on which the thing can be done in time. */
  readonly dueDate: IsoDate;
  /** Exclusive: something done at an instant strictly before this is in time. */
  readonly dueInstant: Date;
  /** `YYYY-MM-DD`, or the London `YYYY-MM-DDTHH:MM` for hours. */
  readonly display: string;
  readonly explanation: string;
  /** The date depends on bank holidays in a year the published feed does not cover. */
  readonly projected: boolean;
  /** The limit ended on a non-working day and was moved to the next working day. */
  readonly rolled: boolean;
  readonly limit: TimeLimit;
}

const PROJECTED_NOTE = ' (projected from the usual rules, not yet published)';

export function formatLimit(limit: TimeLimit): string {
  const n = Math.abs(limit.amount);
  const plural = n !== 1;
  switch (limit.unit) {
    case 'working-days':
      return `${String(n)} working ${plural ? 'days' : 'day'}`;
    case 'days':
      return `${String(n)} ${plural ? 'days' : 'day'}`;
    case 'months':
      return `${String(n)} ${plural ? 'months' : 'month'}`;
    case 'hours':
      return `${String(n)} ${plural ? 'hours' : 'hour'}`;
  }
}

function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1] ?? ''}`;
}

/** "25 and 28 December", "29 December and 1 January", "3, 6 and 7 April". Dates in order. */
function listDates(dates: readonly IsoDate[]): string {
  const months: { key: number; month: number; days: number[] }[] = [];
  for (const date of dates) {
    const { year, month, day } = civilOf(toDayNumber(date));
    const key = year * 12 + month;
    const last = months[months.length - 1];
    if (last?.key === key) last.days.push(day);
    else months.push({ key, month, days: [day] });
  }
  return joinWords(months.map((m) => `${joinWords(m.days.map(String))} ${monthName(m.month)}`));
}

interface Skipped {
  readonly date: IsoDate;
  readonly reason: NonWorkingReason;
}

type GroupKind = 'bank-holiday' | 'projected-bank-holiday' | 'closure';

function groupKindOf(reason: NonWorkingReason): GroupKind | undefined {
  switch (reason.kind) {
    case 'weekend':
      return undefined;
    case 'bank-holiday':
      return reason.projected ? 'projected-bank-holiday' : 'bank-holiday';
    case 'closure':
      return 'closure';
  }
}

function groupLabel(kind: GroupKind, count: number): string {
  switch (kind) {
    case 'bank-holiday':
      return count === 1 ? '(bank holiday)' : '(bank holidays)';
    case 'projected-bank-holiday':
      return `${count === 1 ? '(bank holiday)' : '(bank holidays)'}${PROJECTED_NOTE}`;
    case 'closure':
      return count === 1 ? '(partnership closure day)' : '(partnership closure days)';
  }
}

/**
 * "25 and 28 December (bank holidays)", "29 December (partnership closure day) and 1 January
 * (bank holiday)": weekends go unmentioned, since anyone can see them on a calendar; each kind of
 * day is grouped, in the order the kinds first occur.
 */
function describeSkipped(skipped: readonly Skipped[]): string {
  const groups = new Map<GroupKind, IsoDate[]>();
  for (const s of skipped) {
    const kind = groupKindOf(s.reason);
    if (kind === undefined) continue;
    const dates = groups.get(kind);
    if (dates === undefined) groups.set(kind, [s.date]);
    else dates.push(s.date);
  }
  return joinWords([...groups].map(([kind, dates]) => `${listDates(dates)} ${groupLabel(kind, dates.length)}`));
}

function describeNonWorking(reason: NonWorkingReason): string {
  switch (reason.kind) {
    case 'weekend':
      return `a ${reason.title}`;
    case 'bank-holiday':
      return `${reason.title} (a bank holiday${reason.projected ? PROJECTED_NOTE : ''})`;
    case 'closure':
      return `a partnership closure day (${reason.title})`;
  }
}

function describeClockChanges(changes: readonly ClockChange[]): string {
  if (changes.length === 0) return '';
  const parts = changes.map(
    (c, i) => `${i === 0 ? 'the clocks ' : ''}went ${c.direction} an hour on ${formatDayShortMonth(londonDateOf(c.at))}`,
  );
  return ` (${joinWords(parts)})`;
}

/** The years from first to last (either order) whose bank holidays are projected, not published: "2029 and 2030". */
function projectedYears(first: IsoDate, last: IsoDate): string {
  const [a, b] = first <= last ? [yearOf(first), yearOf(last)] : [yearOf(last), yearOf(first)];
  const years: number[] = [];
  for (let y = a; y <= b; y += 1) if (y < FEED_FIRST_YEAR || y > FEED_LAST_YEAR) years.push(y);
  return joinWords(years.map(String));
}

function checkLimit(limit: TimeLimit): void {
  if (!Number.isInteger(limit.amount)) throw new RangeError(`a time limit must be a whole number, not ${String(limit.amount)}`);
  if (limit.amount < 0 && (limit.unit === 'months' || limit.unit === 'hours')) {
    throw new RangeError(`a time limit in ${limit.unit} cannot be negative (${String(limit.amount)})`);
  }
}

/** Throws the calendar's RangeError for a date it does not cover. */
function requireInCalendar(calendar: WorkingCalendar, ...dates: IsoDate[]): void {
  for (const date of dates) calendar.nonWorkingReason(date);
}

function isProjected(skipped: readonly Skipped[]): boolean {
  return skipped.some((s) => s.reason.kind === 'bank-holiday' && s.reason.projected);
}

function computeHours(calendar: WorkingCalendar, request: DeadlineRequest, source: string): ComputedDeadline {
  const { limit } = request;
  const dueInstant = addElapsedHours(request.from, limit.amount);
  const dueDate = londonDateOf(dueInstant);
  // Hours never roll, but dates the calendar cannot cover are refused, as for other units.
  requireInCalendar(calendar, londonDateOf(request.from), dueDate);
  const note = describeClockChanges(clockChangesBetween(request.from, dueInstant));
  return {
    dueDate,
    dueInstant,
    display: formatLondonDateTime(dueInstant),
    explanation: `${formatLimit(limit)} after ${request.fromDescription} at ${formatLondonLong(request.from)}: ${formatLondonLong(dueInstant)}${note}.${source}`,
    projected: false,
    rolled: false,
    limit,
  };
}

export function computeDeadline(calendar: WorkingCalendar, request: DeadlineRequest): ComputedDeadline {
  const { limit, fromDescription } = request;
  checkLimit(limit);
  const source = request.source === undefined || request.source === '' ? '' : ` Source: ${request.source}`;
  if (limit.unit === 'hours') return computeHours(calendar, request, source);

  const fromDate = londonDateOf(request.from);
  requireInCalendar(calendar, fromDate);
  let counted: IsoDate;
  let counting: readonly Skipped[] = [];
  let clippedNote = '';
  switch (limit.unit) {
    case 'working-days':
      counted = calendar.addWorkingDays(fromDate, limit.amount);
      counting = calendar.holidaysAndClosuresBetween(fromDate, counted);
      break;
    case 'days':
      counted = addCalendarDays(fromDate, limit.amount);
      break;
    case 'months': {
      const result = addMonthsDetailed(fromDate, limit.amount);
      counted = result.date;
      if (result.clipped) {
        const { day } = civilOf(toDayNumber(fromDate));
        const { month } = civilOf(toDayNumber(counted));
        clippedNote = ` (there is no ${String(day)} ${monthName(month)}, so the last day of the month)`;
      }
      break;
    }
  }
  requireInCalendar(calendar, counted);
  const skippedText = describeSkipped(counting);
  const skippedNote = skippedText === '' ? '' : `, skipping ${skippedText}`;

  let dueDate = counted;
  let rollNote = '';
  let rolledOver: readonly Skipped[] = [];
  const reason = calendar.nonWorkingReason(counted);
  if (request.roll === 'forward' && reason !== undefined) {
    dueDate = calendar.nextWorkingDayOnOrAfter(counted);
    // The days between the counted day and the working day it moves to; the working day itself is
    // never among them.
    rolledOver = calendar.holidaysAndClosuresBetween(counted, dueDate);
    const passed = describeSkipped(rolledOver);
    rollNote = `, ${describeNonWorking(reason)}, so it moves to the next working day, ${formatLongDate(dueDate)}${passed === '' ? '' : `, skipping ${passed}`}`;
  }

  // Working days depend on every holiday counted over; calendar days and months only on whether the
  // last day is a working day, and so only when the limit rolls.
  const projectedFrom = limit.unit === 'working-days' ? fromDate : counted;
  const projected = (limit.unit === 'working-days' || request.roll === 'forward') && projectedYears(projectedFrom, dueDate) !== '';
  const alreadySaid =
    isProjected(counting) || isProjected(rolledOver) || (reason?.kind === 'bank-holiday' && reason.projected && request.roll === 'forward');
  const projectedNote =
    projected && !alreadySaid
      ? ` Bank holidays for ${projectedYears(projectedFrom, dueDate)} are projected from the usual rules, not yet published.`
      : '';

  const direction = limit.amount < 0 ? 'before' : 'after';
  const explanation = `${formatLimit(limit)} ${direction} ${fromDescription} on ${formatLongDate(fromDate)}${skippedNote}: ${formatLongDate(counted)}${clippedNote}${rollNote}.${projectedNote}${source}`;
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

/** How a letter or the conference minutes travel to the person who must act on them. */
export const DELIVERY_METHODS = [
  'email',
  'secure-portal',
  'hand',
  'first-class-post',
  'second-class-post',
  'signed-for',
  'in-person',
  'phone',
] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];

/** When something sent one way counts as received, and where that convention comes from (ADR 0013). */
export interface ReceiptRule {
  /** Working days after the day it was sent; 0 for the same day. */
  readonly workingDays: number;
  readonly source: string;
}

export type DeemedReceiptRules = Readonly<Record<DeliveryMethod, ReceiptRule>>;

/**
 * The product's defaults; a partnership may set its own. A recorded actual receipt (a signature,
 * a read receipt, the person's own word) always wins over these.
 */
export const DEFAULT_DEEMED_RECEIPT: DeemedReceiptRules = Object.freeze({
  email: { workingDays: 0, source: 'sent electronically: treated as received the day it was sent' },
  'secure-portal': { workingDays: 0, source: 'made available on a secure portal: treated as received the day it was published there' },
  hand: { workingDays: 0, source: 'handed over: received that day' },
  'first-class-post': {
    workingDays: 2,
    source: 'Civil Procedure Rules 6.26: first class post is served on the second business day after posting',
  },
  'second-class-post': {
    workingDays: 4,
    source:
      'Interpretation Act 1978 s.7: received when it would be delivered in the ordinary course of post, taken as the fourth working day for second class',
  },
  'signed-for': {
    workingDays: 2,
    source: 'a first class service: treated as first class post until the date it was signed for is recorded',
  },
  'in-person': { workingDays: 0, source: 'made in person: the officer records it in writing, and it is received that day' },
  phone: { workingDays: 0, source: 'made by phone: the officer records it in writing, and it is received that day' },
});

const SENT: Readonly<Record<DeliveryMethod, string>> = {
  email: 'Sent by email',
  'secure-portal': 'Published on the secure portal',
  hand: 'Delivered by hand',
  'first-class-post': 'Posted first class',
  'second-class-post': 'Posted second class',
  'signed-for': 'Posted by recorded (signed for) delivery',
  'in-person': 'Made in person',
  phone: 'Made by phone',
};

/** What is wrong with one method's rule, by field: a whole number of working days from 0 to 20, and a source. */
export function receiptRuleIssues(
  rules: DeemedReceiptRules,
): { readonly method: DeliveryMethod; readonly field: 'workingDays' | 'source'; readonly reason: string }[] {
  return DELIVERY_METHODS.flatMap((method) => {
    const { workingDays: n, source } = rules[method];
    return [
      ...(Number.isInteger(n) && n >= 0 && n <= 20
        ? []
        : [
            {
              method,
              field: 'workingDays' as const,
              reason: `received a whole number of working days (0 to 20) after sending, not ${String(n)}`,
            },
          ]),
      ...(source.trim() === '' ? [{ method, field: 'source' as const, reason: 'say where the convention comes from' }] : []),
    ];
  });
}

/** Checks a partnership's receipt rules: whole, non-negative numbers of working days, each with its source. */
export function receiptRuleProblems(rules: DeemedReceiptRules): string[] {
  return receiptRuleIssues(rules).map((issue) => `${issue.method}: ${issue.reason}`);
}

/** When a letter counts as received, unless its actual receipt is recorded. */
export function deemedReceiptDate(
  calendar: WorkingCalendar,
  sentOn: IsoDate,
  method: DeliveryMethod,
  rules: DeemedReceiptRules = DEFAULT_DEEMED_RECEIPT,
): { date: IsoDate; explanation: string } {
  requireInCalendar(calendar, sentOn);
  const n = rules[method].workingDays;
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`a letter is received a whole number of working days after sending, not ${String(n)}`);
  const sent = `${SENT[method]} on ${formatLongDate(sentOn)}`;
  if (n === 0) return { date: sentOn, explanation: `${sent}, so treated as received that day.` };
  const date = calendar.addWorkingDays(sentOn, n);
  const skipped = describeSkipped(calendar.holidaysAndClosuresBetween(sentOn, date));
  return {
    date,
    explanation: `${sent}, so treated as received ${formatLimit({ unit: 'working-days', amount: n })} later${skipped === '' ? '' : `, skipping ${skipped}`}: ${formatLongDate(date)}.`,
  };
}
