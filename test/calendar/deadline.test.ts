import { describe, expect, it } from 'vitest';
import { WorkingCalendar, computeDeadline, deemedReceiptDate, isoDate, parseLondonDateTime, formatLondonDateTime, type TimeLimit } from '../../src/core/calendar/index.js';

const calendar = WorkingCalendar.create();

function at(text: string): Date {
  const instant = parseLondonDateTime(text);
  if (instant === undefined) throw new Error(text);
  return instant;
}

function due(from: string, limit: TimeLimit, roll: 'forward' | 'none' = 'none', fromDescription = 'the conference', source?: string) {
  return computeDeadline(calendar, { from: at(from), limit, roll, fromDescription, ...(source === undefined ? {} : { source }) });
}

describe('deadline explanations', () => {
  it('name the bank holidays skipped (the example a complainant reads)', () => {
    const result = due('2026-12-15T10:00', { unit: 'working-days', amount: 10 }, 'none', 'the conference', 'kent 5 ¶5');
    expect(result.explanation).toBe('10 working days after the conference on Tue 15 Dec 2026, skipping 25 and 28 December (bank holidays): Thu 31 Dec 2026. Source: kent 5 ¶5');
    expect(result.display).toBe('2026-12-31');
  });

  it('name closure days and holidays across the new year', () => {
    const closed = WorkingCalendar.create({ closures: [{ date: isoDate('2026-12-29'), reason: 'office closed' }] });
    const result = computeDeadline(closed, { from: at('2026-12-24'), limit: { unit: 'working-days', amount: 2 }, roll: 'none', fromDescription: 'the meeting' });
    // Thu 24 Dec: (25, 28 holidays; 29 closed) Wed 30 (1), Thu 31 (2)
    expect(result.explanation).toBe('2 working days after the meeting on Thu 24 Dec 2026, skipping 25 and 28 December (bank holidays) and 29 December (partnership closure day): Thu 31 Dec 2026.');
  });

  it('say when a family limit moves off a weekend', () => {
    // Sat 9 Jan 2027 + 28 days = Sat 6 Feb 2027 -> Mon 8 Feb 2027
    const result = due('2027-01-09', { unit: 'days', amount: 28 }, 'forward', 'the minutes were received');
    expect(result.dueDate).toBe('2027-02-08');
    expect(result.rolled).toBe(true);
    expect(result.explanation).toBe('28 days after the minutes were received on Sat 9 Jan 2027: Sat 6 Feb 2027, a Saturday, so it moves to the next working day, Mon 8 Feb 2027.');
  });

  it('say when it moves off a bank holiday', () => {
    // Fri 4 Dec 2026 + 28 days = Fri 1 Jan 2027 -> Mon 4 Jan 2027
    const result = due('2026-12-04', { unit: 'days', amount: 28 }, 'forward', 'the minutes were received');
    expect(result.explanation).toContain("Fri 1 Jan 2027, New Year's Day (a bank holiday), so it moves to the next working day, Mon 4 Jan 2027");
  });

  it('leave a duty of the authority where it falls', () => {
    expect(due('2027-01-09', { unit: 'days', amount: 28 }, 'none').dueDate).toBe('2027-02-06');
  });

  it('end months on the corresponding date or the last day of the month (Dodds v Walker)', () => {
    expect(due('2027-03-15', { unit: 'months', amount: 3 }).dueDate).toBe('2027-06-15');
    const clipped = due('2027-03-31', { unit: 'months', amount: 3 });
    expect(clipped.dueDate).toBe('2027-06-30');
    expect(clipped.explanation).toContain('there is no 31 June, so the last day of the month');
    expect(due('2027-11-30', { unit: 'months', amount: 3 }).dueDate).toBe('2028-02-29');
    expect(due('2026-11-30', { unit: 'months', amount: 3 }).dueDate).toBe('2027-02-28');
  });

  it('count hours as elapsed time across the autumn clock change, shown in London time', () => {
    const result = due('2026-10-23T10:00', { unit: 'hours', amount: 72 }, 'none', 'the conference', 'pan-sussex 5.7.4');
    expect(result.display).toBe('2026-10-26T09:00');
    expect(result.explanation).toBe('72 hours after the conference at 10:00 on Fri 23 Oct 2026: 09:00 on Mon 26 Oct 2026 (the clocks went back an hour on 25 Oct). Source: pan-sussex 5.7.4');
    expect(result.dueInstant.toISOString()).toBe('2026-10-26T09:00:00.000Z');
  });

  it('count hours across the spring clock change', () => {
    // 10:00 GMT Fri 27 Mar 2026 + 72 h = 10:00 GMT Mon 30 Mar = 11:00 BST
    expect(due('2026-03-27T10:00', { unit: 'hours', amount: 72 }).display).toBe('2026-03-30T11:00');
  });

  it('end a date deadline at the end of the London day', () => {
    // in summer the London day ends at 23:00 UTC
    expect(due('2026-07-01', { unit: 'days', amount: 1 }).dueInstant.toISOString()).toBe('2026-07-02T23:00:00.000Z');
    expect(due('2026-12-01', { unit: 'days', amount: 1 }).dueInstant.toISOString()).toBe('2026-12-03T00:00:00.000Z');
  });

  it('flag deadlines that depend on projected holidays', () => {
    const result = due('2029-12-20', { unit: 'working-days', amount: 5 });
    // Thu 20 Dec 2029: Fri 21, Mon 24, (25, 26 holidays) Thu 27, Fri 28, Mon 31
    expect(result.dueDate).toBe('2029-12-31');
    expect(result.projected).toBe(true);
    expect(result.explanation).toContain('projected from the usual rules, not yet published');
  });
});

describe('London time', () => {
  it('refuses a time the clocks skip and takes the first of a repeated time', () => {
    expect(parseLondonDateTime('2027-03-28T01:30')).toBeUndefined();
    expect(at('2026-10-25T01:30').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(parseLondonDateTime('2026-10-25T24:00')).toBeUndefined();
    expect(formatLondonDateTime(new Date('2026-10-25T01:30:00Z'))).toBe('2026-10-25T01:30');
  });
});

describe('deemed receipt', () => {
  it('by email is the same day; first-class post the second working day after posting', () => {
    expect(deemedReceiptDate(calendar, isoDate('2026-12-10'), 'email').date).toBe('2026-12-10');
    // posted Thu 10 Dec 2026: Fri 11 (1), Mon 14 (2)
    expect(deemedReceiptDate(calendar, isoDate('2026-12-10'), 'first-class-post').date).toBe('2026-12-14');
    // posted Thu 24 Dec 2026: (25, 28 holidays) Tue 29 (1), Wed 30 (2)
    expect(deemedReceiptDate(calendar, isoDate('2026-12-24'), 'first-class-post').date).toBe('2026-12-30');
    expect(deemedReceiptDate(calendar, isoDate('2026-12-24'), 'first-class-post', { postWorkingDays: 3 }).date).toBe('2026-12-31');
  });
});
