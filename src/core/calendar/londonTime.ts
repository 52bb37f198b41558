/**
 * Instants and Europe/London local time. Zone rules come from luxon (over the platform's IANA
 * database) rather than hand-written offsets.
 */
import { DateTime, IANAZone } from 'luxon';
import { parseIsoDate, type IsoDate } from './localDate.js';

export const LONDON = 'Europe/London';
const zone = IANAZone.create(LONDON);
const LOCAL_TIME = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2}))?$/;

export function londonDateOf(instant: Date): IsoDate {
  return DateTime.fromJSDate(instant, { zone }).toISODate() as IsoDate;
}

export function startOfLondonDay(date: IsoDate): Date {
  return DateTime.fromISO(date, { zone }).startOf('day').toJSDate();
}

/** The exclusive end of a London day: the start of the next one. */
export function endOfLondonDay(date: IsoDate): Date {
  return DateTime.fromISO(date, { zone }).startOf('day').plus({ days: 1 }).toJSDate();
}

/**
 * `YYYY-MM-DD` (midnight) or `YYYY-MM-DDTHH:MM`, London time. A time the clocks skip
 * (spring forward) does not exist; a time that happens twice (autumn) is the first, in BST.
 */
export function parseLondonDateTime(text: string): Date | undefined {
  const match = LOCAL_TIME.exec(text);
  if (match === null) return undefined;
  const date = parseIsoDate(match[1] ?? '');
  if (date === undefined) return undefined;
  const hour = match[2] === undefined ? 0 : Number(match[2]);
  const minute = match[3] === undefined ? 0 : Number(match[3]);
  if (hour > 23 || minute > 59) return undefined;
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const local = DateTime.fromObject({ year, month, day, hour, minute }, { zone });
  if (!local.isValid) return undefined;
  // luxon shifts a non-existent local time forward; refuse it instead.
  if (local.hour !== hour || local.minute !== minute || local.day !== day) return undefined;
  // For an ambiguous time luxon may choose either offset; take the earlier instant.
  const earlier = local.minus({ hours: 1 });
  if (earlier.hour === hour && earlier.minute === minute && earlier.day === day) return earlier.toJSDate();
  return local.toJSDate();
}

export function formatLondonDateTime(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat("yyyy-LL-dd'T'HH:mm");
}

/** `09:00 on Mon 26 Oct 2026` */
export function formatLondonLong(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat("HH:mm 'on' ccc d LLL yyyy", { locale: 'en-GB' });
}

export function addElapsedHours(instant: Date, hours: number): Date {
  return new Date(instant.getTime() + hours * 3_600_000);
}

/** Clock changes in (a, b]: where London's UTC offset differs from an hour earlier. */
export function clockChangesBetween(a: Date, b: Date): { at: Date; direction: 'forward' | 'back' }[] {
  const changes: { at: Date; direction: 'forward' | 'back' }[] = [];
  const step = 3_600_000;
  let previous = zone.offset(a.getTime());
  for (let t = a.getTime() + step; t <= b.getTime() + step - 1; t += step) {
    const at = Math.min(t, b.getTime());
    const offset = zone.offset(at);
    if (offset !== previous) {
      changes.push({ at: new Date(at), direction: offset > previous ? 'forward' : 'back' });
      previous = offset;
    }
  }
  return changes;
}
