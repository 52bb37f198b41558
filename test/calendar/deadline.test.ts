import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DEEMED_RECEIPT,
  WorkingCalendar,
  computeDeadline,
  deemedReceiptDate,
  DELIVERY_METHODS,
  receiptRuleProblems,
  formatLimit,
  isoDate,
  parseLondonDateTime,
  type DeadlineRequest,
  type TimeLimit,
} from '../../src/core/calendar/index.js';
import { englandAndWalesRules } from '../../src/holidays/englandAndWalesRules.js';

const calendar = WorkingCalendar.create({ holidayRules: englandAndWalesRules });

function at(text: string): Date {
  const instant = parseLondonDateTime(text);
  if (instant === undefined) throw new Error(`bad test time ${text}`);
  return instant;
}

function request(from: string, limit: TimeLimit, extra: Partial<DeadlineRequest> = {}): DeadlineRequest {
  return { from: at(from), limit, roll: 'forward', fromDescription: 'the conference', ...extra };
}

describe('deadlines in working days', () => {
  it('given the conference on Tue 15 Dec 2026, when 10 working days run, then the explanation names the skipped bank holidays', () => {
    const due = computeDeadline(calendar, request('2026-12-15T10:00', { unit: 'working-days', amount: 10 }, { source: 'kent 5 ¶5' }));
    expect(due.explanation).toBe(
      '10 working days after the conference on Tue 15 Dec 2026, skipping 25 and 28 December (bank holidays): Thu 31 Dec 2026. Source: kent 5 ¶5',
    );
    expect(due.dueDate).toBe('2026-12-31');
    expect(due.display).toBe('2026-12-31');
    expect(due.dueInstant).toEqual(new Date('2027-01-01T00:00:00Z'));
    expect(due.rolled).toBe(false);
    expect(due.projected).toBe(false);
    expect(due.limit).toEqual({ unit: 'working-days', amount: 10 });
  });

  it('given no source, then the explanation has no source suffix', () => {
    const due = computeDeadline(calendar, request('2026-04-01', { unit: 'working-days', amount: 5 }));
    expect(due.explanation).toBe(
      '5 working days after the conference on Wed 1 Apr 2026, skipping 3 and 6 April (bank holidays): Fri 10 Apr 2026.',
    );
  });

  it('given an ordinary week, then no days are listed as skipped (weekends go unmentioned)', () => {
    const due = computeDeadline(calendar, request('2026-12-10', { unit: 'working-days', amount: 2 }));
    expect(due.explanation).toBe('2 working days after the conference on Thu 10 Dec 2026: Mon 14 Dec 2026.');
  });

  it('given a closure day and a bank holiday in different months, then each is named with its kind', () => {
    const cal = WorkingCalendar.create({
      holidayRules: englandAndWalesRules,
      closures: [{ date: isoDate('2026-12-29'), reason: 'Christmas closure' }],
    });
    // Mon 28 Dec 2026 is itself a holiday; it never counts.
    const due = computeDeadline(cal, request('2026-12-28', { unit: 'working-days', amount: 3 }));
    expect(due.explanation).toBe(
      '3 working days after the conference on Mon 28 Dec 2026, skipping 29 December (partnership closure day) and 1 January (bank holiday): Mon 4 Jan 2027.',
    );
    expect(due.dueDate).toBe('2027-01-04');
  });

  it('given a closure from 29 to 31 December 2026, then holidays and closure days are grouped by kind', () => {
    const cal = WorkingCalendar.create({
      holidayRules: englandAndWalesRules,
      closures: ['2026-12-29', '2026-12-30', '2026-12-31'].map((d) => ({ date: isoDate(d), reason: 'Christmas closure' })),
    });
    const due = computeDeadline(cal, request('2026-12-15', { unit: 'working-days', amount: 10 }));
    expect(due.explanation).toBe(
      '10 working days after the conference on Tue 15 Dec 2026, skipping 25 and 28 December and 1 January (bank holidays) and 29, 30 and 31 December (partnership closure days): Wed 6 Jan 2027.',
    );
  });

  it('given a negative number, then it counts back and says "before"', () => {
    const due = computeDeadline(calendar, request('2026-12-31', { unit: 'working-days', amount: -10 }, { fromDescription: 'the review' }));
    expect(due.dueDate).toBe('2026-12-15');
    expect(due.explanation).toBe(
      '10 working days before the review on Thu 31 Dec 2026, skipping 25 and 28 December (bank holidays): Tue 15 Dec 2026.',
    );
  });

  it('given an event late in a summer evening, then its London date is the one counted from', () => {
    const due = computeDeadline(calendar, {
      ...request('2026-07-01', { unit: 'working-days', amount: 1 }),
      from: new Date('2026-06-30T23:30:00Z'),
    });
    // 23:30 UTC on 30 June is 00:30 on Wed 1 July in London.
    expect(due.dueDate).toBe('2026-07-02');
  });

  it('given projected holidays in 2029, then the explanation says they are projected and the deadline is flagged', () => {
    const due = computeDeadline(calendar, request('2029-03-29', { unit: 'working-days', amount: 1 }));
    expect(due.dueDate).toBe('2029-04-03');
    expect(due.projected).toBe(true);
    expect(due.explanation).toBe(
      '1 working day after the conference on Thu 29 Mar 2029, skipping 30 March and 2 April (bank holidays) (projected from the usual rules, not yet published): Tue 3 Apr 2029.',
    );
  });

  it('given a span in 2029 with no holiday in it, then the explanation still says the year is projected', () => {
    const due = computeDeadline(calendar, request('2029-06-04', { unit: 'working-days', amount: 5 }));
    expect(due.dueDate).toBe('2029-06-11');
    expect(due.projected).toBe(true);
    expect(due.explanation).toBe(
      '5 working days after the conference on Mon 4 Jun 2029: Mon 11 Jun 2029. Bank holidays for 2029 are projected from the usual rules, not yet published.',
    );
  });

  it('given working days on a Saturday with zero days, then it rolls forward like any date', () => {
    const due = computeDeadline(calendar, request('2026-12-19', { unit: 'working-days', amount: 0 }));
    expect(due.dueDate).toBe('2026-12-21');
    expect(due.rolled).toBe(true);
  });
});

describe('deadlines in calendar days', () => {
  it('given minutes received on Mon 4 Jan 2027, when 28 days run, then the deadline is Mon 1 Feb 2027', () => {
    const due = computeDeadline(
      calendar,
      request('2027-01-04', { unit: 'days', amount: 28 }, { fromDescription: 'the minutes were received', source: 'camden 4.2' }),
    );
    expect(due.explanation).toBe('28 days after the minutes were received on Mon 4 Jan 2027: Mon 1 Feb 2027. Source: camden 4.2');
    expect(due.dueDate).toBe('2027-02-01');
    expect(due.rolled).toBe(false);
  });

  it('given a limit ending on a Saturday that binds the family, then it moves to Monday', () => {
    const due = computeDeadline(
      calendar,
      request('2027-01-04', { unit: 'days', amount: 33 }, { fromDescription: 'the minutes were received', source: 'camden 4.2' }),
    );
    expect(due.explanation).toBe(
      '33 days after the minutes were received on Mon 4 Jan 2027: Sat 6 Feb 2027, a Saturday, so it moves to the next working day, Mon 8 Feb 2027. Source: camden 4.2',
    );
    expect(due.dueDate).toBe('2027-02-08');
    expect(due.dueInstant).toEqual(new Date('2027-02-09T00:00:00Z'));
    expect(due.rolled).toBe(true);
  });

  it('given a limit ending on Christmas Day 2026, then it moves past the Boxing Day substitute and names both', () => {
    const due = computeDeadline(calendar, request('2026-12-11', { unit: 'days', amount: 14 }));
    expect(due.explanation).toBe(
      '14 days after the conference on Fri 11 Dec 2026: Fri 25 Dec 2026, Christmas Day (a bank holiday), so it moves to the next working day, Tue 29 Dec 2026, skipping 28 December (bank holiday).',
    );
    expect(due.dueDate).toBe('2026-12-29');
  });

  it('given a limit ending on a closure day, then the closure is named', () => {
    const cal = WorkingCalendar.create({
      holidayRules: englandAndWalesRules,
      closures: [{ date: isoDate('2026-12-29'), reason: 'Christmas closure' }],
    });
    const due = computeDeadline(cal, request('2026-12-15', { unit: 'days', amount: 14 }));
    expect(due.explanation).toBe(
      '14 days after the conference on Tue 15 Dec 2026: Tue 29 Dec 2026, a partnership closure day (Christmas closure), so it moves to the next working day, Wed 30 Dec 2026.',
    );
  });

  it('given a duty of the authority ending on Christmas Day, then it does not move', () => {
    const due = computeDeadline(calendar, request('2026-12-11', { unit: 'days', amount: 14 }, { roll: 'none' }));
    expect(due.dueDate).toBe('2026-12-25');
    expect(due.rolled).toBe(false);
    expect(due.explanation).toBe('14 days after the conference on Fri 11 Dec 2026: Fri 25 Dec 2026.');
  });

  it('given a duty of the authority in 2030, then it does not depend on projected holidays', () => {
    const due = computeDeadline(calendar, request('2030-01-01', { unit: 'days', amount: 10 }, { roll: 'none' }));
    expect(due.dueDate).toBe('2030-01-11');
    expect(due.projected).toBe(false);
  });

  it('given a negative number of days, then it counts back', () => {
    const due = computeDeadline(
      calendar,
      request('2027-02-01', { unit: 'days', amount: -28 }, { roll: 'none', fromDescription: 'the hearing' }),
    );
    expect(due.explanation).toBe('28 days before the hearing on Mon 1 Feb 2027: Mon 4 Jan 2027.');
  });
});

describe('deadlines in months', () => {
  it('given the conference on Mon 15 Mar 2027, when 3 months run, then the deadline is Tue 15 Jun 2027', () => {
    const due = computeDeadline(calendar, request('2027-03-15', { unit: 'months', amount: 3 }));
    expect(due.explanation).toBe('3 months after the conference on Mon 15 Mar 2027: Tue 15 Jun 2027.');
  });

  it('given 31 March, when 3 months run, then there is no 31 June and the month end is used', () => {
    const due = computeDeadline(calendar, request('2027-03-31', { unit: 'months', amount: 3 }));
    expect(due.dueDate).toBe('2027-06-30');
    expect(due.explanation).toBe(
      '3 months after the conference on Wed 31 Mar 2027: Wed 30 Jun 2027 (there is no 31 June, so the last day of the month).',
    );
  });

  it('given 30 Nov 2026, when 3 months run to a Sunday, then the month end is used and it rolls to Monday', () => {
    const due = computeDeadline(calendar, request('2026-11-30', { unit: 'months', amount: 3 }, { source: 'x 1' }));
    expect(due.dueDate).toBe('2027-03-01');
    expect(due.explanation).toBe(
      '3 months after the conference on Mon 30 Nov 2026: Sun 28 Feb 2027 (there is no 30 February, so the last day of the month), a Sunday, so it moves to the next working day, Mon 1 Mar 2027. Source: x 1',
    );
  });

  it('given 31 Jan in a leap year, when 1 month runs, then it ends on 29 February', () => {
    const due = computeDeadline(calendar, request('2028-01-31', { unit: 'months', amount: 1 }));
    expect(due.dueDate).toBe('2028-02-29');
    expect(due.explanation).toBe(
      '1 month after the conference on Mon 31 Jan 2028: Tue 29 Feb 2028 (there is no 31 February, so the last day of the month).',
    );
  });

  it('given a negative number of months, then it is refused', () => {
    expect(() => computeDeadline(calendar, request('2028-01-31', { unit: 'months', amount: -1 }))).toThrow(RangeError);
  });
});

describe('deadlines in hours', () => {
  it('given 72 hours across the autumn clock change, then the local time shifts and the change is mentioned', () => {
    const due = computeDeadline(calendar, request('2026-10-23T10:00', { unit: 'hours', amount: 72 }, { source: 'pan-sussex 5.7.4' }));
    expect(due.explanation).toBe(
      '72 hours after the conference at 10:00 on Fri 23 Oct 2026: 09:00 on Mon 26 Oct 2026 (the clocks went back an hour on 25 Oct). Source: pan-sussex 5.7.4',
    );
    expect(due.display).toBe('2026-10-26T09:00');
    expect(due.dueDate).toBe('2026-10-26');
    expect(due.dueInstant).toEqual(new Date('2026-10-26T09:00:00Z'));
    expect(due.rolled).toBe(false);
  });

  it('given 24 hours across the spring clock change, then it ends an hour later by the clock', () => {
    const due = computeDeadline(calendar, request('2026-03-28T10:00', { unit: 'hours', amount: 24 }));
    expect(due.display).toBe('2026-03-29T11:00');
    expect(due.explanation).toBe(
      '24 hours after the conference at 10:00 on Sat 28 Mar 2026: 11:00 on Sun 29 Mar 2026 (the clocks went forward an hour on 29 Mar).',
    );
  });

  it('given hours with no clock change, then nothing is said about clocks', () => {
    const due = computeDeadline(calendar, request('2026-02-02T09:30', { unit: 'hours', amount: 48 }));
    expect(due.explanation).toBe('48 hours after the conference at 09:30 on Mon 2 Feb 2026: 09:30 on Wed 4 Feb 2026.');
  });

  it('given hours ending on a Saturday, then they never roll', () => {
    const due = computeDeadline(calendar, request('2026-10-23T14:00', { unit: 'hours', amount: 24 }));
    expect(due.display).toBe('2026-10-24T14:00');
    expect(due.dueDate).toBe('2026-10-24');
    expect(due.rolled).toBe(false);
  });

  it('given a negative or fractional number of hours, then it is refused', () => {
    expect(() => computeDeadline(calendar, request('2026-10-23T14:00', { unit: 'hours', amount: -1 }))).toThrow(RangeError);
    expect(() => computeDeadline(calendar, request('2026-10-23T14:00', { unit: 'hours', amount: 1.5 }))).toThrow(RangeError);
  });
});

describe('limits outside the calendar', () => {
  it('given an event outside the calendar range, then computing a deadline throws a RangeError', () => {
    const small = WorkingCalendar.create({ holidayRules: englandAndWalesRules, firstYear: 2026, lastYear: 2027 });
    expect(() => computeDeadline(small, request('2028-01-05', { unit: 'days', amount: 1 }))).toThrow(/2026-01-01 to 2027-12-31/);
    expect(() => computeDeadline(small, request('2027-12-20', { unit: 'months', amount: 1 }))).toThrow(RangeError);
    expect(() => computeDeadline(small, request('2027-12-31T10:00', { unit: 'hours', amount: 24 }))).toThrow(RangeError);
  });
});

describe('formatting limits', () => {
  it('given limits, then they read naturally, singular and plural', () => {
    expect(formatLimit({ unit: 'working-days', amount: 10 })).toBe('10 working days');
    expect(formatLimit({ unit: 'working-days', amount: 1 })).toBe('1 working day');
    expect(formatLimit({ unit: 'months', amount: 1 })).toBe('1 month');
    expect(formatLimit({ unit: 'hours', amount: 72 })).toBe('72 hours');
    expect(formatLimit({ unit: 'days', amount: 28 })).toBe('28 days');
  });
});

describe('deemed receipt of letters', () => {
  it('given a letter posted first class on Thu 10 Dec 2026, then it is received after the weekend, Mon 14 Dec', () => {
    expect(deemedReceiptDate(calendar, isoDate('2026-12-10'), 'first-class-post')).toEqual({
      date: '2026-12-14',
      explanation: 'Posted first class on Thu 10 Dec 2026, so treated as received 2 working days later: Mon 14 Dec 2026.',
    });
  });

  it('given a letter posted on Christmas Eve 2026, then it is received after the bank holidays, Wed 30 Dec', () => {
    expect(deemedReceiptDate(calendar, isoDate('2026-12-24'), 'first-class-post')).toEqual({
      date: '2026-12-30',
      explanation:
        'Posted first class on Thu 24 Dec 2026, so treated as received 2 working days later, skipping 25 and 28 December (bank holidays): Wed 30 Dec 2026.',
    });
  });

  it('given post configured to take 1 working day, then Christmas Eve post arrives Tue 29 Dec', () => {
    const rules = { ...DEFAULT_DEEMED_RECEIPT, 'first-class-post': { workingDays: 1, source: "the partnership's own rule" } };
    expect(deemedReceiptDate(calendar, isoDate('2026-12-24'), 'first-class-post', rules).date).toBe('2026-12-29');
    expect(DEFAULT_DEEMED_RECEIPT['first-class-post'].workingDays).toBe(2);
  });

  it('given email, the secure portal or hand delivery, then it is received the same day, even a Saturday', () => {
    expect(deemedReceiptDate(calendar, isoDate('2026-12-19'), 'email')).toEqual({
      date: '2026-12-19',
      explanation: 'Sent by email on Sat 19 Dec 2026, so treated as received that day.',
    });
    expect(deemedReceiptDate(calendar, isoDate('2026-12-19'), 'hand').date).toBe('2026-12-19');
    expect(deemedReceiptDate(calendar, isoDate('2026-12-19'), 'secure-portal')).toEqual({
      date: '2026-12-19',
      explanation: 'Published on the secure portal on Sat 19 Dec 2026, so treated as received that day.',
    });
  });

  it('given a letter posted second class on Thu 10 Dec 2026, then it is received on the fourth working day, Wed 16 Dec', () => {
    // Fri 11, Mon 14, Tue 15, Wed 16.
    expect(deemedReceiptDate(calendar, isoDate('2026-12-10'), 'second-class-post')).toEqual({
      date: '2026-12-16',
      explanation: 'Posted second class on Thu 10 Dec 2026, so treated as received 4 working days later: Wed 16 Dec 2026.',
    });
  });

  it('given second class post on Wed 23 Dec 2026, then Christmas and the weekend push receipt to Thu 31 Dec', () => {
    // Thu 24, (Fri 25 holiday, weekend, Mon 28 holiday), Tue 29, Wed 30, Thu 31.
    expect(deemedReceiptDate(calendar, isoDate('2026-12-23'), 'second-class-post').date).toBe('2026-12-31');
  });

  it('given recorded (signed for) delivery, then until the signature is recorded it counts as first class post', () => {
    expect(deemedReceiptDate(calendar, isoDate('2026-12-10'), 'signed-for')).toEqual({
      date: '2026-12-14',
      explanation:
        'Posted by recorded (signed for) delivery on Thu 10 Dec 2026, so treated as received 2 working days later: Mon 14 Dec 2026.',
    });
  });

  it('given every method, then each default names where its convention comes from', () => {
    for (const method of DELIVERY_METHODS) expect(DEFAULT_DEEMED_RECEIPT[method].source).not.toBe('');
    expect(DEFAULT_DEEMED_RECEIPT['first-class-post'].source).toContain('Civil Procedure Rules');
    expect(DEFAULT_DEEMED_RECEIPT['second-class-post'].source).toContain('Interpretation Act');
    expect(receiptRuleProblems(DEFAULT_DEEMED_RECEIPT)).toEqual([]);
  });

  it('given an impossible post rule, then it is refused, and the partnership check names the method', () => {
    const rules = {
      ...DEFAULT_DEEMED_RECEIPT,
      'first-class-post': { workingDays: -1, source: 'a typo' },
      email: { workingDays: 0.5, source: 'a typo' },
    };
    expect(() => deemedReceiptDate(calendar, isoDate('2026-12-24'), 'first-class-post', rules)).toThrow(RangeError);
    expect(receiptRuleProblems(rules)).toEqual([
      'email: received a whole number of working days (0 to 20) after sending, not 0.5',
      'first-class-post: received a whole number of working days (0 to 20) after sending, not -1',
    ]);
  });
});
