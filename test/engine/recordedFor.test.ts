/**
 * A step recorded for the colleague who took it (ADR 0030): the procedure's rules are asked of the
 * colleague, and every event the step produces names both people, so the timeline can say
 * "Recorded by A for B". Nothing is stamped when people record their own steps.
 */
import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/core/engine/model.js';
import { chair, complainant, eventsOf, letterSent, meetingDetails, officer, otherChair, raised, refusalOf } from './given.js';

const recorder = { id: officer.id, role: officer.role };
const recordedBy = (command: Command, by: { id: string; role: Command['actor']['role'] } = recorder): Command => ({
  ...command,
  recordedBy: by,
});

describe('recording a step for the colleague who took it', () => {
  it('given the letter sent, when the officer records that the complainant asked for Stage 2, then both events name the complainant as taking it and the officer as recording it', () => {
    const s = letterSent();
    const events = eventsOf(
      s.decide(recordedBy(s.perform('stage1.escalation-requested', complainant, '2027-03-10T10:00', { kind: 'request' }))),
    );
    expect(events.map((e) => [e.type, e.by.id, e.recordedBy])).toEqual([
      ['ActionPerformed', 'parent-1', recorder],
      ['StageEntered', 'parent-1', recorder],
    ]);
  });

  it('given a case, when the chair records their own meeting, then no event says it was recorded for them', () => {
    const s = raised();
    const own = recordedBy(s.perform('stage1.meeting', chair, '2027-03-05T10:00', meetingDetails), { id: chair.id, role: chair.role });
    const events = eventsOf(s.decide(own));
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) expect(event).not.toHaveProperty('recordedBy');
  });

  it('asks the rules of the colleague: a meeting recorded for a chair who did not chair the conference is refused, naming them', () => {
    const s = raised();
    const named = { ...otherChair, name: 'Sam Chair' };
    const refusal = refusalOf(s.decide(recordedBy(s.perform('stage1.meeting', named, '2027-03-05T10:00', meetingDetails))));
    expect(refusal.code).toBe('not-permitted');
    expect(refusal.message).toMatch(/^Only the chair of the conference being challenged may do this as .+: Sam Chair did not chair it$/);
  });
});
