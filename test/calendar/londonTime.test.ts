import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  addElapsedHours,
  clockChangesBetween,
  endOfLondonDay,
  formatLondonDateTime,
  formatLondonLong,
  isoDate,
  londonDateOf,
  parseLondonDateTime,
  startOfLondonDay,
} from '../../src/core/calendar/index.js';

const utc = (text: string) => new Date(text);

describe('reading London local times', () => {
  it('given a date alone, then it means midnight London time', () => {
    expect(parseLondonDateTime('2026-07-01')).toEqual(utc('2026-06-30T23:00:00Z'));
    expect(parseLondonDateTime('2026-01-15')).toEqual(utc('2026-01-15T00:00:00Z'));
  });

  it('given a date and time in summer and in winter, then the right offset applies', () => {
    expect(parseLondonDateTime('2026-10-23T10:00')).toEqual(utc('2026-10-23T09:00:00Z'));
    expect(parseLondonDateTime('2026-12-15T10:00')).toEqual(utc('2026-12-15T10:00:00Z'));
  });

  it('given a time skipped when the clocks go forward, then it does not exist', () => {
    expect(parseLondonDateTime('2027-03-28T01:30')).toBeUndefined();
    expect(parseLondonDateTime('2026-03-29T01:00')).toBeUndefined();
    expect(parseLondonDateTime('2026-03-29T00:59')).toEqual(utc('2026-03-29T00:59:00Z'));
    expect(parseLondonDateTime('2026-03-29T02:00')).toEqual(utc('2026-03-29T01:00:00Z'));
  });

  it('given a time that happens twice when the clocks go back, then the earlier (BST) one is taken', () => {
    expect(parseLondonDateTime('2026-10-25T01:30')).toEqual(utc('2026-10-25T00:30:00Z'));
    expect(parseLondonDateTime('2026-10-25T01:00')).toEqual(utc('2026-10-25T00:00:00Z'));
    expect(parseLondonDateTime('2026-10-25T02:00')).toEqual(utc('2026-10-25T02:00:00Z'));
  });

  it.each(['2026-02-30T10:00', '2026-01-01T24:00', '2026-01-01T10:60', '2026-01-01 10:00', '2026-01-01T10:00:00', '2026-1-1', 'tomorrow'])(
    'given %s, then it is refused',
    (text) => {
      expect(parseLondonDateTime(text)).toBeUndefined();
    },
  );
});

describe('writing London local times', () => {
  it('given instants either side of the autumn change, then both show 01:30', () => {
    expect(formatLondonDateTime(utc('2026-10-25T00:30:00Z'))).toBe('2026-10-25T01:30');
    expect(formatLondonDateTime(utc('2026-10-25T01:30:00Z'))).toBe('2026-10-25T01:30');
  });

  it('given an instant, then the long form gives the time and the day', () => {
    expect(formatLondonLong(utc('2026-10-26T09:00:00Z'))).toBe('09:00 on Mon 26 Oct 2026');
    expect(formatLondonLong(utc('2026-09-01T08:00:00Z'))).toBe('09:00 on Tue 1 Sep 2026');
  });

  it('given an instant late in a summer evening (UTC), then its London date is the next day', () => {
    expect(londonDateOf(utc('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(londonDateOf(utc('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
    expect(() => londonDateOf(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('London days', () => {
  it('given an ordinary summer day, then it starts and ends at BST midnight', () => {
    expect(startOfLondonDay(isoDate('2026-07-01'))).toEqual(utc('2026-06-30T23:00:00Z'));
    expect(endOfLondonDay(isoDate('2026-07-01'))).toEqual(utc('2026-07-01T23:00:00Z'));
  });

  it('given the day the clocks go forward, then it is 23 hours long', () => {
    expect(startOfLondonDay(isoDate('2026-03-29'))).toEqual(utc('2026-03-29T00:00:00Z'));
    expect(endOfLondonDay(isoDate('2026-03-29'))).toEqual(utc('2026-03-29T23:00:00Z'));
    expect(endOfLondonDay(isoDate('2026-03-28'))).toEqual(utc('2026-03-29T00:00:00Z'));
  });

  it('given the day the clocks go back, then it is 25 hours long', () => {
    expect(startOfLondonDay(isoDate('2026-10-25'))).toEqual(utc('2026-10-24T23:00:00Z'));
    expect(endOfLondonDay(isoDate('2026-10-25'))).toEqual(utc('2026-10-26T00:00:00Z'));
  });
});

describe('elapsed hours and clock changes', () => {
  it('given 72 hours from 10:00 BST on Fri 23 Oct 2026, then it ends at 09:00 GMT on Mon 26 Oct', () => {
    const due = addElapsedHours(utc('2026-10-23T09:00:00Z'), 72);
    expect(formatLondonDateTime(due)).toBe('2026-10-26T09:00');
  });

  it('given 2026 as a whole, then there are two clock changes at 01:00 UTC', () => {
    expect(clockChangesBetween(utc('2026-01-01T00:00:00Z'), utc('2027-01-01T00:00:00Z'))).toEqual([
      { at: utc('2026-03-29T01:00:00Z'), direction: 'forward' },
      { at: utc('2026-10-25T01:00:00Z'), direction: 'back' },
    ]);
  });

  it('given an interval without a change, or a reversed interval, then there are none', () => {
    expect(clockChangesBetween(utc('2026-05-01T00:00:00Z'), utc('2026-09-01T00:00:00Z'))).toEqual([]);
    expect(clockChangesBetween(utc('2027-01-01T00:00:00Z'), utc('2026-01-01T00:00:00Z'))).toEqual([]);
  });

  it('given an interval ending exactly at a change, then it is included; starting exactly at one, then it is not', () => {
    const change = utc('2026-10-25T01:00:00Z');
    expect(clockChangesBetween(utc('2026-10-24T01:00:00Z'), change)).toHaveLength(1);
    expect(clockChangesBetween(change, utc('2026-10-26T01:00:00Z'))).toHaveLength(0);
  });

  it('given 1947, when the clocks changed four times (double summer time), then all four are found', () => {
    expect(clockChangesBetween(utc('1947-01-01T00:00:00Z'), utc('1948-01-01T00:00:00Z')).map((c) => c.direction)).toEqual([
      'forward',
      'forward',
      'back',
      'back',
    ]);
  });

  it('given any instant from 1900 to 2199, then the remembered offsets agree with luxon asked directly', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2199, 11, 31) }), (ms) => {
        const direct = DateTime.fromMillis(ms, { zone: 'Europe/London' }).toFormat("yyyy-LL-dd'T'HH:mm");
        expect(formatLondonDateTime(new Date(ms))).toBe(direct);
      }),
      { numRuns: 2000 },
    );
  });

  it('given a fractional number of hours, then it is refused', () => {
    expect(() => addElapsedHours(utc('2026-10-23T09:00:00Z'), 1.5)).toThrow(RangeError);
  });
});
