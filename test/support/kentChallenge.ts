/**
 * A parent's challenge to the decision of the Kent demo conference, as the complaints manager
 * raises it through the service: the case most service tests start from.
 */
import type { RaiseInput } from '../../src/service/cases.js';

export function kentParentChallenge(receivedAt: Date): RaiseInput {
  return {
    conferenceId: 'kent.conference.demo',
    track: 'family',
    subject: 'conference',
    complainant: { kind: 'parent' },
    aspects: ['decision'],
    receivedAt,
  };
}
