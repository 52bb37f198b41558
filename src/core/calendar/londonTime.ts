/**
 * Instants and Europe/London wall-clock time. The zone's offsets come from luxon (over the
 * platform's IANA database) rather than hand-written "last Sunday in March" rules, so that a
 * change to the law reaches us with a tzdata update.
 */
import { IANAZone } from 'luxon';
import { formatLongDate, fromDayNumber, parseIsoDate, toDayNumber, type IsoDate } from './localDate.js';

export const LONDON = 'Europe/London';
const zone = IANAZone.create(LONDON);
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2}))?$/;

export interface ClockChange {
  readonly at: Date;
  readonly direction: 'forward' | 'back';
}

function checkInstant(instant: Date): number {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('an invalid Date was given where an instant was expected');
  return ms;
}

/**
 * London's offset through one week: its value at the start and, if the clocks change in the week,
 * the exact instant and the new value. No two London clock changes have ever been less than four
 * weeks apart (1947 came closest), so a week holds at most one.
 */
interface OffsetWeek {
  readonly offset: number;
  readonly changeAt: number;
  readonly changedOffset: number;
}

const WEEK = 7 * DAY;
const offsetWeeks = new Map<number, OffsetWeek>();

/**
 * luxon reads offsets through Intl, several microseconds a call; deadlines need many, and the
 * answer for a given week never changes, so each week is asked about once and remembered.
 */
function offsetWeek(index: number): OffsetWeek {
  const known = offsetWeeks.get(index);
  if (known !== undefined) return known;
  const start = index * WEEK;
  const offset = zone.offset(start);
  const endOffset = zone.offset(start + WEEK);
  let week: OffsetWeek = { offset, changeAt: Number.POSITIVE_INFINITY, changedOffset: offset };
  if (endOffset !== offset) {
    let before = start;
    let after = start + WEEK;
    while (after - before > 1) {
      const mid = Math.floor((before + after) / 2);
      if (zone.offset(mid) === offset) before = mid;
      else after = mid;
    }
    week = { offset, changeAt: after, changedOffset: endOffset };
  }
  offsetWeeks.set(index, week);
  return week;
}

/** Minutes London is ahead of UTC at that instant. */
function offsetAt(ms: number): number {
  const week = offsetWeek(Math.floor(ms / WEEK));
  return ms >= week.changeAt ? week.changedOffset : week.offset;
}

/** London wall-clock time, as milliseconds on a UTC-labelled clock. */
function wallClockMs(ms: number): number {
  return ms + offsetAt(ms) * MINUTE;
}

/**
 * Every instant whose London wall-clock reading is `wall`: none in a spring-forward gap, two in
 * an autumn overlap, otherwise one. Earliest first.
 */
function instantsShowing(wall: number): number[] {
  const offsets = new Set([offsetAt(wall - DAY), offsetAt(wall), offsetAt(wall + DAY)]);
  const found: number[] = [];
  for (const offset of offsets) {
    const candidate = wall - offset * MINUTE;
    if (offsetAt(candidate) === offset && !found.includes(candidate)) found.push(candidate);
  }
  return found.sort((x, y) => x - y);
}

export function londonDateOf(instant: Date): IsoDate {
  const wall = wallClockMs(checkInstant(instant));
  return fromDayNumber(Math.floor(wall / DAY));
}

export function startOfLondonDay(date: IsoDate): Date {
  const wall = toDayNumber(date) * DAY;
  const first = instantsShowing(wall)[0];
  if (first !== undefined) return new Date(first);
  // London's clocks change at 01:00 and 02:00, so midnight always exists; this only guards against
  // a future rule change putting a gap over midnight, when the day starts at the end of the gap.
  let ms = wall - offsetAt(wall - DAY) * MINUTE;
  while (wallClockMs(ms) < wall) ms += MINUTE;
  return new Date(ms);
}

/** The exclusive end of a London day: the first instant of the next one. */
export function endOfLondonDay(date: IsoDate): Date {
  return startOfLondonDay(fromDayNumber(toDayNumber(date) + 1));
}

/**
 * `YYYY-MM-DD` (midnight) or `YYYY-MM-DDTHH:MM`, read as London time. A time the clocks skip in
 * spring does not exist (undefined); a time that happens twice in autumn is taken as the first,
 * in BST, so that a deadline counted from it is never later than the reader could expect.
 */
export function parseLondonDateTime(text: string): Date | undefined {
  const match = LOCAL_DATE_TIME.exec(text);
  if (match === null) return undefined;
  const date = parseIsoDate(match[1] ?? '');
  if (date === undefined) return undefined;
  const hour = match[2] === undefined ? 0 : Number(match[2]);
  const minute = match[3] === undefined ? 0 : Number(match[3]);
  if (hour > 23 || minute > 59) return undefined;
  const first = instantsShowing(toDayNumber(date) * DAY + hour * HOUR + minute * MINUTE)[0];
  return first === undefined ? undefined : new Date(first);
}

function pad2(n: number): string {
  return n < 10 ? `0${String(n)}` : String(n);
}

function londonParts(instant: Date): { date: IsoDate; time: string } {
  const wall = wallClockMs(checkInstant(instant));
  const dayNumber = Math.floor(wall / DAY);
  const minutes = Math.floor((wall - dayNumber * DAY) / MINUTE);
  return { date: fromDayNumber(dayNumber), time: `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}` };
}

/** `2026-10-26T09:00`, London time. */
export function formatLondonDateTime(instant: Date): string {
  const { date, time } = londonParts(instant);
  return `${date}T${time}`;
}

/** `09:00 on Mon 26 Oct 2026`, London time. */
export function formatLondonLong(instant: Date): string {
  const { date, time } = londonParts(instant);
  return `${time} on ${formatLongDate(date)}`;
}

/** Elapsed time, not wall-clock time: 24 hours across a clock change shows a different hour. */
export function addElapsedHours(instant: Date, hours: number): Date {
  if (!Number.isInteger(hours)) throw new RangeError(`a number of hours must be a whole number, not ${String(hours)}`);
  return new Date(checkInstant(instant) + hours * HOUR);
}

/** London's clock changes after a and up to and including b, each at its exact instant; none if b is before a. */
export function clockChangesBetween(a: Date, b: Date): ClockChange[] {
  const start = checkInstant(a);
  const end = checkInstant(b);
  const changes: ClockChange[] = [];
  for (let index = Math.floor(start / WEEK); index <= Math.floor(end / WEEK); index += 1) {
    const week = offsetWeek(index);
    if (week.changeAt > start && week.changeAt <= end) {
      changes.push({ at: new Date(week.changeAt), direction: week.changedOffset > week.offset ? 'forward' : 'back' });
    }
  }
  return changes;
}
