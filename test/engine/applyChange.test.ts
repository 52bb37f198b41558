/**
 * A correction changes only the fields of the fact it names (ADR 0015): each kind of fact takes
 * its own "when it happened" field, and everything not named stays as recorded.
 */
import { describe, expect, it } from 'vitest';
import { isoDate } from '../../src/core/calendar/index.js';
import { applyChange, type RecordedFact } from '../../src/core/engine/history.js';

const by = { id: 'manager-1', role: 'complaints-manager' as const };
const at = new Date('2027-01-07T10:00:00Z');
const corrected = new Date('2027-01-05T09:00:00Z');

describe('applyChange', () => {
  it('moves the minutes’ sending and corrects their method, each only when named', () => {
    const minutes: RecordedFact = {
      type: 'ConferenceMinutesSent',
      at,
      by,
      sentAt: new Date('2027-01-06T09:00:00Z'),
      method: 'email',
      deemedReceivedOn: isoDate('2027-01-06'),
    };
    expect(applyChange(minutes, { occurredAt: corrected })).toEqual({ ...minutes, sentAt: corrected });
    expect(applyChange(minutes, { method: 'first-class-post' })).toEqual({ ...minutes, method: 'first-class-post' });
    expect(applyChange(minutes, {})).toEqual(minutes);
  });

  it('corrects a receipt’s day, and a challenge’s received time, leaving them alone otherwise', () => {
    const receipt: RecordedFact = {
      type: 'ReceiptRecorded',
      at,
      by,
      milestone: 'conference.minutes-received',
      receivedOn: isoDate('2027-01-06'),
    };
    expect(applyChange(receipt, { receivedOn: isoDate('2027-01-05') })).toEqual({ ...receipt, receivedOn: '2027-01-05' });
    expect(applyChange(receipt, { occurredAt: corrected })).toEqual(receipt);
  });

  it('dates a decision or a withdrawal afresh through occurredAt', () => {
    const decided: RecordedFact = {
      type: 'LateArrivalDecided',
      at,
      by,
      deadline: 'stage2-request',
      accepted: true,
      reason: 'Illness',
      clause: 'kent 7 ¶2',
      occurredAt: at,
    };
    expect(applyChange(decided, { occurredAt: corrected })).toEqual({ ...decided, occurredAt: corrected });
    expect(applyChange(decided, {})).toEqual(decided);
  });
});
